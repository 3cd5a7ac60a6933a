/*
 * test_family.c — many lines of a family: order, periods and resets, carryover, buckets and
 * cross-credits, openings, copay per day, the embedded self-only OOP, and memory hygiene.
 */
#include <stdlib.h>
#include <string.h>

#include "cs_family.h"
#include "tap.h"

#define D(x) ((cs_cents) (x) * 100)

static void *
t_alloc(void *ctx __attribute__((unused)), size_t size)
{
	void	   *p = calloc(1, size);

	if (p == NULL)
		abort();
	return p;
}

static void
t_release(void *ctx __attribute__((unused)), void *p)
{
	free(p);
}

static const cs_alloc heap = {t_alloc, t_release, NULL};

static cs_result r;
static cs_error err;

static cs_status
line(cs_family *f, const char *m, int y, int mo, int d, cs_cents allowed, const cs_terms *t)
{
	return cs_family_line(f, m, strlen(m), cs_date_from_ymd(y, mo, d), allowed, CS_ABSENT, t, NULL, &r, &err);
}

static void
embedded_family(void)
{
	cs_family  *f = cs_family_new(&heap);
	cs_terms	t;

	/* 10: embedded 4,000 / 8,000: A 5,000, B 3,000, C 2,000 */
	cs_terms_init(&t);
	t.ded_individual = D(4000);
	t.ded_family = D(8000);
	t.family_coverage = true;
	line(f, "A", 2025, 2, 1, D(5000), &t);
	is_int(r.deductible, D(4000), "#10 family: A 4,000");
	line(f, "B", 2025, 3, 1, D(3000), &t);
	is_int(r.deductible, D(3000), "#10 family: B 3,000");
	line(f, "C", 2025, 4, 1, D(2000), &t);
	is_int(r.deductible, D(1000), "#10 family: C 1,000");
	is_int(r.acc_after.ded_family_met, D(8000), "#10 family met 8,000");
	line(f, "A", 2025, 5, 1, D(100), &t);
	is_int(r.deductible, 0, "family met: nobody pays more deductible");

	/* a new calendar year starts everything again */
	line(f, "C", 2026, 1, 2, D(100), &t);
	is_int(r.deductible, D(100), "January: a new deductible");
	is_int(r.acc_after.ded_family_met, D(100), "January: the family starts again");
	ok(line(f, "C", 2025, 12, 31, D(100), &t) == CS_ERR_ORDER, "a line earlier than the last is refused");
	cs_family_free(f);
}

static void
self_only_oop(void)
{
	cs_family  *f = cs_family_new(&heap);
	cs_terms	t;
	cs_cents	total = 0;

	/* 11: family OOP 10,000, self-only 6,850; one member incurs 20,000 of cost sharing */
	cs_terms_init(&t);
	t.coinsurance = CS_RATE_ONE;
	t.oop_individual = D(6850);
	t.oop_family = D(10000);
	t.family_coverage = true;
	for (int i = 0; i < 20; i++)
	{
		line(f, "A", 2016, 1 + i / 2, 1 + (i % 2) * 10, D(1000), &t);
		total += r.patient_pays;
	}
	is_int(total, D(6850), "#11 member A pays 6,850 of 20,000");
	total = 0;
	for (int i = 0; i < 10; i++)
	{
		line(f, i % 2 ? "B" : "C", 2016, 11, 1 + i, D(1000), &t);
		total += r.patient_pays;
	}
	is_int(total, D(3150), "#11 the rest of the family pays 3,150 more");
	cs_family_free(f);
}

