/*
 * convert.c — the glue's conversions: errors to ereport, SQL composites (terms, accum) to engine
 * structs, engine results to costshare.breakdown, and the per-call cache that makes those cheap.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#include "cs_glue.h"

/* ---- errors ------------------------------------------------------------------------------------ */

int
cs_error_sqlstate(const cs_error *err)
{
	switch (err->status)
	{
		case CS_ERR_NULL:
			return ERRCODE_NULL_VALUE_NOT_ALLOWED;
		case CS_ERR_RANGE:
		case CS_ERR_OVERFLOW:
			return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
		case CS_ERR_ORDER:
			return ERRCODE_WINDOWING_ERROR;
		case CS_ERR_FORMAT:
			return ERRCODE_BAD_COPY_FILE_FORMAT;
		case CS_ERR_ENCODING:
			return ERRCODE_CHARACTER_NOT_IN_REPERTOIRE;
		case CS_ERR_TOO_LONG:
			return ERRCODE_STRING_DATA_RIGHT_TRUNCATION;
		case CS_ERR_LIBRARY:
			return ERRCODE_SYSTEM_ERROR;
		case CS_ERR_PRECISION:
		case CS_ERR_WORD:
		case CS_ERR_INCONSISTENT:
		default:
			return ERRCODE_INVALID_PARAMETER_VALUE;
	}
}

void
cs_report(const cs_error *err)
{
	ereport(ERROR,
			errcode(cs_error_sqlstate(err)),
			errmsg("%s", err->message),
			err->detail[0] ? errdetail("%s", err->detail) : 0,
			err->hint[0] ? errhint("%s", err->hint) : 0);
	pg_unreachable();
}

void
cs_report_null(const char *what, const char *hint)
{
	ereport(ERROR,
			errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			errmsg("%s must not be null", what),
			errdetail("A value is required for %s.", what),
			errhint("%s", hint));
	pg_unreachable();
}

/* ---- numbers ----------------------------------------------------------------------------------- */

/* Why a numeric is not an amount (or a rate), as the engine's error; the caller raises or returns it */
static void
numeric_problem(cs_numeric_status st, const char *field, bool rate, cs_error *err)
{
	if (st == CS_NUM_NOT_FINITE)
		cs_fail(err, CS_ERR_RANGE, rate ? "rate must be a finite number" : "amount must be a finite number",
				rate ? "Give the patient's share as a fraction: 0.2 means 20%." :
				"Give a number; NaN and infinity are not amounts.", "%s is not finite.", field);
	else if (st == CS_NUM_TOO_LARGE)
		cs_fail(err, CS_ERR_RANGE, rate ? "rate must be between 0 and 1" : "amount is too large",
				rate ? "Give the patient's share as a fraction: 0.2 means 20%." :
				"A single amount can be at most 1000000000.00.",
				"%s is out of range.", field);
	else
		cs_fail(err, CS_ERR_PRECISION,
				rate ? "rate has more than six decimal places" : "amount has fractions of a cent",
				rate ? "Give rates to at most six decimal places, for example 0.333333." :
				"Round the amount to cents first, for example with round(x, 2).",
				rate ? "%s is not a whole number of millionths." : "%s is not a whole number of cents.",
				field);
}

static void
report_numeric(cs_numeric_status st, const char *field, bool rate)
{
	cs_error	err;

	numeric_problem(st, field, rate, &err);
	cs_report(&err);
}

bool
cs_money_problem(Datum d, const char *field, cs_cents *out, cs_error *err)
{
	int64		micros;
	cs_numeric_status st;

	st = cs_numeric_to_micros(d, &micros);
	if (st != CS_NUM_OK)
	{
		numeric_problem(st, field, false, err);
		return true;
	}
	return cs_cents_from_micros(micros, field, out, err) != CS_OK;
}

void
cs_check_money_fields(TupleDesc desc, const Datum *values, const bool *nulls, const char *what)
{
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute a = TupleDescAttr(desc, i);
		cs_cents	cents;
		cs_error	err;

		if (a->attisdropped || a->atttypid != NUMERICOID || nulls[i])
			continue;
		/* the prefixed name is formed only for the error (this runs per line in plan_maximum) */
		if (cs_money_problem(values[i], NameStr(a->attname), &cents, &err))
		{
			if (what != NULL)
				(void) cs_money_problem(values[i], psprintf("%s.%s", what, NameStr(a->attname)), &cents, &err);
			cs_report(&err);
		}
	}
}

