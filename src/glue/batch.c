/*
 * batch.c — costshare.appointment_problem: why costshare.estimate() would refuse one appointment, as a
 * SQLSTATE and a message instead of an error, so that costshare.estimate_many can answer every
 * appointment of a batch. The checks are the estimate's own, in its order (required arguments, a
 * finite date, a known place of service, an amount for billed); the money rules are the engine's
 * (cs_cents_from_micros). Whether the place of service is known is looked up by the caller (SQL for
 * appointment_problem and estimate_many_checked; the batch's C in lookup.c).
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
	int			sqlstate;
	char	   *message;

	if (!cs_appointment_problem(PG_ARGISNULL(0), PG_ARGISNULL(1), PG_ARGISNULL(2),
								PG_ARGISNULL(1) ? 0 : PG_GETARG_DATEADT(1),
								!PG_ARGISNULL(3) && PG_GETARG_BOOL(3), PG_ARGISNULL(4),
								PG_ARGISNULL(4) ? (Datum) 0 : PG_GETARG_DATUM(4), &sqlstate, &message))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(problem(fcinfo, sqlstate, message));
}

bool
cs_appointment_problem(bool member_null, bool date_null, bool code_null, DateADT date, bool pos_known,
					   bool billed_null, Datum billed, int *sqlstate, char **message)
{
	if (member_null || date_null || code_null)
	{
		*sqlstate = ERRCODE_NULL_VALUE_NOT_ALLOWED;
		*message = "member, service date and service code must not be null";
		return true;
	}
	if (DATE_NOT_FINITE(date))
	{
		*sqlstate = ERRCODE_INVALID_PARAMETER_VALUE;
		*message = "service date must be a finite date";
		return true;
	}
	if (!pos_known)
	{
		*sqlstate = ERRCODE_INVALID_PARAMETER_VALUE;
		*message = "unknown place of service";
		return true;
	}
	if (!billed_null)
	{
		cs_cents	cents;
		cs_error	err;

		if (cs_money_problem(billed, "billed", &cents, &err))
		{
			*sqlstate = cs_error_sqlstate(&err);
			*message = psprintf("billed: %s", err.message);
			return true;
		}
	}
	return false;
}

/* ---- costshare.estimate_many: the batch, and the family groups it isolates ----------------------- */

/*
 * The batch is one pass in C (cs_estimate_many_run): an error in any line fails all of it. A
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
	FunctionCallInfo fcinfo;	/* estimate_many's (the batch keeps its descriptors in fn_extra) */
	const char *schema;			/* the extension's schema, quoted */
	Oid			arrtype;		/* costshare.appointment[] */
	Oid			elemtype;
	int16		elemlen;
	bool		elembyval;
	char		elemalign;
	TupleDesc	apdesc;			/* costshare.appointment, checked */
	Datum	   *elems;			/* the appointments */
	bool	   *elem_nulls;
	int			n;
	int		   *order;			/* appointment indexes, grouped */
	int		   *group_start;	/* group g is order[group_start[g] .. group_start[g + 1]) */
	int			ngroups;
	int32	   *grp;			/* each appointment's group, at its position */
	Tuplestorestate *result;
	Tuplestorestate *stage;
	TupleDesc	desc;
	TupleTableSlot *slot;
} em_state;

typedef struct em_key
{
	uint64		pre;			/* the text's first 8 bytes, big-endian, zero-padded (a text has no NUL) */
	const char *text;
	int			len;
	int			appt;
	char		kind;			/* 'm' member, 'f' family */
} em_key;

static em_key
em_key_make(char kind, text *t, int appt)
{
	em_key		k;
	const unsigned char *p = (const unsigned char *) VARDATA_ANY(t);

	k.kind = kind;
	k.text = VARDATA_ANY(t);
	k.len = VARSIZE_ANY_EXHDR(t);
	k.appt = appt;
	k.pre = 0;
	for (int i = 0; i < 8; i++)
		k.pre = (k.pre << 8) | (i < k.len ? p[i] : 0);
	return k;
}

/* byte order of the texts (the order does not matter, only that equal texts meet) */
static int
em_key_cmp(const void *a, const void *b)
{
	const em_key *x = a;
	const em_key *y = b;
	int			c;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->pre != y->pre)
		return x->pre < y->pre ? -1 : 1;
	if (x->len > 8 && y->len > 8)
	{
		c = memcmp(x->text + 8, y->text + 8, Min(x->len, y->len) - 8);
		if (c != 0)
			return c;
	}
	return x->len < y->len ? -1 : x->len > y->len;
}

/* the sort of em_key arrays, with the comparison inlined (a call of a million keys sorts them twice) */
#define ST_SORT em_key_sort
#define ST_ELEMENT_TYPE em_key
#define ST_COMPARE(a, b) em_key_cmp(a, b)
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

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
 * The statements estimate_many runs through SPI, prepared once per backend and planned once (generic
 * plans: a custom plan would copy and fold the whole array of appointments at every call), again when
 * the appointment type is another (the extension made again); the plan cache re-plans them when a
 * function they call is replaced.
 */
