/*
 * parity.c — costshare.parity_decide(): the glue of the engine's MHPAEA determination (cs_parity.c).
 *
 * Converts four parallel arrays (MH/SUD flag, applies, level, spend weight) into engine items, levels
 * from numeric in the unit of the requirement type (dollars for copays and deductibles, a fraction for
 * coinsurance, a count for visit limits and prior authorization), and forms the result record. It
 * decides nothing.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "cs_glue.h"
#include "../engine/cs_parity.h"

#define PARITY_NATTS 8

/* one array argument, deconstructed; its length must be n (or sets n when n < 0) */
static void
parity_array(FunctionCallInfo fcinfo, int argno, Oid elemtype, const char *name,
			 Datum **elems, bool **nulls, int *n)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(argno);
	int16		typlen;
	bool		typbyval;
	char		typalign;
	int			count;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				errmsg("%s must be a one-dimensional array", name),
				errdetail("The array has %d dimensions.", ARR_NDIM(arr)),
				errhint("Pass one element per benefit."));
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	deconstruct_array(arr, elemtype, typlen, typbyval, typalign, elems, nulls, &count);
	if (*n >= 0 && count != *n)
		ereport(ERROR,
				errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				errmsg("parity arrays differ in length"),
				errdetail("%s has %d elements where mh_sud has %d.", name, count, *n),
				errhint("Pass one element per benefit in every array."));
	*n = count;
}

/* a level in the requirement type's unit -> engine units */
static int64
level_in(cs_parity_requirement req, Datum d)
{
	cs_error	err;
	int64		micros;

	switch (req)
	{
		case CS_PARITY_COPAY:
		case CS_PARITY_DEDUCTIBLE:
			return cs_arg_money(d, false, "level", false);
		case CS_PARITY_COINSURANCE:
			return cs_arg_rate(d, false, "level");
		default:
			if (cs_numeric_to_micros(d, &micros) != CS_NUM_OK || micros < 0 || micros % 1000000 != 0 ||
				cs_check_count(micros / 1000000, "level", &err) != CS_OK)
				ereport(ERROR,
						errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						errmsg("level must be a whole count"),
						errdetail("A visit limit or prior-authorization level is not a whole number from 0 to 1,000,000."),
						errhint("Give visit limits as visits per period and prior authorization as 1."));
			return micros / 1000000;
	}
}

/* an engine level -> numeric in the requirement type's unit */
static Datum
level_out(cs_parity_requirement req, int64 level)
{
	switch (req)
	{
		case CS_PARITY_COPAY:
		case CS_PARITY_DEDUCTIBLE:
			return cs_cents_to_numeric(level);
		case CS_PARITY_COINSURANCE:
			return cs_micros_to_numeric(level);
		default:
			return DirectFunctionCall1(int8_numeric, Int64GetDatum(level));
	}
}

PG_FUNCTION_INFO_V1(costshare_parity_decide);
Datum
costshare_parity_decide(PG_FUNCTION_ARGS)
{
	text	   *word = PG_GETARG_TEXT_PP(0);
	cs_parity_requirement req;
	Datum	   *mh,
			   *ap,
			   *lv,
			   *sp;
	bool	   *mhn,
			   *apn,
			   *lvn,
			   *spn;
	int			n = -1;
	cs_parity_item *items;
	cs_parity_result r;
	cs_error	err;
	TupleDesc	desc;
	Datum		v[PARITY_NATTS];
	bool		nl[PARITY_NATTS];

	if (!cs_parity_requirement_from_word(VARDATA_ANY(word), VARSIZE_ANY_EXHDR(word), &req))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("unknown requirement type"),
				errdetail("requirement accepts copay, coinsurance, deductible, visit_limit or prior_auth."),
				errhint("Use one of the accepted words, in lower case."));
	parity_array(fcinfo, 1, BOOLOID, "mh_sud", &mh, &mhn, &n);
	parity_array(fcinfo, 2, BOOLOID, "applies", &ap, &apn, &n);
	parity_array(fcinfo, 3, NUMERICOID, "level", &lv, &lvn, &n);
	parity_array(fcinfo, 4, NUMERICOID, "spend", &sp, &spn, &n);

	items = palloc0(sizeof(cs_parity_item) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		if (mhn[i])
			cs_report_null("mh_sud", "Say for every benefit whether it is a MH/SUD benefit.");
		items[i].mh_sud = DatumGetBool(mh[i]);
		/* a benefit without a level does not carry the requirement */
		items[i].applies = !apn[i] && DatumGetBool(ap[i]) && !lvn[i];
		/* a level given is checked even where the requirement does not apply (a NaN is never taken) */
		items[i].level = lvn[i] ? 0 : level_in(req, lv[i]);
		if (!items[i].applies)
			items[i].level = 0;
		items[i].spend = cs_arg_money(sp[i], spn[i], "spend", true);
		if (items[i].spend == CS_ABSENT)
			items[i].spend = 0;
	}
	if (cs_parity_decide(req, items, n, &r, &err) != CS_OK)
		cs_report(&err);

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE || desc->natts != PARITY_NATTS)
		ereport(ERROR,
				errcode(ERRCODE_DATATYPE_MISMATCH),
				errmsg("parity_decide must return its eight result columns"),
				errdetail("The function was declared with another result type."),
				errhint("Reinstall the extension's SQL."));
	desc = BlessTupleDesc(desc);
	memset(nl, 0, sizeof(nl));
	v[0] = CStringGetTextDatum(cs_parity_verdict_word(r.verdict));
	v[1] = CStringGetTextDatum(cs_parity_reason_word(r.reason));
	v[2] = cs_cents_to_numeric(r.med_surg_spend);
	v[3] = cs_cents_to_numeric(r.subject_spend);
	v[4] = BoolGetDatum(r.substantially_all);
	v[5] = r.has_predominant ? level_out(req, r.predominant_level) : (Datum) 0;
	nl[5] = !r.has_predominant;
	v[6] = BoolGetDatum(r.predominant_combined);
	nl[6] = !r.has_predominant;
	v[7] = r.has_mh_sud_level ? level_out(req, r.mh_sud_level) : (Datum) 0;
	nl[7] = !r.has_mh_sud_level;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, v, nl)));
}
