/*
 * functions.c — the pure SQL functions: costshare.terms(), costshare.accum(), costshare.adjudicate(),
 * costshare.benefit_period(). Each converts its arguments, calls the engine and converts back.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/date.h"
#include "utils/rangetypes.h"
#include "utils/typcache.h"

#include "cs_glue.h"

PG_MODULE_MAGIC;

void		cs_validate_terms_values(Datum *values, bool *nulls);
void		cs_validate_accum_values(Datum *values, bool *nulls);

/* Build the function's composite result from its arguments, in declaration order */
static Datum
row_from_args(FunctionCallInfo fcinfo, int natts, void (*validate) (Datum *, bool *))
{
	cs_fn_cache *cache = cs_get_cache(fcinfo);
	Datum		values[CS_TERMS_NATTS];
	bool		nulls[CS_TERMS_NATTS];

	TupleDesc	desc;

	Assert(natts <= CS_TERMS_NATTS);
	desc = cs_result_desc(fcinfo, cache);
	if (desc->natts != natts || PG_NARGS() != natts)
		elog(ERROR, "costshare: constructor and type disagree (%d fields, %d arguments)",
			 desc->natts, PG_NARGS());
	for (int i = 0; i < natts; i++)
	{
		nulls[i] = PG_ARGISNULL(i);
		values[i] = nulls[i] ? (Datum) 0 : PG_GETARG_DATUM(i);
	}
	validate(values, nulls);
	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

PG_FUNCTION_INFO_V1(costshare_terms_make);
Datum
costshare_terms_make(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(row_from_args(fcinfo, CS_TERMS_NATTS, cs_validate_terms_values));
}

PG_FUNCTION_INFO_V1(costshare_accum_make);
Datum
costshare_accum_make(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(row_from_args(fcinfo, CS_ACCUM_NATTS, cs_validate_accum_values));
}

/*
 * adjudicate(allowed, terms, acc, billed) from SQL datums: converted, checked and run through the engine
 * (raises on bad input). costshare.adjudicate and costshare.estimate both call it.
 */
void
cs_adjudicate_datums(cs_fn_cache *cache, Datum allowed_d, bool allowed_null, Datum terms_d, bool terms_null,
					 Datum acc_d, bool acc_null, Datum billed_d, bool billed_null, cs_result *result)
{
	cs_cents	allowed;
	cs_cents	billed;
	const cs_terms *terms;
	cs_accum	acc = {0};
	cs_error	err;

	allowed = cs_arg_money(allowed_d, allowed_null, "allowed", false);
	if (terms_null)
		cs_report_null("terms", "Pass the benefit's terms, e.g. costshare.terms(copay => 30).");
	terms = cs_decode_terms(cache, terms_d);
	if (!acc_null)
		cs_decode_accum(cache, acc_d, &acc);
	billed = cs_arg_money(billed_d, billed_null, "billed", true);

	if (cs_adjudicate(allowed, terms, &acc, billed, false, result, &err) != CS_OK)
		cs_report(&err);
}

PG_FUNCTION_INFO_V1(costshare_adjudicate);
Datum
costshare_adjudicate(PG_FUNCTION_ARGS)
{
	cs_fn_cache *cache = cs_get_cache(fcinfo);
	cs_result	result;

	cs_adjudicate_datums(cache, PG_GETARG_DATUM(0), PG_ARGISNULL(0), PG_GETARG_DATUM(1), PG_ARGISNULL(1),
						 PG_GETARG_DATUM(2), PG_ARGISNULL(2), PG_GETARG_DATUM(3), PG_ARGISNULL(3), &result);
	PG_RETURN_DATUM(cs_make_breakdown(fcinfo, cache, &result));
}

PG_FUNCTION_INFO_V1(costshare_benefit_period);
Datum
costshare_benefit_period(PG_FUNCTION_ARGS)
{
	DateADT		d;
	int			month = 1,
				day = 1;
	cs_date		start,
				next;
	TypeCacheEntry *typcache;
	RangeBound	lower,
				upper;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	d = PG_GETARG_DATEADT(0);
	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("service date must be a finite date"),
				errdetail("The service date is infinity or -infinity."),
				errhint("Give the date of service."));
	if (!PG_ARGISNULL(1))
		cs_period_of_date(PG_GETARG_DATEADT(1), &month, &day);
	start = cs_period_start((cs_date) d, month, day, &next);
	if (!IS_VALID_DATE(start) || !IS_VALID_DATE(next))
		ereport(ERROR,
				errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("benefit period is out of the date range"),
				errdetail("The period containing this date starts or ends outside the dates PostgreSQL can store."),
				errhint("Use a service date between 4713 BC and 5874896 AD."));

	typcache = lookup_type_cache(DATERANGEOID, TYPECACHE_RANGE_INFO);
	lower.val = DateADTGetDatum((DateADT) start);
	lower.infinite = false;
	lower.inclusive = true;
	lower.lower = true;
	upper.val = DateADTGetDatum((DateADT) next);
	upper.infinite = false;
	upper.inclusive = false;
	upper.lower = false;
	PG_RETURN_RANGE_P(range_serialize(typcache, &lower, &upper, false));
}
