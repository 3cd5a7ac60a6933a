/*
 * test_benefit_terms.c — the terms of a line from the plan's rows (cs_benefit_terms.c): the bucket, the
 * bucket's plan_limit row and the rows crediting it, each column mapped and each default (no limits:
 * embedded and no amounts; a NULL boolean: costshare.terms()'s default; the telehealth copay and
 * coverage; the family flag), and each refusal in costshare.terms()'s order.
 */
#include <string.h>

#include "cs_benefit_terms.h"
#include "tap.h"

static cs_name
nm(const char *s)
{
	cs_name		n = {s, s ? strlen(s) : 0};

	return n;
}

/* an in-network benefit with every column NULL-free, as the table's defaults give it */
static cs_benefit_row
benefit(void)
{
	cs_benefit_row b;

	memset(&b, 0, sizeof(b));
	b.network = nm("in");
	b.bucket = nm(NULL);
	b.covered = CS_STORED_TRUE;
	b.copay = 3000;
	b.coinsurance = 200000;
	b.deductible_applies = CS_STORED_TRUE;
	b.copay_after_deductible = CS_STORED_FALSE;
	b.copay_counts_toward_deductible = CS_STORED_FALSE;
	b.copay_visits = CS_ABSENT;
	b.copay_per = nm("day");
	b.visit_limit = CS_ABSENT;
	b.telehealth_allowed = CS_STORED_TRUE;
	b.telehealth_copay = CS_ABSENT;
	return b;
}

static cs_limit_row
limits(void)
{
	cs_limit_row l;

	memset(&l, 0, sizeof(l));
	l.bucket = nm("in");
	l.ded_individual = 150000;
	l.ded_family = 300000;
	l.family_deductible = nm("aggregate");
	l.family_ded_members = CS_ABSENT;
	l.oop_individual = 500000;
	l.oop_family = 1000000;
	l.coinsurance_limit = CS_ABSENT;
	l.has_credits = false;
	return l;
}

static cs_plan_fields
plan(void)
{
	cs_plan_fields p;

	memset(&p, 0, sizeof(p));
	p.coverage_level = nm("family");
	p.rounding = nm("half_even");
	p.has_period_start = true;
	p.period_start_finite = true;
	p.period_start = cs_date_from_ymd(2025, 7, 1);
	p.carryover = true;
	return p;
}

static bool
name_is(cs_name n, const char *s)
{
	return n.data != NULL && n.len == strlen(s) && memcmp(n.data, s, n.len) == 0;
}

static void
mapping(void)
{
	cs_benefit_row b = benefit();
	cs_limit_row l = limits();
	cs_plan_fields p = plan();
	cs_benefit_terms bt;
	cs_error	err;
	const cs_terms *t = &bt.terms;
	cs_name		credits[2] = {{"tier1", 5}, {"out", 3}};

	b.copay_visits = 3;
	b.visit_limit = 20;
	b.copay_counts_toward_deductible = CS_STORED_TRUE;
	l.family_ded_members = 2;
	l.coinsurance_limit = 250000;
	l.has_credits = true;
	l.n_credits = 2;
	l.credits = credits;
	ok(cs_benefit_terms_of(&b, &l, &p, false, &bt, &err) == CS_OK, "benefit terms: a full row builds");
	ok(t->copay == 3000 && t->coinsurance == 200000 && t->deductible_applies && !t->copay_after_deductible &&
	   t->covered, "benefit terms: copay, coinsurance, deductible flags and coverage from the benefit");
	ok(t->ded_individual == 150000 && t->ded_family == 300000 && t->family_mode == CS_FAMILY_AGGREGATE &&
	   t->oop_individual == 500000 && t->oop_family == 1000000 && t->family_ded_members == 2 &&
	   t->coinsurance_limit == 250000, "benefit terms: deductibles, out-of-pocket and limits from the bucket's row");
	ok(t->family_coverage, "benefit terms: coverage level family is family coverage");
	ok(t->visit_limit == 20 && t->copay_visits == 3 && t->copay_counts_toward_deductible &&
	   t->copay_per == CS_COPAY_PER_DAY && t->network == CS_NETWORK_IN, "benefit terms: counts and words");
	ok(t->rounding == CS_ROUND_HALF_EVEN && t->carryover, "benefit terms: rounding and carryover from the plan");
	ok(t->period_month == 7 && t->period_day == 1 && bt.has_period_start &&
	   bt.period_start == cs_date_from_ymd(2025, 7, 1), "benefit terms: the plan year's start, and the date kept");
	ok(name_is(t->bucket, "in"), "benefit terms: no bucket stated: the network word");
	ok(bt.has_credits && t->n_credits == 2 && name_is(t->credits[0], "tier1") && name_is(t->credits[1], "out"),
	   "benefit terms: the bucket's also_credits");

	/* a stated bucket, out of network, individual coverage, calendar year */
	b = benefit();
	b.network = nm("out");
	b.bucket = nm("tier2");
	p.coverage_level = nm("individual");
	p.has_period_start = false;
	ok(cs_benefit_terms_of(&b, NULL, &p, false, &bt, &err) == CS_OK && name_is(t->bucket, "tier2") &&
	   t->network == CS_NETWORK_OUT && !t->family_coverage && t->period_month == 1 && t->period_day == 1 &&
	   !bt.has_period_start, "benefit terms: the stated bucket, out of network, individual, calendar year");
	ok(name_is(cs_benefit_bucket(&b), "tier2"), "benefit bucket: the stated one");
	b.bucket = nm(NULL);
	ok(name_is(cs_benefit_bucket(&b), "out"), "benefit bucket: else the network word");
}