cs_cents
cs_arg_money(Datum d, bool isnull, const char *field, bool optional)
{
	cs_cents	cents;
	cs_error	err;

	if (isnull)
	{
		if (optional)
			return CS_ABSENT;
		cs_report_null(field, "Pass an amount in dollars, for example 150.00.");
	}
	if (cs_money_problem(d, field, &cents, &err))
		cs_report(&err);
	return cents;
}

int64
cs_arg_rate(Datum d, bool isnull, const char *field)
{
	int64		micros,
				rate;
	cs_numeric_status st;
	cs_error	err;

	if (isnull)
		return 0;
	st = cs_numeric_to_micros(d, &micros);
	if (st != CS_NUM_OK)
		report_numeric(st, field, true);
	if (cs_rate_from_micros(micros, field, &rate, &err) != CS_OK)
		cs_report(&err);
	return rate;
}

int64
cs_arg_count(Datum d, bool isnull, const char *field, int64 if_null)
{
	cs_error	err;
	int64		v;

	if (isnull)
		return if_null;
	v = DatumGetInt32(d);
	if (cs_check_count(v, field, &err) != CS_OK)
		cs_report(&err);
	return v;
}

void
cs_period_of_date(DateADT d, int *month, int *day)
{
	cs_error	err;

	if (cs_period_of_start(!DATE_NOT_FINITE(d), (cs_date) d, month, day, &err) != CS_OK)
		cs_report(&err);
}

/* ---- cache ------------------------------------------------------------------------------------- */

TupleDesc
cs_result_desc(FunctionCallInfo fcinfo, cs_fn_cache *c)
{
	if (c->result_desc == NULL)
	{
		TupleDesc	d;
		MemoryContext old;

		if (get_call_result_type(fcinfo, NULL, &d) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		old = MemoryContextSwitchTo(c->mcxt);
		c->result_desc = BlessTupleDesc(CreateTupleDescCopy(d));
		MemoryContextSwitchTo(old);
	}
	return c->result_desc;
}

cs_fn_cache *
cs_get_cache(FunctionCallInfo fcinfo)
{
	cs_fn_cache *c = (cs_fn_cache *) fcinfo->flinfo->fn_extra;

	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(cs_fn_cache));
		c->mcxt = fcinfo->flinfo->fn_mcxt;
		fcinfo->flinfo->fn_extra = c;
	}
	return c;
}

static TupleDesc
row_desc(cs_fn_cache *c, HeapTupleHeader th, TupleDesc *slot, int natts, const char *type_name)
{
	if (*slot == NULL)
	{
		TupleDesc	d = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(th),
											   HeapTupleHeaderGetTypMod(th));
		MemoryContext old = MemoryContextSwitchTo(c->mcxt);

		*slot = CreateTupleDescCopy(d);
		MemoryContextSwitchTo(old);
		ReleaseTupleDesc(d);
		if ((*slot)->natts != natts)
			ereport(ERROR,
					errcode(ERRCODE_DATATYPE_MISMATCH),
					errmsg("%s has an unexpected number of fields", type_name),
					errdetail("Expected %d fields, found %d.", natts, (*slot)->natts),
					errhint("Reinstall or update the costshare extension."));
	}
	return *slot;
}

void
cs_deform_row(cs_fn_cache *c, Datum composite, TupleDesc *slot, int natts, const char *type_name,
			  Datum *values, bool *nulls)
{
	HeapTupleHeader th = DatumGetHeapTupleHeader(composite);
	HeapTupleData tuple;
	TupleDesc	desc = row_desc(c, th, slot, natts, type_name);

	tuple.t_len = HeapTupleHeaderGetDatumLength(th);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = th;
	heap_deform_tuple(&tuple, desc, values, nulls);
}

/* text field -> engine word; raises for unknown words */
static const char *
word_of(Datum d, bool isnull, size_t *len)
{
	text	   *t;

	if (isnull)
		return NULL;
	t = DatumGetTextPP(d);
	*len = VARSIZE_ANY_EXHDR(t);
	return VARDATA_ANY(t);
}

