"""The README's Python examples (python/examples/*.py) run against the sample practice."""
import os
import subprocess
import sys

import pytest

EXAMPLES = os.path.join(os.path.dirname(__file__), '..', 'examples')


def run(cluster, dsn, name):
    env = cluster.env(dsn.split('dbname=')[1])
    env['PYTHONPATH'] = os.path.abspath(os.path.join(EXAMPLES, '..'))
    p = subprocess.run([sys.executable, os.path.join(EXAMPLES, name)], env=env, capture_output=True, text=True,
                       cwd=EXAMPLES, timeout=120)
    assert p.returncode == 0, p.stderr
    return p.stdout.splitlines()


def test_quickstart(cluster, dsn):
    out = run(cluster, dsn, 'quickstart.py')
    assert out[0] == 'eligible ACME-HDHP in'
    assert out[1].startswith('patient pays ')
    assert out[3].startswith('Usted paga')
    assert out[4] == '120.00 12.00 132.00'
    assert out[5] == 'refused: billed must be a whole number of cents'


def test_batch(cluster, dsn):
    out = run(cluster, dsn, 'batch.py')
    assert len(out) == 5 and out[-1].startswith("99 not priced: unknown ['unknown_member']")


def test_async_pool(cluster, dsn):
    out = run(cluster, dsn, 'async_pool.py')
    assert out == ['M-NGUYEN-1 eligible ACME-HDHP deductible left: 1700.00',
                   'M-ALVAREZ-1 eligible ACME-PPO deductible left: 1000.00']


def test_sqlalchemy_query(cluster, dsn):
    pytest.importorskip('sqlalchemy')
    out = run(cluster, dsn, 'sqlalchemy_query.py')
    assert out[0].startswith('eligible ') and out[1].startswith('1 eligible ')
