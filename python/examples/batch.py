"""A family's next appointments in one call: costshare.estimate_many, each appointment seeing the
accumulators of the earlier ones; an appointment that cannot be priced says why."""
from datetime import date, timedelta

import psycopg

import costshare

appointments = [dict(appt_id=n, member_id='M-NGUYEN-1', service_date=date(2026, 3, 2) + timedelta(weeks=n),
                     service_code='90837', provider_id='1333333334') for n in range(1, 5)]
appointments.append(dict(appt_id=99, member_id='M-NOBODY', service_date=date(2026, 3, 2), service_code='90837'))

with psycopg.connect() as conn:
    for row in costshare.estimate_many(conn, appointments):
        if row.ok:
            print(row.appt_id, row.line.patient_pays, row.line.acc_after.ded_individual_met)
        else:
            print(row.appt_id, 'not priced:', row.status, row.reasons)
