/*
 * x12.c — SQL functions over the X12 engine: costshare.parse_271(), parse_835(), parse_270() (set
 * returning, materialized) and costshare.build_270().
 *
 * The glue only converts: the engine (src/engine/cs_x12*.c) reads the document and hands out flat
 * records through a callback; each record becomes one row of the function's tuplestore.  Text values
 * are spans into the detoasted argument, copied into the row; amounts are cents and become numeric
 * with two decimals, percents and quantities millionths and become numeric with six.  Lenient mode's
 * findings become rows of record_kind 'finding' after the records; strict mode's first finding is the
 * engine's error, raised here with SQLSTATE 22P04.
 *
 * Memory: each row is built in a short-lived context (its text values in a fixed arena) that is reset
 * after the tuplestore has copied it, so a document of any size costs the tuplestore and one row.  The
 * engine does not allocate; raising an error from the callback (interrupts, row building) longjmps out
 * of it safely.
 *
 * Speed (test/bench/X12.md): a query calls the function once per document, so what does not depend on
 * the document (composite descriptors, empty arrays, the text of static words) is made once per call
 * site and kept in fn_extra; the loop context repeated on every row (payer, provider, subscriber,
 * dependent of a 271; patient, insured, rendering of an 835) is built once per loop and reused.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"
#include "utils/typcache.h"

#include "cs_glue.h"
#include "../engine/cs_x12.h"
#include "../engine/cs_x12_270.h"
#include "../engine/cs_x12_271.h"
#include "../engine/cs_x12_835.h"

/* ---- row building -------------------------------------------------------------------------------- */

#define MAX_COLS 80
#define ARENA_SIZE 16384		/* text values of one row, before the row is copied */
#define STATIC_SLOTS 64			/* text datums of the engine's and the glue's static words */

/*
 * A composite value kept from row to row (e.g. the payer of every EB of a 271): rebuilt only when the
 * bytes of the engine struct it was built from change.  The struct's spans point into the document,
 * which does not change during the call, so equal bytes mean an equal value (unequal padding can only
 * cause a needless rebuild).
 */
typedef union kept_key
{
	cs_x12_party party;
	cs_x12_271_person person;
} kept_key;

typedef struct kept_datum
{
	bool		valid;
	bool		isnull;
	Datum		value;			/* points into buf */
	char	   *buf;			/* in the builder's context */
	Size		size;
	kept_key	key;
} kept_datum;

/*
 * A run of columns kept from row to row while the bytes of the engine record they are built from stay
 * the same (the envelope and loop context of every EB of a 271, the payment header and the claim of
 * every line of an 835): their values are copied once into the builder's context and put again as
 * they are.  The key is the record's bytes (spans into the document, amounts, dates), so equal keys
 * mean equal values.
 */
#define KEPT_COLUMNS 20

typedef struct kept_columns
{
	bool		valid;
	int			first;			/* the first column */
	int			n;				/* how many */
	Datum		values[KEPT_COLUMNS];
	bool		nulls[KEPT_COLUMNS];
	char	   *data;			/* the by-reference values, in the builder's context */
	Size		data_size;
	char	   *key;			/* the record bytes they were built from */
	Size		key_size;
	Size		key_len;
} kept_columns;

/* The text datum of a static string, by the string's address */
typedef struct static_text
{
	const char *s;
	Datum		value;
} static_text;

typedef enum x12_kind
{
	X12_271,
	X12_835,
	X12_270
} x12_kind;

/*
 * The row builder of one call site (FmgrInfo), kept in fn_extra from call to call: a query calls the
 * function once per document, and looking up the composite types' descriptors, creating contexts and
 * the empty arrays once per call site rather than per document is a measurable part of a short one.
 */
typedef struct row_builder
{
	ReturnSetInfo *rsinfo;		/* of the current call */
	TupleDesc	desc;			/* of the current call */
	MemoryContext cxt;			/* lives as long as the call site: this struct and the kept values */
	MemoryContext rowcxt;		/* reset after each row */
	TypeCacheEntry *daterange;
	TupleDesc	party_desc;		/* costshare.x12_party */
	Oid			party_type;
	TupleDesc	person_desc;	/* costshare.x12_person */
	TupleDesc	dates_desc;		/* costshare.x12_dates */
	TupleDesc	adjustment_desc;	/* costshare.x12_adjustment */
	Oid			adjustment_type;
	Datum		empty_text_array;	/* '{}'::text[] */
	Datum		empty_party_array;	/* '{}'::x12_party[] */
	Datum		empty_adjustment_array; /* '{}'::x12_adjustment[] */
	kept_datum	kept[4];		/* by column: see the parse functions; forgotten at each call */
	kept_columns kept_runs[2];	/* by run of columns: the same */
	static_text statics[STATIC_SLOTS];
	char	   *arena;			/* ARENA_SIZE bytes for a row's text values */
	Size		arena_used;
	Datum		values[MAX_COLS];
	bool		nulls[MAX_COLS];
	int			col;			/* next column to fill */
} row_builder;

static TupleDesc
composite_desc(Oid type)
{
	return BlessTupleDesc(lookup_rowtype_tupdesc_copy(type, -1));
}

/* The descriptor of the composite column named name (or of the element of an array column) */
static TupleDesc
column_desc(TupleDesc desc, const char *name, Oid *type)
{
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute a = TupleDescAttr(desc, i);

		if (strcmp(NameStr(a->attname), name) == 0)
		{
			Oid			t = a->atttypid;
			Oid			elem = get_element_type(t);

			if (OidIsValid(elem))
				t = elem;
			if (type)
				*type = t;
			return composite_desc(t);
		}
	}
	elog(ERROR, "result column \"%s\" not found", name);
	return NULL;
}

