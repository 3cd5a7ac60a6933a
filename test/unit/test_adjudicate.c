/*
 * test_adjudicate.c — one line: the worked figures of domain.md §11 (by row and source), every copay
 * variant, the OOP cap truncating the stage computed last, gates, and the line's accumulators.
 */
#include <string.h>

#include "cs_adjudicate.h"
#include "tap.h"

#define D(x) ((cs_cents) (x) * 100)	/* whole dollars -> cents */

static cs_result r;
static cs_error err;

static cs_accum
none(void)
{
	cs_accum	a;

	memset(&a, 0, sizeof(a));
	return a;
}

static void
run(cs_cents allowed, const cs_terms *t, const cs_accum *a, cs_cents billed)
{
	cs_status	st = cs_adjudicate(allowed, t, a, billed, false, &r, &err);

	ok(st == CS_OK, "adjudicates (%s)", st == CS_OK ? "ok" : err.message);
	ok(r.patient_pays + r.plan_pays == r.allowed + r.balance_bill, "the line balances");
}

static void
worked_figures(void)
{
	cs_terms	t;
	cs_accum	a = none();

	/* 1: healthcare.gov OOP example */
	cs_terms_init(&t);
	t.ded_individual = D(1300);
	t.coinsurance = 200000;
	t.oop_individual = D(4400);
	run(D(20000), &t, &a, CS_ABSENT);
	is_int(r.patient_pays, D(4400), "#1 healthcare.gov: patient 4,400 (uncapped 5,040)");
	is_int(r.plan_pays, D(15600), "#1 plan 15,600");
	is_int(r.deductible, D(1300), "#1 deductible 1,300");
	is_int(r.coinsurance, D(3100), "#1 coinsurance truncated at the cap: 3,100");
	ok(r.oop_capped, "#1 the OOP cap bound");

	/* 2: BCBS Tennessee */
	cs_terms_init(&t);
	t.ded_individual = D(2000);
	t.coinsurance = 200000;
	run(D(5000), &t, &a, CS_ABSENT);
	is_int(r.patient_pays, D(2600), "#2 BCBS Tennessee: patient 2,600");
	is_int(r.plan_pays, D(2400), "#2 plan 2,400");

	/* 3: Connect for Health Colorado: deductible met / not met */
	cs_terms_init(&t);
	t.ded_individual = D(500);
	t.coinsurance = 200000;
	a.ded_individual_met = D(500);
	run(D(100), &t, &a, CS_ABSENT);
	is_int(r.patient_pays, D(20), "#3 Colorado glossary: deductible met -> 20");
	a = none();
	run(D(100), &t, &a, CS_ABSENT);
	is_int(r.patient_pays, D(100), "#3 deductible not met -> 100");

	/* 4: helpbetter.org */
	cs_terms_init(&t);
	t.ded_individual = D(1000);
	t.coinsurance = 200000;
	run(D(1500), &t, &a, CS_ABSENT);
	is_int(r.patient_pays, D(1100), "#4 helpbetter.org: patient 1,100");
	is_int(r.plan_pays, D(400), "#4 plan 400");

	/* 5: office copay, deductible does not apply */
	cs_terms_init(&t);
	t.copay = D(30);
	t.deductible_applies = false;
	t.ded_individual = D(1000);
	run(D(200), &t, &a, CS_ABSENT);
	is_int(r.patient_pays, D(30), "#5 helpbetter.org copay: patient 30");
	is_int(r.plan_pays, D(170), "#5 plan 170");
	is_int(r.acc_after.ded_individual_met, 0, "#5 the deductible neither applies nor accrues");
	is_int(r.acc_after.oop_individual_met, D(30), "#5 the copay counts toward OOP");

	/* 6: 98point6 HSA: rate 79, deductible remaining 50, 20%, OOP remaining 5,000 */
	cs_terms_init(&t);
	t.ded_individual = D(1650);
	t.coinsurance = 200000;
	t.oop_individual = D(8300);
	a.ded_individual_met = D(1600);
	a.oop_individual_met = D(3300);
	run(D(79), &t, &a, CS_ABSENT);
	is_int(r.patient_pays, 5580, "#6 98point6 HSA: 55.80");
	a = none();

	/* 7: copay 40, allowed 32.17 */
	cs_terms_init(&t);
	t.copay = D(40);
	t.deductible_applies = false;
	run(3217, &t, &a, CS_ABSENT);
	is_int(r.patient_pays, 3217, "#7 PPO clause: the lesser of copay and allowed, 32.17");

	/* 8: copay 40, OOP remaining 25 */
	t.oop_individual = D(1000);
	a.oop_individual_met = D(975);
	run(D(150), &t, &a, CS_ABSENT);
	is_int(r.patient_pays, D(25), "#8 98point6: copay capped by OOP remaining, 25");
	ok(r.oop_capped, "#8 capped");
	a = none();

	/* 9: deductible 1,000 with 600 remaining, plan pays 100%% after */
	cs_terms_init(&t);
	t.ded_individual = D(1000);
	a.ded_individual_met = D(400);
	run(D(800), &t, &a, CS_ABSENT);
	is_int(r.patient_pays, D(600), "#9 Stedi: patient 600");
	a = none();

	/* 12: OON, billed 200, allowed 120, deductible met, 40%% */
	cs_terms_init(&t);
	t.network = CS_NETWORK_OUT;
	t.coinsurance = 400000;
	t.ded_individual = D(500);
	a.ded_individual_met = D(500);
	run(D(120), &t, &a, D(200));
	is_int(r.coinsurance, D(48), "#12 OON coinsurance 48");
	is_int(r.balance_bill, D(80), "#12 balance bill 80");
	is_int(r.patient_pays, D(128), "#12 patient 128");
	is_int(r.acc_after.oop_individual_met, D(48), "#12 OOP credited 48 only");
	a = none();

	/* 16: 835 secondary-payment line 2 */
	cs_terms_init(&t);
	t.ded_individual = D(150);
	t.coinsurance = 200000;
	run(D(500), &t, &a, D(585));
	is_int(r.deductible, D(150), "#16 835 line: deductible 150");
	is_int(r.coinsurance, D(70), "#16 coinsurance 70");
	is_int(r.plan_pays, D(280), "#16 plan 280");
	is_int(r.contractual, D(85), "#16 contractual 85");

	/* 18: Mississippi SBC, Peg: total 12,700, deductible 1,800, 20%% */
	cs_terms_init(&t);
	t.ded_individual = D(1800);
	t.coinsurance = 200000;
	run(D(12700), &t, &a, CS_ABSENT);
	is_int(r.deductible + r.coinsurance, D(3980), "#18 SBC: 1,800 + 2,180 = 3,980");
}

