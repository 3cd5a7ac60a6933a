/*
 * benefit271.c — SQL functions of pricing from a 271 (issue 11): costshare.benefit_271_terms() reads
 * the typed rows costshare.estimate_271 hands it (costshare.benefit_271_row[]) and returns the terms
 * the engine chose (src/engine/cs_benefit271.c); costshare.allowed_median() the median of remittance
 * amounts; costshare.benefit_271_stale() the staleness rule; costshare.benefit_271_conflict() load_271's
 * check of a 271's figures (cs_p271_stored_conflict), through the one conversion of a stored EB row the
 * estimate uses too (cs_b271_stored_row_of).  The glue only converts: the precedence, the unknowns, the
 * met amounts, the contradictions and the median are the engine's.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/rangetypes.h"
#include "utils/typcache.h"

#include "cs_glue.h"
#include "../engine/cs_benefit271.h"
#include "../engine/cs_price271.h"

static bool
word_is(Datum d, bool isnull, const char *w)
{
	return !isnull && strcmp(TextDatumGetCString(d), w) == 0;
}

/*
 * One EB row as the engine reads it, from the columns of costshare.benefit_271_row (v / n: its ten
 * fields in order; the rank and quantity already an integer). costshare.benefit_271_terms and the
 * estimate's 271 pricing (src/glue/lookup.c) both convert through here.
 */
void
cs_b271_row_of(const Datum *v, const bool *n, cs_b271_row *r)
{
	memset(r, 0, sizeof(*r));
	r->kind = word_is(v[0], n[0], "copay") ? CS_B271_COPAY :
		word_is(v[0], n[0], "coinsurance") ? CS_B271_COINSURANCE :
		word_is(v[0], n[0], "deductible") ? CS_B271_DEDUCTIBLE :
		word_is(v[0], n[0], "out_of_pocket") ? CS_B271_OOP :
		word_is(v[0], n[0], "limitation") ? CS_B271_LIMITATION :
		word_is(v[0], n[0], "contact_other_entity") ? CS_B271_CARVE_OUT : CS_B271_OTHER;
	r->net = word_is(v[1], n[1], "in") ? CS_B271_NET_IN :
		word_is(v[1], n[1], "out") ? CS_B271_NET_OUT :
		word_is(v[1], n[1], "both") ? CS_B271_NET_BOTH : CS_B271_NET_UNSTATED;
	r->level = word_is(v[2], n[2], "individual") ? CS_B271_LEVEL_INDIVIDUAL :
		word_is(v[2], n[2], "family") ? CS_B271_LEVEL_FAMILY : CS_B271_LEVEL_UNSTATED;
	r->figure = n[3] ? CS_B271_FIG_UNSTATED :
		word_is(v[3], n[3], "total") ? CS_B271_FIG_TOTAL :
		word_is(v[3], n[3], "remaining") ? CS_B271_FIG_REMAINING :
		word_is(v[3], n[3], "met") ? CS_B271_FIG_MET : CS_B271_FIG_PER_UNIT;
	r->rank = n[4] ? -1 : DatumGetInt32(v[4]);
	r->amount = cs_arg_money(v[5], n[5], "amount", true);
	r->percent = n[6] ? CS_ABSENT : cs_arg_rate(v[6], false, "percent");
	r->quantity = n[7] ? CS_ABSENT : cs_arg_count(v[7], false, "quantity", 0);
	r->auth = n[8] ? -1 : DatumGetBool(v[8]) ? 1 : 0;
	r->segment = n[9] ? 0 : DatumGetInt64(v[9]);
}

