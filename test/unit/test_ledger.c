/*
 * test_ledger.c — the ledger's part of the accumulators (cs_ledger.c): which lines count and where.
 */
#include <string.h>

#include "cs_ledger.h"
#include "tap.h"

#define D(x) ((cs_cents) (x) * 100)

static cs_ledger_line
line(int y, int m, int d, cs_cents ded, cs_cents copay, cs_cents coins)
{
	cs_ledger_line l;

	memset(&l, 0, sizeof l);
	l.latest = true;
	l.status_counts = true;
	l.credited = true;
	l.is_member = true;
	l.visit_counts = true;
	l.service_date = cs_date_from_ymd(y, m, d);
	l.deductible = ded;
	l.copay = copay;
	l.coinsurance = coins;
	l.visits = 1;
	return l;
}

static cs_ledger_ask
ask_2026(int m, int d)
{
	cs_ledger_ask a;

	memset(&a, 0, sizeof a);
	a.date = cs_date_from_ymd(2026, m, d);
	a.period_lower = cs_date_from_ymd(2026, 1, 1);
	a.period_lower_finite = true;
	a.period_upper = cs_date_from_ymd(2027, 1, 1);
	return a;
}

void
test_ledger(void)
{
	cs_ledger_line l[6];
	cs_ledger_ask a = ask_2026(6, 1);
	cs_ledger_sums s;
	cs_error	err;
	int			bad;

	/* the member's line and a family member's, in the period before the date */
	l[0] = line(2026, 2, 1, D(100), D(20), D(30));
	l[1] = line(2026, 3, 1, D(50), 0, 0);
	l[1].is_member = false;
	ok(cs_ledger_sum(l, 2, &a, &s, &bad, &err) == CS_OK && bad == -1, "two lines sum");
	is_int(s.ded_individual, D(100), "the member's deductible: own lines only");
	is_int(s.ded_family, D(150), "the family's deductible: every member's lines");
	is_int(s.oop_individual, D(150), "the member's OOP: deductible + copay + coinsurance");
	is_int(s.oop_family, D(200), "the family's OOP");
	is_int(s.coinsurance_individual, D(30), "the member's coinsurance");
	is_int(s.visits, 1, "the member's visits");

	/* an older version does not count; a line whose latest status does not count; another bucket */
	l[0].latest = false;
	l[2] = line(2026, 2, 1, D(10), 0, 0);
	l[3] = line(2026, 2, 2, D(70), 0, 0);
	l[3].status_counts = false;
	l[4] = line(2026, 2, 3, D(80), 0, 0);
	l[4].credited = false;
	ok(cs_ledger_sum(l, 5, &a, &s, &bad, &err) == CS_OK, "versions, statuses and buckets");
	is_int(s.ded_individual, D(10), "only the latest version, a counting status and a credited bucket count");

	/* after the date of service, or before the period (no carryover): nothing */
	l[0] = line(2026, 7, 1, D(100), 0, 0);
	l[1] = line(2025, 12, 1, D(100), 0, 0);
	ok(cs_ledger_sum(l, 2, &a, &s, &bad, &err) == CS_OK && s.ded_individual == 0 && !s.any_ded_individual,
	   "after the date and before the period: nothing");
	/* with carryover: the fourth quarter's deductible (October on), not its copay, not September */
	a.carryover = true;
	l[1].copay = D(20);
	l[2] = line(2025, 9, 30, D(40), 0, 0);
	ok(cs_ledger_sum(l, 3, &a, &s, &bad, &err) == CS_OK, "carryover");
	is_int(s.ded_individual, D(100), "carryover: December's deductible carries, September's does not");
	is_int(s.oop_individual, 0, "carryover: never toward OOP");
	is_int(s.visits, 0, "carryover: no visits");
	a.carryover = false;

	/* a snapshot: lines adjudicated on or before it are in it; later or unadjudicated lines are added */
	a.ind_snapshot = true;
	a.ind_as_of = cs_date_from_ymd(2026, 3, 1);
	l[0] = line(2026, 2, 1, D(100), 0, 0);
	l[0].adjudicated_known = true;
	l[0].adjudicated_on = cs_date_from_ymd(2026, 2, 20);
	l[1] = line(2026, 2, 1, D(30), 0, 0);
	l[1].adjudicated_known = true;
	l[1].adjudicated_on = cs_date_from_ymd(2026, 3, 10);
	l[2] = line(2026, 2, 5, D(5), 0, 0);
	ok(cs_ledger_sum(l, 3, &a, &s, &bad, &err) == CS_OK, "snapshot");
	is_int(s.ded_individual, D(35), "snapshot: the line in it is not added again; later and unadjudicated ones are");
	is_int(s.ded_family, D(135), "snapshot: the family has no snapshot, so every line counts for it");
	a.ind_snapshot = false;

	/* a rolling window counts visits by their own dates across periods, not by the period */
	a.visit_window = 365;
	l[0] = line(2025, 7, 1, 0, 0, 0);
	l[1] = line(2025, 5, 31, 0, 0, 0);
	l[2] = line(2026, 5, 1, 0, 0, 0);
	ok(cs_ledger_sum(l, 3, &a, &s, &bad, &err) == CS_OK && s.visits == 2,
	   "rolling window: the visits of the 365 days up to the date");
	a.visit_window = 0;

	/* plan-paid maximums: the member's lines of the category in any bucket, status counting */
	a.plan_max = true;
	l[0] = line(2026, 2, 1, 0, 0, 0);
	l[0].plan_counts = true;
	l[0].plan_paid = D(300);
	l[0].plan_paid_known = true;
	l[0].credited = false;
	l[1] = line(2025, 2, 1, 0, 0, 0);
	l[1].plan_counts = true;
	l[1].plan_paid = D(200);
	l[1].plan_paid_known = true;
	l[2] = line(2026, 3, 1, 0, 0, 0);
	l[2].plan_counts = true;
	ok(cs_ledger_sum(l, 3, &a, &s, &bad, &err) == CS_OK, "plan paid");
	is_int(s.plan_paid_period, D(300), "plan paid in the period (another bucket too)");
	is_int(s.plan_paid_lifetime, D(500), "plan paid over the lifetime");
	ok(s.plan_paid_unknown, "a line without a known plan payment is said");
	a.plan_max = false;

	/* a bad stored value stops the sum only when the line counts */
	l[0] = line(2026, 2, 1, D(1), 0, 0);
	l[0].bad = true;
	l[0].latest = false;
	l[1] = line(2026, 2, 1, D(1), 0, 0);
	ok(cs_ledger_sum(l, 2, &a, &s, &bad, &err) == CS_OK, "a bad older version is not read");
	l[1].bad = true;
	ok(cs_ledger_sum(l, 2, &a, &s, &bad, &err) == CS_ERR_RANGE && bad == 1, "a bad counting line: its index");

	/* totals beyond int64 */
	l[0] = line(2026, 2, 1, INT64_MAX - 1, 0, 0);
	l[1] = line(2026, 2, 2, INT64_MAX - 1, 0, 0);
	ok(cs_ledger_sum(l, 2, &a, &s, &bad, &err) == CS_ERR_OVERFLOW && bad == -1, "overflow is an error");

	/* the latest snapshot in the period up to the date */
	a.period_empty = false;
	ok(cs_snapshot_takes(&a, cs_date_from_ymd(2026, 3, 1), false, 0), "snapshot: the first in the period is taken");
	ok(cs_snapshot_takes(&a, cs_date_from_ymd(2026, 4, 1), true, cs_date_from_ymd(2026, 3, 1)),
	   "snapshot: a later one replaces it");
	ok(!cs_snapshot_takes(&a, cs_date_from_ymd(2026, 2, 1), true, cs_date_from_ymd(2026, 3, 1)),
	   "snapshot: an earlier one does not");
	ok(!cs_snapshot_takes(&a, cs_date_from_ymd(2026, 6, 2), false, 0), "snapshot: one after the date of service is not read");
	ok(cs_snapshot_takes(&a, cs_date_from_ymd(2026, 6, 1), false, 0), "snapshot: one on the date of service is");
	ok(!cs_snapshot_takes(&a, cs_date_from_ymd(2025, 12, 31), false, 0), "snapshot: one of the previous period is not");

	/* an empty period: nothing is in it */
	a.period_empty = true;
	l[0] = line(2026, 2, 1, D(1), 0, 0);
	ok(cs_ledger_sum(l, 1, &a, &s, &bad, &err) == CS_OK && s.ded_individual == 0, "an empty period");
}
