/*
 * cs_cob.c — coordination of benefits for one line (cs_cob.h; domain.md §6).
 */
#include <stdlib.h>
#include <string.h>

#include "cs_cob.h"

#define CS_INF INT64_MAX

static const char *const method_words[CS_COB_METHOD_COUNT] = {
	"standard", "non_duplication", "carve_out", "maintenance_of_benefits", "medicare_secondary", "medicaid"
};

bool
cs_cob_method_from_word(const char *w, size_t len, cs_cob_method *out)
{
	for (int i = 0; i < CS_COB_METHOD_COUNT; i++)
	{
		if (strlen(method_words[i]) == len && memcmp(method_words[i], w, len) == 0)
		{
			*out = (cs_cob_method) i;
			return true;
		}
	}
	/* the usual short names */
	if (len == 11 && memcmp(w, "traditional", 11) == 0)
	{
		*out = CS_COB_STANDARD;
		return true;
	}
	if (len == 3 && memcmp(w, "mob", 3) == 0)
	{
		*out = CS_COB_MAINTENANCE_OF_BENEFITS;
		return true;
	}
	return false;
}

const char *
cs_cob_method_word(cs_cob_method m)
{
	return (m >= 0 && m < CS_COB_METHOD_COUNT) ? method_words[m] : "standard";
}

static bool
money_ok(cs_cents c)
{
	return c >= 0 && c <= CS_MONEY_MAX;
}

cs_status
cs_cob_prior_check(const cs_cob_prior *p, cs_error *err)
{
	if (!money_ok(p->allowed) || !money_ok(p->balance_bill) || !money_ok(p->plan_pays) ||
		!money_ok(p->patient_pays))
		return cs_fail(err, CS_ERR_RANGE, "amount is out of range",
					   "Pass the primary payer's line as costshare.adjudicate or costshare.estimate returned it.",
					   "An amount of the primary line is negative or above 1,000,000,000.00.");
	/* all four are at most 10^11, so the sums cannot overflow */
	if (p->patient_pays + p->plan_pays != p->allowed + p->balance_bill)
		return cs_fail(err, CS_ERR_INCONSISTENT, "primary line does not balance",
					   "Pass the primary payer's line as costshare.adjudicate or costshare.estimate returned it.",
					   "patient_pays + plan_pays must equal allowed + balance_bill on the primary line.");
	return CS_OK;
}

/*
 * What the method pays given the later payer's normal benefit N2 (before the clamp to 0..owed); cap:
 * what is left of its plan-paid maximum (CS_INF: none), which also bounds what maintenance of benefits
 * pays on what is left.
 */
static cs_status
method_pays(const cs_cob_prior *prior, const cs_terms *t, const cs_accum *acc, cs_cob_method method,
			cs_cents A2, cs_cents billed, cs_cents reserve, cs_cents N2, cs_cents cap, cs_cents *pays_out,
			cs_error *err)
{
	cs_cents	P1 = prior->plan_pays;
	cs_cents	left = A2 > P1 ? A2 - P1 : 0;	/* A2 - P1, at least 0 */
	cs_cents	pays = 0;
	cs_status	s;

	switch (method)
	{
		case CS_COB_STANDARD:
			pays = cs_min(N2 + reserve, left);
			break;
		case CS_COB_NON_DUPLICATION:
		case CS_COB_CARVE_OUT:
			pays = N2 > P1 ? N2 - P1 : 0;
			break;
		case CS_COB_MAINTENANCE_OF_BENEFITS:
			{
				cs_result	rest;

				if ((s = cs_adjudicate(left, t, acc, CS_ABSENT, false, &rest, err)) != CS_OK)
					return s;
				pays = rest.plan_pays;
				break;
			}
		case CS_COB_MEDICARE_SECONDARY:
			{
				/* (1) the charge, or what the provider must accept if less, minus P1 */
				cs_cents	must_accept = prior->allowed + prior->balance_bill;
				cs_cents	charge = (billed == CS_ABSENT) ? must_accept : cs_min(billed, must_accept);
				cs_cents	l1 = charge > P1 ? charge - P1 : 0;
				/* (3) the higher of Medicare's amount and the primary's allowable, minus P1 */
				cs_cents	higher = cs_max(A2, prior->allowed);
				cs_cents	l3 = higher > P1 ? higher - P1 : 0;

				/* (2) what Medicare pays as primary */
				pays = cs_min(cs_min(l1, N2), l3);
				break;
			}
		case CS_COB_MEDICAID:
			pays = left;
			break;
		default:
			break;
	}
	/* never below 0, never more than the patient still owed, never more than its maximum leaves */
	*pays_out = cs_max(0, cs_min(cs_min(pays, prior->patient_pays), cap));
	return CS_OK;
}

