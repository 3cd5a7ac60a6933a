/*
 * test_cob.c — coordination of benefits (cs_cob.c): domain.md §11 rows 13 and 14 by source, the
 * 42 CFR 411.33(b) example and each of Medicare's three limits binding, the benefit reserve credited on
 * one claim and used on a later one, the secondary's deductible unmet, Medicaid as payer of last resort,
 * refused inputs, and a property run: on random lines every method pays between 0 and what the patient
 * still owed, and patient + payers + write-off always equals what the patient owed after the primary.
 */
#include <stdlib.h>
#include <string.h>

#include "cs_cob.h"
#include "tap.h"

#define D(x) ((cs_cents) (x) * 100)	/* whole dollars -> cents */

static cs_error err;
static cs_cob_result res;

static cs_accum
none(void)
{
	cs_accum	a;

	memset(&a, 0, sizeof(a));
	return a;
}

/* the primary's line from its allowed amount and what it paid, in network */
static cs_cob_prior
prior_in(cs_cents allowed, cs_cents paid)
{
	cs_cob_prior p = {allowed, 0, paid, allowed - paid};

	return p;
}

/* a plan that pays `pays` per cent after an optional deductible (remaining as given) */
static cs_terms
plan_pays(int pays_percent, cs_cents ded)
{
	cs_terms	t;

	cs_terms_init(&t);
	t.coinsurance = (int64_t) (100 - pays_percent) * 10000;
	if (ded != CS_ABSENT)
		t.ded_individual = ded;
	return t;
}

static cs_cents
coord(const cs_cob_prior *p, const cs_terms *t, const cs_accum *a, cs_cob_method m, cs_cents allowed,
	  cs_cents billed, cs_cents reserve)
{
	cs_status	s = cs_coordinate(p, t, a, m, allowed, billed, reserve, &res, &err);

	if (s != CS_OK)
	{
		ok(0, "coordinates (%s: %s)", err.message, err.detail);
		return -1;
	}
	ok(res.patient_pays + res.secondary_pays + res.written_off == p->patient_pays,
	   "%s: patient + secondary + write-off = what the patient owed after the primary",
	   cs_cob_method_word(m));
	return res.secondary_pays;
}

static void
rows_13_14(void)
{
	cs_cob_prior p = prior_in(12500, 7500);
	cs_terms	t = plan_pays(75, CS_ABSENT);
	cs_accum	a = none();

	/* 13: contracted 125, primary paid 75, secondary 75%% (Dentrix Ascend COB explainer; NAIC model) */
	is_int(coord(&p, &t, &a, CS_COB_NON_DUPLICATION, CS_ABSENT, CS_ABSENT, 0), 1875,
		   "#13 non-duplication 18.75");
	is_int(coord(&p, &t, &a, CS_COB_CARVE_OUT, CS_ABSENT, CS_ABSENT, 0), 1875, "#13 carve-out 18.75");
	is_int(coord(&p, &t, &a, CS_COB_MAINTENANCE_OF_BENEFITS, CS_ABSENT, CS_ABSENT, 0), 3750,
		   "#13 maintenance of benefits 37.50");
	is_int(res.patient_pays, 1250, "#13 MOB: patient 12.50");
	is_int(coord(&p, &t, &a, CS_COB_STANDARD, CS_ABSENT, CS_ABSENT, 0), 5000, "#13 standard 50");
	is_int(res.patient_pays, 0, "#13 standard: patient 0");
	is_int(res.normal_benefit, 9375, "#13 standard: normal benefit 93.75");
	is_int(res.reserve_after, 4375, "#13 standard: 43.75 saved to the benefit reserve");

	/* 14: non-duplication, primary 80% / secondary 80%, and primary 50% / secondary 80% */
	p = prior_in(D(100), D(80));
	t = plan_pays(80, CS_ABSENT);
	is_int(coord(&p, &t, &a, CS_COB_NON_DUPLICATION, CS_ABSENT, CS_ABSENT, 0), 0,
		   "#14 non-dup 80%%/80%%: secondary 0");
	is_int(res.patient_pays, D(20), "#14 patient keeps the 20");
	p = prior_in(D(100), D(50));
	is_int(coord(&p, &t, &a, CS_COB_NON_DUPLICATION, CS_ABSENT, CS_ABSENT, 0), D(30),
		   "#14 non-dup 50%%/80%%: secondary 30%% of the allowable");
}

