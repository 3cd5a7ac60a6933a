/*
 * test_eligibility.c — the composition of costshare.eligibility's answer (cs_eligibility.c): where it
 * comes from (benefit_source), which columns the 271 path fills, when the enrollment and the 271's
 * provenance are shown, and when a second coverage is described. Checked by example and over every
 * combination of the inputs.
 */
#include <string.h>

#include "cs_eligibility.h"
#include "tap.h"

static void
source_words(void)
{
	ok(strcmp(cs_elig_source_word(CS_ELIG_SRC_PLAN), "plan") == 0, "source word: plan");
	ok(strcmp(cs_elig_source_word(CS_ELIG_SRC_271), "271") == 0, "source word: 271");
	ok(cs_elig_source_word(CS_ELIG_SRC_NONE) == NULL, "source word: none is NULL");
}

static void
answers(void)
{
	cs_elig_answer a;

	cs_elig_answer_of(true, false, 1, &a);
	ok(a.source == CS_ELIG_SRC_PLAN && !a.from_271 && a.enrollment && !a.provenance_271 && !a.secondary,
	   "a covered line, no 271 answer, one coverage: the plan design's answer with its enrollment");
	cs_elig_answer_of(false, false, 1, &a);
	ok(a.source == CS_ELIG_SRC_NONE && !a.from_271 && a.enrollment && !a.provenance_271,
	   "no benefit and no 271 answer: the line context's answer, source none, the enrollment still shown");
	cs_elig_answer_of(false, true, 1, &a);
	ok(a.source == CS_ELIG_SRC_271 && a.from_271 && !a.enrollment && a.provenance_271,
	   "no plan design, a 271 answer: the 271's, no enrollment, its interchange and unknowns");
	cs_elig_answer_of(true, true, 2, &a);
	ok(a.source == CS_ELIG_SRC_271 && a.from_271 && a.secondary,
	   "a covered line the policy prices from the 271: the 271's, and the second coverage described");
	cs_elig_answer_of(true, false, 0, &a);
	ok(!a.secondary, "no coverage: no second coverage");
	cs_elig_answer_of(true, false, 2, &a);
	ok(a.plan_max, "plan-paid maximum: the plan design prices the line: its remainders");
	cs_elig_answer_of(true, true, 2, &a);
	ok(!a.plan_max && a.secondary, "plan-paid maximum: priced from the 271: none of the plan design's (the second coverage's still)");
	ok(a.plan_max_271, "plan-paid maximum: priced from the 271: the 271's own");
	cs_elig_answer_of(false, false, 1, &a);
	ok(!a.plan_max && !a.plan_max_271, "plan-paid maximum: no benefit: none");
	ok(!cs_elig_reports_secondary(0) && !cs_elig_reports_secondary(1), "secondary: not with 0 or 1 coverage");
	ok(cs_elig_reports_secondary(2) && cs_elig_reports_secondary(3) && cs_elig_reports_secondary(16),
	   "secondary: with 2 coverages or more (the coverage at COB position 2)");
}

/* every combination: the 271's answer is taken exactly when its path priced the line */
static void
all_combinations(void)
{
	int			pass = 1;

	for (int pc = 0; pc < 2; pc++)
		for (int p271 = 0; p271 < 2; p271++)
			for (int cov = 0; cov <= 4; cov++)
			{
				cs_elig_answer a;

				memset(&a, 0x7f, sizeof(a));
				cs_elig_answer_of(pc, p271, cov, &a);
				if (a.from_271 != (bool) p271 || a.provenance_271 != (bool) p271 || a.enrollment == (bool) p271 ||
					a.secondary != (cov >= 2) || a.plan_max != (pc && !p271) || a.plan_max_271 != (bool) p271 ||
					a.source != (p271 ? CS_ELIG_SRC_271 : pc ? CS_ELIG_SRC_PLAN : CS_ELIG_SRC_NONE))
				{
					pass = 0;
					printf("# plan_covers %d priced_from_271 %d coverages %d\n", pc, p271, cov);
				}
			}
	ok(pass, "answer: over every combination, the 271 path's columns exactly when it priced the line");
}

