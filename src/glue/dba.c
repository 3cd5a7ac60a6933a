/*
 * dba.c — what keeps a DBA's everyday commands from losing a practice's data, and what tells the DBA
 * what is installed:
 *   costshare.version()              the library's version (from META.json, compiled in) against the
 *                                    SQL version installed in this database; an error when they differ
 *   costshare.guard_drop()           event trigger (ddl_command_start): DROP EXTENSION costshare, DROP
 *                                    SCHEMA costshare, DROP OWNED BY the extension's owner, and a CASCADE
 *                                    through an extension costshare requires (btree_gist) or its schema
 *                                    are refused while the extension's tables hold rows a dump would
 *                                    keep, unless costshare.allow_drop_with_data is on
 *   costshare.guard_alter_table()    event trigger (ddl_command_start, ALTER TABLE): changes to an
 *                                    extension table's definition are refused outside CREATE / ALTER
 *                                    EXTENSION (a dump would not keep them), unless
 *                                    costshare.allow_table_ddl is on; enabling and disabling triggers
 *                                    is allowed (pg_restore --disable-triggers does it)
 *   costshare.in_extension_script()  whether this statement runs inside CREATE / ALTER EXTENSION (for
 *                                    the PL/pgSQL guards on indexes, triggers, rules and policies)
 *   cs_lookup_allowed()              the estimator role's right to the C lookups (lookup.c)
 * The SQL side is src/sql/1.2/64_dba_safety.sql.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/dependency.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_extension.h"
#include "commands/event_trigger.h"
#include "commands/extension.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "cs_glue.h"

#ifndef CS_LIBRARY_VERSION
#error "CS_LIBRARY_VERSION must be defined by the build (the version in META.json)"
#endif

/* The installed SQL version of costshare (palloc'd), or NULL when the extension is not installed */
static char *
installed_version(Oid *owner, Oid *nsp)
{
	Relation	rel;
	SysScanDesc scan;
	ScanKeyData key;
	HeapTuple	tup;
	char	   *result = NULL;

	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_extname, BTEqualStrategyNumber, F_NAMEEQ,
				CStringGetDatum("costshare"));
	scan = systable_beginscan(rel, ExtensionNameIndexId, true, NULL, 1, &key);
	tup = systable_getnext(scan);
	if (HeapTupleIsValid(tup))
	{
		bool		isnull;
		Datum		v = heap_getattr(tup, Anum_pg_extension_extversion, RelationGetDescr(rel), &isnull);

		if (!isnull)
			result = text_to_cstring(DatumGetTextPP(v));
		if (owner != NULL)
			*owner = ((Form_pg_extension) GETSTRUCT(tup))->extowner;
		if (nsp != NULL)
			*nsp = ((Form_pg_extension) GETSTRUCT(tup))->extnamespace;
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return result;
}

/* The schema costshare is installed in; InvalidOid when it is not installed in this database */
Oid
cs_extension_schema(void)
{
	Oid			nsp = InvalidOid;

	(void) installed_version(NULL, &nsp);
	return nsp;
}

/*
 * Whether the library's version (major.minor.patch) belongs to the SQL version (major.minor): the SQL
 * scripts are versioned by major.minor, the library by the full release number.
 */
static bool
versions_match(const char *library, const char *sql)
{
	size_t		n = strlen(sql);

	return strncmp(library, sql, n) == 0 && (library[n] == '\0' || library[n] == '.');
}

PG_FUNCTION_INFO_V1(costshare_version);
Datum
costshare_version(PG_FUNCTION_ARGS)
{
	char	   *sql = installed_version(NULL, NULL);

	if (sql == NULL)
		ereport(ERROR,
				errcode(ERRCODE_UNDEFINED_OBJECT),
				errmsg("extension costshare is not installed in this database"),
				errdetail("The loaded library is costshare %s.", CS_LIBRARY_VERSION),
				errhint("Run CREATE EXTENSION costshare CASCADE."));
	if (!versions_match(CS_LIBRARY_VERSION, sql))
		ereport(ERROR,
				errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				errmsg("costshare library %s does not match the installed SQL version %s", CS_LIBRARY_VERSION, sql),
				errdetail("The server loads the library of the newest package installed, but this database still has the SQL objects of costshare %s.", sql),
				errhint("Run ALTER EXTENSION costshare UPDATE in this database (see \"Upgrading\" in README.md)."));
	PG_RETURN_TEXT_P(cstring_to_text(CS_LIBRARY_VERSION));
}

PG_FUNCTION_INFO_V1(costshare_in_extension_script);
Datum
costshare_in_extension_script(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(creating_extension);
}

/* A boolean setting that may not exist (a placeholder set with SET / SET LOCAL) */
static bool
setting_on(const char *name)
{
	const char *v = GetConfigOption(name, true, false);
	bool		result = false;

	if (v == NULL || !parse_bool(v, &result))
		return false;
	return result;
}

