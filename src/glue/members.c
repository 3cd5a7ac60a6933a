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
#include "commands/trigger.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/snapmgr.h"

#include "cs_glue.h"

/* Whether costshare.member (in the schema of the table being written) holds the id */
static bool
member_exists(Oid nsp, Datum member_id)
{
	Oid			relid = get_relname_relid("member", nsp);
	Relation	rel;
	Oid			pkey;
	AttrNumber	attnum;
	ScanKeyData key;
	SysScanDesc scan;
	bool		found;

	if (!OidIsValid(relid))
		elog(ERROR, "costshare.member is missing");
	rel = table_open(relid, AccessShareLock);
	pkey = RelationGetPrimaryKeyIndex(rel);
	attnum = get_attnum(relid, "member_id");
	if (!OidIsValid(pkey) || attnum == InvalidAttrNumber)
		elog(ERROR, "costshare.member has no primary key on member_id");
	ScanKeyInit(&key, attnum, BTEqualStrategyNumber, F_TEXTEQ, member_id);
	key.sk_collation = TupleDescAttr(RelationGetDescr(rel), attnum - 1)->attcollation;
	scan = systable_beginscan(rel, pkey, true, GetActiveSnapshot(), 1, &key);
	found = HeapTupleIsValid(systable_getnext(scan));
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return found;
}

PG_FUNCTION_INFO_V1(costshare_check_eligibility_member);
Datum
costshare_check_eligibility_member(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	HeapTuple	tup;
	TupleDesc	desc;
	int			attnum;
	bool		isnull;
	Datum		d;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(td->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(td->tg_event) || TRIGGER_FIRED_BY_DELETE(td->tg_event))
		ereport(ERROR,
				errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				errmsg("costshare.check_eligibility_member() must be a BEFORE INSERT OR UPDATE row trigger"));
	tup = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	desc = RelationGetDescr(td->tg_relation);
	attnum = get_attnum(RelationGetRelid(td->tg_relation), "member_id");
	if (attnum == InvalidAttrNumber)
		elog(ERROR, "costshare.check_eligibility_member(): table %s has no column member_id",
			 RelationGetRelationName(td->tg_relation));
	d = heap_getattr(tup, attnum, desc, &isnull);
	if (!isnull && !member_exists(RelationGetNamespace(td->tg_relation), d))
		ereport(ERROR,
				errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				errmsg("eligibility row refers to an unknown member"),
				errdetail("The member of the %s row is not in costshare.member.",
						  RelationGetRelationName(td->tg_relation)),
				errhint("Insert the member first; costshare.load_271 attaches the people of a 271 to members itself."));
	return PointerGetDatum(tup);
}