static void
reserve_across_claims(void)
{
	cs_cob_prior p = prior_in(12500, 7500);
	cs_terms	t = plan_pays(75, CS_ABSENT);
	cs_accum	a = none();
	cs_cents	reserve;

	coord(&p, &t, &a, CS_COB_STANDARD, CS_ABSENT, CS_ABSENT, 0);
	reserve = res.reserve_after;
	is_int(reserve, 4375, "reserve credited on the first claim");
	/* a later claim the primary does not pay: 200 owed; normal benefit 150; reserve makes up the rest */
	p = prior_in(D(200), 0);
	is_int(coord(&p, &t, &a, CS_COB_STANDARD, CS_ABSENT, CS_ABSENT, reserve), 19375,
		   "the later claim: 150 normal benefit + 43.75 from the reserve");
	is_int(res.reserve_used, 4375, "the whole reserve is used");
	is_int(res.reserve_after, 0, "nothing left in the reserve");
	is_int(res.patient_pays, 625, "patient 6.25");
	/* a reserve larger than needed is used only up to the balance */
	p = prior_in(D(100), D(90));
	is_int(coord(&p, &t, &a, CS_COB_STANDARD, CS_ABSENT, CS_ABSENT, D(500)), D(10),
		   "the reserve pays only what is left");
	is_int(res.reserve_used, 0, "normal benefit covers it: reserve untouched");
	is_int(res.reserve_after, D(500) + D(65), "and the saving is added: 500 + 65");
	/* other methods never touch the reserve */
	coord(&p, &t, &a, CS_COB_NON_DUPLICATION, CS_ABSENT, CS_ABSENT, D(500));
	is_int(res.reserve_after, D(500), "non-duplication keeps the reserve as it was");
}

static void
secondary_deductible(void)
{
	cs_cob_prior p = prior_in(D(125), D(100));
	cs_terms	t = plan_pays(80, D(500));
	cs_accum	a = none();

	is_int(coord(&p, &t, &a, CS_COB_STANDARD, CS_ABSENT, CS_ABSENT, 0), 0,
		   "secondary deductible unmet: its normal benefit is 0, it pays 0");
	is_int(res.patient_pays, D(25), "the patient keeps the primary's 25");
	is_int(res.normal.acc_after.ded_individual_met, D(125),
		   "the secondary credits its deductible with what it would have credited as primary");
	a.ded_individual_met = D(450);
	is_int(coord(&p, &t, &a, CS_COB_STANDARD, CS_ABSENT, CS_ABSENT, 0), D(25),
		   "50 left of the deductible: normal benefit 60, pays the 25 owed");
	is_int(res.reserve_after, D(35), "and reserves 35");
}

static void
medicare_secondary(void)
{
	/* 42 CFR 411.33(b): charge 175, primary allowed 150 and paid 120, Medicare fee 125, Part B met */
	cs_cob_prior p = {D(150), D(25), D(120), D(55)};
	cs_terms	t = plan_pays(80, D(257));
	cs_accum	a = none();

	a.ded_individual_met = D(257);
	is_int(coord(&p, &t, &a, CS_COB_MEDICARE_SECONDARY, D(125), D(175), 0), D(30),
		   "411.33(b): Medicare pays 30 (limit 3: primary allowable 150 - 120)");
	is_int(res.normal_benefit, D(100), "411.33(b): Medicare as primary would pay 100");
	is_int(res.patient_pays, D(25), "the patient owes the rest of the charge");

	/* limit 1 binds: Medicare's fee above the primary's allowable, the charge the lowest */
	is_int(coord(&p, &t, &a, CS_COB_MEDICARE_SECONDARY, D(200), D(175), 0), D(55),
		   "limit 1: charge 175 - 120 = 55 (limit 2 is 160, limit 3 is 80)");
	is_int(res.patient_pays, 0, "limit 1: the patient owes nothing");
	/* the provider must accept less than its charge: limit 1 uses that amount */
	p = prior_in(D(150), D(120));
	is_int(coord(&p, &t, &a, CS_COB_MEDICARE_SECONDARY, D(200), D(175), 0), D(30),
		   "limit 1 with an obligated amount: 150 - 120 = 30");
	/* limit 2 binds: 100 of the Part B deductible left, so Medicare as primary pays 80% of 25 */
	a.ded_individual_met = D(157);
	is_int(coord(&p, &t, &a, CS_COB_MEDICARE_SECONDARY, D(125), D(175), 0), D(20),
		   "limit 2: what Medicare pays as primary, 20");
	is_int(res.patient_pays, D(10), "limit 2: the patient owes 10");
	is_int(res.normal.acc_after.ded_individual_met, D(257), "Medicare credits its deductible as if primary");
}

static void
medicaid_last_resort(void)
{
	cs_cob_prior p = prior_in(D(100), D(80));
	cs_terms	t = plan_pays(100, CS_ABSENT);
	cs_accum	a = none();

	is_int(coord(&p, &t, &a, CS_COB_MEDICAID, D(90), CS_ABSENT, 0), D(10),
		   "Medicaid pays up to its rate: 90 - 80 = 10");
	is_int(res.patient_pays, 0, "a QMB / full dual owes no Medicare cost sharing");
	is_int(res.written_off, D(10), "the provider writes off the rest");
	is_int(coord(&p, &t, &a, CS_COB_MEDICAID, D(70), CS_ABSENT, 0), 0,
		   "Medicare paid more than Medicaid's rate: Medicaid pays 0");
	is_int(res.written_off, D(20), "and the 20 of cost sharing is written off");
	t.copay = 100;
	coord(&p, &t, &a, CS_COB_MEDICAID, D(70), CS_ABSENT, 0);
	is_int(res.patient_pays, 100, "a nominal Medicaid copay is still the patient's");
	is_int(res.written_off, 1900, "the rest written off");
	/* the balance bill of an out-of-network primary line is not collectable either */
	p = (cs_cob_prior) {D(100), D(30), D(80), D(50)};
	t.copay = CS_ABSENT;
	is_int(coord(&p, &t, &a, CS_COB_MEDICAID, D(100), D(130), 0), D(20), "Medicaid pays 20");
	is_int(res.written_off, D(30), "and the balance bill is written off");
}

