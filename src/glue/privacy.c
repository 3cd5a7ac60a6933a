/*
 * privacy.c — keeping member data out of PostgreSQL's own constraint errors, and the TRUNCATE guard.
 *
 * costshare's row triggers refuse bad rows about people with clean errors before the constraints run.
 * Races (two sessions inserting the same member, overlapping enrollments, a member deleted meanwhile)
 * and isolation levels above READ COMMITTED get past any such pre-check to PostgreSQL's own unique,
 * exclusion, foreign-key, not-null and check errors, whose detail quotes the row ("Key
 * (member_id)=(...) already exists", "Failing row contains (...)") and whose context may quote a COPY
 * line or an SQL statement. Here every such error about a table of the extension's schema is rewritten
 * before anyone sees it: the detail names the table, the constraint and the key columns but no value;
 * the context keeps each line only up to its first quotation mark; the internal query and the
 * STATEMENT: line of the server log are dropped. An error while COPY reads a line into one of these
 * tables loses every quoted part of its context (the line, the column's value) and, for a value its
 * type refuses, of its message and detail.
 *
 * Two places do it, so that neither a PL/pgSQL exception handler nor the server log nor the client
 * ever gets the original:
 *   - wrappers around ExecutorRun, ExecutorFinish (where foreign keys are checked) and ProcessUtility
 *     (COPY, CREATE INDEX, ALTER TABLE) catch the error, rewrite it and throw it again: innermost
 *     first, so an exception handler in PL/pgSQL sees the rewritten error;
 *   - an emit_log_hook rewrites what is about to be written to the server log and sent to the client:
 *     it covers the statement during which the library was loaded (its executor was entered before
 *     the wrappers were installed) and errors raised at COMMIT. PostgreSQL calls it only for messages
 *     that go to the server log (log_min_messages at error or below, the default warning).
 *
 * The library must be loaded before a row is written: a statement-level BEFORE trigger in C
 * (costshare.error_guard, ENABLE ALWAYS) on every table of the extension does that, and records the
 * extension's schema, which identifies the errors to rewrite (PostgreSQL sets the schema and table of
 * constraint errors). session_preload_libraries = 'costshare' loads it at connection start.
 *
 * Nothing here reads the catalogs while an error is being handled: only strings are compared and
 * built.
 */
#include "postgres.h"

#include "commands/trigger.h"
#include "executor/executor.h"
#include "lib/stringinfo.h"
#include "tcop/utility.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"

#include "cs_glue.h"

void		_PG_init(void);

PG_FUNCTION_INFO_V1(costshare_error_guard);
PG_FUNCTION_INFO_V1(costshare_truncate_guard);

/* The text that ends every rewritten detail (and tells a rewritten error from an original) */
#define CS_WITHHELD " Row values are not shown in errors (costshare keeps member data out of messages and logs)."

/* The longest key-column list copied from PostgreSQL's detail */
#define CS_MAX_KEY_COLUMNS 200

static emit_log_hook_type prev_emit_log_hook = NULL;
static ExecutorRun_hook_type prev_ExecutorRun = NULL;
static ExecutorFinish_hook_type prev_ExecutorFinish = NULL;
static ProcessUtility_hook_type prev_ProcessUtility = NULL;

/* The extension's schema, recorded by costshare.error_guard; empty until it first fires */
static char guarded_schema[NAMEDATALEN];

/*
 * The tables costshare.error_guard fired for in this backend, by name: COPY's error context names
 * its table without a schema ("COPY member, line 2: "..."").
 */
#define CS_MAX_GUARDED 64
typedef struct cs_guarded_table
{
	Oid			relid;
	char		name[NAMEDATALEN];
} cs_guarded_table;
static cs_guarded_table guarded_tables[CS_MAX_GUARDED];
static int	n_guarded = 0;

/* costshare.allow_ledger_truncate */
static bool allow_ledger_truncate = false;

