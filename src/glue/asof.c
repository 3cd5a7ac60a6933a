/*
 * asof.c: the estimate over another table set (issue 14, as-of estimates).
 *
 * costshare.estimate_in_table_set(member, service_date, service_code, provider, place_of_service,
 * billed, tables oid, nsa_protected) is costshare.estimate reading its tables from the given namespace
 * (the session's temporary tables that costshare.estimate(..., as_of) fills with the rows as they
 * stood). Only the namespace of the tables changes: the lookups, the rules and the engine are the same
 * code (cs_estimate_line, with the flag passed explicitly: argument 6 here is the namespace's OID).
 */
#include "postgres.h"

#include "fmgr.h"

#include "cs_glue.h"

PG_FUNCTION_INFO_V1(costshare_estimate_in_table_set);
Datum
costshare_estimate_in_table_set(PG_FUNCTION_ARGS)
{
	volatile Datum result = (Datum) 0;
	volatile bool nsa_protected = false;

	if (PG_ARGISNULL(6))
		ereport(ERROR,
				errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				errmsg("the table set must not be null"));
	/* the flag: argument 7 (a declaration without it, from before the flag, gives false) */
	if (PG_NARGS() > 7)
	{
		if (PG_ARGISNULL(7))
			ereport(ERROR,
					errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					errmsg("nsa_protected must not be null"));
		nsa_protected = PG_GETARG_BOOL(7);
	}
	cs_lookup_table_set(PG_GETARG_OID(6));
	PG_TRY();
	{
		/* the same arguments 0..5 and the same result type as costshare.estimate */
		result = cs_estimate_line(fcinfo, nsa_protected);
	}
	PG_FINALLY();
	{
		cs_lookup_table_set(InvalidOid);
	}
	PG_END_TRY();
	return result;
}
