/*
 * cs_glue.h — what the Postgres glue files share: error reporting, numeric conversion, composite
 * conversion of terms / accum / breakdown, and the per-call cache kept in fn_extra.
 *
 * The glue only converts and reports: every rule is in src/engine.
 */
#ifndef CS_GLUE_H
#define CS_GLUE_H

#include "postgres.h"

#include "access/htup.h"
#include "access/tupdesc.h"
#include "fmgr.h"
#include "utils/date.h"

#include "../engine/cs_adjudicate.h"
#include "../engine/cs_benefit_terms.h"
#include "../engine/cs_cob.h"
#include "../engine/cs_family.h"

/* ---- errors ------------------------------------------------------------------------------------ */

/* Raise the engine's error as ERROR with its SQLSTATE, message, detail and hint */
void		cs_report(const cs_error *err) pg_attribute_noreturn();

/* The SQLSTATE (ERRCODE_*) an engine error is raised with */
int			cs_error_sqlstate(const cs_error *err);

/* A required argument is NULL */
void		cs_report_null(const char *what, const char *hint) pg_attribute_noreturn();

/* ---- numeric ----------------------------------------------------------------------------------- */

typedef enum cs_numeric_status
{
	CS_NUM_OK = 0,
	CS_NUM_TOO_PRECISE,			/* digits below the sixth decimal place */
	CS_NUM_TOO_LARGE,			/* beyond what fits in int64 millionths */
	CS_NUM_NOT_FINITE			/* NaN or infinity */
} cs_numeric_status;

/* numeric -> value * 10^6, exactly; no allocation for untoasted values */
cs_numeric_status cs_numeric_to_micros(Datum num, int64 *micros);

/* numeric percentage -> 10^-12 units, exactly; 22003 / 22023 naming percent otherwise (fee.c) */
int64		cs_fee_percent_units(Datum percent);

/* cents -> numeric with two decimals, built directly in the on-disk format */
Datum		cs_cents_to_numeric(int64 cents);

/* integer millionths -> numeric with six decimals (rates) */
Datum		cs_micros_to_numeric(int64 micros);

/* The same into a caller's buffer of CS_NUMERIC_MAX_SIZE bytes, int-aligned (no allocation) */
#define CS_NUMERIC_MAX_SIZE 32
Datum		cs_cents_to_numeric_in(int64 cents, void *buf);
Datum		cs_micros_to_numeric_in(int64 micros, void *buf);

/* cents -> numeric with a 1-byte varlena header (as a row stores it) at p; returns its size (<= 32) */
#define CS_SHORT_NUMERIC_MAX 32
int			cs_cents_to_short_numeric(int64 cents, char *p);

/* The same with zero (a third of a breakdown's amounts, typically) written inline: 0.00 is a short
 * numeric header (0x8000) with display scale 2, weight 0 and no digits */
static inline int
cs_put_cents(int64 cents, char *p)
{
	if (cents == 0)
	{
		uint16		header = 0x8000 | (2 << 7);

		SET_VARSIZE_1B(p, VARHDRSZ_SHORT + sizeof(header));
		memcpy(p + VARHDRSZ_SHORT, &header, sizeof(header));
		return VARHDRSZ_SHORT + sizeof(header);
	}
	return cs_cents_to_short_numeric(cents, p);
}

/* numeric field -> cents (CS_ABSENT for NULL when optional); errors are raised */
cs_cents	cs_arg_money(Datum d, bool isnull, const char *field, bool optional);

/* numeric -> cents without raising: true (and *err filled) when it is not an amount */
bool		cs_money_problem(Datum d, const char *field, cs_cents *out, cs_error *err);
/*
 * Every numeric field of a composite the caller passed whose numeric fields are all amounts
 * (costshare.breakdown, estimate_result, coordination), checked as an amount: a function that reads only
 * some of them must not take (and hand on) a NaN, infinite, negative or fractional one in the others.
 * The error names the field as what.field (what NULL: the field alone).
 */
void		cs_check_money_fields(TupleDesc desc, const Datum *values, const bool *nulls, const char *what);

