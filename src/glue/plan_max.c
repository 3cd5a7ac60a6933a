/*
 * plan_max.c — costshare.plan_maximum, the plan-paid maximum run down over one member's lines of one
 * plan and category (costshare.estimate_many), as a window aggregate.
 *
 * Each row is a line already adjudicated (a costshare.breakdown) with what was left of the benefit's
 * period and lifetime maximums before the set of lines (NULL: no such maximum). The state is what the
 * plan paid on the earlier lines of the set, in the current benefit period and in all; each line is
 * capped by the engine (cs_apply_plan_max) at what is left after them, and the capped payment joins
 * the running figures. The step does the work; the final function returns the latest line. Like
 * costshare.accumulate, frames that would give a row another row's result are refused.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "nodes/execnodes.h"
#include "nodes/parsenodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/rangetypes.h"
#include "utils/typcache.h"

#include "cs_glue.h"

/* breakdown attributes (0-based) the cap changes */
#define BD_NOT_COVERED	4
#define BD_PATIENT_PAYS	7
#define BD_PLAN_PAYS	8
#define BD_CODES		10

typedef struct plan_max_state
{
	bool		have_period;
	DateADT		period_key;		/* lower bound of the current line's benefit period */
	cs_cents	paid_period;	/* paid on the earlier lines of the set in that period */
	cs_cents	paid_lifetime;	/* paid on all earlier lines of the set */
	int64		pending;		/* lines since the last result */
	bool		last_null;
	Datum		last;			/* the latest line, capped (in the aggregate's context) */
} plan_max_state;

static void
check_frame(FunctionCallInfo fcinfo)
{
	cs_require_running_frame(fcinfo, "costshare.plan_maximum",
							 "Each line is capped after all of the member's earlier lines and gets its own result; this frame skips some of them.");
}

/* what is left of a maximum given before the set (NULL: none) after the set's earlier payments */
static cs_cents
left_after(FunctionCallInfo fcinfo, int argno, const char *field, cs_cents paid)
{
	cs_cents	before;

	if (PG_ARGISNULL(argno))
		return CS_ABSENT;
	before = cs_arg_money(PG_GETARG_DATUM(argno), false, field, false);
	return cs_plan_max_left(before, paid);
}

/* a line's amounts the cap changes, from its breakdown */
static void
read_line(HeapTupleHeader h, Datum *b, bool *bn, cs_result *r)
{
	cs_breakdown_deform(h, b, bn, "line");
	memset(r, 0, sizeof(*r));
	r->not_covered = cs_arg_money(b[BD_NOT_COVERED], bn[BD_NOT_COVERED], "not_covered", false);
	r->patient_pays = cs_arg_money(b[BD_PATIENT_PAYS], bn[BD_PATIENT_PAYS], "patient_pays", false);
	r->plan_pays = cs_arg_money(b[BD_PLAN_PAYS], bn[BD_PLAN_PAYS], "plan_pays", false);
}

static void
report_total_overflow(void)
{
	ereport(ERROR,
			errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			errmsg("plan-paid total is out of range"),
			errhint("Check the lines' amounts."));
}

/* the line as capped (r), a copy in the aggregate's context: the amounts, and code 119 when cut */
static Datum
store_line(MemoryContext aggcxt, HeapTupleHeader h, Datum *b, bool *bn, const cs_result *r)
{
	TupleDesc	bd = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(h), HeapTupleHeaderGetTypMod(h));
	MemoryContext old = MemoryContextSwitchTo(aggcxt);
	Datum		out;

	if (r->plan_max_excess > 0)
	{
		b[BD_NOT_COVERED] = cs_cents_to_numeric(r->not_covered);
		b[BD_PATIENT_PAYS] = cs_cents_to_numeric(r->patient_pays);
		b[BD_PLAN_PAYS] = cs_cents_to_numeric(r->plan_pays);
		/* 119 is the last adjustment code in order: appended unless the line has it already */
		if (!bn[BD_CODES])
		{
			ArrayType  *a = DatumGetArrayTypeP(b[BD_CODES]);
			Datum	   *e;
			bool	   *en;
			int			n;
			bool		has = false;
			Datum	   *codes;

			deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &e, &en, &n);
			for (int i = 0; i < n; i++)
				if (!en[i] && strcmp(TextDatumGetCString(e[i]), "119") == 0)
					has = true;
			if (!has)
			{
				codes = palloc(sizeof(Datum) * (n + 1));
				memcpy(codes, e, sizeof(Datum) * n);
				codes[n] = CStringGetTextDatum("119");
				b[BD_CODES] = PointerGetDatum(construct_array(codes, n + 1, TEXTOID, -1, false, TYPALIGN_INT));
			}
		}
	}
	out = heap_copy_tuple_as_datum(heap_form_tuple(bd, b, bn), bd);
	MemoryContextSwitchTo(old);
	ReleaseTupleDesc(bd);
	return out;
}

