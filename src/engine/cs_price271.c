/*
 * cs_price271.c — the decisions of pricing a line from a member's loaded 271 (see cs_price271.h).
 */
#include "cs_price271.h"

#include <string.h>

bool
cs_p271_later(int64_t as_of, int64_t loaded_at, bool have, int64_t taken_as_of, int64_t taken_loaded)
{
	if (!have)
		return true;
	if (as_of != taken_as_of)
		return as_of > taken_as_of;
	return loaded_at > taken_loaded;
}

bool
cs_p271_out_of_network(bool oon_stated, bool oon, bool provider_named, bool participates)
{
	if (oon_stated)
		return oon;
	return provider_named && !participates;
}

int
cs_p271_row_rank(bool have_category, const int *type_ranks, size_t n, bool plan_coverage_type)
{
	int			best = -1;

	if (!have_category)
		return plan_coverage_type ? 0 : -1;
	for (size_t i = 0; i < n; i++)
		if (type_ranks[i] >= 0 && (best < 0 || type_ranks[i] < best))
			best = type_ranks[i];
	return best;
}

bool
cs_p271_own_outside_family(bool family_known, bool of_family)
{
	return family_known && !of_family;
}

/* marks lines [i0, i1) against lines [j0, j1) (see cs_p271_mark_versions) */
static void
mark_versions_among(cs_p271_ledger_line *lines, size_t i0, size_t i1, size_t j0, size_t j1, const int32_t *group,
					const int32_t *version, int64_t loaded_at)
{
	for (size_t i = i0; i < i1; i++)
	{
		lines[i].latest = true;
		lines[i].baseline = lines[i].recorded_at <= loaded_at;
		for (size_t j = j0; j < j1; j++)
		{
			if (j == i || group[j] != group[i] || version[j] <= version[i])
				continue;
			lines[i].latest = false;
			if (lines[j].recorded_at <= loaded_at)
				lines[i].baseline = false;
		}
	}
}

void
cs_p271_mark_versions(cs_p271_ledger_line *lines, size_t n, const int32_t *group, const int32_t *version,
					  int64_t loaded_at)
{
	size_t		a = 0;

	/*
	 * Groups in ascending order (the glue sorts them): each claim line's versions are one run, compared
	 * among themselves, so a member's thousands of ledger lines cost a pass, not their number squared.
	 * Any other order: every line against every other.
	 */
	for (size_t i = 1; i < n; i++)
		if (group[i] < group[i - 1])
		{
			mark_versions_among(lines, 0, n, 0, n, group, version, loaded_at);
			return;
		}
	for (size_t i = 1; i <= n; i++)
		if (i == n || group[i] != group[a])
		{
			mark_versions_among(lines, a, i, a, i, group, version, loaded_at);
			a = i;
		}
}

/* what the plan paid on a line: plan_paid, else allowed less the patient's share; false: overflow */
static bool
line_paid(const cs_p271_ledger_line *l, cs_cents *paid, bool *unknown)
{
	*paid = 0;
	if (l->plan_paid_known)
		*paid = l->plan_paid;
	else if (l->allowed_known && l->deductible_known && l->copay_known && l->coinsurance_known)
	{
		cs_cents	share;

		if (cs_add_overflow(l->deductible, l->copay, &share) ||
			cs_add_overflow(share, l->coinsurance, &share))
			return false;
		*paid = l->allowed > share ? l->allowed - share : 0;
	}
	else
		*unknown = true;
	return true;
}