/* Is this an error about a row of a table of the extension's schema? */
static bool
error_is_guarded(int sqlerrcode, const char *schema_name)
{
	int			category = ERRCODE_TO_CATEGORY(sqlerrcode);

	if (guarded_schema[0] == '\0' || schema_name == NULL)
		return false;
	if (category != ERRCODE_TO_CATEGORY(ERRCODE_INTEGRITY_CONSTRAINT_VIOLATION) &&
		category != ERRCODE_TO_CATEGORY(ERRCODE_WITH_CHECK_OPTION_VIOLATION))
		return false;
	return strcmp(schema_name, guarded_schema) == 0;
}

/* Does the context hold a line of a COPY into a guarded table ("COPY name, line N...")? */
static bool
context_has_guarded_copy(const char *context)
{
	const char *line = context;

	while (line && *line)
	{
		const char *eol = strchr(line, '\n');

		if (strncmp(line, "COPY ", 5) == 0)
		{
			const char *name = line + 5;
			const char *comma = strchr(name, ',');

			if (comma && (eol == NULL || comma < eol))
			{
				for (int i = 0; i < n_guarded; i++)
					if (strlen(guarded_tables[i].name) == (size_t) (comma - name) &&
						strncmp(guarded_tables[i].name, name, comma - name) == 0)
						return true;
			}
		}
		line = eol ? eol + 1 : NULL;
	}
	return false;
}

/*
 * The key columns of PostgreSQL's "Key (a, b)=(...) ..." detail, or NULL. Only the column list
 * (names or index expressions) before ")=(" is kept; a translated detail yields NULL.
 */
static char *
key_columns(const char *detail)
{
	const char *start;
	const char *end;

	if (detail == NULL || strncmp(detail, "Key (", 5) != 0)
		return NULL;
	start = detail + 5;
	end = strstr(start, ")=(");
	if (end == NULL || end == start || end - start > CS_MAX_KEY_COLUMNS)
		return NULL;
	return pnstrdup(start, end - start);
}

/* The rewritten detail: table, constraint, key columns; no value */
static char *
safe_detail(const ErrorData *edata)
{
	StringInfoData buf;
	char	   *cols = key_columns(edata->detail);
	const char *table = edata->table_name ? edata->table_name : "?";
	const char *constraint = edata->constraint_name;

	initStringInfo(&buf);
	switch (edata->sqlerrcode)
	{
		case ERRCODE_UNIQUE_VIOLATION:
			if (cols)
				appendStringInfo(&buf, "A row of %s.%s with the same (%s) already exists.",
								 edata->schema_name, table, cols);
			else
				appendStringInfo(&buf, "A row of %s.%s with the same key already exists.",
								 edata->schema_name, table);
			break;
		case ERRCODE_EXCLUSION_VIOLATION:
			if (cols)
				appendStringInfo(&buf, "The row's (%s) conflicts with an existing row of %s.%s.",
								 cols, edata->schema_name, table);
			else
				appendStringInfo(&buf, "The row conflicts with an existing row of %s.%s.",
								 edata->schema_name, table);
			break;
		case ERRCODE_FOREIGN_KEY_VIOLATION:
			if (edata->detail && strstr(edata->detail, " is still referenced from table ") != NULL)
				appendStringInfo(&buf, "Rows of %s.%s still refer to the key%s%s%s.",
								 edata->schema_name, table,
								 cols ? " (" : "", cols ? cols : "", cols ? ")" : "");
			else
				appendStringInfo(&buf, "The key%s%s%s of the %s.%s row is not present in the table it refers to (or the row refers to a key being removed).",
								 cols ? " (" : "", cols ? cols : "", cols ? ")" : "",
								 edata->schema_name, table);
			break;
		case ERRCODE_NOT_NULL_VIOLATION:
			appendStringInfo(&buf, "Column %s of %s.%s must not be null.",
							 edata->column_name ? edata->column_name : "?",
							 edata->schema_name, table);
			break;
		case ERRCODE_CHECK_VIOLATION:
			appendStringInfo(&buf, "A row of %s.%s fails check constraint %s.",
							 edata->schema_name, table, constraint ? constraint : "?");
			break;
		default:
			appendStringInfo(&buf, "A row of %s.%s violates constraint %s.",
							 edata->schema_name, table, constraint ? constraint : "?");
			break;
	}
	appendStringInfoString(&buf, CS_WITHHELD);
	if (cols)
		pfree(cols);
	return buf.data;
}