void
cs_b271_stored_row_of(const Datum *v, const bool *n, int rank, cs_b271_row *r)
{
	Datum		rv[10];
	bool		rn[10];

	rv[0] = v[B271S_BENEFIT];
	rn[0] = n[B271S_BENEFIT];
	rv[1] = v[B271S_NETWORK];
	rn[1] = n[B271S_NETWORK];
	rv[2] = v[B271S_LEVEL];
	rn[2] = n[B271S_LEVEL];
	rv[3] = v[B271S_FIGURE];
	rn[3] = n[B271S_FIGURE];
	rv[4] = Int32GetDatum(rank);
	rn[4] = rank < 0;
	rv[5] = v[B271S_AMOUNT];
	rn[5] = n[B271S_AMOUNT];
	rv[6] = v[B271S_PERCENT];
	rn[6] = n[B271S_PERCENT];
	/* a visit quantity (EB09 VS) that is a whole number */
	rn[7] = true;
	if (word_is(v[B271S_QUANTITY_QUALIFIER], n[B271S_QUANTITY_QUALIFIER], "VS") && !n[B271S_QUANTITY] &&
		DatumGetBool(DirectFunctionCall2(numeric_eq, v[B271S_QUANTITY],
										 DirectFunctionCall2(numeric_trunc, v[B271S_QUANTITY], Int32GetDatum(0)))))
	{
		rv[7] = DirectFunctionCall1(numeric_int4, v[B271S_QUANTITY]);
		rn[7] = false;
	}
	rv[8] = v[B271S_AUTH];
	rn[8] = n[B271S_AUTH];
	rv[9] = v[B271S_SEGMENT];
	rn[9] = n[B271S_SEGMENT];
	cs_b271_row_of(rv, rn, r);
	/* a plan-paid dollar maximum: the engine reads EB06 (EB09 or EB10 sent: a quantity, not one) */
	{
		text	   *tp = n[B271S_TIME_PERIOD] ? NULL : DatumGetTextPP(v[B271S_TIME_PERIOD]);

		r->maximum = cs_b271_max_of(r->kind, r->amount != CS_ABSENT,
									!n[B271S_QUANTITY_QUALIFIER] || !n[B271S_QUANTITY],
									tp ? VARDATA_ANY(tp) : NULL, tp ? VARSIZE_ANY_EXHDR(tp) : 0);
	}
}

static void
read_row(HeapTupleHeader h, cs_b271_row *r)
{
	Datum		v[10];
	bool		n[10];

	for (int i = 0; i < 10; i++)
		v[i] = GetAttributeByNum(h, i + 1, &n[i]);
	cs_b271_row_of(v, n, r);
}

static Datum
money_or_null(cs_cents c, bool *isnull)
{
	*isnull = c == CS_ABSENT;
	return *isnull ? (Datum) 0 : cs_cents_to_numeric(c);
}

static Datum
segment_or_null(const cs_b271_pick *p, bool *isnull)
{
	*isnull = !p->known;
	return *isnull ? (Datum) 0 : Int64GetDatum(p->segment);
}

/*
 * The values of costshare.benefit_271_terms (CS_B271_TERMS_NATTS) the engine's choice over rows gives
 * a line (out_of_network; posted: the ledger since the 271), and the engine's terms themselves
 * (terms_out, when not NULL). costshare.benefit_271_terms and the estimate's 271 pricing both build
 * the terms here.
 */