/*
 * The extensions costshare requires (btree_gist), with their schemas: DROP EXTENSION of one of them with
 * CASCADE, or DROP SCHEMA of its schema with CASCADE, drops costshare too. One scan of pg_depend (the
 * costshare extension's own dependencies) and one pg_extension lookup per required extension.
 */
typedef struct required_ext
{
	Oid			ext;
	Oid			nsp;
} required_ext;

#define MAX_REQUIRED 8

static int
required_extensions(Oid costshare, required_ext *out)
{
	Relation	rel;
	SysScanDesc scan;
	ScanKeyData key[2];
	HeapTuple	tup;
	int			n = 0;

	rel = table_open(DependRelationId, AccessShareLock);
	ScanKeyInit(&key[0], Anum_pg_depend_classid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(ExtensionRelationId));
	ScanKeyInit(&key[1], Anum_pg_depend_objid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(costshare));
	scan = systable_beginscan(rel, DependDependerIndexId, true, NULL, 2, key);
	while (n < MAX_REQUIRED && HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_depend d = (Form_pg_depend) GETSTRUCT(tup);

		if (d->refclassid == ExtensionRelationId)
			out[n++].ext = d->refobjid;
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);

	rel = table_open(ExtensionRelationId, AccessShareLock);
	for (int i = 0; i < n; i++)
	{
		ScanKeyInit(&key[0], Anum_pg_extension_oid, BTEqualStrategyNumber, F_OIDEQ,
					ObjectIdGetDatum(out[i].ext));
		scan = systable_beginscan(rel, ExtensionOidIndexId, true, NULL, 1, key);
		tup = systable_getnext(scan);
		out[i].nsp = HeapTupleIsValid(tup) ? ((Form_pg_extension) GETSTRUCT(tup))->extnamespace : InvalidOid;
		systable_endscan(scan);
	}
	table_close(rel, AccessShareLock);
	return n;
}

/* Whether a DROP ... CASCADE of the named extension (is_schema: of the named schema) reaches costshare */
static bool
cascades_to_costshare(Oid costshare, const char *name, bool is_schema)
{
	Oid			target = is_schema ? get_namespace_oid(name, true) : get_extension_oid(name, true);
	required_ext req[MAX_REQUIRED];
	int			n;

	if (!OidIsValid(target))
		return false;
	n = required_extensions(costshare, req);
	for (int i = 0; i < n; i++)
		if ((is_schema ? req[i].nsp : req[i].ext) == target)
			return true;
	return false;
}

/* Whether the statement would drop the costshare extension (and with it the practice's tables) */
static bool
drops_costshare(Node *parsetree, Oid costshare, Oid extowner, const char *extschema)
{
	ListCell   *lc;

	if (parsetree == NULL)
		return false;
	if (IsA(parsetree, DropStmt))
	{
		DropStmt   *stmt = (DropStmt *) parsetree;

		if (stmt->removeType != OBJECT_EXTENSION && stmt->removeType != OBJECT_SCHEMA)
			return false;
		foreach(lc, stmt->objects)
		{
			Node	   *obj = lfirst(lc);
			const char *name;

			if (!IsA(obj, String))
				continue;
			name = strVal(obj);
			if (stmt->removeType == OBJECT_EXTENSION && strcmp(name, "costshare") == 0)
				return true;
			if (stmt->removeType == OBJECT_SCHEMA && extschema != NULL && strcmp(name, extschema) == 0)
				return true;
			/* CASCADE through an extension costshare requires, or that extension's schema */
			if (stmt->behavior == DROP_CASCADE &&
				cascades_to_costshare(costshare, name, stmt->removeType == OBJECT_SCHEMA))
				return true;
		}
		return false;
	}
	if (IsA(parsetree, DropOwnedStmt))
	{
		DropOwnedStmt *stmt = (DropOwnedStmt *) parsetree;

		foreach(lc, stmt->roles)
		{
			Oid			role = get_rolespec_oid(lfirst(lc), true);

			if (OidIsValid(role) && role == extowner)
				return true;
		}
	}
	return false;
}

