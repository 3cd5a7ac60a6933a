/*
 * csvload.c — SQL functions of the practice CSV loaders: costshare.csv_cell_problem(),
 * costshare.csv_money() and costshare.fee_rollover(), over the rules of src/engine/cs_csvload.c.
 *
 * The glue only converts: cell kinds, money reading and the rollover decision are in the engine.
 */
#include "postgres.h"

#include "utils/builtins.h"
#include "utils/date.h"

#include "cs_glue.h"
#include "../engine/cs_csvload.h"

PG_FUNCTION_INFO_V1(costshare_csv_cell_problem);
Datum
costshare_csv_cell_problem(PG_FUNCTION_ARGS)
{
	text	   *kind;
	text	   *value;
	cs_cell_kind k;
	const char *problem;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	kind = PG_GETARG_TEXT_PP(0);
	value = PG_GETARG_TEXT_PP(1);
	if (!cs_cell_kind_from_word(VARDATA_ANY(kind), VARSIZE_ANY_EXHDR(kind), &k))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("unknown CSV cell kind"),
				errdetail("The kind is not one of text, money, date, count, boolean, percent, percent_medicare."),
				errhint("Name one of those kinds."));
	problem = cs_cell_problem(k, VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value), PG_GETARG_BOOL(2));
	if (problem == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(problem));
}

PG_FUNCTION_INFO_V1(costshare_csv_money);
Datum
costshare_csv_money(PG_FUNCTION_ARGS)
{
	text	   *value;
	cs_cents	cents;
	cs_error	err;
	const char *s;
	size_t		len;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	value = PG_GETARG_TEXT_PP(0);
	s = VARDATA_ANY(value);
	len = VARSIZE_ANY_EXHDR(value);
	while (len > 0 && (*s == ' ' || *s == '\t'))
	{
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0)
		PG_RETURN_NULL();		/* an empty cell: no amount */
	if (cs_cell_money(s, len, &cents, &err) != CS_OK)
		cs_report(&err);
	PG_RETURN_DATUM(cs_cents_to_numeric(cents));
}

PG_FUNCTION_INFO_V1(costshare_fee_rollover);
Datum
costshare_fee_rollover(PG_FUNCTION_ARGS)
{
	cs_roll		r;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(2))
		ereport(ERROR,
				errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				errmsg("fee rows need a start date"),
				errdetail("old_lower or new_lower is NULL."),
				errhint("Pass the first day of each row's range; a NULL upper bound means open-ended."));
	r = cs_fee_rollover(PG_GETARG_DATEADT(0), PG_ARGISNULL(1) ? 0 : PG_GETARG_DATEADT(1), PG_ARGISNULL(1),
						PG_GETARG_DATEADT(2), PG_ARGISNULL(3) ? 0 : PG_GETARG_DATEADT(3), PG_ARGISNULL(3));
	PG_RETURN_TEXT_P(cstring_to_text(cs_roll_word(r)));
}

PG_FUNCTION_INFO_V1(costshare_csv_boolean);
Datum
costshare_csv_boolean(PG_FUNCTION_ARGS)
{
	text	   *value;
	bool		b;
	const char *problem;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	value = PG_GETARG_TEXT_PP(0);
	problem = cs_cell_problem(CS_CELL_BOOL, VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value), true);
	if (problem != NULL && strcmp(problem, "required, and empty") == 0)
		PG_RETURN_NULL();		/* an empty cell: not stated */
	if (!cs_cell_bool(VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value), &b))
		ereport(ERROR,
				errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
				errmsg("not a boolean cell"),
				errdetail("The cell is not one of true/false, yes/no, y/n, t/f, 1/0."),
				errhint("Write true or false."));
	PG_RETURN_BOOL(b);
}