typedef enum em_stmt
{
	EM_FAILED,					/* estimate_many_failed($1, $2, $3) */
	EM_FAMILIES,				/* the families of each member's enrollments */
	EM_NSTMT
} em_stmt;

static SPIPlanPtr em_plans[EM_NSTMT];
static Oid	em_plans_arrtype[EM_NSTMT];

static SPIPlanPtr
em_plan(em_state *st, em_stmt which)
{
	Oid			types[3] = {st->arrtype, TEXTOID, TEXTOID};
	Oid			members_type = TEXTARRAYOID;
	const char *query;
	SPIPlanPtr	plan;

	if (em_plans[which] != NULL && em_plans_arrtype[which] == st->arrtype)
		return em_plans[which];
	if (which == EM_FAILED)
		query = psprintf("SELECT * FROM %s.estimate_many_failed($1, $2, $3)", st->schema);
	else
		query = psprintf("SELECT m.member_id, e.family_id "
						 "FROM pg_catalog.unnest($1) AS m(member_id) "
						 "CROSS JOIN LATERAL %s.member_enrollments(m.member_id) e",
						 st->schema);
	plan = SPI_prepare_cursor(query, which == EM_FAILED ? 3 : 1, which == EM_FAILED ? types : &members_type,
							  CURSOR_OPT_GENERIC_PLAN);
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

/* The rows of estimate_many_failed($1, $2, $3) into dest; SPI is connected */
static void
em_run_failed(em_state *st, Datum arr, Datum sqlstate, Datum message, Tuplestorestate *dest)
{
	Datum		values[3] = {arr, sqlstate, message};
	Portal		portal;

	portal = SPI_cursor_open(NULL, em_plan(st, EM_FAILED), values, NULL, true);
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

static bool em_try(em_state *st, Datum *elems, bool *nulls, int32 *grp, int count, Tuplestorestate *dest,
				   ErrorData **err);

/*
 * The batch over groups [lo, hi) into dest (created outside the subtransaction, so that a file it
 * spills to belongs to the call), in a subtransaction (em_try). false (and *err) when it failed with a
 * data exception; any other error is thrown again.
 */
static bool
em_try_batch(em_state *st, int lo, int hi, Tuplestorestate *dest, ErrorData **err)
{
	int			from = st->group_start[lo];
	int			count = st->group_start[hi] - from;
	Datum	   *elems;
	bool	   *nulls;
	int32	   *grp;

	/* the whole call: the appointments as given; else the groups' appointments, grouped */
	if (lo == 0 && hi == st->ngroups)
	{
		elems = st->elems;
		nulls = st->elem_nulls;
		grp = st->grp;
		count = st->n;
	}
	else
	{
		elems = palloc(sizeof(Datum) * Max(count, 1));
		nulls = palloc(sizeof(bool) * Max(count, 1));
		grp = palloc(sizeof(int32) * Max(count, 1));
		for (int i = 0; i < count; i++)
		{
			int			k = st->order[from + i];

			elems[i] = st->elems[k];
			nulls[i] = st->elem_nulls[k];
			grp[i] = st->grp[k];
		}
	}
	return em_try(st, elems, nulls, grp, count, dest, err);
}

static bool
em_try(em_state *st, Datum *elems, bool *nulls, int32 *grp, int count, Tuplestorestate *dest, ErrorData **err)
{
	MemoryContext cxt = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;
	volatile bool ok = true;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(cxt);
	PG_TRY();
	{
		cs_estimate_many_run(st->fcinfo, elems, nulls, count, st->apdesc, grp, dest, st->desc);
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
	bool	   *subn = palloc(sizeof(bool) * Max(count, 1));
	int			dims[1] = {count};
	int			lbs[1] = {1};

	for (int i = 0; i < count; i++)
	{
		sub[i] = st->elems[st->order[from + i]];
		subn[i] = st->elem_nulls[st->order[from + i]];
	}
	return PointerGetDatum(construct_md_array(sub, subn, 1, dims, lbs, st->elemtype, st->elemlen,
											  st->elembyval, st->elemalign));
}

/* Groups [lo, hi), whose batch together failed: each half again, until a failing group is alone */
static void
em_isolate(em_state *st, int lo, int hi, ErrorData *err)
{
	CHECK_FOR_INTERRUPTS();
	if (hi - lo == 1)
	{
		em_run_failed(st, em_groups_array(st, lo, hi),
					  CStringGetTextDatum(unpack_sql_state(err->sqlerrcode)),
					  CStringGetTextDatum(err->message ? err->message : "the estimate failed"), st->result);
		return;
	}
	for (int half = 0; half < 2; half++)
	{
		int			a = half == 0 ? lo : lo + (hi - lo) / 2;
		int			b = half == 0 ? lo + (hi - lo) / 2 : hi;
		ErrorData  *e = NULL;

		tuplestore_clear(st->stage);
		if (em_try_batch(st, a, b, st->stage, &e))
		{
			while (tuplestore_gettupleslot(st->stage, true, false, st->slot))
				tuplestore_puttupleslot(st->result, st->slot);
		}
		else
			em_isolate(st, a, b, e);
	}
}

static int
em_int64_cmp(const void *a, const void *b)
{
	int64		x = *(const int64 *) a,
				y = *(const int64 *) b;

	return x < y ? -1 : x > y;
}

/*
 * A NULL or duplicated appt_id refuses the call: NULL first (with how many), else the smallest
 * duplicated one (with how many times)
 */
static void
em_check_ids(int n, const Datum *appt, const bool *appt_null)
{
	int64	   *ids = palloc(sizeof(int64) * Max(n, 1));
	int			nids = 0,
				nnull = 0;

	for (int i = 0; i < n; i++)
	{
		if (appt_null[i])
			nnull++;
		else
			ids[nids++] = DatumGetInt64(appt[i]);
	}
	if (nnull > 0)
		ereport(ERROR,
				errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				errmsg("appt_id must not be null"),
				errdetail("Appointments without an appt_id: %d.", nnull),
				errhint("Give every appointment its own appt_id; the results are matched to the appointments by it."));
	qsort(ids, nids, sizeof(int64), em_int64_cmp);
	for (int i = 1; i < nids; i++)
		if (ids[i] == ids[i - 1])
		{
			int			times = 2;

			while (i + 1 < nids && ids[i + 1] == ids[i])
			{
				times++;
				i++;
			}
			ereport(ERROR,
					errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("duplicate appt_id in the appointments"),
					errdetail("appt_id " INT64_FORMAT " appears %d times.", ids[i], times),
					errhint("Give every appointment its own appt_id; the results are matched to the appointments by it."));
		}
	pfree(ids);
}

/*
 * Groups the appointments: one group per set linked by a member or by a family of its enrollments. The
 * members are read from the appointments here; the families of each distinct member's enrollments
 * come from one statement.
 */
static void
em_group(em_state *st, const Datum *member, const bool *member_null)
{
	int		   *parent = palloc(sizeof(int) * Max(st->n, 1));
	int		   *count;
	em_key	   *keys = palloc(sizeof(em_key) * Max(st->n, 1));
	em_key	   *fkeys;
	int			nkeys = 0,
				nmembers = 0,
				nfkeys = 0;
	Datum	   *members;
	uint64		nrows;

	for (int i = 0; i < st->n; i++)
	{
		parent[i] = i;
		if (!member_null[i])
			keys[nkeys++] = em_key_make('m', DatumGetTextPP(member[i]), i);
	}
	/* appointments of one member together; the distinct members, each with its first appointment */
	em_key_sort(keys, nkeys);
	members = palloc(sizeof(Datum) * Max(nkeys, 1));
	for (int k = 0; k < nkeys; k++)
	{
		if (k > 0 && em_key_cmp(&keys[k - 1], &keys[k]) == 0)
		{
			em_union(parent, keys[k - 1].appt, keys[k].appt);
			continue;
		}
		keys[nmembers] = keys[k];
		members[nmembers++] = member[keys[k].appt];
	}

	/* the families of the members' enrollments: the members of one family together */
	{
		int			dims[1] = {nmembers};
		int			lbs[1] = {1};
		Datum		arr = PointerGetDatum(construct_md_array(members, NULL, 1, dims, lbs, TEXTOID, -1, false,
															 TYPALIGN_INT));

		if (SPI_execute_plan(em_plan(st, EM_FAMILIES), &arr, NULL, true, 0) != SPI_OK_SELECT)
			elog(ERROR, "costshare.estimate_many: could not read the appointments' families");
	}
	nrows = SPI_processed;
	fkeys = palloc(sizeof(em_key) * Max(nrows, 1));
	for (uint64 r = 0; r < nrows; r++)
	{
		HeapTuple	t = SPI_tuptable->vals[r];
		TupleDesc	d = SPI_tuptable->tupdesc;
		bool		mnull,
					fnull;
		Datum		m = SPI_getbinval(t, d, 1, &mnull);
		Datum		f = SPI_getbinval(t, d, 2, &fnull);
		em_key		probe,
				   *found;

		if (mnull || fnull)
			continue;
		probe = em_key_make('m', DatumGetTextPP(m), 0);
		found = bsearch(&probe, keys, nmembers, sizeof(em_key), em_key_cmp);
		if (found == NULL)
			elog(ERROR, "costshare.estimate_many: a family for a member not in the call");
		fkeys[nfkeys++] = em_key_make('f', DatumGetTextPP(f), found->appt);
	}
	em_key_sort(fkeys, nfkeys);
	for (int k = 1; k < nfkeys; k++)
		if (em_key_cmp(&fkeys[k - 1], &fkeys[k]) == 0)
			em_union(parent, fkeys[k - 1].appt, fkeys[k].appt);

	/* groups numbered in the order of their first appointment; order lists each group's appointments */
	st->grp = palloc(sizeof(int32) * Max(st->n, 1));
	st->ngroups = 0;
	for (int i = 0; i < st->n; i++)
		st->grp[i] = em_find(parent, i) == i ? st->ngroups++ : st->grp[em_find(parent, i)];
	count = palloc0(sizeof(int) * (st->ngroups + 1));
	for (int i = 0; i < st->n; i++)
		count[st->grp[i] + 1]++;
	st->group_start = palloc(sizeof(int) * (st->ngroups + 1));
	st->group_start[0] = 0;
	for (int g = 0; g < st->ngroups; g++)
		st->group_start[g + 1] = st->group_start[g] + count[g + 1];
	memset(count, 0, sizeof(int) * (st->ngroups + 1));
	st->order = palloc(sizeof(int) * Max(st->n, 1));
	for (int i = 0; i < st->n; i++)
		st->order[st->group_start[st->grp[i]] + count[st->grp[i]]++] = i;
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
	ArrayType  *a;
	ErrorData  *err = NULL;
	Datum	   *appt,
			   *member;
	bool	   *appt_null,
			   *member_null;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	{
		/*
		 * The result's rows are kept in a generation context rather than the query's: a row of an
		 * estimate is 130 to 290 bytes, and the query's context would round each up to a power of two
		 * (a row of 260 bytes taking 512), half again the memory a million rows need, each page of it
		 * first touched for the result. The tuplestore is the same; only where its rows live differs.
		 */
		ReturnSetInfo *rsi = (ReturnSetInfo *) fcinfo->resultinfo;
		MemoryContext rows = GenerationContextCreate(rsi->econtext->ecxt_per_query_memory,
													 "costshare.estimate_many result", ALLOCSET_DEFAULT_SIZES);
		MemoryContext old = MemoryContextSwitchTo(rows);

		tuplestore_end(rsi->setResult);
		rsi->setResult = tuplestore_begin_heap((rsi->allowedModes & SFRM_Materialize_Random) != 0, false, work_mem);
		MemoryContextSwitchTo(old);
	}
	a = PG_GETARG_ARRAYTYPE_P(0);
	st.fcinfo = fcinfo;
	st.schema = quote_identifier(get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid)));
	st.arrtype = get_fn_expr_argtype(fcinfo->flinfo, 0);
	if (!OidIsValid(st.arrtype))
		st.arrtype = get_array_type(ARR_ELEMTYPE(a));
	st.elemtype = ARR_ELEMTYPE(a);
	st.apdesc = cs_appointment_desc(st.elemtype);
	st.result = rsinfo->setResult;
	st.desc = rsinfo->setDesc;
	get_typlenbyvalalign(st.elemtype, &st.elemlen, &st.elembyval, &st.elemalign);
	deconstruct_array(a, st.elemtype, st.elemlen, st.elembyval, st.elemalign, &st.elems, &st.elem_nulls, &st.n);

	/* each appointment's appt_id and member */
	appt = palloc(sizeof(Datum) * Max(st.n, 1));
	member = palloc(sizeof(Datum) * Max(st.n, 1));
	appt_null = palloc(sizeof(bool) * Max(st.n, 1));
	member_null = palloc(sizeof(bool) * Max(st.n, 1));
	for (int i = 0; i < st.n; i++)
	{
		Datum		v[CS_AP_NATTS];
		bool		n[CS_AP_NATTS];

		cs_appointment_fields(st.elems[i], st.elem_nulls[i], st.apdesc, v, n);
		appt[i] = v[0];
		appt_null[i] = n[0];
		member[i] = v[1];
		member_null[i] = n[1];
	}
	/* a NULL or duplicated appt_id refuses the call */
	em_check_ids(st.n, appt, appt_null);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "costshare.estimate_many: SPI_connect failed");
	/* the groups: the batch estimates each group's lines one after the other */
	em_group(&st, member, member_null);

	/*
	 * estimate_many is PARALLEL UNSAFE; called anyway in a parallel operation (a mislabelled caller), where
	 * no subtransaction can start, an error fails the call
	 */
	if (IsInParallelMode())
		cs_estimate_many_run(fcinfo, st.elems, st.elem_nulls, st.n, st.apdesc, st.grp, st.result, st.desc);
	else if (!em_try_batch(&st, 0, st.ngroups, st.result, &err))
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
