/*
 * cs_adjudicate.c — one line of service, in the order of doc/rules.md.
 */
#include <string.h>

#include "cs_adjudicate.h"

#define CS_INF INT64_MAX

const char *const cs_reason_codes[CS_REASON_COUNT] = {"1", "2", "3", "45", "96", "119"};

void
cs_terms_init(cs_terms *t)
{
	memset(t, 0, sizeof(*t));
	t->copay = CS_ABSENT;
	t->coinsurance = 0;
	t->deductible_applies = true;
	t->copay_after_deductible = false;
	t->covered = true;
	t->ded_individual = CS_ABSENT;
	t->ded_family = CS_ABSENT;
	t->family_mode = CS_FAMILY_EMBEDDED;
	t->oop_individual = CS_ABSENT;
	t->oop_family = CS_ABSENT;
	t->family_coverage = false;
	t->visit_limit = CS_ABSENT;
	t->network = CS_NETWORK_IN;
	t->rounding = CS_ROUND_HALF_UP;
	t->period_month = 1;
	t->period_day = 1;
	t->copay_counts_toward_deductible = false;
	t->copay_visits = CS_ABSENT;
	t->family_ded_members = CS_ABSENT;
	t->coinsurance_limit = CS_ABSENT;
	t->carryover = false;
	t->copay_per = CS_COPAY_PER_LINE;
	t->bucket.data = NULL;
	t->bucket.len = 0;
	t->n_credits = 0;
}

static bool
word_index(const char *const *words, int n, const char *w, size_t len, int *out)
{
	for (int i = 0; i < n; i++)
	{
		if (strlen(words[i]) == len && memcmp(words[i], w, len) == 0)
		{
			*out = i;
			return true;
		}
	}
	return false;
}

static const char *const family_words[] = {"embedded", "aggregate", "n_of_m"};
static const char *const network_words[] = {"in", "out"};
static const char *const copay_per_words[] = {"line", "day"};

bool
cs_family_mode_from_word(const char *w, size_t len, cs_family_mode *out)
{
	int			i;

	if (!word_index(family_words, 3, w, len, &i))
		return false;
	*out = (cs_family_mode) i;
	return true;
}

bool
cs_network_from_word(const char *w, size_t len, cs_network *out)
{
	int			i;

	if (!word_index(network_words, 2, w, len, &i))
		return false;
	*out = (cs_network) i;
	return true;
}

bool
cs_copay_per_from_word(const char *w, size_t len, cs_copay_per *out)
{
	int			i;

	if (!word_index(copay_per_words, 2, w, len, &i))
		return false;
	*out = (cs_copay_per) i;
	return true;
}

const char *
cs_family_mode_word(cs_family_mode m)
{
	return family_words[m];
}

const char *
cs_network_word(cs_network n)
{
	return network_words[n];
}

const char *
cs_copay_per_word(cs_copay_per c)
{
	return copay_per_words[c];
}

cs_status
cs_fail_word(cs_error *err, const char *field, const char *accepted)
{
	return cs_fail(err, CS_ERR_WORD, "unknown setting word",
				   "Use one of the accepted words, in lower case.",
				   "%s accepts %s.", field, accepted);
}

cs_status
cs_terms_check(const cs_terms *t, cs_error *err)
{
	if (t->copay_after_deductible && !t->deductible_applies)
		return cs_fail(err, CS_ERR_INCONSISTENT, "contradictory cost-sharing terms",
					   "Set deductible_applies => true, or drop copay_after_deductible.",
					   "copay_after_deductible is set but the deductible does not apply to this service.");
	if (t->copay_visits != CS_ABSENT && t->copay == CS_ABSENT)
		return cs_fail(err, CS_ERR_INCONSISTENT, "contradictory cost-sharing terms",
					   "Give the copay of those visits, for example copay => 30.",
					   "copay_visits is set but there is no copay.");
	if (t->family_mode == CS_FAMILY_N_OF_M &&
		(t->family_ded_members == CS_ABSENT || t->ded_individual == CS_ABSENT))
		return cs_fail(err, CS_ERR_INCONSISTENT, "contradictory cost-sharing terms",
					   "Give family_ded_members (how many members must meet it) and ded_individual.",
					   "family_deductible n_of_m needs both family_ded_members and ded_individual.");
	if (t->family_ded_members != CS_ABSENT && t->family_ded_members < 1)
		return cs_fail(err, CS_ERR_RANGE, "count is out of range",
					   "family_ded_members is a number of members, at least 1.",
					   "family_ded_members is below 1.");
	if (t->n_credits < 0 || t->n_credits > CS_MAX_CREDITS)
		return cs_fail(err, CS_ERR_RANGE, "too many buckets in also_credits",
					   "A line can credit at most 8 other buckets.",
					   "also_credits names %d buckets.", t->n_credits);
	return CS_OK;
}