/* Is c (at s) the start of a quotation mark, in ASCII or in a translation's UTF-8? */
static int
quote_at(const char *s)
{
	static const char *const marks[] = {"\"", "\xc2\xab", "\xc2\xbb", "\xe2\x80\x9c", "\xe2\x80\x9e",
	"\xe3\x80\x8c", "'"};

	for (int i = 0; i < (int) lengthof(marks); i++)
		if (strncmp(s, marks[i], strlen(marks[i])) == 0)
			return 1;
	return 0;
}

/* The number of '"' in [p, end) */
static int
count_double_quotes(const char *p, const char *end)
{
	int			n = 0;

	for (; p < end; p++)
		if (*p == '"')
			n++;
	return n;
}

/*
 * The context with each line cut at its first quotation mark ("COPY member, line 2: "..."" becomes
 * "COPY member, line 2"; "SQL statement "INSERT ..."" becomes "SQL statement"), trailing ": " and
 * blanks dropped, empty lines dropped. The lines of a double-quoted text that spans lines (a
 * multi-line SQL statement) are dropped up to its closing mark. Idempotent.
 */
static char *
safe_context(const char *context)
{
	StringInfoData buf;
	const char *line = context;
	bool		in_quote = false;

	initStringInfo(&buf);
	while (line && *line)
	{
		const char *eol = strchr(line, '\n');
		const char *end = eol ? eol : line + strlen(line);
		const char *cut = line;

		if (in_quote)
		{
			/*
			 * inside a quoted text: keep nothing of this line; an odd number of marks closes it
			 * (quoted identifiers inside come in pairs)
			 */
			if (count_double_quotes(line, end) % 2 == 1)
				in_quote = false;
			line = eol ? eol + 1 : NULL;
			continue;
		}
		while (cut < end && !quote_at(cut))
			cut++;
		if (cut < end && *cut == '"' && count_double_quotes(cut, end) % 2 == 1)
			in_quote = true;
		while (cut > line && (cut[-1] == ' ' || cut[-1] == ':' || cut[-1] == '\t'))
			cut--;
		if (cut > line)
		{
			if (buf.len > 0)
				appendStringInfoChar(&buf, '\n');
			appendBinaryStringInfo(&buf, line, cut - line);
		}
		line = eol ? eol + 1 : NULL;
	}
	if (buf.len == 0)
	{
		pfree(buf.data);
		return NULL;
	}
	return buf.data;
}

/* text up to its first quotation mark, without a trailing ": "; NULL when nothing is left */
static char *
cut_at_quote(const char *text)
{
	const char *cut = text;

	while (*cut && !quote_at(cut))
		cut++;
	while (cut > text && (cut[-1] == ' ' || cut[-1] == ':' || cut[-1] == '\t' || cut[-1] == '\n'))
		cut--;
	return cut > text ? pnstrdup(text, cut - text) : NULL;
}

/*
 * An error while COPY reads a line into a guarded table (a malformed line, a value its type refuses):
 * the context quotes the line or the value ("COPY member, line 2, column birth_date: "...""), and a
 * data exception's message and detail may quote the value ("invalid input syntax for type date:
 * "...""). Every quoted part is dropped.
 */
