/*
 * cs_ledger.c — the ledger's part of the accumulators (see cs_ledger.h).
 */
#include "cs_ledger.h"

#include <string.h>

bool
cs_ledger_in_period(const cs_ledger_ask *ask, cs_date d)
{
	if (ask->period_empty)
		return false;
	if (!ask->period_lower_inf && d < ask->period_lower)
		return false;
	if (!ask->period_upper_inf && d >= ask->period_upper)
		return false;
	return true;
}

bool
cs_snapshot_takes(const cs_ledger_ask *ask, cs_date as_of, bool have, cs_date taken_as_of)
{
	if (as_of > ask->date || !cs_ledger_in_period(ask, as_of))
		return false;
	return !have || as_of > taken_as_of;
}

/* *sum += v, false on overflow */
static bool
add(cs_cents *sum, cs_cents v)
{
	return !cs_add_overflow(*sum, v, sum);
}

cs_status
cs_ledger_sum(const cs_ledger_line *lines, int n, const cs_ledger_ask *ask, cs_ledger_sums *out,
			  int *bad_line, cs_error *err)
{
	bool		carry_window = ask->carryover && ask->period_lower_finite && !ask->period_empty &&
		!ask->period_lower_inf;
	cs_date		carry_from = carry_window ? cs_carryover_from(ask->period_lower) : 0;

	memset(out, 0, sizeof(*out));
	*bad_line = -1;
	for (int i = 0; i < n; i++)
	{
		const cs_ledger_line *r = &lines[i];
		bool		counts;
		bool		ok = true;

		if (!r->latest)
			continue;			/* an older version of a line: its latest version decides */
		/* the plan-paid maximums: the member's lines of the category, status counting, any bucket */
		if (ask->plan_max && r->plan_counts && r->status_counts && r->service_date <= ask->date)
		{
			if (r->bad)
			{
				*bad_line = i;
				return cs_fail(err, CS_ERR_RANGE, "a stored ledger amount is out of range", NULL, NULL);
			}
			ok = ok && add(&out->plan_paid_lifetime, r->plan_paid);
			if (cs_ledger_in_period(ask, r->service_date))
				ok = ok && add(&out->plan_paid_period, r->plan_paid);
			if (!r->plan_paid_known)
				out->plan_paid_unknown = true;
		}
		counts = r->status_counts && r->credited;
		if (counts)
		{
			if (r->bad)
			{
				*bad_line = i;
				return cs_fail(err, CS_ERR_RANGE, "a stored ledger amount is out of range", NULL, NULL);
			}
			if (cs_ledger_in_period(ask, r->service_date) && r->service_date <= ask->date)
			{
				/* a snapshot dated on or after the line's adjudication already includes it */
				bool		ind_new = !ask->ind_snapshot || !r->adjudicated_known || r->adjudicated_on > ask->ind_as_of;
				bool		fam_new = !ask->fam_snapshot || !r->adjudicated_known || r->adjudicated_on > ask->fam_as_of;
				cs_cents	oop = 0;

				ok = ok && add(&oop, r->deductible) && add(&oop, r->copay) && add(&oop, r->coinsurance);
				if (r->is_member && ind_new)
				{
					ok = ok && add(&out->ded_individual, r->deductible) && add(&out->oop_individual, oop);
					out->any_ded_individual = out->any_oop_individual = true;
				}
				if (fam_new)
				{
					ok = ok && add(&out->ded_family, r->deductible) && add(&out->oop_family, oop);
					out->any_ded_family = out->any_oop_family = true;
				}
				if (r->is_member)
				{
					ok = ok && add(&out->coinsurance_individual, r->coinsurance);
					out->any_coinsurance = true;
					if (r->visit_counts && ask->visit_window == 0)
						out->visits += r->visits;
				}
			}
			else if (carry_window && carry_from < ask->period_lower && r->service_date >= carry_from &&
					 r->service_date < ask->period_lower)
			{
				/* the fourth quarter before the period: its deductible carries over */
				if (r->is_member)
				{
					ok = ok && add(&out->ded_individual, r->deductible);
					out->any_ded_individual = true;
				}
				ok = ok && add(&out->ded_family, r->deductible);
				out->any_ded_family = true;
			}
			/* a rolling visit window counts the member's visits by their own dates, across periods */
			if (ask->visit_window > 0 && r->is_member && r->visit_counts &&
				cs_in_rolling_window(r->service_date, ask->date, ask->visit_window))
				out->visits += r->visits;
		}
		if (!ok)
			return cs_fail(err, CS_ERR_OVERFLOW, "accumulator total is out of range", NULL, NULL);
	}
	return CS_OK;
}
