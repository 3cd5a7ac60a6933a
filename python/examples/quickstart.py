"""Using costshare from Python: one estimate, typed (psycopg 3). Connects with libpq's environment
(PGHOST, PGPORT, PGDATABASE, ...) to a database with the sample practice (sample/plans.sql)."""
from datetime import date
from decimal import Decimal

import psycopg

import costshare

with psycopg.connect() as conn:
    costshare.register(conn)        # optional: the typed calls register on first use
    est = costshare.estimate(conn, 'M-NGUYEN-1', date(2026, 3, 2), '90837',
                             provider='1333333334', billed=Decimal('250.00'))
    print(est.status, est.plan_id, est.network)                      # eligible ACME-HDHP in
    print('patient pays', est.patient_pays, 'plan pays', est.plan_pays)  # Decimal amounts
    print('deductible met after:', est.acc_after.ded_individual_met)   # nested accum, typed too
    print(costshare.explain(conn, 'M-NGUYEN-1', date(2026, 3, 2), '90837', provider='1333333334',
                            locale='es'))

    # every costshare composite loads as a dataclass in your own queries too
    line = conn.execute("SELECT costshare.adjudicate(180.00, costshare.terms(ded_individual => 1500, "
                        "coinsurance => 0.2), costshare.accum(ded_individual_met => 1380))").fetchone()[0]
    print(line.deductible, line.coinsurance, line.patient_pays)       # 120.00 12.00 132.00

    # money: Decimal, int, or a float of whole cents; anything else is refused before the database
    try:
        costshare.estimate(conn, 'M-NGUYEN-1', date(2026, 3, 2), '90837', billed=0.1 + 0.2)
    except costshare.MoneyError as e:        # a ValueError
        print('refused:', e.message)
