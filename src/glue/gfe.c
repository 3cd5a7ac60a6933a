/*
 * gfe.c — SQL functions of the self-pay Good Faith Estimate: business days, the GFE's due date, the
 * price of a line, the total, the $400 dispute rule and the GFE's notices in a language
 * (src/engine/cs_gfe.c holds every rule; this file only converts and reports).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"

#include "cs_glue.h"
#include "../engine/cs_gfe.h"

/* Dates the business-day arithmetic accepts: 1900-01-01 .. 9999-12-31 */
static cs_date
gfe_date(FunctionCallInfo fcinfo, int argno, const char *field)
{
	DateADT		d;

	if (PG_ARGISNULL(argno))
		cs_report_null(field, "Pass a date, for example 2026-12-07.");
	d = PG_GETARG_DATEADT(argno);
	if (DATE_NOT_FINITE(d) || d < cs_date_from_ymd(1900, 1, 1) || d > cs_date_from_ymd(9999, 12, 31))
		ereport(ERROR,
				errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("%s is out of range", field),
				errdetail("Business days are computed for dates from 1900-01-01 to 9999-12-31."),
				errhint("Pass a finite calendar date."));
	return (cs_date) d;
}

PG_FUNCTION_INFO_V1(costshare_is_business_day);
Datum
costshare_is_business_day(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cs_business_day(gfe_date(fcinfo, 0, "day")));
}

PG_FUNCTION_INFO_V1(costshare_business_days_between);
Datum
costshare_business_days_between(PG_FUNCTION_ARGS)
{
	cs_date		from = gfe_date(fcinfo, 0, "from_day");
	cs_date		to = gfe_date(fcinfo, 1, "to_day");

	PG_RETURN_INT32((int32) cs_business_days_between(from, to));
}

PG_FUNCTION_INFO_V1(costshare_add_business_days);
Datum
costshare_add_business_days(PG_FUNCTION_ARGS)
{
	cs_date		d = gfe_date(fcinfo, 0, "day");
	int32		n = PG_GETARG_INT32(1);
	cs_date		r;

	if (n < 0 || n > 100000)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("business day count out of range"),
				errdetail("The count is %d; it must be from 0 to 100000.", n),
				errhint("Count forward from the day: 1 is the next business day."));
	r = cs_add_business_days(d, n);
	if (r > cs_date_from_ymd(9999, 12, 31))
		ereport(ERROR,
				errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("business day is out of range"),
				errdetail("The result is after 9999-12-31."));
	PG_RETURN_DATEADT((DateADT) r);
}

static Datum
make_row(FunctionCallInfo fcinfo, Datum *values, bool *nulls)
{
	TupleDesc	desc;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "function returning record called in context that cannot accept type record");
	desc = BlessTupleDesc(desc);
	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

PG_FUNCTION_INFO_V1(costshare_gfe_timing);
Datum
costshare_gfe_timing(PG_FUNCTION_ARGS)
{
	cs_date		scheduled = gfe_date(fcinfo, 0, "scheduled_on");
	bool		requested = PG_ARGISNULL(2) ? false : PG_GETARG_BOOL(2);
	/* a request may come before any service is scheduled: then the service date is not needed */
	cs_date		service = requested && PG_ARGISNULL(1) ? scheduled : gfe_date(fcinfo, 1, "service_on");
	cs_gfe_due	due;
	cs_error	err;
	Datum		v[3];
	bool		n[3] = {false, false, false};

	if (cs_gfe_due_date(scheduled, service, requested, &due, &err) != CS_OK)
		cs_report(&err);
	v[0] = CStringGetTextDatum(cs_gfe_rule_word(due.rule));
	v[1] = Int32GetDatum((int32) due.lead_days);
	v[2] = DateADTGetDatum((DateADT) due.due);
	n[2] = !due.required;
	PG_RETURN_DATUM(make_row(fcinfo, v, n));
}