/* a coverage as the enrollment and plan rows describe it */
static cs_coverage
cov(int explicit_order, bool medicaid, cs_relationship rel, cs_coverage_kind kind, cs_date birth, cs_date start)
{
	cs_coverage c;

	c.explicit_order = explicit_order;
	c.payer_of_last_resort = medicaid;
	c.relationship = rel;
	c.kind = kind;
	c.subscriber_birth = birth;
	c.coverage_start = start;
	return c;
}

/* the first argument orders before the second */
static bool
before(cs_coverage a, cs_coverage b)
{
	return cs_cob_key(&a) < cs_cob_key(&b);
}

static void
cob_rules(void)
{
	cs_date		jan2020 = cs_date_from_ymd(2020, 1, 1),
				jun2024 = cs_date_from_ymd(2024, 6, 1),
				mom = cs_date_from_ymd(1985, 9, 20),
				dad = cs_date_from_ymd(1979, 2, 14),
				unknown = INT32_MIN;

	ok(before(cov(-1, false, CS_REL_SELF, CS_KIND_ACTIVE, unknown, jun2024),
			  cov(-1, false, CS_REL_SPOUSE, CS_KIND_ACTIVE, unknown, jan2020)),
	   "COB: the plan covering the person as subscriber before the one covering them as a dependent, "
	   "even when the dependent coverage is older");
	ok(before(cov(-1, false, CS_REL_CHILD, CS_KIND_ACTIVE, dad, jun2024),
			  cov(-1, false, CS_REL_CHILD, CS_KIND_ACTIVE, mom, jan2020)),
	   "COB: birthday rule, the parent whose birthday (month and day) comes first in the year, not the "
	   "older parent and not the older coverage (Feb 14 before Sep 20)");
	ok(before(cov(-1, false, CS_REL_CHILD, CS_KIND_ACTIVE, cs_date_from_ymd(1990, 1, 5), jun2024),
			  cov(-1, false, CS_REL_CHILD, CS_KIND_ACTIVE, cs_date_from_ymd(1970, 3, 3), jan2020)),
	   "COB: birthday rule ignores the year (Jan 5 1990 before Mar 3 1970)");
	ok(before(cov(-1, false, CS_REL_CHILD, CS_KIND_ACTIVE, cs_date_from_ymd(1980, 4, 1), jan2020),
			  cov(-1, false, CS_REL_CHILD, CS_KIND_ACTIVE, cs_date_from_ymd(1984, 4, 1), jun2024)),
	   "COB: parents with the same birthday: the longer coverage first");
	ok(before(cov(-1, false, CS_REL_SELF, CS_KIND_ACTIVE, unknown, jun2024),
			  cov(-1, false, CS_REL_SELF, CS_KIND_COBRA, unknown, jan2020)) &&
	   before(cov(-1, false, CS_REL_SELF, CS_KIND_ACTIVE, unknown, jun2024),
			  cov(-1, false, CS_REL_SELF, CS_KIND_RETIREE, unknown, jan2020)),
	   "COB: active coverage before COBRA or retiree coverage, even when those are older");
	ok(before(cov(-1, false, CS_REL_SELF, CS_KIND_ACTIVE, unknown, jan2020),
			  cov(-1, false, CS_REL_SELF, CS_KIND_ACTIVE, unknown, jun2024)),
	   "COB: otherwise the longer coverage (earlier start) first");
	ok(before(cov(-1, false, CS_REL_CHILD, CS_KIND_RETIREE, unknown, jun2024),
			  cov(-1, true, CS_REL_SELF, CS_KIND_ACTIVE, unknown, jan2020)),
	   "COB: Medicaid pays last, after any other coverage");
	ok(cs_cob_key(&(cs_coverage) {1, false, CS_REL_SELF, CS_KIND_ACTIVE, unknown, jun2024}) ==
	   cs_cob_key(&(cs_coverage) {-1, false, CS_REL_SELF, CS_KIND_ACTIVE, unknown, jun2024}),
	   "COB: an order set by hand is not in the rules' key (cs_cob_order places it)");
	ok(before(cov(-1, false, CS_REL_CHILD, CS_KIND_ACTIVE, cs_date_from_ymd(1980, 12, 31), jun2024),
			  cov(-1, false, CS_REL_CHILD, CS_KIND_ACTIVE, unknown, jan2020)),
	   "COB: a parent whose birth date is unknown comes after every known birthday (Dec 31 first), "
	   "even with the older coverage");
	ok(before(cov(-1, false, CS_REL_CHILD, CS_KIND_ACTIVE, unknown, jun2024),
			  cov(-1, false, CS_REL_CHILD, CS_KIND_COBRA, unknown, jan2020)) &&
	   before(cov(-1, false, CS_REL_CHILD, CS_KIND_ACTIVE, unknown, jan2020),
			  cov(-1, false, CS_REL_CHILD, CS_KIND_ACTIVE, unknown, jun2024)),
	   "COB: between two unknown birth dates the next rules decide (active first, then the longer coverage)");
	ok(before(cov(-1, false, CS_REL_CHILD, CS_KIND_ACTIVE, unknown, jun2024),
			  cov(-1, true, CS_REL_CHILD, CS_KIND_ACTIVE, dad, jan2020)) &&
	   before(cov(-1, false, CS_REL_SPOUSE, CS_KIND_ACTIVE, dad, jan2020),
			  cov(-1, false, CS_REL_CHILD, CS_KIND_ACTIVE, unknown, jun2024)) ==
	   before(cov(-1, false, CS_REL_SPOUSE, CS_KIND_ACTIVE, dad, jan2020),
			  cov(-1, false, CS_REL_CHILD, CS_KIND_ACTIVE, dad, jun2024)),
	   "COB: an unknown birth date does not move a coverage past Medicaid nor change the earlier rules");
	ok(cs_cob_sql_key(&(cs_coverage) {2, true, CS_REL_CHILD, CS_KIND_COBRA, unknown, jun2024}) <
	   cs_cob_sql_key(&(cs_coverage) {-1, false, CS_REL_SELF, CS_KIND_ACTIVE, unknown, jan2020}),
	   "COB: the 1.1 SQL key (costshare.cob_key) still sorts a stated order before none");
	ok(cs_cob_key(&(cs_coverage) {-1, false, CS_REL_SPOUSE, CS_KIND_ACTIVE, dad, jan2020}) ==
	   cs_cob_key(&(cs_coverage) {-1, false, CS_REL_SPOUSE, CS_KIND_ACTIVE, mom, jan2020}),
	   "COB: the birthday rule is for dependent children only (a spouse's key ignores the birth date)");
}