void
cs_b271_terms_values(const cs_b271_row *rows, int nrows, bool out_of_network, cs_cents posted_ded,
					 cs_cents posted_oop, Datum *v, bool *vn, cs_b271_terms *terms_out)
{
	cs_b271_choice c;
	cs_b271_terms t;
	cs_error	err;
	Datum		words[CS_B271_UNKNOWN_COUNT];
	int			nwords = 0;

	cs_b271_choose(rows, nrows, out_of_network, &c);
	if (cs_b271_terms_of(&c, posted_ded, posted_oop, &t, &err) != CS_OK)
		cs_report(&err);
	memset(vn, 0, sizeof(bool) * CS_B271_TERMS_NATTS);
	v[0] = money_or_null(t.copay, &vn[0]);
	vn[1] = !c.coinsurance.known;
	v[1] = vn[1] ? (Datum) 0 : cs_micros_to_numeric(t.coinsurance);
	v[2] = BoolGetDatum(t.deductible_applies);
	v[3] = money_or_null(t.ded_individual, &vn[3]);
	v[4] = money_or_null(t.ded_individual == CS_ABSENT ? CS_ABSENT : t.ded_individual_met, &vn[4]);
	v[5] = money_or_null(t.ded_family, &vn[5]);
	v[6] = money_or_null(t.ded_family == CS_ABSENT ? CS_ABSENT : t.ded_family_met, &vn[6]);
	v[7] = money_or_null(t.oop_individual, &vn[7]);
	v[8] = money_or_null(t.oop_individual == CS_ABSENT ? CS_ABSENT : t.oop_individual_met, &vn[8]);
	v[9] = money_or_null(t.oop_family, &vn[9]);
	v[10] = money_or_null(t.oop_family == CS_ABSENT ? CS_ABSENT : t.oop_family_met, &vn[10]);
	vn[11] = t.visit_limit == CS_ABSENT;
	v[11] = vn[11] ? (Datum) 0 : Int32GetDatum((int32) t.visit_limit);
	vn[12] = t.auth_required < 0;
	v[12] = BoolGetDatum(t.auth_required > 0);
	v[13] = BoolGetDatum(t.carve_out);
	for (int b = 0; b < CS_B271_UNKNOWN_COUNT; b++)
		if (t.unknown & (1u << b))
			words[nwords++] = CStringGetTextDatum(cs_b271_unknown_words[b]);
	v[14] = PointerGetDatum(construct_array(words, nwords, TEXTOID, -1, false, TYPALIGN_INT));
	v[15] = segment_or_null(&c.copay, &vn[15]);
	v[16] = segment_or_null(&c.coinsurance, &vn[16]);
	v[17] = segment_or_null(c.ded_ind_total.known ? &c.ded_ind_total : &c.ded_fam_total, &vn[17]);
	if (terms_out != NULL)
		*terms_out = t;
}

PG_FUNCTION_INFO_V1(costshare_benefit_271_terms);
Datum
costshare_benefit_271_terms(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	cs_b271_row *rows;
	int			nrows = 0;
	TupleDesc	desc;
	Datum		v[CS_B271_TERMS_NATTS];
	bool		vn[CS_B271_TERMS_NATTS];
	cs_cents	posted_ded,
				posted_oop;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		cs_report_null("rows and out_of_network", "Pass the 271 rows (possibly empty) and the network.");
	arr = PG_GETARG_ARRAYTYPE_P(0);
	posted_ded = PG_ARGISNULL(2) ? 0 : cs_arg_money(PG_GETARG_DATUM(2), false, "posted_deductible", false);
	posted_oop = PG_ARGISNULL(3) ? 0 : cs_arg_money(PG_GETARG_DATUM(3), false, "posted_out_of_pocket", false);
	get_typlenbyvalalign(ARR_ELEMTYPE(arr), &typlen, &typbyval, &typalign);
	deconstruct_array(arr, ARR_ELEMTYPE(arr), typlen, typbyval, typalign, &elems, &nulls, &n);
	rows = palloc0(sizeof(cs_b271_row) * (n > 0 ? n : 1));
	for (int i = 0; i < n; i++)
		if (!nulls[i])
			read_row(DatumGetHeapTupleHeader(elems[i]), &rows[nrows++]);

	cs_b271_terms_values(rows, nrows, PG_GETARG_BOOL(1), posted_ded, posted_oop, v, vn, NULL);
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "benefit_271_terms: the result type is not a composite");
	desc = BlessTupleDesc(desc);
	if (desc->natts != CS_B271_TERMS_NATTS)
		elog(ERROR, "benefit_271_terms: the result type has %d attributes, not %d", desc->natts, CS_B271_TERMS_NATTS);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, v, vn)));
}