static void
decode_terms_fields(Datum *v, bool *n, cs_terms *t, MemoryContext names_cxt, char **names_out)
{
	cs_error	err;
	const char *w;
	size_t		len = 0;
	StringInfoData names;

	cs_terms_init(t);
	t->copay = cs_arg_money(v[0], n[0], "copay", true);
	t->coinsurance = cs_arg_rate(v[1], n[1], "coinsurance");
	if (!n[2])
		t->deductible_applies = DatumGetBool(v[2]);
	if (!n[3])
		t->copay_after_deductible = DatumGetBool(v[3]);
	if (!n[4])
		t->covered = DatumGetBool(v[4]);
	t->ded_individual = cs_arg_money(v[5], n[5], "ded_individual", true);
	t->ded_family = cs_arg_money(v[6], n[6], "ded_family", true);
	if ((w = word_of(v[7], n[7], &len)) && cs_terms_set_word(t, CS_TERMS_FAMILY_DEDUCTIBLE, w, len, &err) != CS_OK)
		cs_report(&err);
	t->oop_individual = cs_arg_money(v[8], n[8], "oop_individual", true);
	t->oop_family = cs_arg_money(v[9], n[9], "oop_family", true);
	if (!n[10])
		t->family_coverage = DatumGetBool(v[10]);
	t->visit_limit = cs_arg_count(v[11], n[11], "visit_limit", CS_ABSENT);
	if ((w = word_of(v[12], n[12], &len)) && cs_terms_set_word(t, CS_TERMS_NETWORK, w, len, &err) != CS_OK)
		cs_report(&err);
	if ((w = word_of(v[13], n[13], &len)) && cs_terms_set_word(t, CS_TERMS_ROUNDING, w, len, &err) != CS_OK)
		cs_report(&err);
	if (!n[14])
		cs_period_of_date(DatumGetDateADT(v[14]), &t->period_month, &t->period_day);
	if (!n[15])
		t->copay_counts_toward_deductible = DatumGetBool(v[15]);
	t->copay_visits = cs_arg_count(v[16], n[16], "copay_visits", CS_ABSENT);
	t->family_ded_members = cs_arg_count(v[17], n[17], "family_ded_members", CS_ABSENT);
	t->coinsurance_limit = cs_arg_money(v[18], n[18], "coinsurance_limit", true);
	if (!n[19])
		t->carryover = DatumGetBool(v[19]);
	if ((w = word_of(v[20], n[20], &len)) && cs_terms_set_word(t, CS_TERMS_COPAY_PER, w, len, &err) != CS_OK)
		cs_report(&err);

	/* bucket names: collected into one buffer that outlives this call when cached */
	if (names_out == NULL)
		return;
	initStringInfo(&names);
	{
		size_t		offsets[CS_MAX_CREDITS + 1];
		size_t		lens[CS_MAX_CREDITS + 1];
		int			count = 0;

		if ((w = word_of(v[21], n[21], &len)))
		{
			offsets[count] = names.len;
			lens[count++] = len;
			appendBinaryStringInfo(&names, w, (int) len);
		}
		else
			offsets[count] = 0, lens[count++] = (size_t) -1;

		if (!n[22])
		{
			ArrayType  *arr = DatumGetArrayTypeP(v[22]);
			Datum	   *elems;
			bool	   *enulls;
			int			nelems;

			cs_name    *credits;

			deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &enulls, &nelems);
			credits = palloc(sizeof(cs_name) * Max(nelems, 1));
			for (int i = 0; i < nelems; i++)
			{
				credits[i].data = enulls[i] ? NULL : word_of(elems[i], false, &credits[i].len);
				if (enulls[i])
					credits[i].len = 0;
			}
			/* the engine's checks (how many, none NULL); the names are then kept in the buffer */
			if (cs_terms_set_credits(t, nelems, credits, &err) != CS_OK)
				cs_report(&err);
			for (int i = 0; i < nelems; i++)
			{
				offsets[count] = names.len;
				lens[count++] = credits[i].len;
				appendBinaryStringInfo(&names, credits[i].data, (int) credits[i].len);
			}
			pfree(credits);
		}

		/* the buffer is final now: point the names into it */
		{
			char	   *buf = MemoryContextAlloc(names_cxt, names.len + 1);

			memcpy(buf, names.data, names.len + 1);
			if (lens[0] != (size_t) -1)
			{
				t->bucket.data = buf + offsets[0];
				t->bucket.len = lens[0];
			}
			t->n_credits = count - 1;
			for (int i = 1; i < count; i++)
			{
				t->credits[i - 1].data = buf + offsets[i];
				t->credits[i - 1].len = lens[i];
			}
			*names_out = buf;
		}
		pfree(names.data);
	}

	if (cs_terms_check(t, &err) != CS_OK)
		cs_report(&err);
}

