/*
 * test_plan_max.c — the plan-paid maximum per benefit period and per lifetime (cs_apply_plan_max):
 * figures by hand on one benefit: deductible 500, 20% coinsurance, OOP limit 5,000, nothing met.
 * Allowed 1,000: deductible 500, coinsurance 20% of 500 = 100, patient 600, plan 400 before any maximum.
 */
#include <string.h>

#include "cs_adjudicate.h"
#include "tap.h"

#define D(x) ((cs_cents) (x) * 100)	/* whole dollars -> cents */

static cs_terms t;
static cs_accum a;
static cs_result r;
static cs_error err;

/* adjudicate allowed (billed as given), then apply what is left of the two maximums */
static cs_status
line(cs_cents allowed, cs_cents billed, cs_cents period_left, cs_cents lifetime_left)
{
	cs_status	st = cs_adjudicate(allowed, &t, &a, billed, false, &r, &err);

	if (st != CS_OK)
		return st;
	st = cs_apply_plan_max(&r, period_left, lifetime_left, &err);
	if (st == CS_OK)
		ok(r.patient_pays + r.plan_pays == r.allowed + r.balance_bill, "the line balances");
	return st;
}

static void
setup(void)
{
	cs_terms_init(&t);
	t.ded_individual = D(500);
	t.coinsurance = 200000;
	t.oop_individual = D(5000);
	memset(&a, 0, sizeof(a));
}

/*
 * cs_apply_plan_max_joint: the member's and the family's maximums run down together. The line (allowed
 * 1,000) would pay 400. Days: 100, 110 in the previous period; the period is [200, 565); 210, 220 in it.
 */