PG_FUNCTION_INFO_V1(costshare_allowed_median);
Datum
costshare_allowed_median(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				k = 0;
	cs_cents   *v;

	deconstruct_array(arr, NUMERICOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	v = palloc(sizeof(cs_cents) * (n > 0 ? n : 1));
	for (int i = 0; i < n; i++)
		if (!nulls[i])
			v[k++] = cs_arg_money(elems[i], false, "allowed", false);
	if (k == 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(cs_cents_to_numeric(cs_median_cents(v, k)));
}

PG_FUNCTION_INFO_V1(costshare_benefit_271_stale);
Datum
costshare_benefit_271_stale(PG_FUNCTION_ARGS)
{
	DateADT		as_of = PG_GETARG_DATEADT(0);
	DateADT		today = PG_GETARG_DATEADT(1);
	int32		max_age = PG_GETARG_INT32(2);

	if (DATE_NOT_FINITE(as_of) || DATE_NOT_FINITE(today))
		PG_RETURN_NULL();
	PG_RETURN_BOOL(cs_b271_stale(as_of, today, max_age));
}

PG_FUNCTION_INFO_V1(costshare_benefit_source);
Datum
costshare_benefit_source(PG_FUNCTION_ARGS)
{
	cs_b271_source s = cs_b271_source_of(PG_GETARG_BOOL(0), PG_GETARG_BOOL(1), PG_GETARG_BOOL(2));

	if (s == CS_B271_SRC_NONE)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(s == CS_B271_SRC_PLAN ? "plan" : "271"));
}

/*
 * costshare.benefit_271_coverage(active boolean[], periods daterange[], on_date date): the coverage the
 * active (EB01 1-5: true) and inactive (6-8: false) EB rows of a 271 state for a date, each with its
 * period (NULL: none stated), as the engine decides (cs_b271_coverage_on): active, inactive, outside
 * (active rows, none for the date) or NULL (none stated).
 */
/* The date a 271's coverage is decided for: a finite one (costshare.benefit_271_coverage, the estimate's 271 pricing) */
void
cs_b271_coverage_date(DateADT on)
{
	if (DATE_NOT_FINITE(on))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("the date must be finite"),
				errdetail("Coverage is decided for a date of service."),
				errhint("Give the service date."));
}

PG_FUNCTION_INFO_V1(costshare_benefit_271_coverage);
Datum
costshare_benefit_271_coverage(PG_FUNCTION_ARGS)
{
	ArrayType  *act = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *per = PG_GETARG_ARRAYTYPE_P(1);
	DateADT		on = PG_GETARG_DATEADT(2);
	Datum	   *av,
			   *pv;
	bool	   *an,
			   *pn;
	int			na,
				np;
	cs_b271_cov *rows;
	TypeCacheEntry *tc = lookup_type_cache(DATERANGEOID, TYPECACHE_RANGE_INFO);
	static const char *const words[] = {NULL, "active", "inactive", "outside"};
	cs_b271_coverage cov;

	cs_b271_coverage_date(on);
	deconstruct_array(act, BOOLOID, 1, true, TYPALIGN_CHAR, &av, &an, &na);
	deconstruct_array(per, DATERANGEOID, -1, false, TYPALIGN_INT, &pv, &pn, &np);
	if (na != np)
		ereport(ERROR,
				errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				errmsg("active and periods must have the same number of elements"),
				errdetail("%d flags, %d periods.", na, np),
				errhint("Pass one period (or NULL) per EB row."));
	rows = palloc0(sizeof(cs_b271_cov) * (na > 0 ? na : 1));
	for (int i = 0; i < na; i++)
	{
		RangeBound	lo,
					hi;
		bool		empty;

		if (an[i])
			ereport(ERROR,
					errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					errmsg("an active flag must not be null"),
					errhint("true for EB01 1-5, false for 6-8."));
		rows[i].active = DatumGetBool(av[i]);
		if (pn[i])
			continue;
		range_deserialize(tc, DatumGetRangeTypeP(pv[i]), &lo, &hi, &empty);
		rows[i].has_period = true;
		if (empty)
		{
			rows[i].lo = 1;
			rows[i].hi = 0;		/* contains no date */
			continue;
		}
		/* a daterange is canonical: [lo, hi) */
		rows[i].lo = lo.infinite ? INT64_MIN : (int64) DatumGetDateADT(lo.val);
		rows[i].hi = hi.infinite ? CS_B271_OPEN : (int64) DatumGetDateADT(hi.val);
	}
	cov = cs_b271_coverage_on(rows, na, on);
	if (words[cov] == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(words[cov]));
}

/* ---- load_271's check: the contradictions the estimate would meet (the engine's cs_p271_stored_conflict) */