PG_FUNCTION_INFO_V1(costshare_plan_maximum_step);
Datum
costshare_plan_maximum_step(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	plan_max_state *st;
	HeapTupleHeader h;
	Datum		b[CS_BREAKDOWN_NATTS];
	bool		bn[CS_BREAKDOWN_NATTS];
	DateADT		key = DATEVAL_NOBEGIN;
	cs_result	r;
	cs_error	err;
	cs_cents	period_left,
				lifetime_left;

	if (AggCheckCallContext(fcinfo, &aggcxt) == 0)
		elog(ERROR, "costshare.plan_maximum_step called in non-aggregate context");
	if (PG_ARGISNULL(0))
	{
		check_frame(fcinfo);
		st = MemoryContextAllocZero(aggcxt, sizeof(plan_max_state));
		st->last_null = true;
	}
	else
		st = (plan_max_state *) PG_GETARG_POINTER(0);
	st->pending++;
	if (!st->last_null)
		pfree(DatumGetPointer(st->last));
	st->last_null = true;
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);	/* no line: nothing paid, nothing to cap */

	/* the line's benefit period: a new one starts the period's figure again */
	if (!PG_ARGISNULL(2))
	{
		RangeType  *pr = PG_GETARG_RANGE_P(2);
		TypeCacheEntry *tc = lookup_type_cache(RangeTypeGetOid(pr), TYPECACHE_RANGE_INFO);
		RangeBound	lo,
					hi;
		bool		empty;

		range_deserialize(tc, pr, &lo, &hi, &empty);
		if (!empty && !lo.infinite)
			key = DatumGetDateADT(lo.val);
	}
	if (!st->have_period || key != st->period_key)
	{
		st->have_period = true;
		st->period_key = key;
		st->paid_period = 0;
	}
	period_left = left_after(fcinfo, 3, "period_left", st->paid_period);
	lifetime_left = left_after(fcinfo, 4, "lifetime_left", st->paid_lifetime);

	h = PG_GETARG_HEAPTUPLEHEADER(1);
	read_line(h, b, bn, &r);
	if (cs_apply_plan_max(&r, period_left, lifetime_left, &err) != CS_OK)
		cs_report(&err);
	if (cs_add_overflow(st->paid_period, r.plan_pays, &st->paid_period) ||
		cs_add_overflow(st->paid_lifetime, r.plan_pays, &st->paid_lifetime))
		report_total_overflow();
	st->last = store_line(aggcxt, h, b, bn, &r);
	st->last_null = false;
	PG_RETURN_POINTER(st);
}

/*
 * The final function's answer, the last line entered (NULL: none); in a window, refused when more than
 * one line entered the frame since the last answer (they would all get the last one's result)
 */
static Datum
last_line(FunctionCallInfo fcinfo, const char *fn, bool in_window, int64 *pending, bool last_null, Datum last)
{
	if (in_window && *pending > 1)
		ereport(ERROR,
				errcode(ERRCODE_WINDOWING_ERROR),
				errmsg("%s needs one row per window position", fn),
				errdetail("%lld lines entered the window frame at once, so they would all get the last one's result.",
						  (long long) *pending),
				errhint("Make the window ORDER BY unique, e.g. ORDER BY service_date, line_id."));
	*pending = 0;
	if (last_null)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(last);
}

PG_FUNCTION_INFO_V1(costshare_plan_maximum_final);
Datum
costshare_plan_maximum_final(PG_FUNCTION_ARGS)
{
	plan_max_state *st;
	bool		in_window = fcinfo->context != NULL && IsA(fcinfo->context, WindowAggState);

	if (in_window)
		check_frame(fcinfo);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (plan_max_state *) PG_GETARG_POINTER(0);
	return last_line(fcinfo, "costshare.plan_maximum", in_window, &st->pending, st->last_null, st->last);
}

/*
 * costshare.plan_maximum_joint: a member's and the family's plan-paid maximums (those a 271 states, EB02
 * IND and FAM) run down together over the family's lines of one plan, OVER (PARTITION BY family, plan
 * ORDER BY service_date, line id). The state keeps every earlier line of the partition (its member,
 * date, category and what the plan paid on it after every cap); each line says which categories' lines
 * count toward which of its maximums (toward_categories, toward: estimate_271's plan_max_categories
 * and plan_max_toward; NULL: every earlier line counts toward all of them), and the engine
 * (cs_max_toward_of, cs_apply_plan_max_joint) caps it at the least of what its member and the family
 * have left after them, so a line the family's maximum cut counts toward its member's at what was paid.
 */