/* one line's amounts into the sums, added (sign 1) or given back (sign -1) */
static bool
posted_add(cs_p271_posted *p, const cs_p271_ledger_line *l, int sign, bool period_lo_inf, cs_date period_lo,
		   bool period_hi_inf, cs_date period_hi, cs_date date)
{
	bool		in_period = (period_lo_inf || l->service_date >= period_lo) &&
		(period_hi_inf || l->service_date < period_hi);

	/* the family's maximums: every version of the family on the plan, whichever member's */
	if (!l->outside_family && (l->max_toward & (CS_P271_TOWARD_FAM_PERIOD | CS_P271_TOWARD_FAM_LIFETIME)) &&
		l->service_date <= date)
	{
		cs_cents	paid;

		if (!line_paid(l, &paid, &p->fam_plan_paid_unknown) ||
			((l->max_toward & CS_P271_TOWARD_FAM_LIFETIME) &&
			 cs_add_overflow(p->fam_plan_paid_lifetime, sign * paid, &p->fam_plan_paid_lifetime)) ||
			(in_period && (l->max_toward & CS_P271_TOWARD_FAM_PERIOD) &&
			 cs_add_overflow(p->fam_plan_paid_period, sign * paid, &p->fam_plan_paid_period)))
			return false;
	}
	/* the rest is the member's own */
	if (l->other_member)
		return true;

	/*
	 * the 271's deductible and out-of-pocket figures are its period's: a line dated outside the period
	 * was never in them, and neither adds to them nor, superseded, gives anything back
	 */
	if (in_period && l->deductible_known && cs_add_overflow(p->deductible, sign * l->deductible, &p->deductible))
		return false;
	if (in_period && l->deductible_known && l->copay_known && l->coinsurance_known)
	{
		cs_cents	line_oop;

		if (cs_add_overflow(l->deductible, l->copay, &line_oop) ||
			cs_add_overflow(line_oop, l->coinsurance, &line_oop) ||
			cs_add_overflow(p->out_of_pocket, sign * line_oop, &p->out_of_pocket))
			return false;
	}
	if ((l->max_toward & (CS_P271_TOWARD_PERIOD | CS_P271_TOWARD_LIFETIME)) && l->service_date <= date)
	{
		cs_cents	paid;

		if (!line_paid(l, &paid, &p->plan_paid_unknown))
			return false;
		if ((l->max_toward & CS_P271_TOWARD_LIFETIME) &&
			cs_add_overflow(p->plan_paid_lifetime, sign * paid, &p->plan_paid_lifetime))
			return false;
		if (in_period && (l->max_toward & CS_P271_TOWARD_PERIOD) &&
			cs_add_overflow(p->plan_paid_period, sign * paid, &p->plan_paid_period))
			return false;
	}
	return true;
}

cs_status
cs_p271_posted_since(const cs_p271_ledger_line *lines, size_t n, int64_t loaded_at,
					 bool period_lo_inf, cs_date period_lo, bool period_hi_inf, cs_date period_hi, cs_date date,
					 cs_p271_posted *out, cs_error *err)
{
	cs_p271_posted p = {0};

	for (size_t i = 0; i < n; i++)
	{
		const cs_p271_ledger_line *l = &lines[i];

		if (!l->status_counts)
			continue;
		/* the latest version, recorded since the load: its amounts are new to the 271 */
		if (l->latest && l->recorded_at > loaded_at &&
			!posted_add(&p, l, 1, period_lo_inf, period_lo, period_hi_inf, period_hi, date))
			goto overflow;
		/* the version the 271 reflects, superseded since: its amounts are given back */
		if (l->baseline && !l->latest &&
			!posted_add(&p, l, -1, period_lo_inf, period_lo, period_hi_inf, period_hi, date))
			goto overflow;
		if (l->latest && !l->other_member && l->same_category && l->visits_known && l->service_date < date &&
			(period_lo_inf || l->service_date >= period_lo) &&
			(period_hi_inf || l->service_date < period_hi))
		{
			if (__builtin_add_overflow(p.visits, l->visits, &p.visits))
				goto overflow;
		}
	}
	*out = p;
	return CS_OK;

overflow:
	return cs_fail(err, CS_ERR_OVERFLOW, "the ledger lines since the 271 are out of range",
				   "Check the member's accumulator_ledger lines with the 271's payer.",
				   "Their sum leaves the range the estimate computes in.");
}

static int64_t
pick_segment(const cs_b271_pick *p)
{
	return p->known ? p->segment : -1;
}

