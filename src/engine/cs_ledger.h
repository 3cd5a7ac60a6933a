/*
 * cs_ledger.h — the accumulators of a member and family in a plan bucket from the payer's snapshots and
 * the ledger's claim lines (issue 10: the accumulator decision in the engine). The glue reads the rows
 * (src/glue/lookup.c, lk_accumulators), groups the versions of each claim line and says which is the
 * latest; everything else is decided here:
 *   - a line counts by its latest version only, and only when that version's status counts
 *     (cs_ledger_status_counts: pending or final) and its bucket is the one asked or credits it;
 *   - dated in the benefit period up to the date of service: its deductible and out-of-pocket amounts
 *     count for the member (its own lines) and the family, except what a later snapshot already
 *     includes (a line adjudicated on or before the snapshot's as-of date is in it; a line without an
 *     adjudication date is always added); its coinsurance and visits count for the member;
 *   - dated in the fourth-quarter carryover window before the period (plans with carryover,
 *     cs_carryover_from): its deductible counts;
 *   - with a rolling visit window the member's visits count by their own dates, across periods;
 *   - toward a plan-paid maximum: the member's lines of the category, status counting, in any bucket,
 *     dated up to the date of service (the period's in the period; all of them for the lifetime).
 * Pure C, no allocation, no Postgres.
 */
#ifndef CS_LEDGER_H
#define CS_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "cs_date.h"
#include "cs_error.h"
#include "cs_money.h"

typedef struct cs_ledger_line
{
	bool		latest;			/* the latest version of its claim line (payer, claim id, line) */
	bool		status_counts;	/* its status counts (cs_ledger_status_counts) */
	bool		credited;		/* its bucket is the one asked, or a bucket that also credits it */
	bool		is_member;		/* the member's own line (else another family member's) */
	bool		visit_counts;	/* the member's, in the line's category and in the bucket itself */
	bool		plan_counts;	/* the member's, in the category: toward a plan-paid maximum */
	bool		plan_paid_known;	/* what the plan paid is recorded (or derived from allowed) */
	bool		bad;			/* a stored value the rules refuse: an error when the line counts */
	cs_date		service_date;
	bool		adjudicated_known;
	cs_date		adjudicated_on;
	cs_cents	deductible,
				copay,
				coinsurance,
				plan_paid;
	int32_t		visits;
} cs_ledger_line;

/* What the sums are asked for */
typedef struct cs_ledger_ask
{
	cs_date		date;			/* the date of service */
	/* the benefit period, [period_lower, period_upper) */
	bool		period_empty;
	bool		period_lower_inf;	/* no lower bound */
	cs_date		period_lower;
	bool		period_lower_finite;	/* a real date (not -infinity): a carryover window precedes it */
	bool		period_upper_inf;	/* no upper bound */
	cs_date		period_upper;
	bool		carryover;		/* the plan carries the fourth quarter's deductible over */
	int32_t		visit_window;	/* days of a rolling visit window, 0: the benefit period */
	bool		plan_max;		/* sum what the plan paid (a benefit with a plan-paid maximum) */
	bool		ind_snapshot;	/* the member's latest snapshot in the period up to the date, and its date */
	cs_date		ind_as_of;
	bool		fam_snapshot;
	cs_date		fam_as_of;
} cs_ledger_ask;

typedef struct cs_ledger_sums
{
	cs_cents	ded_individual,
				oop_individual,
				ded_family,
				oop_family,
				coinsurance_individual;
	bool		any_ded_individual,
				any_oop_individual,
				any_ded_family,
				any_oop_family,
				any_coinsurance;
	int64_t		visits;
	cs_cents	plan_paid_period,
				plan_paid_lifetime;
	bool		plan_paid_unknown;	/* a line toward the maximum has no known plan payment (counted 0) */
} cs_ledger_sums;

/*
 * The ledger's part of the accumulators (the snapshots' own amounts are added by the caller). On
 * success returns CS_OK with *bad_line = -1. A counting line with bad set stops the sum: CS_ERR_RANGE
 * with *bad_line its index (the caller reports its stored value). A total outside int64:
 * CS_ERR_OVERFLOW.
 */
cs_status	cs_ledger_sum(const cs_ledger_line *lines, int n, const cs_ledger_ask *ask, cs_ledger_sums *out,
						  int *bad_line, cs_error *err);

/* Whether d is in [period_lower, period_upper) as ask states it */
bool		cs_ledger_in_period(const cs_ledger_ask *ask, cs_date d);

/*
 * Whether a payer snapshot dated as_of replaces the one taken so far (have, taken_as_of) as the latest
 * in the benefit period up to the date of service (ask->date and the period; the snapshot fields of
 * ask are not read): in the period, not after the date, and later than the one taken.
 */
bool		cs_snapshot_takes(const cs_ledger_ask *ask, cs_date as_of, bool have, cs_date taken_as_of);

#endif							/* CS_LEDGER_H */