static void
defaults(void)
{
	cs_benefit_row b = benefit();
	cs_limit_row l = limits();
	cs_plan_fields p = plan();
	cs_benefit_terms bt;
	cs_error	err;
	const cs_terms *t = &bt.terms;

	/* no plan_limit row: no amounts, embedded */
	ok(cs_benefit_terms_of(&b, NULL, &p, false, &bt, &err) == CS_OK && t->ded_individual == CS_ABSENT &&
	   t->ded_family == CS_ABSENT && t->oop_individual == CS_ABSENT && t->oop_family == CS_ABSENT &&
	   t->family_ded_members == CS_ABSENT && t->coinsurance_limit == CS_ABSENT &&
	   t->family_mode == CS_FAMILY_EMBEDDED && !bt.has_credits && t->n_credits == 0,
	   "benefit terms: a bucket without limits: no amounts, embedded, no credits");
	/* a row without family_deductible: embedded */
	l.family_deductible = nm(NULL);
	ok(cs_benefit_terms_of(&b, &l, &p, false, &bt, &err) == CS_OK && t->family_mode == CS_FAMILY_EMBEDDED &&
	   t->ded_individual == 150000, "benefit terms: no family_deductible stated: embedded");
	/* an empty also_credits is given, not NULL */
	l.has_credits = true;
	l.n_credits = 0;
	ok(cs_benefit_terms_of(&b, &l, &p, false, &bt, &err) == CS_OK && bt.has_credits && t->n_credits == 0,
	   "benefit terms: an empty also_credits stays given");
	/* NULL booleans, coinsurance and words: costshare.terms()'s defaults; covered NULL: not covered */
	b.deductible_applies = CS_STORED_NULL;
	b.copay_after_deductible = CS_STORED_NULL;
	b.copay_counts_toward_deductible = CS_STORED_NULL;
	b.coinsurance = CS_ABSENT;
	b.copay_per = nm(NULL);
	b.covered = CS_STORED_NULL;
	p.rounding = nm(NULL);
	ok(cs_benefit_terms_of(&b, NULL, &p, false, &bt, &err) == CS_OK && t->deductible_applies &&
	   !t->copay_after_deductible && !t->copay_counts_toward_deductible && t->coinsurance == 0 &&
	   t->copay_per == CS_COPAY_PER_LINE && t->rounding == CS_ROUND_HALF_UP && !t->covered,
	   "benefit terms: NULL columns take costshare.terms()'s defaults (covered NULL: not covered)");
	b = benefit();
	b.copay = CS_ABSENT;
	ok(cs_benefit_terms_of(&b, NULL, &p, false, &bt, &err) == CS_OK && t->copay == CS_ABSENT,
	   "benefit terms: no copay");

	/* telehealth: the telehealth copay when stated; not covered when the benefit excludes it */
	b = benefit();
	b.telehealth_copay = 1000;
	ok(cs_benefit_terms_of(&b, NULL, &p, true, &bt, &err) == CS_OK && t->copay == 1000 && t->covered,
	   "benefit terms: a telehealth visit pays the telehealth copay");
	ok(cs_benefit_terms_of(&b, NULL, &p, false, &bt, &err) == CS_OK && t->copay == 3000,
	   "benefit terms: an office visit pays the copay");
	b.telehealth_copay = CS_ABSENT;
	ok(cs_benefit_terms_of(&b, NULL, &p, true, &bt, &err) == CS_OK && t->copay == 3000,
	   "benefit terms: no telehealth copay stated: the copay");
	b.telehealth_allowed = CS_STORED_FALSE;
	ok(cs_benefit_terms_of(&b, NULL, &p, true, &bt, &err) == CS_OK && !t->covered,
	   "benefit terms: telehealth the benefit excludes is not covered");
	ok(cs_benefit_terms_of(&b, NULL, &p, false, &bt, &err) == CS_OK && t->covered,
	   "benefit terms: ... an office visit still is");
	b.telehealth_allowed = CS_STORED_NULL;
	ok(cs_benefit_terms_of(&b, NULL, &p, true, &bt, &err) == CS_OK && !t->covered,
	   "benefit terms: telehealth_allowed NULL does not allow it");
	b = benefit();
	b.covered = CS_STORED_FALSE;
	ok(cs_benefit_terms_of(&b, NULL, &p, false, &bt, &err) == CS_OK && !t->covered,
	   "benefit terms: a benefit not covered");
}