static void
scrub_copy_error(ErrorData *edata)
{
	/* (a malformed line's messages quote column names, not values: kept) */
	if (ERRCODE_TO_CATEGORY(edata->sqlerrcode) == ERRCODE_TO_CATEGORY(ERRCODE_DATA_EXCEPTION) &&
		edata->sqlerrcode != ERRCODE_BAD_COPY_FILE_FORMAT)
	{
		if (edata->message)
		{
			char	   *m = cut_at_quote(edata->message);

			edata->message = m ? m : pstrdup("invalid value");
		}
		if (edata->detail)
			edata->detail = cut_at_quote(edata->detail);
		edata->detail_log = NULL;
	}
	edata->context = safe_context(edata->context);
	edata->internalquery = NULL;
	edata->internalpos = 0;
	edata->hide_stmt = true;
}

/* Which rewriting an error needs: 0 none, 1 a constraint error, 2 an error of a COPY line */
static int
error_kind(int sqlerrcode, const char *schema_name, const char *context)
{
	if (error_is_guarded(sqlerrcode, schema_name))
		return 1;
	if (n_guarded > 0 && context != NULL && context_has_guarded_copy(context))
		return 2;
	return 0;
}

/*
 * Raised by costshare itself: by its C glue (the ereport's file), or inside one of its SQL or PL/pgSQL
 * functions (a context line "... function costshare.name(...)"). The statement that called it may
 * hold member ids as literals, so the server log gets no STATEMENT: line for such an error.
 */
static bool
raised_by_costshare(const ErrorData *edata)
{
	char		needle[NAMEDATALEN + 16];

	if (edata->filename != NULL && strstr(edata->filename, "src/glue/") != NULL)
		return true;
	if (edata->context == NULL)
		return false;
	/* the extension's schema is fixed (the control file's schema), so its name is known */
	snprintf(needle, sizeof(needle), "function %s.", guarded_schema[0] ? guarded_schema : "costshare");
	return strstr(edata->context, needle) != NULL;
}

/*
 * An error costshare itself raised (not a constraint's): its message and detail are costshare's own and
 * name no member, but its context may quote the statement that called costshare (a caller's literals)
 * and the server log would add that statement: both go
 */
static void
scrub_own_error(ErrorData *edata)
{
	if (edata->context)
		edata->context = safe_context(edata->context);
	edata->internalquery = NULL;
	edata->internalpos = 0;
	edata->hide_stmt = true;
}

/* Rewrite edata in place; strings are allocated in the current memory context */
static void
scrub_error(ErrorData *edata)
{
	if (edata->detail == NULL || strstr(edata->detail, CS_WITHHELD) == NULL)
		edata->detail = safe_detail(edata);
	edata->detail_log = NULL;
	if (edata->context)
		edata->context = safe_context(edata->context);
	edata->internalquery = NULL;
	edata->internalpos = 0;
	edata->hide_stmt = true;
}

/* ---- the emit_log_hook ------------------------------------------------------------------------- */

static void
cs_emit_log_hook(ErrorData *edata)
{
	int			kind = error_kind(edata->sqlerrcode, edata->schema_name, edata->context);

	if (kind == 0 && raised_by_costshare(edata))
	{
		MemoryContext old = MemoryContextSwitchTo(edata->assoc_context ? edata->assoc_context : ErrorContext);

		scrub_own_error(edata);
		MemoryContextSwitchTo(old);
	}

	if (kind != 0)
	{
		MemoryContext old = MemoryContextSwitchTo(edata->assoc_context ? edata->assoc_context : ErrorContext);

		if (kind == 1)
			scrub_error(edata);
		else
			scrub_copy_error(edata);
		MemoryContextSwitchTo(old);
	}
	if (prev_emit_log_hook)
		prev_emit_log_hook(edata);
}

/* ---- the executor and utility wrappers --------------------------------------------------------- */

/*
 * Called in PG_CATCH: rethrows the current error, rewritten when it is a guarded one. cxt is the
 * memory context of the wrapper's caller (the handler runs in ErrorContext).
 */
