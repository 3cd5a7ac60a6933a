"""SQLAlchemy: costshare's functions as selectables with named, typed columns; the function runs once,
in FROM (never once per column as (costshare.estimate(...)).* would)."""
from datetime import date

import psycopg2
import sqlalchemy as sa

import costshare.sa

engine = sa.create_engine('postgresql+psycopg2://', creator=psycopg2.connect)   # libpq's environment
costshare.sa.setup(engine)      # registers the composites on each new connection; reads the shapes

est = costshare.sa.estimate('M-NGUYEN-1', date(2026, 3, 2), '90837', provider='1333333334')
with engine.connect() as conn:
    row = conn.execute(sa.select(est.c.status, est.c.patient_pays, est.c.acc_after)).one()
    print(row.status, row.patient_pays, row.acc_after.ded_individual_met)

    # every upcoming appointment in one query: estimate_many over a table or subquery
    appts = sa.select(sa.literal(1, sa.BigInteger).label('appt_id'),
                      sa.literal('M-NGUYEN-1').label('member_id'),
                      sa.literal(date(2026, 3, 2), sa.Date).label('service_date'),
                      sa.literal('90837').label('service_code')).subquery()
    many = costshare.sa.estimate_many(appts)
    for r in conn.execute(sa.select(many.c.appt_id, many.c.status, many.c.line).order_by(many.c.appt_id)):
        print(r.appt_id, r.status, r.line.patient_pays)