static void
copay_variants(void)
{
	cs_terms	t;
	cs_accum	a = none();

	/* HDHP: copay only after the deductible */
	cs_terms_init(&t);
	t.copay = D(30);
	t.copay_after_deductible = true;
	t.ded_individual = D(1650);
	a.ded_individual_met = D(1600);
	run(D(200), &t, &a, CS_ABSENT);
	is_int(r.deductible, D(50), "HDHP: the last 50 of deductible");
	is_int(r.copay, D(30), "HDHP: then the copay in the same line");
	is_int(r.patient_pays, D(80), "HDHP: 80");
	a.ded_individual_met = D(1000);
	run(D(200), &t, &a, CS_ABSENT);
	is_int(r.copay, 0, "HDHP: no copay while the deductible is unmet");
	is_int(r.patient_pays, D(200), "HDHP: all of it to the deductible");
	a = none();

	/* copay plus deductible then coinsurance */
	cs_terms_init(&t);
	t.copay = D(500);
	t.ded_individual = D(1000);
	t.coinsurance = 200000;
	run(D(3000), &t, &a, CS_ABSENT);
	is_int(r.copay, D(500), "copay + deductible + 20%%: copay 500");
	is_int(r.deductible, D(1000), "deductible 1,000");
	is_int(r.coinsurance, D(300), "20%% of the remaining 1,500");

	/* copay then coinsurance on the rest */
	cs_terms_init(&t);
	t.copay = D(25);
	t.deductible_applies = false;
	t.coinsurance = 100000;
	run(D(125), &t, &a, CS_ABSENT);
	is_int(r.patient_pays, D(35), "copay 25 + 10%% of 100");

	/* first N visits at a copay */
	cs_terms_init(&t);
	t.copay = D(20);
	t.copay_visits = 3;
	t.ded_individual = D(500);
	t.coinsurance = 200000;
	a.visits_used = 2;
	run(D(150), &t, &a, CS_ABSENT);
	is_int(r.patient_pays, D(20), "third visit: copay only");
	is_int(r.acc_after.ded_individual_met, 0, "no deductible on copay visits");
	a.visits_used = 3;
	run(D(150), &t, &a, CS_ABSENT);
	is_int(r.copay, 0, "fourth visit: no copay");
	is_int(r.deductible, D(150), "fourth visit: deductible");
	a = none();

	/* copay counts toward the deductible */
	cs_terms_init(&t);
	t.copay = D(40);
	t.copay_counts_toward_deductible = true;
	t.ded_individual = D(100);
	t.coinsurance = 200000;
	run(D(200), &t, &a, CS_ABSENT);
	is_int(r.deductible, D(60), "the copay credited 40 of the 100 deductible");
	is_int(r.acc_after.ded_individual_met, D(100), "deductible met after the line");
	is_int(r.coinsurance, D(20), "20%% of 100");

	/* OOP cap binding part-way: deductible is the stage computed last */
	cs_terms_init(&t);
	t.copay = D(30);
	t.ded_individual = D(1000);
	t.oop_individual = D(1000);
	a.oop_individual_met = D(950);
	run(D(200), &t, &a, CS_ABSENT);
	is_int(r.copay, D(30), "cap part-way: copay whole");
	is_int(r.deductible, D(20), "cap part-way: deductible truncated to 20");
	is_int(r.patient_pays, D(50), "patient pays exactly what was left of the OOP");
	ok(r.oop_capped, "capped");
	a.oop_individual_met = D(1000);
	run(D(200), &t, &a, CS_ABSENT);
	is_int(r.patient_pays, 0, "OOP met: plan pays all");
	a = none();

	/* no-charge preventive still counts a visit */
	cs_terms_init(&t);
	t.copay = 0;
	t.deductible_applies = false;
	run(D(180), &t, &a, CS_ABSENT);
	is_int(r.patient_pays, 0, "preventive: patient 0");
	is_int(r.acc_after.visits_used, 1, "preventive: the visit counts");
	is_int(r.reasons, 0, "preventive: no reason codes");

	/* coinsurance limit */
	cs_terms_init(&t);
	t.coinsurance = 500000;
	t.coinsurance_limit = D(100);
	a.coinsurance_met = D(90);
	run(D(200), &t, &a, CS_ABSENT);
	is_int(r.coinsurance, D(10), "coinsurance limit leaves 10");
	ok(!r.oop_capped, "the coinsurance limit is not the OOP cap");

	/* found by the differential test: the coinsurance limit binds first, the OOP cap takes nothing more */
	t.oop_individual = D(1500);
	a.coinsurance_met = 0;
	run(D(3625), &t, &a, CS_ABSENT);
	is_int(r.coinsurance, D(100), "coinsurance limit 100 below an OOP remaining of 1,500");
	ok(!r.oop_capped, "so the OOP cap did not bind");
	a.oop_individual_met = D(1450);
	run(D(3625), &t, &a, CS_ABSENT);
	is_int(r.coinsurance, D(50), "OOP remaining 50 below the coinsurance limit");
	ok(r.oop_capped, "so the OOP cap did bind");
	a = none();
}