/* numeric field -> rate in millionths, 0..1 (0 for NULL); errors are raised */
int64		cs_arg_rate(Datum d, bool isnull, const char *field);

/* integer field -> count, 0..1000000 (if_null for NULL); errors are raised */
int64		cs_arg_count(Datum d, bool isnull, const char *field, int64 if_null);

/* ---- values read from the extension's tables (amounts.c) ---------------------------------------- */

/* NULL when the stored value is whole cents in range (then *cents is set), else what is wrong */
const char *cs_stored_money_problem(Datum d, int64 *cents);
const char *cs_stored_rate_problem(Datum d);
const char *cs_stored_count_problem(int64 v);

/* Refuse a stored value, naming the table, column and the row's key (never a member id) */
void		cs_report_stored(const char *table, const char *column, const char *key,
							 const char *problem) pg_attribute_noreturn();

/* ---- composites -------------------------------------------------------------------------------- */

#define CS_TERMS_NATTS 23
#define CS_ACCUM_NATTS 7
#define CS_BREAKDOWN_NATTS 12

/* A costshare.breakdown value deformed into CS_BREAKDOWN_NATTS values (its field count checked) */
void		cs_breakdown_deform(HeapTupleHeader h, Datum *b, bool *bn, const char *what);

/*
 * In a window, the frame of a running aggregate (accumulate, plan_maximum) must run from the
 * partition's first row to the current row, excluding nothing: refused otherwise, naming fn and saying
 * why (detail).
 */
void		cs_require_running_frame(FunctionCallInfo fcinfo, const char *fn, const char *detail);

/* A small cache of decoded terms, keyed by the composite's bytes */
#define CS_TERMS_CACHE 8

typedef struct cs_terms_slot
{
	char	   *raw;			/* copy of the composite datum's bytes (without the varlena header) */
	Size		raw_len;
	cs_terms	terms;			/* bucket and credit names point into names */
	char	   *names;
} cs_terms_slot;

#define CS_MONEY_CACHE 256

typedef struct cs_money_slot
{
	int64		cents;
	Datum		value;			/* 0 when empty */
	uint64		used;			/* the generation (row) that last returned it */
} cs_money_slot;

typedef struct cs_fn_cache
{
	MemoryContext mcxt;
	TupleDesc	terms_desc;
	TupleDesc	accum_in_desc;
	TupleDesc	accum_desc;		/* blessed, for acc_after */
	TupleDesc	result_desc;	/* blessed, for a function's own composite result */
	TupleDesc	facts_desc;		/* costshare.eligibility_facts */
	cs_terms_slot terms[CS_TERMS_CACHE];
	int			terms_next;
	int			terms_last;		/* the slot that answered last */
	char	   *accum_raw;		/* the last accum composite's bytes (without the varlena header) */
	Size		accum_raw_len;
	cs_accum	accum;			/* ... decoded and validated */
	uint64		generation;		/* rows built so far (money cache replacement) */
	int			breakdown_direct;	/* 0 unknown, 1 the breakdown is formed directly, -1 not */
#define CS_ROW_HEADER_MAX 32
	char		breakdown_header[CS_ROW_HEADER_MAX];	/* as heap_form_tuple wrote them */
	char		acc_header[CS_ROW_HEADER_MAX];
	Datum		reasons[1 << CS_REASON_COUNT];
	cs_money_slot money[CS_MONEY_CACHE];
} cs_fn_cache;

cs_fn_cache *cs_get_cache(FunctionCallInfo fcinfo);

/* The function's composite result type, blessed once per call site */
TupleDesc	cs_result_desc(FunctionCallInfo fcinfo, cs_fn_cache *cache);

/* A composite argument -> values/nulls, its descriptor looked up once into *slot */
void		cs_deform_row(cs_fn_cache *cache, Datum composite, TupleDesc *slot, int natts,
						  const char *type_name, Datum *values, bool *nulls);

/*
 * The engine's terms of a line (cs_benefit_terms_of) -> the costshare.terms composite of desc (the type's
 * row description): the one costshare.terms() forms of the same arguments
 */