static void
refused(void)
{
	cs_cob_prior p = {D(100), 0, D(80), D(30)};
	cs_terms	t = plan_pays(80, CS_ABSENT);
	cs_accum	a = none();

	ok(cs_coordinate(&p, &t, &a, CS_COB_STANDARD, CS_ABSENT, CS_ABSENT, 0, &res, &err) == CS_ERR_INCONSISTENT,
	   "a primary line that does not balance is refused");
	p = prior_in(D(100), D(80));
	ok(cs_coordinate(&p, &t, &a, CS_COB_STANDARD, CS_ABSENT, CS_ABSENT, -1, &res, &err) == CS_ERR_RANGE,
	   "a negative reserve is refused");
	ok(cs_coordinate(&p, &t, &a, CS_COB_STANDARD, -5, CS_ABSENT, 0, &res, &err) == CS_ERR_RANGE,
	   "a negative secondary allowable is refused");
	ok(cs_coordinate(&p, &t, &a, (cs_cob_method) 99, CS_ABSENT, CS_ABSENT, 0, &res, &err) == CS_ERR_WORD,
	   "an unknown method is refused");
	p.plan_pays = CS_MONEY_MAX + 1;
	ok(cs_coordinate(&p, &t, &a, CS_COB_STANDARD, CS_ABSENT, CS_ABSENT, 0, &res, &err) == CS_ERR_RANGE,
	   "an amount above the maximum is refused");
	t.covered = false;
	p = prior_in(D(100), D(80));
	is_int(coord(&p, &t, &a, CS_COB_STANDARD, CS_ABSENT, CS_ABSENT, D(50)), 0,
		   "a service the secondary does not cover: it pays nothing, not even from the reserve");
	is_int(res.reserve_after, D(50), "and the reserve is kept");
}

static void
words(void)
{
	cs_cob_method m;

	for (int i = 0; i < CS_COB_METHOD_COUNT; i++)
	{
		const char *w = cs_cob_method_word((cs_cob_method) i);

		ok(cs_cob_method_from_word(w, strlen(w), &m) && m == (cs_cob_method) i, "method word %s", w);
	}
	ok(cs_cob_method_from_word("traditional", 11, &m) && m == CS_COB_STANDARD, "traditional = standard");
	ok(cs_cob_method_from_word("mob", 3, &m) && m == CS_COB_MAINTENANCE_OF_BENEFITS, "mob");
	ok(!cs_cob_method_from_word("bogus", 5, &m), "bogus refused");
}

/* a small deterministic generator (no libc rand: the same sequence everywhere) */
static uint64_t seed = 0x9e3779b97f4a7c15u;