static void
gates_and_families(void)
{
	cs_terms	t;
	cs_accum	a = none();

	cs_terms_init(&t);
	t.covered = false;
	t.visit_limit = 1;
	a.visits_used = 5;
	run(D(100), &t, &a, D(150));
	is_int(r.reasons, CS_REASON_CONTRACTUAL | CS_REASON_NOT_COVERED, "not covered: 45 and 96 only");
	is_int(r.not_covered, D(100), "not covered: the allowed amount");
	is_int(r.plan_pays, 0, "not covered: plan pays nothing");
	is_int(r.acc_after.visits_used, 5, "not covered: no visit counted");

	cs_terms_init(&t);
	t.visit_limit = 20;
	a.visits_used = 20;
	run(D(100), &t, &a, CS_ABSENT);
	is_int(r.reasons, CS_REASON_LIMIT, "visit 21 of 20: 119");
	is_int(r.patient_pays, D(100), "visit 21: patient pays the allowed amount");
	a.visits_used = 19;
	run(D(100), &t, &a, CS_ABSENT);
	is_int(r.reasons, 0, "visit 20 of 20 is covered");
	a = none();

	/* 10: embedded family deductible 4,000 / 8,000, as three members' lines in order */
	cs_terms_init(&t);
	t.ded_individual = D(4000);
	t.ded_family = D(8000);
	t.family_coverage = true;
	run(D(5000), &t, &a, CS_ABSENT);
	is_int(r.deductible, D(4000), "#10 embedded: A pays 4,000");
	a = none();
	a.ded_family_met = D(4000);
	run(D(3000), &t, &a, CS_ABSENT);
	is_int(r.deductible, D(3000), "#10 B pays 3,000");
	a = none();
	a.ded_family_met = D(7000);
	run(D(2000), &t, &a, CS_ABSENT);
	is_int(r.deductible, D(1000), "#10 C pays the family's last 1,000");

	/* aggregate: one member can meet the family amount alone */
	t.family_mode = CS_FAMILY_AGGREGATE;
	a = none();
	run(D(9000), &t, &a, CS_ABSENT);
	is_int(r.deductible, D(8000), "aggregate: one member meets 8,000 alone");

	/* N of M: met once 2 members each met the individual amount */
	t.family_mode = CS_FAMILY_N_OF_M;
	t.family_ded_members = 2;
	a = none();
	a.ded_members_met = 2;
	run(D(500), &t, &a, CS_ABSENT);
	is_int(r.deductible, 0, "N of M: two members met, family done");
	a.ded_members_met = 1;
	a.ded_individual_met = D(3900);
	run(D(500), &t, &a, CS_ABSENT);
	is_int(r.deductible, D(100), "N of M: one met, this member owes their last 100");
	is_int(r.acc_after.ded_members_met, 2, "N of M: this line makes two");

	/* 11: family OOP 10,000, self-only limit 6,850 */
	cs_terms_init(&t);
	t.coinsurance = CS_RATE_ONE;
	t.oop_individual = D(6850);
	t.oop_family = D(10000);
	t.family_coverage = true;
	a = none();
	run(D(20000), &t, &a, CS_ABSENT);
	is_int(r.patient_pays, D(6850), "#11 DOL FAQ: one member pays 6,850");
	a = none();
	a.oop_family_met = D(6850);
	run(D(20000), &t, &a, CS_ABSENT);
	is_int(r.patient_pays, D(3150), "#11 the rest of the family at most 3,150");
}