Datum		cs_terms_composite(TupleDesc desc, const cs_benefit_terms *bt);

/* costshare.terms composite -> cs_terms (validated, cached); raises errors */
const cs_terms *cs_decode_terms(cs_fn_cache *cache, Datum composite);

/* costshare.accum composite -> cs_accum (validated); raises errors */
void		cs_decode_accum(cs_fn_cache *cache, Datum composite, cs_accum *out);

/* cs_result -> costshare.breakdown composite; the result type is taken from fcinfo */
Datum		cs_make_breakdown(FunctionCallInfo fcinfo, cs_fn_cache *cache, const cs_result *r);

/* costshare.adjudicate's arguments as datums -> the engine's result; raises on bad input */
void		cs_adjudicate_datums(cs_fn_cache *cache, Datum allowed, bool allowed_null, Datum terms,
								 bool terms_null, Datum acc, bool acc_null, Datum billed, bool billed_null,
								 cs_result *result);

/* cs_result -> the values of a costshare.breakdown (acc_after formed with accum_desc) */
void		cs_breakdown_values(cs_fn_cache *cache, TupleDesc accum_desc, const cs_result *r, Datum *values,
								bool *nulls);

/*
 * The engine's remaining amounts (cs_remaining) over a costshare.terms and a costshare.accum composite,
 * as costshare.remaining's three values (deductible, oop, visits); NULL terms give three NULLs
 * (eligibility.c)
 */
void		cs_remaining_values(cs_fn_cache *cache, Datum terms, bool terms_null, Datum acc, bool acc_null,
								Datum *out, bool *nulls);

/* date -> (month, day) of a benefit period start; raises for infinite dates */
void		cs_period_of_date(DateADT d, int *month, int *day);

/* benefit271.c: an EB row (costshare.benefit_271_row's ten fields) to the engine's, and the terms the
 * engine chooses from such rows as costshare.benefit_271_terms' CS_B271_TERMS_NATTS values */
#define CS_B271_TERMS_NATTS 18
struct cs_b271_row;
struct cs_b271_terms;
void		cs_b271_row_of(const Datum *v, const bool *n, struct cs_b271_row *r);
void		cs_b271_terms_values(const struct cs_b271_row *rows, int nrows, bool out_of_network, int64 posted_ded,
								 int64 posted_oop, Datum *v, bool *vn, struct cs_b271_terms *terms_out);
void		cs_b271_coverage_date(DateADT on);

/*
 * An eligibility_benefit row's columns as the 271 pricing and load_271's check read them (in this order),
 * to the engine's row: the one conversion of a stored EB row (cs_b271_stored_row_of; rank: its rank for
 * the line's category, < 0 none)
 */
enum
{
	B271S_BENEFIT, B271S_NETWORK, B271S_LEVEL, B271S_FIGURE, B271S_AMOUNT, B271S_PERCENT,
	B271S_QUANTITY_QUALIFIER, B271S_QUANTITY, B271S_AUTH, B271S_SEGMENT, B271S_TIME_PERIOD,
	B271S_NCOLS
};
void		cs_b271_stored_row_of(const Datum *v, const bool *n, int rank, struct cs_b271_row *r);

/* ---- text: encodings and quoted input (text.c) ------------------------------------------------- */

/* A text's bytes in UTF-8 for the engine (converted from the database encoding when needed) */
const char *cs_text_to_utf8(text *t, size_t *len);

/*
 * The engine's UTF-8 text as a text in the database encoding; 22P05 (untranslatable_character)
 * naming the character where the encoding has no equivalent.  what names the text ("the explanation").
 */
text	   *cs_text_from_utf8(const char *s, size_t len, const char *what);

/*
 * A value the user gave, for quoting in a message: its first CS_EXCERPT_CHARS characters, then "..."
 * when it is longer; control characters become '?'.  palloc'd.  Every message that echoes input
 * quotes it through this (PL/pgSQL through costshare.error_excerpt).
 */