const cs_terms *
cs_decode_terms(cs_fn_cache *c, Datum composite)
{
	/* look the bytes up where they are (a packed datum is not copied for the comparison) */
	struct varlena *packed = (struct varlena *) PG_DETOAST_DATUM_PACKED(composite);
	const char *bytes = VARDATA_ANY(packed);
	Size		len = VARSIZE_ANY_EXHDR(packed);
	cs_terms_slot *s = &c->terms[c->terms_last];
	Datum		v[CS_TERMS_NATTS];
	bool		n[CS_TERMS_NATTS];

	if (s->raw != NULL && s->raw_len == len && memcmp(s->raw, bytes, len) == 0)
		return &s->terms;
	for (int i = 0; i < CS_TERMS_CACHE; i++)
	{
		s = &c->terms[i];
		if (s->raw != NULL && s->raw_len == len && memcmp(s->raw, bytes, len) == 0)
		{
			c->terms_last = i;
			return &s->terms;
		}
	}

	/* decode into the next slot (round robin) */
	c->terms_last = c->terms_next;
	s = &c->terms[c->terms_next];
	c->terms_next = (c->terms_next + 1) % CS_TERMS_CACHE;
	if (s->raw)
	{
		pfree(s->raw);
		s->raw = NULL;
	}
	if (s->names)
	{
		pfree(s->names);
		s->names = NULL;
	}
	cs_deform_row(c, composite, &c->terms_desc, CS_TERMS_NATTS, "costshare.terms", v, n);
	decode_terms_fields(v, n, &s->terms, c->mcxt, &s->names);
	s->raw = MemoryContextAlloc(c->mcxt, len);
	memcpy(s->raw, bytes, len);
	s->raw_len = len;
	return &s->terms;
}

static Datum
terms_name_text(cs_name n)
{
	return PointerGetDatum(cstring_to_text_with_len(n.data, (int) n.len));
}

/* the types of costshare.terms' fields, in order (decode_terms_fields reads them so) */
static const Oid terms_types[CS_TERMS_NATTS] = {
	NUMERICOID, NUMERICOID, BOOLOID, BOOLOID, BOOLOID, NUMERICOID, NUMERICOID, TEXTOID, NUMERICOID,
	NUMERICOID, BOOLOID, INT4OID, TEXTOID, TEXTOID, DATEOID, BOOLOID, INT4OID, INT4OID, NUMERICOID,
	BOOLOID, TEXTOID, TEXTOID, TEXTARRAYOID
};

/*
 * the inverse of decode_terms_fields, field for field: the one way a costshare.terms composite is formed
 * in C (the plan design's terms, a 271's priced terms), into desc checked for its field count and types
 */
Datum
cs_terms_composite(TupleDesc desc, const cs_benefit_terms *bt)
{
	const cs_terms *t = &bt->terms;
	Datum		v[CS_TERMS_NATTS];
	bool		n[CS_TERMS_NATTS];

	if (desc->natts != CS_TERMS_NATTS)
		elog(ERROR, "costshare.terms has %d fields, expected %d", desc->natts, CS_TERMS_NATTS);
	for (int i = 0; i < CS_TERMS_NATTS; i++)
		if (TupleDescAttr(desc, i)->atttypid != terms_types[i])
			ereport(ERROR,
					errcode(ERRCODE_DATATYPE_MISMATCH),
					errmsg("field %d of costshare.terms has type %s, expected %s", i + 1,
						   format_type_be(TupleDescAttr(desc, i)->atttypid), format_type_be(terms_types[i])),
					errhint("Update the extension: ALTER EXTENSION costshare UPDATE."));
	memset(n, false, sizeof(n));
#define MONEY(i, c) (n[i] = (c) == CS_ABSENT, v[i] = n[i] ? (Datum) 0 : cs_cents_to_numeric(c))
#define COUNT(i, c) (n[i] = (c) == CS_ABSENT, v[i] = n[i] ? (Datum) 0 : Int32GetDatum((int32) (c)))
	MONEY(0, t->copay);
	/* (a 271's unstated coinsurance: the integer 0, as costshare.terms(coinsurance => 0) held it) */
	v[1] = bt->coinsurance_unstated && t->coinsurance == 0 ? DirectFunctionCall1(int4_numeric, Int32GetDatum(0))
		: cs_micros_to_numeric(t->coinsurance);
	v[2] = BoolGetDatum(t->deductible_applies);
	v[3] = BoolGetDatum(t->copay_after_deductible);
	v[4] = BoolGetDatum(t->covered);
	MONEY(5, t->ded_individual);
	MONEY(6, t->ded_family);
	v[7] = CStringGetTextDatum(cs_family_mode_word(t->family_mode));
	MONEY(8, t->oop_individual);
	MONEY(9, t->oop_family);
	v[10] = BoolGetDatum(t->family_coverage);
	n[10] = bt->family_coverage_unknown;
	COUNT(11, t->visit_limit);
	v[12] = CStringGetTextDatum(cs_network_word(t->network));
	v[13] = CStringGetTextDatum(cs_rounding_word(t->rounding));
	n[14] = !bt->has_period_start;
	v[14] = n[14] ? (Datum) 0 : DateADTGetDatum((DateADT) bt->period_start);
	v[15] = BoolGetDatum(t->copay_counts_toward_deductible);
	COUNT(16, t->copay_visits);
	COUNT(17, t->family_ded_members);
	MONEY(18, t->coinsurance_limit);
	v[19] = BoolGetDatum(t->carryover);
	v[20] = CStringGetTextDatum(cs_copay_per_word(t->copay_per));
	n[21] = t->bucket.data == NULL;
	v[21] = n[21] ? (Datum) 0 : terms_name_text(t->bucket);
	n[22] = !bt->has_credits;
	if (bt->has_credits)
	{
		Datum		elems[CS_MAX_CREDITS];

		for (int i = 0; i < t->n_credits; i++)
			elems[i] = terms_name_text(t->credits[i]);
		v[22] = PointerGetDatum(construct_array(elems, t->n_credits, TEXTOID, -1, false, TYPALIGN_INT));
	}
	else
		v[22] = (Datum) 0;
#undef MONEY
#undef COUNT
	return HeapTupleGetDatum(heap_form_tuple(desc, v, n));
}

