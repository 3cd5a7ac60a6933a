/*
 * cs_benefit271.c — the terms of a line from a payer's 271 answer (issue 11).
 *
 * Precedence, for each figure (copay, coinsurance, deductible and OOP total / remaining / met at the
 * individual and at the family level, visit limit, prior authorization), among the rows of ONE
 * interchange for the member:
 *   1. the row must be for the line's category (rank >= 0: one of its service types is in the
 *      category's policy list) and must not state the other network: an in-network line never takes
 *      an EB12 N figure, an out-of-network line never an EB12 Y one;
 *   2. the most specific service type wins (the lowest rank: A6 psychotherapy before MH before 30);
 *   3. then the row stating the line's own network (Y or N) before W (both), before no EB12;
 *   4. individual figures: EB02 IND before no EB02; family figures take only EB02 FAM;
 *   5. deductible and OOP figures: EB06 total (or none) fills the total, 29/33 the remaining, 24 the
 *      met; a per-visit / per-episode / per-day figure is never a period figure and is not taken;
 *      a copay is a per-visit amount whatever its EB06;
 *   6. a tie goes to the first row of the interchange (lowest segment).
 * Met = total - remaining unless the payer states a met (EB06 24), which is then used.
 * A figure no row states is unknown, never zero.
 */
#include <stdlib.h>

#include <string.h>

#include "cs_adjudicate.h"
#include "cs_benefit271.h"
#include "cs_benefit_terms.h"

const char *const cs_b271_unknown_words[CS_B271_UNKNOWN_COUNT] = {
	"copay", "coinsurance", "deductible", "out_of_pocket", "visit_limit"
};

static int
net_score(cs_b271_net net, bool out_of_network)
{
	switch (net)
	{
		case CS_B271_NET_IN:
			return out_of_network ? -1 : 2;
		case CS_B271_NET_OUT:
			return out_of_network ? 2 : -1;
		case CS_B271_NET_BOTH:
			return 1;
		default:
			return 0;
	}
}

/* true when (rank, netscore, levelscore, segment) beats the current pick */
static bool
better(const cs_b271_pick *cur, int rank, int ns, int ls, int64_t segment)
{
	if (!cur->known)
		return true;
	if (rank != cur->rank)
		return rank < cur->rank;
	if (ns != cur->netscore)
		return ns > cur->netscore;
	if (ls != cur->levelscore)
		return ls > cur->levelscore;
	return segment < cur->segment;
}

static void
offer(cs_b271_pick *p, const cs_b271_row *r, int ns, int ls, int64_t value)
{
	if (better(p, r->rank, ns, ls, r->segment))
	{
		p->known = true;
		p->value = value;
		p->segment = r->segment;
		p->rank = r->rank;
		p->netscore = ns;
		p->levelscore = ls;
	}
}

/* the total / remaining / met slot of a period figure */
static cs_b271_pick *
slot(cs_b271_pick *total, cs_b271_pick *remaining, cs_b271_pick *met, cs_b271_figure f)
{
	switch (f)
	{
		case CS_B271_FIG_UNSTATED:
		case CS_B271_FIG_TOTAL:
			return total;
		case CS_B271_FIG_REMAINING:
			return remaining;
		case CS_B271_FIG_MET:
			return met;
		default:
			return NULL;
	}
}

