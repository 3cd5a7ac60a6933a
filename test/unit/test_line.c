/*
 * test_line.c — the decisions of a line's context (cs_line.c): telehealth, the service-code row and the
 * fee row that apply and which wins, where the allowed amount comes from, the telehealth copay and
 * coverage, the added reasons and whether the line can be priced. The row choices are checked over
 * every combination of what a row states and matches (an exhaustive property run), besides examples.
 */
#include <string.h>

#include "cs_line.h"
#include "tap.h"

static void
telehealth(void)
{
	ok(cs_line_telehealth_modifier("95", 2) && cs_line_telehealth_modifier("93", 2) &&
	   cs_line_telehealth_modifier("GT", 2), "95, 93 and GT are telehealth modifiers");
	ok(!cs_line_telehealth_modifier("", 0) && !cs_line_telehealth_modifier("GQ", 2) &&
	   !cs_line_telehealth_modifier("9", 1) && !cs_line_telehealth_modifier("951", 3) &&
	   !cs_line_telehealth_modifier("gt", 2), "other modifiers (and gt in lower case, as stored) are not");
	ok(cs_line_telehealth(true, "", 0), "a telehealth place of service is telehealth without a modifier");
	ok(cs_line_telehealth(false, "95", 2), "an office visit with 95 is telehealth");
	ok(!cs_line_telehealth(false, "25", 2), "an office visit with 25 is not");
}

static void
code_rows(void)
{
	int			pass = 1;

	is_int(cs_line_code_row_rank(true, false, true, false), 0, "a row for any place and modifier applies, rank 0");
	is_int(cs_line_code_row_rank(false, true, true, false), 2, "a row for the line's place of service: rank 2");
	is_int(cs_line_code_row_rank(true, false, false, true), 1, "a row for the line's modifier: rank 1");
	is_int(cs_line_code_row_rank(false, true, false, true), 3, "a row for both: rank 3");
	is_int(cs_line_code_row_rank(false, false, true, false), -1, "a row for another place of service does not apply");
	is_int(cs_line_code_row_rank(true, false, false, false), -1, "a row for another modifier does not apply");
	/* every combination: applies iff each stated value matches; place of service outranks modifier */
	for (int m = 0; m < 16; m++)
	{
		bool		pa = m & 1,
					pm = m & 2,
					ma = m & 4,
					mm = m & 8;
		int			r = cs_line_code_row_rank(pa, pm, ma, mm);
		bool		applies = (pa || pm) && (ma || mm);

		if (applies != (r >= 0))
			pass = 0;
		if (applies && r != (pa ? 0 : 2) + (ma ? 0 : 1))
			pass = 0;
	}
	ok(pass, "all 16 combinations: applicability and rank");
}

static cs_fee_row_facts
facts_of(int bits)
{
	cs_fee_row_facts f;

	f.plan_stated = bits & 1;
	f.plan_match = bits & 2;
	f.modifier_stated = bits & 4;
	f.modifier_match = bits & 8;
	f.facility_stated = bits & 16;
	f.facility_match = bits & 32;
	f.credential_stated = bits & 64;
	f.credential_match = bits & 128;
	f.state_stated = bits & 256;
	f.state_match = bits & 512;
	f.valid_on_date = bits & 1024;
	return f;
}

/* which of the five columns the row states, as a set (plan 16 ... state 1, the rank's weights) */
static int
stated_set(const cs_fee_row_facts *f)
{
	return (f->plan_stated ? 16 : 0) | (f->modifier_stated ? 8 : 0) | (f->credential_stated ? 4 : 0) |
		(f->facility_stated ? 2 : 0) | (f->state_stated ? 1 : 0);
}