void
cs_p271_max_rows_of(const cs_b271_choice *c, cs_p271_max_rows *out)
{
	out->period[0] = pick_segment(&c->max_period_total);
	out->period[1] = pick_segment(&c->max_period_left);
	out->period[2] = pick_segment(&c->max_period_used);
	out->lifetime[0] = pick_segment(&c->max_lifetime_total);
	out->lifetime[1] = pick_segment(&c->max_lifetime_left);
	out->fam_period[0] = pick_segment(&c->max_fam_period_total);
	out->fam_period[1] = pick_segment(&c->max_fam_period_left);
	out->fam_period[2] = pick_segment(&c->max_fam_period_used);
	out->fam_lifetime[0] = pick_segment(&c->max_fam_lifetime_total);
	out->fam_lifetime[1] = pick_segment(&c->max_fam_lifetime_left);
}

/* whether the two choices take the same row for any figure of one maximum (n figures) */
static bool
same_row(const int64_t *a, const int64_t *b, int n)
{
	for (int i = 0; i < n; i++)
		if (a[i] >= 0 && a[i] == b[i])
			return true;
	return false;
}

unsigned
cs_p271_max_toward(const cs_p271_max_rows *line, const cs_p271_max_rows *other)
{
	return (same_row(line->period, other->period, 3) ? CS_P271_TOWARD_PERIOD : 0) |
		(same_row(line->lifetime, other->lifetime, 2) ? CS_P271_TOWARD_LIFETIME : 0) |
		(same_row(line->fam_period, other->fam_period, 3) ? CS_P271_TOWARD_FAM_PERIOD : 0) |
		(same_row(line->fam_lifetime, other->fam_lifetime, 2) ? CS_P271_TOWARD_FAM_LIFETIME : 0);
}

cs_status
cs_p271_plan_max(const cs_b271_row *rows, size_t n, bool out_of_network, const cs_p271_posted *posted,
				 cs_cents *period_left, cs_cents *lifetime_left, cs_error *err)
{
	cs_b271_choice c;

	cs_b271_choose(rows, n, out_of_network, &c);
	return cs_b271_max_left(&c, posted->plan_paid_period, posted->plan_paid_lifetime, period_left, lifetime_left,
							err);
}

cs_status
cs_p271_plan_max_family(const cs_b271_row *rows, size_t n, bool out_of_network, const cs_p271_posted *posted,
						cs_cents *period_left, cs_cents *lifetime_left, cs_error *err)
{
	cs_b271_choice c;

	cs_b271_choose(rows, n, out_of_network, &c);
	return cs_b271_max_fam_left(&c, posted->fam_plan_paid_period, posted->fam_plan_paid_lifetime, period_left,
								lifetime_left, err);
}

/* an EB row's rank for category cat (-1: no category), by cs_p271_row_rank over its service types */
static int
stored_rank(const cs_p271_stored_row *r, const cs_p271_type_rank *ranks, size_t nranks, int cat)
{
	int			best = -1;

	for (int i = 0; i < r->ntypes; i++)
	{
		const cs_name *t = &r->types[i];
		bool		plan_type = t->data != NULL && t->len == strlen(CS_P271_PLAN_COVERAGE_TYPE) &&
			memcmp(t->data, CS_P271_PLAN_COVERAGE_TYPE, t->len) == 0;
		int			tr = -1,
					rank;

		/* the type's rank in the category (its lowest when listed twice), as the estimate reads it */
		for (size_t j = 0; cat >= 0 && t->data != NULL && j < nranks; j++)
			if (ranks[j].category == cat && ranks[j].type.len == t->len &&
				memcmp(ranks[j].type.data, t->data, t->len) == 0 && ranks[j].rank >= 0 &&
				(tr < 0 || ranks[j].rank < tr))
				tr = ranks[j].rank;
		rank = cs_p271_row_rank(cat >= 0, &tr, 1, plan_type);
		if (rank >= 0 && (best < 0 || rank < best))
			best = rank;
	}
	return best;
}

