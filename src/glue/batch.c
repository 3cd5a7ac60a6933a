/*
 * batch.c — costshare.appointment_problem: why costshare.estimate() would refuse one appointment, as a
 * SQLSTATE and a message instead of an error, so that costshare.estimate_many can answer every
 * appointment of a batch. The checks are the estimate's own, in its order (required arguments, a
 * finite date, a known place of service, an amount for billed); the money rules are the engine's
 * (cs_cents_from_micros). Whether the place of service is known is looked up by the caller (SQL).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/date.h"

#include "cs_glue.h"

static Datum
problem(FunctionCallInfo fcinfo, int sqlstate, const char *message)
{
	TupleDesc	desc;
	Datum		v[2];
	bool		n[2] = {false, false};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	desc = BlessTupleDesc(desc);
	v[0] = CStringGetTextDatum(unpack_sql_state(sqlstate));
	v[1] = CStringGetTextDatum(message);
	return HeapTupleGetDatum(heap_form_tuple(desc, v, n));
}

/*
 * costshare.appointment_problem(member_id text, service_date date, service_code text,
 *                               place_of_service_known boolean, billed numeric,
 *                               OUT sqlstate text, OUT message text)
 * NULL when costshare.estimate() would accept the appointment.
 */
PG_FUNCTION_INFO_V1(costshare_appointment_problem);
Datum
costshare_appointment_problem(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_DATUM(problem(fcinfo, ERRCODE_NULL_VALUE_NOT_ALLOWED,
								"member, service date and service code must not be null"));
	if (DATE_NOT_FINITE(PG_GETARG_DATEADT(1)))
		PG_RETURN_DATUM(problem(fcinfo, ERRCODE_INVALID_PARAMETER_VALUE, "service date must be a finite date"));
	if (PG_ARGISNULL(3) || !PG_GETARG_BOOL(3))
		PG_RETURN_DATUM(problem(fcinfo, ERRCODE_INVALID_PARAMETER_VALUE, "unknown place of service"));
	if (!PG_ARGISNULL(4))
	{
		cs_cents	cents;
		cs_error	err;

		if (cs_money_problem(PG_GETARG_DATUM(4), "billed", &cents, &err))
			PG_RETURN_DATUM(problem(fcinfo, cs_error_sqlstate(&err), psprintf("billed: %s", err.message)));
	}
	PG_RETURN_NULL();
}