static void
limit_rows(void)
{
	cs_name		c1[3] = {{"in", 2}, {NULL, 0}, {"tier1", 5}};
	cs_limit_row r;

	memset(&r, 0, sizeof(r));
	ok(cs_limit_is_bucket(nm("in"), nm("in")) && !cs_limit_is_bucket(nm("in"), nm("out")) &&
	   !cs_limit_is_bucket(nm("in"), nm("inx")), "plan_limit row: the bucket's own by name");
	r.bucket = nm("out");
	r.has_credits = true;
	r.n_credits = 3;
	r.credits = c1;
	ok(cs_limit_credits(&r, nm("in")) && cs_limit_credits(&r, nm("tier1")),
	   "plan_limit row: another bucket's row naming the bucket credits it (a NULL element skipped)");
	ok(!cs_limit_credits(&r, nm("tier2")), "plan_limit row: ... one it does not name it does not");
	ok(!cs_limit_credits(&r, nm("out")), "plan_limit row: the bucket's own row never credits it");
	r.bucket = nm("in");
	ok(!cs_limit_credits(&r, nm("in")), "plan_limit row: ... even when it names itself");
	r.bucket = nm("out");
	r.has_credits = false;
	ok(!cs_limit_credits(&r, nm("in")), "plan_limit row: no also_credits credits nothing");
}

/* the refusal's message and detail */
static bool
refused(cs_status got, const cs_error *err, cs_status status, const char *message, const char *detail)
{
	return got == status && err->status == status && strcmp(err->message, message) == 0 &&
		strcmp(err->detail, detail) == 0;
}