PG_FUNCTION_INFO_V1(costshare_gfe_line);
Datum
costshare_gfe_line(PG_FUNCTION_ARGS)
{
	cs_cents	price = cs_arg_money(PG_GETARG_DATUM(0), PG_ARGISNULL(0), "price", false);
	int64		rate = cs_arg_rate(PG_GETARG_DATUM(1), PG_ARGISNULL(1), "discount_rate");
	cs_cents	fixed = cs_arg_money(PG_GETARG_DATUM(2), PG_ARGISNULL(2), "discount_amount", true);
	int64		count;
	cs_cents	unit,
				total;
	cs_error	err;
	Datum		v[2];
	bool		n[2] = {false, false};

	if (PG_ARGISNULL(3))
		cs_report_null("sessions", "Pass the number of planned sessions, for example 20.");
	count = PG_GETARG_INT32(3);
	if (cs_gfe_line(price, rate, fixed, count, &unit, &total, &err) != CS_OK)
		cs_report(&err);
	v[0] = cs_cents_to_numeric(unit);
	v[1] = cs_cents_to_numeric(total);
	PG_RETURN_DATUM(make_row(fcinfo, v, n));
}

PG_FUNCTION_INFO_V1(costshare_gfe_total);
Datum
costshare_gfe_total(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	cs_cents	total = 0;
	cs_error	err;

	deconstruct_array(a, NUMERICOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		cs_cents	c = cs_arg_money(elems[i], nulls[i], "line_total", false);

		if (cs_gfe_add(&total, c, &err) != CS_OK)
			cs_report(&err);
	}
	PG_RETURN_DATUM(cs_cents_to_numeric(total));
}

PG_FUNCTION_INFO_V1(costshare_gfe_dispute);
Datum
costshare_gfe_dispute(PG_FUNCTION_ARGS)
{
	cs_cents	estimated = cs_arg_money(PG_GETARG_DATUM(0), PG_ARGISNULL(0), "estimated", false);
	cs_cents	billed = cs_arg_money(PG_GETARG_DATUM(1), PG_ARGISNULL(1), "billed", false);
	bool		may;
	cs_cents	excess;
	cs_error	err;
	Datum		v[3];
	bool		n[3] = {false, false, false};

	if (cs_gfe_dispute(estimated, billed, &may, &excess, &err) != CS_OK)
		cs_report(&err);
	v[0] = BoolGetDatum(may);
	v[1] = cs_cents_to_numeric(excess);
	v[2] = cs_cents_to_numeric(CS_GFE_DISPUTE_CENTS);
	PG_RETURN_DATUM(make_row(fcinfo, v, n));
}

PG_FUNCTION_INFO_V1(costshare_gfe_notices);
Datum
costshare_gfe_notices(PG_FUNCTION_ARGS)
{
	static const char *const keys[CS_GFE_N_MSGS] = {
		"title", "right", "sessions", "total", "not_bill", "changes", "dispute", "keep"
	};
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const char *tag = NULL;
	size_t		tag_len = 0;
	cs_cents	total = cs_arg_money(PG_GETARG_DATUM(1), PG_ARGISNULL(1), "total", false);
	int64		sessions;
	cs_msg		msgs[CS_GFE_N_MSGS];
	int			n;
	cs_error	err;

	if (!PG_ARGISNULL(0))
		tag = cs_text_to_utf8(PG_GETARG_TEXT_PP(0), &tag_len);
	if (PG_ARGISNULL(2))
		cs_report_null("sessions", "Pass the number of planned sessions, for example 20.");
	sessions = PG_GETARG_INT32(2);
	if (cs_check_count(sessions, "sessions", &err) != CS_OK)
		cs_report(&err);

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	n = cs_gfe_messages(total, sessions, msgs);
	for (int i = 0; i < n; i++)
	{
		char		buf[2048];
		char		used[32];
		Datum		v[3];
		bool		nl[3] = {false, false, false};

		if (cs_explain_render(&msgs[i], 1, tag, tag_len, buf, sizeof(buf), used, sizeof(used), &err) != CS_OK)
			cs_report(&err);
		v[0] = CStringGetTextDatum(keys[i]);
		v[1] = PointerGetDatum(cs_text_from_utf8(buf, strlen(buf), "the notice"));
		v[2] = CStringGetTextDatum(used);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nl);
	}
	PG_RETURN_NULL();
}