void
cs_b271_choose(const cs_b271_row *rows, size_t n, bool out_of_network, cs_b271_choice *out)
{
	*out = (cs_b271_choice) {0};
	for (size_t i = 0; i < n; i++)
	{
		const cs_b271_row *r = &rows[i];
		int			ns = net_score(r->net, out_of_network);
		cs_b271_pick *p;

		if (r->rank < 0 || ns < 0)
			continue;
		if (r->auth >= 0)
			offer(&out->auth_required, r, ns, 0, r->auth);
		switch (r->kind)
		{
			case CS_B271_COPAY:
				if (r->amount != CS_ABSENT)
					offer(&out->copay, r, ns, 0, r->amount);
				break;
			case CS_B271_COINSURANCE:
				if (r->percent != CS_ABSENT)
					offer(&out->coinsurance, r, ns, 0, r->percent);
				break;
			case CS_B271_DEDUCTIBLE:
			case CS_B271_OOP:
				if (r->amount == CS_ABSENT)
					break;
				if (r->level == CS_B271_LEVEL_FAMILY)
					p = r->kind == CS_B271_DEDUCTIBLE
						? slot(&out->ded_fam_total, &out->ded_fam_remaining, &out->ded_fam_met, r->figure)
						: slot(&out->oop_fam_total, &out->oop_fam_remaining, &out->oop_fam_met, r->figure);
				else
					p = r->kind == CS_B271_DEDUCTIBLE
						? slot(&out->ded_ind_total, &out->ded_ind_remaining, &out->ded_ind_met, r->figure)
						: slot(&out->oop_ind_total, &out->oop_ind_remaining, &out->oop_ind_met, r->figure);
				if (p != NULL)
					offer(p, r, ns, r->level == CS_B271_LEVEL_INDIVIDUAL ? 1 : 0, r->amount);
				break;
			case CS_B271_LIMITATION:
				if (r->quantity != CS_ABSENT)
					offer(&out->visit_limit, r, ns, 0, r->quantity);
				/*
				 * a plan-paid maximum: the member's (individual before unstated), or with EB02 FAM the
				 * family's (only FAM rows, as for the family deductible)
				 */
				if (r->maximum != CS_B271_MAX_NONE && r->amount != CS_ABSENT && r->level != CS_B271_LEVEL_FAMILY)
				{
					cs_b271_pick *mp = r->maximum == CS_B271_MAX_PERIOD_TOTAL ? &out->max_period_total :
						r->maximum == CS_B271_MAX_PERIOD_LEFT ? &out->max_period_left :
						r->maximum == CS_B271_MAX_PERIOD_USED ? &out->max_period_used :
						r->maximum == CS_B271_MAX_LIFETIME_TOTAL ? &out->max_lifetime_total :
						&out->max_lifetime_left;

					offer(mp, r, ns, r->level == CS_B271_LEVEL_INDIVIDUAL ? 1 : 0, r->amount);
				}
				else if (r->maximum != CS_B271_MAX_NONE && r->amount != CS_ABSENT)
				{
					cs_b271_pick *mp = r->maximum == CS_B271_MAX_PERIOD_TOTAL ? &out->max_fam_period_total :
						r->maximum == CS_B271_MAX_PERIOD_LEFT ? &out->max_fam_period_left :
						r->maximum == CS_B271_MAX_PERIOD_USED ? &out->max_fam_period_used :
						r->maximum == CS_B271_MAX_LIFETIME_TOTAL ? &out->max_fam_lifetime_total :
						&out->max_fam_lifetime_left;

					offer(mp, r, ns, 0, r->amount);
				}
				break;
			case CS_B271_CARVE_OUT:
				out->carve_out = true;
				break;
			default:
				break;
		}
	}
}

/* whether a stated part (a remaining or a used amount) is above a stated total */
static bool
above(const cs_b271_pick *part, const cs_b271_pick *total)
{
	return part->known && total->known && part->value > total->value;
}

static bool
conflict_at(cs_b271_conflict *out, cs_b271_conflict_kind kind, bool family, const cs_b271_pick *a,
			const cs_b271_pick *b)
{
	out->kind = kind;
	out->family = family;
	out->segment = a->segment;
	out->other = b->segment;
	return true;
}

/* one level's plan-paid maximums (the member's or the family's): see cs_b271_conflict_kind */
static bool
max_conflict(const cs_b271_pick *p_total, const cs_b271_pick *p_left, const cs_b271_pick *p_used,
			 const cs_b271_pick *l_total, const cs_b271_pick *l_left, bool family, cs_b271_conflict *out)
{
	if (above(p_left, p_total))
		return conflict_at(out, CS_B271_CONFLICT_MAX_PERIOD_LEFT, family, p_left, p_total);
	if (above(l_left, l_total))
		return conflict_at(out, CS_B271_CONFLICT_MAX_LIFETIME_LEFT, family, l_left, l_total);
	if (above(p_used, p_total))
		return conflict_at(out, CS_B271_CONFLICT_MAX_PERIOD_USED, family, p_used, p_total);
	return false;
}

/* one deductible or OOP at one level (period() below): see cs_b271_conflict_kind */
static bool
period_conflict(const cs_b271_pick *total, const cs_b271_pick *remaining, const cs_b271_pick *met, bool oop,
				bool family, cs_b271_conflict *out)
{
	cs_cents	sum;

	if (!total->known && remaining->known && met->known &&
		(cs_add_overflow(remaining->value, met->value, &sum) || sum > CS_MONEY_MAX))
		return conflict_at(out, oop ? CS_B271_CONFLICT_OOP_TOTAL_RANGE : CS_B271_CONFLICT_DED_TOTAL_RANGE, family,
						   remaining, met);
	if (!met->known && above(remaining, total))
		return conflict_at(out, oop ? CS_B271_CONFLICT_OOP_REMAINING : CS_B271_CONFLICT_DED_REMAINING, family,
						   remaining, total);
	return false;
}

