/*
 * test_parity.c — the MHPAEA determination (cs_parity.c): a single predominant level, combination of
 * levels from the most restrictive down (the regulation's own copay example), the two-thirds boundary
 * to the cent, each failing reason, visit limits (fewer is stricter), prior authorization as a
 * non-quantitative limit, not-applicable classifications, refused inputs and overflow.
 */
#include <string.h>

#include "cs_parity.h"
#include "tap.h"

#define D(x) ((cs_cents) (x) * 100)	/* whole dollars -> cents */

static cs_error err;
static cs_parity_result res;

static cs_parity_item
ms(bool applies, int64_t level, cs_cents spend)
{
	cs_parity_item it = {false, applies, level, spend};

	return it;
}

static cs_parity_item
mh(bool applies, int64_t level)
{
	cs_parity_item it = {true, applies, level, 0};

	return it;
}

static void
decide(cs_parity_requirement req, const cs_parity_item *items, size_t n)
{
	cs_status	st = cs_parity_decide(req, items, n, &res, &err);

	ok(st == CS_OK, "decided (%s)", st == CS_OK ? "" : err.message);
}

static void
single_predominant(void)
{
	/* $20 on 60% of the subject spend: predominant; MH at $20 passes, at $25 fails */
	cs_parity_item it[] = {ms(true, D(20), D(600)), ms(true, D(40), D(300)), ms(false, 0, D(100)), mh(true, D(20))};

	decide(CS_PARITY_COPAY, it, 4);
	is_int(res.med_surg_spend, D(1000), "med/surg spend counts every med/surg benefit");
	is_int(res.subject_spend, D(900), "subject spend counts those with a copay");
	ok(res.substantially_all, "900 of 1000 is substantially all");
	ok(res.has_predominant && !res.predominant_combined, "a single level is predominant");
	is_int(res.predominant_level, D(20), "the $20 copay is predominant");
	is_int(res.verdict, CS_PARITY_PASS, "MH copay $20 passes");
	is_int(res.reason, CS_PARITY_WITHIN_PREDOMINANT, "within the predominant level");

	it[3] = mh(true, D(25));
	decide(CS_PARITY_COPAY, it, 4);
	is_int(res.verdict, CS_PARITY_FAIL, "MH copay $25 fails");
	is_int(res.reason, CS_PARITY_MORE_RESTRICTIVE, "more restrictive than predominant");
	is_int(res.mh_sud_level, D(25), "the MH level is reported");

	/* the most restrictive MH level counts, in any order */
	{
		cs_parity_item it2[] = {mh(true, D(10)), ms(true, D(20), D(600)), mh(true, D(30)), ms(true, D(40), D(300)), mh(false, 0)};

		decide(CS_PARITY_COPAY, it2, 5);
		is_int(res.mh_sud_level, D(30), "most restrictive MH level of three");
		is_int(res.mh_sud_benefits, 3, "three MH benefits");
		is_int(res.verdict, CS_PARITY_FAIL, "one MH benefit over the predominant level fails the type");
	}
}

static void
combined_levels(void)
{
	/*
	 * 29 CFR 2590.712(c)(3)(iv) Example 3's shape: copays $10 / $15 / $20 / $30 / $50 on 20 / 15 / 35 /
	 * 20 / 10% of the subject spend; no level over one-half. Combined from the most restrictive: $50
	 * (10%), + $30 (30%), + $20 (65% > 50%): $20 is predominant.
	 */
	cs_parity_item it[] = {
		ms(true, D(10), D(200)), ms(true, D(15), D(150)), ms(true, D(20), D(350)),
		ms(true, D(30), D(200)), ms(true, D(50), D(100)), mh(true, D(20))
	};

	decide(CS_PARITY_COPAY, it, 6);
	ok(res.has_predominant && res.predominant_combined, "levels combined");
	is_int(res.predominant_level, D(20), "$20, the least restrictive of $50 + $30 + $20, is predominant");
	is_int(res.verdict, CS_PARITY_PASS, "MH at $20 passes");
	it[5] = mh(true, D(21));
	decide(CS_PARITY_COPAY, it, 6);
	is_int(res.verdict, CS_PARITY_FAIL, "MH at $21 fails");

	/* exactly one-half is not more than one-half: the combination goes on */
	{
		cs_parity_item h[] = {ms(true, D(10), D(500)), ms(true, D(30), D(500)), mh(true, D(10))};

		decide(CS_PARITY_COPAY, h, 3);
		ok(res.predominant_combined, "50 / 50: no single level is over one-half");
		is_int(res.predominant_level, D(10), "$30 then $10: $10 is predominant");
	}
	/* one cent over one-half is predominant alone */
	{
		cs_parity_item h[] = {ms(true, D(10), D(500)), ms(true, D(30), D(500) + 1), mh(true, D(30))};

		decide(CS_PARITY_COPAY, h, 3);
		ok(!res.predominant_combined, "one cent over one-half");
		is_int(res.predominant_level, D(30), "$30 is predominant");
		is_int(res.verdict, CS_PARITY_PASS, "MH at $30 passes");
	}
	/* two benefits at the same level add up */
	{
		cs_parity_item h[] = {ms(true, 200000, D(300)), ms(true, 300000, D(400)), ms(true, 200000, D(300)), mh(true, 300000)};

		decide(CS_PARITY_COINSURANCE, h, 4);
		is_int(res.predominant_level, 200000, "20%% on 600 of 1000 is predominant");
		is_int(res.verdict, CS_PARITY_FAIL, "MH coinsurance 30%% fails");
		is_int(res.reason, CS_PARITY_MORE_RESTRICTIVE, "coinsurance more restrictive");
	}
}

