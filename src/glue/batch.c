/*
 * batch.c — costshare.appointment_problem: why costshare.estimate() would refuse one appointment, as a
 * SQLSTATE and a message instead of an error, so that costshare.estimate_many can answer every
 * appointment of a batch. The checks are the estimate's own, in its order (required arguments, a
 * finite date, a known place of service, an amount for billed); the money rules are the engine's
 * (cs_cents_from_micros). Whether the place of service is known is looked up by the caller (SQL).
 * And costshare.estimate_many itself, which runs the batch and keeps a family whose stored data the
 * estimate refuses from failing everybody else's estimates.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/resowner.h"
#include "utils/tuplestore.h"

#include "cs_glue.h"

static Datum
problem(FunctionCallInfo fcinfo, int sqlstate, const char *message)
{
	TupleDesc	desc;
	Datum		v[2];
	bool		n[2] = {false, false};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	desc = BlessTupleDesc(desc);
	v[0] = CStringGetTextDatum(unpack_sql_state(sqlstate));
	v[1] = CStringGetTextDatum(message);
	return HeapTupleGetDatum(heap_form_tuple(desc, v, n));
}

/*
 * costshare.appointment_problem(member_id text, service_date date, service_code text,
 *                               place_of_service_known boolean, billed numeric,
 *                               OUT sqlstate text, OUT message text)
 * NULL when costshare.estimate() would accept the appointment.
 */
PG_FUNCTION_INFO_V1(costshare_appointment_problem);
Datum
costshare_appointment_problem(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_DATUM(problem(fcinfo, ERRCODE_NULL_VALUE_NOT_ALLOWED,
								"member, service date and service code must not be null"));
	if (DATE_NOT_FINITE(PG_GETARG_DATEADT(1)))
		PG_RETURN_DATUM(problem(fcinfo, ERRCODE_INVALID_PARAMETER_VALUE, "service date must be a finite date"));
	if (PG_ARGISNULL(3) || !PG_GETARG_BOOL(3))
		PG_RETURN_DATUM(problem(fcinfo, ERRCODE_INVALID_PARAMETER_VALUE, "unknown place of service"));
	if (!PG_ARGISNULL(4))
	{
		cs_cents	cents;
		cs_error	err;

		if (cs_money_problem(PG_GETARG_DATUM(4), "billed", &cents, &err))
			PG_RETURN_DATUM(problem(fcinfo, cs_error_sqlstate(&err), psprintf("billed: %s", err.message)));
	}
	PG_RETURN_NULL();
}

/* ---- costshare.estimate_many: the batch, and the family groups it isolates ----------------------- */

/*
 * The batch is one statement (costshare.estimate_many_batch): an error in any line fails all of it. A
 * data exception there comes from a value stored for a member or a plan that the estimate refuses
 * (the readers raise class 22 naming table, column and line); it should cost that member's family its
 * estimates, not every practice's. So the batch runs in a subtransaction; on a data exception the
 * appointments are split into groups that can share no running state (the batch partitions by member
 * and by family: appointments are in one group when they share a member or a family of the member's
 * enrollments), and the groups are estimated again, halving the set of groups that fails until a
 * failing group is alone. A group estimated alone gives the rows it gives in the whole batch: nothing
 * the batch carries crosses a group. Only the error's SQLSTATE and message are kept; the estimate's
 * messages name tables, columns and lines, never a member.
 */
typedef struct em_state
{
	const char *schema;			/* the extension's schema, quoted */
	Oid			arrtype;		/* costshare.appointment[] */
	Oid			elemtype;
	int16		elemlen;
	bool		elembyval;
	char		elemalign;
	Datum	   *elems;			/* the appointments */
	int			n;
	int		   *order;			/* appointment indexes, grouped */
	int		   *group_start;	/* group g is order[group_start[g] .. group_start[g + 1]) */
	int			ngroups;
	Datum		ids;			/* bigint[]: each appointment's appt_id (NULL: NULL) */
	Datum		groups;			/* integer[]: its group, at the same position */
	Tuplestorestate *result;
	Tuplestorestate *stage;
	TupleDesc	desc;
	TupleTableSlot *slot;
} em_state;

typedef struct em_key
{
	char		kind;			/* 'm' member, 'f' family */
	const char *text;
	int			appt;
} em_key;

static int
em_key_cmp(const void *a, const void *b)
{
	const em_key *x = a;
	const em_key *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->text, y->text);
}

