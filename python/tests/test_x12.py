"""load_271 and post_835 through the package (in a transaction the test rolls back)."""
import datetime
import os
from decimal import Decimal

import pytest

import costshare
import costshare.aio

DATA = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared', 'data')


def read(*path):
    p = os.path.join(DATA, *path)
    if not os.path.exists(p):
        pytest.fail('shared data file missing: %s' % p)
    with open(p, encoding='utf-8') as f:
        return f.read()


def mock_payer(conn):
    conn.execute("""
        INSERT INTO costshare.payer (payer_id, name) VALUES ('MOCKPAYER', 'Mock Payer');
        INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('mock-advantage', 'MOCKPAYER', 'Mock');
        INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
          ('m-john', 'John', 'Doe', '1970-01-01'), ('m-jane', 'Jane', 'Doe', '1972-03-04');
        INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship,
                                          coverage_level, payer_member_id)
        VALUES ('m-john', 'm-john', 'fam-doe', 'mock-advantage', '[2013-01-01,2014-01-01)', 'self', 'family', '000-000-000-01'),
               ('m-jane', 'm-john', 'fam-doe', 'mock-advantage', '[2013-01-01,2014-01-01)', 'spouse', 'family', '000-000-000-02')""")


def test_load_271(conn):
    doc = read('x12-pokitdok', 'mockpayer_271_raw.x12')
    mock_payer(conn)
    r = costshare.load_271(conn, doc, datetime.date(2013, 6, 1))
    assert isinstance(r, costshare.Load271Result)
    assert (r.status, r.benefits, r.snapshots, r.rejections) == ('loaded', 21, 4, 0)
    assert costshare.load_271(conn, doc, '2013-07-01').status == 'duplicate'


def test_load_271_unknown_person_is_not_found(conn):
    doc = read('x12-pokitdok', 'mockpayer_271_raw.x12').replace(
        'NM1*IL*1*DOE*JOHN****MI*00000000001~', 'NM1*IL*1*ROE*RICHARD****MI*12345~')
    mock_payer(conn)
    with pytest.raises(costshare.NotFound) as ei:
        costshare.load_271(conn, doc, datetime.date(2013, 6, 1))
    e = ei.value
    assert e.sqlstate == '23503'
    for secret in ('ROE', 'RICHARD', '12345'):
        assert secret not in '%s %s %s' % (e.message, e.detail, e.hint)


def test_load_271_malformed_is_bad_input(conn):
    with pytest.raises(costshare.BadInput) as ei:
        costshare.load_271(conn, 'ISA*garbage~', datetime.date(2013, 6, 1))
    assert ei.value.sqlstate.startswith('22')


def test_post_835(conn):
    doc = read('x12-835-linuxforhealth', 'secondary-payment.835').replace('*T*:~', '*T*>~')
    conn.execute("""
        INSERT INTO costshare.payer (payer_id, name) VALUES ('TAXPAYER', 'Your Tax Dollars At Work');
        INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('tax-ppo', 'TAXPAYER', 'PPO');
        INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
          ('m-baki', 'Pat', 'Baki', '1960-01-01'), ('m-townsend', 'T', 'Townsend', '1950-01-01');
        INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, payer_member_id)
        VALUES ('m-baki', 'm-baki', 'fam-baki', 'tax-ppo', '[2005-01-01,2006-01-01)', '456789123'),
               ('m-townsend', 'm-townsend', 'fam-t', 'tax-ppo', '[2005-01-01,2006-01-01)', 'XXX-123456789')""")
    rows = costshare.post_835(conn, doc)
    assert all(isinstance(r, costshare.Post835Row) for r in rows)
    assert [(r.claim_id, r.line_no, r.result) for r in rows] == [
        ('L0004828311', 1, 'posted'), ('0001000053', 1, 'posted'), ('0001000053', 2, 'posted')]
    assert rows[2].deductible == Decimal('150.00')
    again = costshare.post_835(conn, doc)
    assert [r.result for r in again] == ['duplicate']