/* The call site's builder, ready for a call that returns kind's rows */
static row_builder *
builder_begin(FunctionCallInfo fcinfo, x12_kind kind)
{
	FmgrInfo   *flinfo = fcinfo->flinfo;
	row_builder *b = (row_builder *) flinfo->fn_extra;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC | MAT_SRF_BLESS);
	if (b == NULL)
	{
		MemoryContext cxt = AllocSetContextCreate(flinfo->fn_mcxt, "costshare x12",
												  ALLOCSET_DEFAULT_SIZES);
		MemoryContext old = MemoryContextSwitchTo(cxt);
		TupleDesc	desc = ((ReturnSetInfo *) fcinfo->resultinfo)->setDesc;

		if (desc->natts > MAX_COLS)
			elog(ERROR, "too many result columns");
		b = palloc0(sizeof(row_builder));
		b->cxt = cxt;
		b->rowcxt = AllocSetContextCreate(cxt, "costshare x12 row", ALLOCSET_DEFAULT_SIZES);
		b->arena = palloc(ARENA_SIZE);
		b->daterange = lookup_type_cache(DATERANGEOID, TYPECACHE_RANGE_INFO);
		b->empty_text_array = PointerGetDatum(construct_empty_array(TEXTOID));
		switch (kind)
		{
			case X12_271:
				b->party_desc = column_desc(desc, "payer", &b->party_type);
				b->person_desc = column_desc(desc, "subscriber", NULL);
				b->dates_desc = column_desc(desc, "dates", NULL);
				b->empty_party_array = PointerGetDatum(construct_empty_array(b->party_type));
				break;
			case X12_835:
				b->party_desc = column_desc(desc, "patient", &b->party_type);
				b->adjustment_desc = column_desc(desc, "adjustments", &b->adjustment_type);
				b->empty_adjustment_array =
					PointerGetDatum(construct_empty_array(b->adjustment_type));
				break;
			case X12_270:
				b->party_desc = column_desc(desc, "payer", &b->party_type);
				break;
		}
		MemoryContextSwitchTo(old);
		flinfo->fn_extra = b;
	}
	b->rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	b->desc = b->rsinfo->setDesc;
	/* another document: the kept values are not its values */
	for (int i = 0; i < lengthof(b->kept); i++)
		b->kept[i].valid = false;
	for (int i = 0; i < lengthof(b->kept_runs); i++)
		b->kept_runs[i].valid = false;
	b->arena_used = 0;
	MemoryContextReset(b->rowcxt);
	return b;
}

/* Room for a value of the row being built: from the arena, else from the row context */
static void *
row_alloc(row_builder *b, Size size)
{
	Size		need = MAXALIGN(size);
	void	   *p;

	if (need > ARENA_SIZE - b->arena_used)
		return MemoryContextAlloc(b->rowcxt, size);
	p = b->arena + b->arena_used;
	b->arena_used += need;
	return p;
}

/*
 * The text datum of a string that lives as long as the backend (a literal, an engine word), kept for
 * the call site by the string's address; a string whose slot is taken gets a datum of the row.
 */
static Datum
static_text_datum(row_builder *b, const char *s)
{
	uint64		h = (uint64) (uintptr_t) s * UINT64CONST(0x9E3779B97F4A7C15);
	static_text *slot = &b->statics[h >> 58];

	if (slot->s == s)
		return slot->value;
	if (slot->s == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(b->cxt);

		slot->value = CStringGetTextDatum(s);
		slot->s = s;
		MemoryContextSwitchTo(old);
		return slot->value;
	}
	return CStringGetTextDatum(s);
}

static void
row_begin(row_builder *b)
{
	b->col = 0;
}

static void
put(row_builder *b, Datum v, bool isnull)
{
	Assert(b->col < b->desc->natts);
	b->values[b->col] = v;
	b->nulls[b->col] = isnull;
	b->col++;
}

static void
row_end(row_builder *b)
{
	if (b->col != b->desc->natts)
		elog(ERROR, "x12 row has %d columns, the result type %d", b->col, b->desc->natts);
	tuplestore_putvalues(b->rsinfo->setResult, b->desc, b->values, b->nulls);
	MemoryContextReset(b->rowcxt);
	b->arena_used = 0;
	CHECK_FOR_INTERRUPTS();
}

static Datum
span_text(row_builder *b, cs_x12_span s)
{
	text	   *t = row_alloc(b, VARHDRSZ + s.len);

	SET_VARSIZE(t, VARHDRSZ + s.len);
	memcpy(VARDATA(t), s.data, s.len);
	return PointerGetDatum(t);
}

/* Is k's value the one built from key?  Else the caller builds it and calls kept_store */
static bool
kept_hit(const kept_datum *k, const void *key, size_t len)
{
	Assert(len <= sizeof(kept_key));
	return k->valid && memcmp(&k->key, key, len) == 0;
}

/* room for size bytes at *buf (of *have bytes, in cxt) */
static void
ensure_room(MemoryContext cxt, char **buf, Size *have, Size size)
{
	if (size <= *have)
		return;
	size = Max(size, 256);
	*buf = *buf ? repalloc(*buf, size) : MemoryContextAlloc(cxt, size);
	*have = size;
}

/*
 * Put k's columns at the current column when they were built from the key (key1 and key2 one after
 * the other, key2 may be empty); false when they were not: then the caller builds them and calls
 * keep_columns.
 */
static bool
put_kept_columns(row_builder *b, const kept_columns *k, const void *key1, Size len1,
				 const void *key2, Size len2)
{
	if (!k->valid || k->first != b->col || k->key_len != len1 + len2 ||
		memcmp(k->key, key1, len1) != 0 || (len2 > 0 && memcmp(k->key + len1, key2, len2) != 0))
		return false;
	memcpy(&b->values[b->col], k->values, sizeof(Datum) * k->n);
	memcpy(&b->nulls[b->col], k->nulls, sizeof(bool) * k->n);
	b->col += k->n;
	return true;
}