static cs_status
money_check(cs_cents v, const char *field, cs_error *err)
{
	if (v < 0)
		return cs_fail(err, CS_ERR_RANGE, "amount must not be negative",
					   "Accumulators hold amounts met so far, at least 0.",
					   "%s is negative.", field);
	return CS_OK;
}

cs_status
cs_accum_check(const cs_accum *a, cs_error *err)
{
	if (money_check(a->ded_individual_met, "ded_individual_met", err) ||
		money_check(a->ded_family_met, "ded_family_met", err) ||
		money_check(a->oop_individual_met, "oop_individual_met", err) ||
		money_check(a->oop_family_met, "oop_family_met", err) ||
		money_check(a->coinsurance_met, "coinsurance_met", err) ||
		cs_check_count(a->visits_used, "visits_used", err) ||
		cs_check_count(a->ded_members_met, "ded_members_met", err))
		return err->status;
	return CS_OK;
}

/* limit - met, clamped at 0; no limit is infinite */
static cs_cents
remaining(cs_cents limit, cs_cents met)
{
	if (limit == CS_ABSENT)
		return CS_INF;
	return limit > met ? limit - met : 0;
}

static cs_cents
deductible_remaining(const cs_terms *t, const cs_accum *acc)
{
	bool		has_ind = t->ded_individual != CS_ABSENT;
	bool		has_fam = t->family_coverage && t->ded_family != CS_ABSENT;
	cs_cents	embedded;

	if (!has_ind && !has_fam)
		return 0;
	embedded = cs_min(has_ind ? remaining(t->ded_individual, acc->ded_individual_met) : CS_INF,
					  has_fam ? remaining(t->ded_family, acc->ded_family_met) : CS_INF);
	switch (t->family_mode)
	{
		case CS_FAMILY_AGGREGATE:
			if (has_fam)
				return remaining(t->ded_family, acc->ded_family_met);
			return embedded;
		case CS_FAMILY_N_OF_M:
			if (t->family_coverage && t->family_ded_members != CS_ABSENT &&
				acc->ded_members_met >= t->family_ded_members)
				return 0;
			return embedded;
		case CS_FAMILY_EMBEDDED:
		default:
			return embedded;
	}
}

void
cs_remaining(const cs_terms *t, const cs_accum *acc, cs_cents *ded, cs_cents *oop, int64_t *visits)
{
	cs_cents	o = cs_min(remaining(t->oop_individual, acc->oop_individual_met),
						   t->family_coverage ? remaining(t->oop_family, acc->oop_family_met) : CS_INF);

	*ded = deductible_remaining(t, acc);
	*oop = o == CS_INF ? CS_ABSENT : o;
	if (t->visit_limit == CS_ABSENT)
		*visits = CS_ABSENT;
	else
		*visits = t->visit_limit > acc->visits_used ? t->visit_limit - acc->visits_used : 0;
}

static cs_status
overflow(cs_error *err, const char *field)
{
	return cs_fail(err, CS_ERR_OVERFLOW, "accumulator is out of range",
				   "Check the opening balances and amounts: a running total passed 92 quadrillion dollars.",
				   "%s overflowed.", field);
}

