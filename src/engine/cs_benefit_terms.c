/*
 * cs_benefit_terms.c — the terms of a line from the plan's stored rows (cs_benefit_terms.h).
 */
#include <string.h>

#include "cs_benefit_terms.h"
#include "cs_line.h"

static bool
name_eq(cs_name a, const char *w, size_t len)
{
	return a.data != NULL && a.len == len && memcmp(a.data, w, len) == 0;
}

static bool
names_eq(cs_name a, cs_name b)
{
	return a.data != NULL && b.data != NULL && a.len == b.len && memcmp(a.data, b.data, a.len) == 0;
}

cs_name
cs_benefit_bucket(const cs_benefit_row *b)
{
	return b->bucket.data != NULL ? b->bucket : b->network;
}

bool
cs_limit_is_bucket(cs_name row_bucket, cs_name bucket)
{
	return names_eq(row_bucket, bucket);
}

bool
cs_limit_credits(const cs_limit_row *row, cs_name bucket)
{
	if (!row->has_credits || cs_limit_is_bucket(row->bucket, bucket))
		return false;
	for (int i = 0; i < row->n_credits; i++)
		if (names_eq(row->credits[i], bucket))
			return true;
	return false;
}

cs_status
cs_terms_set_word(cs_terms *t, cs_terms_word which, const char *w, size_t len, cs_error *err)
{
	switch (which)
	{
		case CS_TERMS_FAMILY_DEDUCTIBLE:
			if (!cs_family_mode_from_word(w, len, &t->family_mode))
				return cs_fail_word(err, "family_deductible", "embedded, aggregate or n_of_m");
			break;
		case CS_TERMS_NETWORK:
			if (!cs_network_from_word(w, len, &t->network))
				return cs_fail_word(err, "network", "in or out");
			break;
		case CS_TERMS_ROUNDING:
			if (!cs_rounding_from_word(w, len, &t->rounding))
				return cs_fail_word(err, "rounding", "half_up, half_even or truncate");
			break;
		case CS_TERMS_COPAY_PER:
			if (!cs_copay_per_from_word(w, len, &t->copay_per))
				return cs_fail_word(err, "copay_per", "line or day");
			break;
	}
	return CS_OK;
}

cs_status
cs_period_of_start(bool finite, cs_date d, int *month, int *day, cs_error *err)
{
	int			year;

	if (!finite)
		return cs_fail(err, CS_ERR_WORD, "period_start must be a finite date",
					   "Give any date whose month and day start the benefit period, e.g. 2025-07-01.",
					   "period_start is infinity or -infinity.");
	cs_date_to_ymd(d, &year, month, day);
	return CS_OK;
}

cs_status
cs_terms_set_credits(cs_terms *t, int n, const cs_name *credits, cs_error *err)
{
	cs_status	s;

	if (n > CS_MAX_CREDITS)
	{
		t->n_credits = n;
		if ((s = cs_terms_check(t, err)) != CS_OK)
			return s;
	}
	for (int i = 0; i < n; i++)
		if (credits[i].data == NULL)
			return cs_fail(err, CS_ERR_NULL, "an element of also_credits must not be null",
						   "Name each bucket, e.g. ARRAY['in'].",
						   "A value is required for an element of also_credits.");
	t->n_credits = n;
	for (int i = 0; i < n; i++)
		t->credits[i] = credits[i];
	return CS_OK;
}

/* a stored boolean, NULL taking the default */
static bool
stored_bool(cs_stored_bool v, bool if_null)
{
	return v == CS_STORED_NULL ? if_null : v == CS_STORED_TRUE;
}

cs_status
cs_benefit_terms_of(const cs_benefit_row *b, const cs_limit_row *lim, const cs_plan_fields *p, bool telehealth,
					cs_benefit_terms *out, cs_error *err)
{
	cs_terms   *t = &out->terms;
	cs_status	s;

	*out = (cs_benefit_terms) {0};
	/* in the order of costshare.terms()'s arguments, as it checks them */
	cs_terms_init(t);
	t->copay = cs_line_uses_telehealth_copay(telehealth, b->telehealth_copay != CS_ABSENT) ?
		b->telehealth_copay : b->copay;
	if (b->coinsurance != CS_ABSENT)
		t->coinsurance = b->coinsurance;
	t->deductible_applies = stored_bool(b->deductible_applies, t->deductible_applies);
	t->copay_after_deductible = stored_bool(b->copay_after_deductible, t->copay_after_deductible);
	t->covered = cs_line_covered(stored_bool(b->covered, false), telehealth, stored_bool(b->telehealth_allowed, false));
	if (lim != NULL)
	{
		t->ded_individual = lim->ded_individual;
		t->ded_family = lim->ded_family;
		/* no family_deductible stated: embedded (the table's default) */
		if (lim->family_deductible.data != NULL &&
			(s = cs_terms_set_word(t, CS_TERMS_FAMILY_DEDUCTIBLE, lim->family_deductible.data,
								   lim->family_deductible.len, err)) != CS_OK)
			return s;
		t->oop_individual = lim->oop_individual;
		t->oop_family = lim->oop_family;
	}
	t->family_coverage = name_eq(p->coverage_level, "family", 6);
	t->visit_limit = b->visit_limit;
	if (b->network.data != NULL &&
		(s = cs_terms_set_word(t, CS_TERMS_NETWORK, b->network.data, b->network.len, err)) != CS_OK)
		return s;
	if (p->rounding.data != NULL &&
		(s = cs_terms_set_word(t, CS_TERMS_ROUNDING, p->rounding.data, p->rounding.len, err)) != CS_OK)
		return s;
	out->has_period_start = p->has_period_start;
	out->period_start = p->period_start;
	if (p->has_period_start &&
		(s = cs_period_of_start(p->period_start_finite, p->period_start, &t->period_month, &t->period_day,
								err)) != CS_OK)
		return s;
	t->copay_counts_toward_deductible = stored_bool(b->copay_counts_toward_deductible,
													t->copay_counts_toward_deductible);
	t->copay_visits = b->copay_visits;
	if (lim != NULL)
	{
		t->family_ded_members = lim->family_ded_members;
		t->coinsurance_limit = lim->coinsurance_limit;
	}
	t->carryover = p->carryover;
	if (b->copay_per.data != NULL &&
		(s = cs_terms_set_word(t, CS_TERMS_COPAY_PER, b->copay_per.data, b->copay_per.len, err)) != CS_OK)
		return s;
	t->bucket = cs_benefit_bucket(b);

	/* the buckets the line also credits: at most CS_MAX_CREDITS, each named */
	out->has_credits = lim != NULL && lim->has_credits;
	if (out->has_credits && (s = cs_terms_set_credits(t, lim->n_credits, lim->credits, err)) != CS_OK)
		return s;
	return cs_terms_check(t, err);
}