#define CS_EXCERPT_CHARS 40
char	   *cs_excerpt(const char *s, size_t len);
char	   *cs_excerpt_text(text *t);

/* ---- roles (dba.c) ------------------------------------------------------------------------------ */

/* The current user is a member of costshare_estimator: may run the estimate's lookups without SELECT */
bool		cs_lookup_allowed(void);

/* costshare.member_cache (lookup.c): whether a snapshot's repeated reads of the practice's tables are kept */
extern bool cs_member_cache_enabled;
/* costshare.member_cache_size (lookup.c): its cap in kB */
extern int	cs_member_cache_kb;

/* lookup.c: refuses a query that names the extension's tables on a Citus worker (the ExecutorRun hook) */
struct PlannedStmt;
Oid			cs_extension_schema(void);
void		cs_citus_worker_guard(struct PlannedStmt *stmt);

/* lookup.c: the namespace whose tables the estimate's lookups read (InvalidOid: the extension's) */
void		cs_lookup_table_set(Oid nsp);

/*
 * lookup.c: costshare.estimate's result for arguments 0..5 of fcinfo (member, service_date,
 * service_code, provider, place_of_service, billed) and an explicit No Surprises Act flag; the
 * arguments after 5 are the caller's own (costshare.estimate's flag, the as-of table set's OID).
 */
Datum		cs_estimate_line(FunctionCallInfo fcinfo, bool nsa_protected);

/*
 * cob.c: a costshare.coordination's attributes, found by name once (cs_cob_layout_init, descriptors
 * copied into the current memory context); the engine's coordination formed as one (cs_cob_form); the
 * later plan's terms, accumulators and method decoded and checked as costshare.coordinate does
 * (cs_cob_decode). The estimate's later payers (lookup.c) call the engine with these, in cents.
 */
typedef struct cs_cob_layout
{
	TupleDesc	desc;			/* blessed costshare.coordination */
	TupleDesc	accum_desc;		/* blessed costshare.accum, for acc_after */
	int			natts;
	int			method,
				allowed,
				primary_paid,
				normal,
				secondary,
				patient,
				written_off,
				reserve_used,
				reserve_after,
				codes,
				acc_after,
				plan_max_excess,
				normal_deductible,
				normal_copay,
				normal_coinsurance;
} cs_cob_layout;

void		cs_cob_layout_init(cs_cob_layout *l, TupleDesc coordination);
Datum		cs_cob_form(const cs_cob_layout *l, const cs_cob_result *r, cs_cents primary_paid);
void		cs_cob_decode(cs_fn_cache *cache, Datum terms_datum, bool acc_null, Datum acc_datum,
						  const char *method_word, size_t method_len, const cs_terms **terms, cs_accum *acc,
						  cs_cob_method *method);

/* ---- estimate_many (batch.c, lookup.c) ------------------------------------------------------ */

/* costshare.appointment: appt_id, member_id, service_date, service_code, provider_id, place_of_service, billed */
#define CS_AP_NATTS 7

/* The element type's descriptor, checked against that layout (42804 otherwise) */
TupleDesc	cs_appointment_desc(Oid elemtype);

/* One appointment's fields into v / n (CS_AP_NATTS each); a NULL element: every field NULL */
void		cs_appointment_fields(Datum elem, bool elem_null, TupleDesc apdesc, Datum *v, bool *n);

/*
 * Why costshare.estimate() would refuse an appointment (its checks, in its order): true with the
 * SQLSTATE and a message without member data, false when it would accept it
 */
bool		cs_appointment_problem(bool member_null, bool date_null, bool code_null, DateADT date,
								   bool pos_known, bool billed_null, Datum billed, int *sqlstate, char **message);

/* estimate_many's batch over n appointments, appointment i in group grp[i]: its rows into dest */
struct Tuplestorestate;
void		cs_estimate_many_run(FunctionCallInfo fcinfo, const Datum *elems, const bool *elem_nulls, int n,
								 TupleDesc apdesc, const int32 *grp, struct Tuplestorestate *dest, TupleDesc out);

#endif							/* CS_GLUE_H */