bool
cs_b271_choice_conflict(const cs_b271_choice *c, cs_b271_conflict *out)
{
	*out = (cs_b271_conflict) {0};
	return max_conflict(&c->max_period_total, &c->max_period_left, &c->max_period_used, &c->max_lifetime_total,
						&c->max_lifetime_left, false, out) ||
		max_conflict(&c->max_fam_period_total, &c->max_fam_period_left, &c->max_fam_period_used,
					 &c->max_fam_lifetime_total, &c->max_fam_lifetime_left, true, out) ||
		period_conflict(&c->ded_ind_total, &c->ded_ind_remaining, &c->ded_ind_met, false, false, out) ||
		period_conflict(&c->ded_fam_total, &c->ded_fam_remaining, &c->ded_fam_met, false, true, out) ||
		period_conflict(&c->oop_ind_total, &c->oop_ind_remaining, &c->oop_ind_met, true, false, out) ||
		period_conflict(&c->oop_fam_total, &c->oop_fam_remaining, &c->oop_fam_met, true, true, out);
}

cs_status
cs_b271_conflict_fail(const cs_b271_conflict *k, cs_error *err)
{
	long long	a = (long long) k->segment,
				b = (long long) k->other;

	switch (k->kind)
	{
		case CS_B271_CONFLICT_MAX_PERIOD_LEFT:
			return cs_fail(err, CS_ERR_INCONSISTENT, "a 271 remaining maximum is above its total",
						   "Check the EB segments of the interchange: an EB01 F amount with EB06 29 must not exceed the one with EB06 23.",
						   "segments %lld and %lld", a, b);
		case CS_B271_CONFLICT_MAX_LIFETIME_LEFT:
			return cs_fail(err, CS_ERR_INCONSISTENT, "a 271 remaining maximum is above its total",
						   "Check the EB segments of the interchange: an EB01 F amount with EB06 33 must not exceed the one with EB06 32.",
						   "segments %lld and %lld", a, b);
		case CS_B271_CONFLICT_MAX_PERIOD_USED:
			return cs_fail(err, CS_ERR_INCONSISTENT, "a 271 used maximum is above its total",
						   "Check the EB segments of the interchange: an EB01 F amount with EB06 24 must not exceed the one with EB06 23.",
						   "segments %lld and %lld", a, b);
		case CS_B271_CONFLICT_DED_REMAINING:
		case CS_B271_CONFLICT_OOP_REMAINING:
			return cs_fail(err, CS_ERR_INCONSISTENT, "a 271 remaining amount is above its total",
						   "Check the EB segments of the interchange: EB06 29 must not exceed EB06 23.",
						   "segments %lld and %lld", a, b);
		case CS_B271_CONFLICT_DED_TOTAL_RANGE:
		case CS_B271_CONFLICT_OOP_TOTAL_RANGE:
			return cs_fail(err, CS_ERR_OVERFLOW, "a 271 total is out of range",
						   "Check the EB segments of the interchange: a remaining (EB06 29) and a met (24) stated without a total must not add up to more than 1000000000.00.",
						   "segments %lld and %lld", a, b);
		default:
			return CS_OK;
	}
}

/* total and met of one deductible or OOP at one level; CS_ABSENT total when unknown */
static cs_status
period(const cs_b271_pick *total, const cs_b271_pick *remaining, const cs_b271_pick *met, bool oop, bool family,
	   cs_cents posted, cs_cents *t_out, cs_cents *m_out, cs_error *err)
{
	cs_cents	t = CS_ABSENT,
				m = 0;
	cs_b271_conflict k;

	/* the contradictions load_271 refuses too (cs_p271_stored_conflict): the one rule */
	if (period_conflict(total, remaining, met, oop, family, &k))
		return cs_b271_conflict_fail(&k, err);
	if (total->known)
		t = total->value;
	else if (remaining->known && met->known)
		t = remaining->value + met->value;	/* within the money range: period_conflict */
	if (t == CS_ABSENT)
	{
		*t_out = CS_ABSENT;
		*m_out = 0;
		return CS_OK;
	}
	if (met->known)
		m = met->value;
	else if (remaining->known)
		m = t - remaining->value;	/* not negative: period_conflict */
	if (cs_add_overflow(m, posted, &m))
		return cs_fail(err, CS_ERR_OVERFLOW, "a 271 met amount is out of range", NULL, NULL);
	/* posted is negative when lines the 271 counted were reversed or lowered since: met down to 0 */
	if (m < 0)
		m = 0;
	if (m > t)
		m = t;
	*t_out = t;
	*m_out = m;
	return CS_OK;
}