/* order o against the expected coverage indexes e (n entries) */
static bool
order_is(const int *o, const int *e, int n)
{
	for (int i = 0; i < n; i++)
		if (o[i] != e[i])
			return false;
	return true;
}

static void
cob_unknown_birthday(void)
{
	cs_date		jan2020 = cs_date_from_ymd(2020, 1, 1),
				dad = cs_date_from_ymd(1979, 2, 14);
	cs_coverage two[2] = {cov(-1, false, CS_REL_CHILD, CS_KIND_ACTIVE, dad, jan2020),
	cov(-1, false, CS_REL_CHILD, CS_KIND_ACTIVE, INT32_MIN, jan2020)};

	ok(cs_cob_birthday_unknown(2, two), "COB unverified: a child's two plans, one parent's birth date unknown");
	two[0].subscriber_birth = INT32_MIN;
	ok(cs_cob_birthday_unknown(2, two), "COB unverified: both unknown");
	two[0].subscriber_birth = two[1].subscriber_birth = dad;
	ok(!cs_cob_birthday_unknown(2, two), "COB unverified: both known: not said");
	two[1].subscriber_birth = INT32_MIN;
	ok(!cs_cob_birthday_unknown(1, two), "COB unverified: one coverage: nothing to order");
	two[0].relationship = CS_REL_SELF;
	ok(!cs_cob_birthday_unknown(2, two), "COB unverified: the birthday rule does not compare a plan as subscriber");
	two[0].relationship = CS_REL_CHILD;
	two[0].payer_of_last_resort = true;
	ok(!cs_cob_birthday_unknown(2, two), "COB unverified: nor Medicaid with another plan (Medicaid is last)");
	two[0].payer_of_last_resort = false;
	two[0].explicit_order = 1;
	ok(!cs_cob_birthday_unknown(2, two),
	   "COB unverified: one order stated by hand: it is a position, the other takes the one left (the birthday rule decides nothing)");
	two[1].explicit_order = 2;
	ok(!cs_cob_birthday_unknown(2, two), "COB unverified: both stated by hand: the birthday rule is not used");
	two[1].explicit_order = 1;
	ok(cs_cob_birthday_unknown(2, two),
	   "COB unverified: both stated 1: the rules order the tie, and the birthday rule cannot");
	two[0].explicit_order = 0;
	ok(cs_cob_birthday_unknown(2, two), "COB unverified: a stated 0 counts as 1: still a tie");
	{
		/* three parents' plans: one stated 1 (unknown birth date); two not stated, one of them unknown */
		cs_coverage three[3] = {cov(1, false, CS_REL_CHILD, CS_KIND_ACTIVE, INT32_MIN, jan2020),
		cov(-1, false, CS_REL_CHILD, CS_KIND_ACTIVE, dad, jan2020),
		cov(-1, false, CS_REL_CHILD, CS_KIND_ACTIVE, INT32_MIN, jan2020)};

		ok(cs_cob_birthday_unknown(3, three),
		   "COB unverified: three plans, the two not stated compared by the birthday rule, one date unknown");
		three[2].subscriber_birth = dad;
		ok(!cs_cob_birthday_unknown(3, three),
		   "COB unverified: three plans, the unknown date only the stated one's: not said");
	}
}