static void
substantially_all(void)
{
	/* exactly two-thirds (200 of 300) is substantially all; one cent less is not */
	cs_parity_item it[] = {ms(true, D(500), D(200)), ms(false, 0, D(100)), mh(true, D(500))};

	decide(CS_PARITY_DEDUCTIBLE, it, 3);
	ok(res.substantially_all, "exactly two-thirds");
	is_int(res.verdict, CS_PARITY_PASS, "same deductible passes");
	it[0].spend = D(200) - 1;
	it[1].spend = D(100) + 1;
	decide(CS_PARITY_DEDUCTIBLE, it, 3);
	ok(!res.substantially_all, "a cent under two-thirds");
	ok(!res.has_predominant, "no predominant level without substantially all");
	is_int(res.verdict, CS_PARITY_FAIL, "deductible on MH without substantially all fails");
	is_int(res.reason, CS_PARITY_NOT_SUBSTANTIALLY_ALL, "reason not_substantially_all");

	/* the same plan with no deductible on MH passes */
	it[2] = mh(false, 0);
	decide(CS_PARITY_DEDUCTIBLE, it, 3);
	is_int(res.verdict, CS_PARITY_PASS, "no deductible on MH passes");
	is_int(res.reason, CS_PARITY_NOT_APPLIED_TO_MH_SUD, "reason not_applied_to_mh_sud");

	/* deductible on MH only */
	{
		cs_parity_item m[] = {ms(false, 0, D(900)), mh(true, D(1000))};

		decide(CS_PARITY_DEDUCTIBLE, m, 2);
		is_int(res.verdict, CS_PARITY_FAIL, "deductible on MH only fails");
		is_int(res.reason, CS_PARITY_MH_SUD_ONLY, "reason mh_sud_only");
		is_int(res.subject_spend, 0, "no med/surg spend subject to it");
	}
}

static void
visit_limits(void)
{
	/* 30 visits on 80% of the spend; MH at 20 is stricter, at 30 or 40 is not */
	cs_parity_item it[] = {ms(true, 30, D(800)), ms(false, 0, D(200)), mh(true, 20)};

	decide(CS_PARITY_VISIT_LIMIT, it, 3);
	is_int(res.predominant_level, 30, "30 visits predominant");
	is_int(res.verdict, CS_PARITY_FAIL, "20 MH visits fail against 30");
	it[2] = mh(true, 40);
	decide(CS_PARITY_VISIT_LIMIT, it, 3);
	is_int(res.verdict, CS_PARITY_PASS, "40 MH visits pass");
	ok(cs_parity_stricter(CS_PARITY_VISIT_LIMIT, 10, 20), "fewer visits is stricter");
	ok(!cs_parity_stricter(CS_PARITY_COPAY, 10, 20), "a lower copay is not stricter");

	/* combination for limits: 10 (20%), 20 (20%), 40 (30%), 60 (30%): from 10 up, 10+20+40 = 70% -> 40 */
	{
		cs_parity_item c[] = {ms(true, 60, D(300)), ms(true, 10, D(200)), ms(true, 40, D(300)), ms(true, 20, D(200)), mh(true, 40)};

		decide(CS_PARITY_VISIT_LIMIT, c, 5);
		ok(res.predominant_combined, "visit limits combined");
		is_int(res.predominant_level, 40, "40 visits is the least restrictive of 10, 20, 40");
		is_int(res.verdict, CS_PARITY_PASS, "MH 40 visits pass");
	}
	/* a visit limit on MH only */
	{
		cs_parity_item m[] = {ms(false, 0, D(500)), mh(true, 20)};

		decide(CS_PARITY_VISIT_LIMIT, m, 2);
		is_int(res.reason, CS_PARITY_MH_SUD_ONLY, "visit limit on MH only");
	}
}