cs_status
cs_b271_terms_of(const cs_b271_choice *c, cs_cents posted_ded, cs_cents posted_oop,
				 cs_b271_terms *t, cs_error *err)
{
	cs_status	st;

	*t = (cs_b271_terms) {0};
	t->copay = c->copay.known ? c->copay.value : CS_ABSENT;
	t->coinsurance = c->coinsurance.known ? c->coinsurance.value : 0;
	t->visit_limit = c->visit_limit.known ? c->visit_limit.value : CS_ABSENT;
	t->auth_required = c->auth_required.known ? (int) c->auth_required.value : -1;
	t->carve_out = c->carve_out;
	if ((st = period(&c->ded_ind_total, &c->ded_ind_remaining, &c->ded_ind_met, false, false, posted_ded,
					 &t->ded_individual, &t->ded_individual_met, err)) != CS_OK ||
		(st = period(&c->ded_fam_total, &c->ded_fam_remaining, &c->ded_fam_met, false, true, posted_ded,
					 &t->ded_family, &t->ded_family_met, err)) != CS_OK ||
		(st = period(&c->oop_ind_total, &c->oop_ind_remaining, &c->oop_ind_met, true, false, posted_oop,
					 &t->oop_individual, &t->oop_individual_met, err)) != CS_OK ||
		(st = period(&c->oop_fam_total, &c->oop_fam_remaining, &c->oop_fam_met, true, true, posted_oop,
					 &t->oop_family, &t->oop_family_met, err)) != CS_OK)
		return st;

	/*
	 * A copay stated for a service type more specific than every stated deductible is a copay the
	 * deductible does not apply to (the office-visit PPO); otherwise a stated deductible applies.
	 */
	t->deductible_applies = t->ded_individual != CS_ABSENT || t->ded_family != CS_ABSENT;
	if (c->copay.known && t->deductible_applies)
	{
		int			ded_rank = c->ded_ind_total.known ? c->ded_ind_total.rank : c->ded_fam_total.rank;

		if (c->copay.rank < ded_rank)
			t->deductible_applies = false;
	}
	if (!c->copay.known)
		t->unknown |= CS_B271_UNKNOWN_COPAY;
	if (!c->coinsurance.known)
		t->unknown |= CS_B271_UNKNOWN_COINSURANCE;
	if (t->ded_individual == CS_ABSENT && t->ded_family == CS_ABSENT)
		t->unknown |= CS_B271_UNKNOWN_DEDUCTIBLE;
	if (t->oop_individual == CS_ABSENT && t->oop_family == CS_ABSENT)
		t->unknown |= CS_B271_UNKNOWN_OOP;
	if (!c->visit_limit.known)
		t->unknown |= CS_B271_UNKNOWN_VISITS;
	return CS_OK;
}

/* an amount of the terms, as costshare.terms() checks its argument (cs_cents_from_micros) */
static cs_status
terms_money(cs_cents v, const char *field, cs_error *err)
{
	cs_cents	out;

	if (v == CS_ABSENT)
		return CS_OK;
	if (v > CS_MONEY_MAX)
		return cs_fail(err, CS_ERR_RANGE, "amount is too large", "A single amount can be at most 1000000000.00.",
					   "%s is above 1000000000.00.", field);
	return cs_cents_from_micros(v * 10000, field, &out, err);
}