static void
cob_stated(int perm[][4], int np)
{
	/* the rules' order of these four: 3, 1, 2, 0 (as in cob_order) */
	int64_t		keys[4] = {30, 10, 20, 10};
	int64_t		ids[4] = {7, 9, 3, 4};
	int			o[4];
	bool		pass = true;

	cs_cob_order(2, (int64_t[]) {10, 20}, (int[]) {-1, 2}, (int64_t[]) {1, 2}, o);
	ok(o[0] == 0 && o[1] == 1,
	   "COB stated: one coverage stating 2 and one without: the stated one is secondary (not primary)");
	cs_cob_order(2, (int64_t[]) {10, 20}, (int[]) {2, -1}, (int64_t[]) {1, 2}, o);
	ok(o[0] == 1 && o[1] == 0, "COB stated: a stated 2 makes the rules' primary secondary");
	cs_cob_order(2, (int64_t[]) {10, 20}, (int[]) {-1, 1}, (int64_t[]) {1, 2}, o);
	ok(o[0] == 1 && o[1] == 0, "COB stated: a stated 1 is primary over the rules");
	cs_cob_order(4, keys, (int[]) {-1, -1, -1, -1}, ids, o);
	ok(order_is(o, (int[]) {3, 1, 2, 0}, 4), "COB stated: none stated (-1): the rules' order");
	cs_cob_order(4, keys, (int[]) {-1, 3, -1, -1}, ids, o);
	ok(order_is(o, (int[]) {3, 2, 1, 0}, 4),
	   "COB stated: a stated 3 takes position 3, the others fill 1, 2, 4 in the rules' order");
	cs_cob_order(4, keys, (int[]) {1, -1, 4, -1}, ids, o);
	ok(order_is(o, (int[]) {0, 3, 1, 2}, 4),
	   "COB stated: 1 and 4 stated; the unstated fill 2 and 3 by the rules");
	cs_cob_order(4, keys, (int[]) {-1, 2, -1, 2}, ids, o);
	ok(order_is(o, (int[]) {2, 3, 1, 0}, 4),
	   "COB stated: two stating 2: the first by the rules takes it, the other the next position; the unstated fill 1 and 4 by the rules");
	cs_cob_order(4, keys, (int[]) {-1, -1, 9, -1}, ids, o);
	ok(order_is(o, (int[]) {3, 1, 0, 2}, 4),
	   "COB stated: an order beyond the number of coverages goes as late as it can (last)");
	cs_cob_order(2, (int64_t[]) {10, 20}, (int[]) {3, 2}, (int64_t[]) {1, 2}, o);
	ok(o[0] == 1 && o[1] == 0,
	   "COB stated: orders 2 and 3 stated when the first coverage ended: 2 primary, 3 secondary (never inverted)");
	cs_cob_order(3, (int64_t[]) {10, 20, 30}, (int[]) {4, -1, 4}, (int64_t[]) {1, 2, 3}, o);
	ok(order_is(o, (int[]) {1, 0, 2}, 3),
	   "COB stated: two stating 4 of 3 coverages: the last two positions, in the rules' order; the unstated first");
	cs_cob_order(3, (int64_t[]) {10, 20, 30}, (int[]) {3, 1, 2}, (int64_t[]) {1, 2, 3}, o);
	ok(order_is(o, (int[]) {1, 2, 0}, 3), "COB stated: 3, 1, 2 stated: exactly as stated");
	cs_cob_order(4, keys, (int[]) {-1, -1, 0, -1}, ids, o);
	ok(order_is(o, (int[]) {2, 3, 1, 0}, 4), "COB stated: a stated 0 counts as 1");
	cs_cob_order(4, keys, (int[]) {1, 2, 3, 4}, ids, o);
	ok(order_is(o, (int[]) {0, 1, 2, 3}, 4), "COB stated: every order stated: exactly as stated");

	for (int p = 0; p < np; p++)
	{
		int64_t		k[4],
					t[4];
		int			s[4],
					stated[4] = {2, 3, -1, 9};

		for (int i = 0; i < 4; i++)
		{
			k[i] = keys[perm[p][i]];
			t[i] = ids[perm[p][i]];
			s[i] = stated[perm[p][i]];
		}
		cs_cob_order(4, k, s, t, o);
		/* stated 0: 2, 1: 3, 3: 9 keep that order at 2, 3, 4 (9 as late as it can); the unstated 2 fills 1 */
		if (t[o[0]] != 3 || t[o[1]] != 7 || t[o[2]] != 9 || t[o[3]] != 4)
			pass = false;
	}
	ok(pass, "COB stated: the same over all 24 orders the rows may come in");
}

