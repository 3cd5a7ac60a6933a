/*
 * test_benefit271.c — terms from a 271 (cs_benefit271.c): the precedence of service types, networks,
 * levels and figures; unknowns; met from total - remaining or as stated; the posted ledger; source
 * choice, staleness and the remittance median.
 */
#include <string.h>

#include "cs_benefit271.h"
#include "cs_benefit_terms.h"
#include "tap.h"

static cs_b271_row
row(cs_b271_kind kind, cs_b271_net net, cs_b271_level level, cs_b271_figure fig, int rank,
	cs_cents amount, int64_t percent, int64_t segment)
{
	cs_b271_row r = {kind, net, level, fig, rank, amount, percent, CS_ABSENT, -1, segment, CS_B271_MAX_NONE};

	return r;
}

#define A CS_ABSENT

void
test_benefit271(void)
{
	cs_b271_choice c;
	cs_b271_terms t;
	cs_error	err;

	/* the pokitdok mock payer: copay $20 in network, $30 W; coinsurance 0.5 out of network;
	 * deductible IND 3000 total / 2983.57 remaining in network, 6000 out */
	{
		cs_b271_row rows[] = {
			row(CS_B271_COPAY, CS_B271_NET_IN, 0, 0, 0, 2000, A, 10),
			row(CS_B271_COPAY, CS_B271_NET_BOTH, 0, 0, 0, 3000, A, 11),
			row(CS_B271_COINSURANCE, CS_B271_NET_OUT, 0, 0, 0, A, 500000, 13),
			row(CS_B271_DEDUCTIBLE, CS_B271_NET_IN, CS_B271_LEVEL_FAMILY, CS_B271_FIG_TOTAL, 1, 600000, A, 14),
			row(CS_B271_DEDUCTIBLE, CS_B271_NET_IN, CS_B271_LEVEL_FAMILY, CS_B271_FIG_REMAINING, 1, 595609, A, 15),
			row(CS_B271_DEDUCTIBLE, CS_B271_NET_IN, CS_B271_LEVEL_INDIVIDUAL, CS_B271_FIG_TOTAL, 1, 300000, A, 16),
			row(CS_B271_DEDUCTIBLE, CS_B271_NET_IN, CS_B271_LEVEL_INDIVIDUAL, CS_B271_FIG_REMAINING, 1, 298357, A, 17),
			row(CS_B271_DEDUCTIBLE, CS_B271_NET_OUT, CS_B271_LEVEL_INDIVIDUAL, CS_B271_FIG_TOTAL, 1, 600000, A, 18),
		};

		cs_b271_choose(rows, 8, false, &c);
		is_int(c.copay.value, 2000, "271: in network, the EB12 Y copay beats the W one");
		ok(!c.coinsurance.known, "271: an out-of-network coinsurance is not an in-network figure");
		is_int(c.ded_ind_total.value, 300000, "271: individual deductible total");
		is_int(c.ded_ind_remaining.value, 298357, "271: individual deductible remaining");
		is_int(cs_b271_terms_of(&c, 0, 0, &t, &err), CS_OK, "271: terms");
		is_int(t.ded_individual_met, 1643, "271: met = total - remaining");
		is_int(t.ded_family_met, 4391, "271: family met = total - remaining");
		ok(t.unknown == (CS_B271_UNKNOWN_COINSURANCE | CS_B271_UNKNOWN_OOP | CS_B271_UNKNOWN_VISITS),
		   "271: coinsurance, OOP and visits unstated are unknown, not zero");
		ok(!t.deductible_applies, "271: a copay stated at a more specific service type than the deductible bypasses it");
		is_int(cs_b271_terms_of(&c, 2000, 0, &t, &err), CS_OK, "271: terms with posted ledger");
		is_int(t.ded_individual_met, 3643, "271: ledger lines posted since the 271 add to met");
		is_int(cs_b271_terms_of(&c, 400000, 0, &t, &err), CS_OK, "271: terms with a large posting");
		is_int(t.ded_individual_met, 300000, "271: met never exceeds the total");

		cs_b271_choose(rows, 8, true, &c);
		is_int(c.copay.value, 3000, "271: out of network, the W copay (the Y one is excluded)");
		is_int(c.coinsurance.value, 500000, "271: out of network, the N coinsurance");
		is_int(c.ded_ind_total.value, 600000, "271: out of network, the N deductible");
		ok(!c.ded_fam_total.known, "271: out of network, no family deductible is stated");
	}

	/* most specific service type wins over network and order */
	{
		cs_b271_row rows[] = {
			row(CS_B271_COPAY, CS_B271_NET_IN, 0, 0, 2, 1000, A, 1),	/* 30 */
			row(CS_B271_COPAY, CS_B271_NET_UNSTATED, 0, 0, 0, 4000, A, 2),	/* A6 */
			row(CS_B271_COPAY, CS_B271_NET_IN, 0, 0, 1, 2500, A, 3),	/* MH */
			row(CS_B271_COPAY, CS_B271_NET_IN, 0, 0, -1, 9900, A, 0),	/* another category */
		};

		cs_b271_choose(rows, 4, false, &c);
		is_int(c.copay.value, 4000, "271 precedence: the most specific service type wins");
		is_int(c.copay.segment, 2, "271 precedence: and says which segment");
		rows[1].rank = 1;
		cs_b271_choose(rows, 4, false, &c);
		is_int(c.copay.value, 2500, "271 precedence: at one rank, EB12 Y beats no EB12");
		rows[1].net = CS_B271_NET_IN;
		cs_b271_choose(rows, 4, false, &c);
		is_int(c.copay.value, 4000, "271 precedence: at one rank and network, the first segment");
	}

	/* levels, figures, stated met, per-visit deductibles */
	{
		cs_b271_row rows[] = {
			row(CS_B271_DEDUCTIBLE, 0, CS_B271_LEVEL_UNSTATED, CS_B271_FIG_TOTAL, 0, 50000, A, 1),
			row(CS_B271_DEDUCTIBLE, 0, CS_B271_LEVEL_INDIVIDUAL, CS_B271_FIG_TOTAL, 0, 100000, A, 2),
			row(CS_B271_DEDUCTIBLE, 0, CS_B271_LEVEL_INDIVIDUAL, CS_B271_FIG_PER_UNIT, 0, 1000, A, 0),
			row(CS_B271_DEDUCTIBLE, 0, CS_B271_LEVEL_INDIVIDUAL, CS_B271_FIG_REMAINING, 0, 70000, A, 3),
			row(CS_B271_DEDUCTIBLE, 0, CS_B271_LEVEL_INDIVIDUAL, CS_B271_FIG_MET, 0, 25000, A, 4),
			row(CS_B271_OOP, 0, CS_B271_LEVEL_FAMILY, CS_B271_FIG_TOTAL, 0, 800000, A, 5),
			row(CS_B271_COINSURANCE, 0, 0, 0, 0, A, 200000, 6),
		};

		cs_b271_choose(rows, 7, false, &c);
		is_int(c.ded_ind_total.value, 100000, "271 level: EB02 IND beats no EB02 for the individual figure");
		is_int(c.ded_ind_total.segment, 2, "271 figure: a per-visit deductible is never the period total");
		is_int(cs_b271_terms_of(&c, 0, 0, &t, &err), CS_OK, "271 terms: stated met");
		is_int(t.ded_individual_met, 25000, "271: the payer's own met (EB06 24) is used over total - remaining");
		ok(t.deductible_applies, "271: a stated deductible applies when no copay is stated");
		is_int(t.oop_family, 800000, "271: family OOP");
		is_int(t.oop_individual, A, "271: no individual OOP stated");
		ok(t.unknown == (CS_B271_UNKNOWN_COPAY | CS_B271_UNKNOWN_VISITS), "271: copay and visits unknown");
		is_int(t.coinsurance, 200000, "271: coinsurance 20%%");
	}

	/* a remaining above its total is refused */
	{
		cs_b271_row rows[] = {
			row(CS_B271_OOP, 0, 0, CS_B271_FIG_TOTAL, 0, 1000, A, 1),
			row(CS_B271_OOP, 0, 0, CS_B271_FIG_REMAINING, 0, 2000, A, 2),
		};

		cs_b271_choose(rows, 2, false, &c);
		is_int(cs_b271_terms_of(&c, 0, 0, &t, &err), CS_ERR_INCONSISTENT, "271: remaining above total is refused");
	}
	/* the terms a 271's line is adjudicated with (cs_b271_line_terms): as costshare.terms() with the 271's */
	{
		cs_b271_terms bt = {0};
		cs_benefit_terms lt;

		bt.copay = 2550;
		bt.coinsurance = 0;
		bt.deductible_applies = true;
		bt.ded_individual = 150000;
		bt.ded_family = CS_ABSENT;
		bt.oop_individual = bt.oop_family = CS_ABSENT;
		bt.visit_limit = 20;
		bt.unknown = CS_B271_UNKNOWN_COINSURANCE | CS_B271_UNKNOWN_OOP;
		is_int(cs_b271_line_terms(&bt, -1, true, &lt, &err), CS_OK, "271 line terms: built");
		ok(lt.terms.copay == 2550 && lt.terms.coinsurance == 0 && lt.terms.deductible_applies &&
		   !lt.terms.copay_after_deductible && lt.terms.covered && lt.terms.ded_individual == 150000 &&
		   lt.terms.ded_family == CS_ABSENT && lt.terms.family_mode == CS_FAMILY_EMBEDDED &&
		   lt.terms.visit_limit == 20 && lt.terms.network == CS_NETWORK_OUT &&
		   lt.terms.rounding == CS_ROUND_HALF_UP && lt.terms.copay_per == CS_COPAY_PER_LINE &&
		   lt.terms.copay_visits == CS_ABSENT && lt.terms.coinsurance_limit == CS_ABSENT &&
		   !lt.has_period_start && !lt.has_credits && lt.terms.bucket.data == NULL,
		   "271 line terms: the 271's figures, the line's network, costshare.terms()'s defaults");
		ok(lt.family_coverage_unknown && !lt.terms.family_coverage && lt.coinsurance_unstated,
		   "271 line terms: no coverage level known, no coinsurance stated: said so");
		is_int(cs_b271_line_terms(&bt, 1, false, &lt, &err), CS_OK, "271 line terms: family coverage");
		ok(lt.terms.family_coverage && !lt.family_coverage_unknown && lt.terms.network == CS_NETWORK_IN,
		   "271 line terms: family coverage in network");
		bt.ded_individual = CS_MONEY_MAX + 1;
		is_int(cs_b271_line_terms(&bt, 0, false, &lt, &err), CS_ERR_RANGE,
			   "271 line terms: an amount above the money range is refused as costshare.terms() refuses it");
		ok(strcmp(err.detail, "ded_individual is above 1000000000.00.") == 0, "271 line terms: ... naming the field");
		bt.ded_individual = 100;
		bt.coinsurance = CS_RATE_ONE + 1;
		is_int(cs_b271_line_terms(&bt, 0, false, &lt, &err), CS_ERR_RANGE, "271 line terms: a rate above 1 is refused");
	}
	/* the one rule (cs_b271_choice_conflict): a used maximum above its total is refused by the estimate as
	 * by load_271; a remaining and a met without a total above the money range too */
	{
		cs_b271_row rows[] = {
			row(CS_B271_LIMITATION, 0, 0, CS_B271_FIG_TOTAL, 0, 1000, A, 1),
			row(CS_B271_LIMITATION, 0, 0, CS_B271_FIG_MET, 0, 1001, A, 2),
			row(CS_B271_DEDUCTIBLE, 0, 0, CS_B271_FIG_REMAINING, 0, CS_MONEY_MAX, A, 3),
			row(CS_B271_DEDUCTIBLE, 0, 0, CS_B271_FIG_MET, 0, 1, A, 4),
		};
		cs_b271_conflict k;
		cs_cents	pl,
					ll;

		rows[0].maximum = CS_B271_MAX_PERIOD_TOTAL;
		rows[1].maximum = CS_B271_MAX_PERIOD_USED;
		cs_b271_choose(rows, 4, false, &c);
		ok(cs_b271_choice_conflict(&c, &k) && k.kind == CS_B271_CONFLICT_MAX_PERIOD_USED && k.segment == 2 &&
		   k.other == 1, "271: used above its total is the first contradiction");
		is_int(cs_b271_max_left(&c, 0, 0, &pl, &ll, &err), CS_ERR_INCONSISTENT, "271: the estimate refuses it");
		ok(strcmp(err.message, "a 271 used maximum is above its total") == 0, "271: ... as a used maximum above its total");
		is_int(cs_b271_terms_of(&c, 0, 0, &t, &err), CS_ERR_OVERFLOW,
			   "271: remaining + met without a total above the money range is refused");
		ok(strcmp(err.detail, "segments 3 and 4") == 0, "271: ... naming the segments");
		rows[3].amount = 0;
		cs_b271_choose(rows, 4, false, &c);
		is_int(cs_b271_terms_of(&c, 0, 0, &t, &err), CS_OK, "271: ... at the range it is the total");
		is_int(t.ded_individual, CS_MONEY_MAX, "271: ... remaining + met");
	}

	/* visit limit, authorization, carve-out */
	{
		cs_b271_row rows[] = {
			{CS_B271_LIMITATION, 0, 0, 0, 0, A, A, 20, -1, 1, CS_B271_MAX_NONE},
			{CS_B271_OTHER, 0, 0, 0, 1, A, A, A, 1, 2, CS_B271_MAX_NONE},
			{CS_B271_OTHER, 0, 0, 0, 0, A, A, A, 0, 3, CS_B271_MAX_NONE},
			{CS_B271_CARVE_OUT, 0, 0, 0, 0, A, A, A, -1, 4, CS_B271_MAX_NONE},
		};

		cs_b271_choose(rows, 4, false, &c);
		is_int(c.visit_limit.value, 20, "271: visit limit");
		is_int(c.auth_required.value, 0, "271: authorization from the most specific row");
		ok(c.carve_out, "271: carve-out");
	}

	is_int(cs_b271_source_of(true, true, false), CS_B271_SRC_PLAN, "source: plan first by default");
	is_int(cs_b271_source_of(true, true, true), CS_B271_SRC_271, "source: 271 first when chosen");
	is_int(cs_b271_source_of(false, true, false), CS_B271_SRC_271, "source: 271 when no plan covers");
	is_int(cs_b271_source_of(true, false, true), CS_B271_SRC_PLAN, "source: plan when no 271");
	is_int(cs_b271_source_of(false, false, true), CS_B271_SRC_NONE, "source: none");
	ok(cs_b271_may_price(false, false) && cs_b271_may_price(false, true),
	   "may price: a 271 would price a line no plan design covers, whatever the policy");
	ok(cs_b271_may_price(true, true), "may price: and a covered line when the policy prefers the 271");
	ok(!cs_b271_may_price(true, false), "may price: not a covered line under the default policy");
	for (int pc = 0; pc < 2; pc++)
		for (int pr = 0; pr < 2; pr++)
			ok(cs_b271_may_price(pc, pr) == (cs_b271_source_of(pc, true, pr) == CS_B271_SRC_271),
			   "may price (plan_covers %d, prefer %d) is exactly: a loaded 271 would be the source", pc, pr);
	/* coverage on a date: active wins, inactive next, else outside the stated periods, else unstated */
	{
		cs_b271_cov cov[] = {
			{true, true, 100, 200},	/* active [100, 200) */
			{false, true, 200, CS_B271_OPEN},	/* inactive from 200 on */
			{true, true, 300, 400},	/* active again [300, 400) */
		};
		cs_b271_cov open_active = {true, false, 0, 0};
		cs_b271_cov inactive_only = {false, false, 0, 0};

		is_int(cs_b271_coverage_on(cov, 3, 150), CS_B271_COV_ACTIVE, "coverage: an active period covers the date");
		is_int(cs_b271_coverage_on(cov, 3, 199), CS_B271_COV_ACTIVE, "coverage: the last day of an active period");
		is_int(cs_b271_coverage_on(cov, 3, 200), CS_B271_COV_INACTIVE, "coverage: the period's end is exclusive; inactive from then");
		is_int(cs_b271_coverage_on(cov, 3, 350), CS_B271_COV_ACTIVE, "coverage: active wins over inactive on the same date");
		is_int(cs_b271_coverage_on(cov, 2, 50), CS_B271_COV_OUTSIDE, "coverage: before every stated period: outside");
		is_int(cs_b271_coverage_on(&open_active, 1, 5), CS_B271_COV_ACTIVE, "coverage: an active EB without dates covers every date");
		is_int(cs_b271_coverage_on(&inactive_only, 1, 5), CS_B271_COV_INACTIVE, "coverage: an inactive EB without dates");
		is_int(cs_b271_coverage_on(cov, 0, 5), CS_B271_COV_UNSTATED, "coverage: no active or inactive EB: unstated");
	}
	ok(!cs_b271_stale(100, 130, 30), "stale: 30 days old is not older than 30");
	ok(cs_b271_stale(100, 131, 30), "stale: 31 days old is");
	ok(!cs_b271_stale(0, 100000, -1), "stale: a negative age never");
	{
		cs_cents	v1[] = {15000, 9000, 12000};
		cs_cents	v2[] = {10001, 10000};
		cs_cents	v3[] = {7};

		is_int(cs_median_cents(v1, 3), 12000, "median of three");
		is_int(cs_median_cents(v2, 2), 10001, "median of two, half up");
		is_int(cs_median_cents(v3, 1), 7, "median of one");
	}
}