cs_status
cs_adjudicate(cs_cents allowed, const cs_terms *t, const cs_accum *acc, cs_cents billed,
			  bool copay_waived, cs_result *out, cs_error *err)
{
	/* 0. the lesser of the charge and the allowed amount (payer contracts and Medicare alike) */
	const cs_cents A = (billed != CS_ABSENT && billed < allowed) ? billed : allowed;
	cs_cents	C = t->copay;
	cs_cents	ded_rem,
				oop_rem,
				coins_rem;
	cs_cents	copay = 0,
				ded = 0,
				coins = 0,
				ded_extra = 0,
				share;
	bool		capped = false;
	cs_accum   *after = &out->acc_after;

	memset(out, 0, sizeof(*out));
	out->allowed = A;
	out->allowed_from_charge = A < allowed;
	*after = *acc;

	/* 1. billed above allowed: balance bill out of network, contractual write-off in network */
	if (billed != CS_ABSENT && billed > A)
	{
		if (t->network == CS_NETWORK_OUT)
			out->balance_bill = billed - A;
		else
			out->contractual = billed - A;
		out->reasons |= CS_REASON_CONTRACTUAL;
	}

	/* 2. gates */
	if (!t->covered)
		out->reasons |= CS_REASON_NOT_COVERED;
	else if (t->visit_limit != CS_ABSENT && acc->visits_used >= t->visit_limit)
		out->reasons |= CS_REASON_LIMIT;
	if (out->reasons & (CS_REASON_NOT_COVERED | CS_REASON_LIMIT))
	{
		out->not_covered = A;
		out->patient_pays = A + out->balance_bill;
		out->plan_pays = 0;
		return CS_OK;
	}

	/* 3. what is left of each limit */
	ded_rem = deductible_remaining(t, acc);
	oop_rem = cs_min(remaining(t->oop_individual, acc->oop_individual_met),
					 t->family_coverage ? remaining(t->oop_family, acc->oop_family_met) : CS_INF);
	coins_rem = remaining(t->coinsurance_limit, acc->coinsurance_met);

	if (C != CS_ABSENT && copay_waived)
		C = 0;

	if (C != CS_ABSENT && t->copay_visits != CS_ABSENT && acc->visits_used < t->copay_visits)
	{
		/* 4. one of the first N visits: copay only */
		cs_cents	c0 = cs_min(C, A);

		copay = cs_min(c0, oop_rem);
		capped |= copay < c0;
	}
	else
	{
		if (t->copay_visits != CS_ABSENT)
			C = CS_ABSENT;		/* past the copay visits: no copay */

		/* 5. copay before (or without) the deductible */
		if (C != CS_ABSENT && !t->copay_after_deductible)
		{
			cs_cents	c0 = cs_min(C, A);

			copay = cs_min(c0, oop_rem);
			capped |= copay < c0;
			if (t->copay_counts_toward_deductible && t->deductible_applies)
			{
				ded_extra = cs_min(copay, ded_rem);
				ded_rem -= ded_extra;
			}
		}

		/* 6. deductible, then an HDHP-style copay once the deductible is met */
		if (t->deductible_applies)
		{
			cs_cents	d0 = cs_min(A - copay, ded_rem);

			ded = cs_min(d0, oop_rem - copay);
			capped |= ded < d0;
		}
		if (C != CS_ABSENT && t->copay_after_deductible && ded_rem - ded == 0)
		{
			cs_cents	c0 = cs_min(C, A - ded);

			copay = cs_min(c0, oop_rem - ded);
			capped |= copay < c0;
		}

		/* 7. coinsurance on the rest */
		if (t->coinsurance > 0)
		{
			/* the coinsurance limit first: the OOP cap binds only if it takes more off */
			cs_cents	c0 = cs_min(cs_apply_rate(t->coinsurance, A - copay - ded, t->rounding),
									coins_rem);

			coins = cs_min(c0, oop_rem - copay - ded);
			capped |= coins < c0;
		}
	}

	/* 8. totals */
	share = copay + ded + coins;
	out->copay = copay;
	out->deductible = ded;
	out->coinsurance = coins;
	out->patient_pays = share + out->balance_bill;
	out->plan_pays = A - share;
	out->oop_capped = capped;
	if (ded > 0)
		out->reasons |= CS_REASON_DEDUCTIBLE;
	if (coins > 0)
		out->reasons |= CS_REASON_COINSURANCE;
	if (copay > 0)
		out->reasons |= CS_REASON_COPAY;

	/* 9. accumulators after the line */
	out->ded_credit = ded + ded_extra;
	out->oop_credit = share;
	out->counted_visit = true;
	if (cs_add_overflow(after->ded_individual_met, out->ded_credit, &after->ded_individual_met))
		return overflow(err, "ded_individual_met");
	if (cs_add_overflow(after->ded_family_met, out->ded_credit, &after->ded_family_met))
		return overflow(err, "ded_family_met");
	if (cs_add_overflow(after->oop_individual_met, share, &after->oop_individual_met))
		return overflow(err, "oop_individual_met");
	if (cs_add_overflow(after->oop_family_met, share, &after->oop_family_met))
		return overflow(err, "oop_family_met");
	if (cs_add_overflow(after->coinsurance_met, coins, &after->coinsurance_met))
		return overflow(err, "coinsurance_met");
	if (cs_add_overflow(after->visits_used, 1, &after->visits_used))
		return overflow(err, "visits_used");
	if (t->ded_individual != CS_ABSENT &&
		acc->ded_individual_met < t->ded_individual &&
		after->ded_individual_met >= t->ded_individual)
		after->ded_members_met++;
	return CS_OK;
}

cs_cents
cs_plan_max_left(cs_cents max, cs_cents paid)
{
	if (max == CS_ABSENT)
		return CS_ABSENT;
	return max > paid ? max - paid : 0;
}