static void
cob_order(void)
{
	int			order[6] = {-1, -1, -1, -1, -1, -1};
	int64_t		keys[4] = {30, 10, 20, 10};
	int64_t		ids[4] = {7, 9, 3, 4};
	int			perm[24][4];
	int			np = 0;
	bool		pass = true;

	cs_cob_order(0, NULL, NULL, NULL, order);
	ok(order[0] == -1, "COB order of no coverage: nothing written");
	cs_cob_order(1, NULL, NULL, NULL, order);
	ok(order[0] == 0 && order[1] == -1, "COB order of one coverage: the keys are not read");
	cs_cob_order(4, keys, NULL, ids, order);
	ok(order[0] == 3 && order[1] == 1 && order[2] == 2 && order[3] == 0,
	   "COB order: ascending key, equal keys by enrollment id (id 4 before id 9)");

	/* every order the rows may be read in gives the same COB order */
	for (int a = 0; a < 4; a++)
		for (int b = 0; b < 4; b++)
			for (int c = 0; c < 4; c++)
				for (int d = 0; d < 4; d++)
					if (a != b && a != c && a != d && b != c && b != d && c != d)
					{
						perm[np][0] = a;
						perm[np][1] = b;
						perm[np][2] = c;
						perm[np][3] = d;
						np++;
					}
	for (int p = 0; p < np; p++)
	{
		int64_t		k[4],
					t[4];
		int			o[4];

		for (int i = 0; i < 4; i++)
		{
			k[i] = keys[perm[p][i]];
			t[i] = ids[perm[p][i]];
		}
		cs_cob_order(4, k, NULL, t, o);
		if (t[o[0]] != 4 || t[o[1]] != 9 || t[o[2]] != 3 || t[o[3]] != 7)
			pass = false;
	}
	ok(np == 24 && pass, "COB order: the same over all 24 orders the rows may come in");
	cob_stated(perm, np);
}

void
test_eligibility(void)
{
	cob_rules();
	cob_order();
	cob_unknown_birthday();
	source_words();
	answers();
	all_combinations();
}