static void
fee_rows(void)
{
	cs_fee_row_facts f;
	int			applies_ok = 1,
				dominance_ok = 1,
				plan_first_ok = 1,
				distinct_ok = 1;
	int			rank_of_set[32];

	memset(&f, 0, sizeof f);
	f.valid_on_date = true;
	is_int(cs_fee_row_rank(&f), 0, "a payer-wide row valid on the date applies with rank 0");
	f.valid_on_date = false;
	is_int(cs_fee_row_rank(&f), -1, "a row not valid on the date does not apply");
	f.valid_on_date = true;
	f.credential_stated = true;
	f.credential_match = false;
	is_int(cs_fee_row_rank(&f), -1, "a row for another credential (or a provider without one) does not apply");
	f.credential_match = true;
	is_int(cs_fee_row_rank(&f), 4, "a row for the provider's credential: rank 4");
	f.plan_stated = f.plan_match = true;
	is_int(cs_fee_row_rank(&f), 20, "the plan's row for the credential: rank 20");

	for (int s = 0; s < 32; s++)
		rank_of_set[s] = -2;
	/* all 2^11 combinations of stated / matching / valid */
	for (int bits = 0; bits < 2048; bits++)
	{
		cs_fee_row_facts a = facts_of(bits);
		int			r = cs_fee_row_rank(&a);
		bool		applies = a.valid_on_date && (!a.plan_stated || a.plan_match) &&
			(!a.modifier_stated || a.modifier_match) && (!a.facility_stated || a.facility_match) &&
			(!a.credential_stated || a.credential_match) && (!a.state_stated || a.state_match);

		if (applies != (r >= 0))
			applies_ok = 0;
		if (r < 0)
			continue;
		/* the rank depends on what the row states, nothing else, and names it uniquely */
		if (rank_of_set[stated_set(&a)] == -2)
			rank_of_set[stated_set(&a)] = r;
		else if (rank_of_set[stated_set(&a)] != r)
			distinct_ok = 0;
	}
	for (int s = 0; s < 32; s++)
		for (int t = 0; t < 32; t++)
		{
			if (rank_of_set[s] < 0 || rank_of_set[t] < 0 || s == t)
				continue;
			if (rank_of_set[s] == rank_of_set[t])
				distinct_ok = 0;
			/* a row stating more (a superset) always wins */
			if ((s & t) == t && rank_of_set[s] <= rank_of_set[t])
				dominance_ok = 0;
			/* a row naming the plan outranks every row that does not */
			if ((s & 16) && !(t & 16) && rank_of_set[s] <= rank_of_set[t])
				plan_first_ok = 0;
		}
	ok(applies_ok, "all 2048 combinations: a fee row applies iff valid and every stated column matches");
	ok(distinct_ok, "the rank is a function of the stated columns, one rank per set of them");
	ok(dominance_ok, "a row stating a superset of another's columns always outranks it");
	ok(plan_first_ok, "a row for the plan outranks every payer-wide row");
}

static void
allowed_sources(void)
{
	cs_allowed_source s[CS_ALLOWED_MAX_SOURCES];
	int			n;

	n = cs_allowed_sources(true, true, false, s);
	ok(n == 1 && s[0] == CS_ALLOWED_FEE_SCHEDULE, "a fee row with an amount: that amount only");
	n = cs_allowed_sources(true, true, true, s);
	ok(n == 1 && s[0] == CS_ALLOWED_FEE_SCHEDULE, "... also for a Medicare plan");
	n = cs_allowed_sources(true, false, false, s);
	ok(n == 2 && s[0] == CS_ALLOWED_PERCENT_OF_MEDICARE && s[1] == CS_ALLOWED_REMITTANCE_HISTORY,
	   "a percent-of-Medicare row: that, then the remittance history");
	n = cs_allowed_sources(true, false, true, s);
	ok(n == 2 && s[0] == CS_ALLOWED_PERCENT_OF_MEDICARE && s[1] == CS_ALLOWED_MEDICARE_FEE_SCHEDULE,
	   "a percent-of-Medicare row in a Medicare plan: that, then Medicare's own fee schedule");
	n = cs_allowed_sources(false, false, true, s);
	ok(n == 1 && s[0] == CS_ALLOWED_MEDICARE_FEE_SCHEDULE, "no fee row, Medicare plan: Medicare's fee schedule");
	n = cs_allowed_sources(false, true, false, s);
	ok(n == 1 && s[0] == CS_ALLOWED_REMITTANCE_HISTORY, "no fee row, other plan: the remittance history");
	ok(strcmp(cs_allowed_source_word(CS_ALLOWED_FEE_SCHEDULE), "fee_schedule") == 0 &&
	   strcmp(cs_allowed_source_word(CS_ALLOWED_PERCENT_OF_MEDICARE), "percent_of_medicare") == 0 &&
	   strcmp(cs_allowed_source_word(CS_ALLOWED_MEDICARE_FEE_SCHEDULE), "medicare_fee_schedule") == 0 &&
	   strcmp(cs_allowed_source_word(CS_ALLOWED_REMITTANCE_HISTORY), "remittance_history") == 0,
	   "allowed_source words");
}