static void
rethrow_scrubbed(MemoryContext cxt)
{
	ErrorData  *edata;
	int			category;
	int			kind = 0;

	MemoryContextSwitchTo(cxt);
	edata = CopyErrorData();
	/* integrity and check-option errors, and data errors of a COPY, of the guarded tables */
	category = ERRCODE_TO_CATEGORY(edata->sqlerrcode);
	if (guarded_schema[0] != '\0' &&
		(category == ERRCODE_TO_CATEGORY(ERRCODE_INTEGRITY_CONSTRAINT_VIOLATION) ||
		 category == ERRCODE_TO_CATEGORY(ERRCODE_WITH_CHECK_OPTION_VIOLATION) ||
		 category == ERRCODE_TO_CATEGORY(ERRCODE_DATA_EXCEPTION)))
		kind = error_kind(edata->sqlerrcode, edata->schema_name, edata->context);
	/* and any error costshare raised itself */
	if (kind == 0 && raised_by_costshare(edata))
		kind = 3;
	if (kind == 0)
	{
		FreeErrorData(edata);
		PG_RE_THROW();
	}
	FlushErrorState();
	if (kind == 1)
		scrub_error(edata);
	else if (kind == 2)
		scrub_copy_error(edata);
	else
		scrub_own_error(edata);
	ReThrowError(edata);
}

static void
cs_ExecutorRun(QueryDesc *queryDesc, ScanDirection direction, uint64 count, bool execute_once)
{
	MemoryContext cxt = CurrentMemoryContext;

	PG_TRY();
	{
		cs_citus_worker_guard(queryDesc->plannedstmt);
		if (prev_ExecutorRun)
			prev_ExecutorRun(queryDesc, direction, count, execute_once);
		else
			standard_ExecutorRun(queryDesc, direction, count, execute_once);
	}
	PG_CATCH();
	{
		rethrow_scrubbed(cxt);
	}
	PG_END_TRY();
}

static void
cs_ExecutorFinish(QueryDesc *queryDesc)
{
	MemoryContext cxt = CurrentMemoryContext;

	PG_TRY();
	{
		if (prev_ExecutorFinish)
			prev_ExecutorFinish(queryDesc);
		else
			standard_ExecutorFinish(queryDesc);
	}
	PG_CATCH();
	{
		rethrow_scrubbed(cxt);
	}
	PG_END_TRY();
}

static void
cs_ProcessUtility(PlannedStmt *pstmt, const char *queryString, bool readOnlyTree,
				  ProcessUtilityContext context, ParamListInfo params,
				  QueryEnvironment *queryEnv, DestReceiver *dest, QueryCompletion *qc)
{
	MemoryContext cxt = CurrentMemoryContext;

	PG_TRY();
	{
		if (prev_ProcessUtility)
			prev_ProcessUtility(pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc);
		else
			standard_ProcessUtility(pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc);
	}
	PG_CATCH();
	{
		rethrow_scrubbed(cxt);
	}
	PG_END_TRY();
}

/* ---- loading ----------------------------------------------------------------------------------- */

void
_PG_init(void)
{
	DefineCustomBoolVariable("costshare.allow_ledger_truncate",
							 "Lets TRUNCATE empty costshare's append-only tables (accumulator_ledger, claim_trueup).",
							 "A maintenance switch, off by default: a superuser (or a role granted SET on it) sets it for one transaction with SET LOCAL.",
							 &allow_ledger_truncate,
							 false,
							 PGC_SUSET,
							 0,
							 NULL, NULL, NULL);

	DefineCustomBoolVariable("costshare.member_cache",
							 "Lets a batch of estimates reuse, under one snapshot, what it read from the practice's tables (ledger, snapshots, enrollments, members).",
							 "On by default; the answers are the same either way (off: every call reads the tables). See doc/operations.md, \"The member-data cache\".",
							 &cs_member_cache_enabled,
							 true,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);

	DefineCustomIntVariable("costshare.member_cache_size",
							"The most memory one backend's member-data cache keeps; past it the cache starts over.",
							"Freed when the transaction ends; a parallel worker has its own. See doc/operations.md, \"The member-data cache's memory\".",
							&cs_member_cache_kb,
							256 * 1024,
							1024,
							MAX_KILOBYTES,
							PGC_USERSET,
							GUC_UNIT_KB,
							NULL, NULL, NULL);

	prev_emit_log_hook = emit_log_hook;
	emit_log_hook = cs_emit_log_hook;
	prev_ExecutorRun = ExecutorRun_hook;
	ExecutorRun_hook = cs_ExecutorRun;
	prev_ExecutorFinish = ExecutorFinish_hook;
	ExecutorFinish_hook = cs_ExecutorFinish;
	prev_ProcessUtility = ProcessUtility_hook;
	ProcessUtility_hook = cs_ProcessUtility;
}

