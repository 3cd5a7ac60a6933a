"""costshare.sa: table-valued helpers with named, typed columns (SQLAlchemy 1.4 here; written to the
API 2.0 keeps: select(), table_valued(), scalar_subquery(), lateral())."""
import dataclasses
import datetime
from decimal import Decimal

import pytest

sa = pytest.importorskip('sqlalchemy')

import costshare  # noqa: E402
import costshare.sa as csa  # noqa: E402

D = datetime.date
NGUYEN = ('M-NGUYEN-1', D(2026, 3, 2), '90837')


def test_estimate_columns_are_named_and_typed(sa_engine):
    est = csa.estimate(*NGUYEN, provider='1333333334', billed=Decimal('200.00'))
    cat = costshare._core.latest()
    assert [c.name for c in est.c] == [f.name for f in dataclasses.fields(cat.cls('estimate_result'))]
    assert isinstance(est.c.patient_pays.type, sa.Numeric) and isinstance(est.c.oop_capped.type, sa.Boolean)
    sql = str(sa.select(est).compile())
    assert sql.count('costshare.estimate(') == 1          # once, in FROM
    with sa_engine.connect() as c:
        row = c.execute(sa.select(est)).one()
        direct = costshare.estimate(c, *NGUYEN, '1333333334', billed=Decimal('200.00'))   # a SQLAlchemy connection
        assert row.patient_pays == direct.patient_pays and isinstance(row.patient_pays, Decimal)
        assert isinstance(row.acc_after, costshare.Accum)
        assert row.acc_after == direct.acc_after
        two = c.execute(sa.select(est.c.status, est.c.plan_pays)).one()
        assert two == (direct.status, direct.plan_pays)


def test_float_refused_in_expressions():
    with pytest.raises(costshare.MoneyError):
        csa.estimate(*NGUYEN, billed=0.1 + 0.2)


def test_lateral_over_a_table(sa_engine):
    md = sa.MetaData()
    appt = sa.Table('py_appt', md, sa.Column('id', sa.Integer, primary_key=True), sa.Column('member', sa.Text),
                    sa.Column('day', sa.Date), sa.Column('code', sa.Text), prefixes=['TEMPORARY'])
    with sa_engine.connect() as c:
        appt.create(c)
        c.execute(appt.insert(), [dict(id=1, member='M-NGUYEN-1', day=D(2026, 3, 2), code='90837'),
                                  dict(id=2, member='M-ALVAREZ-1', day=D(2026, 3, 2), code='90837')])
        e = csa.estimate(appt.c.member, appt.c.day, appt.c.code).lateral()
        q = sa.select(appt.c.id, e.c.status, e.c.patient_pays).select_from(appt.join(e, sa.true())).order_by(appt.c.id)
        rows = c.execute(q).all()
        assert [r.id for r in rows] == [1, 2] and all(r.status == 'eligible' for r in rows)
        el = csa.eligibility(appt.c.member, appt.c.day, appt.c.code).lateral()
        q = sa.select(appt.c.id, el.c.plan_id).select_from(appt.join(el, sa.true())).order_by(appt.c.id)
        assert [r.plan_id for r in c.execute(q)] == ['ACME-HDHP', 'ACME-PPO']
        c.rollback()


def test_estimate_many_from_a_table_a_subquery_and_a_list(sa_engine):
    md = sa.MetaData()
    appt = sa.Table('py_appt2', md, sa.Column('appt_id', sa.BigInteger, primary_key=True),
                    sa.Column('patient', sa.Text), sa.Column('service_date', sa.Date),
                    sa.Column('service_code', sa.Text), prefixes=['TEMPORARY'])
    with sa_engine.connect() as c:
        appt.create(c)
        c.execute(appt.insert(), [dict(appt_id=i, patient='M-NGUYEN-1', service_date=D(2026, 3, 2 + 7 * i),
                                       service_code='90837') for i in range(4)])
        em = csa.estimate_many(appt, member_id=appt.c.patient)
        rows = c.execute(sa.select(em.c.appt_id, em.c.line).order_by(em.c.appt_id)).all()
        assert [r.appt_id for r in rows] == [0, 1, 2, 3]
        assert rows[3].line.acc_after.ded_individual_met == sum(r.line.patient_pays for r in rows)
        sub = sa.select(appt.c.appt_id, appt.c.patient.label('member_id'), appt.c.service_date,
                        appt.c.service_code).where(appt.c.appt_id < 2)
        em2 = csa.estimate_many(sub)
        assert sorted(r.appt_id for r in c.execute(sa.select(em2))) == [0, 1]
        em3 = csa.estimate_many([dict(appt_id=5, member_id='M-NGUYEN-1', service_date='2026-03-02',
                                      service_code='90837')])
        r = c.execute(sa.select(em3)).one()
        assert r.appt_id == 5 and isinstance(r.line, costshare.Breakdown)
        c.rollback()


def test_explain_expression(sa_engine):
    with sa_engine.connect() as c:
        assert c.execute(sa.select(csa.explain(*NGUYEN, locale='es'))).scalar().startswith('Usted paga')
