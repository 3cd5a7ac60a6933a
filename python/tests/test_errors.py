"""Errors: one class per SQLSTATE family, with the server's diagnostics, and problem+json."""
import datetime
from decimal import Decimal

import pytest

import costshare
from costshare import errors

D = datetime.date


@pytest.mark.parametrize('state,cls,status', [
    ('22003', errors.BadInput, 400), ('22023', errors.BadInput, 400), ('22P04', errors.BadInput, 400),
    ('22004', errors.BadInput, 400), ('42P20', errors.BadInput, 400),
    ('23503', errors.NotFound, 404), ('P0002', errors.NotFound, 404),
    ('23505', errors.Conflict, 409), ('23P01', errors.Conflict, 409),
    ('40001', errors.Retryable, 503), ('40P01', errors.Retryable, 503), ('55P03', errors.Retryable, 503),
    ('58000', errors.IcuError, 500), ('XX000', errors.CostshareError, 500), (None, errors.CostshareError, 500),
])
def test_class_for(state, cls, status):
    assert errors.class_for(state) is cls and cls.http_status == status


def test_bad_input_carries_the_diagnostics(conn):
    with pytest.raises(costshare.BadInput) as ei:
        costshare.estimate(conn, 'M-NGUYEN-1', D(2026, 3, 2), '90837', billed=Decimal('-5'))
    e = ei.value
    assert e.sqlstate == '22003' and e.message and e.detail and e.hint
    assert 'M-NGUYEN-1' not in '%s %s %s' % (e.message, e.detail, e.hint)
    assert e.__cause__ is not None      # the driver's exception
    status, body = errors.problem(e, instance='/estimate')
    assert status == 400 and body['status'] == 400 and body['sqlstate'] == '22003'
    assert body['detail'] == e.message and body['reason'] == e.detail and body['hint'] == e.hint
    assert body['instance'] == '/estimate'


def test_not_found_foreign_key(conn):
    with pytest.raises(costshare.NotFound) as ei, errors.translating():
        conn.execute("INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('X', 'NO-SUCH-PAYER', 'x')")
    assert ei.value.sqlstate == '23503'


def test_conflict(conn):
    with pytest.raises(costshare.Conflict) as ei, errors.translating():
        conn.execute("INSERT INTO costshare.payer (payer_id, name) VALUES ('ACME', 'again')")
    assert ei.value.sqlstate == '23505' and errors.problem(ei.value)[0] == 409


def test_retryable_lock_not_available(dsn):
    import psycopg
    with psycopg.connect(dsn) as a, psycopg.connect(dsn) as b:
        a.execute("SELECT 1 FROM costshare.payer WHERE payer_id = 'ACME' FOR UPDATE")
        with pytest.raises(costshare.Retryable) as ei, errors.translating():
            b.execute("SELECT 1 FROM costshare.payer WHERE payer_id = 'ACME' FOR UPDATE NOWAIT")
        assert ei.value.sqlstate == '55P03'
        status, body = errors.problem(ei.value)
        assert status == 503


def test_psycopg2_errors_translate_too(conn2):
    with pytest.raises(costshare.BadInput) as ei:
        costshare.eligibility(conn2, None, D(2026, 3, 2), '90837')
    assert ei.value.sqlstate == '22004' and ei.value.detail


def test_sqlalchemy_errors_translate(sa_engine):
    import sqlalchemy as sa
    with sa_engine.connect() as c:
        with pytest.raises(sa.exc.DBAPIError) as ei:
            c.execute(sa.text("SELECT costshare.adjudicate(-1, costshare.terms())"))
    e = errors.translate(ei.value)
    assert isinstance(e, costshare.BadInput) and e.sqlstate == '22003'


def test_non_driver_errors_pass_through():
    assert errors.translate(KeyError('x')) is None
    with pytest.raises(KeyError), errors.translating():
        raise KeyError('x')
