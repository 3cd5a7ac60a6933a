/*
 * explain.c — SQL wrappers of the explanation engine (cs_explain.h): costshare.explain() for an
 * estimate (costshare.estimate_result) and for one line (costshare.breakdown), and
 * costshare.explain_locale(). Converts composites to cs_explain_facts and reports errors; the
 * choice of sentences, the locale fallback and the formatting are the engine's.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#include "cs_glue.h"
#include "../engine/cs_explain.h"

#define ESTIMATE_NATTS 36		/* costshare.estimate_result (1.1's 20, part 81's 10, part 89's allowed_lines, part 90's plan_max_left, part 91's third payer 4); the first 20 are read here */
#define EXPLAIN_TEXT_MAX 4096

/* A composite argument -> values/nulls (no caching: the type cache makes the lookup cheap) */
static void
deform(Datum composite, int natts, const char *type_name, const char *what, Datum *values, bool *nulls)
{
	HeapTupleHeader th = DatumGetHeapTupleHeader(composite);
	TupleDesc	desc = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(th), HeapTupleHeaderGetTypMod(th));
	HeapTupleData tuple;

	if (desc->natts != natts)
	{
		int			found = desc->natts;

		ReleaseTupleDesc(desc);
		ereport(ERROR,
				errcode(ERRCODE_DATATYPE_MISMATCH),
				errmsg("%s has an unexpected number of fields", type_name),
				errdetail("Expected %d fields, found %d.", natts, found),
				errhint("Reinstall or update the costshare extension."));
	}
	tuple.t_len = HeapTupleHeaderGetDatumLength(th);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = th;
	heap_deform_tuple(&tuple, desc, values, nulls);
	cs_check_money_fields(desc, values, nulls, what);
	ReleaseTupleDesc(desc);
}

/* text[] -> the OR of bit(word) over its non-NULL elements */
static unsigned
word_bits(Datum array, bool isnull, unsigned (*bit) (const char *, size_t))
{
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *enulls;
	int			n;
	unsigned	bits = 0;

	if (isnull)
		return 0;
	arr = DatumGetArrayTypeP(array);
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &enulls, &n);
	for (int i = 0; i < n; i++)
	{
		text	   *t;

		if (enulls[i])
			continue;
		t = DatumGetTextPP(elems[i]);
		bits |= bit(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
	}
	return bits;
}

/* Renders the facts in the locale argument and returns the text */
static Datum
explain_facts(FunctionCallInfo fcinfo, cs_explain_facts *f, int locale_arg, int terms_arg)
{
	char		buf[EXPLAIN_TEXT_MAX];
	char		used[32];
	const char *tag = NULL;
	size_t		tag_len = 0;
	cs_error	err;

	if (!PG_ARGISNULL(terms_arg))
		f->terms = cs_decode_terms(cs_get_cache(fcinfo), PG_GETARG_DATUM(terms_arg));
	if (!PG_ARGISNULL(locale_arg))
	{
		tag = cs_text_to_utf8(PG_GETARG_TEXT_PP(locale_arg), &tag_len);
	}
	if (cs_explain(f, tag, tag_len, buf, sizeof(buf), used, sizeof(used), &err) != CS_OK)
		cs_report(&err);
	/* the engine writes UTF-8 (ICU): the database may use another encoding */
	PG_RETURN_TEXT_P(cs_text_from_utf8(buf, strlen(buf), "the explanation"));
}

/* The amounts of a line: NULL patient_pays means the line was not priced */
static void
line_amounts(cs_explain_facts *f, const Datum *v, const bool *n, int allowed, int copay, int deductible,
			 int coinsurance, int not_covered, int balance_bill, int patient_pays, int plan_pays,
			 int oop_capped)
{
	f->priced = !n[patient_pays];
	if (!f->priced)
		return;
	f->allowed = cs_arg_money(v[allowed], n[allowed], "allowed", true);
	f->copay = cs_arg_money(v[copay], n[copay], "copay", true);
	f->deductible = cs_arg_money(v[deductible], n[deductible], "deductible", true);
	f->coinsurance = cs_arg_money(v[coinsurance], n[coinsurance], "coinsurance", true);
	f->not_covered = cs_arg_money(v[not_covered], n[not_covered], "not_covered", true);
	f->balance_bill = cs_arg_money(v[balance_bill], n[balance_bill], "balance_bill", true);
	f->patient_pays = cs_arg_money(v[patient_pays], false, "patient_pays", false);
	f->plan_pays = cs_arg_money(v[plan_pays], n[plan_pays], "plan_pays", true);
	f->oop_capped = !n[oop_capped] && DatumGetBool(v[oop_capped]);
	/* a missing part is nothing of that part (CS_ABSENT is -1) */
	if (f->allowed < 0)
		f->allowed = 0;
	if (f->copay < 0)
		f->copay = 0;
	if (f->deductible < 0)
		f->deductible = 0;
	if (f->coinsurance < 0)
		f->coinsurance = 0;
	if (f->not_covered < 0)
		f->not_covered = 0;
	if (f->balance_bill < 0)
		f->balance_bill = 0;
	if (f->plan_pays < 0)
		f->plan_pays = 0;
}