bool
cs_p271_stored_conflict(const cs_p271_stored_row *rows, size_t n, const cs_p271_type_rank *ranks, size_t nranks,
						int ncategories, cs_b271_row *work, cs_b271_conflict *out)
{
	bool		found = false;

	*out = (cs_b271_conflict) {0};
	for (int cat = -1; cat < ncategories; cat++)
	{
		for (size_t i = 0; i < n; i++)
		{
			work[i] = rows[i].row;
			work[i].rank = stored_rank(&rows[i], ranks, nranks, cat);
		}
		for (int oon = 0; oon <= 1; oon++)
		{
			cs_b271_choice c;
			cs_b271_conflict k;

			cs_b271_choose(work, n, oon == 1, &c);
			if (cs_b271_choice_conflict(&c, &k) &&
				(!found || k.segment < out->segment || (k.segment == out->segment && k.other < out->other)))
			{
				*out = k;
				found = true;
			}
		}
	}
	return found;
}

/* the EB06 of the row at a segment, as the message writes it ("(none)": not sent); its length in *len */
static const char *
eb06_of(const cs_p271_stored_row *rows, size_t n, int64_t segment, int *len)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].row.segment == segment && rows[i].eb06.data != NULL && rows[i].eb06.len > 0)
		{
			*len = rows[i].eb06.len > 8 ? 8 : (int) rows[i].eb06.len;
			return rows[i].eb06.data;
		}
	*len = 6;
	return "(none)";
}

cs_status
cs_p271_stored_conflict_fail(const cs_b271_conflict *k, const cs_p271_stored_row *rows, size_t n, cs_error *err)
{
	cs_error	e;
	char		eb01;
	const char *a,
			   *b;
	int			al,
				bl;
	const char *hint;

	if (cs_b271_conflict_fail(k, &e) == CS_OK)
		return CS_OK;
	a = eb06_of(rows, n, k->segment, &al);
	b = eb06_of(rows, n, k->other, &bl);
	switch (k->kind)
	{
		case CS_B271_CONFLICT_DED_REMAINING:
		case CS_B271_CONFLICT_DED_TOTAL_RANGE:
			eb01 = 'C';
			break;
		case CS_B271_CONFLICT_OOP_REMAINING:
		case CS_B271_CONFLICT_OOP_TOTAL_RANGE:
			eb01 = 'G';
			break;
		default:
			eb01 = 'F';
			break;
	}
	if (k->kind == CS_B271_CONFLICT_DED_TOTAL_RANGE || k->kind == CS_B271_CONFLICT_OOP_TOTAL_RANGE)
		return cs_fail(err, e.status, e.message,
					   "Ask the payer for a corrected 271: the remaining (29) and met (24) amounts of a deductible or OOP limit stated without a total must not add up to more than 1000000000.00. Nothing of this 271 was loaded.",
					   "an EB01 %c amount with EB06 %.*s and the one with EB06 %.*s add up to more than 1000000000.00, no total stated, and a line of the person would be priced with both",
					   eb01, al, a, bl, b);
	hint = eb01 == 'F'
		? "Ask the payer for a corrected 271: what is left (29, 33) or used (24) of a plan-paid maximum must not exceed its total (23, 32). Nothing of this 271 was loaded."
		: "Ask the payer for a corrected 271: what is left (29) of a deductible or OOP limit must not exceed its total (23) unless what was met (24) is stated. Nothing of this 271 was loaded.";
	return cs_fail(err, e.status, e.message, hint,
				   "an EB01 %c amount with EB06 %.*s is above the one with EB06 %.*s, and a line of the person would be priced with both",
				   eb01, al, a, bl, b);
}

bool
cs_p271_family_max_stated(const cs_b271_row *rows, size_t n, bool out_of_network)
{
	cs_b271_choice c;

	cs_b271_choose(rows, n, out_of_network, &c);
	return c.max_fam_period_total.known || c.max_fam_period_left.known || c.max_fam_lifetime_total.known ||
		c.max_fam_lifetime_left.known;
}