static uint64_t
next(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static void
property(void)
{
	int			bad = 0,
				bad_max = 0,
				order = 0;

	for (int i = 0; i < 20000; i++)
	{
		cs_terms	t1,
					t2;
		cs_accum	a1 = none(),
					a2 = none();
		cs_result	r1;
		cs_cob_prior p;
		cs_cents	allowed = (cs_cents) (next() % 50000);
		cs_cents	billed = allowed + (cs_cents) (next() % 20000);
		cs_cents	reserve = (cs_cents) (next() % 10000);
		cs_cents	a2_allowed = (next() % 3) ? CS_ABSENT : (cs_cents) (next() % 50000);
		cs_cents	paid[CS_COB_METHOD_COUNT] = {0};
		int			bad_before = bad;

		cs_terms_init(&t1);
		cs_terms_init(&t2);
		t1.coinsurance = (int64_t) (next() % 11) * 100000;
		t2.coinsurance = (int64_t) (next() % 11) * 100000;
		if (next() % 2)
			t1.ded_individual = (cs_cents) (next() % 100000);
		if (next() % 2)
			t2.ded_individual = (cs_cents) (next() % 100000);
		if (next() % 3 == 0)
			t2.copay = (cs_cents) (next() % 5000);
		if (next() % 4 == 0)
			t1.network = CS_NETWORK_OUT;
		a2.ded_individual_met = (next() % 2) ? (cs_cents) (next() % 100000) : 0;
		if (t2.ded_individual != CS_ABSENT && a2.ded_individual_met > t2.ded_individual)
			a2.ded_individual_met = t2.ded_individual;
		if (cs_adjudicate(allowed, &t1, &a1, billed, false, &r1, &err) != CS_OK)
		{
			bad++;
			continue;
		}
		p.allowed = r1.allowed;
		p.balance_bill = r1.balance_bill;
		p.plan_pays = r1.plan_pays;
		p.patient_pays = r1.patient_pays;
		for (int m = 0; m < CS_COB_METHOD_COUNT; m++)
		{
			cs_cents	rsv = (m == CS_COB_STANDARD) ? 0 : reserve;

			if (cs_coordinate(&p, &t2, &a2, (cs_cob_method) m, a2_allowed, billed, rsv, &res, &err) != CS_OK ||
				res.secondary_pays < 0 || res.secondary_pays > p.patient_pays ||
				res.patient_pays < 0 || res.written_off < 0 || res.reserve_after < 0 ||
				res.patient_pays + res.secondary_pays + res.written_off != p.patient_pays)
			{
				bad++;
				break;
			}
			paid[m] = res.secondary_pays;
			/* under a maximum: at most what is left, what it no longer pays is the excess, all balanced */
			{
				cs_cents	pl = (next() % 3) ? (cs_cents) (next() % 30000) : CS_ABSENT;
				cs_cents	ll = (next() % 3) ? (cs_cents) (next() % 30000) : CS_ABSENT;
				cs_cents	left = pl == CS_ABSENT ? ll : ll == CS_ABSENT ? pl : cs_min(pl, ll);
				cs_cob_result free = res;

				if (cs_coordinate_max(&p, &t2, &a2, (cs_cob_method) m, a2_allowed, billed, rsv, pl, ll, &res, &err) != CS_OK ||
					(left != CS_ABSENT && res.secondary_pays > left) ||
					res.secondary_pays + res.plan_max_excess != free.secondary_pays ||
					res.normal_benefit > free.normal_benefit ||
					res.patient_pays < 0 || res.written_off < 0 || res.reserve_after < 0 ||
					res.patient_pays + res.secondary_pays + res.written_off != p.patient_pays ||
					memcmp(&res.normal.acc_after, &free.normal.acc_after, sizeof(cs_accum)) != 0)
				{
					bad_max++;
					break;
				}
			}
		}
		if (bad != bad_before)
			continue;
		/* with no reserve, standard pays at least what non-duplication pays; MSP at most its normal benefit */
		if (paid[CS_COB_STANDARD] < paid[CS_COB_NON_DUPLICATION] ||
			paid[CS_COB_NON_DUPLICATION] != paid[CS_COB_CARVE_OUT])
			order++;
	}
	is_int(bad, 0, "20,000 random lines x 6 methods: 0 <= paid <= owed, and every dollar accounted for");
	is_int(order, 0, "standard >= non-duplication = carve-out on every line");
	is_int(bad_max, 0, "the same lines under random plan-paid maximums: paid <= left, paid + excess = paid without, "
		   "balanced, normal benefit no larger, accumulators unchanged");
}

/* one recorded line of the later plan */
static cs_cob_record
rec(const char *claim, int line, int version, bool counts, cs_date date, cs_cents n2, cs_cents paid)
{
	cs_cob_record r;

	memset(&r, 0, sizeof(r));
	r.claim_id = claim;
	r.claim_len = (int) strlen(claim);
	r.line_no = line;
	r.version = version;
	r.counts = counts;
	r.recorded = n2 != CS_ABSENT;
	r.service_date = date;
	r.normal_benefit = n2 == CS_ABSENT ? 0 : n2;
	r.paid = paid;
	return r;
}

static cs_cents
on_record(cs_cob_record *r, int n, cs_date lo, cs_date hi, cs_date date, int *used)
{
	cs_cents	reserve = -1;

	if (cs_cob_reserve_on_record(r, n, lo, hi, date, &reserve, used, &err) != CS_OK)
	{
		ok(0, "reserve on record (%s: %s)", err.message, err.detail);
		return -1;
	}
	return reserve;
}

static void
reserve_on_record(void)
{
	cs_date		lo = cs_date_from_ymd(2026, 1, 1);
	cs_date		hi = cs_date_from_ymd(2027, 1, 1);
	cs_date		feb = cs_date_from_ymd(2026, 2, 1);
	cs_date		mar = cs_date_from_ymd(2026, 3, 1);
	cs_date		may = cs_date_from_ymd(2026, 5, 1);
	cs_cob_record r[8];
	int			used;
	cs_cents	reserve;

	/* C1 (Feb): N2 49, paid 20 -> +29; C2 (Mar): N2 49, paid 60 -> 29 + 49 - 60 = 18 */
	r[0] = rec("C2", 1, 1, true, mar, 4900, 6000);
	r[1] = rec("C1", 1, 1, true, feb, 4900, 2000);
	is_int(on_record(r, 2, lo, hi, may, &used), 1800, "reserve: 49 - 20 = 29 on C1, then 29 + 49 - 60 = 18 on C2");
	is_int(used, 2, "reserve: both lines count");
	/* in date order, not in the order given: C2 first would leave max(0, 49 - 60) = 0, then 29 */
	r[0] = rec("C2", 1, 1, true, mar, 4900, 6000);
	r[1] = rec("C1", 1, 1, true, feb, 4900, 2000);
	is_int(on_record(r, 2, lo, hi, feb, &used), 2900, "reserve for a line in February: C2 (March) not yet");
	/* the latest version counts: C1 v2 reversed counts nothing; C3 v2 final replaces v1 */
	r[0] = rec("C1", 1, 1, true, feb, 4900, 2000);
	r[1] = rec("C1", 1, 2, false, feb, 0, 0);
	r[2] = rec("C3", 1, 2, true, mar, 7000, 1000);
	r[3] = rec("C3", 1, 1, true, mar, 7000, 7000);
	is_int(on_record(r, 4, lo, hi, may, &used), 6000, "reserve: C1 reversed, C3's latest version 70 - 10 = 60");
	is_int(used, 1, "reserve: one line counts");
	/* lines of another claim line number are other lines; estimated (does not count) and unrecorded lines
	 * count nothing; last year's line and next period's line are outside the period */
	r[0] = rec("C1", 1, 1, true, feb, 4900, 2000);
	r[1] = rec("C1", 2, 1, true, feb, 1000, 0);
	r[2] = rec("C4", 1, 1, false, mar, 9900, 0);
	r[3] = rec("C5", 1, 1, true, mar, CS_ABSENT, 0);
	r[4] = rec("C6", 1, 1, true, lo - 1, 5000, 0);
	r[5] = rec("C7", 1, 1, true, hi, 5000, 0);
	is_int(on_record(r, 6, lo, hi, hi + 30, &used), 3900, "reserve: 29 + 10, nothing else counts");
	is_int(used, 2, "reserve: two lines of the period count");
	/* never below 0: a line that used a reserve since reversed does not make it negative */
	r[0] = rec("C1", 1, 1, true, feb, 1000, 3000);
	r[1] = rec("C2", 1, 1, true, mar, 2000, 500);
	is_int(on_record(r, 2, lo, hi, may, &used), 1500, "reserve: max(0, 10 - 30) = 0, then 20 - 5 = 15");
	is_int(on_record(r, 0, lo, hi, may, &used), 0, "reserve: no line, no reserve");
	/* a stored amount out of range is refused */
	r[0] = rec("C1", 1, 1, true, feb, -100, 0);
	is_int(cs_cob_reserve_on_record(r, 1, lo, hi, may, &reserve, &used, &err), CS_ERR_RANGE,
		   "reserve: a negative recorded normal benefit is refused");

	/* a batch carries the previous line's reserve within the period, else starts from the record */
	is_int(cs_cob_reserve_start(true, feb, 1234, lo, hi, may, 99), 1234, "reserve start: carried within the period");
	is_int(cs_cob_reserve_start(true, lo - 1, 1234, lo, hi, may, 99), 99, "reserve start: last period's carried reserve is gone");
	is_int(cs_cob_reserve_start(false, feb, 1234, lo, hi, may, 99), 99, "reserve start: nothing carried: the record");
	is_int(cs_cob_reserve_start(true, may, 1234, lo, hi, may, 99), 1234, "reserve start: carried from a line of the same day");
	is_int(cs_cob_reserve_start(true, may, 1234, lo, hi, feb, 99), 99,
		   "reserve start: a reserve carried from a later line is not this line's: the record");
}

/* the line as a third payer sees it after the second */
static void
prior_next(void)
{
	cs_cob_prior p = prior_in(D(100), D(40));
	cs_cob_prior n;
	cs_cob_result r;

	/* the second paid 50, the patient owes 10, nothing written off: P = 40 + 50 = 90, owed 10 */
	memset(&r, 0, sizeof(r));
	r.secondary_pays = D(50);
	r.patient_pays = D(10);
	is_int(cs_cob_prior_next(&p, &r, &n, &err), CS_OK, "next prior: balances");
	is_int(n.plan_pays, D(90), "next prior: both payments, 40 + 50");
	is_int(n.patient_pays, D(10), "next prior: the patient owes 10");
	is_int(n.allowed, D(100), "next prior: allowed unchanged");
	/* Medicaid second paid nothing and wrote off 58 of the 60 owed: off the allowed amount */
	r.secondary_pays = D(0);
	r.patient_pays = D(2);
	r.written_off = D(58);
	is_int(cs_cob_prior_next(&p, &r, &n, &err), CS_OK, "next prior with a write-off: balances");
	is_int(n.allowed, D(42), "next prior: 58 written off the allowed 100 -> 42 = 40 paid + 2 owed");
	/* out of network: the write-off comes off the balance bill first */
	p.balance_bill = D(30);
	p.plan_pays = D(80);
	p.patient_pays = D(50);
	r.secondary_pays = D(10);
	r.patient_pays = D(2);
	r.written_off = D(38);
	is_int(cs_cob_prior_next(&p, &r, &n, &err), CS_OK, "next prior out of network: balances");
	is_int(n.balance_bill, 0, "next prior: the 30 balance bill written off first");
	is_int(n.allowed, D(92), "next prior: then 8 off the allowed 100");
	is_int(n.plan_pays + n.patient_pays, n.allowed + n.balance_bill, "next prior: 90 + 2 = 92");
	/* a coordination of another line is refused */
	r.patient_pays = D(3);
	is_int(cs_cob_prior_next(&p, &r, &n, &err), CS_ERR_INCONSISTENT, "next prior: an unbalanced coordination is refused");
}

/*
 * The later payer's own plan-paid maximum (cs_coordinate_max), by hand. The primary allowed 1,000 and
 * paid 800; the patient owes 200. The secondary pays 80% with no deductible: N2 = 800; standard pays
 * min(800, 1,000 - 800) = 200 and keeps 600 in reserve.
 */
static void
secondary_maximum(void)
{
	cs_cob_prior p = prior_in(D(1000), D(800));
	cs_terms	t = plan_pays(80, CS_ABSENT);
	cs_accum	a = none();

#define CM(reserve, period, lifetime) \
	cs_coordinate_max(&p, &t, &a, CS_COB_STANDARD, CS_ABSENT, CS_ABSENT, (reserve), (period), (lifetime), &res, &err)

	/* no maximum: as cs_coordinate */
	is_int(CM(0, CS_ABSENT, CS_ABSENT), CS_OK, "secondary max: none: coordinates");
	is_int(res.secondary_pays, D(200), "secondary max: none: pays 200");
	is_int(res.reserve_after, D(600), "secondary max: none: reserve 600");
	is_int(res.plan_max_excess, 0, "secondary max: none: no excess");
	ok(!(res.normal.reasons & CS_REASON_LIMIT), "secondary max: none: no 119");

	/* exhausted mid-line: 150 left of the period; N2 capped at 150, pays 150, 50 stays with the patient */
	is_int(CM(0, D(150), CS_ABSENT), CS_OK, "secondary max: 150 left: coordinates");
	is_int(res.normal_benefit, D(150), "secondary max: 150 left: N2 capped at 150");
	is_int(res.secondary_pays, D(150), "secondary max: 150 left: pays 150");
	is_int(res.plan_max_excess, D(50), "secondary max: 150 left: 50 above the maximum");
	is_int(res.patient_pays, D(50), "secondary max: 150 left: the patient owes the 50");
	is_int(res.reserve_after, 0, "secondary max: 150 left: no saving kept (N2 150 - paid 150)");
	ok(res.normal.reasons & CS_REASON_LIMIT, "secondary max: 150 left: 119");
	is_int(res.normal.acc_after.oop_individual_met, D(200), "secondary max: 150 left: its own cost share still credited (20%% of 1,000)");

	/* exactly at zero: nothing left, it pays nothing, the patient keeps the 200 */
	CM(0, 0, CS_ABSENT);
	is_int(res.secondary_pays, 0, "secondary max: 0 left: pays 0");
	is_int(res.plan_max_excess, D(200), "secondary max: 0 left: 200 above the maximum");
	is_int(res.patient_pays, D(200), "secondary max: 0 left: the patient owes 200");
	is_int(res.normal_benefit, 0, "secondary max: 0 left: N2 0");

	/* exactly what it pays left: N2 is capped (reserve 0 kept, not 600) but the payment is not: no 119 */
	CM(0, D(200), CS_ABSENT);
	is_int(res.secondary_pays, D(200), "secondary max: 200 left: pays 200");
	is_int(res.plan_max_excess, 0, "secondary max: 200 left: no excess");
	is_int(res.reserve_after, 0, "secondary max: 200 left: saving N2 200 - 200 = 0");
	ok(!(res.normal.reasons & CS_REASON_LIMIT), "secondary max: 200 left: no 119 on the line");

	/* lifetime vs period: the lesser binds, whichever it is */
	CM(0, D(500), D(120));
	is_int(res.secondary_pays, D(120), "secondary max: lifetime 120 < period 500: pays 120");
	is_int(res.plan_max_excess, D(80), "secondary max: lifetime binds: 80 excess");
	CM(0, D(120), D(500));
	is_int(res.secondary_pays, D(120), "secondary max: period 120 < lifetime 500: pays 120");
	CM(0, CS_ABSENT, D(90));
	is_int(res.secondary_pays, D(90), "secondary max: lifetime only 90: pays 90");

	/* the reserve cannot pay above the maximum: primary paid 500 of 1,000, secondary 20%: N2 200,
	 * reserve 300. Without a maximum it pays min(200 + 300, 500) = 500 using 300; with 250 left it pays
	 * 250 using 50 and keeps 250 */
	p = prior_in(D(1000), D(500));
	t = plan_pays(20, CS_ABSENT);
	CM(D(300), CS_ABSENT, CS_ABSENT);
	is_int(res.secondary_pays, D(500), "secondary max: reserve, none: pays 500");
	is_int(res.reserve_used, D(300), "secondary max: reserve, none: uses 300");
	CM(D(300), D(250), CS_ABSENT);
	is_int(res.secondary_pays, D(250), "secondary max: reserve, 250 left: pays 250");
	is_int(res.reserve_used, D(50), "secondary max: reserve, 250 left: uses 50");
	is_int(res.reserve_after, D(250), "secondary max: reserve, 250 left: keeps 250");
	is_int(res.plan_max_excess, D(250), "secondary max: reserve, 250 left: 250 excess");
	is_int(res.patient_pays, D(250), "secondary max: reserve, 250 left: patient 250");
	ok(res.normal.reasons & CS_REASON_LIMIT, "secondary max: reserve, 250 left: 119 though N2 200 fits");

	/* non-duplication: N2 800 capped at 600 by the maximum: pays max(0, 600 - 500) = 100, not 300 */
	t = plan_pays(80, CS_ABSENT);
	cs_coordinate_max(&p, &t, &a, CS_COB_NON_DUPLICATION, CS_ABSENT, CS_ABSENT, 0, D(600), CS_ABSENT, &res, &err);
	is_int(res.secondary_pays, D(100), "secondary max: non-duplication on the capped N2: 100");
	is_int(res.plan_max_excess, D(200), "secondary max: non-duplication: 200 excess");

	/* Medicaid: pays at most what is left of its maximum; the rest is written off, not owed (QMB) */
	p = prior_in(D(100), D(80));
	t = plan_pays(100, CS_ABSENT);
	cs_coordinate_max(&p, &t, &a, CS_COB_MEDICAID, CS_ABSENT, CS_ABSENT, 0, D(5), CS_ABSENT, &res, &err);
	is_int(res.secondary_pays, D(5), "secondary max: Medicaid pays 5 of 20");
	is_int(res.written_off, D(15), "secondary max: Medicaid: 15 written off");
	is_int(res.patient_pays, 0, "secondary max: Medicaid: the patient owes nothing");

	/* a gated line (not covered) pays nothing: no excess either */
	t = plan_pays(80, CS_ABSENT);
	t.covered = false;
	CM(0, D(10), CS_ABSENT);
	is_int(res.secondary_pays, 0, "secondary max: not covered: 0");
	is_int(res.plan_max_excess, 0, "secondary max: not covered: no excess");

	/* refused: a negative remainder */
	t = plan_pays(80, CS_ABSENT);
	is_int(CM(0, -5, CS_ABSENT), CS_ERR_RANGE, "secondary max: a negative period_left is refused");
	is_int(CM(0, CS_ABSENT, -2 * CS_MONEY_MAX), CS_ERR_RANGE, "secondary max: a negative lifetime_left is refused");
#undef CM
}

/* what a later payer's earlier lines of a batch paid toward its maximums (cs_plan_max_batch_paid) */
static void
batch_paid(void)
{
	cs_date		dates[4] = {100, 200, 300, 400};
	bool		same[4] = {true, false, true, true};
	cs_cents	paid[4] = {D(100), D(50), D(30), D(7)};
	cs_cents	pp,
				lp;

	/* the period starts at day 250: the period counts day 300 only; the lifetime days 100 and 300;
	 * day 200 is another category, day 400 is after the line (day 350) */
	is_int(cs_plan_max_batch_paid(4, dates, same, paid, 250, 615, 350, &pp, &lp, &err), CS_OK, "batch paid: sums");
	is_int(pp, D(30), "batch paid: period 30");
	is_int(lp, D(130), "batch paid: lifetime 130");
	is_int(cs_plan_max_left(D(120), pp), D(90), "batch paid: 120 - 30 = 90 left of the period");
	is_int(cs_plan_max_left(D(120), lp), 0, "batch paid: lifetime 120 - 130: 0 left, never negative");
	/* a new period: nothing of the batch counts toward it, the lifetime still does */
	cs_plan_max_batch_paid(4, dates, same, paid, 401, 766, 450, &pp, &lp, &err);
	is_int(pp, 0, "batch paid: new period: 0");
	is_int(lp, D(137), "batch paid: new period: lifetime 137");
	is_int(cs_plan_max_batch_paid(0, NULL, NULL, NULL, 0, 1, 0, &pp, &lp, &err), CS_OK, "batch paid: no lines");
	is_int(pp + lp, 0, "batch paid: no lines: 0");
	paid[0] = -1;
	is_int(cs_plan_max_batch_paid(4, dates, same, paid, 0, 1000, 350, &pp, &lp, &err), CS_ERR_RANGE,
		   "batch paid: a negative payment is refused");
}

/*
 * The later payers of a line (cs_cob_payer_step): the reasons costshare.estimate adds, in order, for a
 * member with `coverages` coverages when the second and third payers can price the line or not (a
 * coordinated payer that cannot adds its own not-priced reason, as the glue's coordinate_payer does)
 */
static void
steps(int coverages, bool second_prices, bool third_prices, const char *want, const char *what)
{
	char		got[256] = "";
	bool		priced = true;

	for (int rank = 2; rank <= CS_COB_LAST_RANK + 1; rank++)
	{
		switch (cs_cob_payer_step(coverages, rank, priced))
		{
			case CS_COB_STEP_NONE:
				break;
			case CS_COB_STEP_COORDINATE:
				priced = rank == 2 ? second_prices : third_prices;
				strcat(got, rank == 2 ? "coordinate2 " : "coordinate3 ");
				if (!priced)
				{
					strcat(got, cs_cob_not_priced_reason(rank));
					strcat(got, " ");
				}
				break;
			case CS_COB_STEP_NOT_PRICED:
				priced = false;
				strcat(got, cs_cob_not_priced_reason(rank));
				strcat(got, " ");
				break;
		}
	}
	ok(strcmp(got, want) == 0, "cob payers: %s (got \"%s\")", what, got);
}

static void
payer_steps(void)
{
	steps(0, true, true, "", "no coverage: nothing");
	steps(1, true, true, "", "one coverage: no later payer");
	steps(2, true, true, "coordinate2 ", "two coverages: the second coordinates");
	steps(2, false, true, "coordinate2 secondary_not_priced ", "two: the second cannot price");
	steps(3, true, true, "coordinate2 coordinate3 ", "three: the third after the second");
	steps(3, true, false, "coordinate2 coordinate3 third_payer_not_priced ", "three: the third cannot price");
	steps(3, false, true, "coordinate2 secondary_not_priced third_payer_not_priced ",
		  "three: no third after a second that cannot price");
	steps(4, true, true, "coordinate2 coordinate3 fourth_payer_not_priced ", "four: the fourth never coordinates");
	steps(5, false, true, "coordinate2 secondary_not_priced third_payer_not_priced fourth_payer_not_priced ",
		  "five: one reason for the fourth and beyond, in rank order");
	is_int(cs_cob_payer_step(2, 2, false), CS_COB_STEP_NONE, "cob payers: no second after an unpriced primary");
	is_int(cs_cob_payer_step(9, 1, true), CS_COB_STEP_NONE, "cob payers: rank 1 is the primary's own");
	is_int(cs_cob_payer_step(9, 5, true), CS_COB_STEP_NONE, "cob payers: nothing asked beyond the fourth");
	is_int(cs_cob_payer_step(9, 4, true), CS_COB_STEP_NOT_PRICED, "cob payers: a fourth after a priced third");
	ok(strcmp(cs_cob_not_priced_reason(4), "fourth_payer_not_priced") == 0 &&
	   strcmp(cs_cob_not_priced_reason(7), "fourth_payer_not_priced") == 0, "cob reasons: the fourth and beyond");
	ok(strcmp(cs_cob_plan_max_reason(2), "secondary_plan_maximum_reached") == 0 &&
	   strcmp(cs_cob_plan_max_reason(3), "third_payer_plan_maximum_reached") == 0 &&
	   cs_cob_plan_max_reason(4) == NULL, "cob reasons: the later payers' plan maximums");
	/* the benefit reserve: the standard method's, when the period, family and plan are known */
	ok(cs_cob_reserve_needed("standard", 8, true, true, true), "cob reserve: standard with everything known");
	ok(!cs_cob_reserve_needed("standard", 8, false, true, true), "cob reserve: no period, none");
	ok(!cs_cob_reserve_needed("standard", 8, true, false, true), "cob reserve: no family, none");
	ok(!cs_cob_reserve_needed("standard", 8, true, true, false), "cob reserve: no plan, none");
	ok(!cs_cob_reserve_needed("traditional", 11, true, true, true),
	   "cob reserve: only the word standard (as line_context states the method)");
	ok(!cs_cob_reserve_needed("standar", 7, true, true, true) && !cs_cob_reserve_needed("standards", 9, true, true, true),
	   "cob reserve: a prefix or a longer word is not standard");
	ok(!cs_cob_reserve_needed("non_duplication", 15, true, true, true), "cob reserve: other methods, none");
}

void
test_cob(void)
{
	payer_steps();
	secondary_maximum();
	batch_paid();
	prior_next();
	reserve_on_record();
	rows_13_14();
	reserve_across_claims();
	secondary_deductible();
	medicare_secondary();
	medicaid_last_resort();
	refused();
	words();
	property();
	/* the method a plan pays by when it is not primary: stated, else by payer type */
	is_int(cs_cob_method_for(true, CS_COB_NON_DUPLICATION, true, false), CS_COB_NON_DUPLICATION,
		   "cob method: the plan's stated method wins, even for Medicare");
	is_int(cs_cob_method_for(false, CS_COB_STANDARD, true, false), CS_COB_MEDICARE_SECONDARY,
		   "cob method: Medicare unstated pays as Medicare secondary payer");
	is_int(cs_cob_method_for(false, CS_COB_STANDARD, false, true), CS_COB_MEDICAID,
		   "cob method: Medicaid unstated pays as payer of last resort");
	is_int(cs_cob_method_for(false, CS_COB_CARVE_OUT, false, false), CS_COB_STANDARD,
		   "cob method: any other plan unstated pays by the standard method");
}