/* Keep the columns put from column first on, built from the key, in k */
static void
keep_columns(row_builder *b, kept_columns *k, int first, const void *key1, Size len1,
			 const void *key2, Size len2)
{
	int			n = b->col - first;
	Size		need = 0;
	Size		at = 0;

	if (n > KEPT_COLUMNS)
		elog(ERROR, "x12 run of %d kept columns, at most %d expected", n, KEPT_COLUMNS);
	for (int i = 0; i < n; i++)
	{
		Form_pg_attribute a = TupleDescAttr(b->desc, first + i);

		if (!b->nulls[first + i] && !a->attbyval)
			need += MAXALIGN(datumGetSize(b->values[first + i], false, a->attlen));
	}
	k->valid = false;			/* until complete: an error below leaves it unused */
	ensure_room(b->cxt, &k->data, &k->data_size, need);
	ensure_room(b->cxt, &k->key, &k->key_size, len1 + len2);
	for (int i = 0; i < n; i++)
	{
		Form_pg_attribute a = TupleDescAttr(b->desc, first + i);
		Datum		v = b->values[first + i];

		k->nulls[i] = b->nulls[first + i];
		if (k->nulls[i] || a->attbyval)
			k->values[i] = v;
		else
		{
			Size		size = datumGetSize(v, false, a->attlen);

			memcpy(k->data + at, DatumGetPointer(v), size);
			k->values[i] = PointerGetDatum(k->data + at);
			at += MAXALIGN(size);
		}
	}
	memcpy(k->key, key1, len1);
	if (len2 > 0)
		memcpy(k->key + len1, key2, len2);
	k->key_len = len1 + len2;
	k->first = first;
	k->n = n;
	k->valid = true;
}

/* Keep v (a composite or NULL) as the value built from key, for the rest of the call */
static Datum
kept_store(row_builder *b, kept_datum *k, const void *key, size_t len, Datum v, bool isnull)
{
	Assert(len <= sizeof(kept_key));
	memcpy(&k->key, key, len);
	k->isnull = isnull;
	k->value = (Datum) 0;
	k->valid = true;
	if (!isnull)
	{
		Size		size = VARSIZE(DatumGetPointer(v));

		if (size > k->size)
		{
			k->buf = k->buf ? repalloc(k->buf, size) : MemoryContextAlloc(b->cxt, size);
			k->size = size;
		}
		memcpy(k->buf, DatumGetPointer(v), size);
		k->value = PointerGetDatum(k->buf);
	}
	return k->value;
}

/* values for the fields of a nested composite: the same NULL conventions as the columns */
static void
put_span(row_builder *b, cs_x12_span s)
{
	put(b, s.len ? span_text(b, s) : (Datum) 0, s.len == 0);
}

static void
put_cstr(row_builder *b, const char *s)
{
	put(b, s ? CStringGetTextDatum(s) : (Datum) 0, s == NULL);
}

/* s is NULL or a string that lives as long as the backend */
static void
put_static(row_builder *b, const char *s)
{
	put(b, s ? static_text_datum(b, s) : (Datum) 0, s == NULL);
}

static void
put_int64(row_builder *b, int64 v, bool isnull)
{
	put(b, Int64GetDatum(v), isnull);
}

static Datum
cents_datum(row_builder *b, cs_cents c)
{
	return cs_cents_to_numeric_in(c, row_alloc(b, CS_NUMERIC_MAX_SIZE));
}

static Datum
micros_datum(row_builder *b, int64 m)
{
	return cs_micros_to_numeric_in(m, row_alloc(b, CS_NUMERIC_MAX_SIZE));
}

static void
put_cents(row_builder *b, cs_cents c)
{
	put(b, c == CS_X12_NO_AMOUNT ? (Datum) 0 : cents_datum(b, c), c == CS_X12_NO_AMOUNT);
}

static void
put_micros(row_builder *b, int64 m)
{
	put(b, m == CS_X12_NO_AMOUNT ? (Datum) 0 : micros_datum(b, m), m == CS_X12_NO_AMOUNT);
}

static void
put_date(row_builder *b, cs_date d)
{
	put(b, DateADTGetDatum((DateADT) d), d == CS_X12_NO_DATE);
}

static Datum
period_range(row_builder *b, cs_x12_period p, bool *isnull)
{
	RangeBound lower,
				upper;

	*isnull = p.begin == CS_X12_NO_DATE && p.end == CS_X12_NO_DATE;
	if (*isnull)
		return (Datum) 0;
	memset(&lower, 0, sizeof(lower));
	memset(&upper, 0, sizeof(upper));
	lower.val = DateADTGetDatum((DateADT) p.begin);
	lower.infinite = p.begin == CS_X12_NO_DATE;
	lower.inclusive = !lower.infinite;
	lower.lower = true;
	upper.val = DateADTGetDatum((DateADT) p.end);
	upper.infinite = p.end == CS_X12_NO_DATE;
	upper.inclusive = !upper.infinite;
	upper.lower = false;
	if (!lower.infinite && !upper.infinite && p.begin > p.end)
		return RangeTypePGetDatum(make_range(b->daterange, &lower, &upper, false));	/* its error */

	/*
	 * Straight to daterange's canonical form, [begin, end + 1): make_range would serialize [begin,
	 * end] and then call daterange_canonical, which serializes a second time.  Parsed dates are
	 * finite calendar dates, so end + 1 is too.
	 */
	if (!upper.infinite)
	{
		upper.val = DateADTGetDatum((DateADT) p.end + 1);
		upper.inclusive = false;
	}
	return RangeTypePGetDatum(range_serialize(b->daterange, &lower, &upper, false));
}

static void
put_period(row_builder *b, cs_x12_period p)
{
	bool		isnull;
	Datum		v = period_range(b, p, &isnull);

	put(b, v, isnull);
}