static void
errors(void)
{
	cs_benefit_row b = benefit();
	cs_limit_row l = limits();
	cs_plan_fields p = plan();
	cs_benefit_terms bt;
	cs_error	err;
	cs_name		many[CS_MAX_CREDITS + 1];
	cs_name		with_null[2] = {{"out", 3}, {NULL, 0}};
	cs_status	s;

	for (int i = 0; i <= CS_MAX_CREDITS; i++)
		many[i] = nm("x");

	l.family_deductible = nm("shared");
	s = cs_benefit_terms_of(&b, &l, &p, false, &bt, &err);
	ok(refused(s, &err, CS_ERR_WORD, "unknown setting word", "family_deductible accepts embedded, aggregate or n_of_m."),
	   "benefit terms: an unknown family_deductible");
	l = limits();
	b.network = nm("both");
	s = cs_benefit_terms_of(&b, &l, &p, false, &bt, &err);
	ok(refused(s, &err, CS_ERR_WORD, "unknown setting word", "network accepts in or out."),
	   "benefit terms: an unknown network");
	b = benefit();
	p.rounding = nm("up");
	s = cs_benefit_terms_of(&b, &l, &p, false, &bt, &err);
	ok(refused(s, &err, CS_ERR_WORD, "unknown setting word", "rounding accepts half_up, half_even or truncate."),
	   "benefit terms: an unknown rounding");
	p = plan();
	p.period_start_finite = false;
	s = cs_benefit_terms_of(&b, &l, &p, false, &bt, &err);
	ok(refused(s, &err, CS_ERR_WORD, "period_start must be a finite date", "period_start is infinity or -infinity.") &&
	   strcmp(err.hint, "Give any date whose month and day start the benefit period, e.g. 2025-07-01.") == 0,
	   "benefit terms: an infinite period_start");
	p = plan();
	b.copay_per = nm("visit");
	s = cs_benefit_terms_of(&b, &l, &p, false, &bt, &err);
	ok(refused(s, &err, CS_ERR_WORD, "unknown setting word", "copay_per accepts line or day."),
	   "benefit terms: an unknown copay_per");
	b = benefit();
	l.has_credits = true;
	l.n_credits = CS_MAX_CREDITS + 1;
	l.credits = many;
	s = cs_benefit_terms_of(&b, &l, &p, false, &bt, &err);
	ok(refused(s, &err, CS_ERR_RANGE, "too many buckets in also_credits", "also_credits names 9 buckets."),
	   "benefit terms: more than 8 credits");
	l.n_credits = CS_MAX_CREDITS;
	ok(cs_benefit_terms_of(&b, &l, &p, false, &bt, &err) == CS_OK && bt.terms.n_credits == CS_MAX_CREDITS,
	   "benefit terms: 8 credits are fine");
	l.n_credits = 2;
	l.credits = with_null;
	s = cs_benefit_terms_of(&b, &l, &p, false, &bt, &err);
	ok(refused(s, &err, CS_ERR_NULL, "an element of also_credits must not be null",
			   "A value is required for an element of also_credits.") &&
	   strcmp(err.hint, "Name each bucket, e.g. ARRAY['in'].") == 0, "benefit terms: a NULL credit");
	l = limits();
	b.copay_after_deductible = CS_STORED_TRUE;
	b.deductible_applies = CS_STORED_FALSE;
	s = cs_benefit_terms_of(&b, &l, &p, false, &bt, &err);
	ok(refused(s, &err, CS_ERR_INCONSISTENT, "contradictory cost-sharing terms",
			   "copay_after_deductible is set but the deductible does not apply to this service."),
	   "benefit terms: checked as costshare.terms() checks (copay_after_deductible)");
	b = benefit();
	b.copay = CS_ABSENT;
	b.copay_visits = 2;
	s = cs_benefit_terms_of(&b, &l, &p, false, &bt, &err);
	ok(refused(s, &err, CS_ERR_INCONSISTENT, "contradictory cost-sharing terms", "copay_visits is set but there is no copay."),
	   "benefit terms: copay_visits without a copay");
	b = benefit();
	l.family_deductible = nm("n_of_m");
	s = cs_benefit_terms_of(&b, &l, &p, false, &bt, &err);
	ok(refused(s, &err, CS_ERR_INCONSISTENT, "contradictory cost-sharing terms",
			   "family_deductible n_of_m needs both family_ded_members and ded_individual."),
	   "benefit terms: n_of_m without its members");
	l.family_ded_members = 2;
	ok(cs_benefit_terms_of(&b, &l, &p, false, &bt, &err) == CS_OK && bt.terms.family_mode == CS_FAMILY_N_OF_M,
	   "benefit terms: n_of_m with them");
	l = limits();
	l.family_ded_members = 0;
	s = cs_benefit_terms_of(&b, &l, &p, false, &bt, &err);
	ok(refused(s, &err, CS_ERR_RANGE, "count is out of range", "family_ded_members is below 1."),
	   "benefit terms: family_ded_members 0");

	/* the first problem in costshare.terms()'s order */
	l = limits();
	l.family_deductible = nm("shared");
	b.network = nm("both");
	b.copay_per = nm("visit");
	p.rounding = nm("up");
	s = cs_benefit_terms_of(&b, &l, &p, false, &bt, &err);
	ok(refused(s, &err, CS_ERR_WORD, "unknown setting word", "family_deductible accepts embedded, aggregate or n_of_m."),
	   "benefit terms order: family_deductible before network, rounding, copay_per");
	l = limits();
	s = cs_benefit_terms_of(&b, &l, &p, false, &bt, &err);
	ok(refused(s, &err, CS_ERR_WORD, "unknown setting word", "network accepts in or out."),
	   "benefit terms order: network before rounding");
	b.network = nm("in");
	p.period_start_finite = false;
	s = cs_benefit_terms_of(&b, &l, &p, false, &bt, &err);
	ok(refused(s, &err, CS_ERR_WORD, "unknown setting word", "rounding accepts half_up, half_even or truncate."),
	   "benefit terms order: rounding before period_start");
	p.rounding = nm("half_up");
	s = cs_benefit_terms_of(&b, &l, &p, false, &bt, &err);
	ok(refused(s, &err, CS_ERR_WORD, "period_start must be a finite date", "period_start is infinity or -infinity."),
	   "benefit terms order: period_start before copay_per");
	p = plan();
	l.has_credits = true;
	l.n_credits = CS_MAX_CREDITS + 1;
	l.credits = many;
	s = cs_benefit_terms_of(&b, &l, &p, false, &bt, &err);
	ok(refused(s, &err, CS_ERR_WORD, "unknown setting word", "copay_per accepts line or day."),
	   "benefit terms order: copay_per before the credits");
	/* too many credits with a contradiction: the contradiction first, as costshare.terms() checks both */
	b = benefit();
	b.copay_after_deductible = CS_STORED_TRUE;
	b.deductible_applies = CS_STORED_FALSE;
	s = cs_benefit_terms_of(&b, &l, &p, false, &bt, &err);
	ok(refused(s, &err, CS_ERR_INCONSISTENT, "contradictory cost-sharing terms",
			   "copay_after_deductible is set but the deductible does not apply to this service."),
	   "benefit terms order: too many credits are checked with the other terms");
	/* a NULL credit before a contradiction (8 or fewer credits) */
	l.n_credits = 2;
	l.credits = with_null;
	s = cs_benefit_terms_of(&b, &l, &p, false, &bt, &err);
	ok(refused(s, &err, CS_ERR_NULL, "an element of also_credits must not be null",
			   "A value is required for an element of also_credits."),
	   "benefit terms order: a NULL credit before the contradiction");
}