PG_FUNCTION_INFO_V1(costshare_explain_estimate);
Datum
costshare_explain_estimate(PG_FUNCTION_ARGS)
{
	Datum		v[ESTIMATE_NATTS];
	bool		n[ESTIMATE_NATTS];
	cs_explain_facts f;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	deform(PG_GETARG_DATUM(0), ESTIMATE_NATTS, "costshare.estimate_result", NULL, v, n);
	cs_explain_facts_init(&f);

	/* status, reasons, ..., network (0..6) */
	f.has_status = true;
	if (n[0])
		f.status = CS_ELIG_UNKNOWN;
	else
	{
		text	   *t = DatumGetTextPP(v[0]);

		if (!cs_elig_status_from_word(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &f.status))
			ereport(ERROR,
					errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("unknown estimate status"),
					errdetail("status must be eligible, not_eligible, auth_required, carved_out, limit_reached or unknown."),
					errhint("Pass a result of costshare.estimate()."));
	}
	f.elig_reasons = word_bits(v[1], n[1], cs_explain_reason_bit);
	if (!n[6])
	{
		text	   *t = DatumGetTextPP(v[6]);

		if (VARSIZE_ANY_EXHDR(t) == 3 && memcmp(VARDATA_ANY(t), "out", 3) == 0)
			f.elig_reasons |= CS_XR_OUT_OF_NETWORK;
	}
	/* allowed 7, copay 9, deductible 10, coinsurance 11, not_covered 12, balance_bill 13,
	 * patient_pays 14, plan_pays 15, oop_capped 16, adjustment_codes 17, acc_before 18, acc_after 19 */
	line_amounts(&f, v, n, 7, 9, 10, 11, 12, 13, 14, 15, 16);
	f.reasons = word_bits(v[17], n[17], cs_explain_carc_bit);
	if (!n[19])
	{
		cs_decode_accum(cs_get_cache(fcinfo), v[19], &f.acc_after);
		f.has_acc_after = true;
	}
	return explain_facts(fcinfo, &f, 1, 2);
}

PG_FUNCTION_INFO_V1(costshare_explain_line);
Datum
costshare_explain_line(PG_FUNCTION_ARGS)
{
	Datum		v[CS_BREAKDOWN_NATTS];
	bool		n[CS_BREAKDOWN_NATTS];
	cs_explain_facts f;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	deform(PG_GETARG_DATUM(0), CS_BREAKDOWN_NATTS, "costshare.breakdown", NULL, v, n);
	cs_explain_facts_init(&f);
	/* allowed 0, copay 1, deductible 2, coinsurance 3, not_covered 4, balance_bill 5, contractual 6,
	 * patient_pays 7, plan_pays 8, oop_capped 9, reasons 10, acc_after 11 */
	if (n[7])
		ereport(ERROR,
				errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				errmsg("line has no patient_pays"),
				errdetail("A breakdown to explain needs its amounts; patient_pays is NULL."),
				errhint("Pass a result of costshare.adjudicate() or costshare.accumulate()."));
	line_amounts(&f, v, n, 0, 1, 2, 3, 4, 5, 7, 8, 9);
	f.reasons = word_bits(v[10], n[10], cs_explain_carc_bit);
	if (!n[11])
	{
		cs_decode_accum(cs_get_cache(fcinfo), v[11], &f.acc_after);
		f.has_acc_after = true;
	}
	return explain_facts(fcinfo, &f, 1, 2);
}

PG_FUNCTION_INFO_V1(costshare_explain_locale);
Datum
costshare_explain_locale(PG_FUNCTION_ARGS)
{
	char		used[32];

	if (PG_ARGISNULL(0))
		cs_explain_resolve_locale(NULL, 0, used, sizeof(used));
	else
	{
		size_t		len;
		const char *tag = cs_text_to_utf8(PG_GETARG_TEXT_PP(0), &len);

		cs_explain_resolve_locale(tag, len, used, sizeof(used));
	}
	PG_RETURN_TEXT_P(cs_text_from_utf8(used, strlen(used), "the locale"));
}