cs_status
cs_b271_line_terms(const cs_b271_terms *t, int family_level, bool out_of_network, cs_benefit_terms *out,
				   cs_error *err)
{
	cs_terms   *x = &out->terms;
	int64_t		rate;
	cs_status	st;

	*out = (cs_benefit_terms) {0};
	cs_terms_init(x);
	x->copay = t->copay;
	x->coinsurance = t->coinsurance;
	x->deductible_applies = t->deductible_applies;
	x->copay_after_deductible = false;
	x->covered = true;
	x->ded_individual = t->ded_individual;
	x->ded_family = t->ded_family;
	x->family_mode = CS_FAMILY_EMBEDDED;
	x->oop_individual = t->oop_individual;
	x->oop_family = t->oop_family;
	x->family_coverage = family_level == 1;
	x->visit_limit = t->visit_limit;
	x->network = out_of_network ? CS_NETWORK_OUT : CS_NETWORK_IN;
	x->rounding = CS_ROUND_HALF_UP;
	x->copay_counts_toward_deductible = false;
	x->carryover = false;
	x->copay_per = CS_COPAY_PER_LINE;
	out->family_coverage_unknown = family_level < 0;
	out->coinsurance_unstated = (t->unknown & CS_B271_UNKNOWN_COINSURANCE) != 0;
	/* costshare.terms()'s checks of these arguments, in its order */
	if ((st = terms_money(x->copay, "copay", err)) != CS_OK ||
		(st = cs_rate_from_micros(x->coinsurance, "coinsurance", &rate, err)) != CS_OK ||
		(st = terms_money(x->ded_individual, "ded_individual", err)) != CS_OK ||
		(st = terms_money(x->ded_family, "ded_family", err)) != CS_OK ||
		(st = terms_money(x->oop_individual, "oop_individual", err)) != CS_OK ||
		(st = terms_money(x->oop_family, "oop_family", err)) != CS_OK ||
		(x->visit_limit != CS_ABSENT && (st = cs_check_count(x->visit_limit, "visit_limit", err)) != CS_OK))
		return st;
	return cs_terms_check(x, err);
}

cs_b271_max
cs_b271_max_of(cs_b271_kind kind, bool amount_sent, bool quantity_sent, const char *eb06, size_t len)
{
	static const struct
	{
		const char *code;
		cs_b271_max max;
	}			codes[] = {
		{"21", CS_B271_MAX_PERIOD_TOTAL},	/* years */
		{"22", CS_B271_MAX_PERIOD_TOTAL},	/* service year */
		{"23", CS_B271_MAX_PERIOD_TOTAL},	/* calendar year */
		{"25", CS_B271_MAX_PERIOD_TOTAL},	/* contract */
		{"29", CS_B271_MAX_PERIOD_LEFT},	/* remaining */
		{"24", CS_B271_MAX_PERIOD_USED},	/* year to date */
		{"32", CS_B271_MAX_LIFETIME_TOTAL},	/* lifetime */
		{"33", CS_B271_MAX_LIFETIME_LEFT},	/* lifetime remaining */
	};

	if (kind != CS_B271_LIMITATION || !amount_sent || quantity_sent)
		return CS_B271_MAX_NONE;
	if (eb06 == NULL || len == 0)
		return CS_B271_MAX_PERIOD_TOTAL;	/* no qualifier: the plan's figure for its period */
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strlen(codes[i].code) == len && memcmp(codes[i].code, eb06, len) == 0)
			return codes[i].max;
	return CS_B271_MAX_NONE;	/* per visit (27), per day (7), ...: a per-unit cap */
}

/*
 * What is left of a stated amount after what the plan paid since the load; paid is negative when
 * payments the 271 counted were reversed or lowered since, and gives them back (at most the money range)
 */
static cs_cents
max_left_after(cs_cents max, cs_cents paid)
{
	if (paid >= 0)
		return cs_plan_max_left(max, paid);
	return cs_min(max + (paid < -CS_MONEY_MAX ? CS_MONEY_MAX : -paid), CS_MONEY_MAX);
}