cs_status
cs_apply_plan_max(cs_result *r, cs_cents period_left, cs_cents lifetime_left, cs_error *err)
{
	cs_cents	left = CS_INF;
	cs_cents	excess;

	if (period_left != CS_ABSENT)
	{
		if (period_left < 0)
			return cs_fail(err, CS_ERR_RANGE, "amount must not be negative",
						   "What is left of a plan-paid maximum is at least 0.",
						   "period_left is negative.");
		left = period_left;
	}
	if (lifetime_left != CS_ABSENT)
	{
		if (lifetime_left < 0)
			return cs_fail(err, CS_ERR_RANGE, "amount must not be negative",
						   "What is left of a plan-paid maximum is at least 0.",
						   "lifetime_left is negative.");
		left = cs_min(left, lifetime_left);
	}
	if (r->plan_pays <= left)
		return CS_OK;
	excess = r->plan_pays - left;
	if (cs_add_overflow(r->not_covered, excess, &r->not_covered) ||
		cs_add_overflow(r->patient_pays, excess, &r->patient_pays) ||
		cs_add_overflow(r->plan_max_excess, excess, &r->plan_max_excess))
		return overflow(err, "patient_pays");
	r->plan_pays = left;
	r->reasons |= CS_REASON_LIMIT;
	return CS_OK;
}

unsigned
cs_max_toward_of(const cs_name *categories, const unsigned *bits, int n, cs_name cat)
{
	for (int i = 0; i < n; i++)
	{
		const cs_name *c = &categories[i];

		if (c->data == NULL || cat.data == NULL)
		{
			if (c->data == NULL && cat.data == NULL)
				return bits[i] & CS_MAX_TOWARD_ALL;
			continue;
		}
		if (c->len == cat.len && memcmp(c->data, cat.data, cat.len) == 0)
			return bits[i] & CS_MAX_TOWARD_ALL;
	}
	return 0;
}

/* the lesser of two amounts left, either CS_ABSENT (none) */
static cs_cents
cs_p_lesser(cs_cents a, cs_cents b)
{
	if (a == CS_ABSENT)
		return b;
	if (b == CS_ABSENT)
		return a;
	return cs_min(a, b);
}

/* an amount left before the set: CS_ABSENT, or whole cents 0..CS_MONEY_MAX */
static cs_status
joint_left_ok(cs_cents left, const char *field, cs_error *err)
{
	if (left == CS_ABSENT || (left >= 0 && left <= CS_MONEY_MAX))
		return CS_OK;
	return cs_fail(err, CS_ERR_RANGE, "amount is out of range",
				   "What is left of a plan-paid maximum is 0 to 1,000,000,000.00.", "%s is out of range.", field);
}

cs_status
cs_apply_plan_max_joint(cs_result *r, int n, const cs_date *dates, const bool *mine, const unsigned *toward,
						const cs_cents *paid, cs_date period_lo, cs_date period_hi, cs_date date,
						cs_cents period_left, cs_cents lifetime_left, cs_cents family_period_left,
						cs_cents family_lifetime_left, cs_error *err)
{
	cs_cents	mp = 0,
				ml = 0,
				fp = 0,
				fl = 0;

	if (n < 0)
		return cs_fail(err, CS_ERR_RANGE, "number of lines must not be negative",
					   "Pass the earlier lines of the set.", "n is %d.", n);
	if (joint_left_ok(period_left, "period_left", err) != CS_OK ||
		joint_left_ok(lifetime_left, "lifetime_left", err) != CS_OK ||
		joint_left_ok(family_period_left, "family_period_left", err) != CS_OK ||
		joint_left_ok(family_lifetime_left, "family_lifetime_left", err) != CS_OK)
		return CS_ERR_RANGE;
	for (int i = 0; i < n; i++)
	{
		bool		in_period;
		unsigned	tw = toward == NULL ? CS_MAX_TOWARD_ALL : toward[i];

		if (dates[i] > date)
			continue;
		if (paid[i] < 0 || paid[i] > CS_MONEY_MAX)
			return cs_fail(err, CS_ERR_RANGE, "amount is out of range",
						   "Pass what the plan paid on the family's earlier lines of the set, in dollars.",
						   "A payment of an earlier line of the set is negative or above 1,000,000,000.00.");
		in_period = dates[i] >= period_lo && dates[i] < period_hi;
		if (((tw & CS_MAX_TOWARD_FAM_LIFETIME) && cs_add_overflow(fl, paid[i], &fl)) ||
			((tw & CS_MAX_TOWARD_FAM_PERIOD) && in_period && cs_add_overflow(fp, paid[i], &fp)) ||
			(mine[i] && (tw & CS_MAX_TOWARD_LIFETIME) && cs_add_overflow(ml, paid[i], &ml)) ||
			(mine[i] && (tw & CS_MAX_TOWARD_PERIOD) && in_period && cs_add_overflow(mp, paid[i], &mp)))
			return cs_fail(err, CS_ERR_OVERFLOW, "amount is out of range",
						   "Estimate fewer lines of the family at once.",
						   "The payments of the family's earlier lines of the set add up beyond the range of cents.");
	}
	return cs_apply_plan_max(r,
							 cs_p_lesser(cs_plan_max_left(period_left, mp), cs_plan_max_left(family_period_left, fp)),
							 cs_p_lesser(cs_plan_max_left(lifetime_left, ml), cs_plan_max_left(family_lifetime_left, fl)),
							 err);
}