static void
plan_year_and_carryover(void)
{
	cs_family  *f = cs_family_new(&heap);
	cs_terms	t;

	cs_terms_init(&t);
	t.ded_individual = D(500);
	t.period_month = 7;
	t.period_day = 1;
	line(f, "A", 2026, 6, 30, D(300), &t);
	is_int(r.deductible, D(300), "plan year: June 30");
	line(f, "A", 2026, 7, 1, D(300), &t);
	is_int(r.deductible, D(300), "plan year: July 1 resets");
	cs_family_free(f);

	f = cs_family_new(&heap);
	cs_terms_init(&t);
	t.ded_individual = D(500);
	t.carryover = true;
	line(f, "A", 2025, 3, 1, D(200), &t);
	line(f, "A", 2025, 11, 1, D(150), &t);
	is_int(r.acc_after.ded_individual_met, D(350), "before the carryover: 350 met");
	line(f, "A", 2026, 1, 5, D(400), &t);
	is_int(r.deductible, D(350), "Q4 carryover: 150 from November counts, 350 left");
	line(f, "A", 2028, 1, 5, D(400), &t);
	is_int(r.deductible, D(400), "no carryover across a skipped year");
	cs_family_free(f);
}

static void
buckets_openings_days(void)
{
	cs_family  *f = cs_family_new(&heap);
	cs_terms	in,
				out;
	cs_accum	open;
	static const char in_word[] = "in";

	cs_terms_init(&in);
	in.ded_individual = D(1000);
	cs_terms_init(&out);
	out.network = CS_NETWORK_OUT;
	out.ded_individual = D(2000);
	out.n_credits = 2;
	out.credits[0].data = in_word;
	out.credits[0].len = 2;
	out.credits[1].data = in_word;	/* named twice: credited once */
	out.credits[1].len = 2;
	line(f, "A", 2025, 1, 10, D(600), &out);
	is_int(r.acc_after.ded_individual_met, D(600), "OON deductible 600");
	line(f, "A", 2025, 1, 11, D(600), &in);
	is_int(r.deductible, D(400), "OON credit counts toward the in-network deductible, once");
	line(f, "A", 2025, 1, 12, D(600), &out);
	is_int(r.deductible, D(600), "in-network lines do not credit OON (one direction)");
	cs_family_free(f);

	f = cs_family_new(&heap);
	memset(&open, 0, sizeof(open));
	open.ded_individual_met = D(900);
	open.ded_family_met = D(900);
	ok(cs_family_line(f, "A", 1, cs_date_from_ymd(2025, 6, 1), D(300), CS_ABSENT, &in, &open, &r, &err) == CS_OK,
	   "a line with an opening balance");
	is_int(r.deductible, D(100), "opening: 900 already met, 100 left");
	cs_family_free(f);

	f = cs_family_new(&heap);
	cs_terms_init(&in);
	in.copay = D(25);
	in.deductible_applies = false;
	in.copay_per = CS_COPAY_PER_DAY;
	line(f, "A", 2025, 2, 3, D(150), &in);
	is_int(r.copay, D(25), "copay per day: first line");
	line(f, "A", 2025, 2, 3, D(40), &in);
	is_int(r.copay, 0, "copay per day: the add-on line the same day has none");
	line(f, "B", 2025, 2, 3, D(150), &in);
	is_int(r.copay, D(25), "copay per day: per member");
	line(f, "A", 2025, 2, 4, D(150), &in);
	is_int(r.copay, D(25), "copay per day: next day");
	cs_family_free(f);
}

static void
many_members(void)
{
	cs_family  *f = cs_family_new(&heap);
	cs_terms	t;
	char		key[32];
	int			bad = 0;

	cs_terms_init(&t);
	t.ded_individual = D(10);
	for (int i = 0; i < 5000; i++)
	{
		snprintf(key, sizeof(key), "member-%d", i % 1000);
		line(f, key, 2025, 1 + i / 500, 1, D(7), &t);
		if (r.deductible != (i < 2000 ? (i < 1000 ? D(7) : D(3)) : 0))
			bad++;
	}
	is_int(bad, 0, "a thousand members keep their own figures (hash index growth)");
	cs_family_free(f);
}

void
test_family(void)
{
	embedded_family();
	self_only_oop();
	plan_year_and_carryover();
	buckets_openings_days();
	many_members();
}