static void
terms_choices(void)
{
	ok(cs_line_uses_telehealth_copay(true, true), "telehealth with a telehealth copay: that copay");
	ok(!cs_line_uses_telehealth_copay(true, false), "telehealth without one: the benefit's copay");
	ok(!cs_line_uses_telehealth_copay(false, true), "in person: the benefit's copay");
	ok(cs_line_benefit_of(true, true, true) == CS_LINE_BENEFIT_IN_ROW &&
	   cs_line_benefit_of(true, false, true) == CS_LINE_BENEFIT_IN_ROW,
	   "benefit: an in-network line takes the in-network row");
	ok(cs_line_benefit_of(false, true, true) == CS_LINE_BENEFIT_NONE,
	   "benefit: an in-network line of a plan stating the category out of network only has no benefit "
	   "(the out-of-network row does not price an in-network line)");
	ok(cs_line_benefit_of(true, true, false) == CS_LINE_BENEFIT_OUT_ROW &&
	   cs_line_benefit_of(false, true, false) == CS_LINE_BENEFIT_OUT_ROW,
	   "benefit: an out-of-network line takes the out-of-network row");
	ok(cs_line_benefit_of(true, false, false) == CS_LINE_BENEFIT_IN_NETWORK_ONLY,
	   "benefit: out of network, the plan states the category in network only: an in-network-only plan, "
	   "a benefit that does not cover the line");
	ok(cs_line_benefit_of(false, false, false) == CS_LINE_BENEFIT_NONE &&
	   cs_line_benefit_of(false, false, true) == CS_LINE_BENEFIT_NONE,
	   "benefit: no row for the category: no benefit in either network");
	ok(cs_line_covered(true, false, false), "covered in person even where telehealth is not allowed");
	ok(!cs_line_covered(true, true, false), "a telehealth visit the benefit excludes is not covered");
	ok(cs_line_covered(true, true, true), "a telehealth visit the benefit allows is covered");
	ok(!cs_line_covered(false, false, true), "a benefit that does not cover, does not");
}

static void
reasons_priceable(void)
{
	cs_line_facts f = {false, false, true, true, false, CS_ELIG_ELIGIBLE, false, false};
	const char *r[CS_LINE_MAX_REASONS];
	int			n;

	is_int(cs_line_reasons(&f, r), 0, "an in-network line with a fee: no reason added");
	ok(cs_line_priceable(&f), "and it can be priced");
	f.network_out = true;
	f.nsa_applies = true;
	f.allowed_known = false;
	n = cs_line_reasons(&f, r);
	ok(n == 3 && strcmp(r[0], "out_of_network") == 0 && strcmp(r[1], "nsa_protected") == 0 &&
	   strcmp(r[2], "no_fee_schedule") == 0, "out of network, protected, no fee: the three reasons in order");
	ok(!cs_line_priceable(&f), "without an allowed amount it cannot be priced");
	f.have_terms = false;
	n = cs_line_reasons(&f, r);
	ok(n == 2, "no terms: no_fee_schedule is not said (the benefit is what is missing)");
	f = (cs_line_facts) {false, false, true, true, false, CS_ELIG_UNKNOWN, false, false};
	ok(!cs_line_priceable(&f), "unknown status: not priceable");
	f.status = CS_ELIG_CARVED_OUT;
	ok(!cs_line_priceable(&f), "carved out: not priceable");
	f.status = CS_ELIG_NOT_ELIGIBLE;
	ok(cs_line_priceable(&f), "not eligible but with terms and a fee: priced (the patient pays it all)");
	f.age_limit = true;
	ok(!cs_line_priceable(&f), "a child over the dependent age limit: not priceable");
	f = (cs_line_facts) {true, true, true, false, false, CS_ELIG_ELIGIBLE, true, true};
	n = cs_line_reasons(&f, r);
	ok(n == CS_LINE_MAX_REASONS && strcmp(r[3], "plan_paid_unknown") == 0 &&
	   strcmp(r[4], "cob_order_unverified") == 0,
	   "all five reasons fit, plan_paid_unknown then cob_order_unverified last");
	f = (cs_line_facts) {false, false, true, true, false, CS_ELIG_ELIGIBLE, false, true};
	ok(cs_line_reasons(&f, r) == 1 && strcmp(r[0], "cob_order_unverified") == 0 && cs_line_priceable(&f),
	   "a COB order resting on an unknown birth date is said and does not stop pricing");
	f = (cs_line_facts) {false, false, true, true, false, CS_ELIG_ELIGIBLE, true, false};
	ok(cs_line_priceable(&f), "an unknown plan payment on file does not stop pricing (counted as 0, said)");
}

static void
ledger_status(void)
{
	ok(cs_ledger_status_counts("pending", 7) && cs_ledger_status_counts("final", 5),
	   "pending and final ledger lines count");
	ok(!cs_ledger_status_counts("estimated", 9) && !cs_ledger_status_counts("reversed", 8) &&
	   !cs_ledger_status_counts("", 0) && !cs_ledger_status_counts("Final", 5) && !cs_ledger_status_counts(NULL, 0),
	   "estimated, reversed (and anything else) count nothing");
}

static void
source_policy(void)
{
	ok(!cs_source_policy_prefers_271(false, false, false, false), "no policy row: the plan design");
	ok(cs_source_policy_prefers_271(false, false, true, true), "the payer's row prefers the 271");
	ok(!cs_source_policy_prefers_271(true, false, true, true), "the plan's own row (plan design) wins over the payer's");
	ok(cs_source_policy_prefers_271(true, true, true, false), "the plan's own row (271) wins over the payer's");
	ok(cs_source_policy_prefers_271(true, true, false, false), "the plan's own row alone");
}

void
test_line(void)
{
	ledger_status();
	source_policy();
	telehealth();
	code_rows();
	fee_rows();
	allowed_sources();
	terms_choices();
	reasons_priceable();
}