static ArrayType *
span_text_array(row_builder *b, const cs_x12_span *spans, int ndims, const int *dims)
{
	int			nitems = ndims == 1 ? dims[0] : dims[0] * dims[1];
	bool		hasnulls = false;
	Size		data = 0;
	Size		overhead;
	ArrayType  *a;
	char	   *p;
	bits8	   *bitmap;

	if (nitems == 0)
		return DatumGetArrayTypeP(b->empty_text_array);
	for (int i = 0; i < nitems; i++)
	{
		if (spans[i].len == 0)
			hasnulls = true;
		else
			data += INTALIGN(VARHDRSZ + spans[i].len);
	}
	overhead = hasnulls ? ARR_OVERHEAD_WITHNULLS(ndims, nitems) : ARR_OVERHEAD_NONULLS(ndims);
	a = row_alloc(b, overhead + data);
	memset(a, 0, overhead + data);
	SET_VARSIZE(a, overhead + data);
	a->ndim = ndims;
	a->dataoffset = hasnulls ? (int32) overhead : 0;
	a->elemtype = TEXTOID;
	for (int d = 0; d < ndims; d++)
	{
		ARR_DIMS(a)[d] = dims[d];
		ARR_LBOUND(a)[d] = 1;
	}
	p = ARR_DATA_PTR(a);
	bitmap = ARR_NULLBITMAP(a);
	for (int i = 0; i < nitems; i++)
	{
		if (spans[i].len == 0)
			continue;
		SET_VARSIZE(p, VARHDRSZ + spans[i].len);
		memcpy(VARDATA(p), spans[i].data, spans[i].len);
		p += INTALIGN(VARHDRSZ + spans[i].len);
		if (bitmap)
			bitmap[i / 8] |= 1 << (i % 8);
	}
	return a;
}

static ArrayType *
span_array(row_builder *b, const cs_x12_span *spans, int n)
{
	return span_text_array(b, spans, 1, &n);
}

/* a two-dimensional text[n][width] (empty when n = 0) */
static ArrayType *
span_matrix(row_builder *b, const cs_x12_span *cells, int n, int width)
{
	int			dims[2] = {n, width};

	return span_text_array(b, cells, 2, dims);
}

static void
put_array(row_builder *b, ArrayType *a)
{
	put(b, PointerGetDatum(a), false);
}

/* composites: filled through a nested builder state (values of its own) */
typedef struct sub_row
{
	Datum		values[20];
	bool		nulls[20];
	int			col;
} sub_row;

static void
sub_span(row_builder *b, sub_row *r, cs_x12_span s)
{
	r->nulls[r->col] = s.len == 0;
	r->values[r->col++] = s.len ? span_text(b, s) : (Datum) 0;
}

static Datum
party_datum(row_builder *b, const cs_x12_party *p)
{
	sub_row		r = {{0}};

	sub_span(b, &r, p->entity);
	sub_span(b, &r, p->type);
	sub_span(b, &r, p->last);
	sub_span(b, &r, p->first);
	sub_span(b, &r, p->middle);
	sub_span(b, &r, p->suffix);
	sub_span(b, &r, p->id_qualifier);
	sub_span(b, &r, p->id);
	return HeapTupleGetDatum(heap_form_tuple(b->party_desc, r.values, r.nulls));
}

static void
put_party(row_builder *b, const cs_x12_party *p, bool present)
{
	put(b, present ? party_datum(b, p) : (Datum) 0, !present);
}

static bool party_empty(const cs_x12_party *p);

/* A loop's party, NULL when it has no NM1: kept in k while the party stays the same */
static void
put_kept_party(row_builder *b, kept_datum *k, const cs_x12_party *p)
{
	bool		present;

	if (!kept_hit(k, p, sizeof(*p)))
	{
		present = !party_empty(p);
		kept_store(b, k, p, sizeof(*p), present ? party_datum(b, p) : (Datum) 0, !present);
	}
	put(b, k->value, k->isnull);
}

static bool
party_empty(const cs_x12_party *p)
{
	return p->entity.len == 0 && p->last.len == 0 && p->id.len == 0;
}

static Datum
dates_datum(row_builder *b, const cs_x12_271_dates *d)
{
	const cs_x12_period *ps[10] = {&d->plan, &d->plan_begin, &d->plan_end, &d->eligibility,
		&d->eligibility_begin, &d->eligibility_end, &d->benefit, &d->benefit_begin,
	&d->benefit_end, &d->service};
	Datum		values[10];
	bool		nulls[10];
	bool		any = false;

	for (int i = 0; i < 10 && !any; i++)
		any = ps[i]->begin != CS_X12_NO_DATE || ps[i]->end != CS_X12_NO_DATE;
	if (!any)
		return (Datum) 0;		/* no DTP at all: the caller puts NULL */
	for (int i = 0; i < 10; i++)
		values[i] = period_range(b, *ps[i], &nulls[i]);
	return HeapTupleGetDatum(heap_form_tuple(b->dates_desc, values, nulls));
}

static Datum
person_datum(row_builder *b, const cs_x12_271_person *p)
{
	sub_row		r = {{0}};

	sub_span(b, &r, p->name.last);
	sub_span(b, &r, p->name.first);
	sub_span(b, &r, p->name.middle);
	sub_span(b, &r, p->name.suffix);
	sub_span(b, &r, p->name.id_qualifier);
	sub_span(b, &r, p->name.id);
	r.nulls[r.col] = p->birth_date == CS_X12_NO_DATE;
	r.values[r.col++] = DateADTGetDatum((DateADT) p->birth_date);
	sub_span(b, &r, p->gender);
	sub_span(b, &r, p->relationship);
	sub_span(b, &r, p->trace);
	sub_span(b, &r, p->trace_originator);
	sub_span(b, &r, p->group_number);
	sub_span(b, &r, p->group_name);
	sub_span(b, &r, p->plan_number);
	sub_span(b, &r, p->plan_name);
	r.values[r.col] = dates_datum(b, &p->dates);
	r.nulls[r.col] = r.values[r.col] == (Datum) 0;
	r.col++;
	return HeapTupleGetDatum(heap_form_tuple(b->person_desc, r.values, r.nulls));
}