static void
prior_auth(void)
{
	cs_parity_item it[] = {ms(false, 0, D(900)), ms(false, 0, D(100)), mh(true, 1)};

	decide(CS_PARITY_PRIOR_AUTH, it, 3);
	is_int(res.verdict, CS_PARITY_FAIL, "prior auth on MH only fails");
	is_int(res.reason, CS_PARITY_MH_SUD_ONLY, "reason mh_sud_only");
	it[1].applies = true;
	it[1].level = 1;
	decide(CS_PARITY_PRIOR_AUTH, it, 3);
	is_int(res.verdict, CS_PARITY_PASS, "prior auth also on a med/surg benefit passes");
	is_int(res.reason, CS_PARITY_NQTL_ALSO_MED_SURG, "reason also_applied_to_med_surg");
	ok(!res.has_predominant, "no predominant level for a non-quantitative limit");
	ok(!res.substantially_all, "100 of 1000 is not substantially all (reported)");
}

static void
not_applicable(void)
{
	cs_parity_item it[] = {ms(true, D(20), D(100))};
	cs_parity_item z[] = {ms(true, D(20), 0), mh(true, D(50))};

	decide(CS_PARITY_COPAY, it, 1);
	is_int(res.verdict, CS_PARITY_NOT_APPLICABLE, "no MH benefit: not applicable");
	is_int(res.reason, CS_PARITY_NO_MH_SUD_BENEFIT, "reason no_mh_sud_benefit");
	decide(CS_PARITY_COPAY, z, 2);
	is_int(res.verdict, CS_PARITY_NOT_APPLICABLE, "no med/surg spend: not applicable");
	is_int(res.reason, CS_PARITY_NO_MED_SURG_SPEND, "reason no_med_surg_spend");
	is_int(res.mh_sud_level, D(50), "the MH level is still reported");
	decide(CS_PARITY_COPAY, NULL, 0);
	is_int(res.reason, CS_PARITY_NO_MH_SUD_BENEFIT, "an empty classification");
}

static void
refused(void)
{
	cs_parity_item neg[] = {ms(true, D(20), -1)};
	cs_parity_item big[] = {ms(true, 1000001, D(1))};
	cs_parity_item many[] = {ms(true, 1, CS_MONEY_MAX), ms(true, 1, CS_MONEY_MAX)};
	cs_parity_requirement r;

	ok(cs_parity_decide(CS_PARITY_COPAY, neg, 1, &res, &err) == CS_ERR_RANGE, "negative spend refused");
	ok(strstr(err.detail, "Benefit 1") != NULL, "the detail names the benefit: %s", err.detail);
	ok(cs_parity_decide(CS_PARITY_COINSURANCE, big, 1, &res, &err) == CS_ERR_RANGE, "coinsurance over 1 refused");
	ok(cs_parity_decide(CS_PARITY_COPAY, many, 2, &res, &err) == CS_OK, "two maximal spends add up");
	is_int(res.subject_spend, 2 * CS_MONEY_MAX, "their sum");
	ok(cs_parity_decide((cs_parity_requirement) 9, neg, 1, &res, &err) == CS_ERR_WORD, "unknown type refused");
	ok(cs_parity_decide(CS_PARITY_COPAY, NULL, 2, &res, &err) == CS_ERR_NULL, "missing items refused");
	ok(cs_parity_requirement_from_word("visit_limit", 11, &r) && r == CS_PARITY_VISIT_LIMIT, "word visit_limit");
	ok(!cs_parity_requirement_from_word("copays", 6, &r), "word copays refused");
	ok(strcmp(cs_parity_reason_word(CS_PARITY_MH_SUD_ONLY), "mh_sud_only") == 0, "reason word");
	ok(strcmp(cs_parity_verdict_word(CS_PARITY_NOT_APPLICABLE), "not_applicable") == 0, "verdict word");
}

void
test_parity(void)
{
	single_predominant();
	combined_levels();
	substantially_all();
	visit_limits();
	prior_auth();
	not_applicable();
	refused();
}