/* the attribute number of a named field of a composite type, checked against its type */
static int
field_of(TupleDesc d, const char *type, const char *name, Oid typid)
{
	for (int i = 0; i < d->natts; i++)
	{
		Form_pg_attribute a = TupleDescAttr(d, i);

		if (a->attisdropped || strcmp(NameStr(a->attname), name) != 0)
			continue;
		if (a->atttypid != typid)
			ereport(ERROR,
					errcode(ERRCODE_DATATYPE_MISMATCH),
					errmsg("column %s of %s has type %s, expected %s", name, type, format_type_be(a->atttypid),
						   format_type_be(typid)),
					errhint("Update the extension: ALTER EXTENSION costshare UPDATE."));
		return i;
	}
	ereport(ERROR,
			errcode(ERRCODE_UNDEFINED_COLUMN),
			errmsg("%s has no column %s", type, name),
			errhint("Update the extension: ALTER EXTENSION costshare UPDATE."));
	pg_unreachable();
}

/* the elements of a composite array with their type's descriptor (NULL elements left out) */
static int
composite_elems(ArrayType *arr, TupleDesc *desc, Datum **elems)
{
	bool	   *nulls;
	int			n,
				k = 0;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	*desc = lookup_rowtype_tupdesc_copy(ARR_ELEMTYPE(arr), -1);
	get_typlenbyvalalign(ARR_ELEMTYPE(arr), &typlen, &typbyval, &typalign);
	deconstruct_array(arr, ARR_ELEMTYPE(arr), typlen, typbyval, typalign, elems, &nulls, &n);
	for (int i = 0; i < n; i++)
		if (!nulls[i])
			(*elems)[k++] = (*elems)[i];
	return k;
}

static void
deform(Datum composite, TupleDesc desc, Datum *v, bool *n)
{
	HeapTupleHeader h = DatumGetHeapTupleHeader(composite);
	HeapTupleData tup;

	tup.t_len = HeapTupleHeaderGetDatumLength(h);
	ItemPointerSetInvalid(&tup.t_self);
	tup.t_tableOid = InvalidOid;
	tup.t_data = h;
	heap_deform_tuple(&tup, desc, v, n);
}

static cs_name
name_of_text(Datum d, bool isnull)
{
	cs_name		nm = {NULL, 0};

	if (!isnull)
	{
		text	   *t = DatumGetTextPP(d);

		nm.data = VARDATA_ANY(t);
		nm.len = VARSIZE_ANY_EXHDR(t);
	}
	return nm;
}

/*
 * Whether a figure's amount, percent and quantity are what eligibility_benefit stores (its amount_check
 * trigger: money, rate, quantity); one that is not is left out of the check (load_271 then refuses the
 * row when it writes it, naming the column, as before)
 */
static bool
stored_in_range(const Datum *v, const bool *n)
{
	cs_cents	cents;
	cs_error	err;
	int64		micros,
				rate;

	if (!n[B271S_AMOUNT] && cs_money_problem(v[B271S_AMOUNT], "amount", &cents, &err))
		return false;
	if (!n[B271S_PERCENT] &&
		(cs_numeric_to_micros(v[B271S_PERCENT], &micros) != CS_NUM_OK ||
		 cs_rate_from_micros(micros, "percent", &rate, &err) != CS_OK))
		return false;
	if (!n[B271S_QUANTITY] &&
		(cs_numeric_to_micros(v[B271S_QUANTITY], &micros) != CS_NUM_OK || micros < 0 ||
		 micros > (int64) CS_COUNT_MAX * 1000000))
		return false;
	return true;
}

/* the categories' ranks of the last call (fn_extra), by the bytes of the array they came from */
typedef struct stc_cache
{
	Size		len;
	char	   *bytes;
	cs_p271_type_rank *ranks;
	int			nranks;
	int			ncat;
} stc_cache;

/*
 * costshare.benefit_271_conflict(figures benefit_271_figure[], categories service_type_category[]):
 * the first contradiction among one member's figures of a 271 that a line could be priced with
 * (segment, other_segment, sqlstate, message, detail, hint), or NULL. load_271 refuses the 271 with it.
 */