typedef struct joint_state
{
	int			n,
				cap;
	char	  **members;		/* each earlier line's member_id */
	char	  **categories;		/* its category (NULL: none) */
	cs_date    *dates;
	cs_cents   *paid;			/* what the plan paid on it, capped */
	int64		pending;
	bool		last_null;
	Datum		last;
} joint_state;

/*
 * The line's list of categories and the maximums their lines count toward (arguments 10 and 11), as
 * the engine reads it; false when both are NULL (every earlier line counts toward all four)
 */
static bool
joint_toward_list(FunctionCallInfo fcinfo, cs_name **cats, unsigned **bits, int *n)
{
	ArrayType  *ca,
			   *ba;
	Datum	   *cv,
			   *bv;
	bool	   *cn,
			   *bn;
	int			nc,
				nb;

	if (PG_ARGISNULL(10) && PG_ARGISNULL(11))
		return false;
	if (PG_ARGISNULL(10) || PG_ARGISNULL(11))
		ereport(ERROR,
				errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				errmsg("toward_categories and toward must be given together"),
				errdetail("%s is NULL and the other is not.", PG_ARGISNULL(10) ? "toward_categories" : "toward"),
				errhint("Pass both (estimate_271's plan_max_categories and plan_max_toward), or neither: then every earlier line counts toward every maximum."));
	ca = PG_GETARG_ARRAYTYPE_P(10);
	ba = PG_GETARG_ARRAYTYPE_P(11);
	if (ARR_NDIM(ca) > 1 || ARR_NDIM(ba) > 1)
		ereport(ERROR,
				errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				errmsg("toward_categories and toward must be one-dimensional arrays"),
				errhint("Pass estimate_271's plan_max_categories and plan_max_toward."));
	deconstruct_array(ca, TEXTOID, -1, false, TYPALIGN_INT, &cv, &cn, &nc);
	deconstruct_array(ba, INT4OID, 4, true, TYPALIGN_INT, &bv, &bn, &nb);
	if (nc != nb)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("toward_categories and toward must have the same length"),
				errdetail("toward_categories has %d elements, toward %d.", nc, nb),
				errhint("Pass estimate_271's plan_max_categories and plan_max_toward: one bit set for each category."));
	*cats = palloc(sizeof(cs_name) * (nc > 0 ? nc : 1));
	*bits = palloc(sizeof(unsigned) * (nc > 0 ? nc : 1));
	for (int i = 0; i < nc; i++)
	{
		int32		b;

		if (bn[i])
			cs_report_null("toward", "Each element of toward says which maximums the category's lines count toward (0 to 15).");
		b = DatumGetInt32(bv[i]);
		if (b < 0 || b > CS_MAX_TOWARD_ALL)
			ereport(ERROR,
					errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("toward must be 0 to 15"),
					errdetail("Element %d of toward is %d.", i + 1, b),
					errhint("The bits: 1 the member's period maximum, 2 her lifetime maximum, 4 the family's period maximum, 8 its lifetime maximum."));
		(*bits)[i] = (unsigned) b;
		if (cn[i])
			(*cats)[i] = (cs_name) {NULL, 0};
		else
		{
			text	   *t = DatumGetTextPP(cv[i]);

			(*cats)[i] = (cs_name) {VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)};
		}
	}
	*n = nc;
	return true;
}

static void
check_joint_frame(FunctionCallInfo fcinfo)
{
	cs_require_running_frame(fcinfo, "costshare.plan_maximum_joint",
							 "Each line is capped after all of the family's earlier lines and gets its own result; this frame skips some of them.");
}

