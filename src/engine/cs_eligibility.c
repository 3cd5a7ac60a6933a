/*
 * cs_eligibility.c — coordination-of-benefits order, dependent age, and the status of an eligibility
 * request (see cs_eligibility.h; rules from domain.md §6 and §8).
 */
#include <string.h>

#include "cs_eligibility.h"

static bool
word_eq(const char *w, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(w, word, len) == 0;
}

bool
cs_relationship_from_word(const char *w, size_t len, cs_relationship *out)
{
	if (word_eq(w, len, "self"))
		*out = CS_REL_SELF;
	else if (word_eq(w, len, "spouse"))
		*out = CS_REL_SPOUSE;
	else if (word_eq(w, len, "child"))
		*out = CS_REL_CHILD;
	else if (word_eq(w, len, "other"))
		*out = CS_REL_OTHER;
	else
		return false;
	return true;
}

bool
cs_coverage_kind_from_word(const char *w, size_t len, cs_coverage_kind *out)
{
	if (word_eq(w, len, "active"))
		*out = CS_KIND_ACTIVE;
	else if (word_eq(w, len, "cobra"))
		*out = CS_KIND_COBRA;
	else if (word_eq(w, len, "retiree"))
		*out = CS_KIND_RETIREE;
	else
		return false;
	return true;
}

int64_t
cs_cob_key(const cs_coverage *c)
{
	/*
	 * Fields packed most significant first, each in its own bit range (the NAIC order: dependent child
	 * rules before the active/inactive rule):
	 *   last resort (1) | dependent (1) | birthday month*32+day for dependent children, 511 when the
	 *   subscriber's birth date is unknown (9) | non-active (1) | coverage start + 2^31 (32)
	 * An order stated by hand is not in the key: cs_cob_order places it.
	 */
	int64_t		dependent = c->relationship != CS_REL_SELF;
	int64_t		inactive = c->kind != CS_KIND_ACTIVE;
	int64_t		birthday = 0;
	int64_t		start = (int64_t) c->coverage_start + INT64_C(2147483648);

	if (c->relationship == CS_REL_CHILD)
	{
		int			y,
					m,
					d;

		if (c->subscriber_birth == INT32_MIN)
			birthday = 511;		/* after every known birthday (12 * 32 + 31 = 415 at most) */
		else
		{
			cs_date_to_ymd(c->subscriber_birth, &y, &m, &d);
			birthday = m * 32 + d;
		}
	}
	return ((int64_t) c->payer_of_last_resort << 43) | (dependent << 42) |
		(birthday << 33) | (inactive << 32) | (start & INT64_C(0xFFFFFFFF));
}

void
cs_cob_order(int n, const int64_t *keys, const int *stated, const int64_t *tiebreak, int *order)
{
	int			rules[CS_COB_MAX];
	bool		taken[CS_COB_MAX];
	bool		placed[CS_COB_MAX];

	for (int i = 0; i < n; i++)
		order[i] = i;
	if (n <= 1)
		return;
	/* the rules' order: insertion sort by key, then tie-break (a handful of coverages) */
	for (int i = 0; i < n; i++)
		rules[i] = i;
	for (int i = 1; i < n; i++)
	{
		int			x = rules[i];
		int			j = i - 1;

		while (j >= 0 && (keys[rules[j]] > keys[x] ||
						  (keys[rules[j]] == keys[x] && tiebreak[rules[j]] > tiebreak[x])))
		{
			rules[j + 1] = rules[j];
			j--;
		}
		rules[j + 1] = x;
	}
	for (int i = 0; i < n; i++)
		taken[i] = placed[i] = false;

	/*
	 * The stated orders (0 counts as 1), in ascending order, of equal ones the first by the rules, keep
	 * that order among themselves; each goes as close to its stated position as the coverages allow:
	 * position min(k, n - the stated ones after it), and after the one before it. So a stated k <= n
	 * is position k when the stated orders leave room for it, and orders stated for more coverages than
	 * are active on the date (1, 2, 3 when the first ended) still say which comes first.
	 */
	if (stated != NULL)
	{
		int			s[CS_COB_MAX];
		int			m = 0,
					prev = 0;

		for (int r = 0; r < n; r++)
			if (stated[rules[r]] >= 0)
			{
				int			x = rules[r];
				int			k = stated[x] == 0 ? 1 : stated[x];
				int			j = m++;

				/* insertion by k; equal k keep the rules' order (stable) */
				while (j > 0 && (stated[s[j - 1]] == 0 ? 1 : stated[s[j - 1]]) > k)
				{
					s[j] = s[j - 1];
					j--;
				}
				s[j] = x;
			}
		for (int i = 0; i < m; i++)
		{
			int			k = stated[s[i]] == 0 ? 1 : stated[s[i]];
			int			room = n - (m - 1 - i); /* the latest position that leaves one for each after it */
			int			pos = k < room ? k : room;

			if (pos <= prev)
				pos = prev + 1;
			order[pos - 1] = s[i];
			taken[pos - 1] = placed[s[i]] = true;
			prev = pos;
		}
	}
	/* the coverages without a stated order fill the free positions by the rules */
	for (int r = 0, p = 0; r < n; r++)
	{
		int			x = rules[r];

		if (placed[x])
			continue;
		while (taken[p])
			p++;
		order[p] = x;
		taken[p] = true;
	}
}