PG_FUNCTION_INFO_V1(costshare_guard_drop);
Datum
costshare_guard_drop(PG_FUNCTION_ARGS)
{
	EventTriggerData *trig;
	Oid			extoid,
				extowner = InvalidOid,
				extnsp = InvalidOid;
	MemoryContext outer = CurrentMemoryContext;
	char	   *extschema = NULL;
	char	   *tables = NULL;

	if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
		ereport(ERROR,
				errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				errmsg("costshare.guard_drop() must be called as an event trigger"));
	trig = (EventTriggerData *) fcinfo->context;
	extoid = get_extension_oid("costshare", true);
	if (!OidIsValid(extoid))
		PG_RETURN_VOID();
	(void) installed_version(&extowner, &extnsp);
	extschema = get_namespace_name(extnsp);
	if (!drops_costshare(trig->parsetree, extoid, extowner, extschema))
		PG_RETURN_VOID();
	if (setting_on("costshare.allow_drop_with_data"))
	{
		ereport(WARNING,
				errmsg("costshare.allow_drop_with_data is on: the practice's rows in the extension's tables are dropped with it"));
		PG_RETURN_VOID();
	}

	/* the tables that hold rows a dump would keep (costshare.practice_data_tables) */
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	{
		char	   *sql = psprintf("SELECT %s.practice_data_tables()", quote_identifier(extschema));

		if (SPI_execute(sql, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "costshare: could not list the tables holding the practice's data");
		tables = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
		if (tables != NULL)
			tables = MemoryContextStrdup(outer, tables);
	}
	SPI_finish();
	if (tables != NULL)
		ereport(ERROR,
				errcode(ERRCODE_DEPENDENT_OBJECTS_STILL_EXIST),
				errmsg("cannot drop extension costshare while its tables hold the practice's data"),
				errdetail("Dropping the extension would delete every row of its tables; these hold rows: %s.", tables),
				errhint("Keep a dump first (pg_dump -Fc), then SET LOCAL costshare.allow_drop_with_data = on in the same transaction to drop anyway; see \"Dropping the extension\" in README.md."));
	PG_RETURN_VOID();
}

/*
 * Whether the current user may read the tables the estimate probes without SELECT on them: a member of
 * costshare_estimator may run the estimate functions, not read the tables (see README.md, "Roles").
 */
bool
cs_lookup_allowed(void)
{
	Oid			role = get_role_oid("costshare_estimator", true);

	return OidIsValid(role) && has_privs_of_role(GetUserId(), role);
}

/*
 * ALTER TABLE subcommands a dump does not need to keep: trigger enable / disable (the table's state),
 * and validating one of the extension's own NOT VALID constraints (a restore makes it valid anyway;
 * costshare.clear_superseded_amounts() and the DBA do it after correcting rows stored before 1.2)
 */
static bool
trigger_state_only(List *cmds)
{
	ListCell   *lc;

	foreach(lc, cmds)
	{
		AlterTableCmd *cmd = lfirst(lc);

		switch (cmd->subtype)
		{
			case AT_EnableTrig:
			case AT_EnableAlwaysTrig:
			case AT_EnableReplicaTrig:
			case AT_DisableTrig:
			case AT_EnableTrigAll:
			case AT_DisableTrigAll:
			case AT_EnableTrigUser:
			case AT_DisableTrigUser:
			case AT_ValidateConstraint:
				break;
			default:
				return false;
		}
	}
	return true;
}

PG_FUNCTION_INFO_V1(costshare_guard_alter_table);
Datum
costshare_guard_alter_table(PG_FUNCTION_ARGS)
{
	EventTriggerData *trig;
	Node	   *tree;
	RangeVar   *rv = NULL;
	Oid			extoid,
				relid;
	const char *what = "ALTER TABLE";

	if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
		ereport(ERROR,
				errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				errmsg("costshare.guard_alter_table() must be called as an event trigger"));
	trig = (EventTriggerData *) fcinfo->context;
	tree = trig->parsetree;
	if (creating_extension || tree == NULL || setting_on("costshare.allow_table_ddl"))
		PG_RETURN_VOID();
	extoid = get_extension_oid("costshare", true);
	if (!OidIsValid(extoid))
		PG_RETURN_VOID();
	if (IsA(tree, AlterTableStmt))
	{
		AlterTableStmt *stmt = (AlterTableStmt *) tree;

		if (trigger_state_only(stmt->cmds))
			PG_RETURN_VOID();
		rv = stmt->relation;
	}
	else if (IsA(tree, RenameStmt))
	{
		rv = ((RenameStmt *) tree)->relation;
		what = "renaming";
	}
	else if (IsA(tree, AlterObjectSchemaStmt))
	{
		rv = ((AlterObjectSchemaStmt *) tree)->relation;
		what = "moving to another schema";
	}
	if (rv == NULL)
		PG_RETURN_VOID();
	relid = RangeVarGetRelid(rv, NoLock, true);
	if (!OidIsValid(relid) || getExtensionOfObject(RelationRelationId, relid) != extoid)
		PG_RETURN_VOID();
	ereport(ERROR,
			errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			errmsg("cannot change table %s.%s, a table of extension costshare",
				   get_namespace_name(get_rel_namespace(relid)), get_rel_name(relid)),
			errdetail("%s would not survive pg_dump / pg_restore: CREATE EXTENSION recreates the extension's tables as its script defines them, so the restore fails or drops the change.", what),
			errhint("Keep your own columns, indexes and triggers on a table of your own that references this one. To change it anyway (a test, a support case), SET LOCAL costshare.allow_table_ddl = on in the same transaction."));
	PG_RETURN_VOID();
}