PG_FUNCTION_INFO_V1(costshare_plan_maximum_joint_step);
Datum
costshare_plan_maximum_joint_step(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt,
				old;
	joint_state *st;
	HeapTupleHeader h;
	Datum		b[CS_BREAKDOWN_NATTS];
	bool		bn[CS_BREAKDOWN_NATTS];
	cs_date		lo = PG_INT32_MIN,
				hi = PG_INT32_MAX,
				date;
	char	   *member,
			   *category;
	bool	   *mine;
	unsigned   *toward = NULL,
			   *bits;
	cs_name    *cats;
	int			ncats;
	cs_result	r;
	cs_error	err;

	if (AggCheckCallContext(fcinfo, &aggcxt) == 0)
		elog(ERROR, "costshare.plan_maximum_joint_step called in non-aggregate context");
	if (PG_ARGISNULL(0))
	{
		check_joint_frame(fcinfo);
		st = MemoryContextAllocZero(aggcxt, sizeof(joint_state));
		st->last_null = true;
	}
	else
		st = (joint_state *) PG_GETARG_POINTER(0);
	st->pending++;
	if (!st->last_null)
		pfree(DatumGetPointer(st->last));
	st->last_null = true;
	if (PG_ARGISNULL(3))
		PG_RETURN_POINTER(st);	/* no line: nothing paid, nothing to cap */
	if (PG_ARGISNULL(1))
		cs_report_null("member_id", "Pass the member of each line; the member's own maximum counts the member's lines.");
	if (PG_ARGISNULL(2))
		cs_report_null("service_date", "Pass the date of service of each line; the period's maximum counts the lines of its period.");
	member = text_to_cstring(PG_GETARG_TEXT_PP(1));
	date = PG_GETARG_DATEADT(2);

	/* the line's benefit period (NULL, unbounded or empty: every earlier line counts, the lesser answer) */
	if (!PG_ARGISNULL(4))
	{
		RangeType  *pr = PG_GETARG_RANGE_P(4);
		TypeCacheEntry *tc = lookup_type_cache(RangeTypeGetOid(pr), TYPECACHE_RANGE_INFO);
		RangeBound	rlo,
					rhi;
		bool		empty;

		range_deserialize(tc, pr, &rlo, &rhi, &empty);
		if (!empty)
		{
			if (!rlo.infinite && !DATE_NOT_FINITE(DatumGetDateADT(rlo.val)))
				lo = DatumGetDateADT(rlo.val);
			if (!rhi.infinite && !DATE_NOT_FINITE(DatumGetDateADT(rhi.val)))
				hi = DatumGetDateADT(rhi.val);
		}
	}

	category = PG_ARGISNULL(9) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(9));
	mine = palloc(sizeof(bool) * (st->n + 1));
	for (int i = 0; i < st->n; i++)
		mine[i] = strcmp(st->members[i], member) == 0;
	/* which of this line's maximums each earlier line counts toward, by its category */
	if (joint_toward_list(fcinfo, &cats, &bits, &ncats))
	{
		toward = palloc(sizeof(unsigned) * (st->n + 1));
		for (int i = 0; i < st->n; i++)
			toward[i] = cs_max_toward_of(cats, bits, ncats,
										 st->categories[i] == NULL ? (cs_name) {NULL, 0} :
										 (cs_name) {st->categories[i], strlen(st->categories[i])});
	}

	h = PG_GETARG_HEAPTUPLEHEADER(3);
	read_line(h, b, bn, &r);
	if (cs_apply_plan_max_joint(&r, st->n, st->dates, mine, toward, st->paid, lo, hi, date,
								cs_arg_money(PG_GETARG_DATUM(5), PG_ARGISNULL(5), "period_left", true),
								cs_arg_money(PG_GETARG_DATUM(6), PG_ARGISNULL(6), "lifetime_left", true),
								cs_arg_money(PG_GETARG_DATUM(7), PG_ARGISNULL(7), "family_period_left", true),
								cs_arg_money(PG_GETARG_DATUM(8), PG_ARGISNULL(8), "family_lifetime_left", true),
								&err) != CS_OK)
		cs_report(&err);

	/* this line joins the earlier ones at what the plan pays on it */
	old = MemoryContextSwitchTo(aggcxt);
	if (st->n == st->cap)
	{
		st->cap = st->cap == 0 ? 8 : st->cap * 2;
		st->members = st->members ? repalloc(st->members, sizeof(char *) * st->cap) : palloc(sizeof(char *) * st->cap);
		st->categories = st->categories ? repalloc(st->categories, sizeof(char *) * st->cap) : palloc(sizeof(char *) * st->cap);
		st->dates = st->dates ? repalloc(st->dates, sizeof(cs_date) * st->cap) : palloc(sizeof(cs_date) * st->cap);
		st->paid = st->paid ? repalloc(st->paid, sizeof(cs_cents) * st->cap) : palloc(sizeof(cs_cents) * st->cap);
	}
	st->members[st->n] = pstrdup(member);
	st->categories[st->n] = category == NULL ? NULL : pstrdup(category);
	st->dates[st->n] = date;
	st->paid[st->n] = r.plan_pays;
	st->n++;
	MemoryContextSwitchTo(old);

	st->last = store_line(aggcxt, h, b, bn, &r);
	st->last_null = false;
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(costshare_plan_maximum_joint_final);
Datum
costshare_plan_maximum_joint_final(PG_FUNCTION_ARGS)
{
	joint_state *st;
	bool		in_window = fcinfo->context != NULL && IsA(fcinfo->context, WindowAggState);

	if (in_window)
		check_joint_frame(fcinfo);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (joint_state *) PG_GETARG_POINTER(0);
	return last_line(fcinfo, "costshare.plan_maximum_joint", in_window, &st->pending, st->last_null, st->last);
}