/* what is left of one level's maximums (the member's or the family's picks), by the rule above */
static cs_status
max_left_of(const cs_b271_pick *p_total, const cs_b271_pick *p_left, const cs_b271_pick *p_used,
			const cs_b271_pick *l_total, const cs_b271_pick *l_left, bool family, cs_cents paid_period,
			cs_cents paid_lifetime, cs_cents *period_left, cs_cents *lifetime_left, cs_error *err)
{
	cs_b271_conflict k;

	*period_left = *lifetime_left = CS_ABSENT;
	/* the contradictions load_271 refuses too (cs_p271_stored_conflict): the one rule */
	if (max_conflict(p_total, p_left, p_used, l_total, l_left, family, &k))
		return cs_b271_conflict_fail(&k, err);
	/*
	 * The period's remainder (29), and its total less what was used (24) when the total is stated: a 271
	 * stating all three whose figures disagree leaves the lesser, so the plan never pays more than any
	 * statement of the 271 says is left (with the total and the remainder alone both say the same).
	 */
	if (p_left->known)
		*period_left = max_left_after(p_left->value, paid_period);
	if (p_total->known)
	{
		cs_cents	used = paid_period,
					left;

		if (p_used->known && cs_add_overflow(used, p_used->value, &used))
			return cs_fail(err, CS_ERR_OVERFLOW, "a 271 used amount is out of range", NULL, NULL);
		left = max_left_after(p_total->value, used);
		*period_left = *period_left == CS_ABSENT ? left : cs_min(*period_left, left);
		/* never more than the total (what changed since the load may give payments back) */
		*period_left = cs_min(*period_left, p_total->value);
	}
	if (l_left->known)
		*lifetime_left = max_left_after(l_left->value, paid_lifetime);
	else if (l_total->known)
		*lifetime_left = max_left_after(l_total->value, paid_lifetime);
	if (*lifetime_left != CS_ABSENT && l_total->known)
		*lifetime_left = cs_min(*lifetime_left, l_total->value);
	return CS_OK;
}

cs_status
cs_b271_max_left(const cs_b271_choice *c, cs_cents paid_period, cs_cents paid_lifetime,
				 cs_cents *period_left, cs_cents *lifetime_left, cs_error *err)
{
	return max_left_of(&c->max_period_total, &c->max_period_left, &c->max_period_used, &c->max_lifetime_total,
					   &c->max_lifetime_left, false, paid_period, paid_lifetime, period_left, lifetime_left, err);
}

cs_status
cs_b271_max_fam_left(const cs_b271_choice *c, cs_cents paid_period, cs_cents paid_lifetime,
					 cs_cents *period_left, cs_cents *lifetime_left, cs_error *err)
{
	return max_left_of(&c->max_fam_period_total, &c->max_fam_period_left, &c->max_fam_period_used,
					   &c->max_fam_lifetime_total, &c->max_fam_lifetime_left, true, paid_period, paid_lifetime,
					   period_left, lifetime_left, err);
}

cs_b271_source
cs_b271_source_of(bool plan_covers, bool have_271, bool prefer_271)
{
	if (plan_covers && have_271)
		return prefer_271 ? CS_B271_SRC_271 : CS_B271_SRC_PLAN;
	if (plan_covers)
		return CS_B271_SRC_PLAN;
	if (have_271)
		return CS_B271_SRC_271;
	return CS_B271_SRC_NONE;
}

bool
cs_b271_may_price(bool plan_covers, bool prefer_271)
{
	return cs_b271_source_of(plan_covers, true, prefer_271) == CS_B271_SRC_271;
}

cs_b271_coverage
cs_b271_coverage_on(const cs_b271_cov *rows, size_t n, int64_t date)
{
	bool		any = false,
				inactive = false;

	for (size_t i = 0; i < n; i++)
	{
		bool		on = !rows[i].has_period || (rows[i].lo <= date && date < rows[i].hi);

		any = true;
		if (on && rows[i].active)
			return CS_B271_COV_ACTIVE;
		if (on)
			inactive = true;
	}
	if (inactive)
		return CS_B271_COV_INACTIVE;
	return any ? CS_B271_COV_OUTSIDE : CS_B271_COV_UNSTATED;
}

bool
cs_b271_stale(int64_t as_of, int64_t today, int64_t max_age)
{
	if (max_age < 0)
		return false;
	return today - as_of > max_age;
}

static int
cmp_cents(const void *a, const void *b)
{
	cs_cents	x = *(const cs_cents *) a,
				y = *(const cs_cents *) b;

	return (x > y) - (x < y);
}

cs_cents
cs_median_cents(cs_cents *v, size_t n)
{
	qsort(v, n, sizeof(cs_cents), cmp_cents);
	if (n % 2 == 1)
		return v[n / 2];
	/* both are 0..CS_MONEY_MAX: the sum cannot overflow; half up */
	return (v[n / 2 - 1] + v[n / 2] + 1) / 2;
}

bool
cs_b271_share_stated(const cs_b271_terms *t)
{
	return (t->unknown & (CS_B271_UNKNOWN_COPAY | CS_B271_UNKNOWN_COINSURANCE)) !=
		(CS_B271_UNKNOWN_COPAY | CS_B271_UNKNOWN_COINSURANCE);
}