/* ---- the triggers ------------------------------------------------------------------------------ */

/* Remember a guarded table's name (kept current after ALTER TABLE ... RENAME) */
static void
record_table(Oid relid, const char *name)
{
	for (int i = 0; i < n_guarded; i++)
	{
		if (guarded_tables[i].relid == relid)
		{
			if (strcmp(guarded_tables[i].name, name) != 0)
				strlcpy(guarded_tables[i].name, name, NAMEDATALEN);
			return;
		}
	}
	if (n_guarded < CS_MAX_GUARDED)
	{
		guarded_tables[n_guarded].relid = relid;
		strlcpy(guarded_tables[n_guarded].name, name, NAMEDATALEN);
		n_guarded++;
	}
}

/*
 * costshare.error_guard(): BEFORE INSERT OR UPDATE OR DELETE FOR EACH STATEMENT on every table of the
 * extension. Calling it loads the library (and so the rewriting above) before any row is written, and
 * records the schema whose constraint errors are rewritten.
 */
Datum
costshare_error_guard(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	char	   *schema;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("costshare.error_guard() must be called as a trigger"),
				 errdetail("It was called as an ordinary function."),
				 errhint("Use it only in CREATE TRIGGER ... FOR EACH STATEMENT.")));
	schema = get_namespace_name(RelationGetNamespace(trigdata->tg_relation));
	if (schema != NULL && strcmp(schema, guarded_schema) != 0)
		strlcpy(guarded_schema, schema, sizeof(guarded_schema));
	if (schema != NULL)
		pfree(schema);
	record_table(RelationGetRelid(trigdata->tg_relation), RelationGetRelationName(trigdata->tg_relation));
	return PointerGetDatum(NULL);
}

/*
 * costshare.truncate_guard(): BEFORE TRUNCATE FOR EACH STATEMENT on the append-only tables. TRUNCATE
 * skips row triggers, so the append-only rule needs its own; TRUNCATE ... CASCADE from a referenced
 * table fires it too. Refused unless costshare.allow_ledger_truncate is on; an allowed truncate is
 * written to the server log.
 */
Datum
costshare_truncate_guard(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	const char *relname;
	char	   *schema;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BY_TRUNCATE(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("costshare.truncate_guard() must be called as a TRUNCATE trigger"),
				 errdetail("It was called for another event or as an ordinary function."),
				 errhint("Use it only in CREATE TRIGGER ... BEFORE TRUNCATE.")));
	relname = RelationGetRelationName(trigdata->tg_relation);
	schema = get_namespace_name(RelationGetNamespace(trigdata->tg_relation));
	if (!allow_ledger_truncate)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("%s.%s is append-only and cannot be truncated", schema, relname),
				 errdetail("TRUNCATE would remove every row of %s.%s (directly or through TRUNCATE ... CASCADE); its rows are kept for good.",
						   schema, relname),
				 errhint("For deliberate maintenance (e.g. emptying a test database), a superuser, or a role granted SET on the parameter, runs SET LOCAL costshare.allow_ledger_truncate = on in the same transaction first.")));
	ereport(LOG,
			(errmsg("%s.%s truncated with costshare.allow_ledger_truncate on", schema, relname)));
	pfree(schema);
	return PointerGetDatum(NULL);
}