/* Used by the terms() constructor: validate argument values without caching */
void		cs_validate_terms_values(Datum *values, bool *nulls);

void
cs_validate_terms_values(Datum *values, bool *nulls)
{
	cs_terms	t;
	char	   *names = NULL;

	decode_terms_fields(values, nulls, &t, CurrentMemoryContext, &names);
	if (names)
		pfree(names);
}

static void
decode_accum_fields(Datum *v, bool *n, cs_accum *a)
{
	cs_error	err;

	a->ded_individual_met = n[0] ? 0 : cs_arg_money(v[0], false, "ded_individual_met", false);
	a->ded_family_met = n[1] ? 0 : cs_arg_money(v[1], false, "ded_family_met", false);
	a->oop_individual_met = n[2] ? 0 : cs_arg_money(v[2], false, "oop_individual_met", false);
	a->oop_family_met = n[3] ? 0 : cs_arg_money(v[3], false, "oop_family_met", false);
	a->visits_used = cs_arg_count(v[4], n[4], "visits_used", 0);
	a->coinsurance_met = n[5] ? 0 : cs_arg_money(v[5], false, "coinsurance_met", false);
	a->ded_members_met = cs_arg_count(v[6], n[6], "ded_members_met", 0);
	if (cs_accum_check(a, &err) != CS_OK)
		cs_report(&err);
}

void
cs_decode_accum(cs_fn_cache *c, Datum composite, cs_accum *out)
{
	/* the same accumulators row after row (a constant argument) is decoded once, like terms */
	struct varlena *packed = (struct varlena *) PG_DETOAST_DATUM_PACKED(composite);
	const char *bytes = VARDATA_ANY(packed);
	Size		len = VARSIZE_ANY_EXHDR(packed);
	Datum		v[CS_ACCUM_NATTS];
	bool		n[CS_ACCUM_NATTS];

	if (c->accum_raw != NULL && c->accum_raw_len == len && memcmp(c->accum_raw, bytes, len) == 0)
	{
		*out = c->accum;
		return;
	}
	cs_deform_row(c, composite, &c->accum_in_desc, CS_ACCUM_NATTS, "costshare.accum", v, n);
	decode_accum_fields(v, n, out);
	/* remembered only once it is valid (decode_accum_fields raises otherwise) */
	if (c->accum_raw == NULL || c->accum_raw_len < len)
	{
		if (c->accum_raw != NULL)
			pfree(c->accum_raw);
		c->accum_raw = MemoryContextAlloc(c->mcxt, len);
	}
	memcpy(c->accum_raw, bytes, len);
	c->accum_raw_len = len;
	c->accum = *out;
}

void		cs_validate_accum_values(Datum *values, bool *nulls);

void
cs_validate_accum_values(Datum *values, bool *nulls)
{
	cs_accum	a;

	decode_accum_fields(values, nulls, &a);
}

/* ---- results ----------------------------------------------------------------------------------- */

