/*
 * amounts.c — amounts, rates and counts on their way into and out of the extension's tables.
 *
 * Into: costshare.check_amounts(), a BEFORE ROW trigger on every table with money, rate or count
 * columns, applies the engine's rules to each column named in its arguments (the same rules as the
 * functions' arguments: whole cents, 0 to 1000000000.00, rates 0 to 1 to six decimals, counts 0 to
 * 1000000, never NaN or infinity) and stores money with two decimals and rates with six. It refuses a
 * row naming the column and table only: never a value of the row (member ids).
 *
 * Out of: a value stored before these rules (or with the trigger disabled) is reported where the glue
 * reads it, naming the table, the column and the row's key (never a member id), instead of failing
 * deep in the engine.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/rel.h"

#include "cs_glue.h"

/* ---- costshare.check_amounts() ------------------------------------------------------------------ */

#define CA_MAX_COLS 16

typedef enum ca_kind
{
	CA_MONEY,					/* whole cents, 0..1000000000.00: stored with two decimals */
	CA_RATE,					/* 0..1, at most six decimals: stored with six decimals */
	CA_COUNT,					/* integer 0..1000000 */
	CA_QUANTITY,				/* numeric 0..1000000, at most six decimals */
	CA_FACTOR					/* a multiplier of a fee schedule: above 0, at most 10, six decimals */
} ca_kind;

static ca_kind
ca_parse_kind(const char *arg, const char **column)
{
	static const struct
	{
		const char *word;
		ca_kind		kind;
	}			kinds[] = {
		{"money", CA_MONEY}, {"rate", CA_RATE}, {"count", CA_COUNT}, {"quantity", CA_QUANTITY},
		{"factor", CA_FACTOR}
	};
	const char *colon = strchr(arg, ':');

	if (colon != NULL)
		for (int i = 0; i < lengthof(kinds); i++)
			if (strlen(kinds[i].word) == (size_t) (colon - arg) &&
				strncmp(arg, kinds[i].word, colon - arg) == 0)
			{
				*column = colon + 1;
				return kinds[i].kind;
			}
	ereport(ERROR,
			errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			errmsg("costshare.check_amounts() argument is not kind:column"),
			errdetail("The trigger argument \"%s\" is not money:, rate:, count:, quantity: or factor: and a column name.", arg),
			errhint("Declare the trigger as in costshare's scripts."));
	pg_unreachable();
}

static void
ca_range(const char *message, const char *hint, const char *field, const char *what)
{
	ereport(ERROR,
			errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			errmsg("%s", message),
			errdetail("%s is %s.", field, what),
			errhint("%s", hint));
}

/* a numeric quantity (micros) within 0..max (exclusive of 0 when positive) */
static void
ca_micros(Datum d, const char *field, int64 max_micros, bool positive, const char *message, const char *hint)
{
	int64		micros;
	cs_numeric_status st = cs_numeric_to_micros(d, &micros);

	if (st == CS_NUM_NOT_FINITE)
		ca_range(message, hint, field, numeric_is_nan(DatumGetNumeric(d)) ? "NaN" : "infinite");
	if (st == CS_NUM_TOO_LARGE)
		ca_range(message, hint, field, "out of range");
	if (st == CS_NUM_TOO_PRECISE)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("value has more than six decimal places"),
				errdetail("%s is not a whole number of millionths.", field),
				errhint("%s", hint));
	if (micros < 0 || (positive && micros == 0) || micros > max_micros)
		ca_range(message, hint, field, "out of range");
}