int64_t
cs_cob_sql_key(const cs_coverage *c)
{
	int64_t		order = (c->explicit_order >= 0 && c->explicit_order < 255) ? c->explicit_order : 255;

	return (order << 44) | cs_cob_key(c);
}

bool
cs_cob_birthday_unknown(int n, const cs_coverage *c)
{
	/*
	 * Two coverages of a dependent child that the birthday rule compares (both as child, both or neither
	 * the payer of last resort) with one subscriber's birth date unknown, which the rules' order places
	 * one against the other (cs_cob_order): both without a stated order (they fill the free positions
	 * by the rules), or both stated at the same position (0 counts as 1; the rules order the tie). A
	 * coverage stated at a position of its own is placed by it, whatever the birthdays, and no other
	 * coverage's place depends on its key: the birthday rule decides nothing there.
	 */
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
		{
			const cs_coverage *a = &c[i],
					   *b = &c[j];
			bool		compared = a->explicit_order < 0 ? b->explicit_order < 0 :
				b->explicit_order >= 0 &&
				(a->explicit_order == 0 ? 1 : a->explicit_order) == (b->explicit_order == 0 ? 1 : b->explicit_order);

			if (a->relationship == CS_REL_CHILD && b->relationship == CS_REL_CHILD &&
				a->payer_of_last_resort == b->payer_of_last_resort &&
				(a->subscriber_birth == INT32_MIN || b->subscriber_birth == INT32_MIN) && compared)
				return true;
		}
	return false;
}

int
cs_age_on(cs_date birth, cs_date on)
{
	int			by,
				bm,
				bd,
				y,
				m,
				d,
				age;

	cs_date_to_ymd(birth, &by, &bm, &bd);
	cs_date_to_ymd(on, &y, &m, &d);
	age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

static void
add_reason(cs_elig_decision *out, const char *reason)
{
	if (out->n_reasons < CS_ELIG_MAX_REASONS)
		out->reasons[out->n_reasons++] = reason;
}

void
cs_eligibility_decide(const cs_elig_facts *f, cs_elig_decision *out)
{
	memset(out, 0, sizeof(*out));

	/* what we cannot answer */
	if (!f->member_known)
		add_reason(out, "unknown_member");
	if (!f->service_known)
		add_reason(out, "unknown_service_code");
	if (!f->provider_known)
		add_reason(out, "unknown_provider");
	if (out->n_reasons > 0)
	{
		out->status = CS_ELIG_UNKNOWN;
		return;
	}

	/* coverage on the date */
	if (!f->enrolled)
	{
		add_reason(out, "no_active_coverage");
		out->status = CS_ELIG_NOT_ELIGIBLE;
		return;
	}
	if (f->is_dependent_child && f->dependent_age_limit >= 0 && f->age >= 0 &&
		f->age >= f->dependent_age_limit)
	{
		add_reason(out, "dependent_age_limit");
		out->status = CS_ELIG_NOT_ELIGIBLE;
		return;
	}

	/* a carve-out: the benefit lives at another administrator; never say covered */
	if (f->carved_out)
	{
		add_reason(out, "carved_out");
		out->status = CS_ELIG_CARVED_OUT;
		return;
	}
	if (!f->benefit_found)
	{
		add_reason(out, "no_benefit_data");
		out->status = CS_ELIG_UNKNOWN;
		return;
	}
	if (!f->covered)
	{
		add_reason(out, "not_covered");
		out->status = CS_ELIG_NOT_ELIGIBLE;
		return;
	}
	if (f->telehealth && !f->telehealth_allowed)
	{
		add_reason(out, "telehealth_not_covered");
		out->status = CS_ELIG_NOT_ELIGIBLE;
		return;
	}
	if (f->visit_limit >= 0 && f->visits_used >= f->visit_limit)
	{
		add_reason(out, "visit_limit_reached");
		out->status = CS_ELIG_LIMIT_REACHED;
		return;
	}
	if (f->auth_required && !f->auth_on_file)
	{
		add_reason(out, "prior_auth_required");
		out->status = CS_ELIG_AUTH_REQUIRED;
		return;
	}
	out->status = CS_ELIG_ELIGIBLE;
}

const char *
cs_elig_status_word(cs_elig_status s)
{
	static const char *const words[] = {"unknown", "not_eligible", "carved_out", "limit_reached",
	"auth_required", "eligible"};

	return words[s];
}

const char *
cs_elig_source_word(cs_elig_source s)
{
	switch (s)
	{
		case CS_ELIG_SRC_PLAN:
			return "plan";
		case CS_ELIG_SRC_271:
			return "271";
		default:
			return NULL;
	}
}

bool
cs_elig_reports_secondary(int coverages)
{
	return coverages >= 2;
}

void
cs_elig_answer_of(bool plan_covers, bool priced_from_271, int coverages, cs_elig_answer *out)
{
	/* the 271's answer is taken when its path priced the line; else the plan design's, if it covers */
	out->source = priced_from_271 ? CS_ELIG_SRC_271 : plan_covers ? CS_ELIG_SRC_PLAN : CS_ELIG_SRC_NONE;
	out->from_271 = out->source == CS_ELIG_SRC_271;
	out->enrollment = !out->from_271;
	out->provenance_271 = out->from_271;
	out->secondary = cs_elig_reports_secondary(coverages);
	out->plan_max = out->source == CS_ELIG_SRC_PLAN;
	out->plan_max_271 = out->from_271;
}