/* The subscriber or dependent, NULL when its HL was not read: kept in k while it stays the same */
static void
put_person(row_builder *b, kept_datum *k, const cs_x12_271_person *p)
{
	if (!kept_hit(k, p, sizeof(*p)))
		kept_store(b, k, p, sizeof(*p), p->present ? person_datum(b, p) : (Datum) 0, !p->present);
	put(b, k->value, k->isnull);
}

static void
put_adjustments(row_builder *b, const cs_x12_835_adjustment *adj, int n)
{
	Datum	   *elems = palloc(sizeof(Datum) * Max(n, 1));

	for (int i = 0; i < n; i++)
	{
		sub_row		r = {{0}};

		sub_span(b, &r, adj[i].group);
		sub_span(b, &r, adj[i].reason);
		r.nulls[2] = adj[i].amount == CS_X12_NO_AMOUNT;
		r.values[2] = r.nulls[2] ? (Datum) 0 : cents_datum(b, adj[i].amount);
		r.nulls[3] = adj[i].quantity == CS_X12_NO_AMOUNT;
		r.values[3] = r.nulls[3] ? (Datum) 0 : micros_datum(b, adj[i].quantity);
		elems[i] = HeapTupleGetDatum(heap_form_tuple(b->adjustment_desc, r.values, r.nulls));
	}
	put_array(b, n == 0 ? DatumGetArrayTypeP(b->empty_adjustment_array) :
			  construct_array(elems, n, b->adjustment_type, -1, false, TYPALIGN_DOUBLE));
}

/* ---- mode and findings --------------------------------------------------------------------------- */

static cs_x12_mode
mode_arg(FunctionCallInfo fcinfo, int argno)
{
	text	   *t = PG_GETARG_TEXT_PP(argno);
	const char *s = VARDATA_ANY(t);
	int			len = VARSIZE_ANY_EXHDR(t);

	if (len == 6 && pg_strncasecmp(s, "strict", 6) == 0)
		return CS_X12_STRICT;
	if (len == 7 && pg_strncasecmp(s, "lenient", 7) == 0)
		return CS_X12_LENIENT;
	ereport(ERROR,
			errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			errmsg("unknown X12 parse mode"),
			errdetail("mode accepts strict or lenient."),
			errhint("Use strict to refuse documents with wrong envelope counts or unbalanced amounts, lenient to get those as finding rows."));
	return CS_X12_STRICT;
}

static const char *
finding_word(cs_x12_finding_kind k)
{
	switch (k)
	{
		case CS_X12_SE_COUNT:
			return "se_count";
		case CS_X12_SE_CONTROL:
			return "se_control";
		case CS_X12_GE_COUNT:
			return "ge_count";
		case CS_X12_GE_CONTROL:
			return "ge_control";
		case CS_X12_IEA_COUNT:
			return "iea_count";
		case CS_X12_IEA_CONTROL:
			return "iea_control";
		case CS_X12_VERSION:
			return "version";
		case CS_X12_UNKNOWN_SEGMENT:
			return "unknown_segment";
		case CS_X12_COMPONENT_SEPARATOR:
			return "component_separator";
		case CS_X12_UNBALANCED_LINE:
			return "unbalanced_line";
		case CS_X12_UNBALANCED_CLAIM:
			return "unbalanced_claim";
		case CS_X12_PATIENT_RESPONSIBILITY:
			return "patient_responsibility";
		case CS_X12_UNBALANCED_PAYMENT:
			return "unbalanced_payment";
		case CS_X12_DATE_ORDER:
			return "date_order";
		case CS_X12_TRAILING_DATA:
			return "trailing_data";
		case CS_X12_MISSING_TERMINATOR:
			return "missing_terminator";
		case CS_X12_LINE_BREAK:
			return "line_break";
		case CS_X12_PADDED_ELEMENT:
			return "padded_element";
	}
	return "other";
}

/*
 * One row per finding: record_kind 'finding', the segment's ordinal, identifier and byte offset after
 * the first column, finding_kind and finding as the last two, every other column NULL.  Findings the
 * engine did not keep are summed up in one last row of kind 'more_findings'.
 */
static void
put_findings(row_builder *b, const cs_x12_findings *fs, int segment_col)
{
	MemoryContext old = MemoryContextSwitchTo(b->rowcxt);

	for (int i = 0; i <= fs->n; i++)
	{
		const cs_x12_finding *f = i < fs->n ? &fs->f[i] : NULL;
		char		more[100];

		if (f == NULL && fs->total <= fs->n)
			break;
		row_begin(b);
		put_cstr(b, "finding");
		while (b->col < segment_col)
			put(b, (Datum) 0, true);
		put_int64(b, f ? f->segment : 0, f == NULL);
		put_cstr(b, f ? f->id : NULL);
		put_int64(b, f ? (int64) f->offset : 0, f == NULL);
		while (b->col < b->desc->natts - 2)
			put(b, (Datum) 0, true);
		if (f == NULL)
			snprintf(more, sizeof(more), "%lld more findings were not kept.",
					 (long long) (fs->total - fs->n));
		put_cstr(b, f ? finding_word(f->kind) : "more_findings");
		put_cstr(b, f ? f->text : more);
		row_end(b);
	}
	MemoryContextSwitchTo(old);
}

/* ---- costshare.parse_271 ------------------------------------------------------------------------- */