PG_FUNCTION_INFO_V1(costshare_benefit_271_conflict);
Datum
costshare_benefit_271_conflict(PG_FUNCTION_ARGS)
{
	static const char *const cols[B271S_NCOLS] = {
		[B271S_BENEFIT] = "benefit", [B271S_NETWORK] = "network", [B271S_LEVEL] = "level",
		[B271S_FIGURE] = "figure", [B271S_AMOUNT] = "amount", [B271S_PERCENT] = "percent",
		[B271S_QUANTITY_QUALIFIER] = "quantity_qualifier", [B271S_QUANTITY] = "quantity",
		[B271S_AUTH] = "auth_required", [B271S_SEGMENT] = "segment", [B271S_TIME_PERIOD] = "time_period",
	};
	static const Oid types[B271S_NCOLS] = {
		[B271S_BENEFIT] = TEXTOID, [B271S_NETWORK] = TEXTOID, [B271S_LEVEL] = TEXTOID,
		[B271S_FIGURE] = TEXTOID, [B271S_AMOUNT] = NUMERICOID, [B271S_PERCENT] = NUMERICOID,
		[B271S_QUANTITY_QUALIFIER] = TEXTOID, [B271S_QUANTITY] = NUMERICOID,
		[B271S_AUTH] = BOOLOID, [B271S_SEGMENT] = INT8OID, [B271S_TIME_PERIOD] = TEXTOID,
	};
	TupleDesc	fd,
				cd,
				rd;
	Datum	   *fe,
			   *ce;
	int			nf,
				nc,
				at[B271S_NCOLS],
				at_types,
				at_cat,
				at_type,
				at_rank,
				ncat = 0;
	char	  **catnames = NULL;
	cs_p271_stored_row *rows;
	const cs_p271_type_rank *ranks;
	cs_b271_row *work;
	cs_b271_conflict k;
	cs_error	err;
	Datum		ov[6];
	bool		on[6] = {false, false, false, false, false, false};

	nf = composite_elems(PG_GETARG_ARRAYTYPE_P(0), &fd, &fe);
	for (int i = 0; i < B271S_NCOLS; i++)
		at[i] = field_of(fd, "costshare.benefit_271_figure", cols[i], types[i]);
	at_types = field_of(fd, "costshare.benefit_271_figure", "service_types", TEXTARRAYOID);

	/*
	 * the categories' service types and ranks, each category numbered: converted once per call site while
	 * the array is the same (load_271 passes the same table rows for every member)
	 */
	{
		ArrayType  *ca = PG_GETARG_ARRAYTYPE_P(1);
		stc_cache  *cache = (stc_cache *) fcinfo->flinfo->fn_extra;

		if (cache == NULL || cache->len != VARSIZE(ca) || memcmp(cache->bytes, ca, VARSIZE(ca)) != 0)
		{
			MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

			if (cache == NULL)
				cache = palloc0(sizeof(stc_cache));
			else
			{
				for (int i = 0; i < cache->nranks; i++)
					pfree((char *) cache->ranks[i].type.data);
				pfree(cache->bytes);
				pfree(cache->ranks);
			}
			cache->len = VARSIZE(ca);
			cache->bytes = palloc(cache->len);
			memcpy(cache->bytes, ca, cache->len);
			cache->nranks = 0;
			cache->ncat = 0;
			fcinfo->flinfo->fn_extra = NULL;	/* (until it is complete) */
			nc = composite_elems(ca, &cd, &ce);
			at_cat = field_of(cd, "costshare.service_type_category", "category", TEXTOID);
			at_type = field_of(cd, "costshare.service_type_category", "service_type", TEXTOID);
			at_rank = field_of(cd, "costshare.service_type_category", "rank", INT4OID);
			cache->ranks = palloc0(sizeof(cs_p271_type_rank) * (nc > 0 ? nc : 1));
			catnames = palloc0(sizeof(char *) * (nc > 0 ? nc : 1));
			for (int i = 0; i < nc; i++)
			{
				Datum	   *v = palloc(sizeof(Datum) * cd->natts);
				bool	   *n = palloc(sizeof(bool) * cd->natts);
				char	   *cat;
				int			c;
				text	   *ty;

				deform(ce[i], cd, v, n);
				if (n[at_cat] || n[at_type] || n[at_rank])
					ereport(ERROR,
							errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
							errmsg("a service_type_category row must have its category, service type and rank"),
							errhint("Pass the rows of costshare.service_type_category."));
				cat = TextDatumGetCString(v[at_cat]);
				for (c = 0; c < ncat && strcmp(catnames[c], cat) != 0; c++)
					;
				if (c == ncat)
					catnames[ncat++] = cat;
				/* the type's bytes kept with the cache */
				ty = DatumGetTextPP(v[at_type]);
				cache->ranks[i].category = c;
				cache->ranks[i].type.len = VARSIZE_ANY_EXHDR(ty);
				cache->ranks[i].type.data = pnstrdup(VARDATA_ANY(ty), VARSIZE_ANY_EXHDR(ty));
				cache->ranks[i].rank = DatumGetInt32(v[at_rank]);
			}
			cache->nranks = nc;
			cache->ncat = ncat;
			MemoryContextSwitchTo(old);
			fcinfo->flinfo->fn_extra = cache;
		}
		ranks = cache->ranks;
		nc = cache->nranks;
		ncat = cache->ncat;
	}

	/* the figures, converted as the estimate converts its stored rows */
	rows = palloc0(sizeof(cs_p271_stored_row) * (nf > 0 ? nf : 1));
	work = palloc0(sizeof(cs_b271_row) * (nf > 0 ? nf : 1));
	for (int i = 0; i < nf; i++)
	{
		Datum	   *v = palloc(sizeof(Datum) * fd->natts);
		bool	   *n = palloc(sizeof(bool) * fd->natts);
		Datum		sv[B271S_NCOLS];
		bool		sn[B271S_NCOLS];

		deform(fe[i], fd, v, n);
		for (int c = 0; c < B271S_NCOLS; c++)
		{
			sv[c] = v[at[c]];
			sn[c] = n[at[c]];
		}
		if (sn[B271S_SEGMENT])
			ereport(ERROR,
					errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					errmsg("a 271 figure must have its segment"),
					errhint("Pass the position of each EB segment in its interchange."));
		if (!stored_in_range(sv, sn))
		{
			/* (a row no line could take: no kind, no rank) */
			rows[i].row.kind = CS_B271_OTHER;
			rows[i].row.amount = rows[i].row.percent = rows[i].row.quantity = CS_ABSENT;
			rows[i].row.segment = DatumGetInt64(sv[B271S_SEGMENT]);
			continue;
		}
		cs_b271_stored_row_of(sv, sn, -1, &rows[i].row);
		rows[i].eb06 = name_of_text(sv[B271S_TIME_PERIOD], sn[B271S_TIME_PERIOD]);
		if (!n[at_types])
		{
			Datum	   *te;
			bool	   *tn;
			int			nt;
			cs_name    *tv;

			deconstruct_array(DatumGetArrayTypeP(v[at_types]), TEXTOID, -1, false, TYPALIGN_INT, &te, &tn, &nt);
			tv = palloc0(sizeof(cs_name) * (nt > 0 ? nt : 1));
			for (int t = 0; t < nt; t++)
				tv[t] = name_of_text(te[t], tn[t]);
			rows[i].types = tv;
			rows[i].ntypes = nt;
		}
	}

	if (!cs_p271_stored_conflict(rows, nf, ranks, nc, ncat, work, &k))
		PG_RETURN_NULL();
	(void) cs_p271_stored_conflict_fail(&k, rows, nf, &err);
	ov[0] = Int64GetDatum(k.segment);
	ov[1] = Int64GetDatum(k.other);
	ov[2] = CStringGetTextDatum(unpack_sql_state(cs_error_sqlstate(&err)));
	ov[3] = CStringGetTextDatum(err.message);
	ov[4] = CStringGetTextDatum(err.detail);
	ov[5] = CStringGetTextDatum(err.hint);
	if (get_call_result_type(fcinfo, NULL, &rd) != TYPEFUNC_COMPOSITE || rd->natts != 6)
		elog(ERROR, "benefit_271_conflict: the result type is not a composite of 6 fields");
	rd = BlessTupleDesc(rd);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(rd, ov, on)));
}