static Datum
money_datum(cs_fn_cache *c, int64 cents)
{
	cs_money_slot *s = &c->money[((uint64) cents * UINT64_C(0x9E3779B97F4A7C15)) >> 56];

	if (s->value != 0 && s->cents == cents)
	{
		s->used = c->generation;
		return s->value;
	}

	/*
	 * Replace the slot unless the row being built already holds its datum (freeing it would leave a
	 * dangling pointer in the row); such a value is built in the per-row context instead.
	 */
	if (s->value == 0 || s->used != c->generation)
	{
		MemoryContext old = MemoryContextSwitchTo(c->mcxt);

		if (s->value != 0)
			pfree(DatumGetPointer(s->value));
		s->value = cs_cents_to_numeric(cents);
		s->cents = cents;
		s->used = c->generation;
		MemoryContextSwitchTo(old);
		return s->value;
	}
	return cs_cents_to_numeric(cents);
}

static Datum
reasons_datum(cs_fn_cache *c, unsigned bits)
{
	if (c->reasons[bits] == 0)
	{
		MemoryContext old = MemoryContextSwitchTo(c->mcxt);
		Datum		elems[CS_REASON_COUNT];
		int			n = 0;

		for (int i = 0; i < CS_REASON_COUNT; i++)
			if (bits & (1u << i))
				elems[n++] = CStringGetTextDatum(cs_reason_codes[i]);
		c->reasons[bits] = PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
		MemoryContextSwitchTo(old);
	}
	return c->reasons[bits];
}

/*
 * The columns of a costshare.breakdown (v[11], acc_after, formed with accum_desc); the money datums may
 * be shared with later rows, so form the row before the next call
 */
void
cs_breakdown_values(cs_fn_cache *c, TupleDesc accum_desc, const cs_result *r, Datum *v, bool *n)
{
	Datum		av[CS_ACCUM_NATTS];
	bool		an[CS_ACCUM_NATTS] = {0};

	c->generation++;			/* a new row: every cached datum may be replaced again */
	av[0] = money_datum(c, r->acc_after.ded_individual_met);
	av[1] = money_datum(c, r->acc_after.ded_family_met);
	av[2] = money_datum(c, r->acc_after.oop_individual_met);
	av[3] = money_datum(c, r->acc_after.oop_family_met);
	av[4] = Int32GetDatum((int32) r->acc_after.visits_used);
	av[5] = money_datum(c, r->acc_after.coinsurance_met);
	av[6] = Int32GetDatum((int32) r->acc_after.ded_members_met);

	for (int i = 0; i < CS_BREAKDOWN_NATTS; i++)
		n[i] = false;
	v[0] = money_datum(c, r->allowed);
	v[1] = money_datum(c, r->copay);
	v[2] = money_datum(c, r->deductible);
	v[3] = money_datum(c, r->coinsurance);
	v[4] = money_datum(c, r->not_covered);
	v[5] = money_datum(c, r->balance_bill);
	v[6] = money_datum(c, r->contractual);
	v[7] = money_datum(c, r->patient_pays);
	v[8] = money_datum(c, r->plan_pays);
	v[9] = BoolGetDatum(r->oop_capped);
	v[10] = reasons_datum(c, r->reasons);
	v[11] = HeapTupleGetDatum(heap_form_tuple(accum_desc, av, an));
}

/*
 * Forming costshare.breakdown directly. heap_form_tuple walks the descriptor twice (sizes, then
 * contents), for each of the two rows (the breakdown and its acc_after), and needs every amount as a
 * separately allocated numeric that it then repacks with a 1-byte header. The layout of these two types
 * is fixed, so it is written here in one pass into one allocation, byte for byte as heap_form_tuple
 * writes it: a MAXALIGN'ed header without a null bitmap (no field is ever NULL), the numerics with
 * 1-byte headers and no alignment, the boolean, the reasons array (1-byte header when it fits, else
 * int-aligned with its 4-byte header), and acc_after as a complete row of its own (numerics packed,
 * integers int-aligned) with a 1-byte header. A build with -DCS_CHECK_BREAKDOWN (or assertions) forms
 * every row both ways and raises if they differ by a byte.
 */
#define CS_ROW_HOFF MAXALIGN(offsetof(HeapTupleHeaderData, t_bits))
#define CS_ACC_ROW_MAX (CS_ROW_HOFF + 5 * CS_SHORT_NUMERIC_MAX + 2 * (int) sizeof(int32) + 8)

