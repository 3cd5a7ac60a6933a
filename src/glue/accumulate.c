/*
 * accumulate.c — costshare.accumulate, the order-aware aggregate used as a window function.
 *
 * The state is the engine's cs_family, allocated in the aggregate's memory context (released by the
 * executor at the end of each window partition) plus the breakdown of the latest line, which the
 * final function returns. Because results depend on order, the aggregate refuses frames that would
 * silently give wrong answers: a frame that does not start at the partition's first row, and peer
 * rows that the executor aggregates together before asking for a result (an ORDER BY with ties under
 * the default RANGE frame, or a frame reaching past the current row), a frame that does not end at
 * the current row, and rows that skip the aggregate (FILTER).
 */
#include "postgres.h"

#include "nodes/execnodes.h"
#include "nodes/parsenodes.h"
#include "utils/date.h"

#include "cs_glue.h"

typedef struct accumulate_state
{
	cs_family  *family;
	cs_result	last;
	bool		in_window;
	int64		pending;		/* lines aggregated since the last result */
	cs_fn_cache *cache;			/* the transition function's cache (terms) */
} accumulate_state;

static void *
agg_alloc(void *ctx, size_t size)
{
	return MemoryContextAllocZero((MemoryContext) ctx, size);
}

static void
agg_release(void *ctx, void *ptr)
{
	pfree(ptr);
}

void
cs_require_running_frame(FunctionCallInfo fcinfo, const char *fn, const char *detail)
{
	WindowAggState *w;

	if (fcinfo->context == NULL || !IsA(fcinfo->context, WindowAggState))
		return;
	w = (WindowAggState *) fcinfo->context;
	if (!(w->frameOptions & FRAMEOPTION_START_UNBOUNDED_PRECEDING) ||
		!(w->frameOptions & FRAMEOPTION_END_CURRENT_ROW) ||
		(w->frameOptions & FRAMEOPTION_EXCLUSION))
		ereport(ERROR,
				errcode(ERRCODE_WINDOWING_ERROR),
				errmsg("%s needs a frame from the first row of the partition to the current row", fn),
				errdetail("%s", detail),
				errhint("Use the default frame, or ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW, without EXCLUDE."));
}

/*
 * In a window, the frame must run from the partition's first row to the current row, excluding
 * nothing: otherwise some rows would be adjudicated without the lines before them, or be given
 * another line's result.
 */
static void
check_frame(FunctionCallInfo fcinfo)
{
	cs_require_running_frame(fcinfo, "costshare.accumulate",
							 "Each row is adjudicated after all of the family's earlier lines and gets its own line's result; this frame skips some of them.");
}

static void
report_skipped_row(void)
{
	ereport(ERROR,
			errcode(ERRCODE_WINDOWING_ERROR),
			errmsg("costshare.accumulate needs every row of the window to be a line"),
			errdetail("A row reached the result without entering the aggregate, as with a FILTER clause."),
			errhint("Filter the lines in a subquery or WHERE clause instead of FILTER."));
}

PG_FUNCTION_INFO_V1(costshare_accumulate_step);
Datum
costshare_accumulate_step(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	accumulate_state *st;
	text	   *member;
	DateADT		date;
	cs_cents	allowed,
				billed = CS_ABSENT;
	const cs_terms *terms;
	cs_accum	opening;
	bool		has_opening = false;
	cs_error	err;
	int			kind = AggCheckCallContext(fcinfo, &aggcxt);

	if (kind == 0)
		elog(ERROR, "costshare.accumulate_step called in non-aggregate context");

	if (PG_ARGISNULL(0))
	{
		cs_alloc	alloc = {agg_alloc, agg_release, aggcxt};

		check_frame(fcinfo);
		st = MemoryContextAllocZero(aggcxt, sizeof(accumulate_state));
		st->family = cs_family_new(&alloc);
		st->in_window = (kind == AGG_CONTEXT_WINDOW);
	}
	else
		st = (accumulate_state *) PG_GETARG_POINTER(0);
	st->cache = cs_get_cache(fcinfo);

	if (PG_ARGISNULL(1))
		cs_report_null("member", "Pass the member's key (any text that identifies the person within the family).");
	if (PG_ARGISNULL(2))
		cs_report_null("service_date", "Pass the date of service of each line.");
	if (PG_ARGISNULL(4))
		cs_report_null("terms", "Pass the benefit's terms, e.g. costshare.terms(copay => 30).");
	member = PG_GETARG_TEXT_PP(1);
	date = PG_GETARG_DATEADT(2);
	if (DATE_NOT_FINITE(date))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("service date must be a finite date"),
				errdetail("A line's service date is infinity or -infinity."),
				errhint("Give the date of service of each line."));
	allowed = cs_arg_money(PG_GETARG_DATUM(3), PG_ARGISNULL(3), "allowed", false);
	terms = cs_decode_terms(st->cache, PG_GETARG_DATUM(4));
	if (PG_NARGS() > 5 && !PG_ARGISNULL(5))
	{
		cs_decode_accum(st->cache, PG_GETARG_DATUM(5), &opening);
		has_opening = true;
	}
	if (PG_NARGS() > 6)
		billed = cs_arg_money(PG_GETARG_DATUM(6), PG_ARGISNULL(6), "billed", true);

	if (cs_family_line(st->family, VARDATA_ANY(member), VARSIZE_ANY_EXHDR(member), (cs_date) date,
					   allowed, billed, terms, has_opening ? &opening : NULL, &st->last, &err) != CS_OK)
		cs_report(&err);
	st->pending++;
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(costshare_accumulate_final);
Datum
costshare_accumulate_final(PG_FUNCTION_ARGS)
{
	accumulate_state *st;
	bool		in_window = fcinfo->context != NULL && IsA(fcinfo->context, WindowAggState);

	if (in_window)
		check_frame(fcinfo);	/* an empty first frame never reaches the transition function */
	if (PG_ARGISNULL(0))
	{
		if (in_window)
			report_skipped_row();
		PG_RETURN_NULL();		/* a plain aggregate over no rows */
	}
	st = (accumulate_state *) PG_GETARG_POINTER(0);
	if (in_window && st->pending == 0)
		report_skipped_row();
	if (in_window && st->pending > 1)
		ereport(ERROR,
				errcode(ERRCODE_WINDOWING_ERROR),
				errmsg("costshare.accumulate needs one row per window position"),
				errdetail("%lld lines entered the window frame at once, so they would all get the last one's result.",
						  (long long) st->pending),
				errhint("Make the window ORDER BY unique, e.g. ORDER BY service_date, line_id."));
	st->pending = 0;			/* bookkeeping only: the accumulators are not touched */
	PG_RETURN_DATUM(cs_make_breakdown(fcinfo, cs_get_cache(fcinfo), &st->last));
}