static void
test_plan_max_joint(void)
{
	/* Kit (not mine) 160 on day 100, Joy (mine) 40 on day 110, the family's maximum cut it from 160 */
	cs_date		d[] = {100, 110, 210, 220, 900};
	bool		mine[] = {false, true, false, true, true};
	cs_cents	paid[] = {D(160), D(40), D(30), D(20), D(999)};

	/* Joy's line on day 300, the next period: her lifetime 250 less what was paid on her line (40, not
	 * 160): 210; the family's period 200 starts again: 200 binds */
	setup();
	line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
	is_int(cs_apply_plan_max_joint(&r, 2, d, mine, NULL, paid, 200, 565, 300, CS_ABSENT, D(250), D(200), CS_ABSENT, &err),
		   CS_OK, "joint: ok");
	is_int(r.plan_pays, D(200), "joint: the family's new period binds: plan 200");
	is_int(r.plan_max_excess, D(200), "joint: excess 200");
	is_int(r.patient_pays, D(800), "joint: patient 600 + 200");
	ok(r.patient_pays + r.plan_pays == r.allowed + r.balance_bill, "joint: the line balances");

	/* the family's 500 a period: 500 - 0 in this period; her lifetime 250 - 40 = 210 binds */
	line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
	cs_apply_plan_max_joint(&r, 2, d, mine, NULL, paid, 200, 565, 300, CS_ABSENT, D(250), D(500), CS_ABSENT, &err);
	is_int(r.plan_pays, D(210), "joint: her lifetime counts what was paid on her line: 210");

	/* all four earlier lines, on day 300: her period 100 - (20) = 80; the family's period 100 - 50 = 50 */
	line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
	cs_apply_plan_max_joint(&r, 4, d, mine, NULL, paid, 200, 565, 300, D(100), CS_ABSENT, D(100), CS_ABSENT, &err);
	is_int(r.plan_pays, D(50), "joint: the family's period 100 - 30 - 20 = 50 binds");
	line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
	cs_apply_plan_max_joint(&r, 4, d, mine, NULL, paid, 200, 565, 300, D(70), CS_ABSENT, D(100), CS_ABSENT, &err);
	is_int(r.plan_pays, D(50), "joint: her period 70 - 20 = 50, the family's 50: 50");
	line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
	cs_apply_plan_max_joint(&r, 4, d, mine, NULL, paid, 200, 565, 300, D(60), CS_ABSENT, D(100), CS_ABSENT, &err);
	is_int(r.plan_pays, D(40), "joint: her period 60 - 20 = 40 binds (her day-110 line is of another period)");
	/* lifetimes: hers 300 - 60 = 240, the family's 500 - 250 = 250 */
	line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
	cs_apply_plan_max_joint(&r, 4, d, mine, NULL, paid, 200, 565, 300, CS_ABSENT, D(300), CS_ABSENT, D(500), &err);
	is_int(r.plan_pays, D(240), "joint: her lifetime 300 - 40 - 20 = 240 binds");
	line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
	cs_apply_plan_max_joint(&r, 4, d, mine, NULL, paid, 200, 565, 300, CS_ABSENT, D(300), CS_ABSENT, D(450), &err);
	is_int(r.plan_pays, D(200), "joint: the family's lifetime 450 - 250 = 200 binds");

	/* a line dated after this one counts nothing (day 900's 999) */
	line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
	cs_apply_plan_max_joint(&r, 5, d, mine, NULL, paid, 200, 565, 300, CS_ABSENT, D(1000), CS_ABSENT, CS_ABSENT, &err);
	is_int(r.plan_pays, D(400), "joint: a later line counts nothing; 1,000 - 60 left: 400 fits");

	/* no maximum at all: the line as it was; none left: plan 0 */
	line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
	cs_apply_plan_max_joint(&r, 4, d, mine, NULL, paid, 200, 565, 300, CS_ABSENT, CS_ABSENT, CS_ABSENT, CS_ABSENT, &err);
	is_int(r.plan_pays, D(400), "joint: no maximum: 400");
	is_int(r.plan_max_excess, 0, "joint: no maximum: no excess");
	line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
	cs_apply_plan_max_joint(&r, 2, d, mine, NULL, paid, 0, 565, 300, CS_ABSENT, CS_ABSENT, D(200), CS_ABSENT, &err);
	is_int(r.plan_pays, 0, "joint: the family's period 200 - 160 - 40 = 0: plan 0");

	/* refused: a negative amount left or payment, n < 0; the line unchanged */
	line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
	is_int(cs_apply_plan_max_joint(&r, 2, d, mine, NULL, paid, 200, 565, 300, -5, CS_ABSENT, CS_ABSENT, CS_ABSENT, &err),
		   CS_ERR_RANGE, "joint: negative period left refused");
	is_int(cs_apply_plan_max_joint(&r, 2, d, mine, NULL, paid, 200, 565, 300, CS_ABSENT, CS_ABSENT, CS_ABSENT,
								   CS_MONEY_MAX + 1, &err), CS_ERR_RANGE, "joint: family lifetime left above range refused");
	paid[1] = -1;
	is_int(cs_apply_plan_max_joint(&r, 2, d, mine, NULL, paid, 200, 565, 300, D(10), CS_ABSENT, CS_ABSENT, CS_ABSENT, &err),
		   CS_ERR_RANGE, "joint: a negative payment refused");
	paid[1] = D(40);
	is_int(cs_apply_plan_max_joint(&r, -1, d, mine, NULL, paid, 200, 565, 300, D(10), CS_ABSENT, CS_ABSENT, CS_ABSENT, &err),
		   CS_ERR_RANGE, "joint: n < 0 refused");
	is_int(r.plan_pays, D(400), "joint: a refused call changes nothing");

	/* extremes (review, session 12): no earlier line (no arrays at all) */
	line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
	is_int(cs_apply_plan_max_joint(&r, 0, NULL, NULL, NULL, NULL, 200, 565, 300, D(150), CS_ABSENT, CS_ABSENT, CS_ABSENT, &err),
		   CS_OK, "joint: no earlier line, no arrays: ok");
	is_int(r.plan_pays, D(150), "joint: no earlier line: what was left before the set binds (150)");
	{
		/* earlier payments each at the top of the range: their sum leaves the range of money but not of
		 * int64; every maximum is used up, exactly (plan 0), not refused */
		cs_date		dd[] = {210, 220, 230};
		bool		mm[] = {true, false, true};
		cs_cents	pp[] = {CS_MONEY_MAX, CS_MONEY_MAX, CS_MONEY_MAX};

		line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
		is_int(cs_apply_plan_max_joint(&r, 3, dd, mm, NULL, pp, 200, 565, 300, CS_MONEY_MAX, CS_MONEY_MAX, CS_MONEY_MAX,
									   CS_MONEY_MAX, &err), CS_OK, "joint: payments at the cent limit: ok");
		is_int(r.plan_pays, 0, "joint: payments at the cent limit use up every maximum: plan 0");
		is_int(r.plan_max_excess, D(400), "joint: ... the 400 not covered");
		ok(r.patient_pays + r.plan_pays == r.allowed + r.balance_bill, "joint: ... the line balances");
	}
	{
		/* the same date (a tie the window orders by line id) counts; the period's bounds: its first day
		 * is in it, the day it ends is not */
		cs_date		dd[] = {300, 200, 565};
		bool		mm[] = {false, false, false};
		cs_cents	pp[] = {D(10), D(20), D(40)};

		line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
		cs_apply_plan_max_joint(&r, 3, dd, mm, NULL, pp, 200, 565, 300, CS_ABSENT, CS_ABSENT, D(100), CS_ABSENT, &err);
		is_int(r.plan_pays, D(70), "joint: an earlier line of the same date and one of the period's first day count: 100 - 30");
		line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
		cs_apply_plan_max_joint(&r, 3, dd, mm, NULL, pp, 565, 930, 565, CS_ABSENT, CS_ABSENT, D(100), CS_ABSENT, &err);
		is_int(r.plan_pays, D(60), "joint: the next period from its first day: only the earlier line of that day counts: 100 - 40");
	}
	{
		/*
		 * toward (session 13: estimate_many ran a 271's maximums down per category, so a line of another
		 * category under the same maximum row saw it whole): each earlier line counts toward only the
		 * maximums its bits name. Joy (mine) 30 on day 210 toward all; Kit 20 on day 220 toward the
		 * family's period only; Joy 50 on day 230 toward nothing (another maximum's category)
		 */
		cs_date		dd[] = {210, 220, 230};
		bool		mm[] = {true, false, true};
		unsigned	tw[] = {CS_MAX_TOWARD_ALL, CS_MAX_TOWARD_FAM_PERIOD, 0};
		cs_cents	pp[] = {D(30), D(20), D(50)};

		line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
		cs_apply_plan_max_joint(&r, 3, dd, mm, tw, pp, 200, 565, 300, D(100), CS_ABSENT, CS_ABSENT, CS_ABSENT, &err);
		is_int(r.plan_pays, D(70), "joint toward: her period counts her line toward it (30), not the one toward none (50): 70");
		line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
		cs_apply_plan_max_joint(&r, 3, dd, mm, tw, pp, 200, 565, 300, CS_ABSENT, CS_ABSENT, D(100), CS_ABSENT, &err);
		is_int(r.plan_pays, D(50), "joint toward: the family's period counts 30 + 20: 50");
		line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
		cs_apply_plan_max_joint(&r, 3, dd, mm, tw, pp, 200, 565, 300, CS_ABSENT, CS_ABSENT, CS_ABSENT, D(100), &err);
		is_int(r.plan_pays, D(70), "joint toward: the family's lifetime counts only the line toward it (30): 70");
		line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
		cs_apply_plan_max_joint(&r, 3, dd, mm, NULL, pp, 200, 565, 300, CS_ABSENT, CS_ABSENT, CS_ABSENT, D(100), &err);
		is_int(r.plan_pays, 0, "joint toward: NULL: every earlier line counts toward every maximum: 100 - 100 = 0");
		/* a member bit on another member's line counts nothing toward hers */
		tw[1] = CS_MAX_TOWARD_ALL;
		line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
		cs_apply_plan_max_joint(&r, 3, dd, mm, tw, pp, 200, 565, 300, CS_ABSENT, D(100), CS_ABSENT, CS_ABSENT, &err);
		is_int(r.plan_pays, D(70), "joint toward: another member's line counts toward her lifetime nothing, bits or not: 70");
	}
	{
		/* cs_max_toward_of: the first entry equal to the category, byte for byte; NULL matches NULL */
		cs_name		cats[] = {{"psychotherapy", 13}, {NULL, 0}, {"psych", 5}, {"psychotherapy", 13}};
		unsigned	bits[] = {CS_MAX_TOWARD_PERIOD, CS_MAX_TOWARD_FAM_LIFETIME, CS_MAX_TOWARD_ALL, 0};

		is_int(cs_max_toward_of(cats, bits, 4, (cs_name) {"psychotherapy", 13}), CS_MAX_TOWARD_PERIOD,
			   "toward_of: the first entry of the category");
		is_int(cs_max_toward_of(cats, bits, 4, (cs_name) {"psych", 5}), CS_MAX_TOWARD_ALL,
			   "toward_of: a prefix is another category");
		is_int(cs_max_toward_of(cats, bits, 4, (cs_name) {NULL, 0}), CS_MAX_TOWARD_FAM_LIFETIME,
			   "toward_of: a line of no category matches the NULL entry");
		is_int(cs_max_toward_of(cats, bits, 1, (cs_name) {NULL, 0}), 0, "toward_of: no NULL entry: none");
		is_int(cs_max_toward_of(cats, bits, 4, (cs_name) {"Psychotherapy", 13}), 0,
			   "toward_of: a category the list does not name counts toward none");
		is_int(cs_max_toward_of(NULL, NULL, 0, (cs_name) {"x", 1}), 0, "toward_of: an empty list: none");
		bits[2] = 0xff;
		is_int(cs_max_toward_of(cats, bits, 4, (cs_name) {"psych", 5}), CS_MAX_TOWARD_ALL,
			   "toward_of: bits beyond the four maximums are dropped");
	}
}