cs_status
cs_coordinate_max(const cs_cob_prior *prior, const cs_terms *t, const cs_accum *acc, cs_cob_method method,
				  cs_cents allowed, cs_cents billed, cs_cents reserve, cs_cents period_left,
				  cs_cents lifetime_left, cs_cob_result *out, cs_error *err)
{
	cs_cents	A2;
	cs_cents	owed = prior->patient_pays; /* what the patient owes after the earlier payer */
	cs_cents	N2,
				N2_free;		/* the normal benefit without the maximum */
	cs_cents	cap = CS_INF;
	cs_cents	pays = 0,
				pays_free = 0;
	bool		has_max = period_left != CS_ABSENT || lifetime_left != CS_ABSENT;
	cs_status	s;

	memset(out, 0, sizeof(*out));
	if ((s = cs_cob_prior_check(prior, err)) != CS_OK)
		return s;
	if (method < 0 || method >= CS_COB_METHOD_COUNT)
		return cs_fail(err, CS_ERR_WORD, "unknown coordination method",
					   "Use standard, non_duplication, carve_out, maintenance_of_benefits, medicare_secondary or medicaid.",
					   "The method is not one of the coordination methods.");
	A2 = (allowed == CS_ABSENT) ? prior->allowed : allowed;
	if (!money_ok(A2))
		return cs_fail(err, CS_ERR_RANGE, "amount is out of range", "Give the secondary payer's allowable in dollars.",
					   "The secondary allowed amount is negative or above 1,000,000,000.00.");
	if (billed != CS_ABSENT && !money_ok(billed))
		return cs_fail(err, CS_ERR_RANGE, "amount is out of range", "Give the charge in dollars.",
					   "The billed amount is negative or above 1,000,000,000.00.");
	if (!money_ok(reserve))
		return cs_fail(err, CS_ERR_RANGE, "amount is out of range",
					   "Pass the reserve_after of the payer's previous line in the same benefit period, or 0.",
					   "The benefit reserve is negative or above 1,000,000,000.00.");
	if ((period_left != CS_ABSENT && !money_ok(period_left)) ||
		(lifetime_left != CS_ABSENT && !money_ok(lifetime_left)))
		return cs_fail(err, CS_ERR_RANGE, "amount is out of range",
					   "Pass what is left of the later payer's plan-paid maximums in dollars, or NULL for none.",
					   "What is left of a plan-paid maximum is negative or above 1,000,000,000.00.");

	/* the later payer's normal benefit: its own adjudication as if it were primary */
	if ((s = cs_adjudicate(A2, t, acc, billed, false, &out->normal, err)) != CS_OK)
		return s;
	N2_free = out->normal.plan_pays;

	out->method = method;
	out->allowed = A2;
	out->reserve_after = reserve;

	/* a line the later plan does not cover at all is no allowable expense of it: it pays nothing */
	if (out->normal.not_covered >= A2 && A2 > 0)
	{
		out->normal_benefit = N2_free;
		out->patient_pays = owed;
		return CS_OK;
	}

	/* as primary it would pay at most what is left of its maximum: N2 is capped (reason 119) */
	if (has_max)
	{
		unsigned	reasons = out->normal.reasons;

		cap = period_left == CS_ABSENT ? lifetime_left :
			lifetime_left == CS_ABSENT ? period_left : cs_min(period_left, lifetime_left);
		if ((s = cs_apply_plan_max(&out->normal, period_left, lifetime_left, err)) != CS_OK)
			return s;
		/* 119 only when the payment on the line is smaller for it (set below) */
		out->normal.reasons = reasons;
	}
	N2 = out->normal.plan_pays;
	out->normal_benefit = N2;

	if ((s = method_pays(prior, t, acc, method, A2, billed, reserve, N2, cap, &pays, err)) != CS_OK)
		return s;
	if (has_max &&
		(s = method_pays(prior, t, acc, method, A2, billed, reserve, N2_free, CS_INF, &pays_free, err)) != CS_OK)
		return s;
	out->secondary_pays = pays;
	if (has_max && pays_free > pays)
	{
		out->plan_max_excess = pays_free - pays;
		out->normal.reasons |= CS_REASON_LIMIT;
	}
	if (method == CS_COB_STANDARD)
	{
		out->reserve_used = pays > N2 ? pays - N2 : 0;
		out->reserve_after = reserve - out->reserve_used + (N2 > pays ? N2 - pays : 0);
		if (out->reserve_after > CS_MONEY_MAX)
			return cs_fail(err, CS_ERR_OVERFLOW, "benefit reserve is out of range",
						   "Start a new benefit period's reserve at 0.",
						   "The benefit reserve would exceed 1,000,000,000.00.");
	}
	if (method == CS_COB_MEDICAID)
	{
		cs_cents	rest = owed - pays;
		cs_cents	copay = (t->copay == CS_ABSENT) ? 0 : t->copay;

		/* the patient owes at most Medicaid's own copay; the provider writes off the rest */
		out->patient_pays = cs_min(copay, rest);
		out->written_off = rest - out->patient_pays;
	}
	else
		out->patient_pays = owed - pays;
	return CS_OK;
}