static void
row_271(const cs_x12_271_record *r, void *arg)
{
	row_builder *b = (row_builder *) arg;
	MemoryContext old = MemoryContextSwitchTo(b->rowcxt);
	bool		benefit = r->kind == CS_271_BENEFIT;
	bool		has_eb = r->eb_segment != 0;
	cs_x12_span mods[CS_271_MAX_MODIFIERS];
	cs_x12_span cells[CS_271_MAX_HSD * 8 + CS_271_MAX_REF * 3 + CS_271_MAX_III * 4];
	Datum		related[CS_271_MAX_RELATED];
	cs_x12_271_meaning m;
	int			n;

	row_begin(b);
	put_static(b, benefit ? "benefit" : "rejection");
	put_static(b, r->loop);
	put_int64(b, r->segment, false);
	put_static(b, benefit ? "EB" : "AAA");
	put_int64(b, (int64) r->offset, false);
	/* the envelope and the loop context: the same on every EB of a loop */
	{
		const char *from = (const char *) &r->interchange_control;
		Size		len = (const char *) &r->valid_request - from;
		int			first = b->col;

		if (!put_kept_columns(b, &b->kept_runs[0], from, len, NULL, 0))
		{
			put_span(b, r->interchange_control);
			put_span(b, r->group_control);
			put_span(b, r->transaction_control);
			put_span(b, r->reference);
			put_kept_party(b, &b->kept[0], &r->source);
			put_kept_party(b, &b->kept[1], &r->receiver);
			put_span(b, r->receiver_npi);
			put_person(b, &b->kept[2], &r->subscriber);
			put_person(b, &b->kept[3], &r->dependent);
			keep_columns(b, &b->kept_runs[0], first, from, len, NULL, 0);
		}
	}
	put_span(b, r->valid_request);
	put_span(b, r->reject_reason);
	put_span(b, r->follow_up);
	put_int64(b, r->eb_segment, !has_eb);
	put_span(b, r->info);
	put_span(b, r->coverage_level);
	if (has_eb)
		put_array(b, span_array(b, r->service_types, r->n_service_types));
	else
		put(b, (Datum) 0, true);
	put_span(b, r->insurance_type);
	put_span(b, r->plan_description);
	put_span(b, r->time_period);
	put_cents(b, r->amount);
	put_micros(b, r->percent);
	put_span(b, r->quantity_qualifier);
	put_micros(b, r->quantity);
	put_span(b, r->authorization);
	put_span(b, r->in_network);
	put_span(b, r->procedure_qualifier);
	put_span(b, r->procedure_code);
	if (has_eb)
	{
		for (int i = 0; i < r->n_modifiers; i++)
			mods[i] = r->modifiers[i];
		put_array(b, span_array(b, mods, r->n_modifiers));
		n = 0;
		for (int i = 0; i < r->n_hsd; i++)
			for (int k = 0; k < 8; k++)
				cells[n++] = r->hsd[i].el[k];
		put_array(b, span_matrix(b, cells, r->n_hsd, 8));
		n = 0;
		for (int i = 0; i < r->n_ref; i++)
		{
			cells[n++] = r->ref[i].qualifier;
			cells[n++] = r->ref[i].id;
			cells[n++] = r->ref[i].description;
		}
		put_array(b, span_matrix(b, cells, r->n_ref, 3));
		{
			Datum		d = dates_datum(b, &r->dates);

			put(b, d, d == (Datum) 0);
		}
		put_array(b, span_array(b, r->msg, r->n_msg));
		n = 0;
		for (int i = 0; i < r->n_iii; i++)
		{
			cells[n++] = r->iii[i].qualifier;
			cells[n++] = r->iii[i].code;
			cells[n++] = r->iii[i].category;
			cells[n++] = r->iii[i].text;
		}
		put_array(b, span_matrix(b, cells, r->n_iii, 4));
		for (int i = 0; i < r->n_related; i++)
			related[i] = party_datum(b, &r->related[i]);
		put_array(b, r->n_related == 0 ? DatumGetArrayTypeP(b->empty_party_array) :
				  construct_array(related, r->n_related, b->party_type, -1, false, TYPALIGN_DOUBLE));
	}
	else
		for (int i = 0; i < 7; i++)
			put(b, (Datum) 0, true);
	cs_x12_271_meaning_of(r, &m);
	put_static(b, m.benefit);
	put_static(b, m.level);
	put_static(b, m.network);
	put_static(b, m.figure);
	put_cstr(b, NULL);
	put_cstr(b, NULL);
	row_end(b);
	MemoryContextSwitchTo(old);
}

static text *
doc_arg(FunctionCallInfo fcinfo)
{
	return PG_GETARG_TEXT_PP(0);
}

PG_FUNCTION_INFO_V1(costshare_parse_271);
Datum
costshare_parse_271(PG_FUNCTION_ARGS)
{
	row_builder *b;
	cs_x12_result result;
	cs_error	err;
	text	   *doc;
	cs_x12_mode mode;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	doc = doc_arg(fcinfo);
	mode = mode_arg(fcinfo, 1);
	b = builder_begin(fcinfo, X12_271);
	if (cs_x12_271_parse(VARDATA_ANY(doc), VARSIZE_ANY_EXHDR(doc), mode, row_271, b, &result, &err) != CS_OK)
		cs_report(&err);
	put_findings(b, &result.findings, 2);
	MemoryContextReset(b->rowcxt);
	return (Datum) 0;
}

/* ---- costshare.parse_835 ------------------------------------------------------------------------- */

static void
put_procedure(row_builder *b, const cs_x12_835_procedure *p, bool with_description)
{
	cs_x12_span mods[CS_835_MAX_MODIFIERS];

	put_span(b, p->qualifier);
	put_span(b, p->code);
	for (int i = 0; i < p->n_modifiers; i++)
		mods[i] = p->modifiers[i];
	put_array(b, span_array(b, mods, p->n_modifiers));
	if (with_description)
		put_span(b, p->description);
}

