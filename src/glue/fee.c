/*
 * fee.c — SQL functions of the Medicare fee schedule and the CMS file loaders' tokenizer:
 * costshare.medicare_fee() (the fee formula of src/engine/cs_fee.c), costshare.csv_rows() and
 * costshare.csv_records() (the CSV tokenizer of src/engine/cs_csv.c, as arrays of text).
 *
 * The glue only converts and reports: the formula, its rounding and the CSV rules are in the engine.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/tuplestore.h"

#include "cs_glue.h"
#include "../engine/cs_csv.h"
#include "../engine/cs_fee.h"

/* ---- costshare.medicare_fee -------------------------------------------------------------------- */

static int64
fee_arg(FunctionCallInfo fcinfo, int argno, const char *field)
{
	int64		micros = 0;
	cs_numeric_status st = cs_numeric_to_micros(PG_GETARG_DATUM(argno), &micros);

	if (st == CS_NUM_NOT_FINITE)
		ereport(ERROR,
				errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("fee schedule input must be a finite number"),
				errdetail("%s is not finite.", field),
				errhint("Give RVUs, GPCIs, the conversion factor and the percentage as plain numbers."));
	if (st == CS_NUM_TOO_LARGE)
		ereport(ERROR,
				errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("fee schedule input is out of range"),
				errdetail("%s is out of range.", field),
				errhint("Check the value: RVUs are at most 100000, GPCIs at most 10, the conversion factor at most 10000 and the percentage at most 10 (1000%%)."));
	if (st == CS_NUM_TOO_PRECISE)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("fee schedule input has more than six decimal places"),
				errdetail("%s is not a whole number of millionths.", field),
				errhint("CMS prints RVUs with 2 decimals, GPCIs with 3 and the conversion factor with 4; give the values as printed."));
	return micros;
}

/*
 * A percentage, exactly, in 10^-12 units (a product of shares may have more than six decimals): the
 * percent of medicare_fee, and the contract percent of medicare_price and medicare_allowed (lookup.c)
 */
int64
cs_fee_percent_units(Datum percent)
{
	int64		units = 0;
	Datum		scaled;
	cs_numeric_status st;

	/* numeric multiplication is exact: percent * 10^6 in millionths is percent in 10^-12 units */
	scaled = DirectFunctionCall2(numeric_mul, percent, NumericGetDatum(int64_to_numeric(1000000)));
	st = cs_numeric_to_micros(scaled, &units);
	if (st == CS_NUM_NOT_FINITE)
		ereport(ERROR,
				errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("fee schedule input must be a finite number"),
				errdetail("percent is not finite."),
				errhint("Give the share of the fee schedule amount as a fraction: 0.75 means 75%%."));
	if (st == CS_NUM_TOO_LARGE)
		ereport(ERROR,
				errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("fee schedule input is out of range"),
				errdetail("percent is out of range."),
				errhint("Give the share of the fee schedule amount as a fraction from 0 to 10: 0.75 means 75%%."));
	if (st == CS_NUM_TOO_PRECISE)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("percent has more than twelve decimal places"),
				errdetail("percent is not a whole number of 10^-12 units."),
				errhint("Round the share to at most twelve decimal places."));
	return units;
}

PG_FUNCTION_INFO_V1(costshare_medicare_fee);
Datum
costshare_medicare_fee(PG_FUNCTION_ARGS)
{
	cs_fee_input in;
	cs_cents	cents;
	cs_error	err;

	/* STRICT in SQL; checked again for direct calls */
	for (int i = 0; i < PG_NARGS(); i++)
		if (PG_ARGISNULL(i))
			PG_RETURN_NULL();

	cs_fee_init(&in);
	in.work_rvu = fee_arg(fcinfo, 0, "work_rvu");
	in.pe_rvu = fee_arg(fcinfo, 1, "pe_rvu");
	in.mp_rvu = fee_arg(fcinfo, 2, "mp_rvu");
	in.work_gpci = fee_arg(fcinfo, 3, "work_gpci");
	in.pe_gpci = fee_arg(fcinfo, 4, "pe_gpci");
	in.mp_gpci = fee_arg(fcinfo, 5, "mp_gpci");
	in.conversion_factor = fee_arg(fcinfo, 6, "conversion_factor");
	if (PG_NARGS() > 7)
		in.percent = cs_fee_percent_units(PG_GETARG_DATUM(7));

	if (cs_fee_compute(&in, &cents, &err) != CS_OK)
		cs_report(&err);
	PG_RETURN_DATUM(cs_cents_to_numeric(cents));
}

/* ---- costshare.csv_rows / costshare.csv_records ------------------------------------------------ */

/*
 * Tokenize the document and put one row per record into the function's tuplestore: the fields as a
 * text[], preceded by the record's first line number when with_line.
 */
static void
csv_materialize(FunctionCallInfo fcinfo, bool with_line)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *doc = PG_GETARG_TEXT_PP(0);
	MemoryContext rowcxt;
	MemoryContext old;
	cs_csv		reader;
	cs_csv_field field;
	cs_csv_token tok;
	cs_error	err;
	Datum	   *elems;
	int			nelems = 0;
	int			capacity = 64;

	InitMaterializedSRF(fcinfo, with_line ? 0 : MAT_SRF_USE_EXPECTED_DESC);

	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "costshare csv record", ALLOCSET_DEFAULT_SIZES);
	elems = palloc(sizeof(Datum) * capacity);
	cs_csv_init(&reader, VARDATA_ANY(doc), VARSIZE_ANY_EXHDR(doc));

	old = MemoryContextSwitchTo(rowcxt);
	while ((tok = cs_csv_next(&reader, &field, &err)) == CS_CSV_FIELD)
	{
		text	   *value = (text *) palloc(VARHDRSZ + field.len);

		SET_VARSIZE(value, VARHDRSZ + cs_csv_copy(&field, VARDATA(value)));
		if (nelems == capacity)
		{
			if (capacity >= (int) (MaxAllocSize / sizeof(Datum) / 2))
				ereport(ERROR,
						errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						errmsg("csv record has too many fields"),
						errdetail("The record starting on line %lld has more than %d fields.",
								  (long long) field.record_line, capacity),
						errhint("Check that the document is CSV with commas between fields."));
			capacity *= 2;
			elems = repalloc(elems, sizeof(Datum) * capacity);
		}
		elems[nelems++] = PointerGetDatum(value);

		if (field.last)
		{
			Datum		values[2];
			bool		nulls[2] = {false, false};
			ArrayType  *arr = construct_array(elems, nelems, TEXTOID, -1, false, TYPALIGN_INT);

			if (with_line)
			{
				values[0] = Int64GetDatum(field.record_line);
				values[1] = PointerGetDatum(arr);
			}
			else
				values[0] = PointerGetDatum(arr);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			MemoryContextReset(rowcxt);
			nelems = 0;
			CHECK_FOR_INTERRUPTS();
		}
	}
	MemoryContextSwitchTo(old);
	if (tok == CS_CSV_ERROR)
		cs_report(&err);
	MemoryContextDelete(rowcxt);
	pfree(elems);
}

PG_FUNCTION_INFO_V1(costshare_csv_rows);
Datum
costshare_csv_rows(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	csv_materialize(fcinfo, false);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(costshare_csv_records);
Datum
costshare_csv_records(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	csv_materialize(fcinfo, true);
	return (Datum) 0;
}
