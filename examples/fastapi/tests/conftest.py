import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'python', 'tests'))     # the throwaway cluster helper
sys.path.insert(0, os.path.join(ROOT, 'python'))              # the package from the checkout
sys.path.insert(0, os.path.dirname(HERE))                     # the example app

from pgcluster import Cluster  # noqa: E402


@pytest.fixture(scope='session')
def app_dsn():
    c = Cluster().start()
    try:
        yield c.create_sample_db('practice')
    finally:
        c.stop()


@pytest.fixture(scope='session')
def client(app_dsn):
    from fastapi.testclient import TestClient
    import app as example
    with TestClient(example.create_app(app_dsn)) as c:
        yield c