bool
cs_p271_plan_paid_unknown(const cs_p271_posted *posted, cs_cents period_left, cs_cents lifetime_left,
						  cs_cents fam_period_left, cs_cents fam_lifetime_left)
{
	return (posted->plan_paid_unknown && (period_left != CS_ABSENT || lifetime_left != CS_ABSENT)) ||
		(posted->fam_plan_paid_unknown && (fam_period_left != CS_ABSENT || fam_lifetime_left != CS_ABSENT));
}

cs_cents
cs_p271_plan_max_lesser(cs_cents period_left, cs_cents lifetime_left)
{
	if (period_left == CS_ABSENT)
		return lifetime_left;
	if (lifetime_left == CS_ABSENT)
		return period_left;
	return cs_min(period_left, lifetime_left);
}

int
cs_p271_plan_max_reasons(cs_cents excess, bool plan_paid_unknown, cs_cents period_left, cs_cents lifetime_left,
						 const char **out)
{
	int			n = 0;

	if (excess > 0)
		out[n++] = "plan_maximum_reached";
	if (plan_paid_unknown && (period_left != CS_ABSENT || lifetime_left != CS_ABSENT))
		out[n++] = "plan_paid_unknown";
	return n;
}

bool
cs_p271_period_covers(bool lo_inf, cs_date lo, bool hi_inf, cs_date hi, cs_date date)
{
	return (lo_inf || lo <= date) && (hi_inf || date < hi);
}

bool
cs_p271_period_stated(bool have_period, bool hi_inf)
{
	return have_period && !hi_inf;
}

bool
cs_p271_allowed_asks_fee(bool estimate_known)
{
	return !estimate_known;
}

bool
cs_p271_allowed_asks_remit(bool estimate_known, bool fee_known, bool payer_known)
{
	return !estimate_known && !fee_known && payer_known;
}

cs_p271_allowed_src
cs_p271_allowed_source(bool estimate_known, bool fee_known, bool payer_known, bool remit_known)
{
	if (estimate_known)
		return CS_P271_ALLOWED_ESTIMATE;
	if (fee_known)
		return CS_P271_ALLOWED_FEE;
	if (payer_known && remit_known)
		return CS_P271_ALLOWED_REMIT;
	return CS_P271_ALLOWED_NONE;
}

const char *
cs_p271_allowed_word(cs_p271_allowed_src s)
{
	switch (s)
	{
		case CS_P271_ALLOWED_FEE:
			return "fee_schedule";
		case CS_P271_ALLOWED_REMIT:
			return "remittance_history";
		default:
			return NULL;
	}
}

bool
cs_p271_allowed_lines(bool remit_asked, int64_t remit_lines, cs_p271_allowed_src src,
					  bool estimate_lines_known, int64_t estimate_lines, int64_t *out)
{
	if (remit_asked)
	{
		*out = remit_lines;
		return true;
	}
	if ((src == CS_P271_ALLOWED_ESTIMATE || src == CS_P271_ALLOWED_NONE) && estimate_lines_known)
	{
		*out = estimate_lines;
		return true;
	}
	return false;
}

bool
cs_p271_fee_before(const cs_p271_fee_row *a, const cs_p271_fee_row *b, int modifier_cmp)
{
	if (a->plan_stated != b->plan_stated)
		return a->plan_stated;
	if (modifier_cmp != 0)
		return modifier_cmp > 0;
	if (a->credential_stated != b->credential_stated)
		return a->credential_stated;
	if (a->state_stated != b->state_stated)
		return a->state_stated;
	return false;
}

bool
cs_p271_carve_out_row(bool contact_other_entity, bool have_category, bool any_type_listed, size_t parties)
{
	return contact_other_entity && (!have_category || any_type_listed) && parties > 0;
}

/* appends s (when not NULL) after sep (when something precedes); false when it does not fit */
static bool
put(char *buf, size_t size, size_t *len, bool *any, const char *sep, const char *s)
{
	size_t		sl,
				pl;

	if (s == NULL)
		return true;
	sl = strlen(s);
	pl = *any ? strlen(sep) : 0;
	if (*len + pl + sl + 1 > size)
		return false;
	memcpy(buf + *len, sep, pl);
	memcpy(buf + *len + pl, s, sl);
	*len += pl + sl;
	buf[*len] = '\0';
	*any = true;
	return true;
}