/* the setters costshare.terms() shares with the rows */
static void
setters(void)
{
	cs_terms	t;
	cs_error	err;
	int			m = 0,
				d = 0;
	cs_name		two[2] = {{"a", 1}, {"bb", 2}};

	cs_terms_init(&t);
	ok(cs_terms_set_word(&t, CS_TERMS_FAMILY_DEDUCTIBLE, "n_of_m", 6, &err) == CS_OK &&
	   t.family_mode == CS_FAMILY_N_OF_M, "terms word: family_deductible n_of_m");
	ok(cs_terms_set_word(&t, CS_TERMS_NETWORK, "out", 3, &err) == CS_OK && t.network == CS_NETWORK_OUT,
	   "terms word: network out");
	ok(cs_terms_set_word(&t, CS_TERMS_ROUNDING, "truncate", 8, &err) == CS_OK && t.rounding == CS_ROUND_TRUNCATE,
	   "terms word: rounding truncate");
	ok(cs_terms_set_word(&t, CS_TERMS_COPAY_PER, "day", 3, &err) == CS_OK && t.copay_per == CS_COPAY_PER_DAY,
	   "terms word: copay_per day");
	ok(cs_terms_set_word(&t, CS_TERMS_NETWORK, "In", 2, &err) == CS_ERR_WORD && t.network == CS_NETWORK_OUT,
	   "terms word: words are lower case; a refused one leaves the setting");
	ok(cs_period_of_start(true, cs_date_from_ymd(2024, 2, 29), &m, &d, &err) == CS_OK && m == 2 && d == 29,
	   "period start: month and day of the date");
	ok(cs_period_of_start(false, 0, &m, &d, &err) == CS_ERR_WORD && m == 2 && d == 29,
	   "period start: infinity refused");
	ok(cs_terms_set_credits(&t, 2, two, &err) == CS_OK && t.n_credits == 2 && t.credits[1].len == 2,
	   "terms credits: set");
	ok(cs_terms_set_credits(&t, 0, two, &err) == CS_OK && t.n_credits == 0, "terms credits: none");
}

void
test_benefit_terms(void)
{
	setters();
	mapping();
	defaults();
	limit_rows();
	errors();
}