cs_status
cs_coordinate(const cs_cob_prior *prior, const cs_terms *t, const cs_accum *acc, cs_cob_method method,
			  cs_cents allowed, cs_cents billed, cs_cents reserve, cs_cob_result *out, cs_error *err)
{
	return cs_coordinate_max(prior, t, acc, method, allowed, billed, reserve, CS_ABSENT, CS_ABSENT, out, err);
}

cs_status
cs_plan_max_batch_paid(int n, const cs_date *dates, const bool *same, const cs_cents *paid, cs_date period_lo,
					   cs_date period_hi, cs_date date, cs_cents *period_paid, cs_cents *lifetime_paid,
					   cs_error *err)
{
	cs_cents	p = 0,
				l = 0;

	*period_paid = *lifetime_paid = 0;
	for (int i = 0; i < n; i++)
	{
		if (!same[i] || dates[i] > date)
			continue;
		if (!money_ok(paid[i]))
			return cs_fail(err, CS_ERR_RANGE, "amount is out of range",
						   "Pass what the payer paid on the member's earlier lines of the batch, in dollars.",
						   "A payment of an earlier line of the batch is negative or above 1,000,000,000.00.");
		if (cs_add_overflow(l, paid[i], &l))
			return cs_fail(err, CS_ERR_OVERFLOW, "amount is out of range",
						   "Estimate fewer lines of the member at once.",
						   "The payments of the member's earlier lines of the batch add up beyond the range of cents.");
		if (dates[i] >= period_lo && dates[i] < period_hi)
			p += paid[i];		/* p <= l */
	}
	*period_paid = p;
	*lifetime_paid = l;
	return CS_OK;
}

cs_cob_method
cs_cob_method_for(bool stated, cs_cob_method stated_method, bool medicare, bool medicaid)
{
	if (stated)
		return stated_method;
	if (medicare)
		return CS_COB_MEDICARE_SECONDARY;
	if (medicaid)
		return CS_COB_MEDICAID;
	return CS_COB_STANDARD;
}

/* by claim id, line, then the latest version first */
static int
record_key_cmp(const void *a, const void *b)
{
	const cs_cob_record *x = a;
	const cs_cob_record *y = b;
	int			len = x->claim_len < y->claim_len ? x->claim_len : y->claim_len;
	int			c = memcmp(x->claim_id, y->claim_id, (size_t) len);

	if (c != 0)
		return c;
	if (x->claim_len != y->claim_len)
		return x->claim_len < y->claim_len ? -1 : 1;
	if (x->line_no != y->line_no)
		return x->line_no < y->line_no ? -1 : 1;
	if (x->version != y->version)
		return x->version > y->version ? -1 : 1;
	return 0;
}

/* by date of service; lines of one date by claim id and line (a stable, stated order) */
static int
record_date_cmp(const void *a, const void *b)
{
	const cs_cob_record *x = a;
	const cs_cob_record *y = b;

	if (x->service_date != y->service_date)
		return x->service_date < y->service_date ? -1 : 1;
	return record_key_cmp(a, b);
}

