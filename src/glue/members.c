/*
 * src/glue/members.c — the row check of costshare.eligibility_benefit / eligibility_rejection: the member a
 * row names must be in costshare.member. Refused with a clean error that names the table and not the
 * member (PostgreSQL's own foreign-key error would quote the id; the foreign keys stay as the last line of
 * defence). In C because load_271 writes a row per EB segment: the PL/pgSQL trigger this replaces cost
 * 8 us a row, 0.67 s of a 3.4 MB 271's load; one primary-key probe costs about a microsecond.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/snapmgr.h"

#include "cs_glue.h"

/*
 * What the check looks up in the catalogs, once per statement (fn_extra lives as long as the trigger's
 * call site in the executing query, so a statement's rows share it; the catalogs do not change under
 * a running statement that holds its tables' locks).
 */
typedef struct member_check
{
	Oid			table;			/* the table being written (the trigger's) */
	AttrNumber	table_attnum;	/* its member_id */
	Oid			member;			/* costshare.member in the same schema */
	Oid			pkey;			/* its primary key index */
	AttrNumber	member_attnum;	/* its member_id */
	Oid			collation;

	/*
	 * The last member found, and the snapshot it was found under: load_271 writes a person's EB rows one
	 * after the other (eight in its benchmark), and a member found under a snapshot is still there under
	 * the same one, so the following rows of the statement need no probe. Compared byte for byte (equal
	 * bytes are equal ids under any collation); a different id or snapshot probes again.
	 */
	char	   *found_id;		/* in fn_mcxt; NULL: none yet */
	Size		found_len;
	Size		found_cap;
	Snapshot	found_snapshot;
	TransactionId found_xmin;
	TransactionId found_xmax;
	CommandId	found_cid;
} member_check;

/* a member_id column (of the named table) is of a type read as text here */
static void
member_id_is_text(const char *table, Oid type)
{
	if (type != TEXTOID && type != VARCHAROID)
		type = getBaseType(type);	/* a domain over text */
	if (type != TEXTOID && type != VARCHAROID)
		ereport(ERROR,
				errcode(ERRCODE_DATATYPE_MISMATCH),
				errmsg("costshare.check_eligibility_member(): column member_id of table %s is not text", table),
				errdetail("The check compares member ids as text."),
				errhint("Put the trigger on a table whose member_id is text, as costshare.member's is."));
}

static member_check *
member_check_for(FunctionCallInfo fcinfo, Relation trigrel)
{
	member_check *mc = (member_check *) fcinfo->flinfo->fn_extra;
	Relation	rel;

	if (mc != NULL && mc->table == RelationGetRelid(trigrel))
		return mc;
	if (mc == NULL)
		mc = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(member_check));
	mc->table = InvalidOid;		/* complete below, or not at all */
	mc->table_attnum = get_attnum(RelationGetRelid(trigrel), "member_id");
	if (mc->table_attnum == InvalidAttrNumber)
		elog(ERROR, "costshare.check_eligibility_member(): table %s has no column member_id",
			 RelationGetRelationName(trigrel));
	/* read as text below (a trigger may be put on any table, by anyone): text or varchar only */
	member_id_is_text(RelationGetRelationName(trigrel),
					  TupleDescAttr(RelationGetDescr(trigrel), mc->table_attnum - 1)->atttypid);
	mc->member = get_relname_relid("member", RelationGetNamespace(trigrel));
	if (!OidIsValid(mc->member))
		elog(ERROR, "costshare.member is missing");
	rel = table_open(mc->member, AccessShareLock);
	mc->pkey = RelationGetPrimaryKeyIndex(rel);
	mc->member_attnum = get_attnum(mc->member, "member_id");
	if (!OidIsValid(mc->pkey) || mc->member_attnum == InvalidAttrNumber)
		elog(ERROR, "costshare.member has no primary key on member_id");
	member_id_is_text(RelationGetRelationName(rel), TupleDescAttr(RelationGetDescr(rel), mc->member_attnum - 1)->atttypid);
	/* the probe's scan key is on member_id: the primary key's (only) column */
	{
		Relation	ix = index_open(mc->pkey, AccessShareLock);
		bool		ok = ix->rd_index->indnkeyatts == 1 && ix->rd_index->indkey.values[0] == mc->member_attnum;

		index_close(ix, AccessShareLock);
		if (!ok)
			elog(ERROR, "costshare.member has no primary key on member_id");
	}
	mc->collation = TupleDescAttr(RelationGetDescr(rel), mc->member_attnum - 1)->attcollation;
	table_close(rel, NoLock);	/* kept until the transaction ends, as the rows' probes need it */
	mc->found_id = NULL;
	mc->table = RelationGetRelid(trigrel);
	fcinfo->flinfo->fn_extra = mc;
	return mc;
}