static int
em_find(int *parent, int i)
{
	while (parent[i] != i)
	{
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

static void
em_union(int *parent, int a, int b)
{
	a = em_find(parent, a);
	b = em_find(parent, b);
	if (a != b)
	{
		/* the smaller index is the root: groups come out in the order of their first appointment */
		if (a < b)
			parent[b] = a;
		else
			parent[a] = b;
	}
}

/*
 * The statements estimate_many runs, prepared once per backend (a small batch would otherwise spend
 * most of its time planning them) and again when the appointment type is another (the extension made
 * again); the plan cache re-plans them when a function they call is replaced.
 */
typedef enum em_stmt
{
	EM_CHECK,					/* estimate_many_check($1) */
	EM_BATCH,					/* estimate_many_batch($1, $2, $3) */
	EM_FAILED,					/* estimate_many_failed($1, $2, $3) */
	EM_GROUPS,					/* each appointment's ordinal, member and families */
	EM_NSTMT
} em_stmt;

static SPIPlanPtr em_plans[EM_NSTMT];
static Oid	em_plans_arrtype[EM_NSTMT];

static SPIPlanPtr
em_plan(em_state *st, em_stmt which)
{
	Oid			types[3] = {st->arrtype, TEXTOID, TEXTOID};
	Oid			batch_types[3] = {st->arrtype, INT8ARRAYOID, INT4ARRAYOID};
	const char *query;
	SPIPlanPtr	plan;

	if (em_plans[which] != NULL && em_plans_arrtype[which] == st->arrtype)
		return em_plans[which];
	switch (which)
	{
		case EM_CHECK:
			query = psprintf("SELECT %s.estimate_many_check($1)", st->schema);
			break;
		case EM_BATCH:
			query = psprintf("SELECT * FROM %s.estimate_many_batch($1, $2, $3)", st->schema);
			break;
		case EM_FAILED:
			query = psprintf("SELECT * FROM %s.estimate_many_failed($1, $2, $3)", st->schema);
			break;
		default:
			query = psprintf("SELECT x.ord::pg_catalog.int4, x.member_id, e.family_id, x.appt_id "
							 "FROM pg_catalog.unnest($1) WITH ORDINALITY AS x(appt_id, member_id, "
							 "service_date, service_code, provider_id, place_of_service, billed, ord) "
							 "LEFT JOIN LATERAL %s.member_enrollments(x.member_id) e ON true",
							 st->schema);
			break;
	}
	plan = SPI_prepare(query, which == EM_FAILED || which == EM_BATCH ? 3 : 1,
					   which == EM_BATCH ? batch_types : types);
	if (plan == NULL)
		elog(ERROR, "costshare.estimate_many: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "costshare.estimate_many: SPI_keepplan failed");
	if (em_plans[which] != NULL)
		SPI_freeplan(em_plans[which]);
	em_plans[which] = plan;
	em_plans_arrtype[which] = st->arrtype;
	return plan;
}

/* Runs a statement ($1 = appointments[, $2, $3]) into dest; SPI is connected */
static void
em_run(em_state *st, em_stmt which, Datum arr, int nextra, Datum *extra, Tuplestorestate *dest)
{
	Datum		values[3];
	Portal		portal;

	values[0] = arr;
	for (int i = 0; i < nextra; i++)
		values[1 + i] = extra[i];
	portal = SPI_cursor_open(NULL, em_plan(st, which), values, NULL, true);
	for (;;)
	{
		SPI_cursor_fetch(portal, true, 1000);
		if (SPI_processed == 0)
			break;
		if (SPI_tuptable->tupdesc->natts != st->desc->natts)
			elog(ERROR, "costshare.estimate_many: the batch returned %d columns, expected %d",
				 SPI_tuptable->tupdesc->natts, st->desc->natts);
		for (uint64 i = 0; i < SPI_processed; i++)
			tuplestore_puttuple(dest, SPI_tuptable->vals[i]);
		SPI_freetuptable(SPI_tuptable);
		CHECK_FOR_INTERRUPTS();
	}
	SPI_cursor_close(portal);
}

/*
 * The batch over arr into dest, in a subtransaction. false (and *err) when it failed with a data
 * exception; any other error is thrown again.
 */
static bool
em_try_batch(em_state *st, Datum arr, Tuplestorestate *dest, ErrorData **err)
{
	MemoryContext cxt = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;
	volatile bool ok = true;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(cxt);
	PG_TRY();
	{
		Datum		extra[2] = {st->ids, st->groups};

		em_run(st, EM_BATCH, arr, 2, extra, dest);
		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(cxt);
		CurrentResourceOwner = owner;
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(cxt);
		CurrentResourceOwner = owner;
		if (ERRCODE_TO_CATEGORY(edata->sqlerrcode) != ERRCODE_DATA_EXCEPTION)
			ReThrowError(edata);
		*err = edata;
		ok = false;
	}
	PG_END_TRY();
	return ok;
}

/* The appointments of groups [lo, hi) as an array */
static Datum
em_groups_array(em_state *st, int lo, int hi)
{
	int			from = st->group_start[lo];
	int			count = st->group_start[hi] - from;
	Datum	   *sub = palloc(sizeof(Datum) * Max(count, 1));
	int			dims[1] = {count};
	int			lbs[1] = {1};

	for (int i = 0; i < count; i++)
		sub[i] = st->elems[st->order[from + i]];
	return PointerGetDatum(construct_md_array(sub, NULL, 1, dims, lbs, st->elemtype, st->elemlen,
											  st->elembyval, st->elemalign));
}

/* Groups [lo, hi), whose batch together failed: each half again, until a failing group is alone */
static void
em_isolate(em_state *st, int lo, int hi, ErrorData *err)
{
	CHECK_FOR_INTERRUPTS();
	if (hi - lo == 1)
	{
		Datum		extra[2];

		extra[0] = CStringGetTextDatum(unpack_sql_state(err->sqlerrcode));
		extra[1] = CStringGetTextDatum(err->message ? err->message : "the estimate failed");
		em_run(st, EM_FAILED, em_groups_array(st, lo, hi), 2, extra, st->result);
		return;
	}
	for (int half = 0; half < 2; half++)
	{
		int			a = half == 0 ? lo : lo + (hi - lo) / 2;
		int			b = half == 0 ? lo + (hi - lo) / 2 : hi;
		ErrorData  *e = NULL;

		tuplestore_clear(st->stage);
		if (em_try_batch(st, em_groups_array(st, a, b), st->stage, &e))
		{
			while (tuplestore_gettupleslot(st->stage, true, false, st->slot))
				tuplestore_puttupleslot(st->result, st->slot);
		}
		else
			em_isolate(st, a, b, e);
	}
}

/* Groups the appointments: one group per set linked by a member or by a family of its enrollments */
static void
em_group(em_state *st, Datum arr)
{
	int		   *parent = palloc(sizeof(int) * Max(st->n, 1));
	int		   *gid = palloc(sizeof(int) * Max(st->n, 1));
	Datum	   *ids = palloc0(sizeof(Datum) * Max(st->n, 1));
	bool	   *ids_null = palloc(sizeof(bool) * Max(st->n, 1));
	Datum	   *groups = palloc(sizeof(Datum) * Max(st->n, 1));
	int		   *count;
	em_key	   *keys;
	int			nkeys = 0;
	uint64		nrows;

	for (int i = 0; i < st->n; i++)
	{
		parent[i] = i;
		ids_null[i] = true;
	}
	if (SPI_execute_plan(em_plan(st, EM_GROUPS), &arr, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "costshare.estimate_many: could not read the appointments' families");
	nrows = SPI_processed;
	keys = palloc(sizeof(em_key) * Max(2 * nrows, 1));
	for (uint64 r = 0; r < nrows; r++)
	{
		HeapTuple	t = SPI_tuptable->vals[r];
		TupleDesc	d = SPI_tuptable->tupdesc;
		bool		isnull;
		int			appt = DatumGetInt32(SPI_getbinval(t, d, 1, &isnull)) - 1;
		char	   *member = SPI_getvalue(t, d, 2);
		char	   *family = SPI_getvalue(t, d, 3);

		if (appt < 0 || appt >= st->n)
			elog(ERROR, "costshare.estimate_many: appointment %d out of range", appt + 1);
		ids[appt] = SPI_getbinval(t, d, 4, &ids_null[appt]);
		if (member)
			keys[nkeys++] = (em_key) {'m', member, appt};
		if (family)
			keys[nkeys++] = (em_key) {'f', family, appt};
	}
	qsort(keys, nkeys, sizeof(em_key), em_key_cmp);
	for (int k = 1; k < nkeys; k++)
		if (em_key_cmp(&keys[k - 1], &keys[k]) == 0)
			em_union(parent, keys[k - 1].appt, keys[k].appt);

	/* groups numbered in the order of their first appointment; order lists each group's appointments */
	st->ngroups = 0;
	for (int i = 0; i < st->n; i++)
		gid[i] = em_find(parent, i) == i ? st->ngroups++ : gid[em_find(parent, i)];
	count = palloc0(sizeof(int) * (st->ngroups + 1));
	for (int i = 0; i < st->n; i++)
		count[gid[i] + 1]++;
	st->group_start = palloc(sizeof(int) * (st->ngroups + 1));
	st->group_start[0] = 0;
	for (int g = 0; g < st->ngroups; g++)
		st->group_start[g + 1] = st->group_start[g] + count[g + 1];
	memset(count, 0, sizeof(int) * (st->ngroups + 1));
	st->order = palloc(sizeof(int) * Max(st->n, 1));
	for (int i = 0; i < st->n; i++)
		st->order[st->group_start[gid[i]] + count[gid[i]]++] = i;

	/* each appointment's group, by appt_id, for the batch */
	for (int i = 0; i < st->n; i++)
		groups[i] = Int32GetDatum(gid[i]);
	{
		int			dims[1] = {st->n};
		int			lbs[1] = {1};

		st->ids = PointerGetDatum(construct_md_array(ids, ids_null, 1, dims, lbs, INT8OID, 8, FLOAT8PASSBYVAL,
													 TYPALIGN_DOUBLE));
		st->groups = PointerGetDatum(construct_md_array(groups, NULL, 1, dims, lbs, INT4OID, 4, true,
														TYPALIGN_INT));
	}
}

/*
 * costshare.estimate_many(appointments costshare.appointment[]): see the SQL comment. Not STRICT: a
 * NULL array answers no rows, as an empty one does.
 */
PG_FUNCTION_INFO_V1(costshare_estimate_many);
Datum
costshare_estimate_many(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	em_state	st = {0};
	Datum		arr;
	ArrayType  *a;
	ErrorData  *err = NULL;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	arr = PG_GETARG_DATUM(0);
	a = DatumGetArrayTypeP(arr);
	st.schema = quote_identifier(get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid)));
	st.arrtype = get_fn_expr_argtype(fcinfo->flinfo, 0);
	if (!OidIsValid(st.arrtype))
		st.arrtype = get_array_type(ARR_ELEMTYPE(a));
	st.elemtype = ARR_ELEMTYPE(a);
	st.result = rsinfo->setResult;
	st.desc = rsinfo->setDesc;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "costshare.estimate_many: SPI_connect failed");
	/* a NULL or duplicated appt_id refuses the call */
	if (SPI_execute_plan(em_plan(&st, EM_CHECK), &arr, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "costshare.estimate_many: the appointments' check failed");

	/* the groups: the batch estimates each group's lines one after the other */
	get_typlenbyvalalign(st.elemtype, &st.elemlen, &st.elembyval, &st.elemalign);
	deconstruct_array(a, st.elemtype, st.elemlen, st.elembyval, st.elemalign, &st.elems, NULL, &st.n);
	em_group(&st, arr);

	/*
	 * estimate_many is PARALLEL UNSAFE; called anyway in a parallel operation (a mislabelled caller), where
	 * no subtransaction can start, an error fails the call
	 */
	if (IsInParallelMode())
	{
		Datum		extra[2] = {st.ids, st.groups};

		em_run(&st, EM_BATCH, arr, 2, extra, st.result);
	}
	else if (!em_try_batch(&st, arr, st.result, &err))
	{
		MemoryContext per_query = rsinfo->econtext->ecxt_per_query_memory;
		MemoryContext old;

		tuplestore_clear(st.result);
		old = MemoryContextSwitchTo(per_query);
		st.stage = tuplestore_begin_heap(false, false, work_mem);
		MemoryContextSwitchTo(old);
		st.slot = MakeSingleTupleTableSlot(st.desc, &TTSOpsMinimalTuple);
		if (st.ngroups == 1)
			em_isolate(&st, 0, 1, err);
		else
			em_isolate(&st, 0, st.ngroups, err);
		ExecDropSingleTupleTableSlot(st.slot);
		tuplestore_end(st.stage);
	}
	SPI_finish();
	return (Datum) 0;
}