static void
overflow_and_checks(void)
{
	cs_terms	t;
	cs_accum	a = none();

	cs_terms_init(&t);
	a.oop_individual_met = INT64_MAX - 5;
	ok(cs_adjudicate(D(100), &t, &a, CS_ABSENT, false, &r, &err) == CS_OK, "no cost share: no overflow");
	t.coinsurance = CS_RATE_ONE;
	ok(cs_adjudicate(D(100), &t, &a, CS_ABSENT, false, &r, &err) == CS_ERR_OVERFLOW,
	   "an accumulator at the int64 edge overflows cleanly");

	cs_terms_init(&t);
	t.copay_after_deductible = true;
	t.deductible_applies = false;
	ok(cs_terms_check(&t, &err) == CS_ERR_INCONSISTENT, "copay after deductible needs the deductible");
	cs_terms_init(&t);
	t.copay_visits = 2;
	ok(cs_terms_check(&t, &err) == CS_ERR_INCONSISTENT, "copay visits need a copay");
	cs_terms_init(&t);
	t.family_mode = CS_FAMILY_N_OF_M;
	ok(cs_terms_check(&t, &err) == CS_ERR_INCONSISTENT, "n_of_m needs N and the individual amount");
	a = none();
	a.visits_used = -1;
	ok(cs_accum_check(&a, &err) == CS_ERR_RANGE, "negative visits are refused");
}

/* the lesser of the charge and the allowed amount (rules.md step 0) */
static void
charge_below_allowed(void)
{
	cs_terms	t;
	cs_accum	a = none();

	cs_terms_init(&t);
	t.copay = D(30);
	t.deductible_applies = false;
	run(D(165), &t, &a, D(10));
	is_int(r.allowed, D(10), "a $10 charge against a $165 fee: allowed is the charge");
	is_int(r.patient_pays, D(10), "the patient pays at most the charge (copay 30 > 10)");
	is_int(r.plan_pays, 0, "the plan pays nothing");
	ok(r.allowed_from_charge, "flagged: allowed came from the charge");
	ok(!(r.reasons & CS_REASON_CONTRACTUAL) && r.contractual == 0, "no contractual adjustment");

	cs_terms_init(&t);
	t.coinsurance = 400000;
	t.network = CS_NETWORK_OUT;
	run(D(120), &t, &a, D(100));
	is_int(r.allowed, D(100), "out of network, charge 100 below allowance 120: allowed 100");
	is_int(r.balance_bill, 0, "no balance bill");
	is_int(r.coinsurance, D(40), "40%% of the charge");

	run(D(120), &t, &a, D(120));
	ok(!r.allowed_from_charge && r.allowed == D(120), "a charge equal to the allowance changes nothing");
	run(D(120), &t, &a, CS_ABSENT);
	ok(!r.allowed_from_charge && r.allowed == D(120), "no charge given: the allowance");
	run(D(120), &t, &a, 0);
	is_int(r.patient_pays, 0, "a zero charge: nothing to pay");
}

void
test_adjudicate(void)
{
	charge_below_allowed();
	worked_figures();
	copay_variants();
	gates_and_families();
	overflow_and_checks();
}