cs_status
cs_cob_reserve_on_record(cs_cob_record *recs, int n, cs_date period_lo, cs_date period_hi, cs_date date,
						 cs_cents *reserve, int *used, cs_error *err)
{
	int			kept = 0;
	cs_cents	r = 0;

	*reserve = 0;
	*used = 0;
	if (n <= 0)
		return CS_OK;
	/* the latest version of each line; then only the lines that count in the period up to the date */
	qsort(recs, (size_t) n, sizeof(cs_cob_record), record_key_cmp);
	for (int i = 0; i < n; i++)
	{
		cs_cob_record *x = &recs[i];

		if (i > 0 && recs[i - 1].line_no == x->line_no && recs[i - 1].claim_len == x->claim_len &&
			memcmp(recs[i - 1].claim_id, x->claim_id, (size_t) x->claim_len) == 0)
			continue;			/* an older version of the line before it */
		if (!x->counts || !x->recorded || x->service_date < period_lo || x->service_date >= period_hi ||
			x->service_date > date)
			continue;
		if (!money_ok(x->normal_benefit) || !money_ok(x->paid))
			return cs_fail(err, CS_ERR_RANGE, "amount is out of range",
						   "Post the later payer's normal benefit and payment of the claim line in dollars.",
						   "A recorded normal benefit or payment of a coordinated claim line is negative or above 1,000,000,000.00.");
		recs[kept++] = *x;		/* kept <= i: the kept lines move to the front */
	}
	if (kept > 1)
		qsort(recs, (size_t) kept, sizeof(cs_cob_record), record_date_cmp);
	for (int i = 0; i < kept; i++)
	{
		/* N2 - paid added, never below 0; each term is at most 10^11, so no overflow */
		r += recs[i].normal_benefit - recs[i].paid;
		if (r < 0)
			r = 0;
		if (r > CS_MONEY_MAX)
			return cs_fail(err, CS_ERR_OVERFLOW, "benefit reserve is out of range",
						   "Check the normal benefits recorded on the member's coordinated claim lines.",
						   "The benefit reserve would exceed 1,000,000,000.00.");
	}
	*reserve = r;
	*used = kept;
	return CS_OK;
}

cs_cents
cs_cob_reserve_start(bool carried, cs_date carried_date, cs_cents carried_reserve, cs_date period_lo,
					 cs_date period_hi, cs_date date, cs_cents on_record)
{
	if (carried && carried_date >= period_lo && carried_date < period_hi && carried_date <= date)
		return carried_reserve;
	return on_record;
}

cs_status
cs_cob_prior_next(const cs_cob_prior *prior, const cs_cob_result *r, cs_cob_prior *next, cs_error *err)
{
	cs_cents	off;
	cs_status	s;

	if ((s = cs_cob_prior_check(prior, err)) != CS_OK)
		return s;
	/* the coordination must be of this line: every dollar the patient owed after it accounted for */
	if (!money_ok(r->secondary_pays) || !money_ok(r->patient_pays) || !money_ok(r->written_off) ||
		r->secondary_pays + r->patient_pays + r->written_off != prior->patient_pays)
		return cs_fail(err, CS_ERR_INCONSISTENT, "coordination does not balance",
					   "Pass the coordination of this line as costshare.coordinate returned it.",
					   "secondary_pays + patient_pays + written_off must equal the earlier line's patient_pays.");
	off = r->written_off;
	next->balance_bill = prior->balance_bill - cs_min(off, prior->balance_bill);
	off -= prior->balance_bill - next->balance_bill;
	next->allowed = prior->allowed - off;	/* off <= patient_pays <= allowed + balance bill */
	next->plan_pays = prior->plan_pays + r->secondary_pays;
	next->patient_pays = r->patient_pays;
	return cs_cob_prior_check(next, err);
}

cs_cob_step
cs_cob_payer_step(int coverages, int rank, bool earlier_priced)
{
	if (rank < 2 || rank > CS_COB_LAST_RANK || coverages < rank)
		return CS_COB_STEP_NONE;
	if (rank == CS_COB_LAST_RANK)
		return CS_COB_STEP_NOT_PRICED;
	if (rank == 2)
		return earlier_priced ? CS_COB_STEP_COORDINATE : CS_COB_STEP_NONE;
	return earlier_priced ? CS_COB_STEP_COORDINATE : CS_COB_STEP_NOT_PRICED;
}

const char *
cs_cob_not_priced_reason(int rank)
{
	if (rank == 2)
		return "secondary_not_priced";
	if (rank == 3)
		return "third_payer_not_priced";
	return "fourth_payer_not_priced";
}

const char *
cs_cob_plan_max_reason(int rank)
{
	if (rank == 2)
		return "secondary_plan_maximum_reached";
	if (rank == 3)
		return "third_payer_plan_maximum_reached";
	return NULL;
}

bool
cs_cob_reserve_needed(const char *method, size_t len, bool period_known, bool family_known, bool plan_known)
{
	return len == 8 && memcmp(method, "standard", 8) == 0 && period_known && family_known && plan_known;
}
