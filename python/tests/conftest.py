import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))      # the package from the checkout (python/costshare)

from pgcluster import Cluster, ROOT  # noqa: E402


@pytest.fixture(scope='session')
def cluster():
    c = Cluster().start()
    try:
        yield c
    finally:
        c.stop()


@pytest.fixture(scope='session')
def dsn(cluster):
    """A database with costshare and the sample practice."""
    return cluster.create_sample_db('sample')


@pytest.fixture
def conn(dsn):
    """A psycopg 3 connection; whatever a test changes is rolled back."""
    import psycopg
    with psycopg.connect(dsn) as c:
        yield c
        c.rollback()


@pytest.fixture
def conn2(dsn):
    """A psycopg2 connection; whatever a test changes is rolled back."""
    import psycopg2
    c = psycopg2.connect(dsn)
    try:
        yield c
    finally:
        c.rollback()
        c.close()


@pytest.fixture(scope='session')
def root():
    return ROOT


@pytest.fixture(scope='session')
def sa_engine(dsn):
    """A SQLAlchemy engine (psycopg2 driver) on the sample database, set up by costshare.sa.setup."""
    sa = pytest.importorskip('sqlalchemy')
    import psycopg2
    import costshare.sa
    eng = sa.create_engine('postgresql+psycopg2://', creator=lambda: psycopg2.connect(dsn), future=True)
    costshare.sa.setup(eng)
    yield eng
    eng.dispose()