void
test_plan_max(void)
{
	setup();

	/* no maximum: nothing changes */
	is_int(line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT), CS_OK, "no maximum: adjudicates");
	is_int(r.plan_pays, D(400), "no maximum: plan 400");
	is_int(r.patient_pays, D(600), "no maximum: patient 600");
	is_int(r.not_covered, 0, "no maximum: nothing not covered");
	is_int(r.plan_max_excess, 0, "no maximum: no excess");
	ok(!(r.reasons & CS_REASON_LIMIT), "no maximum: no 119");

	/* a maximum not reached: 1,000 left of the period, 400 paid */
	line(D(1000), CS_ABSENT, D(1000), CS_ABSENT);
	is_int(r.plan_pays, D(400), "not reached: plan 400");
	ok(!(r.reasons & CS_REASON_LIMIT) && r.plan_max_excess == 0, "not reached: no 119, no excess");
	/* exactly what is left: still no excess */
	line(D(1000), CS_ABSENT, D(400), CS_ABSENT);
	is_int(r.plan_pays, D(400), "left exactly 400: plan 400");
	ok(!(r.reasons & CS_REASON_LIMIT), "left exactly 400: no 119");

	/* binding mid-line: 250 left; the plan pays 250, the other 150 is not covered */
	line(D(1000), CS_ABSENT, D(250), CS_ABSENT);
	is_int(r.plan_pays, D(250), "mid-line: plan 250");
	is_int(r.plan_max_excess, D(150), "mid-line: excess 150");
	is_int(r.not_covered, D(150), "mid-line: not covered 150");
	is_int(r.patient_pays, D(750), "mid-line: patient 600 + 150 = 750");
	is_int(r.deductible, D(500), "mid-line: deductible unchanged 500");
	is_int(r.coinsurance, D(100), "mid-line: coinsurance unchanged 100");
	is_int(r.reasons, CS_REASON_DEDUCTIBLE | CS_REASON_COINSURANCE | CS_REASON_LIMIT, "mid-line: 1, 2, 119");
	is_int(r.acc_after.oop_individual_met, D(600), "mid-line: the excess does not count toward the OOP limit");
	is_int(r.acc_after.ded_individual_met, D(500), "mid-line: nor toward the deductible");
	is_int(r.oop_credit, D(600), "mid-line: OOP credit 600");

	/* used up: nothing left; the plan pays nothing, the patient the whole allowed amount */
	line(D(1000), CS_ABSENT, 0, CS_ABSENT);
	is_int(r.plan_pays, 0, "used up: plan 0");
	is_int(r.patient_pays, D(1000), "used up: patient 1,000");
	is_int(r.not_covered, D(400), "used up: not covered 400 (the plan's share)");
	ok(r.reasons & CS_REASON_LIMIT, "used up: 119");

	/* lifetime binding before the period: 300 left of the period, 120 of the lifetime */
	line(D(1000), CS_ABSENT, D(300), D(120));
	is_int(r.plan_pays, D(120), "lifetime binds: plan 120");
	is_int(r.plan_max_excess, D(280), "lifetime binds: excess 280");
	is_int(r.patient_pays, D(880), "lifetime binds: patient 880");

	/* both present, the period binding: 100 of the period, 5,000 of the lifetime */
	line(D(1000), CS_ABSENT, D(100), D(5000));
	is_int(r.plan_pays, D(100), "period binds: plan 100");
	is_int(r.patient_pays, D(900), "period binds: patient 900");
	/* lifetime only */
	line(D(1000), CS_ABSENT, CS_ABSENT, D(50));
	is_int(r.plan_pays, D(50), "lifetime only: plan 50");

	/* out of network with a balance bill: the excess adds to it, the balance bill stays */
	t.network = CS_NETWORK_OUT;
	line(D(1000), D(1500), D(250), CS_ABSENT);
	is_int(r.balance_bill, D(500), "out of network: balance bill 500");
	is_int(r.plan_pays, D(250), "out of network: plan 250");
	is_int(r.patient_pays, D(1250), "out of network: 600 + 150 + 500 = 1,250");
	t.network = CS_NETWORK_IN;

	/* the OOP limit already met: the plan would pay all 1,000; 300 left: the patient pays 700 more */
	a.ded_individual_met = D(500);
	a.oop_individual_met = D(5000);
	line(D(1000), CS_ABSENT, D(300), CS_ABSENT);
	is_int(r.plan_pays, D(300), "OOP met: plan 300");
	is_int(r.patient_pays, D(700), "OOP met: the patient pays the 700 above the maximum");
	is_int(r.acc_after.oop_individual_met, D(5000), "OOP met: the excess is not credited");
	memset(&a, 0, sizeof(a));

	/* a line the visit limit refuses is not covered already: no excess */
	t.visit_limit = 1;
	a.visits_used = 1;
	line(D(1000), CS_ABSENT, 0, 0);
	is_int(r.plan_max_excess, 0, "visit limit reached: no excess");
	is_int(r.patient_pays, D(1000), "visit limit reached: patient 1,000");
	setup();

	/* one cent: a 0.01 maximum left */
	line(D(1000), CS_ABSENT, 1, CS_ABSENT);
	is_int(r.plan_pays, 1, "one cent left: plan 0.01");
	is_int(r.patient_pays, D(1000) - 1, "one cent left: patient 999.99");

	/* refused: a negative amount left, overflow */
	line(D(1000), CS_ABSENT, CS_ABSENT, CS_ABSENT);
	is_int(cs_apply_plan_max(&r, -5, CS_ABSENT, &err), CS_ERR_RANGE, "negative period left refused");
	is_int(cs_apply_plan_max(&r, CS_ABSENT, -5, &err), CS_ERR_RANGE, "negative lifetime left refused");
	is_int(r.plan_pays, D(400), "a refused call changes nothing");
	r.patient_pays = INT64_MAX - 1;
	is_int(cs_apply_plan_max(&r, 0, CS_ABSENT, &err), CS_ERR_OVERFLOW, "overflow is refused");

	/* what is left */
	is_int(cs_plan_max_left(CS_ABSENT, D(10)), CS_ABSENT, "left: no maximum");
	is_int(cs_plan_max_left(D(1000), D(250)), D(750), "left: 1,000 - 250 = 750");
	is_int(cs_plan_max_left(D(1000), D(1200)), 0, "left: paid above the maximum leaves 0");
	is_int(cs_plan_max_left(0, 0), 0, "left: a maximum of 0 leaves 0");
	test_plan_max_joint();
}