/* Whether costshare.member holds the id */
static bool
member_exists(const member_check *mc, Datum member_id)
{
	Relation	rel = table_open(mc->member, AccessShareLock);
	ScanKeyData key;
	SysScanDesc scan;
	bool		found;

	ScanKeyInit(&key, mc->member_attnum, BTEqualStrategyNumber, F_TEXTEQ, member_id);
	key.sk_collation = mc->collation;
	scan = systable_beginscan(rel, mc->pkey, true, GetActiveSnapshot(), 1, &key);
	found = HeapTupleIsValid(systable_getnext(scan));
	systable_endscan(scan);
	table_close(rel, NoLock);
	return found;
}

/* Whether the id is the one found last, under the snapshot active now (see member_check) */
static bool
member_found_before(const member_check *mc, Datum member_id)
{
	Snapshot	snap = GetActiveSnapshot();
	text	   *t;
	bool		same;

	if (mc->found_id == NULL || snap != mc->found_snapshot || snap->xmin != mc->found_xmin ||
		snap->xmax != mc->found_xmax || snap->curcid != mc->found_cid)
		return false;
	t = DatumGetTextPP(member_id);
	same = VARSIZE_ANY_EXHDR(t) == mc->found_len && memcmp(VARDATA_ANY(t), mc->found_id, mc->found_len) == 0;
	if ((Pointer) t != DatumGetPointer(member_id))
		pfree(t);
	return same;
}

/* Remembers the id as found under the snapshot active now */
static void
member_remember(FunctionCallInfo fcinfo, member_check *mc, Datum member_id)
{
	Snapshot	snap = GetActiveSnapshot();
	text	   *t = DatumGetTextPP(member_id);
	Size		len = VARSIZE_ANY_EXHDR(t);

	if (mc->found_id == NULL || mc->found_cap < len)
	{
		if (mc->found_id != NULL)
			pfree(mc->found_id);
		mc->found_cap = Max(len, 64);
		mc->found_id = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, mc->found_cap);
	}
	memcpy(mc->found_id, VARDATA_ANY(t), len);
	mc->found_len = len;
	mc->found_snapshot = snap;
	mc->found_xmin = snap->xmin;
	mc->found_xmax = snap->xmax;
	mc->found_cid = snap->curcid;
	if ((Pointer) t != DatumGetPointer(member_id))
		pfree(t);
}

PG_FUNCTION_INFO_V1(costshare_check_eligibility_member);
Datum
costshare_check_eligibility_member(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	member_check *mc;
	HeapTuple	tup;
	bool		isnull;
	Datum		d;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(td->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(td->tg_event) || TRIGGER_FIRED_BY_DELETE(td->tg_event))
		ereport(ERROR,
				errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				errmsg("costshare.check_eligibility_member() must be a BEFORE INSERT OR UPDATE row trigger"));
	tup = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	mc = member_check_for(fcinfo, td->tg_relation);
	d = heap_getattr(tup, mc->table_attnum, RelationGetDescr(td->tg_relation), &isnull);
	if (!isnull && !member_found_before(mc, d))
	{
		if (!member_exists(mc, d))
			ereport(ERROR,
					errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
					errmsg("eligibility row refers to an unknown member"),
					errdetail("The member of the %s row is not in costshare.member.",
							  RelationGetRelationName(td->tg_relation)),
					errhint("Insert the member first; costshare.load_271 attaches the people of a 271 to members itself."));
		member_remember(fcinfo, mc, d);
	}
	return PointerGetDatum(tup);
}
