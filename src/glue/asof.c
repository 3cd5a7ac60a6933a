/*
 * asof.c: the estimate over another table set (issue 14, as-of estimates).
 *
 * costshare.estimate_in_table_set(member, service_date, service_code, provider, place_of_service,
 * billed, tables regnamespace) is costshare.estimate reading its tables from the given namespace (the
 * session's temporary tables that costshare.estimate(..., as_of) fills with the rows as they stood).
 * Only the namespace of the tables changes: the lookups, the rules and the engine are the same code.
 */
#include "postgres.h"

#include "fmgr.h"

#include "cs_glue.h"

extern Datum costshare_estimate(PG_FUNCTION_ARGS);

PG_FUNCTION_INFO_V1(costshare_estimate_in_table_set);
Datum
costshare_estimate_in_table_set(PG_FUNCTION_ARGS)
{
	volatile Datum result = (Datum) 0;

	if (PG_ARGISNULL(6))
		ereport(ERROR,
				errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				errmsg("the table set must not be null"));
	cs_lookup_table_set(PG_GETARG_OID(6));
	PG_TRY();
	{
		/* the same arguments 0..5 and the same result type as costshare.estimate */
		result = costshare_estimate(fcinfo);
	}
	PG_FINALLY();
	{
		cs_lookup_table_set(InvalidOid);
	}
	PG_END_TRY();
	return result;
}