static void
row_835(const cs_x12_835_record *r, void *arg)
{
	row_builder *b = (row_builder *) arg;
	MemoryContext old = MemoryContextSwitchTo(b->rowcxt);
	bool		line = r->kind == CS_835_LINE;
	cs_x12_835_patient ps;
	cs_error	err;

	if (cs_x12_835_patient_split(line ? r->adjustments : r->claim_adjustments,
								 line ? r->n_adjustments : r->n_claim_adjustments, &ps, &err) != CS_OK)
		cs_report(&err);
	row_begin(b);
	put_static(b, line ? "line" : "claim");
	put_int64(b, r->segment, false);
	put_static(b, line ? "SVC" : "CLP");
	put_int64(b, (int64) r->offset, false);
	/* the payment header, the same on every row of a transaction set */
	{
		const char *from = (const char *) &r->interchange_control;
		Size		len = (const char *) &r->claim_segment - from;
		int			first = b->col;

		if (!put_kept_columns(b, &b->kept_runs[0], from, len, NULL, 0))
		{
			put_span(b, r->interchange_control);
			put_span(b, r->group_control);
			put_span(b, r->transaction_control);
			put_span(b, r->handling);
			put_cents(b, r->payment_amount);
			put_span(b, r->credit_debit);
			put_span(b, r->payment_method);
			put_date(b, r->payment_date);
			put_span(b, r->trace);
			put_span(b, r->trace_originator);
			put_date(b, r->production_date);
			put_span(b, r->payer_name);
			put_span(b, r->payer_id);
			put_span(b, r->payee_name);
			put_span(b, r->payee_id_qualifier);
			put_span(b, r->payee_id);
			put_span(b, r->payee_npi);
			keep_columns(b, &b->kept_runs[0], first, from, len, NULL, 0);
		}
	}
	/* the claim, the same on its lines and on itself */
	{
		const char *from = (const char *) &r->claim_segment;
		Size		len = (const char *) &r->claim_adjustments - from;
		Size		adj = sizeof(r->claim_adjustments[0]) * r->n_claim_adjustments;
		int			first = b->col;

		if (!put_kept_columns(b, &b->kept_runs[1], from, len, r->claim_adjustments, adj))
		{
			put_int64(b, r->claim_segment, false);
			put_span(b, r->claim_id);
			put_span(b, r->claim_status);
			put_cents(b, r->claim_charge);
			put_cents(b, r->claim_paid);
			put_cents(b, r->patient_responsibility);
			put_span(b, r->filing_indicator);
			put_span(b, r->payer_claim_id);
			put_span(b, r->facility_type);
			put_span(b, r->frequency);
			put_kept_party(b, &b->kept[0], &r->patient);
			put_kept_party(b, &b->kept[1], &r->insured);
			put_kept_party(b, &b->kept[2], &r->rendering);
			put_period(b, r->statement);
			put_date(b, r->received);
			put_cents(b, r->coverage_amount);
			put_adjustments(b, r->claim_adjustments, r->n_claim_adjustments);
			keep_columns(b, &b->kept_runs[1], first, from, len, r->claim_adjustments, adj);
		}
	}
	if (line)
	{
		put(b, Int32GetDatum(r->line_number), false);
		put_procedure(b, &r->procedure, true);
		put_procedure(b, &r->original_procedure, false);
		put(b, BoolGetDatum(r->alternate_separator), false);
		put_cents(b, r->charge);
		put_cents(b, r->paid);
		put_span(b, r->revenue_code);
		put_micros(b, r->units);
		put_micros(b, r->original_units);
		put_period(b, r->service);
		put_cents(b, r->allowed);
		put_cents(b, r->amt_b6);
		put_cents(b, r->amt_au);
		put_span(b, r->control_number);
		put_adjustments(b, r->adjustments, r->n_adjustments);
		put(b, (Datum) 0, true);	/* lines: claims only */
	}
	else
	{
		for (int i = 0; i < 20; i++)
			put(b, (Datum) 0, true);
		put(b, Int32GetDatum(r->lines), false);
	}
	put_cents(b, r->adjustment_total);
	put_cents(b, r->patient_total);
	put_cents(b, r->imbalance);
	put_cents(b, ps.deductible);
	put_cents(b, ps.coinsurance);
	put_cents(b, ps.copay);
	put_cents(b, ps.other);
	put_cstr(b, NULL);
	put_cstr(b, NULL);
	row_end(b);
	MemoryContextSwitchTo(old);
}

PG_FUNCTION_INFO_V1(costshare_parse_835);
Datum
costshare_parse_835(PG_FUNCTION_ARGS)
{
	row_builder *b;
	cs_x12_result result;
	cs_error	err;
	text	   *doc;
	cs_x12_mode mode;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	doc = doc_arg(fcinfo);
	mode = mode_arg(fcinfo, 1);
	b = builder_begin(fcinfo, X12_835);
	if (cs_x12_835_parse(VARDATA_ANY(doc), VARSIZE_ANY_EXHDR(doc), mode, row_835, b, &result, &err) != CS_OK)
		cs_report(&err);
	put_findings(b, &result.findings, 1);
	MemoryContextReset(b->rowcxt);
	return (Datum) 0;
}

/* ---- costshare.parse_270 ------------------------------------------------------------------------- */

static void
row_270(const cs_x12_270_inquiry *q, void *arg)
{
	row_builder *b = (row_builder *) arg;
	MemoryContext old = MemoryContextSwitchTo(b->rowcxt);

	row_begin(b);
	put_static(b, "inquiry");
	put_int64(b, q->segment, false);
	put_static(b, "HL");
	put_int64(b, (int64) q->offset, false);
	put_span(b, q->sender_qualifier);
	put_span(b, q->sender_id);
	put_span(b, q->receiver_qualifier);
	put_span(b, q->receiver_id);
	put_span(b, q->usage);
	put_span(b, q->interchange_control);
	put_span(b, q->group_control);
	put_span(b, q->transaction_control);
	put_span(b, q->reference);
	put_date(b, q->created);
	put_span(b, q->created_time);
	put_party(b, &q->payer, !party_empty(&q->payer));
	put_party(b, &q->provider, !party_empty(&q->provider));
	put_party(b, &q->subscriber, !party_empty(&q->subscriber));
	put_date(b, q->subscriber_birth);
	put_party(b, &q->dependent, q->has_dependent);
	put_date(b, q->has_dependent ? q->dependent_birth : CS_X12_NO_DATE);
	put_span(b, q->trace);
	put_span(b, q->trace_originator);
	put_period(b, q->service);
	put_array(b, span_array(b, q->service_types, q->n_service_types));
	put_cstr(b, NULL);
	put_cstr(b, NULL);
	row_end(b);
	MemoryContextSwitchTo(old);
}