/* Is the attribute what the direct path writes? */
static bool
att_is(TupleDesc d, int i, Oid type, char align)
{
	Form_pg_attribute a = TupleDescAttr(d, i);

	if (a->attisdropped || a->atttypid != type || a->attalign != align)
		return false;
	if (type == BOOLOID)
		return a->attlen == 1 && a->attbyval;
	if (type == INT4OID)
		return a->attlen == 4 && a->attbyval;
	return a->attlen == -1 && a->attstorage != TYPSTORAGE_PLAIN;
}

static bool
breakdown_layout_ok(TupleDesc d, TupleDesc a)
{
	if (d->natts != CS_BREAKDOWN_NATTS || a->natts != CS_ACCUM_NATTS)
		return false;
	for (int i = 0; i <= 8; i++)
		if (!att_is(d, i, NUMERICOID, TYPALIGN_INT))
			return false;
	return att_is(d, 9, BOOLOID, TYPALIGN_CHAR) && att_is(d, 10, TEXTARRAYOID, TYPALIGN_INT) &&
		att_is(d, 11, a->tdtypeid, TYPALIGN_DOUBLE) &&
		att_is(a, 0, NUMERICOID, TYPALIGN_INT) && att_is(a, 1, NUMERICOID, TYPALIGN_INT) &&
		att_is(a, 2, NUMERICOID, TYPALIGN_INT) && att_is(a, 3, NUMERICOID, TYPALIGN_INT) &&
		att_is(a, 4, INT4OID, TYPALIGN_INT) && att_is(a, 5, NUMERICOID, TYPALIGN_INT) &&
		att_is(a, 6, INT4OID, TYPALIGN_INT);
}

/*
 * A row's header: the one heap_form_tuple wrote for this call site's first row (the type, the typmod or
 * the row type's version, the datum flags, no null bitmap), with this row's length
 */
static void
set_row_header(HeapTupleHeader td, Size len, const char *template)
{
	memcpy(td, template, CS_ROW_HOFF);
	HeapTupleHeaderSetDatumLength(td, len);
}

/* The header of a row formed by heap_form_tuple, as a template; false when it is not the plain kind */
static bool
take_header(HeapTupleHeader td, char *template)
{
	if (td->t_hoff != CS_ROW_HOFF || CS_ROW_HOFF > CS_ROW_HEADER_MAX ||
		(td->t_infomask & (HEAP_HASNULL | HEAP_HASEXTERNAL)) != 0 || !(td->t_infomask & HEAP_HASVARWIDTH))
		return false;
	memcpy(template, td, CS_ROW_HOFF);
	return true;
}

static Datum
form_breakdown(cs_fn_cache *c, TupleDesc d, const cs_result *r)
{
	union
	{
		double		align;
		char		b[CS_ACC_ROW_MAX];
	}			acc;
	char		money[9 * CS_SHORT_NUMERIC_MAX];
	const int64 amounts[9] = {r->allowed, r->copay, r->deductible, r->coinsurance, r->not_covered,
	r->balance_bill, r->contractual, r->patient_pays, r->plan_pays};
	Size		acc_len,
				money_len = 0,
				off,
				reasons_off,
				acc_off,
				len;
	int32		i4;
	Pointer		reasons = DatumGetPointer(reasons_datum(c, r->reasons));
	bool		reasons_short = VARATT_CAN_MAKE_SHORT(reasons);
	bool		acc_short;
	char	   *row;

	/* acc_after, a row of its own */
	memset(acc.b, 0, CS_ROW_HOFF);
	off = CS_ROW_HOFF;
	off += cs_put_cents(r->acc_after.ded_individual_met, acc.b + off);
	off += cs_put_cents(r->acc_after.ded_family_met, acc.b + off);
	off += cs_put_cents(r->acc_after.oop_individual_met, acc.b + off);
	off += cs_put_cents(r->acc_after.oop_family_met, acc.b + off);
	while (off != INTALIGN(off))
		acc.b[off++] = 0;
	i4 = (int32) r->acc_after.visits_used;
	memcpy(acc.b + off, &i4, sizeof(i4));
	off += sizeof(i4);
	off += cs_put_cents(r->acc_after.coinsurance_met, acc.b + off);
	while (off != INTALIGN(off))
		acc.b[off++] = 0;
	i4 = (int32) r->acc_after.ded_members_met;
	memcpy(acc.b + off, &i4, sizeof(i4));
	off += sizeof(i4);
	acc_len = off;
	Assert(acc_len <= sizeof(acc.b));
	set_row_header((HeapTupleHeader) acc.b, acc_len, c->acc_header);
	acc_short = VARATT_CAN_MAKE_SHORT(acc.b);

	/* where the breakdown's fields go */
	for (int i = 0; i < 9; i++)
		money_len += cs_put_cents(amounts[i], money + money_len);
	off = CS_ROW_HOFF + money_len + 1;	/* the numerics, then oop_capped */
	if (!reasons_short)
		off = INTALIGN(off);
	reasons_off = off;
	off += reasons_short ? VARATT_CONVERTED_SHORT_SIZE(reasons) : VARSIZE(reasons);
	if (!acc_short)
		off = DOUBLEALIGN(off);
	acc_off = off;
	off += acc_short ? VARATT_CONVERTED_SHORT_SIZE(acc.b) : acc_len;
	len = off;

	row = palloc0(len);
	set_row_header((HeapTupleHeader) row, len, c->breakdown_header);
	memcpy(row + CS_ROW_HOFF, money, money_len);
	row[CS_ROW_HOFF + money_len] = (char) r->oop_capped;
	if (reasons_short)
	{
		SET_VARSIZE_SHORT(row + reasons_off, VARATT_CONVERTED_SHORT_SIZE(reasons));
		memcpy(row + reasons_off + 1, VARDATA(reasons), VARSIZE(reasons) - VARHDRSZ);
	}
	else
		memcpy(row + reasons_off, reasons, VARSIZE(reasons));
	if (acc_short)
	{
		SET_VARSIZE_SHORT(row + acc_off, VARATT_CONVERTED_SHORT_SIZE(acc.b));
		memcpy(row + acc_off + 1, VARDATA(acc.b), acc_len - VARHDRSZ);
	}
	else
		memcpy(row + acc_off, acc.b, acc_len);
	return PointerGetDatum(row);
}