int
cs_p271_party_text(const char *last, const char *first, const char *id, char *buf, size_t size)
{
	size_t		len = 0;
	bool		any = false;
	bool		any_all = false;

	if (size == 0)
		return -1;
	buf[0] = '\0';
	/* the name: "last first" of the parts sent; an empty one is left out */
	if (!put(buf, size, &len, &any, " ", last) || !put(buf, size, &len, &any, " ", first))
		return -1;
	any_all = len > 0;
	if (!put(buf, size, &len, &any_all, ", ", id))
		return -1;
	buf[len] = '\0';
	return (int) len;
}

bool
cs_p271_stale_setting(const char *s, int64_t *out)
{
	int64_t		v = 0;
	int			digits = 0;
	bool		neg = false;

	if (s == NULL || *s == '\0')
	{
		*out = CS_P271_STALE_DAYS_DEFAULT;
		return true;
	}
	if (*s == '-')
	{
		neg = true;
		s++;
	}
	for (; *s != '\0'; s++)
	{
		if (*s < '0' || *s > '9' || ++digits > 6)
			return false;
		v = v * 10 + (*s - '0');
	}
	if (digits == 0)
		return false;
	*out = neg ? -v : v;
	return true;
}

bool
cs_p271_asks_auth(cs_b271_coverage cov, bool carve_out, bool visits_left_known, int64_t visits_left,
				  int auth_required)
{
	return cov != CS_B271_COV_INACTIVE && cov != CS_B271_COV_OUTSIDE && !carve_out &&
		!(visits_left_known && visits_left == 0) && auth_required == 1;
}

void
cs_p271_decide(cs_b271_coverage cov, bool carve_out, bool visits_left_known, int64_t visits_left,
			   int auth_required, bool auth_on_file, bool out_of_network, bool allowed_known,
			   bool share_stated, cs_p271_decision *out)
{
	out->nreasons = 0;
	out->reasons[out->nreasons++] = "271_benefits";
	if (cov == CS_B271_COV_INACTIVE || cov == CS_B271_COV_OUTSIDE)
	{
		out->status = CS_P271_NOT_ELIGIBLE;
		out->reasons[out->nreasons++] = "no_active_coverage";
	}
	else if (carve_out)
	{
		out->status = CS_P271_CARVED_OUT;
		out->reasons[out->nreasons++] = "carved_out";
	}
	else if (visits_left_known && visits_left == 0)
	{
		out->status = CS_P271_LIMIT_REACHED;
		out->reasons[out->nreasons++] = "visit_limit_reached";
	}
	else if (auth_required == 1 && !auth_on_file)
	{
		out->status = CS_P271_AUTH_REQUIRED;
		out->reasons[out->nreasons++] = "prior_auth_required";
	}
	else
		out->status = CS_P271_ELIGIBLE;
	if (out_of_network)
		out->reasons[out->nreasons++] = "out_of_network";
	if (!allowed_known)
		out->reasons[out->nreasons++] = "no_fee_schedule";
	/* a line the 271 covers but states no share for: no number (not a patient share of 0) */
	if (!share_stated && out->status != CS_P271_NOT_ELIGIBLE && out->status != CS_P271_CARVED_OUT)
		out->reasons[out->nreasons++] = "no_benefit_data";
	out->adjudicate = allowed_known && share_stated && out->status != CS_P271_NOT_ELIGIBLE &&
		out->status != CS_P271_CARVED_OUT;
}

const char *
cs_p271_status_word(cs_p271_status s)
{
	switch (s)
	{
		case CS_P271_NOT_ELIGIBLE:
			return "not_eligible";
		case CS_P271_CARVED_OUT:
			return "carved_out";
		case CS_P271_LIMIT_REACHED:
			return "limit_reached";
		case CS_P271_AUTH_REQUIRED:
			return "auth_required";
		default:
			return "eligible";
	}
}