PG_FUNCTION_INFO_V1(costshare_parse_270);
Datum
costshare_parse_270(PG_FUNCTION_ARGS)
{
	row_builder *b;
	cs_x12_result result;
	cs_error	err;
	text	   *doc;
	cs_x12_mode mode;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	doc = doc_arg(fcinfo);
	mode = mode_arg(fcinfo, 1);
	b = builder_begin(fcinfo, X12_270);
	if (cs_x12_270_read(VARDATA_ANY(doc), VARSIZE_ANY_EXHDR(doc), mode, row_270, b, &result, &err) != CS_OK)
		cs_report(&err);
	put_findings(b, &result.findings, 1);
	MemoryContextReset(b->rowcxt);
	return (Datum) 0;
}

/* ---- costshare.build_270 ------------------------------------------------------------------------- */

static const char *
opt_text(FunctionCallInfo fcinfo, int argno)
{
	return PG_ARGISNULL(argno) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(argno));
}

static cs_date
opt_date(FunctionCallInfo fcinfo, int argno, const char *field)
{
	DateADT		d;

	if (PG_ARGISNULL(argno))
		return CS_X12_NO_DATE;
	d = PG_GETARG_DATEADT(argno);
	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("270 dates must be finite"),
				errdetail("%s is infinity or -infinity.", field),
				errhint("Give a calendar date, or NULL to leave it out."));
	return (cs_date) d;
}

static int64
opt_control(FunctionCallInfo fcinfo, int argno, int64 if_null)
{
	return PG_ARGISNULL(argno) ? if_null : PG_GETARG_INT64(argno);
}

PG_FUNCTION_INFO_V1(costshare_build_270);
Datum
costshare_build_270(PG_FUNCTION_ARGS)
{
	cs_x12_270_request req;
	char		buf[CS_270_MAX_SIZE];
	size_t		len;
	cs_error	err;
	const char **types = NULL;
	int			ntypes = 0;
	Timestamp	created;
	struct pg_tm tm;
	fsec_t		fsec;

	cs_x12_270_init(&req);
	req.sender_id = opt_text(fcinfo, 0);
	req.receiver_id = opt_text(fcinfo, 1);
	req.interchange_control = opt_control(fcinfo, 2, 0);
	if (PG_ARGISNULL(3))
		cs_report_null("created", "Give the time the inquiry is created, for example localtimestamp(0).");
	created = PG_GETARG_TIMESTAMP(3);
	if (TIMESTAMP_NOT_FINITE(created) || timestamp2tm(created, NULL, &tm, &fsec, NULL, NULL) != 0)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("270 creation time must be finite"),
				errdetail("created is infinity or -infinity."),
				errhint("Give the time the inquiry is created, for example localtimestamp(0)."));
	req.created = (cs_date) (date2j(tm.tm_year, tm.tm_mon, tm.tm_mday) - POSTGRES_EPOCH_JDATE);
	req.created_time = tm.tm_hour * 100 + tm.tm_min;
	req.reference = opt_text(fcinfo, 4);
	req.payer_name = opt_text(fcinfo, 5);
	req.payer_id = opt_text(fcinfo, 6);
	req.provider_last = opt_text(fcinfo, 7);
	req.provider_npi = opt_text(fcinfo, 8);
	req.trace = opt_text(fcinfo, 9);
	req.trace_originator = opt_text(fcinfo, 10);
	req.subscriber_last = opt_text(fcinfo, 11);
	req.subscriber_id = opt_text(fcinfo, 12);
	if (!PG_ARGISNULL(13))
	{
		ArrayType  *a = PG_GETARG_ARRAYTYPE_P(13);
		Datum	   *elems;
		bool	   *enulls;

		deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &elems, &enulls, &ntypes);
		types = palloc(sizeof(char *) * Max(ntypes, 1));
		for (int i = 0; i < ntypes; i++)
		{
			if (enulls[i])
				cs_report_null("a service type", "Give service type codes such as 30, MH or A6; leave NULLs out of the array.");
			types[i] = TextDatumGetCString(elems[i]);
		}
	}
	req.service_types = types;
	req.n_service_types = ntypes;
	req.subscriber_first = opt_text(fcinfo, 14);
	req.subscriber_middle = opt_text(fcinfo, 15);
	req.subscriber_birth = opt_date(fcinfo, 16, "subscriber_birth");
	req.dependent_last = opt_text(fcinfo, 17);
	req.dependent_first = opt_text(fcinfo, 18);
	req.dependent_birth = opt_date(fcinfo, 19, "dependent_birth");
	req.service_date = opt_date(fcinfo, 20, "service_date");
	req.provider_first = opt_text(fcinfo, 21);
	req.group_control = opt_control(fcinfo, 22, req.interchange_control);
	req.transaction_control = opt_control(fcinfo, 23, req.interchange_control);
	req.sender_qualifier = opt_text(fcinfo, 24);
	req.receiver_qualifier = opt_text(fcinfo, 25);
	req.production = !PG_ARGISNULL(26) && PG_GETARG_BOOL(26);
	req.line_breaks = !PG_ARGISNULL(27) && PG_GETARG_BOOL(27);

	if (cs_x12_270_build(&req, buf, sizeof(buf), &len, &err) != CS_OK)
		cs_report(&err);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, (int) len));
}