#if defined(CS_CHECK_BREAKDOWN) || defined(USE_ASSERT_CHECKING)
/* The direct row against heap_form_tuple's, byte for byte */
static void
check_breakdown(cs_fn_cache *c, TupleDesc d, const cs_result *r, Datum direct)
{
	Datum		v[CS_BREAKDOWN_NATTS];
	bool		n[CS_BREAKDOWN_NATTS];
	HeapTupleHeader formed;
	Size		len = VARSIZE(DatumGetPointer(direct));

	cs_breakdown_values(c, c->accum_desc, r, v, n);
	formed = heap_form_tuple(d, v, n)->t_data;
	if (VARSIZE(formed) != len)
		elog(ERROR, "costshare: the breakdown formed directly has %zu bytes, heap_form_tuple's %zu",
			 len, (Size) VARSIZE(formed));
	for (Size i = 0; i < len; i++)
		if (((char *) formed)[i] != DatumGetPointer(direct)[i])
			elog(ERROR, "costshare: the breakdown formed directly differs from heap_form_tuple's at byte %zu (%d, not %d)",
				 i, DatumGetPointer(direct)[i], ((char *) formed)[i]);
}
#endif

Datum
cs_make_breakdown(FunctionCallInfo fcinfo, cs_fn_cache *c, const cs_result *r)
{
	Datum		v[CS_BREAKDOWN_NATTS];
	bool		n[CS_BREAKDOWN_NATTS];
	TupleDesc	d = cs_result_desc(fcinfo, c);	/* the caller returns costshare.breakdown */

	if (c->accum_desc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(c->mcxt);

		c->accum_desc = BlessTupleDesc(lookup_rowtype_tupdesc_copy(TupleDescAttr(d, 11)->atttypid, -1));
		MemoryContextSwitchTo(old);
	}
	if (c->breakdown_direct == 0)
	{
		/* the first row through heap_form_tuple: its headers are the templates of the next rows' */
		HeapTupleHeader row;

		cs_breakdown_values(c, c->accum_desc, r, v, n);
		row = heap_form_tuple(d, v, n)->t_data;
		c->breakdown_direct =
			breakdown_layout_ok(d, c->accum_desc) &&
			take_header(row, c->breakdown_header) &&
			take_header((HeapTupleHeader) DatumGetPointer(v[11]), c->acc_header) ? 1 : -1;
		return HeapTupleHeaderGetDatum(row);
	}
	if (c->breakdown_direct > 0)
	{
		Datum		row = form_breakdown(c, d, r);

#if defined(CS_CHECK_BREAKDOWN) || defined(USE_ASSERT_CHECKING)
		check_breakdown(c, d, r, row);
#endif
		return row;
	}
	cs_breakdown_values(c, c->accum_desc, r, v, n);
	return HeapTupleGetDatum(heap_form_tuple(d, v, n));
}