PG_FUNCTION_INFO_V1(costshare_check_amounts);
Datum
costshare_check_amounts(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Trigger    *tg;
	HeapTuple	tup;
	TupleDesc	desc;
	const char *table;
	int			cols[CA_MAX_COLS];
	Datum		vals[CA_MAX_COLS];
	bool		nulls[CA_MAX_COLS];
	int			nrepl = 0;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(td->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(td->tg_event) || TRIGGER_FIRED_BY_DELETE(td->tg_event))
		ereport(ERROR,
				errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				errmsg("costshare.check_amounts() must be a BEFORE INSERT OR UPDATE row trigger"));
	tg = td->tg_trigger;
	if (tg->tgnargs > CA_MAX_COLS)
		elog(ERROR, "costshare.check_amounts() takes at most %d columns", CA_MAX_COLS);
	tup = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	desc = RelationGetDescr(td->tg_relation);
	table = RelationGetRelationName(td->tg_relation);

	for (int i = 0; i < tg->tgnargs; i++)
	{
		const char *column;
		ca_kind		kind = ca_parse_kind(tg->tgargs[i], &column);
		int			attnum = SPI_fnumber(desc, column);
		bool		isnull;
		Datum		d;
		char		field[NAMEDATALEN * 2 + 40];

		if (attnum <= 0)
			elog(ERROR, "costshare.check_amounts(): table %s has no column \"%s\"", table, column);
		/* the column is of the type the kind reads, or a domain over it (a trigger may be put on any table) */
		if (TupleDescAttr(desc, attnum - 1)->atttypid != (kind == CA_COUNT ? INT4OID : NUMERICOID) &&
			getBaseType(TupleDescAttr(desc, attnum - 1)->atttypid) != (kind == CA_COUNT ? INT4OID : NUMERICOID))
			ereport(ERROR,
					errcode(ERRCODE_DATATYPE_MISMATCH),
					errmsg("costshare.check_amounts(): column \"%s\" of table %s is not %s", column, table,
						   kind == CA_COUNT ? "integer" : "numeric"),
					errdetail("The trigger argument \"%s\" checks a column of that type only.", tg->tgargs[i]),
					errhint("Check a column of that type, or drop the trigger."));
		d = heap_getattr(tup, attnum, desc, &isnull);
		if (isnull)
			continue;
		snprintf(field, sizeof(field), "Column %s of costshare.%s", column, table);
		switch (kind)
		{
			case CA_MONEY:
				cols[nrepl] = attnum;
				vals[nrepl] = cs_cents_to_numeric(cs_arg_money(d, false, field, false));
				nulls[nrepl++] = false;
				break;
			case CA_RATE:
				cols[nrepl] = attnum;
				vals[nrepl] = cs_micros_to_numeric(cs_arg_rate(d, false, field));
				nulls[nrepl++] = false;
				break;
			case CA_COUNT:
				(void) cs_arg_count(d, false, field, 0);
				break;
			case CA_QUANTITY:
				ca_micros(d, field, INT64CONST(1000000000000), false, "quantity is out of range",
						  "Quantities (visits, days, units) are from 0 to 1000000.");
				break;
			case CA_FACTOR:
				ca_micros(d, field, INT64CONST(10000000), true, "percentage is out of range",
						  "A percentage of the Medicare fee is above 0 and at most 10 (1000%): 1.1 means 110%.");
				break;
		}
	}
	if (nrepl > 0)
		tup = heap_modify_tuple_by_cols(tup, desc, nrepl, cols, vals, nulls);
	return PointerGetDatum(tup);
}

/* ---- values already stored ---------------------------------------------------------------------- */

const char *
cs_stored_money_problem(Datum d, int64 *cents)
{
	int64		micros;
	cs_error	err;

	switch (cs_numeric_to_micros(d, &micros))
	{
		case CS_NUM_NOT_FINITE:
			return numeric_is_nan(DatumGetNumeric(d)) ? "NaN" : "infinite";
		case CS_NUM_TOO_LARGE:
			return "above 1000000000.00";
		case CS_NUM_TOO_PRECISE:
			return "not a whole number of cents";
		case CS_NUM_OK:
			break;
	}
	/* the engine's rule; only the words for the detail are chosen here */
	if (cs_cents_from_micros(micros, "", cents, &err) == CS_OK)
		return NULL;
	if (err.status == CS_ERR_PRECISION)
		return "not a whole number of cents";
	return micros < 0 ? "negative" : "above 1000000000.00";
}

const char *
cs_stored_rate_problem(Datum d)
{
	int64		micros;
	cs_error	err;

	switch (cs_numeric_to_micros(d, &micros))
	{
		case CS_NUM_NOT_FINITE:
			return numeric_is_nan(DatumGetNumeric(d)) ? "NaN" : "infinite";
		case CS_NUM_TOO_LARGE:
			return "outside 0..1";
		case CS_NUM_TOO_PRECISE:
			return "given to more than six decimal places";
		case CS_NUM_OK:
			break;
	}
	return cs_rate_from_micros(micros, "", &micros, &err) == CS_OK ? NULL : "outside 0..1";
}

const char *
cs_stored_count_problem(int64 v)
{
	cs_error	err;

	return cs_check_count(v, "", &err) == CS_OK ? NULL : "outside 0..1000000";
}

void
cs_report_stored(const char *table, const char *column, const char *key, const char *problem)
{
	bool		fraction = strncmp(problem, "not a whole", 11) == 0 || strncmp(problem, "given to", 8) == 0;

	ereport(ERROR,
			errcode(fraction ? ERRCODE_INVALID_PARAMETER_VALUE : ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			errmsg(fraction ? "stored amount is not exact" : "stored amount out of range"),
			errdetail("Column \"%s\" of costshare.%s row with %s is %s.", column, table, key, problem),
			strcmp(table, "accumulator_ledger") == 0 ?
			errhint("Post a corrected version of the claim line (or a reversal): the latest version counts. costshare.check_stored_amounts() lists every such row.") :
			errhint("Correct the row (a snapshot: or load a later one). costshare.check_stored_amounts() lists every such row."));
	pg_unreachable();
}
