/*
 * lookup.c — costshare.line_context(), costshare.accumulators() and costshare.estimate(): the plan-table
 * rows one estimate needs, fetched by direct index probes instead of SQL statements, and the estimate
 * composed from them and the engine's adjudication.
 *
 * In 1.1 both were PL/pgSQL: about twenty statements per estimate, and each statement's executor start
 * and stop cost more than its index probe (track_functions: 96 us self time in line_context, 40 us
 * in accumulators per call). Here each lookup is one btree probe under the statement's snapshot, with
 * the same filters the SQL had. Nothing here decides a rule: the COB order, the eligibility status,
 * the terms' validation and the benefit period are the engine's (through the same functions the SQL
 * called); this file only finds rows and converts them.
 *
 * The plan tables' rows are also kept per backend between calls, exactly as long as the snapshot sees
 * the same costshare.plan_data_version (see "the plan-data cache" below).
 *
 * Safety: the caller must have SELECT on every table probed (checked, as a query would), or be a member
 * of costshare_estimator (README "Security and roles": it runs estimates, it cannot read the tables);
 * tables with row-level security enabled are refused (a direct probe would bypass the policies). The relation and
 * index OIDs and column numbers are cached per backend and forgotten on any relcache invalidation of
 * the extension's tables (ALTER TABLE, REINDEX, DROP and CREATE INDEX, a dump restored...).
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/heapam.h"
#include "access/xact.h"
#include "access/xlog.h"
#include "executor/instrument.h"
#include "storage/bufmgr.h"
#include "access/relscan.h"
#include "access/tableam.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/dependency.h"
#include "commands/extension.h"
#include "catalog/pg_am.h"
#include "catalog/pg_index.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "common/int.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/value.h"
#include "storage/proc.h"
#include "parser/parse_func.h"
#include "parser/parse_relation.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/datum.h"
#include "utils/datetime.h"
#include "catalog/pg_collation.h"
#include "utils/fmgroids.h"
#include "utils/inval.h"
#include "parser/parse_coerce.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/rangetypes.h"
#include "utils/rel.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"
#include "utils/varlena.h"

#include "cs_glue.h"
#include "../engine/cs_benefit271.h"
#include "../engine/cs_cob.h"
#include "../engine/cs_date.h"
#include "../engine/cs_nsa.h"
#include "../engine/cs_eligibility.h"
#include "../engine/cs_fee.h"
#include "../engine/cs_line.h"
#include "../engine/cs_ledger.h"
#include "../engine/cs_remit.h"
#include "../engine/cs_x12_payer.h"
#include "../engine/cs_price271.h"

extern Datum costshare_benefit_period(PG_FUNCTION_ARGS);
extern Datum costshare_terms_make(PG_FUNCTION_ARGS);
extern void cs_validate_accum_values(Datum *values, bool *nulls);

/* ---- the tables, the index each is probed by, the columns read -------------------------------- */

typedef enum lk_table
{
	T_MEMBER, T_SERVICE_CODE, T_POS, T_PROVIDER, T_ENROLLMENT, T_PLAN, T_PAYER, T_PARTICIPATION,
	T_BENEFIT, T_PLAN_LIMIT, T_PRIOR_AUTH, T_SNAPSHOT, T_LEDGER, T_FEE, T_ELIG_BENEFIT, T_SOURCE_POLICY, T_REMIT, T_LINE,
	T_RESERVE, T_MCR_RVU, T_MCR_GPCI, T_MCR_CF, T_CREDENTIAL, T_X12_LOAD, T_STC, T_LEDGER_MEMBER,
	T_LEDGER_FAMILY, T_LINE_VERSIONS, T_X12_PAYER,
	T_COUNT
} lk_table;

#define LK_MAX_COLS 20

typedef struct lk_def
{
	const char *name;
	int			nkeys;			/* the first nkeys columns lead the index probed */
	const char *cols[LK_MAX_COLS];
	Oid			types[LK_MAX_COLS];	/* each column's type, checked when the descriptions are loaded */
	bool		cached;			/* plan data: probes are kept per backend (see "the plan-data cache") */
	bool		ext;			/* always the extension's own table, also for an as-of table set */
} lk_def;

static const lk_def lk_defs[T_COUNT] = {
	[T_MEMBER] = {"member", 1, {"member_id", "birth_date"},
	{TEXTOID, DATEOID}},
	[T_SERVICE_CODE] = {"service_code", 1, {"code", "pos", "modifier", "category"},
	{TEXTOID, TEXTOID, TEXTOID, TEXTOID}, true},
	[T_POS] = {"place_of_service", 1, {"pos", "facility", "telehealth"},
	{TEXTOID, BOOLOID, BOOLOID}, true},
	[T_PROVIDER] = {"provider", 1, {"provider_id", "credential", "state", "medicare_mac", "medicare_locality"},
	{TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID}, true},
	[T_ENROLLMENT] = {"enrollment", 1, {"member_id", "enrollment_id", "subscriber_id", "family_id", "plan_id",
	"coverage", "relationship", "coverage_kind", "coverage_level", "cob_order"},
	{TEXTOID, INT8OID, TEXTOID, TEXTOID, TEXTOID, DATERANGEOID, TEXTOID, TEXTOID, TEXTOID, INT4OID}},
	[T_PLAN] = {"plan", 1, {"plan_id", "payer_id", "period_start", "rounding", "carryover", "dependent_age_limit",
	"cob_method"},
	{TEXTOID, TEXTOID, DATEOID, TEXTOID, BOOLOID, INT4OID, TEXTOID}, true},
	[T_PAYER] = {"payer", 1, {"payer_id", "payer_type"},
	{TEXTOID, TEXTOID}, true},
	[T_PARTICIPATION] = {"network_participation", 2, {"provider_id", "plan_id", "valid"},
	{TEXTOID, TEXTOID, DATERANGEOID}, true},
	[T_BENEFIT] = {"benefit", 2, {"plan_id", "category", "network", "bucket", "covered", "copay", "coinsurance",
	"deductible_applies", "copay_after_deductible", "copay_counts_toward_deductible", "copay_visits", "copay_per",
	"visit_limit", "auth_required", "telehealth_allowed", "telehealth_copay", "carve_out_admin", "visit_window_days",
	"plan_max_period", "plan_max_lifetime"},
	{TEXTOID, TEXTOID, TEXTOID, TEXTOID, BOOLOID, NUMERICOID, NUMERICOID, BOOLOID, BOOLOID, BOOLOID, INT4OID,
	TEXTOID, INT4OID, BOOLOID, BOOLOID, NUMERICOID, TEXTOID, INT4OID, NUMERICOID, NUMERICOID}, true},
	[T_PLAN_LIMIT] = {"plan_limit", 1, {"plan_id", "bucket", "ded_individual", "ded_family", "family_deductible",
	"family_ded_members", "oop_individual", "oop_family", "coinsurance_limit", "also_credits"},
	{TEXTOID, TEXTOID, NUMERICOID, NUMERICOID, TEXTOID, INT4OID, NUMERICOID, NUMERICOID, NUMERICOID,
	TEXTARRAYOID}, true},
	[T_PRIOR_AUTH] = {"prior_auth", 3, {"member_id", "plan_id", "category", "valid"},
	{TEXTOID, TEXTOID, TEXTOID, DATERANGEOID}},
	[T_SNAPSHOT] = {"accumulator_snapshot", 1, {"family_id", "member_id", "plan_id", "bucket", "as_of", "ded_met",
	"oop_met"},
	{TEXTOID, TEXTOID, TEXTOID, TEXTOID, DATEOID, NUMERICOID, NUMERICOID}},
	[T_LEDGER] = {"accumulator_ledger", 2, {"family_id", "plan_id", "claim_id", "line_no", "claim_version", "status",
	"bucket", "service_date", "adjudicated_on", "member_id", "category", "deductible", "copay", "coinsurance",
	"visits", "payer_id", "allowed", "plan_paid"},
	{TEXTOID, TEXTOID, TEXTOID, INT4OID, INT4OID, TEXTOID, TEXTOID, DATEOID, DATEOID, TEXTOID, TEXTOID,
	NUMERICOID, NUMERICOID, NUMERICOID, INT4OID, TEXTOID, NUMERICOID, NUMERICOID}},
	[T_FEE] = {"fee_schedule", 2, {"payer_id", "code", "plan_id", "modifier", "facility", "credential", "state",
	"valid", "amount", "percent_of_medicare", "fee_id"},
	{TEXTOID, TEXTOID, TEXTOID, TEXTOID, BOOLOID, TEXTOID, TEXTOID, DATERANGEOID, NUMERICOID, NUMERICOID,
	INT8OID}, true},
	/* a member's loaded 271s (whether there is one; the rows the 271 pricing reads), and the per-payer /
	 * per-plan source choice (issue 11) */
	[T_ELIG_BENEFIT] = {"eligibility_benefit", 1, {"member_id", "payer_id", "interchange_control", "segment", "as_of",
	"benefit", "level", "network", "figure", "service_types", "amount", "percent", "quantity_qualifier", "quantity",
	"auth_required", "eligibility_period", "plan_period", "related", "time_period"},
	{TEXTOID, TEXTOID, TEXTOID, INT8OID, DATEOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTARRAYOID, NUMERICOID,
	NUMERICOID, TEXTOID, NUMERICOID, BOOLOID, DATERANGEOID, DATERANGEOID, RECORDARRAYOID, TEXTOID}},
	[T_SOURCE_POLICY] = {"benefit_source_policy", 1, {"payer_id", "plan_id", "prefer_271"},
	{TEXTOID, TEXTOID, BOOLOID}, true},
	/* the remittance history: the lines of a payer and code (and provider) by date of service ... */
	[T_REMIT] = {"accumulator_ledger", 4, {"payer_id", "service_code", "provider_id", "service_date", "claim_id",
	"line_no", "claim_version", "status", "allowed"},
	{TEXTOID, TEXTOID, TEXTOID, DATEOID, TEXTOID, INT4OID, INT4OID, TEXTOID, NUMERICOID}},
	/* ... and whether a later version of a line exists (the ledger's key) */
	[T_LINE] = {"accumulator_ledger", 4, {"payer_id", "claim_id", "line_no", "claim_version"},
	{TEXTOID, TEXTOID, INT4OID, INT4OID}},
	/* a later payer's coordinated lines: the member's benefit reserve with the plan (issue 10) */
	[T_RESERVE] = {"accumulator_ledger", 2, {"family_id", "plan_id", "member_id", "claim_id", "line_no",
	"claim_version", "status", "service_date", "cob_normal_benefit", "cob_paid"},
	{TEXTOID, TEXTOID, TEXTOID, TEXTOID, INT4OID, INT4OID, TEXTOID, DATEOID, NUMERICOID, NUMERICOID}},
	/*
	 * Medicare's physician fee schedule (costshare.medicare_price / medicare_allowed, issue 10): probed,
	 * not cached (the RVU file has about 16000 rows a year, read a code at a time), and always the
	 * extension's tables: the as-of copy does not copy them (84_asof.sql), nor the credentials
	 */
	[T_MCR_RVU] = {"medicare_rvu", 3, {"year", "hcpcs", "modifier", "status_code", "work_rvu", "pe_rvu_nonfacility",
	"pe_rvu_facility", "mp_rvu", "conversion_factor"},
	{INT4OID, TEXTOID, TEXTOID, TEXTOID, NUMERICOID, NUMERICOID, NUMERICOID, NUMERICOID, NUMERICOID}, false, true},
	[T_MCR_GPCI] = {"medicare_gpci", 3, {"year", "mac", "locality", "work_gpci", "pe_gpci", "mp_gpci"},
	{INT4OID, TEXTOID, TEXTOID, NUMERICOID, NUMERICOID, NUMERICOID}, false, true},
	[T_MCR_CF] = {"medicare_conversion_factor", 1, {"year", "conversion_factor"},
	{INT4OID, NUMERICOID}, false, true},
	[T_CREDENTIAL] = {"credential", 1, {"credential", "medicare_percent"},
	{TEXTOID, NUMERICOID}, false, true},
	/*
	 * the 271 pricing (call_price_271): when each 271 was loaded, the ranks of the service types of a
	 * category (not plan data: the plan-data cache does not keep it), and a member's ledger lines with a
	 * payer (the index on member_id, payer_id). Always the extension's tables: an as-of estimate is
	 * never priced from a 271 (refuse_271_in_table_set), and the as-of copy has neither the first two
	 * nor that index
	 */
	[T_X12_LOAD] = {"x12_load", 3, {"kind", "sender", "interchange_control", "loaded_at"},
	{TEXTOID, TEXTOID, TEXTOID, TIMESTAMPTZOID}, false, true},
	[T_STC] = {"service_type_category", 1, {"category", "service_type", "rank"},
	{TEXTOID, TEXTOID, INT4OID}, false, true},
	[T_LEDGER_MEMBER] = {"accumulator_ledger", 2, {"member_id", "payer_id", "claim_id", "line_no", "claim_version",
	"status", "recorded_at", "category", "service_date", "deductible", "copay", "coinsurance", "visits", "allowed",
	"plan_paid", "family_id", "plan_id"},
	{TEXTOID, TEXTOID, TEXTOID, INT4OID, INT4OID, TEXTOID, TIMESTAMPTZOID, TEXTOID, DATEOID, NUMERICOID, NUMERICOID,
	NUMERICOID, INT4OID, NUMERICOID, NUMERICOID, TEXTOID, TEXTOID}, false, true},
	/*
	 * ... the family's ledger lines on the 271's plan (the index on family_id, plan_id, as the plan
	 * design's family accumulators read them), toward the 271's family maximum (same columns, read by
	 * name, in the order of T_LEDGER_MEMBER's first fifteen after the two keys) ...
	 */
	[T_LEDGER_FAMILY] = {"accumulator_ledger", 2, {"family_id", "plan_id", "member_id", "payer_id", "claim_id",
	"line_no", "claim_version", "status", "recorded_at", "category", "service_date", "deductible", "copay",
	"coinsurance", "visits", "allowed", "plan_paid"},
	{TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, INT4OID, INT4OID, TEXTOID, TIMESTAMPTZOID, TEXTOID, DATEOID,
	NUMERICOID, NUMERICOID, NUMERICOID, INT4OID, NUMERICOID, NUMERICOID}, false, true},
	/* ... and every version of a claim line of the payer, whoever's (a later one may have moved) */
	[T_LINE_VERSIONS] = {"accumulator_ledger", 4, {"payer_id", "claim_id", "line_no", "claim_version",
	"recorded_at"},
	{TEXTOID, TEXTOID, INT4OID, INT4OID, TIMESTAMPTZOID}, false, true},
	/*
	 * costshare.x12_payer: every payer with its name and X12 identifiers, read whole (a sequential scan;
	 * the key is only there for lk_find_index). Always the extension's table, as the 1.2 PL/pgSQL read it
	 */
	[T_X12_PAYER] = {"payer", 1, {"payer_id", "name", "x12_ids"},
	{TEXTOID, TEXTOID, TEXTARRAYOID}, false, true},
};

typedef struct lk_rel
{
	Oid			relid;
	Oid			indexid;
	int			ncols;
	AttrNumber	attno[LK_MAX_COLS];
	Oid			collation[LK_MAX_COLS];
	bool		byval[LK_MAX_COLS];
	int16		len[LK_MAX_COLS];
} lk_rel;

static struct
{
	bool		valid;
	bool		callback_registered;
	Oid			nsp;
	lk_rel		rel[T_COUNT];
	Oid			version_relid;	/* costshare.plan_data_version (InvalidOid: no cache) */
	AttrNumber	version_att;
	Oid			terms_fn;		/* costshare.terms(): its result type is the terms composite */
	TupleDesc	terms_desc;		/* costshare.terms's row (its result type), in TopMemoryContext */
	Oid			estimate_271_type;	/* costshare.estimate_271_result */
	Oid			x12_payer_fn;	/* costshare.x12_payer(text, text, text): the 271 path reads as its owner */
	Oid			x12_payer_owner;
	TypeCacheEntry *daterange;	/* every range read here is a daterange (typcache entries live on) */
} lk;

/* ---- the plan-data cache ------------------------------------------------------------------------ */

/*
 * The plan tables (lk_defs[].cached: payers, plans, limits, benefits, service codes, places of service,
 * providers, network participation, fee schedule, the 271 source policy) change rarely and are read by every estimate. Each
 * backend keeps the rows its probes returned, keyed by table and probe key, so a repeated probe costs
 * a hash lookup instead of an index descent and a heap fetch.
 *
 * Why it is exact: every statement that changes a plan table also sets the one row of
 * costshare.plan_data_version to a new value from a sequence (a statement trigger, ENABLE ALWAYS),
 * in the same transaction. Writers of plan tables therefore serialize on that row, and two snapshots
 * that see the same version value see the same plan rows: the value names one committed (or, in the
 * writing transaction itself, one own) state of all plan tables, and sequence values are never reused,
 * even after a rollback. Every call reads the version under its own snapshot and uses the cache only
 * if it was filled under that same version; otherwise the cache is emptied first. No visible version
 * row (deleted by hand) means no caching at all. A relcache invalidation of any of the tables (DDL)
 * empties it too, and it is capped at LK_CACHE_BYTES.
 *
 * Rows handed out by lk_next point into the cache; an emptied cache is retired, not freed, until the
 * next call begins, so pointers taken earlier in a call stay valid.
 */
#define LK_CKEY_BYTES 124
#define LK_CACHE_BYTES (64 * 1024 * 1024)

typedef struct lk_ckey
{
	int16		t;
	int16		len;
	char		bytes[LK_CKEY_BYTES];	/* per key: uint16 length, then the bytes; zero-padded */
} lk_ckey;

typedef struct lk_centry
{
	lk_ckey		key;
	int			nrows;
	Datum	   *v;				/* nrows x ncols, columns in lk_defs order */
	bool	   *n;
	void	   *typed;			/* the member-data cache's processed rows (ledger, snapshots), else NULL */
} lk_centry;

static struct
{
	MemoryContext cxt;			/* the entries of the current version */
	MemoryContext graveyard;	/* retired caches, freed when the next call begins */
	HTAB	   *h;
	bool		have;			/* h holds rows of version `version` */
	int64		version;
} lkc;

/* ---- the member-data cache ---------------------------------------------------------------------- */

/*
 * What a batch (costshare.estimate_many, or line_context / estimate over a table's rows) reads again and
 * again under one snapshot from the practice's own tables: per family and plan the ledger lines, already
 * converted to cents, checked and sorted as lk_accumulators gives them to the engine (lk_ledger_set); per
 * family the accumulator snapshots, converted (lk_snap_set); per member the enrollment rows and the
 * member's row (birth date). What depends on the call's member, bucket, category, date or benefit period
 * is still decided per call from these (lk_accumulators), and a bad stored value is kept with the row,
 * to be reported by the call that would have reported it without the cache.
 *
 * Why it is exact: which rows an MVCC index probe returns is decided by the snapshot (xmin, xmax, the
 * transactions in progress and their subtransactions, and for the backend's own writes its command id),
 * by the backend's own transaction and subtransaction (an aborted subtransaction's rows turn invisible
 * to the same snapshot), and by the tables' storage. The cache records all of these when it is started,
 * compared in full (no hash, no shortcut) whenever a call first probes under an active snapshot, and
 * is retired on any difference, on any relcache invalidation of the tables (DDL, TRUNCATE, REINDEX), on a
 * change of the table set (as-of) and when it passes LK_CACHE_BYTES. Two equal snapshots see the same
 * rows of tables whose storage is unchanged: a transaction below xmax and not in progress at the
 * snapshot has finished for good. Own rows are visible by command id, but the command id alone does not
 * date them: a statement still running writes under the command id it started with, below the curcid of
 * the snapshots that functions it calls take meanwhile (an INSERT ... SELECT f(), a row trigger), so two
 * such snapshots, equal in every field, see different own rows. So the identity also holds the
 * backend's count of WAL records (pgWalUsage.wal_records): every own insert, update or delete of a
 * WAL-logged table writes one, and the cache is used only when the tables are WAL-logged (permanent, and
 * wal_level above minimal; else it is not used). What is derived from the rows depends on nothing else. Not under SERIALIZABLE (real probes take the predicate locks). The first call
 * under a snapshot fills nothing (a single estimate per statement pays only the comparison); later
 * calls under the same snapshot fill and use it. An entry is entered only once it is complete (an error
 * part-way leaves none). Rows handed out are retired, not freed, until the next call begins.
 * costshare.member_cache = off turns it off (every call reads the tables).
 */
typedef struct lk_snapid
{
	LocalTransactionId lxid;
	SubTransactionId subxid;
	CommandId	curcid;
	TransactionId xmin;
	TransactionId xmax;
	uint32		xcnt;
	int32		subxcnt;
	bool		suboverflowed;
	bool		recovery;
	int64		wal_records;	/* this backend's WAL records then (pgWalUsage): see lk_own_writes */
	TransactionId *xip;			/* copies, in lks.idcxt */
	TransactionId *subxip;
} lk_snapid;

static struct
{
	MemoryContext cxt;			/* the entries of the current snapshot (NULL: none) */
	MemoryContext idcxt;		/* the copied id arrays of `id` */
	HTAB	   *h;
	bool		have_id;		/* id names the snapshot of the last call that could cache */
	lk_snapid	id;
	uint64		gen;			/* bumped whenever the entries are started or retired */
} lks;

bool		cs_member_cache_enabled = true; /* costshare.member_cache */

/*
 * The member-data cache's cap, costshare.member_cache_size (256 MB by default): about 1.3 kB per member
 * or family and plan entry (a family's ledger lines kept converted, a member's enrollments), so a whole
 * practice of 100,000 members fits; past it the cache starts over. It lives at most as long as its snapshot's transaction (freed at its end).
 */
int			cs_member_cache_kb = 256 * 1024;	/* costshare.member_cache_size, in kB */

#define LK_MEMBER_CACHE_BYTES ((Size) cs_member_cache_kb * 1024)

/* What this backend did, for costshare.backend_stats(): plain counters, no locking (one backend) */
static struct
{
	int64		estimate_calls;
	int64		line_context_calls;
	int64		accumulators_calls;
	int64		cache_hits;		/* probes answered from the plan-data cache */
	int64		cache_misses;	/* probes read from the table and entered */
	int64		cache_resets;	/* caches started (first use, a new plan-data version, the size cap) */
	int64		member_hits;	/* lookups answered from the member-data cache */
	int64		member_misses;	/* lookups read from the table and entered */
	int64		member_resets;	/* member-data caches started */
} lk_stats;

/* keys are compared and hashed over their used bytes only (the rest is zeros) */
#define LK_CKEY_USED(k) (offsetof(lk_ckey, bytes) + (k)->len)

static uint32
lk_ckey_hash(const void *key, Size keysize)
{
	const lk_ckey *k = key;

	return hash_bytes((const unsigned char *) k, (int) LK_CKEY_USED(k));
}

static int
lk_ckey_match(const void *a, const void *b, Size keysize)
{
	const lk_ckey *x = a,
			   *y = b;

	if (x->t != y->t || x->len != y->len)
		return 1;
	return memcmp(x->bytes, y->bytes, x->len);
}

/*
 * The last few entries each table's lookups found, per cache (a batch takes a family's lines one
 * after the other: the same member, family and plan keys come back line after line, and a hash
 * probe of a large cache is a cache miss or two). Valid while lk_epoch is what it was when they were
 * kept: lk_epoch moves whenever either cache is retired, started or freed, so a remembered entry is
 * always one its hash table still holds (dynahash never moves an entry).
 */
#define LK_MEMO 4
typedef struct lk_memo
{
	uint64		epoch;
	int			next;
	lk_centry  *e[LK_MEMO];
} lk_memo;

static uint64 lk_epoch = 1;
static lk_memo lk_memos[T_COUNT];

static inline lk_centry *
lk_memo_find(lk_table t, const lk_ckey *key)
{
	lk_memo    *m = &lk_memos[t];

	if (m->epoch != lk_epoch)
		return NULL;
	for (int j = 0; j < LK_MEMO; j++)
		if (m->e[j] != NULL && lk_ckey_match(&m->e[j]->key, key, sizeof(lk_ckey)) == 0)
			return m->e[j];
	return NULL;
}

static inline void
lk_memo_keep(lk_table t, lk_centry *e)
{
	lk_memo    *m = &lk_memos[t];

	if (m->epoch != lk_epoch)
	{
		memset(m, 0, sizeof(*m));
		m->epoch = lk_epoch;
	}
	m->e[m->next] = e;
	m->next = (m->next + 1) % LK_MEMO;
}

static void
lk_cache_retire(void)
{
	lk_epoch++;
	if (lkc.cxt != NULL)
		MemoryContextSetParent(lkc.cxt, lkc.graveyard);
	lkc.cxt = NULL;
	lkc.h = NULL;
	lkc.have = false;
}

static void
lk_cache_start(int64 version)
{
	HASHCTL		ctl;

	lk_cache_retire();
	lkc.cxt = AllocSetContextCreate(TopMemoryContext, "costshare plan-data cache", ALLOCSET_DEFAULT_SIZES);
	lk_stats.cache_resets++;
	ctl.keysize = sizeof(lk_ckey);
	ctl.entrysize = sizeof(lk_centry);
	ctl.hcxt = lkc.cxt;
	ctl.hash = lk_ckey_hash;
	ctl.match = lk_ckey_match;
	lkc.h = hash_create("costshare plan-data cache", 256, &ctl,
						HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_CONTEXT);
	lkc.version = version;
	lkc.have = true;
}

static void
lk_member_cache_retire(void)
{
	lk_epoch++;
	if (lks.cxt != NULL)
		MemoryContextSetParent(lks.cxt, lkc.graveyard); /* made by lk_load, before any cache */
	lks.cxt = NULL;
	lks.h = NULL;
	lks.gen++;
}

/* Retire the entries and forget the snapshot they were for */
static void
lk_member_cache_forget(void)
{
	lk_member_cache_retire();
	lks.have_id = false;
}

static void
lk_member_cache_start(void)
{
	HASHCTL		ctl;

	lk_member_cache_retire();
	lks.cxt = AllocSetContextCreate(TopMemoryContext, "costshare member-data cache", ALLOCSET_DEFAULT_SIZES);
	lks.gen++;
	lk_stats.member_resets++;
	ctl.keysize = sizeof(lk_ckey);
	ctl.entrysize = sizeof(lk_centry);
	ctl.hcxt = lks.cxt;
	ctl.hash = lk_ckey_hash;
	ctl.match = lk_ckey_match;
	lks.h = hash_create("costshare member-data cache", 1024, &ctl,
						HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_CONTEXT);
}

/* Whether snapshot `snap`, in this transaction and subtransaction now, is the one lks.id names */
static bool
lk_snapid_equal(Snapshot snap)
{
	const lk_snapid *id = &lks.id;

	return lks.have_id &&
		id->lxid == MyProc->lxid && id->subxid == GetCurrentSubTransactionId() &&
		id->curcid == snap->curcid && id->xmin == snap->xmin && id->xmax == snap->xmax &&
		id->xcnt == snap->xcnt && id->subxcnt == snap->subxcnt &&
		id->suboverflowed == snap->suboverflowed && id->recovery == snap->takenDuringRecovery &&
		id->wal_records == pgWalUsage.wal_records &&
		(snap->xcnt == 0 || memcmp(id->xip, snap->xip, sizeof(TransactionId) * snap->xcnt) == 0) &&
		(snap->subxcnt <= 0 || memcmp(id->subxip, snap->subxip, sizeof(TransactionId) * snap->subxcnt) == 0);
}

static void
lk_snapid_set(Snapshot snap)
{
	lk_snapid  *id = &lks.id;

	lks.have_id = false;
	if (lks.idcxt == NULL)
		lks.idcxt = AllocSetContextCreate(TopMemoryContext, "costshare member-data cache key",
										  ALLOCSET_SMALL_SIZES);
	MemoryContextReset(lks.idcxt);
	id->lxid = MyProc->lxid;
	id->subxid = GetCurrentSubTransactionId();
	id->curcid = snap->curcid;
	id->xmin = snap->xmin;
	id->xmax = snap->xmax;
	id->xcnt = snap->xcnt;
	id->subxcnt = snap->subxcnt;
	id->suboverflowed = snap->suboverflowed;
	id->recovery = snap->takenDuringRecovery;
	id->wal_records = pgWalUsage.wal_records;
	id->xip = NULL;
	id->subxip = NULL;
	if (snap->xcnt > 0)
	{
		id->xip = MemoryContextAlloc(lks.idcxt, sizeof(TransactionId) * snap->xcnt);
		memcpy(id->xip, snap->xip, sizeof(TransactionId) * snap->xcnt);
	}
	if (snap->subxcnt > 0)
	{
		id->subxip = MemoryContextAlloc(lks.idcxt, sizeof(TransactionId) * snap->subxcnt);
		memcpy(id->subxip, snap->subxip, sizeof(TransactionId) * snap->subxcnt);
	}
	lks.have_id = true;
}

/*
 * At a transaction's end the member-data cache can serve no later call (its snapshot named the
 * transaction): freed there, so an idle session holds none. No call is running then (a call that
 * errors leaves pointers only into memory the abort frees).
 */
static struct lk_call *lk_cur;	/* the lookup call running (lk_call_begin / lk_call_push), else NULL */
static void lk_carry_end(void);

static void
lk_xact_end(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_PARALLEL_ABORT:
		case XACT_EVENT_PREPARE:
			if (lks.cxt != NULL)
				MemoryContextDelete(lks.cxt);
			lks.cxt = NULL;
			lks.h = NULL;
			lks.gen++;
			lk_epoch++;
			lks.have_id = false;
			if (lkc.graveyard != NULL)
				MemoryContextReset(lkc.graveyard);

			/*
			 * no lookup call runs across a transaction's end: a call an error ended left lk_cur pointing
			 * at its freed memory (a later top-level call replaces it, and a nested one only saves and
			 * restores it); forget it here so that nothing can ever follow it
			 */
			lk_cur = NULL;
			lk_carry_end();
			break;
		default:
			break;
	}
}

static void
lk_invalidate(Datum arg, Oid relid)
{
	if (!lk.valid)
		return;					/* (lk_load retires the member-data cache before any use) */
	if (!OidIsValid(relid) || relid == lk.version_relid)
	{
		lk.valid = false;
		lk_member_cache_forget();	/* retired, not freed: rows of it may be in use in this call */
		return;
	}
	for (int t = 0; t < T_COUNT; t++)
		if (lk.rel[t].relid == relid)
		{
			lk.valid = false;
			lk_member_cache_forget();
		}
}

/* The btree index whose leading columns are the wanted ones (plain columns, no predicate) */
static Oid
lk_find_index(Relation rel, const AttrNumber *cols, int n)
{
	List	   *indexes = RelationGetIndexList(rel);
	ListCell   *lc;
	Oid			found = InvalidOid;

	foreach(lc, indexes)
	{
		Relation	idx = index_open(lfirst_oid(lc), AccessShareLock);
		Form_pg_index ix = idx->rd_index;
		bool		ok = idx->rd_rel->relam == BTREE_AM_OID && ix->indisvalid && ix->indnkeyatts >= n &&
			heap_attisnull(idx->rd_indextuple, Anum_pg_index_indpred, NULL);

		for (int i = 0; ok && i < n; i++)
			ok = ix->indkey.values[i] == cols[i];
		/* prefer the index with the fewest extra columns */
		if (ok && (!OidIsValid(found) || ix->indnkeyatts == n))
			found = RelationGetRelid(idx);
		index_close(idx, AccessShareLock);
	}
	list_free(indexes);
	return found;
}

/*
 * Never a silently wrong answer: the probes below read the relation's own heap through its index.
 * A view, a foreign table, a partitioned parent or a materialized view has no such heap (or not the
 * data), and under Citus a distributed or reference table is an empty shell on the coordinator, while
 * on a worker (a query pushed down from a distributed query) the extension's tables are the worker's
 * own copies that CREATE EXTENSION made there, empty of the coordinator's plans. Each of these is
 * refused, naming the table, once per load of the table descriptions (they are kept until any
 * relcache invalidation of the tables).
 */
static const char *
lk_relkind_name(char relkind)
{
	switch (relkind)
	{
		case RELKIND_VIEW:
			return "a view";
		case RELKIND_MATVIEW:
			return "a materialized view";
		case RELKIND_FOREIGN_TABLE:
			return "a foreign table";
		case RELKIND_PARTITIONED_TABLE:
			return "a partitioned table";
		default:
			return "not a plain table";
	}
}

/* true when relid has a row in Citus's pg_dist_partition (a distributed or reference table) */
static bool
lk_citus_table(Oid relid)
{
	Oid			dist = get_relname_relid("pg_dist_partition", PG_CATALOG_NAMESPACE);
	Relation	rel;
	SysScanDesc scan;
	ScanKeyData key;
	bool		found;

	if (!OidIsValid(dist))
		return false;
	rel = table_open(dist, AccessShareLock);
	/* logicalrelid (regclass, attribute 1) */
	ScanKeyInit(&key, 1, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
	scan = systable_beginscan(rel, InvalidOid, false, NULL, 1, &key);
	found = HeapTupleIsValid(systable_getnext(scan));
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return found;
}

/* Citus's group of this node (pg_dist_local_group.groupid): 0 on the coordinator, -1 when unknown */
static int32
lk_citus_group(void)
{
	Oid			lg = get_relname_relid("pg_dist_local_group", PG_CATALOG_NAMESPACE);
	Relation	rel;
	SysScanDesc scan;
	HeapTuple	tup;
	int32		group = -1;

	if (!OidIsValid(lg))
		return -1;
	rel = table_open(lg, AccessShareLock);
	scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	tup = systable_getnext(scan);
	if (HeapTupleIsValid(tup))
	{
		bool		isnull;
		Datum		d = heap_getattr(tup, 1, RelationGetDescr(rel), &isnull);

		if (!isnull && TupleDescAttr(RelationGetDescr(rel), 0)->atttypid == INT4OID)
			group = DatumGetInt32(d);
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return group;
}

/*
 * The executor's guard on a Citus worker (called by the ExecutorRun hook, privacy.c). A Citus worker has
 * its own copies of the extension's tables (CREATE EXTENSION is propagated), empty or different from the
 * coordinator's. The C lookups refuse to read them (lk_check_readable); this refuses every other reader
 * the same way: a query whose range table names a relation of the extension (a table or view,
 * read or written, by a SQL or PL/pgSQL function of the extension, a function a user distributed with
 * create_distributed_function, or a query run on the worker) is an error on a node whose Citus group is
 * not the coordinator's. The extension's own scripts (CREATE / ALTER EXTENSION, which Citus propagates)
 * are let through. Costs one comparison per query where Citus is not preloaded; with Citus, one catalog
 * read per transaction. It runs only where the library is loaded: doc/citus.md has costshare in
 * session_preload_libraries on every node, and the install script refuses a Citus database without it.
 */
static struct
{
	int			citus_preloaded;	/* -1 not known yet, 0 no (nothing to guard), 1 yes */
	LocalTransactionId lxid;	/* the transaction the two below were read in */
	bool		have;
	int32		group;
	Oid			nsp;			/* the extension's schema */
	Oid			ext;			/* the extension */
} cg = {-1};

void
cs_citus_worker_guard(PlannedStmt *stmt)
{
	ListCell   *lc;

	if (cg.citus_preloaded == 0 || stmt == NULL)
		return;
	if (cg.citus_preloaded < 0)
	{
		/* a server setting (PGC_POSTMASTER): Citus cannot run without it, and it cannot change */
		const char *spl = GetConfigOption("shared_preload_libraries", true, false);

		cg.citus_preloaded = spl != NULL && strstr(spl, "citus") != NULL ? 1 : 0;
		if (cg.citus_preloaded == 0)
			return;
	}
	if (creating_extension || IsBinaryUpgrade)
		return;
	if (!cg.have || cg.lxid != MyProc->lxid)
	{
		cg.nsp = cs_extension_schema();
		cg.ext = get_extension_oid("costshare", true);
		cg.group = OidIsValid(get_extension_oid("citus", true)) ? lk_citus_group() : -1;
		cg.lxid = MyProc->lxid;
		cg.have = true;
	}
	if (cg.group <= 0 || !OidIsValid(cg.nsp))
		return;
	foreach(lc, stmt->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		/* the extension's own tables and views (a Citus shard in the schema is Citus's, not a copy) */
		if (rte->rtekind == RTE_RELATION && get_rel_namespace(rte->relid) == cg.nsp &&
			getExtensionOfObject(RelationRelationId, rte->relid) == cg.ext)
		{
			char	   *nspname = get_namespace_name(cg.nsp);
			char	   *relname = get_rel_name(rte->relid);

			ereport(ERROR,
					errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("costshare cannot use %s.%s on a Citus worker", nspname, relname),
					errdetail("This node is a Citus worker (group %d); its copy of the extension's tables is not the coordinator's, and a query here would read or change empty or different data.",
							  (int) cg.group),
					errhint("Run costshare's functions on the coordinator: do not distribute them with create_distributed_function, and call them in a query the coordinator evaluates (doc/citus.md)."));
		}
	}
}

static void
lk_check_readable(Relation rel, const char *nspname, bool citus, int32 citus_group)
{
	const char *name = RelationGetRelationName(rel);
	char		relkind = rel->rd_rel->relkind;

	if (relkind != RELKIND_RELATION)
		ereport(ERROR,
				errcode(ERRCODE_WRONG_OBJECT_TYPE),
				errmsg("costshare cannot read %s.%s: it is %s", nspname, name, lk_relkind_name(relkind)),
				errdetail("The estimate reads %s.%s directly through its index; only a plain table holds the rows it would find.",
						  nspname, name),
				errhint("Restore %s.%s as a plain table (reinstall the extension, or restore it from a dump).",
						nspname, name));
	if (citus && lk_citus_table(RelationGetRelid(rel)))
		ereport(ERROR,
				errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("costshare cannot read %s.%s: it is a Citus distributed or reference table", nspname, name),
				errdetail("On this node the table is a shell without the rows; the estimate reads tables directly, not through Citus's planner."),
				errhint("Keep costshare's plan tables as ordinary local tables on the node that runs estimates (doc/citus.md)."));
	if (citus && citus_group > 0)
		ereport(ERROR,
				errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("costshare cannot read %s.%s on a Citus worker", nspname, name),
				errdetail("This node is a Citus worker (group %d); its copy of the extension's tables is not the coordinator's, and an estimate here would price against empty or different plans.",
						  (int) citus_group),
				errhint("Run costshare's functions on the coordinator: do not distribute them with create_distributed_function, and call them in a query the coordinator evaluates (doc/citus.md)."));
}

/*
 * The table set: the namespace whose tables the lookups read (InvalidOid: the extension's own). The
 * as-of estimate (asof.c) points it at the session's temporary tables holding the data as it stood;
 * there is no plan_data_version there, so nothing is cached while it is set.
 */
static Oid	lk_table_set = InvalidOid;

void
cs_lookup_table_set(Oid nsp)
{
	lk_table_set = nsp;
	lk.valid = false;
	lk_member_cache_forget();
}

static void
lk_load(Oid nsp)
{
	char	   *nspname = get_namespace_name(nsp);
	bool		citus = OidIsValid(get_extension_oid("citus", true));
	int32		citus_group = citus ? lk_citus_group() : -1;
	Oid			tnsp = OidIsValid(lk_table_set) ? lk_table_set : nsp;

	if (!lk.callback_registered)
	{
		CacheRegisterRelcacheCallback(lk_invalidate, (Datum) 0);
		RegisterXactCallback(lk_xact_end, NULL);
		lkc.graveyard = AllocSetContextCreate(TopMemoryContext, "costshare retired plan-data caches",
											  ALLOCSET_SMALL_SIZES);
		lk.callback_registered = true;
	}
	lk.valid = false;
	lk.nsp = nsp;
	/* whatever changed, the cached rows go with the numbers below */
	lk_cache_retire();
	lk_member_cache_forget();
	for (int t = 0; t < T_COUNT; t++)
	{
		const lk_def *def = &lk_defs[t];
		lk_rel	   *r = &lk.rel[t];
		Relation	rel;

		r->relid = get_relname_relid(def->name, def->ext ? nsp : tnsp);
		if (!OidIsValid(r->relid))
			ereport(ERROR,
					errcode(ERRCODE_UNDEFINED_TABLE),
					errmsg("table %s.%s is missing", nspname, def->name),
					errhint("Reinstall the extension (DROP EXTENSION costshare; CREATE EXTENSION costshare)."));
		rel = table_open(r->relid, AccessShareLock);
		lk_check_readable(rel, nspname, citus, citus_group);
		r->ncols = 0;
		for (int c = 0; c < LK_MAX_COLS && def->cols[c] != NULL; c++)
		{
			AttrNumber	a = attnameAttNum(rel, def->cols[c], false);

			if (a == InvalidAttrNumber)
				ereport(ERROR,
						errcode(ERRCODE_UNDEFINED_COLUMN),
						errmsg("column %s of table %s.%s is missing", def->cols[c], nspname, def->name),
						errhint("Reinstall the extension, or restore the column."));
			/* a column of another type would be misread (a binary-compatible one, varchar for text, reads the same) */
			if (!IsBinaryCoercible(getBaseType(TupleDescAttr(RelationGetDescr(rel), a - 1)->atttypid), def->types[c]))
				ereport(ERROR,
						errcode(ERRCODE_DATATYPE_MISMATCH),
						errmsg("column %s of table %s.%s has type %s, not %s", def->cols[c], nspname, def->name,
							   format_type_be(TupleDescAttr(RelationGetDescr(rel), a - 1)->atttypid),
							   format_type_be(def->types[c])),
						errdetail("The estimate reads %s.%s.%s as %s; a value of another type would be misread.",
								  nspname, def->name, def->cols[c], format_type_be(def->types[c])),
						errhint("Restore the column's type (ALTER TABLE %s.%s ALTER COLUMN %s TYPE %s), or reinstall the extension.",
								nspname, def->name, def->cols[c], format_type_be(def->types[c])));
			r->attno[c] = a;
			r->collation[c] = TupleDescAttr(RelationGetDescr(rel), a - 1)->attcollation;
			r->byval[c] = TupleDescAttr(RelationGetDescr(rel), a - 1)->attbyval;
			r->len[c] = TupleDescAttr(RelationGetDescr(rel), a - 1)->attlen;
			r->ncols++;
		}
		r->indexid = lk_find_index(rel, r->attno, def->nkeys);
		table_close(rel, NoLock);
		if (!OidIsValid(r->indexid))
		{
			StringInfoData cols;

			initStringInfo(&cols);
			for (int c = 0; c < def->nkeys; c++)
				appendStringInfo(&cols, "%s%s", c > 0 ? ", " : "", def->cols[c]);
			ereport(ERROR,
					errcode(ERRCODE_UNDEFINED_OBJECT),
					errmsg("no btree index on %s.%s leads with the columns the estimate looks up", nspname, def->name),
					errdetail("The estimate probes %s.%s by (%s); the extension created an index for it.",
							  nspname, def->name, cols.data),
					errhint("Recreate it: CREATE INDEX ON %s.%s (%s); or reinstall the extension.",
							nspname, def->name, cols.data));
		}
	}
	/* the plan-data version (a bigint column "version"); without it nothing is cached */
	lk.version_relid = get_relname_relid("plan_data_version", tnsp);
	lk.version_att = InvalidAttrNumber;
	if (OidIsValid(lk.version_relid))
	{
		Relation	rel = table_open(lk.version_relid, AccessShareLock);
		AttrNumber	a = attnameAttNum(rel, "version", false);

		if (a != InvalidAttrNumber && TupleDescAttr(RelationGetDescr(rel), a - 1)->atttypid == INT8OID &&
			rel->rd_rel->relam == HEAP_TABLE_AM_OID)
			lk.version_att = a;
		else
			lk.version_relid = InvalidOid;
		table_close(rel, NoLock);
	}
	lk.terms_fn = LookupFuncName(list_make2(makeString(nspname), makeString("terms")), -1, NULL, false);
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

		if (lk.terms_desc != NULL)
			FreeTupleDesc(lk.terms_desc);
		lk.terms_desc = NULL;	/* (in case the lookup fails) */
		lk.terms_desc = lookup_rowtype_tupdesc_copy(get_func_rettype(lk.terms_fn), -1);
		MemoryContextSwitchTo(old);
	}
	{
		Oid			argtypes[9];

		/* the 271 pricing's result type, and x12_payer(text, text, text) */
		lk.estimate_271_type = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum("estimate_271_result"),
											   ObjectIdGetDatum(nsp));
		argtypes[0] = argtypes[1] = argtypes[2] = TEXTOID;
		lk.x12_payer_fn = LookupFuncName(list_make2(makeString(nspname), makeString("x12_payer")), 3, argtypes, true);
		lk.x12_payer_owner = InvalidOid;
		if (OidIsValid(lk.x12_payer_fn))
		{
			HeapTuple	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(lk.x12_payer_fn));

			if (!HeapTupleIsValid(tup))
				elog(ERROR, "cache lookup failed for function %u", lk.x12_payer_fn);
			lk.x12_payer_owner = ((Form_pg_proc) GETSTRUCT(tup))->proowner;
			ReleaseSysCache(tup);
		}
	}
	lk.daterange = lookup_type_cache(DATERANGEOID, TYPECACHE_RANGE_INFO);
	lk.valid = true;
}

/* ---- probing ------------------------------------------------------------------------------------ */

typedef struct lk_scan
{
	lk_table	t;
	IndexScanDesc sd;			/* an index probe, or */
	TupleTableSlot *slot;
	lk_centry  *ce;				/* rows from the cache */
	int			row;
} lk_scan;

/*
 * What one call has open: each table (privilege checked once), its index and a slot, opened on first
 * use and closed when the call ends (locks are kept to the end of the transaction, as a query's).
 */
typedef struct lk_call
{
	Relation	heap[T_COUNT];
	Relation	index[T_COUNT];
	TupleTableSlot *slot[T_COUNT];
	bool		checked[T_COUNT];	/* privilege and row security checked */
	bool		rls_only;		/* tables not checked yet are read with their owner's privilege (the
								 * 271 pricing's reads that the PL/pgSQL made as its owner): row
								 * security is still refused */
	int			cache_state;	/* 0: version not read yet, 1: cache usable, -1: not */
	int			member_state;	/* the member-data cache: 0 not decided yet, 1 usable, -1 not */
	uint64		member_gen;		/* lks.gen when it was decided usable */
	Snapshot	member_snap;	/* the active snapshot it was decided for ... */
	CommandId	member_cid;		/* ... its command id then ... */
	SubTransactionId member_subxid; /* ... the subtransaction ... */
	int64		member_wal;		/* ... and pgWalUsage.wal_records (own writes; see lks) */
	int64		version;
	IndexScanDesc later;		/* the ledger-key probe of lk_later_version, rescanned per line */
	IndexScanDesc versions;		/* the probe of lk_versions_after, rescanned per claim line */
} lk_call;

static lk_call *lk_cur;

/*
 * A batch (estimate_many) makes one lookup call per line, all under one snapshot, as one user: what a
 * call decided once per call (each table's privilege and row-security check, whether the plan-data and
 * member-data caches may be used and the plan-data version) is carried from one call to the next while
 * lk_carry.active, and used only under the same user, active snapshot, command id and subtransaction.
 * A lone call decides everything itself.
 */
static struct
{
	bool		active;			/* a batch runs (lk_carry_begin .. lk_carry_end) */
	bool		valid;			/* what the last call decided is below */
	Oid			user;
	Snapshot	snap;
	CommandId	cid;
	SubTransactionId subxid;
	bool		checked[T_COUNT];
	int			cache_state;
	int64		version;
	int			member_state;
	uint64		member_gen;
	Snapshot	member_snap;
	CommandId	member_cid;
	SubTransactionId member_subxid;
	int64		member_wal;
} lk_carry;

static void
lk_carry_begin(void)
{
	lk_carry.active = true;
	lk_carry.valid = false;
}

static void
lk_carry_end(void)
{
	lk_carry.active = false;
	lk_carry.valid = false;
}

static void
lk_call_begin(void)
{
	lk_cur = palloc0(sizeof(lk_call));
	/* no pointer into a cache retired during an earlier call is alive any more */
	if (lkc.graveyard != NULL)
		MemoryContextReset(lkc.graveyard);	/* deletes the retired caches */
	if (lk_carry.active && lk_carry.valid)
	{
		Snapshot	snap = GetActiveSnapshot();

		if (snap != NULL && snap == lk_carry.snap && snap->curcid == lk_carry.cid &&
			GetUserId() == lk_carry.user && GetCurrentSubTransactionId() == lk_carry.subxid)
		{
			memcpy(lk_cur->checked, lk_carry.checked, sizeof(lk_cur->checked));
			lk_cur->cache_state = lk_carry.cache_state;
			lk_cur->version = lk_carry.version;
			/*
			 * a member-data cache not usable is decided again (the first call under a snapshot only
			 * records it), and so is one past its size: deciding is where it is started afresh
			 */
			if (lk_carry.member_state == 1 && lks.cxt != NULL &&
				MemoryContextMemAllocated(lks.cxt, true) <= LK_MEMBER_CACHE_BYTES)
			{
				lk_cur->member_state = lk_carry.member_state;
				lk_cur->member_gen = lk_carry.member_gen;
				lk_cur->member_snap = lk_carry.member_snap;
				lk_cur->member_cid = lk_carry.member_cid;
				lk_cur->member_subxid = lk_carry.member_subxid;
				lk_cur->member_wal = lk_carry.member_wal;
			}
		}
	}
}

static void
lk_call_end(void)
{
	if (lk_carry.active)
	{
		Snapshot	snap = GetActiveSnapshot();

		/* a call that read with its owner's privilege checked only row security: nothing carried */
		lk_carry.valid = snap != NULL && !lk_cur->rls_only;
		if (lk_carry.valid)
		{
			lk_carry.user = GetUserId();
			lk_carry.snap = snap;
			lk_carry.cid = snap->curcid;
			lk_carry.subxid = GetCurrentSubTransactionId();
			memcpy(lk_carry.checked, lk_cur->checked, sizeof(lk_carry.checked));
			lk_carry.cache_state = lk_cur->cache_state;
			lk_carry.version = lk_cur->version;
			lk_carry.member_state = lk_cur->member_state;
			lk_carry.member_gen = lk_cur->member_gen;
			lk_carry.member_snap = lk_cur->member_snap;
			lk_carry.member_cid = lk_cur->member_cid;
			lk_carry.member_subxid = lk_cur->member_subxid;
			lk_carry.member_wal = lk_cur->member_wal;
		}
	}
	if (lk_cur->later != NULL)
		index_endscan(lk_cur->later);
	if (lk_cur->versions != NULL)
		index_endscan(lk_cur->versions);
	for (int t = 0; t < T_COUNT; t++)
	{
		if (lk_cur->slot[t] != NULL)
			ExecDropSingleTupleTableSlot(lk_cur->slot[t]);
		if (lk_cur->index[t] != NULL)
			index_close(lk_cur->index[t], NoLock);
		if (lk_cur->heap[t] != NULL)
			table_close(lk_cur->heap[t], NoLock);
	}
	pfree(lk_cur);
	lk_cur = NULL;
}

/* No row-level security on table t for the current user: the probes would bypass the policies */
static void
lk_check_rls(lk_table t)
{
	if (check_enable_rls(lk.rel[t].relid, InvalidOid, true) == RLS_ENABLED)
		ereport(ERROR,
				errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("row-level security on costshare.%s is not supported by the estimate", lk_defs[t].name),
				errdetail("The estimate reads the plan tables by index probes, which would bypass the policies."),
				errhint("Disable row-level security on the extension's tables, or grant access by schema and table."));
}

/* The caller's SELECT privilege on table t, and no row-level security on it: checked once per call */
static void
lk_check(lk_table t)
{
	Oid			relid = lk.rel[t].relid;
	AclResult	acl;

	if (lk_cur->checked[t])
		return;
	if (!lk_cur->rls_only)
	{
		acl = pg_class_aclcheck(relid, GetUserId(), ACL_SELECT);
		/* costshare_estimator runs the estimate without SELECT on the tables it probes (README "Roles") */
		if (acl != ACLCHECK_OK && !cs_lookup_allowed())
			aclcheck_error(acl, OBJECT_TABLE, get_rel_name(relid));
	}
	lk_check_rls(t);
	lk_cur->checked[t] = true;
}

/* Open a table for the call (checked as above) */
static Relation
lk_open(lk_table t)
{
	Relation	rel;

	if (lk_cur->heap[t] != NULL)
		return lk_cur->heap[t];
	lk_check(t);
	rel = table_open(lk.rel[t].relid, AccessShareLock);
	/* taking the lock may have processed an invalidation of the cached numbers (concurrent DDL) */
	if (!lk.valid)
		lk_load(lk.nsp);
	lk_cur->heap[t] = rel;
	return rel;
}

/* The version column of a visible row of plan_data_version */
static bool
lk_version_of(HeapTuple tup, Relation rel, int64 *version)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, lk.version_att, RelationGetDescr(rel), &isnull);

	if (!isnull)
		*version = DatumGetInt64(d);
	return !isnull;
}

/*
 * The plan-data version the snapshot sees. Its row is updated in place (HOT) and normally stays on the
 * table's first page, which is read directly; a full scan is the fallback.
 */
static bool
lk_read_version(Relation rel, Snapshot snapshot, int64 *version)
{
	bool		found = false;
	Buffer		buf = InvalidBuffer;
	PrefetchBufferResult pf;

	/*
	 * The first page, pinned without asking the kernel the table's size when it is in shared buffers
	 * (a page there exists); else only if the table has a page at all.
	 */
	pf = PrefetchBuffer(rel, MAIN_FORKNUM, 0);
	if (BufferIsValid(pf.recent_buffer) && ReadRecentBuffer(rel->rd_node, MAIN_FORKNUM, 0, pf.recent_buffer))
		buf = pf.recent_buffer;
	else if (RelationGetNumberOfBlocksInFork(rel, MAIN_FORKNUM) > 0)
		buf = ReadBuffer(rel, 0);
	if (BufferIsValid(buf))
	{
		Page		page;
		OffsetNumber maxoff;

		heap_page_prune_opt(rel, buf);
		LockBuffer(buf, BUFFER_LOCK_SHARE);
		page = BufferGetPage(buf);
		maxoff = PageGetMaxOffsetNumber(page);
		for (OffsetNumber off = FirstOffsetNumber; !found && off <= maxoff; off++)
		{
			ItemId		lp = PageGetItemId(page, off);
			HeapTupleData tup;

			if (!ItemIdIsNormal(lp))
				continue;
			tup.t_data = (HeapTupleHeader) PageGetItem(page, lp);
			tup.t_len = ItemIdGetLength(lp);
			tup.t_tableOid = RelationGetRelid(rel);
			ItemPointerSet(&tup.t_self, 0, off);
			found = HeapTupleSatisfiesVisibility(&tup, snapshot, buf) && lk_version_of(&tup, rel, version);
		}
		UnlockReleaseBuffer(buf);
	}
	if (!found)
	{
		TableScanDesc sd = table_beginscan(rel, snapshot, 0, NULL);
		HeapTuple	tup;

		while (!found && (tup = heap_getnext(sd, ForwardScanDirection)) != NULL)
			found = lk_version_of(tup, rel, version);
		table_endscan(sd);
	}
	return found;
}

/*
 * Whether this call may use the cache: the version its snapshot sees, read once per call. Not under
 * SERIALIZABLE, where reads must take predicate locks, which only real probes do.
 */
static bool
lk_cache_usable(void)
{
	if (lk_cur->cache_state == 0)
	{
		lk_cur->cache_state = -1;
		if (OidIsValid(lk.version_relid) && !IsolationIsSerializable())
		{
			Relation	rel = table_open(lk.version_relid, AccessShareLock);

			if (!lk.valid)
				lk_load(lk.nsp);
			if (OidIsValid(lk.version_relid) && RelationGetRelid(rel) == lk.version_relid &&
				lk_read_version(rel, GetActiveSnapshot(), &lk_cur->version))
				lk_cur->cache_state = 1;
			table_close(rel, NoLock);
		}
	}
	if (lk_cur->cache_state != 1)
		return false;
	if (!lkc.have || lkc.version != lk_cur->version ||
		MemoryContextMemAllocated(lkc.cxt, true) > LK_CACHE_BYTES)
		lk_cache_start(lk_cur->version);
	return true;
}

/*
 * Whether every own write to the member-data cache's tables writes WAL (counted in the snapshot
 * identity, lk_snapid): permanent tables, and wal_level above minimal (at minimal a table created or
 * truncated in the transaction is written without WAL)
 */
static bool
lk_member_tables_logged(void)
{
	static const lk_table tabs[] = {T_MEMBER, T_ENROLLMENT, T_SNAPSHOT, T_LEDGER};

	if (!XLogIsNeeded() || !lk.valid)
		return false;
	for (int i = 0; i < lengthof(tabs); i++)
		if (get_rel_persistence(lk.rel[tabs[i]].relid) != RELPERSISTENCE_PERMANENT)
			return false;
	return true;
}

/*
 * Whether this lookup may use the member-data cache (see lks above). Decided for the active snapshot,
 * and decided again when the call runs under another one (a function it called changed the active
 * snapshot, advanced its command id, or began or ended a subtransaction). The first call under a
 * snapshot only records it; the entries are used only while they are the ones that decision started
 * (lks.gen).
 */
static bool
lk_member_cache_usable(void)
{
	Snapshot	snap = GetActiveSnapshot();

	if (lk_cur->member_state != 0 &&
		(snap != lk_cur->member_snap || snap == NULL || snap->curcid != lk_cur->member_cid ||
		 GetCurrentSubTransactionId() != lk_cur->member_subxid ||
		 pgWalUsage.wal_records != lk_cur->member_wal))
		lk_cur->member_state = 0;
	if (lk_cur->member_state == 0)
	{
		lk_cur->member_state = -1;
		lk_cur->member_snap = snap;
		lk_cur->member_cid = snap != NULL ? snap->curcid : InvalidCommandId;
		lk_cur->member_subxid = GetCurrentSubTransactionId();
		lk_cur->member_wal = pgWalUsage.wal_records;
		if (cs_member_cache_enabled && snap != NULL && snap->snapshot_type == SNAPSHOT_MVCC &&
			!IsolationIsSerializable() && lkc.graveyard != NULL && lk_member_tables_logged())
		{
			if (lk_snapid_equal(snap))
			{
				if (lks.cxt == NULL || MemoryContextMemAllocated(lks.cxt, true) > LK_MEMBER_CACHE_BYTES)
					lk_member_cache_start();
				lk_cur->member_state = 1;
				lk_cur->member_gen = lks.gen;
			}
			else
			{
				lk_member_cache_retire();
				lk_snapid_set(snap);
			}
		}
		else
			lk_member_cache_forget();
	}
	return lk_cur->member_state == 1 && lks.cxt != NULL && lks.gen == lk_cur->member_gen;
}

/* The member-data cache's tables read as rows (the ledger and snapshots are kept processed) */
static inline bool
lk_member_table(lk_table t)
{
	return t == T_MEMBER || t == T_ENROLLMENT || t == T_LEDGER_MEMBER || t == T_LEDGER_FAMILY ||
		t == T_LINE_VERSIONS || t == T_RESERVE;
}

/* The cache key of a probe; false when the keys are too long to be cached */
static bool
lk_cache_key(lk_ckey *k, lk_table t, int nkeys, const Datum *keys)
{
	int			off = 0;

	memset(k, 0, sizeof(lk_ckey));
	k->t = (int16) t;
	for (int i = 0; i < nkeys; i++)
	{
		text	   *x;
		uint16		len;

		if (lk_defs[t].types[i] == INT4OID && lk_member_table(t))
		{
			/* a claim line's number (the versions of a line): its four bytes (a table's keys have fixed types) */
			int32		x4 = DatumGetInt32(keys[i]);

			if (off + 4 > LK_CKEY_BYTES)
				return false;
			memcpy(k->bytes + off, &x4, 4);
			off += 4;
			continue;
		}
		if (lk_defs[t].types[i] != TEXTOID)
			return false;		/* keyed by a number (a Medicare year): probed each time */
		x = DatumGetTextPP(keys[i]);
		len = (uint16) VARSIZE_ANY_EXHDR(x);
		if (VARSIZE_ANY_EXHDR(x) > LK_CKEY_BYTES || off + 2 + len > LK_CKEY_BYTES)
			return false;
		memcpy(k->bytes + off, &len, 2);
		memcpy(k->bytes + off + 2, VARDATA_ANY(x), len);
		off += 2 + len;
	}
	k->len = (int16) off;
	return true;
}

static void lk_begin_probe(lk_scan *s, lk_table t, int nkeys, const Datum *keys);
static bool lk_next_probe(lk_scan *s, Datum *v, bool *n);

/*
 * Begin a probe of table t with equality on the first nkeys columns of its index (text). A plan table
 * is answered from the cache when it can be; a miss reads every matching row into it first.
 */
static void
lk_begin(lk_scan *s, lk_table t, int nkeys, const Datum *keys)
{
	lk_ckey		key;
	lk_centry  *e;
	bool		found;
	lk_scan		probe;
	Datum		v[LK_MAX_COLS];
	bool		n[LK_MAX_COLS];
	int			ncols = lk.rel[t].ncols,
				cap = 0;
	MemoryContext old;

	bool		plan = lk_defs[t].cached;
	HTAB	   *h;

	s->t = t;
	s->ce = NULL;
	s->sd = NULL;
	if (!(plan ? lk_cache_usable() : lk_member_table(t) && lk_member_cache_usable()) ||
		!lk_cache_key(&key, t, nkeys, keys))
	{
		lk_begin_probe(s, t, nkeys, keys);
		return;
	}
	lk_check(t);
	h = plan ? lkc.h : lks.h;
	e = lk_memo_find(t, &key);
	if (e == NULL && (e = hash_search(h, &key, HASH_FIND, NULL)) != NULL)
		lk_memo_keep(t, e);
	if (e != NULL)
	{
		if (plan)
			lk_stats.cache_hits++;
		else
			lk_stats.member_hits++;
		s->ce = e;
		s->row = 0;
		return;
	}
	/* a miss: read all the rows, then enter them (an error part-way leaves no entry) */
	if (plan)
		lk_stats.cache_misses++;
	else
		lk_stats.member_misses++;
	lk_begin_probe(&probe, t, nkeys, keys);
	if (plan ? !lkc.have : (lks.cxt == NULL || lks.gen != lk_cur->member_gen))
	{
		/* opening the table processed an invalidation (DDL): no more caching in this call */
		if (plan)
			lk_cur->cache_state = -1;
		*s = probe;
		return;
	}
	/* the member-data cache's rows are read in the call's memory, then laid out in one piece */
	old = MemoryContextSwitchTo(plan ? lkc.cxt : CurrentMemoryContext);
	{
		int			nrows = 0;
		Datum	   *rv = NULL;
		bool	   *rn = NULL;

		while (lk_next_probe(&probe, v, n))
		{
			if (nrows == cap)
			{
				cap = cap == 0 ? 2 : cap * 2;
				rv = rv == NULL ? palloc(sizeof(Datum) * ncols * cap) : repalloc(rv, sizeof(Datum) * ncols * cap);
				rn = rn == NULL ? palloc(sizeof(bool) * ncols * cap) : repalloc(rn, sizeof(bool) * ncols * cap);
			}
			for (int c = 0; c < ncols; c++)
			{
				Datum		x = v[c];

				rn[nrows * ncols + c] = n[c];
				if (!n[c] && lk.rel[t].len[c] == -1)
					x = PointerGetDatum(pg_detoast_datum_packed((struct varlena *) DatumGetPointer(x)));
				rv[nrows * ncols + c] = n[c] ? (Datum) 0 : datumCopy(x, lk.rel[t].byval[c], lk.rel[t].len[c]);
			}
			nrows++;
		}
		index_endscan(probe.sd);
		if (!plan && (lks.cxt == NULL || lks.gen != lk_cur->member_gen))
		{
			/*
			 * an invalidation processed while the rows were read (a TOAST fetch taking its first lock)
			 * retired the cache: the rows, in the call's memory, serve this lookup only
			 */
			e = palloc0(sizeof(lk_centry));
			e->nrows = nrows;
			e->v = rv;
			e->n = rn;
			MemoryContextSwitchTo(old);
			s->ce = e;
			s->row = 0;
			return;
		}
		if (!plan)
		{
			Size		bytes = MAXALIGN(sizeof(Datum) * ncols * nrows) + MAXALIGN(sizeof(bool) * ncols * nrows);
			char	   *p;
			Datum	   *kv;
			bool	   *kn;

			for (int i = 0; i < nrows * ncols; i++)
				if (!rn[i] && !lk.rel[t].byval[i % ncols])
					bytes += MAXALIGN(datumGetSize(rv[i], false, lk.rel[t].len[i % ncols]));
			p = MemoryContextAlloc(lks.cxt, bytes);
			kv = (Datum *) p;
			p += MAXALIGN(sizeof(Datum) * ncols * nrows);
			kn = (bool *) p;
			p += MAXALIGN(sizeof(bool) * ncols * nrows);
			memcpy(kn, rn, sizeof(bool) * ncols * nrows);
			for (int i = 0; i < nrows * ncols; i++)
			{
				if (rn[i] || lk.rel[t].byval[i % ncols])
					kv[i] = rv[i];
				else
				{
					Size		sz = datumGetSize(rv[i], false, lk.rel[t].len[i % ncols]);

					memcpy(p, DatumGetPointer(rv[i]), sz);
					kv[i] = PointerGetDatum(p);
					p += MAXALIGN(sz);
				}
			}
			rv = kv;
			rn = kn;
		}
		e = hash_search(h, &key, HASH_ENTER, &found);
		e->nrows = nrows;
		e->v = rv;
		e->n = rn;
		e->typed = NULL;
		lk_memo_keep(t, e);
	}
	MemoryContextSwitchTo(old);
	s->ce = e;
	s->row = 0;
}

/* The index probe itself */
static void
lk_begin_probe(lk_scan *s, lk_table t, int nkeys, const Datum *keys)
{
	ScanKeyData sk[3];
	lk_rel	   *r = &lk.rel[t];
	Relation	rel = lk_open(t);

	if (lk_cur->index[t] == NULL)
	{
		lk_cur->index[t] = index_open(r->indexid, AccessShareLock);
		lk_cur->slot[t] = table_slot_create(rel, NULL);
	}
	/* keys on the index's leading columns: attribute numbers are the index's (text, or a year) */
	for (int i = 0; i < nkeys; i++)
		ScanKeyEntryInitialize(&sk[i], 0, (AttrNumber) (i + 1), BTEqualStrategyNumber, InvalidOid,
							   r->collation[i], lk_defs[t].types[i] == INT4OID ? F_INT4EQ : F_TEXTEQ, keys[i]);
	s->t = t;
	s->ce = NULL;
	s->slot = lk_cur->slot[t];
	s->sd = index_beginscan(rel, lk_cur->index[t], GetActiveSnapshot(), nkeys, 0);
	index_rescan(s->sd, sk, nkeys, NULL, 0);
}

static bool
lk_next_probe(lk_scan *s, Datum *v, bool *n)
{
	lk_rel	   *r = &lk.rel[s->t];

	if (!index_getnext_slot(s->sd, ForwardScanDirection, s->slot))
		return false;
	slot_getallattrs(s->slot);
	for (int c = 0; c < r->ncols; c++)
	{
		v[c] = s->slot->tts_values[r->attno[c] - 1];
		n[c] = s->slot->tts_isnull[r->attno[c] - 1];
	}
	return true;
}

/* The next row: v[i] / n[i] are the table's columns in the order of lk_defs (pointing into the row) */
static bool
lk_next(lk_scan *s, Datum *v, bool *n)
{
	int			ncols;

	if (s->ce == NULL)
		return lk_next_probe(s, v, n);
	if (s->row >= s->ce->nrows)
		return false;
	ncols = lk.rel[s->t].ncols;
	memcpy(v, s->ce->v + s->row * ncols, sizeof(Datum) * ncols);
	memcpy(n, s->ce->n + s->row * ncols, sizeof(bool) * ncols);
	s->row++;
	return true;
}

static void
lk_end(lk_scan *s)
{
	if (s->sd != NULL)
		index_endscan(s->sd);
	s->sd = NULL;
}

/* Copy the datums of the current row that outlive the next lk_next / lk_end */
static Datum
lk_keep(Datum v, bool isnull)
{
	return isnull ? (Datum) 0 : PointerGetDatum(PG_DETOAST_DATUM_COPY(v));
}

/*
 * A text as it is, when it is neither compressed nor out of line (a short header is read in place):
 * the lookups compare texts at every line of a batch, and detoasting through a call costs more than
 * the comparison
 */
static inline text *
text_plain(Datum a)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(a);

	return VARATT_IS_EXTERNAL(v) || VARATT_IS_COMPRESSED(v) ? DatumGetTextPP(a) : (text *) v;
}

static inline bool
text_eq(Datum a, const char *b, size_t blen)
{
	text	   *t = text_plain(a);

	return VARSIZE_ANY_EXHDR(t) == blen && memcmp(VARDATA_ANY(t), b, blen) == 0;
}

static inline bool
text_eq_datum(Datum a, Datum b)
{
	text	   *tb;

	if (a == b)
		return true;
	tb = text_plain(b);
	return text_eq(a, VARDATA_ANY(tb), VARSIZE_ANY_EXHDR(tb));
}

/*
 * One comparison remembered: a batch's earlier lines share their texts (emb_keep keeps one copy of
 * each distinct text of a group), so a loop over them compares each distinct text with the call's once
 */
typedef struct lk_eqmemo
{
	Datum		key;			/* the text last compared (0: none) */
	bool		eq;
} lk_eqmemo;

static inline bool
text_eq_memo(lk_eqmemo *m, Datum x, Datum y)
{
	if (m->key != x || x == (Datum) 0)
	{
		m->key = x;
		m->eq = text_eq_datum(x, y);
	}
	return m->eq;
}

static bool
range_has_date(Datum range, DateADT d)
{
	return range_contains_elem_internal(lk.daterange, DatumGetRangeTypeP(range), DateADTGetDatum(d));
}

/* Copy column col of table t of the current row, whatever its type */
static Datum
lk_keep_col(lk_table t, int col, Datum v, bool isnull)
{
	return isnull ? (Datum) 0 : datumCopy(v, lk.rel[t].byval[col], lk.rel[t].len[col]);
}

/* ---- accumulators ------------------------------------------------------------------------------- */

/*
 * A ledger line as lk_ledger_read reads it, before it is ordered and laid out as lk_ledger_kept: what
 * the row says, converted and checked, independent of the call. Which lines count for a call (the
 * buckets credited, the member, the category, a plan-paid maximum asked) is decided per call in
 * lk_accumulators.
 */
typedef struct lk_ledger_row
{
	text	   *payer_id;		/* a claim line is the payer's: (payer, claim, line) */
	text	   *claim_id;
	int32		line_no;
	int32		version;
	bool		status_counts;	/* pending or final (in whichever bucket) */
	text	   *bucket;
	text	   *member_id;
	text	   *category;		/* NULL: none */
	DateADT		service_date;
	bool		adjudicated_null;
	DateADT		adjudicated_on;
	int64		deductible,
				copay,
				coinsurance;
	int32		visits;
	const char *bad_column;		/* a stored value of the four above the rules refuse (reported only if
								 * the row counts) */
	const char *bad_key;
	const char *problem;
	bool		plan_paid_null; /* what the plan paid, read when a maximum asks: plan_paid as recorded, */
	bool		allowed_null;	/* else the allowed amount less the patient's share */
	int64		pp_cents;		/* plan_paid, else allowed (0 when neither) */
	const char *pp_column;		/* a bad value of the one read */
	const char *pp_key;
	const char *pp_problem;
} lk_ledger_row;

/* A ledger line's bad stored values (rare: kept apart) */
typedef struct lk_ledger_bad
{
	const char *column;			/* of deductible, copay, coinsurance, visits */
	const char *key;
	const char *problem;
	const char *pp_column;		/* of plan_paid, or allowed when plan_paid is NULL */
	const char *pp_key;
	const char *pp_problem;
} lk_ledger_bad;

/* A ledger line as the cache keeps it: texts as indexes into the set's table of distinct texts */
typedef struct lk_ledger_kept
{
	int64		deductible,
				copay,
				coinsurance;
	int64		pp_cents;
	DateADT		service_date;
	DateADT		adjudicated_on;
	int32		visits;
	int32		member;			/* member_id */
	int32		bucket;
	int32		category;		/* -1: NULL */
	bool		latest;
	bool		status_counts;
	bool		adjudicated_null;
	bool		plan_paid_null;
	bool		allowed_null;
	const lk_ledger_bad *bad;	/* NULL: every value good */
} lk_ledger_kept;

/* The ledger lines of a family in a plan, the versions of each line grouped, the latest first */
typedef struct lk_ledger_set
{
	int			n;
	int			ntexts;
	lk_ledger_kept *rows;
	text	  **texts;			/* the distinct member ids, buckets and categories of the lines */
} lk_ledger_set;

/* An accumulator snapshot of a family as the member-data cache keeps it (lk_snap_read) */
typedef struct lk_snap_row
{
	text	   *member_id;		/* NULL: the family's figures */
	text	   *plan_id;
	text	   *bucket;
	DateADT		as_of;
	int64		ded;
	int64		oop;
	const char *column;			/* the first bad value of the two, reported only if the snapshot counts */
	const char *key;
	const char *problem;
} lk_snap_row;

typedef struct lk_snap_set
{
	int			n;
	lk_snap_row *rows;			/* in index order */
} lk_snap_set;

static int
ledger_cmp(const void *a, const void *b)
{
	const lk_ledger_row *x = *(const lk_ledger_row *const *) a,
			   *y = *(const lk_ledger_row *const *) b;
	size_t		xl,
				yl;
	int			c;

	/* any order that groups the versions of a line, the latest first (cheapest comparisons first) */
	if (x->line_no != y->line_no)
		return x->line_no < y->line_no ? -1 : 1;
	xl = VARSIZE_ANY_EXHDR(x->claim_id);
	yl = VARSIZE_ANY_EXHDR(y->claim_id);
	if (xl != yl)
		return xl < yl ? -1 : 1;
	c = memcmp(VARDATA_ANY(x->claim_id), VARDATA_ANY(y->claim_id), xl);
	if (c != 0)
		return c;
	xl = VARSIZE_ANY_EXHDR(x->payer_id);
	yl = VARSIZE_ANY_EXHDR(y->payer_id);
	if (xl != yl)
		return xl < yl ? -1 : 1;
	c = memcmp(VARDATA_ANY(x->payer_id), VARDATA_ANY(y->payer_id), xl);
	if (c != 0)
		return c;
	return x->version > y->version ? -1 : (x->version < y->version ? 1 : 0);
}

/*
 * A stored value the rules refuse (stored before them, or with the trigger disabled): reported naming
 * the table, the column and the row's key, which for the ledger and snapshots never includes the
 * member or family (a family id may be a surname).
 */
static char *
stored_text(Datum v)
{
	char	   *s = TextDatumGetCString(v);
	int			len = strlen(s);

	/* echo at most 64 bytes of a key */
	if (len > 64)
		s[pg_mbcliplen(s, len, 64)] = '\0';
	return s;
}

static char *
stored_key(lk_table t, const Datum *v, const bool *n)
{
	switch (t)
	{
		case T_LEDGER:
			return psprintf("payer_id \"%s\", claim_id \"%s\", line %d, version %d", stored_text(v[15]),
							stored_text(v[2]), DatumGetInt32(v[3]), DatumGetInt32(v[4]));
		case T_SNAPSHOT:
			return psprintf("plan_id \"%s\", bucket \"%s\", as_of %s (%s figures)", stored_text(v[2]),
							stored_text(v[3]), DatumGetCString(DirectFunctionCall1(date_out, v[4])),
							n[1] ? "family" : "member");
		case T_BENEFIT:
			return psprintf("plan_id \"%s\", category \"%s\", network \"%s\"", stored_text(v[0]),
							stored_text(v[1]), stored_text(v[2]));
		case T_PLAN_LIMIT:
			return psprintf("plan_id \"%s\", bucket \"%s\"", stored_text(v[0]), stored_text(v[1]));
		case T_FEE:
			return psprintf("fee_id %lld", (long long) DatumGetInt64(v[10]));
		case T_REMIT:
			return psprintf("payer_id \"%s\", claim_id \"%s\", line %d, version %d", stored_text(v[0]),
							stored_text(v[4]), DatumGetInt32(v[5]), DatumGetInt32(v[6]));
		case T_RESERVE:
			return psprintf("claim_id \"%s\", line %d, version %d", stored_text(v[3]), DatumGetInt32(v[4]),
							DatumGetInt32(v[5]));
		case T_MCR_RVU:
			return psprintf("year %d, hcpcs \"%s\", modifier \"%s\"", DatumGetInt32(v[0]), stored_text(v[1]),
							stored_text(v[2]));
		case T_MCR_GPCI:
			return psprintf("year %d, mac \"%s\", locality \"%s\"", DatumGetInt32(v[0]), stored_text(v[1]),
							stored_text(v[2]));
		case T_MCR_CF:
			return psprintf("year %d", DatumGetInt32(v[0]));
		case T_CREDENTIAL:
			return psprintf("credential \"%s\"", stored_text(v[0]));
		default:
			return pstrdup("an unknown key");
	}
}

/* Column col of a row of table t (columns as in lk_defs): stored money -> cents */
static int64
stored_cents(lk_table t, int col, const Datum *v, const bool *n)
{
	int64		cents = 0;
	const char *problem = cs_stored_money_problem(v[col], &cents);

	if (problem != NULL)
		cs_report_stored(lk_defs[t].name, lk_defs[t].cols[col], stored_key(t, v, n), problem);
	return cents;
}

/*
 * The same without raising, for rows that may not count (an older version of a ledger line, a
 * snapshot a later one replaces): *problem and *column are set on the first bad value, and the key
 * is built then (bad values are rare).
 */
static int64
stored_cents_later(lk_table t, int col, const Datum *v, const bool *n, const char **column, const char **key,
				   const char **problem)
{
	int64		cents = 0;
	const char *p = cs_stored_money_problem(v[col], &cents);

	if (p != NULL && *problem == NULL)
	{
		*problem = p;
		*column = lk_defs[t].cols[col];
		*key = stored_key(t, v, n);
	}
	return cents;
}

/* The same for a rate or a count (NULL is left to the caller) */
static void
stored_rate(lk_table t, int col, const Datum *v, const bool *n)
{
	const char *problem = n[col] ? NULL : cs_stored_rate_problem(v[col]);

	if (problem != NULL)
		cs_report_stored(lk_defs[t].name, lk_defs[t].cols[col], stored_key(t, v, n), problem);
}

static void
stored_count(lk_table t, int col, const Datum *v, const bool *n)
{
	const char *problem = n[col] ? NULL : cs_stored_count_problem(DatumGetInt32(v[col]));

	if (problem != NULL)
		cs_report_stored(lk_defs[t].name, lk_defs[t].cols[col], stored_key(t, v, n), problem);
}

static void
stored_money(lk_table t, int col, const Datum *v, const bool *n)
{
	if (!n[col])
		(void) stored_cents(t, col, v, n);
}

/*
 * The member-data cache's processed entries (lk_ledger_read, lk_snap_read): looked up when the cache
 * may be used, else (or on a miss) built from an index probe, in the cache when it may be used (entered
 * only once complete), else in the call's memory. The caller's privilege is checked either way.
 */
static lk_centry *
lk_typed_find(lk_table t, const Datum *keys, int nkeys, lk_ckey *key, bool *cache)
{
	lk_centry  *e;

	*cache = lk_member_cache_usable() && lk_cache_key(key, t, nkeys, keys);
	if (!*cache)
		return NULL;
	lk_check(t);
	e = lk_memo_find(t, key);
	if (e == NULL && (e = hash_search(lks.h, key, HASH_FIND, NULL)) != NULL)
		lk_memo_keep(t, e);
	if (e != NULL)
		lk_stats.member_hits++;
	else
		lk_stats.member_misses++;
	return e;
}

static void
lk_typed_enter(const lk_ckey *key, void *typed, int nrows)
{
	bool		found;
	lk_centry  *e = hash_search(lks.h, key, HASH_ENTER, &found);

	e->nrows = nrows;
	e->v = NULL;
	e->n = NULL;
	e->typed = typed;
	lk_memo_keep((lk_table) key->t, e);
}

/* Every version of every ledger line of the family in the plan, converted, grouped and ordered */
static const lk_ledger_set *
lk_ledger_read(Datum family, Datum plan)
{
	Datum		keys[2] = {family, plan};
	lk_ckey		key;
	bool		cache;
	lk_centry  *e = lk_typed_find(T_LEDGER, keys, 2, &key, &cache);
	lk_scan		s;
	Datum		v[LK_MAX_COLS];
	bool		n[LK_MAX_COLS];
	lk_ledger_row *rows = NULL;
	lk_ledger_row **ord;
	lk_ledger_set *set;
	int			nrows = 0,
				cap = 0;

	if (e != NULL)
		return (const lk_ledger_set *) e->typed;
	lk_begin_probe(&s, T_LEDGER, 2, keys);
	/* opening the table may have processed an invalidation (DDL): then nothing is entered */
	if (cache && (lks.cxt == NULL || lks.gen != lk_cur->member_gen))
		cache = false;
	/* read in the call's memory; what is kept is laid out below */
	while (lk_next_probe(&s, v, n))
	{
		lk_ledger_row *r;

		if (nrows == cap)
		{
			cap = cap == 0 ? 16 : cap * 2;
			rows = rows == NULL ? palloc(sizeof(lk_ledger_row) * cap) : repalloc(rows, sizeof(lk_ledger_row) * cap);
		}
		r = &rows[nrows++];
		r->claim_id = DatumGetTextPP(lk_keep(v[2], false));
		r->payer_id = DatumGetTextPP(lk_keep(v[15], false));
		r->line_no = DatumGetInt32(v[3]);
		r->version = DatumGetInt32(v[4]);
		r->status_counts = cs_ledger_status_counts(VARDATA_ANY(DatumGetTextPP(v[5])),
												   VARSIZE_ANY_EXHDR(DatumGetTextPP(v[5])));
		r->bucket = DatumGetTextPP(lk_keep(v[6], false));
		r->service_date = DatumGetDateADT(v[7]);
		r->adjudicated_null = n[8];
		r->adjudicated_on = n[8] ? 0 : DatumGetDateADT(v[8]);
		r->member_id = DatumGetTextPP(lk_keep(v[9], false));
		r->category = n[10] ? NULL : DatumGetTextPP(lk_keep(v[10], false));
		r->problem = NULL;
		r->bad_column = NULL;
		r->bad_key = NULL;
		r->deductible = stored_cents_later(T_LEDGER, 11, v, n, &r->bad_column, &r->bad_key, &r->problem);
		r->copay = stored_cents_later(T_LEDGER, 12, v, n, &r->bad_column, &r->bad_key, &r->problem);
		r->coinsurance = stored_cents_later(T_LEDGER, 13, v, n, &r->bad_column, &r->bad_key, &r->problem);
		r->visits = DatumGetInt32(v[14]);
		if (r->problem == NULL && cs_stored_count_problem(r->visits) != NULL)
		{
			r->problem = cs_stored_count_problem(r->visits);
			r->bad_column = "visits";
			r->bad_key = stored_key(T_LEDGER, v, n);
		}
		r->plan_paid_null = n[17];
		r->allowed_null = n[16];
		r->pp_cents = 0;
		r->pp_problem = NULL;
		r->pp_column = NULL;
		r->pp_key = NULL;
		if (!n[17])
			r->pp_cents = stored_cents_later(T_LEDGER, 17, v, n, &r->pp_column, &r->pp_key, &r->pp_problem);
		else if (!n[16])
			r->pp_cents = stored_cents_later(T_LEDGER, 16, v, n, &r->pp_column, &r->pp_key, &r->pp_problem);
	}
	lk_end(&s);

	/*
	 * the versions of each line grouped, the latest first (sorted by pointer); which lines count and
	 * where is the engine's (cs_ledger_sum). Laid out in one piece of memory: the lines, then the table
	 * of their distinct texts, then the texts.
	 */
	ord = nrows > 0 ? palloc(sizeof(lk_ledger_row *) * nrows) : NULL;
	for (int i = 0; i < nrows; i++)
		ord[i] = &rows[i];
	if (nrows > 1)
		qsort(ord, nrows, sizeof(lk_ledger_row *), ledger_cmp);
	{
		text	  **tab = palloc(sizeof(text *) * (3 * nrows + 1));
		int32	   *idx = palloc(sizeof(int32) * (3 * nrows + 1));
		int			ntab = 0;
		Size		bytes;
		char	   *p;

		for (int i = 0; i < 3 * nrows; i++)
		{
			lk_ledger_row *r = ord[i / 3];
			text	   *t = i % 3 == 0 ? r->member_id : i % 3 == 1 ? r->bucket : r->category;
			int			k;

			idx[i] = -1;
			if (t == NULL)
				continue;
			for (k = 0; k < ntab; k++)
				if (text_eq_datum(PointerGetDatum(tab[k]), PointerGetDatum(t)))
					break;
			if (k == ntab)
				tab[ntab++] = t;
			idx[i] = k;
		}
		/* reading may have processed an invalidation (a TOAST fetch's first lock): then nothing is kept */
		if (cache && (lks.cxt == NULL || lks.gen != lk_cur->member_gen))
			cache = false;
		bytes = MAXALIGN(sizeof(lk_ledger_set)) + MAXALIGN(sizeof(lk_ledger_kept) * nrows) +
			MAXALIGN(sizeof(text *) * ntab);
		for (int k = 0; k < ntab; k++)
			bytes += MAXALIGN(VARSIZE_ANY(tab[k]));
		p = MemoryContextAlloc(cache ? lks.cxt : CurrentMemoryContext, bytes);
		set = (lk_ledger_set *) p;
		p += MAXALIGN(sizeof(lk_ledger_set));
		set->n = nrows;
		set->ntexts = ntab;
		set->rows = (lk_ledger_kept *) p;
		p += MAXALIGN(sizeof(lk_ledger_kept) * nrows);
		set->texts = (text **) p;
		p += MAXALIGN(sizeof(text *) * ntab);
		for (int k = 0; k < ntab; k++)
		{
			memcpy(p, tab[k], VARSIZE_ANY(tab[k]));
			set->texts[k] = (text *) p;
			p += MAXALIGN(VARSIZE_ANY(tab[k]));
		}
		for (int i = 0; i < nrows; i++)
		{
			lk_ledger_row *r = ord[i];
			lk_ledger_kept *k = &set->rows[i];

			k->deductible = r->deductible;
			k->copay = r->copay;
			k->coinsurance = r->coinsurance;
			k->pp_cents = r->pp_cents;
			k->service_date = r->service_date;
			k->adjudicated_on = r->adjudicated_on;
			k->visits = r->visits;
			k->member = idx[3 * i];
			k->bucket = idx[3 * i + 1];
			k->category = idx[3 * i + 2];
			k->latest = !(i > 0 && ord[i - 1]->line_no == r->line_no &&
						  text_eq_datum(PointerGetDatum(ord[i - 1]->claim_id), PointerGetDatum(r->claim_id)) &&
						  text_eq_datum(PointerGetDatum(ord[i - 1]->payer_id), PointerGetDatum(r->payer_id)));
			k->status_counts = r->status_counts;
			k->adjudicated_null = r->adjudicated_null;
			k->plan_paid_null = r->plan_paid_null;
			k->allowed_null = r->allowed_null;
			k->bad = NULL;
			if (r->problem != NULL || r->pp_problem != NULL)
			{
				/* (columns and problems are constant strings; the keys were built in the call's memory) */
				MemoryContext kc = cache ? lks.cxt : CurrentMemoryContext;
				lk_ledger_bad *b = MemoryContextAlloc(kc, sizeof(lk_ledger_bad));

				b->column = r->bad_column;
				b->key = r->bad_key != NULL ? MemoryContextStrdup(kc, r->bad_key) : NULL;
				b->problem = r->problem;
				b->pp_column = r->pp_column;
				b->pp_key = r->pp_key != NULL ? MemoryContextStrdup(kc, r->pp_key) : NULL;
				b->pp_problem = r->pp_problem;
				k->bad = b;
			}
		}
		pfree(tab);
		pfree(idx);
	}
	if (ord != NULL)
		pfree(ord);
	if (rows != NULL)
		pfree(rows);
	if (cache)
		lk_typed_enter(&key, set, nrows);
	return set;
}

/* The family's accumulator snapshots, converted (the bad values kept, not raised) */
static const lk_snap_set *
lk_snap_read(Datum family)
{
	lk_ckey		key;
	bool		cache;
	lk_centry  *e = lk_typed_find(T_SNAPSHOT, &family, 1, &key, &cache);
	lk_scan		s;
	Datum		v[LK_MAX_COLS];
	bool		n[LK_MAX_COLS];
	lk_snap_set *set;
	int			cap = 0;
	MemoryContext old;

	if (e != NULL)
		return (const lk_snap_set *) e->typed;
	lk_begin_probe(&s, T_SNAPSHOT, 1, &family);
	if (cache && (lks.cxt == NULL || lks.gen != lk_cur->member_gen))
		cache = false;
	old = MemoryContextSwitchTo(cache ? lks.cxt : CurrentMemoryContext);
	set = palloc(sizeof(lk_snap_set));
	set->n = 0;
	set->rows = NULL;
	while (lk_next_probe(&s, v, n))
	{
		lk_snap_row *r;

		if (set->n == cap)
		{
			cap = cap == 0 ? 8 : cap * 2;
			set->rows = set->rows == NULL ? palloc(sizeof(lk_snap_row) * cap) :
				repalloc(set->rows, sizeof(lk_snap_row) * cap);
		}
		r = &set->rows[set->n++];
		r->member_id = n[1] ? NULL : DatumGetTextPP(lk_keep(v[1], false));
		r->plan_id = DatumGetTextPP(lk_keep(v[2], false));
		r->bucket = DatumGetTextPP(lk_keep(v[3], false));
		r->as_of = DatumGetDateADT(v[4]);
		r->problem = NULL;
		r->column = NULL;
		r->key = NULL;
		r->ded = stored_cents_later(T_SNAPSHOT, 5, v, n, &r->column, &r->key, &r->problem);
		r->oop = stored_cents_later(T_SNAPSHOT, 6, v, n, &r->column, &r->key, &r->problem);
	}
	MemoryContextSwitchTo(old);
	lk_end(&s);
	/*
	 * reading may have processed an invalidation (a TOAST fetch's first lock): then nothing is entered
	 * (the rows, in the retired cache's memory, stay until the next call begins)
	 */
	if (cache && lks.cxt != NULL && lks.gen == lk_cur->member_gen)
		lk_typed_enter(&key, set, set->n);
	return set;
}

/* the same, converted for the engine: CS_ABSENT when NULL */
static int64
stored_money_opt(lk_table t, int col, const Datum *v, const bool *n)
{
	return n[col] ? CS_ABSENT : stored_cents(t, col, v, n);
}

static int64
stored_rate_opt(lk_table t, int col, const Datum *v, const bool *n)
{
	int64		micros = CS_ABSENT;

	stored_rate(t, col, v, n);
	if (!n[col] && cs_numeric_to_micros(v[col], &micros) != CS_NUM_OK)
		elog(ERROR, "a stored rate checked good did not convert");
	return micros;
}

static int64
stored_count_opt(lk_table t, int col, const Datum *v, const bool *n)
{
	stored_count(t, col, v, n);
	return n[col] ? CS_ABSENT : DatumGetInt32(v[col]);
}

static cs_stored_bool
stored_bool(Datum d, bool isnull)
{
	return isnull ? CS_STORED_NULL : DatumGetBool(d) ? CS_STORED_TRUE : CS_STORED_FALSE;
}

static void
add_cents(int64 *sum, int64 v)
{
	if (pg_add_s64_overflow(*sum, v, sum))
		ereport(ERROR,
				errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("accumulator total is out of range"),
				errhint("Check the ledger and snapshot amounts of this family."));
}

/* A sum as SQL gave it: numeric with two decimals when any value took part, else the integer 0 */
static Datum
sum_datum(int64 cents, bool any)
{
	return any ? cs_cents_to_numeric(cents) : NumericGetDatum(int64_to_numeric(0));
}

/*
 * The accumulators of a member and family in a plan bucket and benefit period up to a date: the
 * payer's latest snapshot plus the ledger lines (latest version of each claim line, pending or final,
 * in the buckets credited) the snapshot does not reflect, plus fourth-quarter carryover.
 */
/* a text datum's bytes as an engine name (NULL: data NULL) */
static cs_name
name_of(Datum d, bool isnull)
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

/* plan_limit columns 1 bucket and 9 also_credits of a row, for the engine's choice of rows */
static void
limit_row_names(const Datum *v, const bool *n, cs_limit_row *row)
{
	row->bucket = name_of(v[1], n[1]);
	row->has_credits = !n[9];
	row->n_credits = 0;
	row->credits = NULL;
	if (!n[9])
	{
		Datum	   *elems;
		bool	   *enulls;
		int			ne;
		cs_name    *names;

		deconstruct_array(DatumGetArrayTypeP(v[9]), TEXTOID, -1, false, TYPALIGN_INT, &elems, &enulls, &ne);
		names = palloc(sizeof(cs_name) * Max(ne, 1));
		for (int i = 0; i < ne; i++)
			names[i] = name_of(elems[i], enulls[i]);
		row->n_credits = ne;
		row->credits = names;
	}
}

/* whether a plan_limit row (columns as in lk_defs) of another bucket credits this one (the engine decides) */
static bool
limit_credits(const Datum *v, const bool *n, cs_name bucket)
{
	cs_limit_row row;

	if (cs_limit_is_bucket(name_of(v[1], n[1]), bucket))
		return false;			/* (no need to read its credits) */
	limit_row_names(v, n, &row);
	return cs_limit_credits(&row, bucket);
}

/*
 * The lines of an estimate_many call priced before this one (costshare.batch_271_line[]), as ledger
 * lines recorded after every load and adjudicated after every snapshot: what one estimate at a time
 * would read once each had been posted. estimate_271_after reads them in the 271 path
 * (call_price_271); coordinate_second/_third in the later payer's accumulators (lk_accumulators).
 * Read by column name, each checked for its type.
 */
typedef struct p271_earlier_line
{
	Datum		member,
				family,
				plan,
				payer,
				category,
				bucket;
	bool		family_null,
				plan_null,
				payer_null,
				category_null,
				bucket_null;
	cs_p271_ledger_line line;	/* date, amounts, known flags; the rest set per estimate */
	bool		cob;			/* a later payer's line: cob_normal and cob_paid given (its benefit reserve) */
	cs_cents	cob_normal,
				cob_paid;
} p271_earlier_line;

#define P271_SEEN 16
typedef struct p271_earlier
{
	int			n;
	p271_earlier_line *l;
	int			nseen;			/* emb_keep: the distinct texts kept so far (one copy each) */
	Datum		seen[P271_SEEN];
} p271_earlier;


/*
 * What the plan paid on the member's ledger lines of the plan and category (the plan-paid maximums of
 * costshare.benefit): in the benefit period up to the date, and in any period up to the date.
 */
typedef struct lk_plan_paid
{
	int64		period;
	int64		lifetime;
	bool		unknown;		/* a line counted had neither plan_paid nor allowed recorded */
} lk_plan_paid;

/* What line_context already read of the plan: the other buckets that credit this one, and carryover */
typedef struct lk_plan_known
{
	List	   *buckets;
	bool		carry;
	int32		visit_window;	/* benefit.visit_window_days: visits count over the days ending on the
								 * date of service, not the benefit period (0: the period) */
} lk_plan_known;

static HeapTuple
lk_accumulators(TupleDesc accum_desc, Datum member, bool member_null, Datum family, Datum plan, Datum bucket,
				Datum category, bool category_null, Datum period, DateADT date, const lk_plan_known *known,
				lk_plan_paid *pp, const p271_earlier *earlier)
{
	lk_scan		s;
	Datum		v[LK_MAX_COLS];
	bool		n[LK_MAX_COLS];
	Datum		keys[2];
	List	   *buckets = list_make1(DatumGetPointer(bucket));
	bool		carry = false;
	int32		visit_window = 0;
	RangeType  *pr = DatumGetRangeTypeP(period);
	TypeCacheEntry *tc = lk.daterange;
	RangeBound	lo,
				hi;
	bool		empty;
	const lk_snap_row *ind = NULL,	/* the member's and the family's snapshot taken (NULL: none) */
			   *fam = NULL;
	int64		ded_i = 0,
				oop_i = 0,
				ded_f = 0,
				oop_f = 0,
				coins_i = 0;
	int64		visits_i = 0;
	bool		any_ded_i = false,
				any_oop_i = false,
				any_ded_f = false,
				any_oop_f = false,
				any_coins = false;
	Datum		av[CS_ACCUM_NATTS];
	bool		an[CS_ACCUM_NATTS] = {0};
	cs_ledger_ask ask;

	/* the benefit period's bounds (the engine's cs_ledger_sum decides what falls in it, and the
	 * fourth-quarter carryover window before it) */
	range_deserialize(tc, pr, &lo, &hi, &empty);

	/* the buckets credited, and whether the plan carries the fourth quarter over */
	if (known != NULL)
	{
		buckets = list_concat(buckets, known->buckets);
		carry = known->carry;
		visit_window = known->visit_window;
	}
	else
	{
		keys[0] = plan;
		lk_begin(&s, T_PLAN_LIMIT, 1, keys);
		while (lk_next(&s, v, n))
			if (limit_credits(v, n, name_of(bucket, false)))
				buckets = lappend(buckets, DatumGetPointer(lk_keep(v[1], false)));
		lk_end(&s);

		lk_begin(&s, T_PLAN, 1, keys);
		if (lk_next(&s, v, n))
			carry = !n[4] && DatumGetBool(v[4]);
		lk_end(&s);
	}

	/* what the engine is asked: the date and the benefit period (the snapshots' dates follow below) */
	memset(&ask, 0, sizeof(ask));
	ask.date = date;
	ask.period_empty = empty;
	ask.period_lower_inf = !empty && lo.infinite;
	ask.period_lower = !empty && !lo.infinite ? DatumGetDateADT(lo.val) : 0;
	ask.period_lower_finite = !empty && !lo.infinite && !DATE_NOT_FINITE(DatumGetDateADT(lo.val));
	ask.period_upper_inf = !empty && hi.infinite;
	ask.period_upper = !empty && !hi.infinite ? DatumGetDateADT(hi.val) : 0;

	/* the payer's latest snapshots in the period up to the date (the engine's cs_snapshot_takes): the
	 * member's and the family's */
	{
		const lk_snap_set *ss = lk_snap_read(family);

		for (int i = 0; i < ss->n; i++)
		{
			const lk_snap_row *r = &ss->rows[i];

			if (!text_eq_datum(PointerGetDatum(r->plan_id), plan) || !text_eq_datum(PointerGetDatum(r->bucket), bucket))
				continue;
			if (r->member_id == NULL)
			{
				if (cs_snapshot_takes(&ask, r->as_of, fam != NULL, fam != NULL ? fam->as_of : 0))
					fam = r;
			}
			else if (!member_null && text_eq_datum(PointerGetDatum(r->member_id), member))
			{
				if (cs_snapshot_takes(&ask, r->as_of, ind != NULL, ind != NULL ? ind->as_of : 0))
					ind = r;
			}
		}
	}
	/* the latest snapshots count: a value stored before the checks is refused here */
	if (ind != NULL && ind->problem != NULL)
		cs_report_stored("accumulator_snapshot", ind->column, ind->key, ind->problem);
	if (fam != NULL && fam->problem != NULL)
		cs_report_stored("accumulator_snapshot", fam->column, fam->key, fam->problem);

	/*
	 * every version of every line of the family in the plan (lk_ledger_read: converted, the versions of
	 * each line grouped, the latest first -- a line is identified by payer, claim id and line number);
	 * what counts for this member, bucket and category is decided here, the sums are the engine's
	 */
	{
		const lk_ledger_set *set = lk_ledger_read(family, plan);
		lk_eqmemo	m_family = {0},	/* the earlier lines' comparisons (text_eq_memo) */
					m_plan = {0},
					m_category = {0},
					m_member = {0},
					m_bucket = {0};
		Datum		credited_key = (Datum) 0;
		bool		credited_memo = false;
		int			nrows = set->n;
		int			nearlier = earlier != NULL ? earlier->n : 0;
		cs_ledger_line *lines = nrows + nearlier > 0 ? palloc(sizeof(cs_ledger_line) * (nrows + nearlier)) : NULL;
		cs_ledger_sums sums;
		cs_error	err;
		int			bad;
		/* per distinct text of the lines: the call's member, its bucket, a bucket credited, its category */
		bool	   *is_member = palloc(sizeof(bool) * (set->ntexts + 1) * 4);
		bool	   *is_bucket = is_member + set->ntexts + 1;
		bool	   *is_credited = is_bucket + set->ntexts + 1;
		bool	   *is_category = is_credited + set->ntexts + 1;

		for (int k = 0; k < set->ntexts; k++)
		{
			Datum		t = PointerGetDatum(set->texts[k]);
			ListCell   *lc;

			is_member[k] = !member_null && text_eq_datum(t, member);
			is_bucket[k] = text_eq_datum(t, bucket);
			is_credited[k] = false;
			foreach(lc, buckets)
				if (text_eq_datum(t, PointerGetDatum(lfirst(lc))))
					is_credited[k] = true;
			is_category[k] = !category_null && text_eq_datum(t, category);
		}
		for (int i = 0; i < nrows; i++)
		{
			const lk_ledger_kept *r = &set->rows[i];
			cs_ledger_line *l = &lines[i];
			bool		in_category = category_null ? r->category < 0 : (r->category >= 0 && is_category[r->category]);

			l->latest = r->latest;
			l->status_counts = r->status_counts;
			l->credited = r->status_counts && is_credited[r->bucket];	/* (status and bucket; the engine asks both) */
			l->is_member = is_member[r->member];
			l->visit_counts = l->is_member && is_bucket[r->bucket] && in_category;
			/* what the plan paid counts toward a maximum: the member's lines in the category */
			l->plan_counts = pp != NULL && l->is_member && in_category;
			l->plan_paid = 0;
			l->plan_paid_known = false;
			if (l->plan_counts)
			{
				if (!r->plan_paid_null)
				{
					l->plan_paid = r->pp_cents;
					l->plan_paid_known = true;
				}
				else if (!r->allowed_null)
				{
					/* each amount is at most 1e9 dollars: no overflow */
					int64		share = r->deductible + r->copay + r->coinsurance;

					l->plan_paid = r->pp_cents > share ? r->pp_cents - share : 0;
					l->plan_paid_known = true;
				}
			}
			l->bad = r->bad != NULL &&
				(r->bad->problem != NULL || (l->plan_counts && r->bad->pp_problem != NULL));
			l->service_date = r->service_date;
			l->adjudicated_known = !r->adjudicated_null;
			l->adjudicated_on = r->adjudicated_on;
			l->deductible = r->deductible;
			l->copay = r->copay;
			l->coinsurance = r->coinsurance;
			l->visits = r->visits;
		}

		/*
		 * a batch's earlier lines of the family and plan (estimate_many's chain of a later payer): ledger
		 * lines posted after every snapshot, counted by the same rules as the stored ones
		 */
		for (int i = 0; i < nearlier; i++)
		{
			const p271_earlier_line *x = &earlier->l[i];
			cs_ledger_line *l = &lines[nrows];
			bool		credited = false;
			bool		in_category;

			if (x->family_null || x->plan_null || !text_eq_memo(&m_family, x->family, family) ||
				!text_eq_memo(&m_plan, x->plan, plan))
				continue;
			if (x->bucket_null)
				cs_report_null("bucket", "Each earlier line of the batch says which accumulator bucket it credits.");
			if (x->bucket == credited_key)
				credited = credited_memo;
			else
			{
				ListCell   *lc;

				foreach(lc, buckets)
					if (text_eq_datum(x->bucket, PointerGetDatum(lfirst(lc))))
						credited = true;
				credited_key = x->bucket;
				credited_memo = credited;
			}
			in_category = category_null ? x->category_null :
				(!x->category_null && text_eq_memo(&m_category, x->category, category));
			memset(l, 0, sizeof(*l));
			l->latest = true;
			l->status_counts = true;
			l->credited = credited;
			l->is_member = !member_null && text_eq_memo(&m_member, x->member, member);
			l->visit_counts = l->is_member && text_eq_memo(&m_bucket, x->bucket, bucket) && in_category;
			l->plan_counts = pp != NULL && l->is_member && in_category;
			if (l->plan_counts)
			{
				if (x->line.plan_paid_known)
				{
					l->plan_paid = x->line.plan_paid;
					l->plan_paid_known = true;
				}
				else if (x->line.allowed_known)
				{
					/* each amount is at most 1e9 dollars: no overflow */
					int64		share = x->line.deductible + x->line.copay + x->line.coinsurance;

					l->plan_paid = x->line.allowed > share ? x->line.allowed - share : 0;
					l->plan_paid_known = true;
				}
			}
			l->service_date = x->line.service_date;
			l->adjudicated_known = false;
			l->deductible = x->line.deductible;
			l->copay = x->line.copay;
			l->coinsurance = x->line.coinsurance;
			l->visits = (int32) x->line.visits;
			nrows++;
		}
		ask.carryover = carry;
		ask.visit_window = visit_window;
		ask.plan_max = pp != NULL;
		ask.ind_snapshot = ind != NULL;
		ask.ind_as_of = ind != NULL ? ind->as_of : 0;
		ask.fam_snapshot = fam != NULL;
		ask.fam_as_of = fam != NULL ? fam->as_of : 0;
		if (cs_ledger_sum(lines, nrows, &ask, &sums, &bad, &err) != CS_OK)
		{
			if (bad >= 0)
			{
				const lk_ledger_bad *b = set->rows[bad].bad;

				if (b->problem != NULL)
					cs_report_stored("accumulator_ledger", b->column, b->key, b->problem);
				cs_report_stored("accumulator_ledger", b->pp_column, b->pp_key, b->pp_problem);
			}
			ereport(ERROR,
					errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					errmsg("accumulator total is out of range"),
					errhint("Check the ledger and snapshot amounts of this family."));
		}
		ded_i = sums.ded_individual;
		oop_i = sums.oop_individual;
		ded_f = sums.ded_family;
		oop_f = sums.oop_family;
		coins_i = sums.coinsurance_individual;
		any_ded_i = sums.any_ded_individual;
		any_oop_i = sums.any_oop_individual;
		any_ded_f = sums.any_ded_family;
		any_oop_f = sums.any_oop_family;
		any_coins = sums.any_coinsurance;
		visits_i = sums.visits;
		if (pp != NULL)
		{
			pp->period = sums.plan_paid_period;
			pp->lifetime = sums.plan_paid_lifetime;
			pp->unknown = sums.plan_paid_unknown;
		}
	}

	add_cents(&ded_i, ind != NULL ? ind->ded : 0);
	add_cents(&ded_f, fam != NULL ? fam->ded : 0);
	add_cents(&oop_i, ind != NULL ? ind->oop : 0);
	add_cents(&oop_f, fam != NULL ? fam->oop : 0);
	if (visits_i > PG_INT32_MAX)
		ereport(ERROR,
				errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("visit count is out of range"),
				errhint("Check the ledger's visits of this member."));
	av[0] = sum_datum(ded_i, ind != NULL || any_ded_i);
	av[1] = sum_datum(ded_f, fam != NULL || any_ded_f);
	av[2] = sum_datum(oop_i, ind != NULL || any_oop_i);
	av[3] = sum_datum(oop_f, fam != NULL || any_oop_f);
	av[4] = Int32GetDatum((int32) visits_i);
	av[5] = sum_datum(coins_i, any_coins);
	av[6] = Int32GetDatum(0);
	return heap_form_tuple(accum_desc, av, an);
}

/* ---- Medicare's physician fee schedule (issue 10) ------------------------------------------------ */

static Datum text_datum(const char *s);

/* A stored RVU, GPCI, conversion factor or share in millionths (the tables' CHECKs keep them exact) */
static int64
stored_micros(lk_table t, int col, const Datum *v, const bool *n)
{
	int64		micros = 0;

	if (n[col] || cs_numeric_to_micros(v[col], &micros) != CS_NUM_OK)
		cs_report_stored(lk_defs[t].name, lk_defs[t].cols[col], stored_key(t, v, n),
						 "not a finite number with at most six decimals");
	return micros;
}

/* A text argument as btrim(x) (spaces only), a C string */
static char *
trimmed(Datum x)
{
	return TextDatumGetCString(DirectFunctionCall1(btrim1, x));
}

/*
 * costshare.medicare_price: the code's RVUs (a priced status only), the locality's GPCIs and the year's
 * conversion factor, each by index probe, then the engine's formula with the percentage applied once.
 * false (NULL) when one of them is not loaded or the status is not priced. The percentage is the share
 * (share_null: none, 100%) times the contract percent (percent_null: none, 100%), converted only when
 * there is a price to apply it to (as the PL/pgSQL did). Needs a call (lk_cur).
 */
static bool
lk_medicare_price(int32 year, Datum hcpcs, bool modifier_null, Datum modifier, Datum mac, Datum locality,
				  bool facility, bool share_null, Datum share, bool percent_null, Datum percent, cs_cents *out)
{
	lk_scan		s;
	Datum		v[LK_MAX_COLS];
	bool		n[LK_MAX_COLS];
	Datum		keys[3];
	char	   *m = trimmed(mac);
	char	   *l = trimmed(locality);
	char	   *mn = palloc(strlen(m) + 8);
	char	   *ln = palloc(strlen(l) + 8);
	cs_fee_input in;
	int64		pe_nonfacility;
	int64		pe_facility;
	int64		year_cf = 0;
	int64		rvu_cf;
	bool		have_year_cf;
	int64		share_units = 0;
	int64		percent_units = 0;
	bool		found;
	cs_error	err;

	/* MAC and locality as CMS's locality file prints them (1112, 5) or padded (01112, 05) */
	if (cs_fee_norm_mac(m, mn, strlen(m) + 8, &err) != CS_OK ||
		cs_fee_norm_locality(l, ln, strlen(l) + 8, &err) != CS_OK)
		cs_report(&err);
	cs_fee_init(&in);

	keys[0] = Int32GetDatum(year);
	keys[1] = DirectFunctionCall1Coll(upper, DEFAULT_COLLATION_OID, DirectFunctionCall1(btrim1, hcpcs));
	keys[2] = modifier_null ? text_datum("") :
		DirectFunctionCall1Coll(upper, DEFAULT_COLLATION_OID, DirectFunctionCall1(btrim1, modifier));
	lk_begin(&s, T_MCR_RVU, 3, keys);
	/* 3 status_code 4 work_rvu 5 pe_rvu_nonfacility 6 pe_rvu_facility 7 mp_rvu 8 conversion_factor */
	found = lk_next(&s, v, n) && !n[3] && cs_fee_status_priced(TextDatumGetCString(v[3]));
	if (found)
	{
		in.work_rvu = stored_micros(T_MCR_RVU, 4, v, n);
		pe_nonfacility = stored_micros(T_MCR_RVU, 5, v, n);
		pe_facility = stored_micros(T_MCR_RVU, 6, v, n);
		in.pe_rvu = cs_fee_pe_rvu(facility, pe_nonfacility, pe_facility);
		in.mp_rvu = stored_micros(T_MCR_RVU, 7, v, n);
		rvu_cf = stored_micros(T_MCR_RVU, 8, v, n);
	}
	lk_end(&s);
	if (!found)
		return false;

	keys[1] = text_datum(mn);
	keys[2] = text_datum(ln);
	lk_begin(&s, T_MCR_GPCI, 3, keys);
	found = lk_next(&s, v, n);
	if (found)
	{
		in.work_gpci = stored_micros(T_MCR_GPCI, 3, v, n);
		in.pe_gpci = stored_micros(T_MCR_GPCI, 4, v, n);
		in.mp_gpci = stored_micros(T_MCR_GPCI, 5, v, n);
	}
	lk_end(&s);
	if (!found)
		return false;

	lk_begin(&s, T_MCR_CF, 1, keys);
	have_year_cf = lk_next(&s, v, n) && !n[1];
	if (have_year_cf)
		year_cf = stored_micros(T_MCR_CF, 1, v, n);
	lk_end(&s);
	if (!cs_fee_conversion_factor(have_year_cf, year_cf, true, rvu_cf, &in.conversion_factor))
		return false;

	if (!share_null)
		share_units = cs_fee_percent_units(share);
	if (!percent_null)
		percent_units = cs_fee_percent_units(percent);
	if (cs_fee_share_percent(!share_null, share_units, !percent_null, percent_units, &in.percent, &err) != CS_OK ||
		cs_fee_compute(&in, out, &err) != CS_OK)
		cs_report(&err);
	return true;
}

/* The credential's share of the fee schedule amount (costshare.credential.medicare_percent), if on file */
static bool
lk_credential_share(Datum credential, Datum *share)
{
	lk_scan		s;
	Datum		v[LK_MAX_COLS];
	bool		n[LK_MAX_COLS];
	bool		found;

	lk_begin(&s, T_CREDENTIAL, 1, &credential);
	found = lk_next(&s, v, n) && !n[1];
	if (found)
		*share = lk_keep(v[1], false);
	lk_end(&s);
	return found;
}

/* The year of a date as extract(year FROM date)::int gives it (an infinite date fails as that cast does) */
static int32
service_year(DateADT date)
{
	int			y,
				m,
				d;

	if (DATE_NOT_FINITE(date))
		return DatumGetInt32(DirectFunctionCall1(numeric_int4,
												 DirectFunctionCall2(extract_date, CStringGetTextDatum("year"),
																	 DateADTGetDatum(date))));
	j2date(date + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	return y > 0 ? y : y - 1;	/* no year 0: 1 BC is -1 */
}

/*
 * costshare.medicare_allowed: the Medicare amount of a code at a locality on a date, times the
 * credential's share and the contract percent (NULL: 100%); NULL when the MAC or locality is NULL or
 * nothing is priced. Needs a call (lk_cur).
 */
static Datum
medicare_allowed(Datum code, Datum modifier, bool facility, Datum credential, bool credential_null, Datum mac,
				 bool mac_null, Datum locality, bool locality_null, DateADT date, Datum percent, bool *isnull)
{
	Datum		share = (Datum) 0;
	bool		have_share;
	cs_cents	cents;

	*isnull = true;
	if (mac_null || locality_null)
		return (Datum) 0;
	have_share = !credential_null && lk_credential_share(credential, &share);
	if (!lk_medicare_price(service_year(date), code, false, modifier, mac, locality, facility, !have_share, share,
						   false, percent, &cents))
		return (Datum) 0;
	*isnull = false;
	return cs_cents_to_numeric(cents);
}

/*
 * The SQL functions run their own call, and leave one in progress (a PL/pgSQL function the estimate
 * calls may call them) as it was
 */
static lk_call *
lk_call_push(FunctionCallInfo fcinfo)
{
	lk_call    *outer = lk_cur;

	if (!lk.valid)
		lk_load(get_func_namespace(fcinfo->flinfo->fn_oid));
	lk_cur = palloc0(sizeof(lk_call));
	return outer;
}

static void
lk_call_pop(lk_call *outer)
{
	lk_call_end();
	lk_cur = outer;
}

/* costshare.medicare_price(year, hcpcs, modifier, mac, locality, facility, percent) */
PG_FUNCTION_INFO_V1(costshare_medicare_price);
Datum
costshare_medicare_price(PG_FUNCTION_ARGS)
{
	lk_call    *outer;
	cs_cents	cents;
	bool		priced;

	/* NULL for any NULL argument but the modifier (none) */
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3) || PG_ARGISNULL(4) || PG_ARGISNULL(5) ||
		PG_ARGISNULL(6))
		PG_RETURN_NULL();
	/* the percent is checked whether or not a price is found (a NaN must not pass for want of one) */
	(void) cs_fee_percent_units(PG_GETARG_DATUM(6));
	outer = lk_call_push(fcinfo);
	priced = lk_medicare_price(PG_GETARG_INT32(0), PG_GETARG_DATUM(1), PG_ARGISNULL(2),
							   PG_ARGISNULL(2) ? (Datum) 0 : PG_GETARG_DATUM(2), PG_GETARG_DATUM(3),
							   PG_GETARG_DATUM(4), PG_GETARG_BOOL(5), true, (Datum) 0, false,
							   PG_GETARG_DATUM(6), &cents);
	lk_call_pop(outer);
	if (!priced)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(cs_cents_to_numeric(cents));
}

/* costshare.medicare_allowed(code, modifier, facility, credential, mac, locality, service_date, percent) */
PG_FUNCTION_INFO_V1(costshare_medicare_allowed);
Datum
costshare_medicare_allowed(PG_FUNCTION_ARGS)
{
	lk_call    *outer;
	Datum		share = (Datum) 0;
	bool		have_share;
	cs_cents	cents;
	bool		priced;
	int32		year;

	if (PG_ARGISNULL(4) || PG_ARGISNULL(5))
		PG_RETURN_NULL();
	/* the percent is checked whether or not a price is found (a NaN must not pass for want of one) */
	if (!PG_ARGISNULL(7))
		(void) cs_fee_percent_units(PG_GETARG_DATUM(7));
	outer = lk_call_push(fcinfo);
	/* in the PL/pgSQL's order: the share, the year (an infinite date fails), then medicare_price's NULLs */
	have_share = !PG_ARGISNULL(3) && lk_credential_share(PG_GETARG_DATUM(3), &share);
	year = PG_ARGISNULL(6) ? 0 : service_year(PG_GETARG_DATEADT(6));
	priced = !PG_ARGISNULL(6) && !PG_ARGISNULL(0) && !PG_ARGISNULL(2) &&
		lk_medicare_price(year, PG_GETARG_DATUM(0), PG_ARGISNULL(1),
						  PG_ARGISNULL(1) ? (Datum) 0 : PG_GETARG_DATUM(1), PG_GETARG_DATUM(4),
						  PG_GETARG_DATUM(5), PG_GETARG_BOOL(2), !have_share, share, PG_ARGISNULL(7),
						  PG_ARGISNULL(7) ? (Datum) 0 : PG_GETARG_DATUM(7), &cents);
	lk_call_pop(outer);
	if (!priced)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(cs_cents_to_numeric(cents));
}

/* The function's cache: the result descriptor and the descriptors of its nested composites */
typedef struct lk_cache
{
	TupleDesc	result;			/* blessed */
	TupleDesc	accum;			/* blessed */
	cs_fn_cache *cs;			/* the engine glue's cache (terms, money datums); estimate only */
	cs_cob_layout *cob;			/* coordinate_second/third's result (a coordination); NULL until needed */
	TupleDesc	x271;			/* estimate_271_result and its terms and line types, checked once */
	TupleDesc	x271_terms;		/* (the 271 pricing); NULL until needed */
	TupleDesc	x271_line;
	Oid			earlier_type;	/* estimate_271_after: costshare.batch_271_line, checked once */
	int		   *earlier_att;	/* its attribute of each column read (p271_earlier_cols order) */
} lk_cache;

static void p271_read_earlier(lk_cache *c, MemoryContext mcxt, ArrayType *a, p271_earlier *out);

static lk_cache *
lk_get_cache(FunctionCallInfo fcinfo, int accum_att)
{
	lk_cache   *c = fcinfo->flinfo->fn_extra;

	if (c == NULL)
	{
		TupleDesc	d;
		MemoryContext old;

		if (get_call_result_type(fcinfo, NULL, &d) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		c = palloc0(sizeof(lk_cache));
		c->result = BlessTupleDesc(CreateTupleDescCopy(d));
		c->accum = accum_att < 0 ? c->result :
			BlessTupleDesc(lookup_rowtype_tupdesc_copy(TupleDescAttr(d, accum_att)->atttypid, -1));
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = c;
	}
	if (!lk.valid)
		lk_load(get_func_namespace(fcinfo->flinfo->fn_oid));
	return c;
}

static void
require_args(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				errmsg("member, service date and service code must not be null"),
				errdetail("An eligibility or estimate request needs the member, the date of service and the service code."),
				errhint("Pass all three; provider and place of service are optional."));
	if (DATE_NOT_FINITE(PG_GETARG_DATEADT(1)))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("service date must be a finite date"),
				errdetail("The service date is infinity or -infinity."),
				errhint("Give the date of service."));
}

/*
 * The billed amount (argument 5 of the estimate's functions and of coordinate_second/third), checked
 * before anything is looked up: whether the line is priced (and billed read) depends on the data, and a
 * NaN must not pass because the member is unknown, has no such coverage or the line cannot be priced.
 */
static void
require_billed(FunctionCallInfo fcinfo)
{
	if (PG_NARGS() > 5 && !PG_ARGISNULL(5))
		(void) cs_arg_money(PG_GETARG_DATUM(5), false, "billed", false);
}

/*
 * costshare.accumulators(member_id, family_id, plan_id, bucket, category, period, service_date)
 */
PG_FUNCTION_INFO_V1(costshare_accumulators);
Datum
costshare_accumulators(PG_FUNCTION_ARGS)
{
	HeapTuple	result;
	lk_cache   *c;

	lk_stats.accumulators_calls++;
	c = lk_get_cache(fcinfo, -1);
	/* as the SQL did: no family, plan, bucket, period or date matches no row, and all is zero */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) || PG_ARGISNULL(5) || PG_ARGISNULL(6))
	{
		Datum		av[CS_ACCUM_NATTS];
		bool		an[CS_ACCUM_NATTS] = {0};

		for (int i = 0; i < CS_ACCUM_NATTS; i++)
			av[i] = (i == 4 || i == 6) ? Int32GetDatum(0) : NumericGetDatum(int64_to_numeric(0));
		PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(c->result, av, an)));
	}
	lk_call_begin();
	result = lk_accumulators(c->result, PG_GETARG_DATUM(0), PG_ARGISNULL(0),
							 PG_GETARG_DATUM(1), PG_GETARG_DATUM(2), PG_GETARG_DATUM(3),
							 PG_GETARG_DATUM(4), PG_ARGISNULL(4), PG_GETARG_DATUM(5), PG_GETARG_DATEADT(6), NULL,
							 NULL, NULL);
	lk_call_end();
	PG_RETURN_DATUM(HeapTupleGetDatum(result));
}

/* ---- the allowed amount from the practice's remittance history ------------------------------------ */

/* A whole-number setting that may not exist (a placeholder set with SET), its value the engine's */
static int64
remit_setting(const char *name, int64 def, int64 min, int64 max)
{
	const char *v = GetConfigOption(name, true, false);
	int64_t		out = def;

	if (!cs_remit_setting(v, def, min, max, &out))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("%s must be a whole number from %lld to %lld", name, (long long) min, (long long) max),
				errdetail("The setting is not such a number (digits only, no sign or unit)."),
				errhint("SET %s = %lld (the default), or RESET it.", name, (long long) def));
	return out;
}

/* Table t and its index, open for this call (checked as lk_open does) */
static Relation
lk_open_index(lk_table t)
{
	Relation	rel = lk_open(t);

	if (lk_cur->index[t] == NULL)
	{
		lk_cur->index[t] = index_open(lk.rel[t].indexid, AccessShareLock);
		lk_cur->slot[t] = table_slot_create(rel, NULL);
	}
	return rel;
}

/*
 * Whether the ledger holds a version of the payer's claim line after version: one probe of its key (a
 * latest version, the usual case, reads no heap page). The scan is begun once per call and rescanned per
 * line. These probes are most of the cost of the remittance median (doc/remittance_allowed.md).
 */
static bool
lk_later_version(Datum payer, Datum claim, int32 line_no, int32 version)
{
	ScanKeyData sk[4];
	lk_rel	   *r = &lk.rel[T_LINE];
	Relation	rel = lk_open_index(T_LINE);
	IndexScanDesc sd;
	bool		found;

	ScanKeyEntryInitialize(&sk[0], 0, 1, BTEqualStrategyNumber, InvalidOid, r->collation[0], F_TEXTEQ, payer);
	ScanKeyEntryInitialize(&sk[1], 0, 2, BTEqualStrategyNumber, InvalidOid, r->collation[1], F_TEXTEQ, claim);
	ScanKeyEntryInitialize(&sk[2], 0, 3, BTEqualStrategyNumber, InvalidOid, InvalidOid, F_INT4EQ,
						   Int32GetDatum(line_no));
	ScanKeyEntryInitialize(&sk[3], 0, 4, BTGreaterStrategyNumber, InvalidOid, InvalidOid, F_INT4GT,
						   Int32GetDatum(version));
	if (lk_cur->later == NULL)
		lk_cur->later = index_beginscan(rel, lk_cur->index[T_LINE], GetActiveSnapshot(), 4, 0);
	sd = lk_cur->later;
	index_rescan(sd, sk, 4, NULL, 0);
	found = index_getnext_slot(sd, ForwardScanDirection, lk_cur->slot[T_LINE]);
	return found;
}

/*
 * The versions of the payer's claim line after version (T_LINE_VERSIONS by its index: equality on payer,
 * claim and line, claim_version greater), read with lk_next_probe; never lk_end: the scan is begun once
 * per call and rescanned per claim line, so a line without a later version, the usual case, costs one
 * index descent and reads no heap page.
 */
static void
lk_versions_after(lk_scan *s, Datum payer, Datum claim, int32 line_no, int32 version)
{
	ScanKeyData sk[4];
	lk_rel	   *r = &lk.rel[T_LINE_VERSIONS];
	Relation	rel = lk_open_index(T_LINE_VERSIONS);

	ScanKeyEntryInitialize(&sk[0], 0, 1, BTEqualStrategyNumber, InvalidOid, r->collation[0], F_TEXTEQ, payer);
	ScanKeyEntryInitialize(&sk[1], 0, 2, BTEqualStrategyNumber, InvalidOid, r->collation[1], F_TEXTEQ, claim);
	ScanKeyEntryInitialize(&sk[2], 0, 3, BTEqualStrategyNumber, InvalidOid, InvalidOid, F_INT4EQ,
						   Int32GetDatum(line_no));
	ScanKeyEntryInitialize(&sk[3], 0, 4, BTGreaterStrategyNumber, InvalidOid, InvalidOid, F_INT4GT,
						   Int32GetDatum(version));
	if (lk_cur->versions == NULL)
		lk_cur->versions = index_beginscan(rel, lk_cur->index[T_LINE_VERSIONS], GetActiveSnapshot(), 4, 0);
	index_rescan(lk_cur->versions, sk, 4, NULL, 0);
	s->t = T_LINE_VERSIONS;
	s->ce = NULL;
	s->slot = lk_cur->slot[T_LINE_VERSIONS];
	s->sd = lk_cur->versions;
}

/*
 * The allowed amount of a payer's service code from the practice's remittance history on date: the
 * engine's median of the allowed amounts of the latest version of each ledger line of the payer and
 * code (and provider, unless no_provider: then any provider or none recorded) that is final and has an
 * allowed amount, dated within costshare.remittance_window_days before date (the engine's window),
 * when there are at least costshare.remittance_min_lines of them. Returns the number of lines found;
 * *allowed_null when no amount. The index keys only narrow the probe: the window is the engine's test.
 */
static int32
lk_remittance(Datum payer, Datum code, bool no_provider, Datum provider, DateADT date, Datum *allowed,
			  bool *allowed_null)
{
	int64		window = remit_setting("costshare.remittance_window_days", CS_REMIT_WINDOW_DEFAULT, 0,
									   CS_REMIT_WINDOW_MAX);
	int64		min_lines = remit_setting("costshare.remittance_min_lines", CS_REMIT_MIN_LINES_DEFAULT, 1,
										  CS_REMIT_MIN_LINES_MAX);
	int64		start = cs_remit_window_start(date, window);
	lk_rel	   *r = &lk.rel[T_REMIT];
	ScanKeyData sk[5];
	int			nk = 0;
	Relation	rel;
	IndexScanDesc sd;
	TupleTableSlot *slot;
	cs_cents   *amounts = NULL;
	int32		n = 0,
				cap = 0;
	cs_cents	median;

	*allowed = (Datum) 0;
	*allowed_null = true;
	rel = lk_open_index(T_REMIT);
	ScanKeyEntryInitialize(&sk[nk++], 0, 1, BTEqualStrategyNumber, InvalidOid, r->collation[0], F_TEXTEQ, payer);
	ScanKeyEntryInitialize(&sk[nk++], 0, 2, BTEqualStrategyNumber, InvalidOid, r->collation[1], F_TEXTEQ, code);
	if (!no_provider)
		ScanKeyEntryInitialize(&sk[nk++], 0, 3, BTEqualStrategyNumber, InvalidOid, r->collation[2], F_TEXTEQ,
							   provider);
	/* a finite date minus at most CS_REMIT_WINDOW_MAX days is well inside DateADT's range */
	ScanKeyEntryInitialize(&sk[nk++], 0, 4, BTGreaterEqualStrategyNumber, InvalidOid, InvalidOid, F_DATE_GE,
						   DateADTGetDatum((DateADT) start));
	ScanKeyEntryInitialize(&sk[nk++], 0, 4, BTLessEqualStrategyNumber, InvalidOid, InvalidOid, F_DATE_LE,
						   DateADTGetDatum(date));
	slot = lk_cur->slot[T_REMIT];
	sd = index_beginscan(rel, lk_cur->index[T_REMIT], GetActiveSnapshot(), nk, 0);
	index_rescan(sd, sk, nk, NULL, 0);
	while (index_getnext_slot(sd, ForwardScanDirection, slot))
	{
		Datum		v[LK_MAX_COLS];
		bool		vn[LK_MAX_COLS];

		slot_getallattrs(slot);
		for (int c = 0; c < r->ncols; c++)
		{
			v[c] = slot->tts_values[r->attno[c] - 1];
			vn[c] = slot->tts_isnull[r->attno[c] - 1];
		}
		/* 3 service_date 4 claim_id 5 line_no 6 claim_version 7 status 8 allowed */
		if (vn[3] || !cs_remit_in_window(DatumGetDateADT(v[3]), date, window))
			continue;
		if (vn[8] || !text_eq(v[7], "final", 5))
			continue;
		/* superseded (corrected, reversed, re-posted): the latest version is the line */
		if (lk_later_version(v[0], v[4], DatumGetInt32(v[5]), DatumGetInt32(v[6])))
			continue;
		if (n == cap)
		{
			cap = cap == 0 ? 16 : cap * 2;
			amounts = amounts == NULL ? palloc(sizeof(cs_cents) * cap) : repalloc(amounts, sizeof(cs_cents) * cap);
		}
		amounts[n++] = stored_cents(T_REMIT, 8, v, vn);
	}
	index_endscan(sd);
	if (cs_remit_allowed(amounts, n, (size_t) min_lines, &median))
	{
		*allowed = cs_cents_to_numeric(median);
		*allowed_null = false;
	}
	if (amounts != NULL)
		pfree(amounts);
	return n;
}

/* The date of service the remittance history is read for: a finite one (remittance_allowed, the 271 pricing) */
static void
remit_date(DateADT date)
{
	if (DATE_NOT_FINITE(date))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("service date must be a finite date"),
				errdetail("The service date is infinity or -infinity."),
				errhint("Give the date of service."));
}

/*
 * costshare.remittance_allowed(payer_id, service_code, provider, service_date): the same, as SQL sees it
 * (provider NULL: any provider)
 */
PG_FUNCTION_INFO_V1(costshare_remittance_allowed);
Datum
costshare_remittance_allowed(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Datum		out[2];
	bool		out_null[2] = {false, false};

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3))
		ereport(ERROR,
				errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				errmsg("payer, service code and service date must not be null"),
				errdetail("The remittance history is read per payer, service code and date of service."),
				errhint("Pass all three; pass provider NULL for the lines of any provider."));
	remit_date(PG_GETARG_DATEADT(3));
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	desc = BlessTupleDesc(desc);
	if (!lk.valid)
		lk_load(get_func_namespace(fcinfo->flinfo->fn_oid));
	lk_call_begin();
	out[1] = Int32GetDatum(lk_remittance(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1), PG_ARGISNULL(2),
										 PG_ARGISNULL(2) ? (Datum) 0 : PG_GETARG_DATUM(2),
										 PG_GETARG_DATEADT(3), &out[0], &out_null[0]));
	lk_call_end();
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, out, out_null)));
}

/* line_context's columns */
enum
{
	LC_STATUS, LC_REASONS, LC_MEMBER, LC_FAMILY, LC_PLAN, LC_PAYER, LC_ENROLLMENT, LC_COB_POSITION, LC_COVERAGES,
	LC_CATEGORY, LC_NETWORK, LC_BUCKET, LC_TELEHEALTH, LC_AUTH_REQUIRED, LC_CARVE_OUT, LC_PERIOD, LC_ALLOWED,
	LC_ALLOWED_SOURCE, LC_PRICEABLE, LC_TERMS, LC_ACC, LC_ALLOWED_LINES,
	LC_PLAN_MAX_PERIOD_LEFT, LC_PLAN_MAX_LIFETIME_LEFT,	/* part 90 */
	LC_NATTS
};

typedef struct lk_coverage
{
	int64		enrollment_id;
	Datum		family_id,
				plan_id,
				payer_id,
				relationship,
				coverage_level,
				rounding,
				period_start;
	bool		period_start_null;
	bool		carryover;
	int32		dependent_age_limit;	/* -1: none */
	bool		medicare;
	bool		medicaid;
	const char *cob_method;		/* the plan's own (plan.cob_method), NULL: by payer type */
} lk_coverage;

/* How the coverage a line context was made for coordinates when it pays after another (issue 10) */
typedef struct lk_cob_info
{
	const char *method;			/* plan.cob_method, else by payer type: medicare_secondary, medicaid, standard */
} lk_cob_info;

static Datum text_datum(const char *s);

/* What the fee schedule is asked about a line */
typedef struct lk_fee_line
{
	Datum		payer_id,
				plan_id,
				code,
				modifier;		/* '' for none */
	bool		facility;
	bool		facility_null;	/* not known: no row stating facility applies */
	Datum		credential;
	bool		credential_null;
	Datum		state;
	bool		state_null;
	Datum		mac;
	bool		mac_null;
	Datum		locality;
	bool		locality_null;
	DateADT		date;
} lk_fee_line;

/*
 * The allowed amount of a line: the engine chooses the fee row (cs_fee_row_rank over the payer's rows
 * for the code) and the order of the sources (cs_allowed_sources); this reads the rows and asks each
 * source in turn until one gives an amount. fee_rows_only: the fee row's own sources only (its amount
 * or its percent of Medicare), as costshare.allowed_amount answers. *source is the allowed_source word
 * (NULL: no amount), *lines the remittance lines behind a remittance median (-1: not consulted).
 */
static Datum
lk_fee_allowed(const lk_fee_line *l, bool medicare_plan, bool fee_rows_only, bool no_provider, Datum provider,
			   const char **source, int32 *lines, bool *isnull)
{
	lk_scan		s;
	Datum		v[LK_MAX_COLS];
	bool		n[LK_MAX_COLS];
	Datum		fkeys[2] = {l->payer_id, l->code};
	int			best_rank = -1;
	Datum		amount = (Datum) 0,
				percent = (Datum) 0,
				allowed = (Datum) 0;
	bool		amount_null = true;
	cs_allowed_source order[CS_ALLOWED_MAX_SOURCES];
	int			norder;

	*source = NULL;
	*lines = -1;
	*isnull = true;
	lk_begin(&s, T_FEE, 2, fkeys);
	while (lk_next(&s, v, n))
	{
		/* 2 plan_id 3 modifier 4 facility 5 credential 6 state 7 valid 8 amount 9 percent */
		cs_fee_row_facts ff;
		int			rank;

		ff.plan_stated = !n[2];
		ff.plan_match = !n[2] && text_eq_datum(v[2], l->plan_id);
		ff.modifier_stated = !text_eq(v[3], "", 0);
		ff.modifier_match = ff.modifier_stated && text_eq_datum(v[3], l->modifier);
		ff.facility_stated = !n[4];
		ff.facility_match = !n[4] && !l->facility_null && DatumGetBool(v[4]) == l->facility;
		ff.credential_stated = !n[5];
		ff.credential_match = !n[5] && !l->credential_null && text_eq_datum(v[5], l->credential);
		ff.state_stated = !n[6];
		ff.state_match = !n[6] && !l->state_null && text_eq_datum(v[6], l->state);
		ff.valid_on_date = range_has_date(v[7], l->date);
		rank = cs_fee_row_rank(&ff);
		if (rank > best_rank)
		{
			stored_money(T_FEE, 8, v, n);
			if (!n[9])
			{
				int64		micros;

				/* a percent of the Medicare fee: above 0, at most 10 (1000%) */
				if (cs_numeric_to_micros(v[9], &micros) != CS_NUM_OK || micros <= 0 ||
					micros > INT64CONST(10000000))
					cs_report_stored("fee_schedule", "percent_of_medicare", stored_key(T_FEE, v, n),
									 "not above 0 and at most 10");
			}
			best_rank = rank;
			amount_null = n[8];
			amount = lk_keep(v[8], n[8]);
			percent = lk_keep(v[9], n[9]);
		}
	}
	lk_end(&s);

	norder = cs_allowed_sources(best_rank >= 0, !amount_null, medicare_plan, order);
	for (int i = 0; i < norder && *isnull; i++)
	{
		switch (order[i])
		{
			case CS_ALLOWED_FEE_SCHEDULE:
				allowed = amount;
				*isnull = false;
				break;
			case CS_ALLOWED_PERCENT_OF_MEDICARE:
				allowed = medicare_allowed(l->code, l->modifier, l->facility, l->credential, l->credential_null,
										   l->mac, l->mac_null, l->locality, l->locality_null, l->date, percent,
										   isnull);
				break;
			case CS_ALLOWED_MEDICARE_FEE_SCHEDULE:
				if (fee_rows_only)
					continue;
				allowed = medicare_allowed(l->code, l->modifier, l->facility, l->credential, l->credential_null,
										   l->mac, l->mac_null, l->locality, l->locality_null, l->date,
										   NumericGetDatum(int64_to_numeric(1)), isnull);
				break;
			case CS_ALLOWED_REMITTANCE_HISTORY:
				if (fee_rows_only)
					continue;
				*lines = lk_remittance(l->payer_id, l->code, no_provider, provider, l->date, &allowed, isnull);
				break;
		}
		if (!*isnull)
			*source = cs_allowed_source_word(order[i]);
	}
	/* no source gave an amount: a percent-of-Medicare row still says what the line should be priced
	 * from (the Medicare data for it is missing); otherwise there is no source */
	if (*isnull && best_rank >= 0)
		*source = cs_allowed_source_word(CS_ALLOWED_PERCENT_OF_MEDICARE);
	return allowed;
}

/*
 * costshare.allowed_amount(payer_id, plan_id, code, modifier, facility, credential, state, mac, locality,
 * service_date, OUT amount, OUT source): the fee row the estimate would choose for these facts and what
 * it gives (its amount, or its percent of Medicare's fee); NULL, NULL without one. The same code as
 * the estimate's (lk_fee_allowed), without the fallbacks that need a plan's payer type or a provider.
 */
PG_FUNCTION_INFO_V1(costshare_allowed_amount);
Datum
costshare_allowed_amount(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Datum		out[2] = {0, 0};
	bool		out_null[2] = {true, true};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	desc = BlessTupleDesc(desc);
	/* a payer, a code and a finite date are needed to find a row; a NULL plan matches payer-wide rows */
	if (!PG_ARGISNULL(0) && !PG_ARGISNULL(2) && !PG_ARGISNULL(9) && !DATE_NOT_FINITE(PG_GETARG_DATEADT(9)))
	{
		lk_fee_line fl;
		const char *source;
		int32		lines;

		fl.payer_id = PG_GETARG_DATUM(0);
		fl.plan_id = PG_ARGISNULL(1) ? text_datum("") : PG_GETARG_DATUM(1);	/* none: a row naming a plan never matches */
		fl.code = PG_GETARG_DATUM(2);
		fl.modifier = PG_ARGISNULL(3) ? text_datum("") : PG_GETARG_DATUM(3);
		fl.facility_null = PG_ARGISNULL(4);
		fl.facility = !fl.facility_null && PG_GETARG_BOOL(4);
		fl.credential_null = PG_ARGISNULL(5);
		fl.credential = fl.credential_null ? (Datum) 0 : PG_GETARG_DATUM(5);
		fl.state_null = PG_ARGISNULL(6);
		fl.state = fl.state_null ? (Datum) 0 : PG_GETARG_DATUM(6);
		fl.mac_null = PG_ARGISNULL(7);
		fl.mac = fl.mac_null ? (Datum) 0 : PG_GETARG_DATUM(7);
		fl.locality_null = PG_ARGISNULL(8);
		fl.locality = fl.locality_null ? (Datum) 0 : PG_GETARG_DATUM(8);
		fl.date = PG_GETARG_DATEADT(9);
		if (!lk.valid)
			lk_load(get_func_namespace(fcinfo->flinfo->fn_oid));
		lk_call_begin();
		out[0] = lk_fee_allowed(&fl, false, true, true, (Datum) 0, &source, &lines, &out_null[0]);
		lk_call_end();
		if (source != NULL)
		{
			out[1] = text_datum(source);
			out_null[1] = false;
		}
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, out, out_null)));
}

/* A member's birth date, read at most once per call */
typedef struct lk_birth
{
	bool		read;
	bool		found;			/* the member exists */
	bool		isnull;
	DateADT		date;
} lk_birth;

static void
lk_member_birth(Datum member_id, lk_birth *b)
{
	lk_scan		s;
	Datum		v[LK_MAX_COLS];
	bool		n[LK_MAX_COLS];

	if (b->read)
		return;
	b->read = true;
	lk_begin(&s, T_MEMBER, 1, &member_id);
	b->found = lk_next(&s, v, n);
	if (b->found)
	{
		b->isnull = n[1];
		b->date = n[1] ? 0 : DatumGetDateADT(v[1]);
	}
	lk_end(&s);
}

/* coverages active on one date: an enrollment per plan, so a handful at most */
#define LK_MAX_COVERAGES 16

static Datum
text_datum(const char *s)
{
	return CStringGetTextDatum(s);
}

/*
 * The member's coverages active on the date, in COB order (the engine's cs_cob_key and cs_cob_order, the
 * primary first): each enrollment whose coverage contains the date, with what its plan and the plan's
 * payer say. Returns how many (more than LK_MAX_COVERAGES is an error); *any_enrollment says whether the
 * member has any enrollment at all. The subscribers' birth dates (the birthday rule for a child) are read
 * only when there are two or more coverages to order; mb is the member's own record (read at most once
 * a call). *unverified says the order rests on a subscriber's unknown birth date (cs_cob_birthday_unknown).
 * costshare.line_context and costshare.member_cob_positions both order coverages here.
 */
static int
lk_active_coverages(Datum member, DateADT date, lk_coverage *out, bool *any_enrollment, lk_birth *mb,
					bool *unverified)
{
	lk_scan		s;
	Datum		v[LK_MAX_COLS];
	bool		n[LK_MAX_COLS];
	lk_coverage covs[LK_MAX_COVERAGES];
	cs_coverage ccs[LK_MAX_COVERAGES];
	Datum		subscribers[LK_MAX_COVERAGES];
	int64		keys[LK_MAX_COVERAGES];
	int64		ids[LK_MAX_COVERAGES];
	int			stated[LK_MAX_COVERAGES];
	int			order[LK_MAX_COVERAGES];
	int			coverages = 0;

	StaticAssertStmt(LK_MAX_COVERAGES <= CS_COB_MAX, "the engine orders at most CS_COB_MAX coverages");
	*any_enrollment = false;
	*unverified = false;

	lk_begin(&s, T_ENROLLMENT, 1, &member);
	while (lk_next(&s, v, n))
	{
		lk_scan		s2;
		Datum		v2[LK_MAX_COLS];
		bool		n2[LK_MAX_COLS];
		lk_coverage cov = {0};
		cs_coverage cc;
		RangeType  *cr = DatumGetRangeTypeP(v[5]);
		TypeCacheEntry *tc = lk.daterange;
		RangeBound	lo,
					hi;
		bool		empty;
		const char *w;
		size_t		len;
		text	   *t;
		bool		medicaid = false;

		*any_enrollment = true;
		if (!range_contains_elem_internal(tc, cr, DateADTGetDatum(date)))
			continue;
		if (coverages == LK_MAX_COVERAGES)
			ereport(ERROR,
					errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					errmsg("more than %d coverages are active on the date of service", LK_MAX_COVERAGES),
					errhint("Check the member's enrollments for duplicates; the exclusion constraint allows one per plan."));
		range_deserialize(tc, cr, &lo, &hi, &empty);
		cov.enrollment_id = DatumGetInt64(v[1]);
		cov.family_id = lk_keep(v[3], false);
		cov.plan_id = lk_keep(v[4], false);
		cov.relationship = lk_keep(v[6], false);
		cov.coverage_level = lk_keep(v[8], false);

		lk_begin(&s2, T_PLAN, 1, &cov.plan_id);
		if (!lk_next(&s2, v2, n2))
			elog(ERROR, "enrollment refers to a missing plan");
		cov.payer_id = lk_keep(v2[1], false);
		cov.period_start_null = n2[2];
		cov.period_start = n2[2] ? (Datum) 0 : v2[2];
		cov.rounding = lk_keep(v2[3], false);
		cov.carryover = !n2[4] && DatumGetBool(v2[4]);
		cov.dependent_age_limit = n2[5] ? -1 : DatumGetInt32(v2[5]);
		cov.cob_method = n2[6] ? NULL : TextDatumGetCString(v2[6]);
		lk_end(&s2);

		lk_begin(&s2, T_PAYER, 1, &cov.payer_id);
		if (lk_next(&s2, v2, n2) && !n2[1])
		{
			medicaid = text_eq(v2[1], "medicaid", 8);
			cov.medicare = text_eq(v2[1], "medicare", 8);
		}
		lk_end(&s2);

		t = DatumGetTextPP(v[6]);
		w = VARDATA_ANY(t);
		len = VARSIZE_ANY_EXHDR(t);
		if (!cs_relationship_from_word(w, len, &cc.relationship))
			elog(ERROR, "enrollment has an unknown relationship");
		t = DatumGetTextPP(v[7]);
		if (!cs_coverage_kind_from_word(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &cc.kind))
			elog(ERROR, "enrollment has an unknown coverage kind");
		if (lo.infinite || DATE_NOT_FINITE(DatumGetDateADT(lo.val)))
			ereport(ERROR,
					errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("coverage start must be a finite date"),
					errdetail("coverage_start is infinity or -infinity."),
					errhint("Give the date the coverage began."));
		cc.coverage_start = DatumGetDateADT(lo.val);
		cc.explicit_order = n[9] ? -1 : DatumGetInt32(v[9]);
		cc.payer_of_last_resort = medicaid;
		cov.medicaid = medicaid;
		cc.subscriber_birth = INT32_MIN;
		subscribers[coverages] = lk_keep(v[2], false);	/* the birth date is read below if needed */
		covs[coverages] = cov;
		ccs[coverages] = cc;
		coverages++;
	}
	lk_end(&s);

	if (coverages > 1)
		for (int i = 0; i < coverages; i++)
		{
			lk_birth	sb = {0};
			lk_birth   *b = &sb;

			if (text_eq_datum(subscribers[i], member))
				b = mb;
			lk_member_birth(subscribers[i], b);
			if (b->found && !b->isnull && !DATE_NOT_FINITE(b->date))
				ccs[i].subscriber_birth = b->date;
			keys[i] = cs_cob_key(&ccs[i]);
			stated[i] = ccs[i].explicit_order;
			ids[i] = covs[i].enrollment_id;
		}
	cs_cob_order(coverages, keys, stated, ids, order);
	*unverified = cs_cob_birthday_unknown(coverages, ccs);
	for (int i = 0; i < coverages; i++)
		out[i] = covs[order[i]];
	return coverages;
}

/*
 * What one line needs, as the columns of costshare.line_context: out / out_null have LC_NATTS entries.
 * pos and modifier are never NULL here (the callers default them to '11' and ''). rank: which of the
 * member's coverages active on the date, in COB order, the context is made for (1: the primary; a rank
 * above the number of coverages is none); cob (may be NULL) gets how that coverage coordinates.
 * nsa_protected: the line is protected by the No Surprises Act (the caller says so); with a provider
 * out of network it is priced with the in-network benefit, terms and accumulators (the engine's
 * cs_nsa_decide), the network column still says out, and the reasons say nsa_protected.
 * earlier (NULL: none): a batch's earlier lines, counted in the accumulators as posted ledger lines of
 * their family and plan (estimate_many's chain of a later payer).
 */
static void
lk_line_context(lk_cache *c, Datum member, DateADT date, Datum code, bool no_provider, Datum provider,
				Datum pos, Datum modifier, int rank, lk_cob_info *cob, bool nsa_protected,
				const p271_earlier *earlier, Datum *out, bool *out_null)
{
	lk_scan		s;
	Datum		v[LK_MAX_COLS];
	bool		n[LK_MAX_COLS];
	cs_elig_facts f = {0};
	cs_elig_decision d;
	bool		facility = false,
				telehealth;
	Datum		category = (Datum) 0;
	int			category_rank = -1;
	Datum		credential = (Datum) 0,
				state = (Datum) 0,
				mac = (Datum) 0,
				locality = (Datum) 0;
	bool		credential_null = true,
				state_null = true,
				mac_null = true,
				locality_null = true;
	lk_birth	mb = {0};		/* the member's birth date, read when needed */
	bool		any_enrollment = false;
	lk_coverage best = {0};
	int			coverages = 0;
	const char *network = NULL;
	cs_nsa_line nsa = {false, true, CS_NETWORK_IN};
	bool		have_terms = false;
	bool		allowed_null = true;
	Datum		allowed = (Datum) 0;
	const char *allowed_source = NULL;
	int32		allowed_lines = -1; /* -1: the remittance history was not consulted */
	Datum		reasons[CS_ELIG_MAX_REASONS + CS_LINE_MAX_REASONS];
	int			nreasons = 0;
	bool		age_limit_reason = false;
	bool		plan_paid_unknown = false;
	bool		cob_unverified = false;	/* the COB order rests on an unknown birth date */

	lk_call_begin();
	for (int i = 0; i < LC_NATTS; i++)
		out_null[i] = true;
	out[LC_MEMBER] = member;
	out_null[LC_MEMBER] = false;

	/* the place of service: unknown codes are refused */
	lk_begin(&s, T_POS, 1, &pos);
	if (!lk_next(&s, v, n))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("unknown place of service"),
				errdetail("Place of service \"%s\" is not in costshare.place_of_service.",
						  cs_excerpt_text(DatumGetTextPP(pos))),
				errhint("Use a two-digit CMS place of service code such as 11 (office) or 10 (telehealth at home)."));
	facility = !n[1] && DatumGetBool(v[1]);
	telehealth = !n[2] && DatumGetBool(v[2]);
	lk_end(&s);
	{
		text	   *m = DatumGetTextPP(modifier);

		telehealth = cs_line_telehealth(telehealth, VARDATA_ANY(m), VARSIZE_ANY_EXHDR(m));
	}
	f.telehealth = telehealth;

	/* the member table is read only when needed (below), but the privilege is checked as if always */
	lk_check(T_MEMBER);

	/* the service code's category: the most specific row for the place of service and modifier */
	lk_begin(&s, T_SERVICE_CODE, 1, &code);
	while (lk_next(&s, v, n))
	{
		bool		pos_any = text_eq(v[1], "", 0),
					mod_any = text_eq(v[2], "", 0);
		int			rank = cs_line_code_row_rank(pos_any, !pos_any && text_eq_datum(v[1], pos),
												 mod_any, !mod_any && text_eq_datum(v[2], modifier));

		if (rank >= 0 && rank > category_rank)
		{
			category_rank = rank;
			category = lk_keep(v[3], n[3]);	/* a NULL category is still the most specific row's */
		}
	}
	lk_end(&s);
	f.service_known = category != (Datum) 0;
	if (f.service_known)
	{
		out[LC_CATEGORY] = category;
		out_null[LC_CATEGORY] = false;
	}
	out[LC_TELEHEALTH] = BoolGetDatum(telehealth);
	out_null[LC_TELEHEALTH] = false;

	/* the provider */
	f.provider_known = true;
	if (!no_provider)
	{
		lk_begin(&s, T_PROVIDER, 1, &provider);
		f.provider_known = lk_next(&s, v, n);
		if (f.provider_known)
		{
			credential_null = n[1];
			credential = lk_keep(v[1], n[1]);
			state_null = n[2];
			state = lk_keep(v[2], n[2]);
			mac_null = n[3];
			mac = lk_keep(v[3], n[3]);
			locality_null = n[4];
			locality = lk_keep(v[4], n[4]);
		}
		lk_end(&s);
		}

	/*
	 * the coverages active on the date, in COB order; the first is priced. The subscriber's birth date
	 * (the birthday rule for a child) is read only when there is more than one coverage to order.
	 */
	{
		lk_coverage covs[LK_MAX_COVERAGES];

		coverages = lk_active_coverages(member, date, covs, &any_enrollment, &mb, &cob_unverified);
		if (rank < 1 || rank > coverages)
			coverages = 0;	/* no coverage at that position */
		else
			best = covs[rank - 1];
		if (cob != NULL && coverages > 0)
		{
			cs_cob_method stated = CS_COB_STANDARD;
			bool		have = best.cob_method != NULL &&
				cs_cob_method_from_word(best.cob_method, strlen(best.cob_method), &stated);

			if (best.cob_method != NULL && !have)
				cs_report_stored("plan", "cob_method", psprintf("plan_id %s", TextDatumGetCString(best.plan_id)), "not a coordination method");
			cob->method = cs_cob_method_word(cs_cob_method_for(have, stated, best.medicare, best.medicaid));
		}
	}
	/*
	 * The member: an enrollment's foreign key says the member exists (under any snapshot that sees the
	 * enrollment), so the member table is read only without one, or for the age of a child whose plan
	 * has a dependent age limit.
	 */
	f.enrolled = coverages > 0;
	if (any_enrollment)
		f.member_known = true;
	else
	{
		lk_member_birth(member, &mb);
		f.member_known = mb.found;
	}
	f.age = -1;
	if (coverages > 0 && best.dependent_age_limit >= 0 && text_eq(best.relationship, "child", 5))
	{
		lk_member_birth(member, &mb);
		if (mb.found && !mb.isnull && !DATE_NOT_FINITE(mb.date))
			f.age = cs_age_on(mb.date, date);
	}
	f.dependent_age_limit = -1;
	f.telehealth_allowed = true;
	f.visit_limit = -1;

	if (coverages > 0)
	{
		int			cob_position = rank;
		LOCAL_FCINFO(bp, 2);
		bool		participates = false;
		Datum		bkeys[3];
		Datum		b[LK_MAX_COLS];
		bool		bn[LK_MAX_COLS];
		bool		benefit_found = false;

		/* the position of the coverage: rank by construction */
		out[LC_FAMILY] = best.family_id;
		out[LC_PLAN] = best.plan_id;
		out[LC_PAYER] = best.payer_id;
		out[LC_ENROLLMENT] = Int64GetDatum(best.enrollment_id);
		out[LC_COB_POSITION] = Int32GetDatum(cob_position);
		out[LC_COVERAGES] = Int32GetDatum(coverages);
		out_null[LC_FAMILY] = out_null[LC_PLAN] = out_null[LC_PAYER] = out_null[LC_ENROLLMENT] =
			out_null[LC_COB_POSITION] = out_null[LC_COVERAGES] = false;

		InitFunctionCallInfoData(*bp, NULL, 2, InvalidOid, NULL, NULL);
		bp->args[0].value = DateADTGetDatum(date);
		bp->args[0].isnull = false;
		bp->args[1].value = best.period_start;
		bp->args[1].isnull = best.period_start_null;
		out[LC_PERIOD] = costshare_benefit_period(bp);
		out_null[LC_PERIOD] = false;
		f.is_dependent_child = text_eq(best.relationship, "child", 5);
		f.dependent_age_limit = best.dependent_age_limit;

		/* network status: the provider's participation on the date (no provider: unknown) */
		if (no_provider)
			network = "unknown";
		else
		{
			Datum		pkeys[2] = {provider, best.plan_id};

			lk_begin(&s, T_PARTICIPATION, 2, pkeys);
			while (!participates && lk_next(&s, v, n))
				participates = range_has_date(v[2], date);
			lk_end(&s);
			network = participates ? "in" : "out";
		}
		out[LC_NETWORK] = text_datum(network);
		out_null[LC_NETWORK] = false;
		/* the network whose benefit prices the line: the provider's, unless the line is protected */
		cs_nsa_decide(no_provider ? CS_PROVIDER_UNKNOWN : participates ? CS_PROVIDER_IN : CS_PROVIDER_OUT,
					  nsa_protected, &nsa);

		/*
		 * the benefit for the category in that network (the engine's cs_line_benefit_of: an
		 * in-network-only plan covers nothing out of network)
		 */
		if (f.service_known)
		{
			Datum		bo[LK_MAX_COLS];
			bool		bon[LK_MAX_COLS];
			bool		has_in = false,
						has_out = false;

			bkeys[0] = best.plan_id;
			bkeys[1] = category;
			lk_begin(&s, T_BENEFIT, 2, bkeys);
			while (lk_next(&s, v, n))
			{
				bool		is_in = text_eq(v[2], "in", 2);
				Datum	   *dst = is_in ? b : bo;
				bool	   *dstn = is_in ? bn : bon;

				if (!is_in && !text_eq(v[2], "out", 3))
					continue;	/* (the table's CHECK allows in and out only) */
				has_in |= is_in;
				has_out |= !is_in;
				for (int i = 0; i < lk.rel[T_BENEFIT].ncols; i++)
				{
					dstn[i] = n[i];
					dst[i] = lk_keep_col(T_BENEFIT, i, v[i], n[i]);
				}
			}
			lk_end(&s);
			switch (cs_line_benefit_of(has_in, has_out, nsa.in_network_benefit))
			{
				case CS_LINE_BENEFIT_IN_ROW:
					benefit_found = true;
					break;
				case CS_LINE_BENEFIT_OUT_ROW:
					benefit_found = true;
					memcpy(b, bo, sizeof(Datum) * lk.rel[T_BENEFIT].ncols);
					memcpy(bn, bon, sizeof(bool) * lk.rel[T_BENEFIT].ncols);
					break;
				case CS_LINE_BENEFIT_IN_NETWORK_ONLY:
					f.benefit_found = true;
					f.covered = false;
					break;
				case CS_LINE_BENEFIT_NONE:
					break;
			}
		}
		f.benefit_found = f.benefit_found || benefit_found;

		if (benefit_found)
		{
			/* benefit columns: 0 plan_id 1 category 2 network 3 bucket 4 covered 5 copay 6 coinsurance
			 * 7 deductible_applies 8 copay_after_deductible 9 copay_counts_toward_deductible
			 * 10 copay_visits 11 copay_per 12 visit_limit 13 auth_required 14 telehealth_allowed
			 * 15 telehealth_copay 16 carve_out_admin 17 visit_window_days 18 plan_max_period
			 * 19 plan_max_lifetime */
			Datum		lim[LK_MAX_COLS];
			bool		limn[LK_MAX_COLS];
			cs_benefit_row br;
			cs_limit_row lr;
			cs_plan_fields pf;
			cs_benefit_terms bt;
			cs_error	terr;
			cs_name		bucket_name;
			Datum		bucket;
			Datum		terms;
			HeapTuple	acc;
			Datum		acc_datum;
			Datum		akeys[3];
			lk_plan_known known = {NIL, false, 0};

			/*
			 * the benefit row for the engine: the amounts, rate and counts as stored (a bad one is reported
			 * with the benefit's key, in column order)
			 */
			br.network = name_of(b[2], bn[2]);
			br.bucket = name_of(b[3], bn[3]);
			br.covered = stored_bool(b[4], bn[4]);
			br.copay = stored_money_opt(T_BENEFIT, 5, b, bn);
			br.coinsurance = stored_rate_opt(T_BENEFIT, 6, b, bn);
			br.deductible_applies = stored_bool(b[7], bn[7]);
			br.copay_after_deductible = stored_bool(b[8], bn[8]);
			br.copay_counts_toward_deductible = stored_bool(b[9], bn[9]);
			br.copay_visits = stored_count_opt(T_BENEFIT, 10, b, bn);
			br.copay_per = name_of(b[11], bn[11]);
			br.visit_limit = stored_count_opt(T_BENEFIT, 12, b, bn);
			br.telehealth_allowed = stored_bool(b[14], bn[14]);
			br.telehealth_copay = stored_money_opt(T_BENEFIT, 15, b, bn);
			stored_money(T_BENEFIT, 18, b, bn);
			stored_money(T_BENEFIT, 19, b, bn);
			bucket_name = cs_benefit_bucket(&br);
			bucket = PointerGetDatum(cstring_to_text_with_len(bucket_name.data, (int) bucket_name.len));
			f.covered = DatumGetBool(b[4]);
			f.carved_out = !bn[16];
			f.telehealth_allowed = DatumGetBool(b[14]);
			f.visit_limit = bn[12] ? -1 : DatumGetInt32(b[12]);
			f.auth_required = DatumGetBool(b[13]);
			out[LC_AUTH_REQUIRED] = b[13];
			out_null[LC_AUTH_REQUIRED] = false;
			out[LC_CARVE_OUT] = b[16];
			out_null[LC_CARVE_OUT] = bn[16];
			out[LC_BUCKET] = bucket;
			out_null[LC_BUCKET] = false;

			/* a prior authorization on file for the category on the date (read only when one is required) */
			akeys[0] = member;
			akeys[1] = best.plan_id;
			akeys[2] = category;
			if (f.auth_required)
			{
				lk_begin(&s, T_PRIOR_AUTH, 3, akeys);
				while (!f.auth_on_file && lk_next(&s, v, n))
					f.auth_on_file = range_has_date(v[3], date);
				lk_end(&s);
			}

			/* the bucket's limits, and the other buckets' rows that credit it (the engine says which) */
			for (int i = 0; i < LK_MAX_COLS; i++)
				limn[i] = true;
			akeys[0] = best.plan_id;
			lk_begin(&s, T_PLAN_LIMIT, 1, akeys);
			while (lk_next(&s, v, n))
			{
				if (cs_limit_is_bucket(name_of(v[1], n[1]), bucket_name))
					for (int i = 0; i < lk.rel[T_PLAN_LIMIT].ncols; i++)
					{
						limn[i] = n[i];
						lim[i] = lk_keep_col(T_PLAN_LIMIT, i, v[i], n[i]);
					}
				else if (limit_credits(v, n, bucket_name))
					known.buckets = lappend(known.buckets, DatumGetPointer(lk_keep(v[1], false)));
			}
			lk_end(&s);
			known.carry = best.carryover;
			known.visit_window = bn[17] ? 0 : DatumGetInt32(b[17]);
			/* plan_limit columns: 0 plan_id 1 bucket 2 ded_individual 3 ded_family 4 family_deductible
			 * 5 family_ded_members 6 oop_individual 7 oop_family 8 coinsurance_limit 9 also_credits */
			if (!limn[0])
			{
				lr.ded_individual = stored_money_opt(T_PLAN_LIMIT, 2, lim, limn);
				lr.ded_family = stored_money_opt(T_PLAN_LIMIT, 3, lim, limn);
				lr.family_ded_members = stored_count_opt(T_PLAN_LIMIT, 5, lim, limn);
				lr.oop_individual = stored_money_opt(T_PLAN_LIMIT, 6, lim, limn);
				lr.oop_family = stored_money_opt(T_PLAN_LIMIT, 7, lim, limn);
				lr.coinsurance_limit = stored_money_opt(T_PLAN_LIMIT, 8, lim, limn);
				lr.family_deductible = name_of(lim[4], limn[4]);
				limit_row_names(lim, limn, &lr);
			}

			/* the plan's fields and the member's coverage level */
			pf.coverage_level = name_of(best.coverage_level, false);
			pf.rounding = name_of(best.rounding, false);
			pf.has_period_start = !best.period_start_null;
			pf.period_start_finite = !best.period_start_null && !DATE_NOT_FINITE(DatumGetDateADT(best.period_start));
			pf.period_start = best.period_start_null ? 0 : (cs_date) DatumGetDateADT(best.period_start);
			pf.carryover = best.carryover;

			/* the terms: built and checked by the engine as costshare.terms() would, in its composite */
			if (cs_benefit_terms_of(&br, limn[0] ? NULL : &lr, &pf, telehealth, &bt, &terr) != CS_OK)
				cs_report(&terr);
			terms = cs_terms_composite(lk.terms_desc, &bt);
			out[LC_TERMS] = terms;
			out_null[LC_TERMS] = false;
			have_terms = true;

			{
				/* the plan-paid maximums: what is left of each before the line */
				lk_plan_paid pp = {0, 0, false};
				bool		has_max = !bn[18] || !bn[19];

				acc = lk_accumulators(c->accum, member, false, best.family_id, best.plan_id, bucket, category,
									  false, out[LC_PERIOD], date, &known, has_max ? &pp : NULL, earlier);
				if (!bn[18])
				{
					out[LC_PLAN_MAX_PERIOD_LEFT] =
						cs_cents_to_numeric(cs_plan_max_left(stored_cents(T_BENEFIT, 18, b, bn), pp.period));
					out_null[LC_PLAN_MAX_PERIOD_LEFT] = false;
				}
				if (!bn[19])
				{
					out[LC_PLAN_MAX_LIFETIME_LEFT] =
						cs_cents_to_numeric(cs_plan_max_left(stored_cents(T_BENEFIT, 19, b, bn), pp.lifetime));
					out_null[LC_PLAN_MAX_LIFETIME_LEFT] = false;
				}
				plan_paid_unknown = pp.unknown;
			}
			acc_datum = HeapTupleGetDatum(acc);
			out[LC_ACC] = acc_datum;
			out_null[LC_ACC] = false;
			{
				bool		vn;
				Datum		vu = heap_getattr(acc, 5, c->accum, &vn);

				f.visits_used = vn ? 0 : DatumGetInt32(vu);
			}

			/* the allowed amount: the fee schedule, else Medicare's or the remittance history (engine order) */
			{
				lk_fee_line fl = {best.payer_id, best.plan_id, code, modifier, facility, false, credential, credential_null,
					state, state_null, mac, mac_null, locality, locality_null, date};

				allowed = lk_fee_allowed(&fl, best.medicare, false, no_provider, provider, &allowed_source,
										 &allowed_lines, &allowed_null);
			}
		}
	}
	out[LC_ALLOWED_SOURCE] = allowed_source ? text_datum(allowed_source) : (Datum) 0;
	out_null[LC_ALLOWED_SOURCE] = allowed_source == NULL;
	out[LC_ALLOWED] = allowed;
	out_null[LC_ALLOWED] = allowed_null;
	out[LC_ALLOWED_LINES] = Int32GetDatum(allowed_lines);
	out_null[LC_ALLOWED_LINES] = allowed_lines < 0;

	cs_eligibility_decide(&f, &d);
	for (int i = 0; i < d.n_reasons; i++)
	{
		reasons[nreasons++] = text_datum(d.reasons[i]);
		if (strcmp(d.reasons[i], "dependent_age_limit") == 0)
			age_limit_reason = true;
	}
	{
		cs_line_facts lf;
		const char *more[CS_LINE_MAX_REASONS];
		int			nmore;

		lf.network_out = network != NULL && strcmp(network, "out") == 0;
		lf.nsa_applies = nsa.protection_applies;
		lf.have_terms = have_terms;
		lf.allowed_known = !out_null[LC_ALLOWED];
		lf.age_limit = age_limit_reason;
		lf.status = d.status;
		lf.plan_paid_unknown = plan_paid_unknown;
		lf.cob_unverified = cob_unverified && coverages > 0;
		nmore = cs_line_reasons(&lf, more);
		for (int i = 0; i < nmore; i++)
			reasons[nreasons++] = text_datum(more[i]);
		out[LC_PRICEABLE] = BoolGetDatum(cs_line_priceable(&lf));
		out_null[LC_PRICEABLE] = false;
	}
	out[LC_STATUS] = text_datum(cs_elig_status_word(d.status));
	out_null[LC_STATUS] = false;
	out[LC_REASONS] = PointerGetDatum(construct_array(reasons, nreasons, TEXTOID, -1, false, TYPALIGN_INT));
	out_null[LC_REASONS] = false;
	lk_call_end();
}

/*
 * costshare.line_context(member_id, service_date, service_code, provider_id, place_of_service, modifier)
 */
static Datum line_context_at(FunctionCallInfo fcinfo, int position);

PG_FUNCTION_INFO_V1(costshare_line_context);
Datum
costshare_line_context(PG_FUNCTION_ARGS)
{
	require_args(fcinfo);
	return line_context_at(fcinfo, 1);
}

/* The line context of the coverage at a COB position, arguments 0..5 as costshare.line_context's */
static Datum
line_context_at(FunctionCallInfo fcinfo, int position)
{
	lk_cache   *c;
	Datum		out[LC_NATTS];
	bool		out_null[LC_NATTS];

	lk_stats.line_context_calls++;
	c = lk_get_cache(fcinfo, LC_ACC);
	if (c->result->natts != LC_NATTS)
		ereport(ERROR,
				errcode(ERRCODE_DATATYPE_MISMATCH),
				errmsg("costshare.line_context has an unexpected number of fields"),
				errdetail("Expected %d fields, found %d.", LC_NATTS, c->result->natts),
				errhint("Reinstall or update the costshare extension."));
	lk_line_context(c, PG_GETARG_DATUM(0), PG_GETARG_DATEADT(1), PG_GETARG_DATUM(2),
					PG_ARGISNULL(3), PG_ARGISNULL(3) ? (Datum) 0 : PG_GETARG_DATUM(3),
					PG_ARGISNULL(4) ? text_datum("11") : PG_GETARG_DATUM(4),
					PG_ARGISNULL(5) ? text_datum("") : PG_GETARG_DATUM(5), position, NULL, false, NULL, out, out_null);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(c->result, out, out_null)));
}

/*
 * costshare.line_context(member_id, service_date, service_code, provider_id, place_of_service, modifier,
 * cob_position): the context of the member's coverage at that COB position on the date (1: the primary,
 * as the six-argument form; 2: the second payer eligibility reports; a position beyond the coverages:
 * no coverage, as for a member without one).
 */
PG_FUNCTION_INFO_V1(costshare_line_context_at);
Datum
costshare_line_context_at(PG_FUNCTION_ARGS)
{
	int32		position;

	require_args(fcinfo);
	if (PG_ARGISNULL(6))
		ereport(ERROR,
				errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				errmsg("cob_position must not be null"),
				errhint("Pass 1 for the primary coverage, 2 for the second payer, and so on."));
	position = PG_GETARG_INT32(6);
	if (position < 1 || position > LK_MAX_COVERAGES)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("cob_position must be between 1 and %d", LK_MAX_COVERAGES),
				errdetail("cob_position is %d.", (int) position),
				errhint("Pass 1 for the primary coverage, 2 for the second payer, and so on."));
	return line_context_at(fcinfo, position);
}

/* costshare.ledger_status_counts(status): the engine's rule, for the SQL that sums ledger lines */
PG_FUNCTION_INFO_V1(costshare_ledger_status_counts);
Datum
costshare_ledger_status_counts(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_BOOL(cs_ledger_status_counts(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
}

/* estimate_result's columns */
enum
{
	ES_STATUS, ES_REASONS, ES_PLAN, ES_PAYER, ES_COB_POSITION, ES_CATEGORY, ES_NETWORK, ES_ALLOWED,
	ES_ALLOWED_SOURCE, ES_COPAY, ES_DEDUCTIBLE, ES_COINSURANCE, ES_NOT_COVERED, ES_BALANCE_BILL,
	ES_PATIENT_PAYS, ES_PLAN_PAYS, ES_OOP_CAPPED, ES_ADJUSTMENT_CODES, ES_ACC_BEFORE, ES_ACC_AFTER,
	ES_BENEFIT_SOURCE, ES_BENEFITS_INTERCHANGE, ES_BENEFITS_AS_OF, ES_BENEFITS_STALE, ES_UNKNOWN_TERMS,
	ES_SECONDARY_PLAN, ES_SECONDARY_PAYER, ES_COB_METHOD, ES_PRIMARY_PAYS, ES_SECONDARY_PAYS,
	ES_ALLOWED_LINES,			/* part 89 */
	ES_PLAN_MAX_LEFT,			/* part 90 */
	ES_THIRD_PLAN, ES_THIRD_PAYER, ES_THIRD_COB_METHOD, ES_THIRD_PAYS,	/* the last (part 91) */
	ES_NATTS
};

static void
check_estimate_result(TupleDesc d)
{
	if (d->natts != ES_NATTS)
		ereport(ERROR,
				errcode(ERRCODE_DATATYPE_MISMATCH),
				errmsg("costshare.estimate_result has an unexpected number of fields"),
				errdetail("Expected %d fields, found %d.", ES_NATTS, d->natts),
				errhint("Reinstall or update the costshare extension."));
}

static Datum
append_reason(Datum reasons, const char *word)
{
	ArrayType  *a = DatumGetArrayTypeP(reasons);
	Datum	   *e;
	bool	   *en;
	int			n;
	Datum	   *out;

	deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &e, &en, &n);
	out = palloc(sizeof(Datum) * (n + 1));
	memcpy(out, e, sizeof(Datum) * n);
	out[n] = text_datum(word);
	return PointerGetDatum(construct_array(out, n + 1, TEXTOID, -1, false, TYPALIGN_INT));
}

/* A benefit period (a daterange) as the engine's [lo, hi) day numbers; false when it is empty */
static bool
period_bounds(Datum period, cs_date *lo_out, cs_date *hi_out)
{
	RangeBound	lo,
				hi;
	bool		empty;

	range_deserialize(lk.daterange, DatumGetRangeTypeP(period), &lo, &hi, &empty);
	if (empty)
		return false;
	/* a daterange is canonical: the lower bound included, the upper excluded */
	*lo_out = (lo.infinite || DATE_NOT_FINITE(DatumGetDateADT(lo.val))) ? PG_INT32_MIN : DatumGetDateADT(lo.val);
	*hi_out = (hi.infinite || DATE_NOT_FINITE(DatumGetDateADT(hi.val))) ? PG_INT32_MAX : DatumGetDateADT(hi.val);
	return true;
}

/*
 * The member's benefit reserve on record with a later plan for a line on `date` of the period (the
 * plan's benefit period containing the date): every version of the member's lines of the plan is read
 * (the ledger's family and plan index, with the estimate's rights), the engine decides which count and
 * what they leave (cs_cob_reserve_on_record). A stored amount the checks would refuse is passed on as
 * negative: the engine refuses it when its line counts.
 */
static cs_cents
lk_reserve_on_record(Datum member, Datum family, Datum plan, cs_date lo, cs_date hi, DateADT date,
					 const p271_earlier *earlier)
{
	lk_scan		s;
	Datum		keys[2] = {family, plan};
	Datum		v[LK_MAX_COLS];
	bool		n[LK_MAX_COLS];
	cs_cob_record *recs = NULL;
	int			nrecs = 0,
				cap = 0,
				used;
	cs_cents	reserve;
	cs_error	err;
	lk_eqmemo	m_member = {0},	/* the earlier lines' comparisons (text_eq_memo) */
				m_family = {0},
				m_plan = {0};

	lk_call_begin();
	lk_begin(&s, T_RESERVE, 2, keys);
	while (lk_next(&s, v, n))
	{
		cs_cob_record *r;
		text	   *claim;
		const char *column = NULL,
				   *key = NULL,
				   *problem = NULL;

		if (!text_eq_datum(v[2], member))
			continue;			/* another member of the family: the reserve is the member's own */
		if (nrecs == cap)
		{
			cap = cap == 0 ? 8 : cap * 2;
			recs = recs == NULL ? palloc(sizeof(cs_cob_record) * cap) : repalloc(recs, sizeof(cs_cob_record) * cap);
		}
		r = &recs[nrecs++];
		claim = DatumGetTextPP(lk_keep(v[3], false));
		r->claim_id = VARDATA_ANY(claim);
		r->claim_len = VARSIZE_ANY_EXHDR(claim);
		r->line_no = DatumGetInt32(v[4]);
		r->version = DatumGetInt32(v[5]);
		r->counts = cs_ledger_status_counts(VARDATA_ANY(DatumGetTextPP(v[6])), VARSIZE_ANY_EXHDR(DatumGetTextPP(v[6])));
		r->service_date = DatumGetDateADT(v[7]);
		r->recorded = !n[8] && !n[9];
		r->normal_benefit = r->paid = 0;
		if (r->recorded)
		{
			r->normal_benefit = stored_cents_later(T_RESERVE, 8, v, n, &column, &key, &problem);
			if (problem != NULL)
				r->normal_benefit = -1;
			problem = NULL;
			r->paid = stored_cents_later(T_RESERVE, 9, v, n, &column, &key, &problem);
			if (problem != NULL)
				r->paid = -1;
		}
	}
	lk_end(&s);
	lk_call_end();

	/*
	 * a batch's earlier lines of the member with this plan and family that record a later payer's
	 * coordination: posted lines of their own (a claim id no stored line has, in the batch's order)
	 */
	for (int i = 0; earlier != NULL && i < earlier->n; i++)
	{
		const p271_earlier_line *x = &earlier->l[i];
		cs_cob_record *r;

		if (!x->cob || x->family_null || x->plan_null || !text_eq_memo(&m_member, x->member, member) ||
			!text_eq_memo(&m_family, x->family, family) || !text_eq_memo(&m_plan, x->plan, plan))
			continue;
		if (nrecs == cap)
		{
			cap = cap == 0 ? 8 : cap * 2;
			recs = recs == NULL ? palloc(sizeof(cs_cob_record) * cap) : repalloc(recs, sizeof(cs_cob_record) * cap);
		}
		r = &recs[nrecs++];
		/* "\x7f" "batch-" and i in 8 digits: no stored claim_id starts with DEL */
		{
			char	   *id = palloc(16);
			int			k = i;

			memcpy(id, "\x7f" "batch-", 7);
			for (int d = 14; d >= 7; d--)
			{
				id[d] = '0' + k % 10;
				k /= 10;
			}
			id[15] = '\0';
			r->claim_id = id;
			r->claim_len = 15;
		}
		r->line_no = 1;
		r->version = 1;
		r->counts = true;
		r->service_date = x->line.service_date;
		r->recorded = true;
		r->normal_benefit = x->cob_normal;
		r->paid = x->cob_paid;
	}
	if (cs_cob_reserve_on_record(recs, nrecs, lo, hi, date, &reserve, &used, &err) != CS_OK)
		cs_report(&err);
	return reserve;
}

static cs_cents coordination_cents(const cs_cob_layout *l, HeapTupleHeader co, int att, const char *name);
static void next_breakdown(const Datum *b, const bool *bn, cs_cents secondary_pays, cs_cents patient_pays,
						   cs_cents written_off, Datum *b3, bool *b3n);

/*
 * What posting an estimated line would record (costshare.estimate_after): one ledger line per payer that
 * priced it -- the primary's adjudicated line, each later payer's own adjudication with what it paid
 * (and its normal benefit, for its reserve) -- each of the coverage's member, family, plan, payer,
 * category and bucket; and the primary's breakdown.
 */
typedef struct lk_posting
{
	Datum		family,
				plan,
				payer,
				category,
				bucket;
	bool		family_null,
				plan_null,
				payer_null,
				category_null,
				bucket_null;
	cs_cents	deductible,
				copay,
				coinsurance,
				allowed,
				plan_paid;
	int32		visits;
	bool		cob;
	cs_cents	cob_normal,
				cob_paid;
} lk_posting;

typedef struct lk_collect
{
	int			n;
	lk_posting	p[CS_COB_LAST_RANK];
	bool		have_line;
	Datum		line[CS_BREAKDOWN_NATTS];
	bool		line_n[CS_BREAKDOWN_NATTS];
} lk_collect;

/* a posting of the coverage whose line context is lc */
static lk_posting *
collect_posting(lk_collect *col, const Datum *lc, const bool *lcn)
{
	lk_posting *p;

	if (col->n >= CS_COB_LAST_RANK)
		elog(ERROR, "more postings than payers");
	p = &col->p[col->n++];
	memset(p, 0, sizeof(*p));
#define TAKE(f, k) (p->f = lcn[k] ? (Datum) 0 : lc[k], p->f##_null = lcn[k])
	TAKE(family, LC_FAMILY);
	TAKE(plan, LC_PLAN);
	TAKE(payer, LC_PAYER);
	TAKE(category, LC_CATEGORY);
	TAKE(bucket, LC_BUCKET);
#undef TAKE
	return p;
}

/*
 * What a later payer paid on the member's earlier lines of a batch of the same plan (estimate_many's
 * chain): dates, categories and payments, n of them (n 0: none, as for a single estimate)
 */
typedef struct lk_batch_paid
{
	int			n;
	cs_date    *dates;
	Datum	   *categories;
	bool	   *categories_null;
	cs_cents   *paid;
} lk_batch_paid;

/*
 * A later payer (issue 10): the member's coverage at COB position `rank` (2 or 3) on the date, with its
 * own plan context (terms, accumulators, allowable), coordinates the line as the earlier payers left it
 * (b: the primary's breakdown for the second payer; for the third, the same with both payments and the
 * patient's remainder, next_breakdown) by its plan's method: the engine's coordination (cs_cob.c,
 * cs_coordinate_max), called here with cents, as costshare.coordinate calls it (cob.c: the same
 * decoding and checks of terms, accumulators and method); *r gets its result and *primary_paid the
 * earlier payer's payment (a costshare.coordination's primary_paid). patient_pays becomes what the patient owes after it; the primary's breakdown columns stay
 * as they are. A coverage that cannot be priced (no benefit, no fee) leaves the answer as it was and
 * says so (reason secondary_not_priced, third_payer_not_priced); the result is then 0. The payer's own
 * plan-paid maximums cap it (what its ledger leaves, less what it paid on bp's earlier lines of the
 * batch): reason secondary_plan_maximum_reached / third_payer_plan_maximum_reached when they cut it.
 * earlier (NULL: none): the family's earlier lines of the batch with this payer's plan, counted in its
 * accumulators and plan-paid maximums as posted ledger lines (lk_line_context).
 * Returns false (and leaves *r alone) when the coverage cannot price the line.
 */
static bool
coordinate_payer(FunctionCallInfo fcinfo, lk_cache *c, int rank, const Datum *b, const bool *bn,
				 bool nsa_protected, bool carried, DateADT carried_date, cs_cents carried_reserve,
				 const lk_batch_paid *bp, const p271_earlier *earlier, lk_collect *col, Datum *v, bool *vn,
				 cs_cob_result *r, cs_cents *primary_paid)
{
	int			es_plan = rank == 2 ? ES_SECONDARY_PLAN : ES_THIRD_PLAN;
	int			es_payer = rank == 2 ? ES_SECONDARY_PAYER : ES_THIRD_PAYER;
	int			es_method = rank == 2 ? ES_COB_METHOD : ES_THIRD_COB_METHOD;
	int			es_pays = rank == 2 ? ES_SECONDARY_PAYS : ES_THIRD_PAYS;
	cs_cents	reserve = 0;
	cs_cents	period_left,
				lifetime_left;
	Datum		lc[LC_NATTS];
	bool		lcn[LC_NATTS];
	lk_cob_info cob = {0};
	cs_cob_prior prior;
	const cs_terms *terms;
	cs_accum	acc;
	cs_cob_method method;
	cs_cents	allowed,
				billed;
	cs_error	err;

	lk_line_context(c, PG_GETARG_DATUM(0), PG_GETARG_DATEADT(1), PG_GETARG_DATUM(2),
					PG_ARGISNULL(3), PG_ARGISNULL(3) ? (Datum) 0 : PG_GETARG_DATUM(3),
					PG_ARGISNULL(4) ? text_datum("11") : PG_GETARG_DATUM(4), text_datum(""), rank, &cob,
					nsa_protected, earlier, lc, lcn);
	v[es_plan] = lc[LC_PLAN];
	vn[es_plan] = lcn[LC_PLAN];
	v[es_payer] = lc[LC_PAYER];
	vn[es_payer] = lcn[LC_PAYER];
	if (lcn[LC_PRICEABLE] || !DatumGetBool(lc[LC_PRICEABLE]) || cob.method == NULL)
	{
		v[ES_REASONS] = append_reason(v[ES_REASONS], cs_cob_not_priced_reason(rank));
		return false;
	}
	if (c->cs == NULL)
	{
		c->cs = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(cs_fn_cache));
		c->cs->mcxt = fcinfo->flinfo->fn_mcxt;
	}
	/*
	 * the standard method's benefit reserve: the member's on record with the plan in its period up to the
	 * date, or the one a batch carries from the member's previous line of the period (the engine decides)
	 */
	if (cs_cob_reserve_needed(cob.method, strlen(cob.method), !lcn[LC_PERIOD], !lcn[LC_FAMILY], !lcn[LC_PLAN]))
	{
		cs_date		lo,
					hi;

		if (period_bounds(lc[LC_PERIOD], &lo, &hi))
		{
			cs_cents	on_record = lk_reserve_on_record(PG_GETARG_DATUM(0), lc[LC_FAMILY], lc[LC_PLAN], lo, hi,
														 PG_GETARG_DATEADT(1), earlier);

			reserve = cs_cob_reserve_start(carried, carried_date, carried_reserve, lo, hi, PG_GETARG_DATEADT(1),
										   on_record);
		}
	}
	/*
	 * the payer's own plan-paid maximums: what is left before the line on its own ledger (line_context),
	 * less what it paid on the member's earlier lines of the batch of the category (the engine sums them)
	 */
	period_left = cs_arg_money(lc[LC_PLAN_MAX_PERIOD_LEFT], lcn[LC_PLAN_MAX_PERIOD_LEFT], "plan_max_period_left", true);
	lifetime_left = cs_arg_money(lc[LC_PLAN_MAX_LIFETIME_LEFT], lcn[LC_PLAN_MAX_LIFETIME_LEFT],
								 "plan_max_lifetime_left", true);
	if (bp != NULL && bp->n > 0 && (period_left != CS_ABSENT || lifetime_left != CS_ABSENT))
	{
		cs_date		lo = PG_INT32_MIN,
					hi = PG_INT32_MAX;
		bool	   *same = palloc(sizeof(bool) * bp->n);
		cs_cents	period_paid,
					lifetime_paid;
		cs_error	err;

		/* no period (never with a maximum): every earlier line counts, the lesser answer */
		if (!lcn[LC_PERIOD] && !period_bounds(lc[LC_PERIOD], &lo, &hi))
			lo = PG_INT32_MIN, hi = PG_INT32_MAX;
		for (int i = 0; i < bp->n; i++)
			same[i] = !lcn[LC_CATEGORY] && !bp->categories_null[i] &&
				text_eq_datum(bp->categories[i], lc[LC_CATEGORY]);
		if (cs_plan_max_batch_paid(bp->n, bp->dates, same, bp->paid, lo, hi, PG_GETARG_DATEADT(1),
								   &period_paid, &lifetime_paid, &err) != CS_OK)
			cs_report(&err);
		period_left = cs_plan_max_left(period_left, period_paid);
		lifetime_left = cs_plan_max_left(lifetime_left, lifetime_paid);
	}
	/*
	 * the engine's coordination, as costshare.coordinate(primary, terms, acc, method, allowed, billed,
	 * reserve, period_left, lifetime_left) makes it: the earlier payer's line from its breakdown, the
	 * inputs decoded and checked in the same order, with the same errors
	 */
	if (lcn[LC_TERMS])
		cs_report_null("terms", "Pass the secondary plan's terms, e.g. costshare.terms(coinsurance => 0.2).");
	prior.allowed = cs_arg_money(b[0], bn[0], "primary.allowed", false);
	prior.balance_bill = cs_arg_money(b[5], bn[5], "primary.balance_bill", false);
	prior.plan_pays = cs_arg_money(b[8], bn[8], "primary.plan_pays", false);
	prior.patient_pays = cs_arg_money(b[7], bn[7], "primary.patient_pays", false);
	cs_cob_decode(c->cs, lc[LC_TERMS], lcn[LC_ACC], lcn[LC_ACC] ? (Datum) 0 : lc[LC_ACC], cob.method,
				  strlen(cob.method), &terms, &acc, &method);
	allowed = lcn[LC_ALLOWED] ? CS_ABSENT : cs_arg_money(lc[LC_ALLOWED], false, "allowed", false);
	billed = PG_ARGISNULL(5) ? CS_ABSENT : cs_arg_money(PG_GETARG_DATUM(5), false, "billed", false);
	if (cs_coordinate_max(&prior, terms, &acc, method, allowed, billed, reserve, period_left, lifetime_left, r,
						  &err) != CS_OK)
		cs_report(&err);
	*primary_paid = prior.plan_pays;
	if (col != NULL)
	{
		lk_posting *p = collect_posting(col, lc, lcn);

		p->deductible = r->normal.deductible;
		p->copay = r->normal.copay;
		p->coinsurance = r->normal.coinsurance;
		p->allowed = r->allowed;
		p->plan_paid = r->secondary_pays;
		p->visits = r->normal.counted_visit ? 1 : 0;
		p->cob = true;
		p->cob_normal = r->normal_benefit;
		p->cob_paid = r->secondary_pays;
	}
	v[es_method] = text_datum(cob.method);
	vn[es_method] = false;
	v[es_pays] = cs_cents_to_numeric(r->secondary_pays);
	vn[es_pays] = false;
	v[ES_PATIENT_PAYS] = cs_cents_to_numeric(r->patient_pays);
	vn[ES_PATIENT_PAYS] = false;
	if (r->plan_max_excess > 0)
		v[ES_REASONS] = append_reason(v[ES_REASONS], cs_cob_plan_max_reason(rank));
	return true;
}

/*
 * A money attribute of a coordination (att: its index in the cached layout, found by name once), in
 * cents; the argument is of the layout's type (the function's signature says so; checked)
 */
static cs_cents
coordination_cents(const cs_cob_layout *l, HeapTupleHeader co, int att, const char *name)
{
	HeapTupleData tup;
	bool		isnull;
	Datum		d;

	if (HeapTupleHeaderGetTypeId(co) != l->desc->tdtypeid)
		elog(ERROR, "a coordination of another type was passed");
	tup.t_len = HeapTupleHeaderGetDatumLength(co);
	ItemPointerSetInvalid(&tup.t_self);
	tup.t_tableOid = InvalidOid;
	tup.t_data = co;
	d = heap_getattr(&tup, att + 1, l->desc, &isnull);
	return cs_arg_money(d, isnull, name, false);
}

/* every amount of a coordination argument, checked (what: the argument's name) */
static void
coordination_check(const cs_cob_layout *l, HeapTupleHeader co, const char *what)
{
	HeapTupleData tup;
	Datum	   *v = palloc(sizeof(Datum) * l->desc->natts);
	bool	   *n = palloc(sizeof(bool) * l->desc->natts);

	if (HeapTupleHeaderGetTypeId(co) != l->desc->tdtypeid)
		elog(ERROR, "a coordination of another type was passed");
	tup.t_len = HeapTupleHeaderGetDatumLength(co);
	ItemPointerSetInvalid(&tup.t_self);
	tup.t_tableOid = InvalidOid;
	tup.t_data = co;
	heap_deform_tuple(&tup, l->desc, v, n);
	cs_check_money_fields(l->desc, v, n, what);
	pfree(v);
	pfree(n);
}

/*
 * The line as the third payer sees it (b3): the primary's breakdown b with allowed, balance_bill,
 * patient_pays and plan_pays as the engine makes them after the second payer's coordination co
 * (cs_cob_prior_next: both payments, the patient's remainder, a write-off no longer collectable).
 */
static void
next_breakdown(const Datum *b, const bool *bn, cs_cents secondary_pays, cs_cents patient_pays, cs_cents written_off,
			   Datum *b3, bool *b3n)
{
	cs_cob_prior p,
				n;
	cs_cob_result r;
	cs_error	err;

	memmove(b3, b, sizeof(Datum) * CS_BREAKDOWN_NATTS);
	memmove(b3n, bn, sizeof(bool) * CS_BREAKDOWN_NATTS);
	memset(&r, 0, sizeof(r));
	p.allowed = cs_arg_money(b[0], bn[0], "allowed", false);
	p.balance_bill = cs_arg_money(b[5], bn[5], "balance_bill", false);
	p.patient_pays = cs_arg_money(b[7], bn[7], "patient_pays", false);
	p.plan_pays = cs_arg_money(b[8], bn[8], "plan_pays", false);
	r.secondary_pays = secondary_pays;
	r.patient_pays = patient_pays;
	r.written_off = written_off;
	if (cs_cob_prior_next(&p, &r, &n, &err) != CS_OK)
		cs_report(&err);
	b3[0] = cs_cents_to_numeric(n.allowed);
	b3[5] = cs_cents_to_numeric(n.balance_bill);
	b3[7] = cs_cents_to_numeric(n.patient_pays);
	b3[8] = cs_cents_to_numeric(n.plan_pays);
}

void
cs_breakdown_deform(HeapTupleHeader h, Datum *b, bool *bn, const char *what)
{
	TupleDesc	bd = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(h), HeapTupleHeaderGetTypMod(h));
	HeapTupleData tup;

	if (bd->natts != CS_BREAKDOWN_NATTS)
	{
		int			found = bd->natts;

		ReleaseTupleDesc(bd);
		ereport(ERROR,
				errcode(ERRCODE_DATATYPE_MISMATCH),
				errmsg("costshare.breakdown has an unexpected number of fields"),
				errdetail("Expected %d fields, found %d.", CS_BREAKDOWN_NATTS, found),
				errhint("Reinstall or update the costshare extension."));
	}
	tup.t_len = HeapTupleHeaderGetDatumLength(h);
	ItemPointerSetInvalid(&tup.t_self);
	tup.t_tableOid = InvalidOid;
	tup.t_data = h;
	heap_deform_tuple(&tup, bd, b, bn);
	cs_check_money_fields(bd, b, bn, what);
	ReleaseTupleDesc(bd);
}

/* a breakdown argument of the call, deformed (CS_BREAKDOWN_NATTS values) */
static void
breakdown_arg(FunctionCallInfo fcinfo, int arg, Datum *b, bool *bn)
{
	cs_breakdown_deform(PG_GETARG_HEAPTUPLEHEADER(arg), b, bn, "primary");
}

/*
 * The arguments a batch passes a later payer's coordination (estimate_many), from argument `first` on:
 * carried_reserve, carried_date (the reserve_after of the member's previous line coordinated by the same
 * plan and its date, together), batch_dates, batch_categories, batch_paid (the member's earlier lines of
 * the batch coordinated by the same plan, together). Absent or NULL: nothing carried; some of a group
 * given and some NULL: an error (never silently dropped: a reserve or a payment not counted would have
 * the plan pay more).
 */
static void
batch_args_together(FunctionCallInfo fcinfo, int first, int n, const char *names)
{
	int			given = 0;

	for (int i = first; i < first + n && i < PG_NARGS(); i++)
		if (!PG_ARGISNULL(i))
			given++;
	if (given > 0 && given < n)
		ereport(ERROR,
				errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				errmsg("%s go together", names),
				errdetail("Some of them are NULL and some are not."),
				errhint("Pass all of them (from the member's earlier lines of the batch coordinated by the plan), or NULL for all."));
}

static void
batch_args(FunctionCallInfo fcinfo, int first, bool *carried, DateADT *carried_date, cs_cents *carried_reserve,
		   lk_batch_paid *bp)
{
	batch_args_together(fcinfo, first, 2, "carried_reserve and carried_date");
	batch_args_together(fcinfo, first + 2, 3, "batch_dates, batch_categories and batch_paid");
	*carried = false;
	*carried_date = 0;
	*carried_reserve = 0;
	/* the reserve a batch carries: the member's previous line's reserve_after and date of service */
	if (PG_NARGS() > first + 1 && !PG_ARGISNULL(first) && !PG_ARGISNULL(first + 1))
	{
		cs_error	err;

		if (cs_money_problem(PG_GETARG_DATUM(first), "carried_reserve", carried_reserve, &err))
			cs_report(&err);
		if (DATE_NOT_FINITE(PG_GETARG_DATEADT(first + 1)))
			ereport(ERROR,
					errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("carried_date must be a finite date"),
					errdetail("The date of service of the line the reserve was carried from is infinity or -infinity."),
					errhint("Pass the previous line's service date with its reserve_after, or NULL for both."));
		*carried = true;
		*carried_date = PG_GETARG_DATEADT(first + 1);
	}
	/* what it paid on the member's earlier lines of the batch (dates, categories, payments: together) */
	memset(bp, 0, sizeof(*bp));
	if (PG_NARGS() > first + 4 && !PG_ARGISNULL(first + 2) && !PG_ARGISNULL(first + 3) && !PG_ARGISNULL(first + 4))
	{
		Datum	   *dd,
				   *pd;
		bool	   *dn,
				   *pn;
		int			nd,
					nc,
					np;

		deconstruct_array(PG_GETARG_ARRAYTYPE_P(first + 2), DATEOID, sizeof(DateADT), true, TYPALIGN_INT, &dd, &dn, &nd);
		deconstruct_array(PG_GETARG_ARRAYTYPE_P(first + 3), TEXTOID, -1, false, TYPALIGN_INT, &bp->categories,
						  &bp->categories_null, &nc);
		deconstruct_array(PG_GETARG_ARRAYTYPE_P(first + 4), NUMERICOID, -1, false, TYPALIGN_INT, &pd, &pn, &np);
		if (nd != nc || nd != np)
			ereport(ERROR,
					errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					errmsg("batch_dates, batch_categories and batch_paid must have the same length"),
					errdetail("They have %d, %d and %d elements.", nd, nc, np),
					errhint("Pass one element per earlier line of the batch coordinated by the plan, in date order."));
		bp->n = nd;
		bp->dates = palloc(sizeof(cs_date) * Max(nd, 1));
		bp->paid = palloc(sizeof(cs_cents) * Max(nd, 1));
		for (int i = 0; i < nd; i++)
		{
			if (dn[i] || DATE_NOT_FINITE(DatumGetDateADT(dd[i])))
				ereport(ERROR,
						errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("batch_dates must hold finite dates"),
						errdetail("Element %d is NULL, infinity or -infinity.", i + 1),
						errhint("Pass the dates of service of the earlier lines of the batch."));
			bp->dates[i] = DatumGetDateADT(dd[i]);
			bp->paid[i] = cs_arg_money(pd[i], pn[i], "batch_paid", false);
		}
	}
}

/*
 * A later payer's earlier lines of the batch (argument `arg`, costshare.batch_271_line[], NULL: none):
 * the family's lines with that payer's plan, counted in its accumulators and plan-paid maximums as posted
 * lines. They carry what the plan paid, so the member's batch_dates / batch_categories / batch_paid must
 * not be given with them (each payment would count twice).
 */
static void
later_payer_earlier(FunctionCallInfo fcinfo, lk_cache *c, int arg, const lk_batch_paid *bp, p271_earlier *out)
{
	out->n = 0;
	out->l = NULL;
	if (PG_NARGS() <= arg || PG_ARGISNULL(arg))
		return;
	if (bp->n > 0 || !PG_ARGISNULL(arg - 1))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("earlier and batch_paid must not both be given"),
				errdetail("The earlier lines carry what the plan paid on each; batch_paid would count it again."),
				errhint("Pass the batch's earlier lines as earlier, and batch_dates, batch_categories and batch_paid as NULL."));
	p271_read_earlier(c, fcinfo->flinfo->fn_mcxt, PG_GETARG_ARRAYTYPE_P(arg), out);
}

/* coordinate_second/third's result type (a costshare.coordination), its attributes found by name once */
static const cs_cob_layout *
coordination_layout(FunctionCallInfo fcinfo, lk_cache *c)
{
	if (c->cob == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		cs_cob_layout *l = palloc0(sizeof(cs_cob_layout));

		cs_cob_layout_init(l, c->result);
		c->cob = l;
		MemoryContextSwitchTo(old);
	}
	return c->cob;
}

/*
 * costshare.coordinate_second(member, service_date, service_code, provider, place_of_service, billed,
 * primary breakdown) → coordination: what the member's coverage at COB position 2 pays after the given
 * primary line, as costshare.estimate coordinates it (its own context, method, allowable); NULL when the
 * member has no second coverage on the date or it cannot price the line. costshare.estimate_many uses it
 * on the primary lines of its batch.
 */
PG_FUNCTION_INFO_V1(costshare_coordinate_second);
Datum
costshare_coordinate_second(PG_FUNCTION_ARGS)
{
	lk_cache   *c;
	Datum		v[ES_NATTS];
	bool		vn[ES_NATTS];
	Datum		b[CS_BREAKDOWN_NATTS];
	bool		bn[CS_BREAKDOWN_NATTS];
	cs_cob_result r;
	cs_cents	primary_paid;
	bool		carried = false;
	DateADT		carried_date = 0;
	cs_cents	carried_reserve = 0;
	lk_batch_paid bp;
	p271_earlier earlier;

	require_args(fcinfo);
	if (PG_ARGISNULL(6))
		PG_RETURN_NULL();
	require_billed(fcinfo);
	/* the result is a coordination: its acc_after (attribute 11) is an accum */
	c = lk_get_cache(fcinfo, 10);
	breakdown_arg(fcinfo, 6, b, bn);
	memset(vn, true, sizeof(vn));
	v[ES_REASONS] = PointerGetDatum(construct_empty_array(TEXTOID));
	vn[ES_REASONS] = false;
	batch_args(fcinfo, 7, &carried, &carried_date, &carried_reserve, &bp);
	later_payer_earlier(fcinfo, c, 12, &bp, &earlier);
	if (!coordinate_payer(fcinfo, c, 2, b, bn, false, carried, carried_date, carried_reserve, &bp, &earlier, NULL, v, vn, &r,
						  &primary_paid))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(cs_cob_form(coordination_layout(fcinfo, c), &r, primary_paid));
}

/*
 * costshare.coordinate_third(member, service_date, service_code, provider, place_of_service, billed,
 * primary breakdown, second coordination) → coordination: what the member's coverage at COB position 3
 * pays after the primary's line and the second payer's coordination of it, as costshare.estimate
 * coordinates it; NULL when either is NULL, or the member has no third coverage or it cannot price the
 * line. costshare.estimate_many uses it.
 */
PG_FUNCTION_INFO_V1(costshare_coordinate_third);
Datum
costshare_coordinate_third(PG_FUNCTION_ARGS)
{
	lk_cache   *c;
	Datum		v[ES_NATTS];
	bool		vn[ES_NATTS];
	Datum		b[CS_BREAKDOWN_NATTS];
	bool		bn[CS_BREAKDOWN_NATTS];
	Datum		b3[CS_BREAKDOWN_NATTS];
	bool		b3n[CS_BREAKDOWN_NATTS];
	HeapTupleHeader co2;
	const cs_cob_layout *layout;
	cs_cob_result r;
	cs_cents	primary_paid;
	bool		carried;
	DateADT		carried_date;
	cs_cents	carried_reserve;
	lk_batch_paid bp;
	p271_earlier earlier;

	require_args(fcinfo);
	if (PG_ARGISNULL(6) || PG_ARGISNULL(7))
		PG_RETURN_NULL();
	require_billed(fcinfo);
	c = lk_get_cache(fcinfo, 10);
	breakdown_arg(fcinfo, 6, b, bn);
	co2 = PG_GETARG_HEAPTUPLEHEADER(7);
	layout = coordination_layout(fcinfo, c);
	coordination_check(layout, co2, "second");
	next_breakdown(b, bn, coordination_cents(layout, co2, layout->secondary, "secondary_pays"),
				   coordination_cents(layout, co2, layout->patient, "patient_pays"),
				   coordination_cents(layout, co2, layout->written_off, "written_off"), b3, b3n);
	memset(vn, true, sizeof(vn));
	v[ES_REASONS] = PointerGetDatum(construct_empty_array(TEXTOID));
	vn[ES_REASONS] = false;
	batch_args(fcinfo, 8, &carried, &carried_date, &carried_reserve, &bp);
	later_payer_earlier(fcinfo, c, 13, &bp, &earlier);
	if (!coordinate_payer(fcinfo, c, 3, b3, b3n, false, carried, carried_date, carried_reserve, &bp, &earlier, NULL, v, vn, &r,
						  &primary_paid))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(cs_cob_form(layout, &r, primary_paid));
}

/*
 * The estimate from the plan design: the line's context as line_context finds it, adjudicated by the
 * engine when it can be priced (1.1 composed the two in PL/pgSQL; the columns and values are the same).
 * Arguments 0..5 of fcinfo are estimate's (whatever follows is the caller's: the flag is an argument
 * here). nsa_protected: the line is protected by the No Surprises Act (lk_line_context).
 * *plan_covers: the plan design states the line's benefits; *payer / *plan: the coverage used (NULL
 * when none).
 */
static void estimate_of_context_values(FunctionCallInfo fcinfo, lk_cache *c, const Datum *lc, const bool *lcn,
									   bool nsa_protected, bool *plan_covers, Datum *payer, Datum *plan,
									   const p271_earlier *earlier, lk_collect *col, Datum *v, bool *vn);
static Datum estimate_of_context(FunctionCallInfo fcinfo, lk_cache *c, const Datum *lc, const bool *lcn,
								 bool nsa_protected, bool *plan_covers, Datum *payer, Datum *plan,
								 const p271_earlier *earlier, lk_collect *col);

/* estimate_plan_datum's columns (ES_NATTS values into v / vn), for a caller that forms its own row */
static void
estimate_plan_values(FunctionCallInfo fcinfo, lk_cache *c, bool nsa_protected, bool *plan_covers, Datum *payer,
					 Datum *plan, const p271_earlier *earlier, lk_collect *col, Datum *v, bool *vn)
{
	Datum		lc[LC_NATTS];
	bool		lcn[LC_NATTS];

	check_estimate_result(c->result);
	lk_line_context(c, PG_GETARG_DATUM(0), PG_GETARG_DATEADT(1), PG_GETARG_DATUM(2),
					PG_ARGISNULL(3), PG_ARGISNULL(3) ? (Datum) 0 : PG_GETARG_DATUM(3),
					PG_ARGISNULL(4) ? text_datum("11") : PG_GETARG_DATUM(4), text_datum(""), 1, NULL, nsa_protected,
					earlier, lc, lcn);
	estimate_of_context_values(fcinfo, c, lc, lcn, nsa_protected, plan_covers, payer, plan, earlier, col, v, vn);
}

static Datum
estimate_plan_datum(FunctionCallInfo fcinfo, lk_cache *c, bool nsa_protected, bool *plan_covers, Datum *payer,
					Datum *plan, const p271_earlier *earlier, lk_collect *col)
{
	Datum		v[ES_NATTS];
	bool		vn[ES_NATTS];

	estimate_plan_values(fcinfo, c, nsa_protected, plan_covers, payer, plan, earlier, col, v, vn);
	return HeapTupleGetDatum(heap_form_tuple(c->result, v, vn));
}

/*
 * The plan design's estimate from the line context lc (of the coverage at COB position 1, made with
 * the same nsa_protected): estimate_plan_datum after its lookup; costshare.eligibility hands it the
 * context it has already made. c->result is estimate_result (checked).
 */
static Datum
estimate_of_context(FunctionCallInfo fcinfo, lk_cache *c, const Datum *lc, const bool *lcn, bool nsa_protected,
					bool *plan_covers, Datum *payer, Datum *plan, const p271_earlier *earlier, lk_collect *col)
{
	Datum		v[ES_NATTS];
	bool		vn[ES_NATTS];

	estimate_of_context_values(fcinfo, c, lc, lcn, nsa_protected, plan_covers, payer, plan, earlier, col, v, vn);
	return HeapTupleGetDatum(heap_form_tuple(c->result, v, vn));
}

/* estimate_of_context's columns: ES_NATTS values into v / vn */
static void
estimate_of_context_values(FunctionCallInfo fcinfo, lk_cache *c, const Datum *lc, const bool *lcn,
						   bool nsa_protected, bool *plan_covers, Datum *payer, Datum *plan,
						   const p271_earlier *earlier, lk_collect *col, Datum *v, bool *vn)
{
	check_estimate_result(c->result);

#define COPY(to, from) (v[to] = lc[from], vn[to] = lcn[from])
	COPY(ES_STATUS, LC_STATUS);
	COPY(ES_REASONS, LC_REASONS);
	COPY(ES_PLAN, LC_PLAN);
	COPY(ES_PAYER, LC_PAYER);
	COPY(ES_COB_POSITION, LC_COB_POSITION);
	COPY(ES_CATEGORY, LC_CATEGORY);
	COPY(ES_NETWORK, LC_NETWORK);
	COPY(ES_ALLOWED, LC_ALLOWED);
	COPY(ES_ALLOWED_SOURCE, LC_ALLOWED_SOURCE);
	COPY(ES_ACC_BEFORE, LC_ACC);
	COPY(ES_ALLOWED_LINES, LC_ALLOWED_LINES);
#undef COPY
	/* what the plan could still pay for the category: the lesser of the two maximums' remainders */
	vn[ES_PLAN_MAX_LEFT] = lcn[LC_PLAN_MAX_PERIOD_LEFT] && lcn[LC_PLAN_MAX_LIFETIME_LEFT];
	if (lcn[LC_PLAN_MAX_LIFETIME_LEFT])
		v[ES_PLAN_MAX_LEFT] = lc[LC_PLAN_MAX_PERIOD_LEFT];
	else if (lcn[LC_PLAN_MAX_PERIOD_LEFT])
		v[ES_PLAN_MAX_LEFT] = lc[LC_PLAN_MAX_LIFETIME_LEFT];
	else
		v[ES_PLAN_MAX_LEFT] = DirectFunctionCall2(numeric_smaller, lc[LC_PLAN_MAX_PERIOD_LEFT],
												  lc[LC_PLAN_MAX_LIFETIME_LEFT]);
	for (int i = ES_COPAY; i <= ES_ADJUSTMENT_CODES; i++)
		vn[i] = true;
	vn[ES_ACC_AFTER] = true;
	/* the plan design is the source when it states the line's benefits (its terms were built) */
	*plan_covers = !lcn[LC_TERMS];
	*payer = lcn[LC_PAYER] ? (Datum) 0 : lc[LC_PAYER];
	*plan = lcn[LC_PLAN] ? (Datum) 0 : lc[LC_PLAN];
	v[ES_BENEFIT_SOURCE] = *plan_covers ? text_datum("plan") : (Datum) 0;
	vn[ES_BENEFIT_SOURCE] = !*plan_covers;
	for (int i = ES_BENEFITS_INTERCHANGE; i <= ES_SECONDARY_PAYS; i++)
		vn[i] = true;
	for (int i = ES_THIRD_PLAN; i <= ES_THIRD_PAYS; i++)
		vn[i] = true;

	if (!lcn[LC_PRICEABLE] && DatumGetBool(lc[LC_PRICEABLE]))
	{
		cs_result	result;
		Datum		b[CS_BREAKDOWN_NATTS];
		bool		bn[CS_BREAKDOWN_NATTS];

		if (c->cs == NULL)
		{
			c->cs = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(cs_fn_cache));
			c->cs->mcxt = fcinfo->flinfo->fn_mcxt;
		}
		/* as costshare.adjudicate(c.allowed, c.terms, c.acc, billed) */
		cs_adjudicate_datums(c->cs, lc[LC_ALLOWED], lcn[LC_ALLOWED], lc[LC_TERMS], lcn[LC_TERMS],
							 lc[LC_ACC], lcn[LC_ACC], PG_GETARG_DATUM(5), PG_ARGISNULL(5), &result);
		/* the plan-paid maximums: the plan pays at most what is left; the rest is not covered (119) */
		{
			cs_error	err;
			cs_cents	period_left = cs_arg_money(lc[LC_PLAN_MAX_PERIOD_LEFT], lcn[LC_PLAN_MAX_PERIOD_LEFT],
												   "plan_max_period_left", true);
			cs_cents	lifetime_left = cs_arg_money(lc[LC_PLAN_MAX_LIFETIME_LEFT], lcn[LC_PLAN_MAX_LIFETIME_LEFT],
													 "plan_max_lifetime_left", true);

			if (cs_apply_plan_max(&result, period_left, lifetime_left, &err) != CS_OK)
				cs_report(&err);
			if (result.plan_max_excess > 0)
				v[ES_REASONS] = append_reason(v[ES_REASONS], "plan_maximum_reached");
		}
		cs_breakdown_values(c->cs, c->accum, &result, b, bn);
		if (col != NULL)
		{
			lk_posting *p = collect_posting(col, lc, lcn);

			p->deductible = result.deductible;
			p->copay = result.copay;
			p->coinsurance = result.coinsurance;
			p->allowed = result.allowed;
			p->plan_paid = result.plan_pays;
			p->visits = result.counted_visit ? 1 : 0;
			col->have_line = true;
			memcpy(col->line, b, sizeof(b));
			memcpy(col->line_n, bn, sizeof(bn));
		}
		/* the line is priced on the lesser of the charge and the allowed amount */
		if (result.allowed_from_charge)
		{
			v[ES_ALLOWED] = b[0];
			v[ES_ALLOWED_SOURCE] = text_datum("billed");
			vn[ES_ALLOWED] = vn[ES_ALLOWED_SOURCE] = false;
		}
		v[ES_COPAY] = b[1];
		v[ES_DEDUCTIBLE] = b[2];
		v[ES_COINSURANCE] = b[3];
		v[ES_NOT_COVERED] = b[4];
		v[ES_BALANCE_BILL] = b[5];
		v[ES_PATIENT_PAYS] = b[7];
		v[ES_PLAN_PAYS] = b[8];
		v[ES_OOP_CAPPED] = b[9];
		v[ES_ADJUSTMENT_CODES] = b[10];
		v[ES_ACC_AFTER] = b[11];
		for (int i = ES_COPAY; i <= ES_ADJUSTMENT_CODES; i++)
			vn[i] = false;
		vn[ES_ACC_AFTER] = false;
		v[ES_PRIMARY_PAYS] = b[8];
		vn[ES_PRIMARY_PAYS] = false;

		/*
		 * the later coverages on the date, in COB order: which pays after the earlier ones (by its
		 * coordination method) and which is reported as not priced, the engine decides
		 */
		if (!lcn[LC_COVERAGES])
		{
			int			coverages = DatumGetInt32(lc[LC_COVERAGES]);
			bool		priced = true;
			Datum		bx[CS_BREAKDOWN_NATTS];
			bool		bxn[CS_BREAKDOWN_NATTS];
			const Datum *earlier_line = b;
			const bool *earlier_n = bn;
			cs_cob_result r;
			cs_cents	primary_paid;

			for (int rank = 2; rank <= CS_COB_LAST_RANK; rank++)
			{
				switch (cs_cob_payer_step(coverages, rank, priced))
				{
					case CS_COB_STEP_NONE:
						break;
					case CS_COB_STEP_NOT_PRICED:
						v[ES_REASONS] = append_reason(v[ES_REASONS], cs_cob_not_priced_reason(rank));
						priced = false;
						break;
					case CS_COB_STEP_COORDINATE:
						/* the line as the earlier payers left it: after the second, both payments */
						if (rank > 2)
						{
							next_breakdown(earlier_line, earlier_n, r.secondary_pays, r.patient_pays, r.written_off,
										   bx, bxn);
							earlier_line = bx;
							earlier_n = bxn;
						}
						priced = coordinate_payer(fcinfo, c, rank, earlier_line, earlier_n, nsa_protected, false, 0,
												  0, NULL, earlier, col, v, vn, &r, &primary_paid);
						break;
				}
			}
		}
	}
}

/*
 * Whether costshare.benefit_source_policy prefers the 271 for the payer's plan (plan (Datum) 0: the payer's
 * row only): the rows are read here, the engine decides (cs_source_policy_prefers_271). Within a call.
 */
static bool
lk_prefers_271(Datum payer, Datum plan)
{
	lk_scan		s;
	Datum		v[LK_MAX_COLS];
	bool		n[LK_MAX_COLS];
	bool		own_stated = false,
				own_prefers = false,
				payer_stated = false,
				payer_prefers = false;

	lk_begin(&s, T_SOURCE_POLICY, 1, &payer);
	while (lk_next(&s, v, n))
	{
		if (!n[1] && plan != (Datum) 0 && text_eq_datum(v[1], plan))
		{
			own_stated = true;
			own_prefers = DatumGetBool(v[2]);
		}
		else if (n[1])
		{
			payer_stated = true;
			payer_prefers = DatumGetBool(v[2]);
		}
	}
	lk_end(&s);
	return cs_source_policy_prefers_271(own_stated, own_prefers, payer_stated, payer_prefers);
}

/* costshare.source_policy_prefers_271(payer_id, plan_id): the estimate's reading of the source policy */
PG_FUNCTION_INFO_V1(costshare_source_policy_prefers_271);
Datum
costshare_source_policy_prefers_271(PG_FUNCTION_ARGS)
{
	bool		r;

	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(false);
	if (!lk.valid)
		lk_load(get_func_namespace(fcinfo->flinfo->fn_oid));
	lk_call_begin();
	r = lk_prefers_271(PG_GETARG_DATUM(0), PG_ARGISNULL(1) ? (Datum) 0 : PG_GETARG_DATUM(1));
	lk_call_end();
	PG_RETURN_BOOL(r);
}

/* The caller's rights to the tables the 271 path reads (within a call): as for every table probed */
static void
lk_check_271_path(void)
{
	lk_check(T_ELIG_BENEFIT);
	lk_check(T_ENROLLMENT);
	lk_check(T_LEDGER);
	lk_check(T_PRIOR_AUTH);
	lk_check(T_SOURCE_POLICY);
	lk_check(T_FEE);
}

/*
 * Whether the member's latest loaded 271 may price the line (the prefilter of call_price_271,
 * which decides): the member has a loaded 271, and either the plan design does not state the line's
 * benefits, or costshare.benefit_source_policy prefers the 271 for the plan (its own row first, else
 * the payer's; the engine's cs_b271_may_price). Read with the estimate's rights (lk_check); two index
 * probes at most. rights_first: when the 271 may price the line, the rights to every table of the 271
 * path are checked before looking for a 271 (costshare.eligibility, whose PL/pgSQL form asked the
 * 271 path, and so checked them, whether or not the member had one).
 */
static bool
lk_may_price_271(Datum member, bool plan_covers, Datum payer, Datum plan, bool rights_first)
{
	lk_scan		s;
	Datum		v[LK_MAX_COLS];
	bool		n[LK_MAX_COLS];
	bool		have_271;

	bool		prefers = false;

	lk_call_begin();
	/* the policy is read only where it can matter (a covered line's plan; a NULL payer prefers nothing) */
	if (plan_covers && payer != (Datum) 0)
		prefers = lk_prefers_271(payer, plan);
	if (!cs_b271_may_price(plan_covers, prefers))
	{
		lk_call_end();
		return false;
	}
	if (rights_first)
		lk_check_271_path();
	lk_begin(&s, T_ELIG_BENEFIT, 1, &member);
	have_271 = lk_next(&s, v, n);
	lk_end(&s);
	lk_call_end();
	return have_271;
}

/*
 * ---- pricing from a loaded 271 (was the PL/pgSQL costshare.price_271) ---------------------------
 *
 * price_271(plan_estimate, member, service_date, service_code, provider, place_of_service, billed,
 * out_of_network) → estimate_271_result, given the plan design's estimate of the line. The tables are
 * read here by index probes; every decision is the engine's: the latest 271 (cs_p271_later), the source
 * (cs_b271_source_of), the network (cs_p271_out_of_network), an EB row's rank for the category
 * (cs_p271_row_rank), the terms (cs_b271_choose / cs_b271_terms_of), the coverage on the date
 * (cs_b271_coverage_on), the period (cs_p271_period_stated, else the benefit period), the ledger since
 * the load and the visits in the period (cs_p271_posted_since), the allowed amount's source
 * (cs_p271_allowed_*), the fee row (cs_p271_fee_before), the carve-out's administrator
 * (cs_p271_carve_out_row, cs_p271_party_text), the status and reasons (cs_p271_decide) and the
 * adjudication (costshare.adjudicate's).
 *
 * Rights: the caller's to the tables the 271 path reads as for every table the estimate probes
 * (lk_check_271_path: SELECT, or costshare_estimator); the other tables it reads (x12_load,
 * service_type_category, network_participation, plan, the payer through costshare.x12_payer) were read
 * as the PL/pgSQL function's owner: their privileges are not checked, as then, but row-level security
 * on them is refused as on every table the estimate probes (lk_call.rls_only).
 */

/* estimate_271_result's fields */
enum
{
	X271_ESTIMATE, X271_BENEFIT_SOURCE, X271_INTERCHANGE, X271_AS_OF, X271_STALE, X271_UNKNOWN,
	X271_AUTH_REQUIRED, X271_CARVE_OUT, X271_VISIT_LIMIT, X271_TERMS, X271_PRICED_TERMS, X271_PERIOD,
	X271_LINE, X271_CARVE_OUT_ADMIN, X271_PLAN_MAX_PERIOD, X271_PLAN_MAX_LIFETIME, X271_FAMILY,
	X271_FAM_PLAN_MAX_PERIOD, X271_FAM_PLAN_MAX_LIFETIME, X271_PLAN_MAX_CATEGORIES, X271_PLAN_MAX_TOWARD,
	X271_NATTS
};

/* eligibility_benefit's columns as lk_defs reads them */
enum
{
	EB_MEMBER, EB_PAYER, EB_IC, EB_SEGMENT, EB_AS_OF, EB_BENEFIT, EB_LEVEL, EB_NETWORK, EB_FIGURE,
	EB_SERVICE_TYPES, EB_AMOUNT, EB_PERCENT, EB_QUANTITY_QUALIFIER, EB_QUANTITY, EB_AUTH, EB_ELIG_PERIOD,
	EB_PLAN_PERIOD, EB_RELATED, EB_TIME_PERIOD,
	EB_NCOLS
};

/* accumulator_ledger by member (T_LEDGER_MEMBER) */
enum
{
	LM_MEMBER, LM_PAYER, LM_CLAIM, LM_LINE, LM_VERSION, LM_STATUS, LM_RECORDED, LM_CATEGORY, LM_DATE,
	LM_DEDUCTIBLE, LM_COPAY, LM_COINSURANCE, LM_VISITS, LM_ALLOWED, LM_PLAN_PAID, LM_FAMILY, LM_PLAN
};

/* accumulator_ledger by family and plan (T_LEDGER_FAMILY): LM_MEMBER onwards two columns later */
#define LF_SHIFT 2

/* accumulator_ledger's versions of a claim line (T_LINE_VERSIONS) */
enum
{
	LV_PAYER, LV_CLAIM, LV_LINE, LV_VERSION, LV_RECORDED
};

typedef struct p271_eb
{
	Datum		v[EB_NCOLS];
	bool		n[EB_NCOLS];
} p271_eb;

static int
p271_eb_cmp(const void *a, const void *b)
{
	int64		x = DatumGetInt64(((const p271_eb *) a)->v[EB_SEGMENT]);
	int64		y = DatumGetInt64(((const p271_eb *) b)->v[EB_SEGMENT]);

	return x < y ? -1 : x > y ? 1 : 0;
}

/* a text column compared under its collation, as ORDER BY compares it */
static int
p271_text_cmp(lk_table t, int col, Datum a, Datum b)
{
	text	   *x = DatumGetTextPP(a),
			   *y = DatumGetTextPP(b);

	return varstr_cmp(VARDATA_ANY(x), VARSIZE_ANY_EXHDR(x), VARDATA_ANY(y), VARSIZE_ANY_EXHDR(y),
					  lk.rel[t].collation[col]);
}

/* the ranks of the category's service types (service_type_category), read once per call */
typedef struct p271_ranks
{
	int			n;
	char	  **types;
	int		   *ranks;
} p271_ranks;

static void
p271_read_ranks(Datum category, p271_ranks *r)
{
	lk_scan		s;
	Datum		v[LK_MAX_COLS];
	bool		n[LK_MAX_COLS];
	int			cap = 8;

	r->n = 0;
	r->types = palloc(sizeof(char *) * cap);
	r->ranks = palloc(sizeof(int) * cap);
	lk_begin(&s, T_STC, 1, &category);
	while (lk_next(&s, v, n))
	{
		if (r->n == cap)
		{
			cap *= 2;
			r->types = repalloc(r->types, sizeof(char *) * cap);
			r->ranks = repalloc(r->ranks, sizeof(int) * cap);
		}
		r->types[r->n] = TextDatumGetCString(v[1]);
		r->ranks[r->n] = DatumGetInt32(v[2]);
		r->n++;
	}
	lk_end(&s);
}

/* each service type of an EB row: its rank for the category (-1: not listed); *plan_type: 30 is one */
static int *
p271_type_ranks(const p271_ranks *r, Datum types, int *ntypes, bool *plan_type)
{
	Datum	   *e;
	bool	   *en;
	int		   *out;

	deconstruct_array(DatumGetArrayTypeP(types), TEXTOID, -1, false, TYPALIGN_INT, &e, &en, ntypes);
	out = palloc(sizeof(int) * (*ntypes > 0 ? *ntypes : 1));
	*plan_type = false;
	for (int i = 0; i < *ntypes; i++)
	{
		char	   *st = en[i] ? NULL : TextDatumGetCString(e[i]);
		int			best = -1;

		if (st != NULL && strcmp(st, CS_P271_PLAN_COVERAGE_TYPE) == 0)
			*plan_type = true;
		for (int j = 0; st != NULL && j < r->n; j++)
			if (strcmp(r->types[j], st) == 0 && (best < 0 || r->ranks[j] < best))
				best = r->ranks[j];
		out[i] = best;
	}
	return out;
}

/* ---- which payer an X12 document comes from: costshare.x12_payer (the engine: cs_x12_payer.c) ------- */

/* the payer rows handed to the engine, in the caller's memory context */
typedef struct x12p_rows
{
	cs_x12_payer_row *rows;
	int			n;
	int			cap;
} x12p_rows;

static void
x12p_add(x12p_rows *a, const Datum *v, const bool *n)
{
	cs_x12_payer_row *r;

	if (a->n == a->cap)
	{
		a->cap = a->cap == 0 ? 16 : a->cap * 2;
		a->rows = a->rows == NULL ? palloc(sizeof(cs_x12_payer_row) * a->cap) :
			repalloc(a->rows, sizeof(cs_x12_payer_row) * a->cap);
	}
	r = &a->rows[a->n++];
	r->payer_id = n[0] ? NULL : TextDatumGetCString(v[0]);
	r->name = n[1] ? NULL : TextDatumGetCString(v[1]);
	r->x12_ids = NULL;
	r->n_x12_ids = 0;
	if (!n[2])
	{
		Datum	   *elems;
		bool	   *nulls;
		int			ne;
		const char **ids;

		deconstruct_array(DatumGetArrayTypeP(v[2]), TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &ne);
		ids = palloc(sizeof(char *) * (ne > 0 ? ne : 1));
		for (int i = 0; i < ne; i++)
			ids[i] = nulls[i] ? NULL : TextDatumGetCString(elems[i]);
		r->x12_ids = ids;
		r->n_x12_ids = ne;
	}
}

/* every row of costshare.payer under the statement's snapshot, read directly (no row security applies) */
static void
x12p_read_table(x12p_rows *a)
{
	lk_rel	   *r = &lk.rel[T_X12_PAYER];
	Relation	rel = table_open(r->relid, AccessShareLock);
	TupleTableSlot *slot;
	TableScanDesc sd;
	Datum		v[3];
	bool		n[3];

	/* taking the lock may have processed an invalidation of the cached numbers (concurrent DDL) */
	if (!lk.valid)
	{
		table_close(rel, AccessShareLock);
		lk_load(lk.nsp);
		rel = table_open(r->relid, AccessShareLock);
	}
	slot = table_slot_create(rel, NULL);
	sd = table_beginscan(rel, GetActiveSnapshot(), 0, NULL);
	while (table_scan_getnextslot(sd, ForwardScanDirection, slot))
	{
		for (int c = 0; c < 3; c++)
			v[c] = slot_getattr(slot, r->attno[c], &n[c]);
		x12p_add(a, v, n);
	}
	table_endscan(sd);
	ExecDropSingleTupleTableSlot(slot);
	table_close(rel, NoLock);
}

/*
 * the rows of costshare.payer the current user may see under row-level security: a query, so the
 * policies filter them as they filtered the 1.2 PL/pgSQL's query (the columns are those lk_load checked)
 */
static void
x12p_read_query(x12p_rows *a)
{
	MemoryContext caller = CurrentMemoryContext;
	const lk_def *def = &lk_defs[T_X12_PAYER];
	char	   *q = psprintf("SELECT p.%s, p.%s, p.%s FROM %s.%s p", quote_identifier(def->cols[0]),
							 quote_identifier(def->cols[1]), quote_identifier(def->cols[2]),
							 quote_identifier(get_namespace_name(lk.nsp)), quote_identifier(def->name));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute(q, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute failed: %s", q);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		Datum		v[3];
		bool		n[3];
		MemoryContext spi;

		for (int c = 0; c < 3; c++)
			v[c] = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, c + 1, &n[c]);
		spi = MemoryContextSwitchTo(caller);
		x12p_add(a, v, n);
		MemoryContextSwitchTo(spi);
	}
	SPI_finish();
}

/* the same, as the given user (the function's owner) */
static void
x12p_read_query_as(x12p_rows *a, Oid user)
{
	Oid			save_user;
	int			save_sec;

	GetUserIdAndSecContext(&save_user, &save_sec);
	SetUserIdAndSecContext(user, save_sec | SECURITY_LOCAL_USERID_CHANGE);
	PG_TRY();
	{
		x12p_read_query(a);
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(save_user, save_sec);
	}
	PG_END_TRY();
}

/*
 * The payer the keys name (any may be NULL), NULL when none does or the first that names any is
 * ambiguous: the engine decides (cs_x12_payer_find); the rows are read here with the rights the 1.2
 * PL/pgSQL function read them with: the caller's (SELECT on costshare.payer or on the three columns, and
 * its row-level security policies), or, as_owner, its owner's (the 271 pricing: no privilege check, the
 * owner's row security). Nothing is read when no key counts (the function made no query then either).
 */
static Datum
x12_payer_lookup(char *payer_id, char *payer_name, char *trace_originator, bool as_owner,
				 bool *isnull)
{
	Oid			relid = lk.rel[T_X12_PAYER].relid;
	Oid			user = as_owner ? lk.x12_payer_owner : GetUserId();
	x12p_rows	a = {0};
	int			found;

	*isnull = true;
	if (!cs_x12_payer_key_counts(payer_id) && !cs_x12_payer_key_counts(payer_name) &&
		!cs_x12_payer_key_counts(trace_originator))
		return (Datum) 0;
	if (!as_owner && pg_class_aclcheck(relid, user, ACL_SELECT) != ACLCHECK_OK)
	{
		/* a query of the three columns needs SELECT on each of them (the table's message, as a query's) */
		for (int c = 0; c < 3; c++)
			if (pg_attribute_aclcheck(relid, lk.rel[T_X12_PAYER].attno[c], user, ACL_SELECT) != ACLCHECK_OK)
				aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_TABLE, get_rel_name(relid));
	}
	if (check_enable_rls(relid, as_owner ? user : InvalidOid, false) != RLS_ENABLED)
		x12p_read_table(&a);
	else if (!as_owner)
		x12p_read_query(&a);
	else
		x12p_read_query_as(&a, user);
	found = cs_x12_payer_find(payer_id, payer_name, trace_originator, a.rows, a.n);
	if (found < 0)
		return (Datum) 0;
	*isnull = false;
	return CStringGetTextDatum(a.rows[found].payer_id);
}

/*
 * costshare.x12_payer(payer_id, payer_name, trace_originator) → text: the payer an X12 document comes
 * from (cs_x12_payer.h), read with the caller's rights. Not STRICT: any key may be NULL.
 */
PG_FUNCTION_INFO_V1(costshare_x12_payer);
Datum
costshare_x12_payer(PG_FUNCTION_ARGS)
{
	char	   *keys[3];		/* palloc'd copies: the engine normalises them in place */
	bool		isnull;
	Datum		r;

	for (int i = 0; i < 3; i++)
		keys[i] = PG_ARGISNULL(i) ? NULL : TextDatumGetCString(PG_GETARG_DATUM(i));
	if (!cs_x12_payer_key_counts(keys[0]) && !cs_x12_payer_key_counts(keys[1]) &&
		!cs_x12_payer_key_counts(keys[2]))
		PG_RETURN_NULL();
	if (!lk.valid)
		lk_load(get_func_namespace(fcinfo->flinfo->fn_oid));
	r = x12_payer_lookup(keys[0], keys[1], keys[2], false, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(r);
}

/* costshare.x12_payer(sender) as its owner would answer (it reads costshare.payer, which the caller may not) */
static Datum
p271_payer(Datum sender, bool *isnull)
{
	if (!OidIsValid(lk.x12_payer_fn))
		ereport(ERROR,
				errcode(ERRCODE_UNDEFINED_FUNCTION),
				errmsg("function costshare.x12_payer is missing"),
				errhint("Update the extension: ALTER EXTENSION costshare UPDATE."));
	return x12_payer_lookup(TextDatumGetCString(sender), NULL, NULL, true, isnull);
}

static Datum
p271_numeric_zero(void)
{
	return DirectFunctionCall1(int4_numeric, Int32GetDatum(0));
}

/* a text[] of words */
static Datum
p271_words(const char *const *w, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * (n > 0 ? n : 1));

	for (int i = 0; i < n; i++)
		d[i] = text_datum(w[i]);
	return PointerGetDatum(construct_array(d, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/* a ledger line's claim line and version (the payer is the 271's) */
typedef struct p271_lkey
{
	Datum		claim;
	int32		line,
				version;
	int32		group;			/* the claim line's number among the distinct ones read */
	Datum		category;		/* its category (kept), for the maximums it counts toward */
	bool		category_null;
	bool		undated;		/* no date of service: in no period, toward no maximum */
} p271_lkey;

/*
 * Which of the line's plan-paid maximums a ledger line counts toward (cs_p271_max_toward): the 271's rows
 * ranked for the ledger line's category (its service types, service_type_category, read once per
 * category and call) and chosen at the line's own network (the ledger records no network), against the
 * rows the line's own choice takes. The rule is the engine's; this only reads and converts.
 */
typedef struct p271_towards
{
	cs_p271_max_rows line;		/* the line's own */
	p271_eb   **mine;
	const cs_b271_row *rows;
	cs_b271_row *work;
	int			nmine;
	bool		out_of_network;
	int			n,
				cap;
	Datum	   *cats;
	bool	   *catnull;
	unsigned   *toward;
} p271_towards;

/* the bits of a category whose service types rank as rk says (p271_toward reads them) */
static unsigned p271_toward_of(p271_towards *t, const p271_ranks *rk, bool cat_null);

/* the line's own maximum rows (its choice among rows[0..nmine), at its network), nothing cached yet */
static void
p271_towards_init(p271_towards *t, const cs_b271_row *rows, p271_eb **mine, int nmine, bool out_of_network)
{
	cs_b271_choice lc;

	memset(t, 0, sizeof(*t));
	cs_b271_choose(rows, nmine, out_of_network, &lc);
	cs_p271_max_rows_of(&lc, &t->line);
	t->mine = mine;
	t->rows = rows;
	t->nmine = nmine;
	t->work = palloc(sizeof(cs_b271_row) * (nmine > 0 ? nmine : 1));
	t->out_of_network = out_of_network;
}

static unsigned
p271_toward(p271_towards *t, Datum cat, bool cat_null)
{
	p271_ranks	rk = {0};
	unsigned	bits;

	for (int i = 0; i < t->n; i++)
		if (cat_null ? t->catnull[i] : (!t->catnull[i] && text_eq_datum(t->cats[i], cat)))
			return t->toward[i];
	if (!cat_null)
		p271_read_ranks(cat, &rk);
	bits = p271_toward_of(t, &rk, cat_null);
	if (t->n == t->cap)
	{
		t->cap = t->cap == 0 ? 4 : t->cap * 2;
		t->cats = t->cats == NULL ? palloc(sizeof(Datum) * t->cap) : repalloc(t->cats, sizeof(Datum) * t->cap);
		t->catnull = t->catnull == NULL ? palloc(sizeof(bool) * t->cap) : repalloc(t->catnull, sizeof(bool) * t->cap);
		t->toward = t->toward == NULL ? palloc(sizeof(unsigned) * t->cap) : repalloc(t->toward, sizeof(unsigned) * t->cap);
	}
	t->cats[t->n] = cat;
	t->catnull[t->n] = cat_null;
	t->toward[t->n] = bits;
	return t->toward[t->n++];
}

static unsigned
p271_toward_of(p271_towards *t, const p271_ranks *rk, bool cat_null)
{
	cs_b271_choice c;
	cs_p271_max_rows o;

	for (int i = 0; i < t->nmine; i++)
	{
		int			ntypes;
		bool		plan_type;
		int		   *tr = p271_type_ranks(rk, t->mine[i]->v[EB_SERVICE_TYPES], &ntypes, &plan_type);

		t->work[i] = t->rows[i];
		t->work[i].rank = cs_p271_row_rank(!cat_null, tr, ntypes, plan_type);
	}
	cs_b271_choose(t->work, t->nmine, t->out_of_network, &c);
	cs_p271_max_rows_of(&c, &o);
	return cs_p271_max_toward(&t->line, &o);
}

/* qsort_arg order of indexes into a p271_lkey array: by claim line (claim, line), then version */
static int
p271_lkey_cmp(const void *a, const void *b, void *arg)
{
	const p271_lkey *x = &((const p271_lkey *) arg)[*(const int32 *) a];
	const p271_lkey *y = &((const p271_lkey *) arg)[*(const int32 *) b];
	text	   *tx = DatumGetTextPP(x->claim);
	text	   *ty = DatumGetTextPP(y->claim);
	size_t		lx = VARSIZE_ANY_EXHDR(tx),
				ly = VARSIZE_ANY_EXHDR(ty);
	int			c = memcmp(VARDATA_ANY(tx), VARDATA_ANY(ty), Min(lx, ly));

	if (c != 0)
		return c;
	if (lx != ly)
		return lx < ly ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->version != y->version)
		return x->version < y->version ? -1 : 1;
	return 0;
}

static void
p271_ledger_grow(cs_p271_ledger_line **ll, p271_lkey **keysof, int *cap)
{
	*cap = *cap == 0 ? 16 : *cap * 2;
	*ll = *ll == NULL ? palloc(sizeof(**ll) * *cap) : repalloc(*ll, sizeof(**ll) * *cap);
	*keysof = *keysof == NULL ? palloc(sizeof(**keysof) * *cap) : repalloc(*keysof, sizeof(**keysof) * *cap);
}

/*
 * One ledger line read by T_LEDGER_MEMBER (shift 0) or T_LEDGER_FAMILY (LF_SHIFT), typed for the engine;
 * other_member / outside_family: whose line it is (cs_p271_ledger_line)
 */
static void
p271_ledger_add(cs_p271_ledger_line **llp, p271_lkey **keysof, int *nll, int *cap, lk_table t, const Datum *v,
				const bool *n, int sh, Datum category, bool category_null, bool other_member, bool outside_family)
{
	cs_p271_ledger_line *l;
	bool		counts = !n[LM_STATUS + sh] &&
		cs_ledger_status_counts(VARDATA_ANY(DatumGetTextPP(v[LM_STATUS + sh])),
								VARSIZE_ANY_EXHDR(DatumGetTextPP(v[LM_STATUS + sh])));

	if (*nll == *cap)
		p271_ledger_grow(llp, keysof, cap);
	l = &(*llp)[*nll];
	memset(l, 0, sizeof(*l));
	(*keysof)[*nll].claim = lk_keep(v[LM_CLAIM + sh], false);
	(*keysof)[*nll].line = DatumGetInt32(v[LM_LINE + sh]);
	(*keysof)[*nll].version = DatumGetInt32(v[LM_VERSION + sh]);
	(*keysof)[*nll].category_null = n[LM_CATEGORY + sh];
	(*keysof)[*nll].undated = n[LM_DATE + sh];
	(*keysof)[*nll].category = n[LM_CATEGORY + sh] ? (Datum) 0 : lk_keep(v[LM_CATEGORY + sh], false);
	l->other_member = other_member;
	l->outside_family = outside_family;
	l->status_counts = counts;
	l->recorded_at = DatumGetTimestampTz(v[LM_RECORDED + sh]);
	/* a line without a date of service is in no period (@> NULL is not true) */
	l->same_category = !n[LM_DATE + sh] && (category_null ? n[LM_CATEGORY + sh] :
											(!n[LM_CATEGORY + sh] && text_eq_datum(v[LM_CATEGORY + sh], category)));
	l->service_date = n[LM_DATE + sh] ? 0 : DatumGetDateADT(v[LM_DATE + sh]);
	if (counts)
	{
		l->deductible_known = !n[LM_DEDUCTIBLE + sh];
		l->copay_known = !n[LM_COPAY + sh];
		l->coinsurance_known = !n[LM_COINSURANCE + sh];
		l->visits_known = !n[LM_VISITS + sh];
		l->deductible = n[LM_DEDUCTIBLE + sh] ? 0 : stored_cents(t, LM_DEDUCTIBLE + sh, v, n);
		l->copay = n[LM_COPAY + sh] ? 0 : stored_cents(t, LM_COPAY + sh, v, n);
		l->coinsurance = n[LM_COINSURANCE + sh] ? 0 : stored_cents(t, LM_COINSURANCE + sh, v, n);
		l->visits = n[LM_VISITS + sh] ? 0 : DatumGetInt32(v[LM_VISITS + sh]);
		l->plan_paid_known = !n[LM_PLAN_PAID + sh];
		l->plan_paid = n[LM_PLAN_PAID + sh] ? 0 : stored_cents(t, LM_PLAN_PAID + sh, v, n);
		l->allowed_known = !n[LM_ALLOWED + sh];
		l->allowed = n[LM_ALLOWED + sh] ? 0 : stored_cents(t, LM_ALLOWED + sh, v, n);
	}
	(*nll)++;
}

/* by claim line (group), then version, then where it was read (qsort_arg over indexes into p271_lkey) */
static int
p271_group_cmp(const void *a, const void *b, void *arg)
{
	int32		ia = *(const int32 *) a,
				ib = *(const int32 *) b;
	const p271_lkey *x = &((const p271_lkey *) arg)[ia];
	const p271_lkey *y = &((const p271_lkey *) arg)[ib];

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->version != y->version)
		return x->version < y->version ? -1 : 1;
	return ia < ib ? -1 : ia > ib;
}


enum
{
	BL_MEMBER, BL_FAMILY, BL_PLAN, BL_PAYER, BL_CATEGORY, BL_DATE, BL_DEDUCTIBLE, BL_COPAY, BL_COINSURANCE,
	BL_VISITS, BL_ALLOWED, BL_PLAN_PAID, BL_BUCKET, BL_COB_NORMAL, BL_COB_PAID, BL_NCOLS
};

static const struct
{
	const char *name;
	Oid			type;
}			p271_earlier_cols[BL_NCOLS] = {
	{"member_id", TEXTOID}, {"family_id", TEXTOID}, {"plan_id", TEXTOID}, {"payer_id", TEXTOID},
	{"category", TEXTOID}, {"service_date", DATEOID}, {"deductible", NUMERICOID}, {"copay", NUMERICOID},
	{"coinsurance", NUMERICOID}, {"visits", INT4OID}, {"allowed", NUMERICOID}, {"plan_paid", NUMERICOID},
	{"bucket", TEXTOID}, {"cob_normal_benefit", NUMERICOID}, {"cob_paid", NUMERICOID},
};

/* each column's attribute in the element type, checked by name and type once per call site */
static const int *
p271_earlier_atts(lk_cache *c, Oid elemtype, TupleDesc d, MemoryContext mcxt)
{
	if (c->earlier_att != NULL && c->earlier_type == elemtype)
		return c->earlier_att;
	if (c->earlier_att == NULL)
		c->earlier_att = MemoryContextAlloc(mcxt, sizeof(int) * BL_NCOLS);
	c->earlier_type = InvalidOid;
	for (int k = 0; k < BL_NCOLS; k++)
	{
		int			att = -1;

		for (int i = 0; i < d->natts; i++)
			if (!TupleDescAttr(d, i)->attisdropped &&
				strcmp(NameStr(TupleDescAttr(d, i)->attname), p271_earlier_cols[k].name) == 0)
				att = i;
		if (att < 0 || TupleDescAttr(d, att)->atttypid != p271_earlier_cols[k].type)
			ereport(ERROR,
					errcode(ERRCODE_DATATYPE_MISMATCH),
					errmsg("type costshare.batch_271_line does not match this library"),
					errdetail("Column %s is %s.", p271_earlier_cols[k].name, att < 0 ? "missing" : "of another type"),
					errhint("Update the extension: ALTER EXTENSION costshare UPDATE."));
		c->earlier_att[k] = att;
	}
	c->earlier_type = elemtype;
	return c->earlier_att;
}

/* a money column of an earlier line: a finite number of whole cents at least 0, NULL unknown */
static cs_cents
p271_earlier_money(const Datum *v, const bool *vn, int k, bool *known)
{
	*known = !vn[k];
	return vn[k] ? 0 : cs_arg_money(v[k], false, p271_earlier_cols[k].name, false);
}

static void
p271_read_earlier(lk_cache *c, MemoryContext mcxt, ArrayType *a, p271_earlier *out)
{
	Oid			elemtype = ARR_ELEMTYPE(a);
	TupleDesc	d;
	const int  *att;
	Datum	   *e,
			   *all;
	bool	   *en,
			   *alln;
	int			n;
	int16		elmlen;
	bool		elmbyval;
	char		elmalign;

	out->n = 0;
	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				errmsg("earlier must be a one-dimensional array"),
				errhint("Pass the earlier lines of the call as costshare.batch_271_line[]."));
	d = lookup_rowtype_tupdesc(elemtype, -1);
	att = p271_earlier_atts(c, elemtype, d, mcxt);
	get_typlenbyvalalign(elemtype, &elmlen, &elmbyval, &elmalign);
	deconstruct_array(a, elemtype, elmlen, elmbyval, elmalign, &e, &en, &n);
	out->l = palloc0(sizeof(p271_earlier_line) * (n + 1));
	all = palloc(sizeof(Datum) * d->natts);
	alln = palloc(sizeof(bool) * d->natts);
	for (int i = 0; i < n; i++)
	{
		HeapTupleData tup;
		Datum		v[BL_NCOLS];
		bool		vn[BL_NCOLS];
		p271_earlier_line *x = &out->l[out->n];
		cs_p271_ledger_line *l = &x->line;

		if (en[i])
			cs_report_null("earlier", "Each earlier line of the call is a costshare.batch_271_line.");
		tup.t_len = HeapTupleHeaderGetDatumLength(DatumGetHeapTupleHeader(e[i]));
		ItemPointerSetInvalid(&tup.t_self);
		tup.t_tableOid = InvalidOid;
		tup.t_data = DatumGetHeapTupleHeader(e[i]);
		heap_deform_tuple(&tup, d, all, alln);
		for (int k = 0; k < BL_NCOLS; k++)
		{
			v[k] = all[att[k]];
			vn[k] = alln[att[k]];
		}
		if (vn[BL_MEMBER])
			cs_report_null("member_id", "Each earlier line of the call says whose it is.");
		if (vn[BL_DATE])
			cs_report_null("service_date", "Each earlier line of the call has its date of service.");
		if (DATE_NOT_FINITE(DatumGetDateADT(v[BL_DATE])))
			ereport(ERROR,
					errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("an earlier line must have a finite date of service"),
					errhint("Pass each earlier line of the call with its service_date."));
		if (!vn[BL_VISITS] && DatumGetInt32(v[BL_VISITS]) < 0)
			ereport(ERROR,
					errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					errmsg("visits must not be negative"),
					errhint("Pass the visits each earlier line counts (1 for a visit)."));
		x->member = v[BL_MEMBER];
		x->family = v[BL_FAMILY];
		x->family_null = vn[BL_FAMILY];
		x->plan = v[BL_PLAN];
		x->plan_null = vn[BL_PLAN];
		x->payer = v[BL_PAYER];
		x->payer_null = vn[BL_PAYER];
		x->category = v[BL_CATEGORY];
		x->category_null = vn[BL_CATEGORY];
		x->bucket = v[BL_BUCKET];
		x->bucket_null = vn[BL_BUCKET];
		l->status_counts = true;
		l->latest = true;
		l->baseline = false;
		l->service_date = DatumGetDateADT(v[BL_DATE]);
		l->deductible = p271_earlier_money(v, vn, BL_DEDUCTIBLE, &l->deductible_known);
		l->copay = p271_earlier_money(v, vn, BL_COPAY, &l->copay_known);
		l->coinsurance = p271_earlier_money(v, vn, BL_COINSURANCE, &l->coinsurance_known);
		l->visits_known = !vn[BL_VISITS];
		l->visits = vn[BL_VISITS] ? 0 : DatumGetInt32(v[BL_VISITS]);
		l->plan_paid = p271_earlier_money(v, vn, BL_PLAN_PAID, &l->plan_paid_known);
		l->allowed = p271_earlier_money(v, vn, BL_ALLOWED, &l->allowed_known);
		if (vn[BL_COB_NORMAL] != vn[BL_COB_PAID])
			ereport(ERROR,
					errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					errmsg("cob_normal_benefit and cob_paid go together"),
					errdetail("One of them is NULL and the other is not."),
					errhint("Pass both for a later payer's line (its normal benefit and what it paid), or neither."));
		x->cob = !vn[BL_COB_NORMAL];
		x->cob_normal = x->cob ? cs_arg_money(v[BL_COB_NORMAL], false, "cob_normal_benefit", false) : 0;
		x->cob_paid = x->cob ? cs_arg_money(v[BL_COB_PAID], false, "cob_paid", false) : 0;
		out->n++;
	}
	ReleaseTupleDesc(d);
}

static Datum
call_price_271(FunctionCallInfo fcinfo, lk_cache *c, Datum plan_estimate, bool oon_null, Datum oon_arg,
			   const p271_earlier *earlier, bool want_categories)
{
	Datum		ev[ES_NATTS];
	bool		evn[ES_NATTS];
	Datum		xv[X271_NATTS];
	bool		xn[X271_NATTS];
	TupleDesc	xdesc,
				tdesc,
				bdesc;
	Datum		member,
				code;
	DateADT		date;
	bool		no_provider = PG_ARGISNULL(3);
	Datum		provider = no_provider ? (Datum) 0 : PG_GETARG_DATUM(3);
	const char *age_text;
	int64		age;
	lk_scan		s;
	Datum		v[LK_MAX_COLS];
	bool		n[LK_MAX_COLS];
	p271_eb    *ebs = NULL;
	int			nebs = 0,
				capebs = 0;
	bool		have = false;
	int64		taken_as_of = 0,
				taken_loaded = 0;
	Datum		ic = (Datum) 0,
				sender = (Datum) 0,
				payer = (Datum) 0,
				plan = (Datum) 0,
				level = (Datum) 0,
				family = (Datum) 0,
				category;
	bool		payer_null = true,
				plan_null = true,
				level_null = true,
				family_null = true,
				category_null;
	DateADT		as_of = 0;
	int64		loaded = 0;
	bool		prefer = false;
	cs_b271_source source;
	bool		out_of_network;
	HeapTupleData tup;

	if (c->cs == NULL)
	{
		c->cs = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(cs_fn_cache));
		c->cs->mcxt = fcinfo->flinfo->fn_mcxt;
	}
	/*
	 * the rights the 271 path reads with: the caller's, first; then the reads the PL/pgSQL function made as
	 * its owner (see above)
	 */
	lk_call_begin();
	lk_check_271_path();
	/* the tables the PL/pgSQL read as its owner: no privilege check, but row-level security is refused
	 * as everywhere else (the index probes would bypass its policies), each when first read */
	lk_cur->rls_only = true;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				errmsg("member, service_date, service_code must not be null"));
	member = PG_GETARG_DATUM(0);
	date = PG_GETARG_DATEADT(1);
	code = PG_GETARG_DATUM(2);
	age_text = GetConfigOption("costshare.stale_271_days", true, false);
	if (!cs_p271_stale_setting(age_text, &age))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("costshare.stale_271_days must be a whole number of days"),
				errdetail("The setting is not an integer between -999999 and 999999."),
				errhint("SET costshare.stale_271_days = 30 (a negative number: a 271 is never stale)."));

	/* the result's types, checked by field count and the estimate's own type, once per function call site */
	if (c->x271 == NULL)
	{
		MemoryContext old;
		TupleDesc	xd,
					td,
					bd;

		if (!OidIsValid(lk.estimate_271_type))
			ereport(ERROR,
					errcode(ERRCODE_UNDEFINED_OBJECT),
					errmsg("type costshare.estimate_271_result is missing"),
					errhint("Update the extension: ALTER EXTENSION costshare UPDATE."));
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		xd = lookup_rowtype_tupdesc_copy(lk.estimate_271_type, -1);
		MemoryContextSwitchTo(old);
		if (xd->natts != X271_NATTS || TupleDescAttr(xd, X271_ESTIMATE)->atttypid != c->result->tdtypeid)
			ereport(ERROR,
					errcode(ERRCODE_DATATYPE_MISMATCH),
					errmsg("type costshare.estimate_271_result does not match this library"),
					errdetail("Expected %d fields, the first an estimate_result; found %d.", X271_NATTS, xd->natts),
					errhint("Update the extension: ALTER EXTENSION costshare UPDATE."));
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		td = lookup_rowtype_tupdesc_copy(TupleDescAttr(xd, X271_TERMS)->atttypid, -1);
		bd = lookup_rowtype_tupdesc_copy(TupleDescAttr(xd, X271_LINE)->atttypid, -1);
		MemoryContextSwitchTo(old);
		if (td->natts != CS_B271_TERMS_NATTS || bd->natts != CS_BREAKDOWN_NATTS ||
			TupleDescAttr(xd, X271_PRICED_TERMS)->atttypid != lk.terms_desc->tdtypeid)
			ereport(ERROR,
					errcode(ERRCODE_DATATYPE_MISMATCH),
					errmsg("the types of costshare.estimate_271_result do not match this library"),
					errdetail("benefit_271_terms has %d fields (expected %d), breakdown %d (expected %d); priced_terms is a costshare.terms: %s.",
							  td->natts, CS_B271_TERMS_NATTS, bd->natts, CS_BREAKDOWN_NATTS,
							  TupleDescAttr(xd, X271_PRICED_TERMS)->atttypid == lk.terms_desc->tdtypeid ? "yes" : "no"),
					errhint("Update the extension: ALTER EXTENSION costshare UPDATE."));
		c->x271_terms = td;
		c->x271_line = bd;
		c->x271 = xd;
	}
	xdesc = c->x271;
	tdesc = c->x271_terms;
	bdesc = c->x271_line;

	/* the plan design's estimate */
	tup.t_len = HeapTupleHeaderGetDatumLength(DatumGetHeapTupleHeader(plan_estimate));
	ItemPointerSetInvalid(&tup.t_self);
	tup.t_tableOid = InvalidOid;
	tup.t_data = DatumGetHeapTupleHeader(plan_estimate);
	heap_deform_tuple(&tup, c->result, ev, evn);
	category = ev[ES_CATEGORY];
	category_null = evn[ES_CATEGORY];
	for (int i = 0; i < X271_NATTS; i++)
		xn[i] = true;

	/* the member's rows, and the latest 271 among them (the engine's order: as-of date, then load) */
	lk_begin(&s, T_ELIG_BENEFIT, 1, &member);
	while (lk_next(&s, v, n))
	{
		lk_scan		ls;
		Datum		lv[LK_MAX_COLS];
		bool		ln[LK_MAX_COLS];
		Datum		keys[3];
		bool		loaded_found = false;
		int64		loaded_at = 0;

		if (nebs == capebs)
		{
			capebs = capebs == 0 ? 32 : capebs * 2;
			ebs = ebs == NULL ? palloc(sizeof(p271_eb) * capebs) : repalloc(ebs, sizeof(p271_eb) * capebs);
		}
		for (int col = 0; col < EB_NCOLS; col++)
		{
			ebs[nebs].n[col] = n[col];
			ebs[nebs].v[col] = lk_keep_col(T_ELIG_BENEFIT, col, v[col], n[col]);
		}
		/* its interchange's load (a row of an interchange never loaded is not a 271 of the member) */
		if (nebs > 0 && have && text_eq_datum(v[EB_PAYER], sender) && text_eq_datum(v[EB_IC], ic) &&
			DatumGetDateADT(v[EB_AS_OF]) == as_of)
		{
			nebs++;
			continue;
		}
		keys[0] = text_datum("271");
		keys[1] = v[EB_PAYER];
		keys[2] = v[EB_IC];
		lk_begin(&ls, T_X12_LOAD, 3, keys);
		if (lk_next(&ls, lv, ln))
		{
			loaded_found = true;
			loaded_at = DatumGetTimestampTz(lv[3]);
		}
		lk_end(&ls);
		if (loaded_found && cs_p271_later(DatumGetDateADT(v[EB_AS_OF]), loaded_at, have, taken_as_of, taken_loaded))
		{
			have = true;
			taken_as_of = DatumGetDateADT(v[EB_AS_OF]);
			taken_loaded = loaded_at;
			ic = ebs[nebs].v[EB_IC];
			sender = ebs[nebs].v[EB_PAYER];
			as_of = DatumGetDateADT(v[EB_AS_OF]);
			loaded = loaded_at;
		}
		nebs++;
	}
	lk_end(&s);

	if (have)
	{
		payer = p271_payer(sender, &payer_null);
		/* the member's enrollment with the 271's payer on the date: COB order, then plan id */
		if (!payer_null)
		{
			int32		best_order = 0;
			bool		best_order_null = true;

			lk_begin(&s, T_ENROLLMENT, 1, &member);
			while (lk_next(&s, v, n))
			{
				lk_scan		ps;
				Datum		pv[LK_MAX_COLS];
				bool		pn[LK_MAX_COLS];
				bool		same_payer = false;
				bool		better;

				if (n[5] || !range_has_date(v[5], date) || n[4])
					continue;
				lk_begin(&ps, T_PLAN, 1, &v[4]);
				while (lk_next(&ps, pv, pn))
					if (!pn[1] && text_eq_datum(pv[1], payer))
						same_payer = true;
				lk_end(&ps);
				if (!same_payer)
					continue;
				if (plan_null)
					better = true;
				else if (n[9] != best_order_null)
					better = !n[9];
				else if (!n[9] && DatumGetInt32(v[9]) != best_order)
					better = DatumGetInt32(v[9]) < best_order;
				else
					better = p271_text_cmp(T_ENROLLMENT, 4, v[4], plan) < 0;
				if (better)
				{
					plan = lk_keep(v[4], false);
					plan_null = false;
					best_order_null = n[9];
					best_order = n[9] ? 0 : DatumGetInt32(v[9]);
					level_null = n[8];
					level = lk_keep(v[8], n[8]);
					family_null = n[3];
					family = lk_keep(v[3], n[3]);
				}
			}
			lk_end(&s);
		}
		/* the source policy of the plan design that covers the line, else of the 271's payer and plan */
		{
			bool		plan_source = !evn[ES_BENEFIT_SOURCE] && text_eq(ev[ES_BENEFIT_SOURCE], "plan", 4);
			Datum		pp = plan_source && !evn[ES_PAYER] ? ev[ES_PAYER] : payer_null ? (Datum) 0 : payer;
			Datum		pl = plan_source && !evn[ES_PLAN] ? ev[ES_PLAN] : plan_null ? (Datum) 0 : plan;

			prefer = pp != (Datum) 0 && lk_prefers_271(pp, pl);
		}
	}
	source = cs_b271_source_of(!evn[ES_BENEFIT_SOURCE] && text_eq(ev[ES_BENEFIT_SOURCE], "plan", 4), have, prefer);
	if (source != CS_B271_SRC_271)
	{
		lk_call_end();
		xv[X271_ESTIMATE] = plan_estimate;
		xn[X271_ESTIMATE] = false;
		xn[X271_BENEFIT_SOURCE] = source == CS_B271_SRC_NONE;
		xv[X271_BENEFIT_SOURCE] = source == CS_B271_SRC_PLAN ? text_datum("plan") : (Datum) 0;
		return HeapTupleGetDatum(heap_form_tuple(xdesc, xv, xn));
	}

	/* the network of the line: the caller's, else from the provider's participation in the plan */
	{
		bool		participates = false;

		if (oon_null && !no_provider && !plan_null)
		{
			Datum		keys[2] = {provider, plan};

			lk_begin(&s, T_PARTICIPATION, 2, keys);
			while (!participates && lk_next(&s, v, n))
				participates = !n[2] && range_has_date(v[2], date);
			lk_end(&s);
		}
		out_of_network = cs_p271_out_of_network(!oon_null, oon_null ? false : DatumGetBool(oon_arg), !no_provider,
												participates);
	}
	xv[X271_BENEFIT_SOURCE] = text_datum("271");
	/* the family of the enrollment priced with (estimate_many runs a family maximum down over it) */
	xv[X271_FAMILY] = family;
	xn[X271_FAMILY] = family_null;
	xv[X271_INTERCHANGE] = ic;
	xv[X271_AS_OF] = DateADTGetDatum(as_of);
	xv[X271_STALE] = BoolGetDatum(cs_b271_stale(as_of, date, age));
	xn[X271_BENEFIT_SOURCE] = xn[X271_INTERCHANGE] = xn[X271_AS_OF] = xn[X271_STALE] = false;

	{
		p271_ranks ranks = {0, NULL, NULL};
		p271_eb   **mine;
		int			nmine = 0;
		cs_b271_row *rows;
		cs_b271_cov *cov;
		int			ncov = 0;
		cs_b271_coverage coverage;
		int			period_eb = -1;
		Datum		period;
		bool		period_lo_inf;
		cs_date		period_lo,
					period_hi;
		bool		period_hi_inf;
		cs_p271_ledger_line *ll = NULL;
		int			nll = 0;
		cs_p271_posted posted = {0};
		cs_cents	max_period_left = CS_ABSENT,
					max_lifetime_left = CS_ABSENT,
					fam_period_left = CS_ABSENT,
					fam_lifetime_left = CS_ABSENT,
					max_excess = 0;
		cs_error	err;
		Datum		tv[CS_B271_TERMS_NATTS];
		bool		tvn[CS_B271_TERMS_NATTS];
		cs_b271_terms t271;
		Datum		av[CS_ACCUM_NATTS];
		bool		avn[CS_ACCUM_NATTS];
		Datum		acc,
					terms;
		Datum		allowed = ev[ES_ALLOWED],
					allowed_source = ev[ES_ALLOWED_SOURCE];
		bool		allowed_null = evn[ES_ALLOWED],
					allowed_source_null = evn[ES_ALLOWED_SOURCE];
		bool		fee_known = false,
					remit_asked = false,
					remit_known = false;
		int32		remit_lines = 0;
		cs_p271_allowed_src asrc;
		int64		lines_out;
		Datum		rem[3];
		bool		remn[3];
		bool		auth_on_file = false;
		cs_p271_decision d;
		Datum		b[CS_BREAKDOWN_NATTS];
		bool		bn[CS_BREAKDOWN_NATTS];

		if (!category_null)
			p271_read_ranks(category, &ranks);

		/* the 271's rows, in segment order */
		mine = palloc(sizeof(p271_eb *) * (nebs > 0 ? nebs : 1));
		if (nebs > 1)
			qsort(ebs, nebs, sizeof(p271_eb), p271_eb_cmp);
		for (int i = 0; i < nebs; i++)
			if (text_eq_datum(ebs[i].v[EB_PAYER], sender) && text_eq_datum(ebs[i].v[EB_IC], ic))
				mine[nmine++] = &ebs[i];
		rows = palloc0(sizeof(cs_b271_row) * (nmine > 0 ? nmine : 1));
		cov = palloc0(sizeof(cs_b271_cov) * (nmine > 0 ? nmine : 1));
		for (int i = 0; i < nmine; i++)
		{
			p271_eb    *e = mine[i];
			Datum		rv[B271S_NCOLS];
			bool		rn[B271S_NCOLS];
			int			ntypes;
			bool		plan_type;
			int		   *tr = p271_type_ranks(&ranks, e->v[EB_SERVICE_TYPES], &ntypes, &plan_type);
			int			rank = cs_p271_row_rank(!category_null, tr, ntypes, plan_type);
			bool		active = !e->n[EB_BENEFIT] && text_eq(e->v[EB_BENEFIT], "active", 6);

			/* the row, converted as load_271's check converts it (cs_b271_stored_row_of) */
			{
				static const int cols[B271S_NCOLS] = {
					[B271S_BENEFIT] = EB_BENEFIT, [B271S_NETWORK] = EB_NETWORK, [B271S_LEVEL] = EB_LEVEL,
					[B271S_FIGURE] = EB_FIGURE, [B271S_AMOUNT] = EB_AMOUNT, [B271S_PERCENT] = EB_PERCENT,
					[B271S_QUANTITY_QUALIFIER] = EB_QUANTITY_QUALIFIER, [B271S_QUANTITY] = EB_QUANTITY,
					[B271S_AUTH] = EB_AUTH, [B271S_SEGMENT] = EB_SEGMENT, [B271S_TIME_PERIOD] = EB_TIME_PERIOD,
				};

				for (int k = 0; k < B271S_NCOLS; k++)
				{
					rv[k] = e->v[cols[k]];
					rn[k] = e->n[cols[k]];
				}
				cs_b271_stored_row_of(rv, rn, rank, &rows[i]);
			}

			/* the coverage rows, each with its eligibility period, else its plan period */
			if (active || (!e->n[EB_BENEFIT] && text_eq(e->v[EB_BENEFIT], "inactive", 8)))
			{
				int			pc = !e->n[EB_ELIG_PERIOD] ? EB_ELIG_PERIOD : EB_PLAN_PERIOD;

				cov[ncov].active = active;
				if (!e->n[pc])
				{
					RangeBound	lo,
								hi;
					bool		empty;

					range_deserialize(lk.daterange, DatumGetRangeTypeP(e->v[pc]), &lo, &hi, &empty);
					cov[ncov].has_period = true;
					if (empty)
					{
						cov[ncov].lo = 1;
						cov[ncov].hi = 0;
					}
					else
					{
						cov[ncov].lo = lo.infinite ? INT64_MIN : (int64) DatumGetDateADT(lo.val);
						cov[ncov].hi = hi.infinite ? CS_B271_OPEN : (int64) DatumGetDateADT(hi.val);
					}
				}
				ncov++;
			}
			/* the period: the plan period of the first active row that covers the date */
			if (active && period_eb < 0 && !e->n[EB_PLAN_PERIOD] && range_has_date(e->v[EB_PLAN_PERIOD], date))
				period_eb = i;
		}
		cs_b271_coverage_date(date);
		coverage = cs_b271_coverage_on(cov, ncov, date);

		{
			RangeBound	lo = {0},
						hi = {0};
			bool		empty = true;

			if (period_eb >= 0)
				range_deserialize(lk.daterange, DatumGetRangeTypeP(mine[period_eb]->v[EB_PLAN_PERIOD]), &lo, &hi,
								  &empty);
			if (cs_p271_period_stated(period_eb >= 0, period_eb < 0 || hi.infinite))
				period = mine[period_eb]->v[EB_PLAN_PERIOD];
			else
			{
				LOCAL_FCINFO(pf, 2);

				/* costshare.benefit_period(date, lower(plan period)) */
				InitFunctionCallInfoData(*pf, NULL, 2, InvalidOid, NULL, NULL);
				pf->args[0].value = DateADTGetDatum(date);
				pf->args[0].isnull = false;
				pf->args[1].isnull = period_eb < 0 || lo.infinite;
				pf->args[1].value = pf->args[1].isnull ? (Datum) 0 : lo.val;
				period = costshare_benefit_period(pf);
			}
			range_deserialize(lk.daterange, DatumGetRangeTypeP(period), &lo, &hi, &empty);
			period_lo_inf = lo.infinite;
			period_lo = lo.infinite ? 0 : DatumGetDateADT(lo.val);
			period_hi_inf = hi.infinite;
			period_hi = hi.infinite ? 0 : DatumGetDateADT(hi.val);
			if (empty)
			{
				period_lo_inf = period_hi_inf = false;
				period_lo = 1;
				period_hi = 0;
			}
		}

		/*
		 * the ledger lines with the 271's payer: the member's, and when the 271 states a family maximum the
		 * family's on the 271's plan (every member's); then every version of each claim line read (a later
		 * one may have moved to another member): the engine marks the latest version and the one the 271
		 * reflects, and sums each line toward the member's figures, the family's maximum, or neither
		 */
		if (!payer_null)
		{
			Datum		keys[3] = {member, payer};
			bool		family_read = !family_null && !plan_null &&
				cs_p271_family_max_stated(rows, nmine, out_of_network);
			p271_lkey  *keysof = NULL;
			int			capk = 0;

			lk_begin(&s, T_LEDGER_MEMBER, 2, keys);
			while (lk_next(&s, v, n))
			{
				/*
				 * the member's own version; in the family when its family and plan are the 271's, or when
				 * the member has no family on file (cs_p271_own_outside_family)
				 */
				bool		in_family = !family_null && !plan_null && !n[LM_FAMILY] && !n[LM_PLAN] &&
					text_eq_datum(v[LM_FAMILY], family) && text_eq_datum(v[LM_PLAN], plan);

				p271_ledger_add(&ll, &keysof, &nll, &capk, T_LEDGER_MEMBER, v, n, 0, category, category_null,
								false, cs_p271_own_outside_family(!family_null && !plan_null, in_family));
			}
			lk_end(&s);
			if (family_read)
			{
				keys[0] = family;
				keys[1] = plan;
				lk_begin(&s, T_LEDGER_FAMILY, 2, keys);
				while (lk_next(&s, v, n))
				{
					/* the 271's payer's lines; the member's own were read above */
					if (n[LM_PAYER + LF_SHIFT] || !text_eq_datum(v[LM_PAYER + LF_SHIFT], payer))
						continue;
					if (!n[LM_MEMBER + LF_SHIFT] && text_eq_datum(v[LM_MEMBER + LF_SHIFT], member))
						continue;
					p271_ledger_add(&ll, &keysof, &nll, &capk, T_LEDGER_FAMILY, v, n, LF_SHIFT, category,
									category_null, true, false);
				}
				lk_end(&s);
			}
			/*
			 * the maximums each version read counts toward (a version without a date of service counts
			 * toward none, as it is in no period)
			 */
			if (nll > 0)
			{
				p271_towards tw;

				p271_towards_init(&tw, rows, mine, nmine, out_of_network);
				for (int i = 0; i < nll; i++)
					if (ll[i].same_category)
						ll[i].max_toward = cs_p271_max_toward(&tw.line, &tw.line);
					else if (!keysof[i].undated)
						ll[i].max_toward = p271_toward(&tw, keysof[i].category, keysof[i].category_null);
			}
			/*
			 * the versions of each claim line read that neither read saw: they supersede, count nothing.
			 * Only those after the lowest version read can change what the read ones count (a version
			 * is the latest, or the one the 271 reflects, by the versions above it: cs_p271_mark_versions),
			 * so only those are read: a line read at its only version costs one index descent
			 */
			if (nll > 0)
			{
				int			nread = nll,
							ngroups = 0;
				int32	   *order = palloc(sizeof(int32) * nread);
				int32	   *group;
				int32	   *version;

				/* the versions read, by claim line and version: each line's versions together, lowest first */
				for (int i = 0; i < nread; i++)
					order[i] = i;
				qsort_arg(order, nread, sizeof(int32), p271_lkey_cmp, keysof);
				for (int k = 0, kend; k < nread; k = kend)
				{
					int			i = order[k];
					int32		lowest = keysof[i].version;

					for (kend = k; kend < nread && keysof[order[kend]].line == keysof[i].line &&
						 text_eq_datum(keysof[order[kend]].claim, keysof[i].claim); kend++)
						keysof[order[kend]].group = ngroups;

					/*
					 * in a batch under one snapshot every version of the line is kept (the member-data
					 * cache: the family's other members read the same lines); else only those after it
					 */
					if (lk_member_cache_usable())
					{
						keys[0] = payer;
						keys[1] = keysof[i].claim;
						keys[2] = Int32GetDatum(keysof[i].line);
						lk_begin(&s, T_LINE_VERSIONS, 3, keys);
					}
					else
						lk_versions_after(&s, payer, keysof[i].claim, keysof[i].line, lowest);
					while (s.ce != NULL ? lk_next(&s, v, n) : lk_next_probe(&s, v, n))
					{
						int32		ver = DatumGetInt32(v[LV_VERSION]);
						bool		seen = false;

						if (ver <= lowest)
							continue;
						for (int m = k; m < kend && !seen; m++)
							seen = keysof[order[m]].version == ver;
						if (seen)
							continue;
						if (nll == capk)
							p271_ledger_grow(&ll, &keysof, &capk);
						memset(&ll[nll], 0, sizeof(ll[nll]));
						ll[nll].recorded_at = DatumGetTimestampTz(v[LV_RECORDED]);
						ll[nll].other_member = ll[nll].outside_family = true;
						keysof[nll].claim = keysof[i].claim;
						keysof[nll].line = keysof[i].line;
						keysof[nll].version = ver;
						keysof[nll].group = ngroups;
						nll++;
					}
					if (s.sd != lk_cur->versions)
						lk_end(&s);		/* the cache's rows, or a probe of its own (a miss it could not enter) */
					ngroups++;
				}

				/*
				 * by claim line (groups are numbered in the claim lines' sorted order), then version: each
				 * claim line's versions one run, in ascending order, so the engine marks them in a pass (a
				 * member's thousands of lines compared pairwise took seconds)
				 */
				{
					int32	   *byg = palloc(sizeof(int32) * nll);
					cs_p271_ledger_line *sorted = palloc(sizeof(*sorted) * nll);

					for (int i = 0; i < nll; i++)
						byg[i] = i;
					qsort_arg(byg, nll, sizeof(int32), p271_group_cmp, keysof);
					group = palloc(sizeof(int32) * nll);
					version = palloc(sizeof(int32) * nll);
					for (int k = 0; k < nll; k++)
					{
						sorted[k] = ll[byg[k]];
						group[k] = keysof[byg[k]].group;
						version[k] = keysof[byg[k]].version;
					}
					ll = sorted;
				}
				cs_p271_mark_versions(ll, nll, group, version, loaded);
			}
		}
		/*
		 * the earlier lines of an estimate_many call (estimate_271_after), as ledger lines recorded after
		 * every load, each its own claim line and latest version, filtered as the reads above filter: the
		 * member's own with the 271's payer; another member's of the 271's family and plan with that payer
		 * when the family is read (a family maximum stated). Each counts toward the maximums as a ledger
		 * line of its category does (p271_toward).
		 */
		if (earlier != NULL && earlier->n > 0 && !payer_null)
		{
			bool		family_read = !family_null && !plan_null &&
				cs_p271_family_max_stated(rows, nmine, out_of_network);
			cs_p271_ledger_line *all = palloc(sizeof(cs_p271_ledger_line) * (nll + earlier->n));
			p271_towards tw;

			if (nll > 0)
				memcpy(all, ll, sizeof(cs_p271_ledger_line) * nll);
			p271_towards_init(&tw, rows, mine, nmine, out_of_network);
			for (int i = 0; i < earlier->n; i++)
			{
				const p271_earlier_line *x = &earlier->l[i];
				cs_p271_ledger_line *l = &all[nll];
				bool		own = text_eq_datum(x->member, member);
				bool		same_payer = !x->payer_null && text_eq_datum(x->payer, payer);
				bool		of_family = !family_null && !plan_null && !x->family_null && !x->plan_null &&
					text_eq_datum(x->family, family) && text_eq_datum(x->plan, plan);

				if (!same_payer || (!own && !(family_read && of_family)))
					continue;
				*l = x->line;
				l->recorded_at = PG_INT64_MAX;	/* after every load */
				l->other_member = !own;
				l->outside_family = own ? cs_p271_own_outside_family(!family_null && !plan_null, of_family) : false;
				l->same_category = category_null ? x->category_null :
					(!x->category_null && text_eq_datum(x->category, category));
				l->max_toward = l->same_category ? cs_p271_max_toward(&tw.line, &tw.line) :
					p271_toward(&tw, x->category_null ? (Datum) 0 : x->category, x->category_null);
				nll++;
			}
			ll = all;
		}
		if (cs_p271_posted_since(ll, nll, loaded, period_lo_inf, period_lo, period_hi_inf, period_hi, date,
								 &posted, &err) != CS_OK)
			cs_report(&err);
		/* what is left of the plan-paid maximums the 271 states, the member's and the family's, before the line */
		if (cs_p271_plan_max(rows, nmine, out_of_network, &posted, &max_period_left, &max_lifetime_left, &err) != CS_OK ||
			cs_p271_plan_max_family(rows, nmine, out_of_network, &posted, &fam_period_left, &fam_lifetime_left,
									&err) != CS_OK)
			cs_report(&err);
		if (max_period_left != CS_ABSENT)
		{
			xv[X271_PLAN_MAX_PERIOD] = cs_cents_to_numeric(max_period_left);
			xn[X271_PLAN_MAX_PERIOD] = false;
		}
		if (max_lifetime_left != CS_ABSENT)
		{
			xv[X271_PLAN_MAX_LIFETIME] = cs_cents_to_numeric(max_lifetime_left);
			xn[X271_PLAN_MAX_LIFETIME] = false;
		}
		if (fam_period_left != CS_ABSENT)
		{
			xv[X271_FAM_PLAN_MAX_PERIOD] = cs_cents_to_numeric(fam_period_left);
			xn[X271_FAM_PLAN_MAX_PERIOD] = false;
		}
		if (fam_lifetime_left != CS_ABSENT)
		{
			xv[X271_FAM_PLAN_MAX_LIFETIME] = cs_cents_to_numeric(fam_lifetime_left);
			xn[X271_FAM_PLAN_MAX_LIFETIME] = false;
		}
		/*
		 * with a maximum stated: which categories' lines count toward which of the line's maximums, as the
		 * ledger's are counted (p271_toward_of: the 271's choice for each category of service_type_category
		 * and for a line of none, at the line's network, against the line's own), for a caller to run the
		 * maximums down over a set of lines (plan_max_categories, plan_max_toward; plan_maximum_joint).
		 * Only where the result shows them (estimate_271, estimate_271_after), not for estimate or
		 * eligibility, which read other columns. A
		 * category service_type_category does not list ranks none of the 271's rows (cs_p271_row_rank):
		 * its lines take no maximum and count toward none, as cs_max_toward_of counts an unlisted one
		 */
		if (want_categories &&
			(max_period_left != CS_ABSENT || max_lifetime_left != CS_ABSENT ||
			 fam_period_left != CS_ABSENT || fam_lifetime_left != CS_ABSENT))
		{
			p271_towards tw;
			lk_scan		cs;
			Datum		cv[LK_MAX_COLS];
			bool		cvn[LK_MAX_COLS];
			int			nrow = 0,
						caprow = 16,
						ncat = 0;
			Datum	   *rowcat = palloc(sizeof(Datum) * caprow);
			char	  **rowtype = palloc(sizeof(char *) * caprow);
			int		   *rowrank = palloc(sizeof(int) * caprow);
			Datum	   *oc,
					   *ob;
			bool	   *ocn;
			int			dims[1],
						lbs[1] = {1};

			p271_towards_init(&tw, rows, mine, nmine, out_of_network);
			/* every row of service_type_category, in the index's order (each category's rows together) */
			lk_begin_probe(&cs, T_STC, 0, NULL);
			while (lk_next(&cs, cv, cvn))
			{
				if (cvn[0] || cvn[1] || cvn[2])
					continue;
				if (nrow == caprow)
				{
					caprow *= 2;
					rowcat = repalloc(rowcat, sizeof(Datum) * caprow);
					rowtype = repalloc(rowtype, sizeof(char *) * caprow);
					rowrank = repalloc(rowrank, sizeof(int) * caprow);
				}
				rowcat[nrow] = lk_keep(cv[0], false);
				rowtype[nrow] = TextDatumGetCString(cv[1]);
				rowrank[nrow] = DatumGetInt32(cv[2]);
				nrow++;
			}
			lk_end(&cs);
			oc = palloc(sizeof(Datum) * (nrow + 1));
			ocn = palloc(sizeof(bool) * (nrow + 1));
			ob = palloc(sizeof(Datum) * (nrow + 1));
			/* each category with the ranks of its service types (as p271_read_ranks reads them) */
			for (int i = 0; i < nrow;)
			{
				int			j = i + 1;
				p271_ranks	rk;

				while (j < nrow && text_eq_datum(rowcat[j], rowcat[i]))
					j++;
				rk.n = j - i;
				rk.types = &rowtype[i];
				rk.ranks = &rowrank[i];
				oc[ncat] = rowcat[i];
				ocn[ncat] = false;
				ob[ncat] = Int32GetDatum((int32) p271_toward_of(&tw, &rk, false));
				ncat++;
				i = j;
			}
			/* last: the lines whose code has no category */
			{
				p271_ranks	none = {0};

				oc[ncat] = (Datum) 0;
				ocn[ncat] = true;
				ob[ncat] = Int32GetDatum((int32) p271_toward_of(&tw, &none, true));
				ncat++;
			}
			dims[0] = ncat;
			xv[X271_PLAN_MAX_CATEGORIES] = PointerGetDatum(construct_md_array(oc, ocn, 1, dims, lbs, TEXTOID, -1,
																				 false, TYPALIGN_INT));
			xn[X271_PLAN_MAX_CATEGORIES] = false;
			xv[X271_PLAN_MAX_TOWARD] = PointerGetDatum(construct_md_array(ob, NULL, 1, dims, lbs, INT4OID, 4, true,
																			 TYPALIGN_INT));
			xn[X271_PLAN_MAX_TOWARD] = false;
		}

		/* the terms the engine chooses from the rows */
		cs_b271_terms_values(rows, nmine, out_of_network, posted.deductible, posted.out_of_pocket, tv, tvn, &t271);
		xv[X271_TERMS] = HeapTupleGetDatum(heap_form_tuple(tdesc, tv, tvn));
		xn[X271_TERMS] = false;
		xv[X271_UNKNOWN] = tv[14];
		xn[X271_UNKNOWN] = false;
		xv[X271_AUTH_REQUIRED] = tv[12];
		xn[X271_AUTH_REQUIRED] = tvn[12];
		xv[X271_CARVE_OUT] = tv[13];
		xn[X271_CARVE_OUT] = false;

		/* the carve-out's administrator */
		if (DatumGetBool(tv[13]))
		{
			for (int i = 0; i < nmine && xn[X271_CARVE_OUT_ADMIN]; i++)
			{
				p271_eb    *e = mine[i];
				Datum	   *pe;
				bool	   *pen;
				int			np = 0,
							ntypes;
				bool		plan_type,
							listed = false;
				int		   *tr;

				if (e->n[EB_BENEFIT] || !text_eq(e->v[EB_BENEFIT], "contact_other_entity", 20))
					continue;
				tr = p271_type_ranks(&ranks, e->v[EB_SERVICE_TYPES], &ntypes, &plan_type);
				for (int k = 0; k < ntypes; k++)
					listed |= tr[k] >= 0;
				if (!e->n[EB_RELATED])
				{
					ArrayType  *pa = DatumGetArrayTypeP(e->v[EB_RELATED]);
					int16		typlen;
					bool		typbyval;
					char		typalign;

					get_typlenbyvalalign(ARR_ELEMTYPE(pa), &typlen, &typbyval, &typalign);
					deconstruct_array(pa, ARR_ELEMTYPE(pa), typlen, typbyval, typalign, &pe, &pen, &np);
				}
				if (cs_p271_carve_out_row(true, !category_null, listed, (size_t) np))
				{
					/* its first party (a NULL element is a party with every field NULL) */
					const char *f[3] = {NULL, NULL, NULL};
					static const char *const names[3] = {"last_name", "first_name", "id"};
					char		buf[1024];
					int			len;

					for (int k = 0; k < 3 && !pen[0]; k++)
					{
						bool		isn;
						Datum		x = GetAttributeByName(DatumGetHeapTupleHeader(pe[0]), names[k], &isn);

						f[k] = isn ? NULL : TextDatumGetCString(x);
					}
					len = cs_p271_party_text(f[0], f[1], f[2], buf, sizeof buf);
					if (len < 0)
					{
						StringInfoData si;

						/* longer than the buffer: the same text, built in a StringInfo */
						initStringInfo(&si);
						enlargeStringInfo(&si, (f[0] ? strlen(f[0]) : 0) + (f[1] ? strlen(f[1]) : 0) +
										  (f[2] ? strlen(f[2]) : 0) + 8);
						len = cs_p271_party_text(f[0], f[1], f[2], si.data, si.maxlen);
						xv[X271_CARVE_OUT_ADMIN] = PointerGetDatum(cstring_to_text_with_len(si.data, len));
					}
					else
						xv[X271_CARVE_OUT_ADMIN] = PointerGetDatum(cstring_to_text_with_len(buf, len));
					xn[X271_CARVE_OUT_ADMIN] = false;
				}
			}
		}
		xv[X271_VISIT_LIMIT] = tv[11];
		xn[X271_VISIT_LIMIT] = tvn[11];

		/*
		 * the allowed amount: the estimate's, else a fee row of the payer, else the remittance history
		 * (asked for one, the source is the one found, or none)
		 */
		if (cs_p271_allowed_asks_fee(!allowed_null))
			allowed_source_null = true;
		if (cs_p271_allowed_asks_fee(!allowed_null) && !payer_null)
		{
			Datum		keys[2] = {payer, code};
			Datum		fv[LK_MAX_COLS];
			bool		fn[LK_MAX_COLS];
			bool		have_fee = false;

			lk_begin(&s, T_FEE, 2, keys);
			while (lk_next(&s, v, n))
			{
				cs_p271_fee_row a,
							bb = {false, false, false};
				int			modifier_cmp = 0;

				if (n[8] || n[7] || !range_has_date(v[7], date))
					continue;
				if (!n[2] && (plan_null || !text_eq_datum(v[2], plan)))
					continue;
				a.plan_stated = !n[2];
				a.credential_stated = !n[5];
				a.state_stated = !n[6];
				if (have_fee)
				{
					bb.plan_stated = !fn[2];
					bb.credential_stated = !fn[5];
					bb.state_stated = !fn[6];
				}
				/* modifier DESC: NULLs first, as ORDER BY puts them */
				if (have_fee)
					modifier_cmp = n[3] && fn[3] ? 0 : n[3] ? 1 : fn[3] ? -1 : p271_text_cmp(T_FEE, 3, v[3], fv[3]);
				if (!have_fee || cs_p271_fee_before(&a, &bb, modifier_cmp))
				{
					for (int k = 0; k < lk.rel[T_FEE].ncols; k++)
					{
						fn[k] = n[k];
						fv[k] = lk_keep_col(T_FEE, k, v[k], n[k]);
					}
					have_fee = true;
				}
			}
			lk_end(&s);
			if (have_fee)
			{
				fee_known = true;
				allowed = fv[8];
				allowed_null = false;
			}
		}
		if (cs_p271_allowed_asks_remit(!evn[ES_ALLOWED], fee_known, !payer_null))
		{
			remit_asked = true;
			remit_date(date);
			remit_lines = lk_remittance(payer, code, no_provider, provider, date, &allowed, &allowed_null);
			remit_known = !allowed_null;
		}
		asrc = cs_p271_allowed_source(!evn[ES_ALLOWED], fee_known, !payer_null, remit_known);
		if (cs_p271_allowed_word(asrc) != NULL)
		{
			allowed_source = text_datum(cs_p271_allowed_word(asrc));
			allowed_source_null = false;
		}

		/* the accumulators and terms the line is adjudicated with, as costshare.accum / costshare.terms */
		av[0] = tvn[4] ? p271_numeric_zero() : tv[4];
		av[1] = tvn[6] ? p271_numeric_zero() : tv[6];
		av[2] = tvn[8] ? p271_numeric_zero() : tv[8];
		av[3] = tvn[10] ? p271_numeric_zero() : tv[10];
		av[4] = Int32GetDatum((int32) posted.visits);
		av[5] = p271_numeric_zero();
		av[6] = Int32GetDatum(0);
		memset(avn, 0, sizeof(avn));
		if (posted.visits > PG_INT32_MAX)
			ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE), errmsg("integer out of range"));
		cs_validate_accum_values(av, avn);
		acc = HeapTupleGetDatum(heap_form_tuple(c->accum, av, avn));
		{
			/*
			 * the terms the line is adjudicated with: the engine's (cs_b271_line_terms, checked as
			 * costshare.terms() checks its arguments), formed as the plan design's are (cs_terms_composite)
			 */
			cs_benefit_terms lt;

			if (cs_b271_line_terms(&t271, level_null ? -1 : text_eq(level, "family", 6) ? 1 : 0, out_of_network,
								   &lt, &err) != CS_OK)
				cs_report(&err);
			terms = cs_terms_composite(lk.terms_desc, &lt);
		}
		xv[X271_PRICED_TERMS] = terms;
		xn[X271_PRICED_TERMS] = false;
		xv[X271_PERIOD] = period;
		xn[X271_PERIOD] = false;
		cs_remaining_values(c->cs, terms, false, acc, false, rem, remn);

		/* the status: coverage, carve-out, visit limit, an authorization required and not on file */
		if (cs_p271_asks_auth(coverage, DatumGetBool(tv[13]), !remn[2], remn[2] ? 0 : DatumGetInt32(rem[2]),
							  tvn[12] ? -1 : DatumGetBool(tv[12]) ? 1 : 0) && !plan_null && !category_null)
		{
			Datum		keys[3] = {member, plan, category};

			lk_begin(&s, T_PRIOR_AUTH, 3, keys);
			while (!auth_on_file && lk_next(&s, v, n))
				auth_on_file = !n[3] && range_has_date(v[3], date);
			lk_end(&s);
		}
		cs_p271_decide(coverage, DatumGetBool(tv[13]), !remn[2], remn[2] ? 0 : DatumGetInt32(rem[2]),
					   tvn[12] ? -1 : DatumGetBool(tv[12]) ? 1 : 0, auth_on_file, out_of_network, !allowed_null,
					   cs_b271_share_stated(&t271), &d);
		for (int i = 0; i < CS_BREAKDOWN_NATTS; i++)
			bn[i] = true;
		if (d.adjudicate)
		{
			cs_result	result;

			cs_adjudicate_datums(c->cs, allowed, false, terms, false, acc, false,
								 PG_ARGISNULL(5) ? (Datum) 0 : PG_GETARG_DATUM(5), PG_ARGISNULL(5), &result);
			/* the 271's plan-paid maximums cap the plan's payment (the engine's cs_apply_plan_max) */
			if (cs_apply_plan_max(&result, cs_p271_plan_max_lesser(max_period_left, fam_period_left),
								  cs_p271_plan_max_lesser(max_lifetime_left, fam_lifetime_left), &err) != CS_OK)
				cs_report(&err);
			max_excess = result.plan_max_excess;
			cs_breakdown_values(c->cs, c->accum, &result, b, bn);
			xv[X271_LINE] = HeapTupleGetDatum(heap_form_tuple(bdesc, b, bn));
			xn[X271_LINE] = false;
			/* the lesser of the charge and the allowed amount */
			if (bn[0] || DatumGetBool(DirectFunctionCall2(numeric_ne, b[0], allowed)))
			{
				allowed = b[0];
				allowed_null = bn[0];
				allowed_source = text_datum(CS_P271_ALLOWED_BILLED);
				allowed_source_null = false;
			}
		}
		lk_call_end();

		/* the estimate: the plan design's where the 271 does not state otherwise */
		{
			Datum		rv[ES_NATTS];
			bool		rvn[ES_NATTS];

			for (int i = 0; i < ES_NATTS; i++)
				rvn[i] = true;
#define SET(i, val, isn) (rv[i] = (val), rvn[i] = (isn))
			SET(ES_STATUS, text_datum(cs_p271_status_word(d.status)), false);
			SET(ES_REASONS, p271_words(d.reasons, d.nreasons), false);
			{
				/* the reasons the 271's maximums add, and what the plan could still pay (the engine's) */
				const char *mr[CS_P271_MAX_CAP_REASONS];
				cs_cents	period_cap = cs_p271_plan_max_lesser(max_period_left, fam_period_left),
							lifetime_cap = cs_p271_plan_max_lesser(max_lifetime_left, fam_lifetime_left);
				int			nmr = cs_p271_plan_max_reasons(max_excess,
														   cs_p271_plan_paid_unknown(&posted, max_period_left,
																					 max_lifetime_left, fam_period_left,
																					 fam_lifetime_left),
														   period_cap, lifetime_cap, mr);
				cs_cents	lesser = cs_p271_plan_max_lesser(period_cap, lifetime_cap);

				for (int k = 0; k < nmr; k++)
					rv[ES_REASONS] = append_reason(rv[ES_REASONS], mr[k]);
				if (lesser != CS_ABSENT)
					SET(ES_PLAN_MAX_LEFT, cs_cents_to_numeric(lesser), false);
			}
			SET(ES_PLAN, plan, plan_null);
			SET(ES_PAYER, payer, payer_null);
			SET(ES_COB_POSITION, ev[ES_COB_POSITION], evn[ES_COB_POSITION]);
			SET(ES_CATEGORY, category, category_null);
			SET(ES_NETWORK, text_datum(out_of_network ? "out" : "in"), false);
			SET(ES_ALLOWED, allowed, allowed_null);
			SET(ES_ALLOWED_SOURCE, allowed_source, allowed_source_null);
			SET(ES_COPAY, b[1], bn[1]);
			SET(ES_DEDUCTIBLE, b[2], bn[2]);
			SET(ES_COINSURANCE, b[3], bn[3]);
			SET(ES_NOT_COVERED, b[4], bn[4]);
			SET(ES_BALANCE_BILL, b[5], bn[5]);
			SET(ES_PATIENT_PAYS, b[7], bn[7]);
			SET(ES_PLAN_PAYS, b[8], bn[8]);
			SET(ES_OOP_CAPPED, b[9], bn[9]);
			SET(ES_ADJUSTMENT_CODES, b[10], bn[10]);
			SET(ES_ACC_BEFORE, acc, false);
			SET(ES_ACC_AFTER, b[11], bn[11]);
			SET(ES_BENEFIT_SOURCE, text_datum("271"), false);
			SET(ES_BENEFITS_INTERCHANGE, ic, false);
			SET(ES_BENEFITS_AS_OF, DateADTGetDatum(as_of), false);
			SET(ES_BENEFITS_STALE, xv[X271_STALE], false);
			SET(ES_UNKNOWN_TERMS, tv[14], false);
			SET(ES_PRIMARY_PAYS, b[8], bn[8]);
			if (cs_p271_allowed_lines(remit_asked, remit_lines, asrc, !evn[ES_ALLOWED_LINES],
									  evn[ES_ALLOWED_LINES] ? 0 : DatumGetInt32(ev[ES_ALLOWED_LINES]), &lines_out))
				SET(ES_ALLOWED_LINES, Int32GetDatum((int32) lines_out), false);
#undef SET
			xv[X271_ESTIMATE] = HeapTupleGetDatum(heap_form_tuple(c->result, rv, rvn));
			xn[X271_ESTIMATE] = false;
		}
	}
	return HeapTupleGetDatum(heap_form_tuple(xdesc, xv, xn));
}

static void
refuse_271_in_table_set(void)
{
	if (OidIsValid(lk_table_set))
		ereport(ERROR,
				errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("an as-of estimate cannot be priced from a 271"),
				errdetail("The line is priced from the member's loaded 271 (no plan design covers it, or the source policy prefers the 271); the 271 pricing reads the current tables, not the rows as they stood."),
				errhint("The logged result in costshare.estimate_log is the estimate as given."));
}

/*
 * The No Surprises Act flag of a call: argument argno when the SQL function has it (a function declared
 * without it, or an older declaration, gives false); NULL is refused.
 */
static bool
nsa_flag(FunctionCallInfo fcinfo, int argno)
{
	if (PG_NARGS() <= argno)
		return false;
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				errmsg("nsa_protected must not be null"),
				errhint("Pass true for a line the No Surprises Act protects (emergency; non-emergency out-of-network provider at an in-network facility; air ambulance), else false."));
	return PG_GETARG_BOOL(argno);
}

/*
 * A protected line priced from the 271 (the 271 path, called with out_of_network => false: the 271's
 * in-network terms, no balance bill): the network column says the provider's network (out) as the plan
 * design's participation found it, and the reasons say out_of_network and nsa_protected, as for a line
 * the plan design prices.
 */
static Datum
mark_nsa_271(lk_cache *c, Datum estimate)
{
	HeapTupleHeader h = DatumGetHeapTupleHeader(estimate);
	HeapTupleData tup;
	Datum		v[ES_NATTS];
	bool		vn[ES_NATTS];

	check_estimate_result(c->result);
	tup.t_len = HeapTupleHeaderGetDatumLength(h);
	ItemPointerSetInvalid(&tup.t_self);
	tup.t_tableOid = InvalidOid;
	tup.t_data = h;
	heap_deform_tuple(&tup, c->result, v, vn);
	if (vn[ES_BENEFIT_SOURCE] || !text_eq(v[ES_BENEFIT_SOURCE], "271", 3))
		return estimate;
	v[ES_NETWORK] = text_datum("out");
	vn[ES_NETWORK] = false;
	if (!vn[ES_REASONS])
	{
		v[ES_REASONS] = append_reason(v[ES_REASONS], "out_of_network");
		v[ES_REASONS] = append_reason(v[ES_REASONS], "nsa_protected");
	}
	return HeapTupleGetDatum(heap_form_tuple(c->result, v, vn));
}

/*
 * The estimate of costshare.estimate and costshare.estimate_in_table_set: arguments 0..5 of fcinfo are
 * estimate's, whatever follows is the caller's (the as-of table set's OID, or the flag), so the flag
 * is passed here explicitly. The plan design's estimate; when the member has a loaded 271 and no plan
 * design states the line's benefits (or the source policy prefers the 271), the estimate priced from
 * the 271 (call_price_271). A protected line whose provider the plan design finds out of network is
 * priced from the 271 as in network (its in-network terms, no balance bill).
 */
Datum
cs_estimate_line(FunctionCallInfo fcinfo, bool nsa_protected)
{
	lk_cache   *c;
	Datum		e,
				payer,
				plan;
	bool		plan_covers;

	require_args(fcinfo);
	require_billed(fcinfo);
	lk_stats.estimate_calls++;
	c = lk_get_cache(fcinfo, ES_ACC_BEFORE);
	e = estimate_plan_datum(fcinfo, c, nsa_protected, &plan_covers, &payer, &plan, NULL, NULL);
	if (lk_may_price_271(PG_GETARG_DATUM(0), plan_covers, payer, plan, false))
	{
		bool		isnull;
		bool		protect = false;
		Datum		r;

		refuse_271_in_table_set();
		if (nsa_protected)
		{
			Datum		network = GetAttributeByNum(DatumGetHeapTupleHeader(e), ES_NETWORK + 1, &isnull);

			protect = !isnull && text_eq(network, "out", 3);
		}
		/* out_of_network NULL: decided from the participation; false for a protected line */
		r = call_price_271(fcinfo, c, e, !protect, BoolGetDatum(false), NULL, false);
		e = GetAttributeByNum(DatumGetHeapTupleHeader(r), 1, &isnull);
		if (isnull)
			elog(ERROR, "the 271 pricing returned no estimate");
		if (protect)
			e = mark_nsa_271(c, e);
	}
	PG_RETURN_DATUM(e);
}

/*
 * costshare.estimate(member, service_date, service_code, provider, place_of_service, billed,
 * nsa_protected): cs_estimate_line with the flag of argument 6 (false when the declaration has none).
 */
PG_FUNCTION_INFO_V1(costshare_estimate);
Datum
costshare_estimate(PG_FUNCTION_ARGS)
{
	return cs_estimate_line(fcinfo, nsa_flag(fcinfo, 6));
}

/* costshare.estimate_plan(..., nsa_protected): the plan design's estimate only, never a 271 */
PG_FUNCTION_INFO_V1(costshare_estimate_plan);
Datum
costshare_estimate_plan(PG_FUNCTION_ARGS)
{
	lk_cache   *c;
	Datum		payer,
				plan;
	bool		plan_covers;
	bool		nsa_protected = nsa_flag(fcinfo, 6);

	require_args(fcinfo);
	require_billed(fcinfo);
	lk_stats.estimate_calls++;
	c = lk_get_cache(fcinfo, ES_ACC_BEFORE);
	PG_RETURN_DATUM(estimate_plan_datum(fcinfo, c, nsa_protected, &plan_covers, &payer, &plan, NULL, NULL));
}

/*
 * costshare.estimate_271 (oon_arg: argument 6, out_of_network) and costshare.estimate_271_after
 * (earlier_arg: argument 6, the earlier lines of an estimate_many call; the network its own) →
 * estimate_271_result: the plan design's estimate handed to call_price_271, which chooses the source and
 * prices from the 271 when it is the one (with the 271's terms and the EB segments they came from).
 */
static Datum
estimate_271_entry(FunctionCallInfo fcinfo, int oon_arg, int earlier_arg)
{
	lk_cache   *c = fcinfo->flinfo->fn_extra;
	Datum		e,
				payer,
				plan;
	bool		plan_covers;
	p271_earlier earlier = {0};

	require_args(fcinfo);
	require_billed(fcinfo);
	if (c == NULL)
	{
		TupleDesc	d;
		MemoryContext old;

		if (get_call_result_type(fcinfo, NULL, &d) != TYPEFUNC_COMPOSITE || d->natts < 1)
			elog(ERROR, "return type must be a row type");
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		c = palloc0(sizeof(lk_cache));
		/* the first attribute of estimate_271_result is the estimate_result */
		c->result = BlessTupleDesc(lookup_rowtype_tupdesc_copy(TupleDescAttr(d, 0)->atttypid, -1));
		c->accum = BlessTupleDesc(lookup_rowtype_tupdesc_copy(TupleDescAttr(c->result, ES_ACC_BEFORE)->atttypid, -1));
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = c;
	}
	if (!lk.valid)
		lk_load(get_func_namespace(fcinfo->flinfo->fn_oid));
	lk_stats.estimate_calls++;
	refuse_271_in_table_set();
	if (earlier_arg >= 0 && !PG_ARGISNULL(earlier_arg))
		p271_read_earlier(c, fcinfo->flinfo->fn_mcxt, PG_GETARG_ARRAYTYPE_P(earlier_arg), &earlier);
	e = estimate_plan_datum(fcinfo, c, false, &plan_covers, &payer, &plan, NULL, NULL);
	if (oon_arg >= 0)
		return call_price_271(fcinfo, c, e, PG_ARGISNULL(oon_arg), PG_ARGISNULL(oon_arg) ? (Datum) 0 :
							  PG_GETARG_DATUM(oon_arg), NULL, true);
	return call_price_271(fcinfo, c, e, true, (Datum) 0, &earlier, true);
}

/* costshare.estimate_271(member, service_date, service_code, provider, place_of_service, billed, out_of_network) */
PG_FUNCTION_INFO_V1(costshare_estimate_271);
Datum
costshare_estimate_271(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(estimate_271_entry(fcinfo, 6, -1));
}

/*
 * costshare.estimate_271_after(member, service_date, service_code, provider, place_of_service, billed,
 * earlier batch_271_line[]): costshare.estimate_271 (the network its own) as if the earlier lines of an
 * estimate_many call had been posted to the ledger after every load (estimate_many's 271 lines, each
 * after the family's earlier ones: the answer one estimate at a time gives). Internal.
 */
PG_FUNCTION_INFO_V1(costshare_estimate_271_after);
Datum
costshare_estimate_271_after(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(estimate_271_entry(fcinfo, -1, 6));
}

/* ---- costshare.eligibility ---------------------------------------------------------------------- */

/* A column of a composite the eligibility answer forms or reads: its name and type */
typedef struct el_col
{
	const char *name;
	Oid			type;			/* InvalidOid: an extension type, checked by the caller */
} el_col;

/* eligibility_result's columns, in order, with their types (checked against the catalog) */
enum
{
	EL_STATUS, EL_REASONS, EL_PLAN, EL_PAYER, EL_ENROLLMENT, EL_COB_POSITION, EL_COVERAGES, EL_CATEGORY,
	EL_NETWORK, EL_AUTH_REQUIRED, EL_CARVE_OUT_ADMIN, EL_PERIOD, EL_DED_REMAINING, EL_OOP_REMAINING,
	EL_VISITS_REMAINING,		/* 1.1's fifteen */
	EL_BENEFIT_SOURCE, EL_BENEFITS_INTERCHANGE, EL_BENEFITS_AS_OF, EL_BENEFITS_STALE, EL_UNKNOWN_TERMS,
	EL_SECONDARY_PLAN, EL_SECONDARY_PAYER, EL_SECONDARY_STATUS, EL_SECONDARY_REASONS, EL_SECONDARY_DED,
	EL_SECONDARY_OOP, EL_SECONDARY_VISITS,	/* part 81: the 271's provenance, the second payer */
	EL_PLAN_MAX_PERIOD, EL_PLAN_MAX_LIFETIME, EL_SECONDARY_PLAN_MAX_PERIOD,
	EL_SECONDARY_PLAN_MAX_LIFETIME, /* part 90: what is left of the plan-paid maximums */
	EL_FAM_PLAN_MAX_PERIOD, EL_FAM_PLAN_MAX_LIFETIME,	/* part 92: the family's, from a 271 */
	EL_NATTS
};

static const el_col el_cols[EL_NATTS] = {
	[EL_STATUS] = {"status", TEXTOID},
	[EL_REASONS] = {"reasons", TEXTARRAYOID},
	[EL_PLAN] = {"plan_id", TEXTOID},
	[EL_PAYER] = {"payer_id", TEXTOID},
	[EL_ENROLLMENT] = {"enrollment_id", INT8OID},
	[EL_COB_POSITION] = {"cob_position", INT4OID},
	[EL_COVERAGES] = {"coverages", INT4OID},
	[EL_CATEGORY] = {"category", TEXTOID},
	[EL_NETWORK] = {"network", TEXTOID},
	[EL_AUTH_REQUIRED] = {"auth_required", BOOLOID},
	[EL_CARVE_OUT_ADMIN] = {"carve_out_admin", TEXTOID},
	[EL_PERIOD] = {"benefit_period", DATERANGEOID},
	[EL_DED_REMAINING] = {"ded_remaining", NUMERICOID},
	[EL_OOP_REMAINING] = {"oop_remaining", NUMERICOID},
	[EL_VISITS_REMAINING] = {"visits_remaining", INT4OID},
	[EL_BENEFIT_SOURCE] = {"benefit_source", TEXTOID},
	[EL_BENEFITS_INTERCHANGE] = {"benefits_interchange", TEXTOID},
	[EL_BENEFITS_AS_OF] = {"benefits_as_of", DATEOID},
	[EL_BENEFITS_STALE] = {"benefits_stale", BOOLOID},
	[EL_UNKNOWN_TERMS] = {"unknown_terms", TEXTARRAYOID},
	[EL_SECONDARY_PLAN] = {"secondary_plan_id", TEXTOID},
	[EL_SECONDARY_PAYER] = {"secondary_payer_id", TEXTOID},
	[EL_SECONDARY_STATUS] = {"secondary_status", TEXTOID},
	[EL_SECONDARY_REASONS] = {"secondary_reasons", TEXTARRAYOID},
	[EL_SECONDARY_DED] = {"secondary_ded_remaining", NUMERICOID},
	[EL_SECONDARY_OOP] = {"secondary_oop_remaining", NUMERICOID},
	[EL_SECONDARY_VISITS] = {"secondary_visits_remaining", INT4OID},
	[EL_PLAN_MAX_PERIOD] = {"plan_max_period_left", NUMERICOID},
	[EL_PLAN_MAX_LIFETIME] = {"plan_max_lifetime_left", NUMERICOID},
	[EL_SECONDARY_PLAN_MAX_PERIOD] = {"secondary_plan_max_period_left", NUMERICOID},
	[EL_SECONDARY_PLAN_MAX_LIFETIME] = {"secondary_plan_max_lifetime_left", NUMERICOID},
	[EL_FAM_PLAN_MAX_PERIOD] = {"family_plan_max_period_left", NUMERICOID},
	[EL_FAM_PLAN_MAX_LIFETIME] = {"family_plan_max_lifetime_left", NUMERICOID},
};

/* the columns of the 271 path's answer (estimate_271_result) the eligibility answer reads, by name */
enum
{
	X_ESTIMATE, X_BENEFIT_SOURCE, X_INTERCHANGE, X_AS_OF, X_STALE, X_UNKNOWN, X_AUTH_REQUIRED,
	X_CARVE_OUT_ADMIN, X_PERIOD, X_PRICED_TERMS, X_PLAN_MAX_PERIOD, X_PLAN_MAX_LIFETIME, X_FAM_PLAN_MAX_PERIOD,
	X_FAM_PLAN_MAX_LIFETIME,
	X_NCOLS
};

static const el_col x_cols[X_NCOLS] = {
	[X_ESTIMATE] = {"estimate", InvalidOid},	/* estimate_result */
	[X_BENEFIT_SOURCE] = {"benefit_source", TEXTOID},
	[X_INTERCHANGE] = {"interchange_control", TEXTOID},
	[X_AS_OF] = {"benefits_as_of", DATEOID},
	[X_STALE] = {"stale", BOOLOID},
	[X_UNKNOWN] = {"unknown", TEXTARRAYOID},
	[X_AUTH_REQUIRED] = {"auth_required", BOOLOID},
	[X_CARVE_OUT_ADMIN] = {"carve_out_admin", TEXTOID},
	[X_PERIOD] = {"benefit_period", DATERANGEOID},
	[X_PRICED_TERMS] = {"priced_terms", InvalidOid},	/* terms */
	[X_PLAN_MAX_PERIOD] = {"plan_max_period_left", NUMERICOID},
	[X_PLAN_MAX_LIFETIME] = {"plan_max_lifetime_left", NUMERICOID},
	[X_FAM_PLAN_MAX_PERIOD] = {"family_plan_max_period_left", NUMERICOID},
	[X_FAM_PLAN_MAX_LIFETIME] = {"family_plan_max_lifetime_left", NUMERICOID},
};

/* eligibility's cache (fn_extra): its result and the descriptors of what it reads and forms */
typedef struct el_cache
{
	TupleDesc	result;			/* eligibility_result, blessed, its columns checked */
	lk_cache	est;			/* estimate_result and accum (the line context's and the plan estimate's);
								 * est.cs decodes terms and accumulators for the remaining amounts */
	Oid			x_type;			/* estimate_271_result */
	TupleDesc	x_desc;
	int			x_att[X_NCOLS];
} el_cache;

/* An extension type by name in the function's schema, or a clear error */
static Oid
el_type(Oid nsp, const char *name)
{
	Oid			t = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum(name), ObjectIdGetDatum(nsp));

	if (!OidIsValid(t))
		ereport(ERROR,
				errcode(ERRCODE_UNDEFINED_OBJECT),
				errmsg("type %s.%s is missing", get_namespace_name(nsp), name),
				errhint("Update the extension: ALTER EXTENSION costshare UPDATE."));
	return t;
}

static void
el_unexpected(const char *type_name, const char *detail)
{
	ereport(ERROR,
			errcode(ERRCODE_DATATYPE_MISMATCH),
			errmsg("%s has an unexpected field", type_name),
			errdetail_internal("%s", detail),
			errhint("Reinstall or update the costshare extension."));
}

static el_cache *
el_get_cache(FunctionCallInfo fcinfo)
{
	el_cache   *ec = fcinfo->flinfo->fn_extra;

	if (ec == NULL)
	{
		Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
		Oid			estimate_type = el_type(nsp, "estimate_result");
		Oid			terms_type = el_type(nsp, "terms");
		TupleDesc	d;
		MemoryContext old;

		if (get_call_result_type(fcinfo, NULL, &d) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		/* the answer is formed by position: every column where it is expected, with its type */
		if (d->natts != EL_NATTS)
			ereport(ERROR,
					errcode(ERRCODE_DATATYPE_MISMATCH),
					errmsg("costshare.eligibility_result has an unexpected number of fields"),
					errdetail("Expected %d fields, found %d.", EL_NATTS, d->natts),
					errhint("Reinstall or update the costshare extension."));
		for (int i = 0; i < EL_NATTS; i++)
		{
			Form_pg_attribute a = TupleDescAttr(d, i);

			if (a->attisdropped || strcmp(NameStr(a->attname), el_cols[i].name) != 0 || a->atttypid != el_cols[i].type)
				el_unexpected("costshare.eligibility_result",
							  psprintf("Field %d is %s; costshare expects \"%s\" of type %s.", i + 1,
									   a->attisdropped ? "dropped" :
									   psprintf("\"%s\" of type %s", NameStr(a->attname), format_type_be(a->atttypid)),
									   el_cols[i].name, format_type_be(el_cols[i].type)));
		}

		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		ec = palloc0(sizeof(el_cache));
		ec->result = BlessTupleDesc(CreateTupleDescCopy(d));
		ec->est.result = BlessTupleDesc(lookup_rowtype_tupdesc_copy(estimate_type, -1));
		check_estimate_result(ec->est.result);
		ec->est.accum = BlessTupleDesc(lookup_rowtype_tupdesc_copy(TupleDescAttr(ec->est.result, ES_ACC_BEFORE)->atttypid, -1));
		ec->est.cs = palloc0(sizeof(cs_fn_cache));
		ec->est.cs->mcxt = fcinfo->flinfo->fn_mcxt;
		/* the 271 path's answer is read by column name, each column's type checked */
		ec->x_type = el_type(nsp, "estimate_271_result");
		ec->x_desc = lookup_rowtype_tupdesc_copy(ec->x_type, -1);
		for (int c = 0; c < X_NCOLS; c++)
		{
			Oid			want = c == X_ESTIMATE ? estimate_type : c == X_PRICED_TERMS ? terms_type : x_cols[c].type;

			ec->x_att[c] = -1;
			for (int i = 0; i < ec->x_desc->natts; i++)
			{
				Form_pg_attribute a = TupleDescAttr(ec->x_desc, i);

				if (!a->attisdropped && strcmp(NameStr(a->attname), x_cols[c].name) == 0)
				{
					if (a->atttypid != want)
						el_unexpected("costshare.estimate_271_result",
									  psprintf("Field \"%s\" is %s; costshare expects %s.", x_cols[c].name,
											   format_type_be(a->atttypid), format_type_be(want)));
					ec->x_att[c] = i;
				}
			}
			if (ec->x_att[c] < 0)
				el_unexpected("costshare.estimate_271_result",
							  psprintf("Field \"%s\" is missing.", x_cols[c].name));
		}
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = ec;
	}
	if (!lk.valid)
		lk_load(get_func_namespace(fcinfo->flinfo->fn_oid));
	return ec;
}

/* A composite value of the given type deformed with its descriptor (d->natts values) */
static void
el_deform(Datum composite, Oid type, TupleDesc d, Datum *v, bool *n)
{
	HeapTupleHeader h = DatumGetHeapTupleHeader(composite);
	HeapTupleData tup;

	if (HeapTupleHeaderGetTypeId(h) != type)
		elog(ERROR, "composite of type %u where type %u was expected", HeapTupleHeaderGetTypeId(h), type);
	tup.t_len = HeapTupleHeaderGetDatumLength(h);
	ItemPointerSetInvalid(&tup.t_self);
	tup.t_tableOid = InvalidOid;
	tup.t_data = h;
	heap_deform_tuple(&tup, d, v, n);
}

/*
 * costshare.eligibility(member, service_date, service_code, provider, place_of_service) →
 * eligibility_result: the line context of the member's coverage at COB position 1 (and at position 2
 * with two coverages or more), the 271 path as the estimate takes it (the member has a loaded 271 and
 * no plan design states the line's benefits, or the source policy prefers the 271: call_price_271
 * over the plan design's estimate, which decides), and the engine's remaining amounts over the terms
 * and accumulators of the source that answered. Which columns the 271's answer fills, and when it is
 * taken, is the engine's (cs_elig_answer_of); here the values are only read and placed. Rights: the
 * estimate's (every table probed is checked as a query would; costshare_estimator needs no SELECT).
 */
PG_FUNCTION_INFO_V1(costshare_eligibility);
Datum
costshare_eligibility(PG_FUNCTION_ARGS)
{
	el_cache   *ec;
	Datum		member,
				code,
				provider,
				pos;
	DateADT		date;
	bool		no_provider;
	Datum		lc[LC_NATTS],
				lc2[LC_NATTS];
	bool		lcn[LC_NATTS],
				lc2n[LC_NATTS];
	Datum		xv[X_NCOLS];
	bool		xn[X_NCOLS];
	Datum		ev[ES_NATTS];
	bool		evn[ES_NATTS];
	Datum		v[EL_NATTS];
	bool		vn[EL_NATTS];
	Datum		rem[3],
				rem2[3];
	bool		remn[3],
				rem2n[3] = {true, true, true};
	int			coverages;
	bool		plan_covers,
				priced_from_271 = false;
	Datum		payer,
				plan;
	cs_elig_answer a;
	const char *source;

	require_args(fcinfo);
	ec = el_get_cache(fcinfo);
	member = PG_GETARG_DATUM(0);
	date = PG_GETARG_DATEADT(1);
	code = PG_GETARG_DATUM(2);
	no_provider = PG_ARGISNULL(3);
	provider = no_provider ? (Datum) 0 : PG_GETARG_DATUM(3);
	pos = PG_ARGISNULL(4) ? text_datum("11") : PG_GETARG_DATUM(4);

	/* the primary coverage's context, as costshare.line_context makes it */
	lk_stats.line_context_calls++;
	lk_line_context(&ec->est, member, date, code, no_provider, provider, pos, text_datum(""), 1, NULL, false,
					NULL, lc, lcn);
	coverages = lcn[LC_COVERAGES] ? 0 : DatumGetInt32(lc[LC_COVERAGES]);
	plan_covers = !lcn[LC_TERMS];
	payer = lcn[LC_PAYER] ? (Datum) 0 : lc[LC_PAYER];
	plan = lcn[LC_PLAN] ? (Datum) 0 : lc[LC_PLAN];

	/* a second coverage on the date: what it says of the line (its own plan design and accumulators) */
	if (cs_elig_reports_secondary(coverages))
	{
		lk_stats.line_context_calls++;
		lk_line_context(&ec->est, member, date, code, no_provider, provider, pos, text_datum(""), 2, NULL, false,
						NULL, lc2, lc2n);
		cs_remaining_values(ec->est.cs, lc2[LC_TERMS], lc2n[LC_TERMS], lc2[LC_ACC], lc2n[LC_ACC], rem2, rem2n);
	}

	/*
	 * the 271 path, as the estimate takes it: the plan design's estimate of the line to call_price_271 (the
	 * rights to its tables checked whenever a 271 may price the line, as when eligibility was PL/pgSQL)
	 */
	if (lk_may_price_271(member, plan_covers, payer, plan, true))
	{
		LOCAL_FCINFO(ef, 6);	/* the estimate's arguments: eligibility's five, no charge */
		bool		pc;
		Datum		e,
					x;

		refuse_271_in_table_set();
		InitFunctionCallInfoData(*ef, fcinfo->flinfo, 6, fcinfo->fncollation, NULL, NULL);
		for (int i = 0; i < 5; i++)
			ef->args[i] = fcinfo->args[i];
		ef->args[5].value = (Datum) 0;
		ef->args[5].isnull = true;
		lk_stats.estimate_calls++;
		e = estimate_of_context(ef, &ec->est, lc, lcn, false, &pc, &payer, &plan, NULL, NULL);
		x = call_price_271(ef, &ec->est, e, true, (Datum) 0, NULL, false);
		{
			Datum	   *all = palloc(sizeof(Datum) * ec->x_desc->natts);
			bool	   *alln = palloc(sizeof(bool) * ec->x_desc->natts);

			el_deform(x, ec->x_type, ec->x_desc, all, alln);
			for (int c = 0; c < X_NCOLS; c++)
			{
				xv[c] = all[ec->x_att[c]];
				xn[c] = alln[ec->x_att[c]];
			}
		}
		priced_from_271 = !xn[X_BENEFIT_SOURCE] && text_eq(xv[X_BENEFIT_SOURCE], "271", 3);
		if (priced_from_271)
		{
			if (xn[X_ESTIMATE])
				elog(ERROR, "the 271 pricing returned no estimate");
			el_deform(xv[X_ESTIMATE], ec->est.result->tdtypeid, ec->est.result, ev, evn);
		}
	}

	/* the answer, composed as the engine says */
	cs_elig_answer_of(plan_covers, priced_from_271, coverages, &a);
	memset(vn, true, sizeof(vn));
#define SET(to, val, isn) (v[to] = (val), vn[to] = (isn))
	if (a.from_271)
	{
		SET(EL_STATUS, ev[ES_STATUS], evn[ES_STATUS]);
		SET(EL_REASONS, ev[ES_REASONS], evn[ES_REASONS]);
		SET(EL_PLAN, ev[ES_PLAN], evn[ES_PLAN]);
		SET(EL_PAYER, ev[ES_PAYER], evn[ES_PAYER]);
		SET(EL_COB_POSITION, ev[ES_COB_POSITION], evn[ES_COB_POSITION]);
		SET(EL_CATEGORY, ev[ES_CATEGORY], evn[ES_CATEGORY]);
		SET(EL_NETWORK, ev[ES_NETWORK], evn[ES_NETWORK]);
		SET(EL_AUTH_REQUIRED, xv[X_AUTH_REQUIRED], xn[X_AUTH_REQUIRED]);
		SET(EL_CARVE_OUT_ADMIN, xv[X_CARVE_OUT_ADMIN], xn[X_CARVE_OUT_ADMIN]);
		SET(EL_PERIOD, xv[X_PERIOD], xn[X_PERIOD]);
		cs_remaining_values(ec->est.cs, xv[X_PRICED_TERMS], xn[X_PRICED_TERMS], ev[ES_ACC_BEFORE],
							evn[ES_ACC_BEFORE], rem, remn);
	}
	else
	{
		SET(EL_STATUS, lc[LC_STATUS], lcn[LC_STATUS]);
		SET(EL_REASONS, lc[LC_REASONS], lcn[LC_REASONS]);
		SET(EL_PLAN, lc[LC_PLAN], lcn[LC_PLAN]);
		SET(EL_PAYER, lc[LC_PAYER], lcn[LC_PAYER]);
		SET(EL_COB_POSITION, lc[LC_COB_POSITION], lcn[LC_COB_POSITION]);
		SET(EL_CATEGORY, lc[LC_CATEGORY], lcn[LC_CATEGORY]);
		SET(EL_NETWORK, lc[LC_NETWORK], lcn[LC_NETWORK]);
		SET(EL_AUTH_REQUIRED, lc[LC_AUTH_REQUIRED], lcn[LC_AUTH_REQUIRED]);
		SET(EL_CARVE_OUT_ADMIN, lc[LC_CARVE_OUT], lcn[LC_CARVE_OUT]);
		SET(EL_PERIOD, lc[LC_PERIOD], lcn[LC_PERIOD]);
		cs_remaining_values(ec->est.cs, lc[LC_TERMS], lcn[LC_TERMS], lc[LC_ACC], lcn[LC_ACC], rem, remn);
	}
	SET(EL_DED_REMAINING, rem[0], remn[0]);
	SET(EL_OOP_REMAINING, rem[1], remn[1]);
	SET(EL_VISITS_REMAINING, rem[2], remn[2]);
	if (a.enrollment)
		SET(EL_ENROLLMENT, lc[LC_ENROLLMENT], lcn[LC_ENROLLMENT]);
	SET(EL_COVERAGES, lc[LC_COVERAGES], lcn[LC_COVERAGES]);
	source = cs_elig_source_word(a.source);
	if (source != NULL)
		SET(EL_BENEFIT_SOURCE, text_datum(source), false);
	if (a.provenance_271)
	{
		SET(EL_BENEFITS_INTERCHANGE, xv[X_INTERCHANGE], xn[X_INTERCHANGE]);
		SET(EL_BENEFITS_AS_OF, xv[X_AS_OF], xn[X_AS_OF]);
		SET(EL_BENEFITS_STALE, xv[X_STALE], xn[X_STALE]);
		SET(EL_UNKNOWN_TERMS, xv[X_UNKNOWN], xn[X_UNKNOWN]);
	}
	if (a.secondary)
	{
		SET(EL_SECONDARY_PLAN, lc2[LC_PLAN], lc2n[LC_PLAN]);
		SET(EL_SECONDARY_PAYER, lc2[LC_PAYER], lc2n[LC_PAYER]);
		SET(EL_SECONDARY_STATUS, lc2[LC_STATUS], lc2n[LC_STATUS]);
		SET(EL_SECONDARY_REASONS, lc2[LC_REASONS], lc2n[LC_REASONS]);
		SET(EL_SECONDARY_DED, rem2[0], rem2n[0]);
		SET(EL_SECONDARY_OOP, rem2[1], rem2n[1]);
		SET(EL_SECONDARY_VISITS, rem2[2], rem2n[2]);
		SET(EL_SECONDARY_PLAN_MAX_PERIOD, lc2[LC_PLAN_MAX_PERIOD_LEFT], lc2n[LC_PLAN_MAX_PERIOD_LEFT]);
		SET(EL_SECONDARY_PLAN_MAX_LIFETIME, lc2[LC_PLAN_MAX_LIFETIME_LEFT], lc2n[LC_PLAN_MAX_LIFETIME_LEFT]);
	}
	if (a.plan_max)
	{
		SET(EL_PLAN_MAX_PERIOD, lc[LC_PLAN_MAX_PERIOD_LEFT], lcn[LC_PLAN_MAX_PERIOD_LEFT]);
		SET(EL_PLAN_MAX_LIFETIME, lc[LC_PLAN_MAX_LIFETIME_LEFT], lcn[LC_PLAN_MAX_LIFETIME_LEFT]);
	}
	if (a.plan_max_271)
	{
		SET(EL_PLAN_MAX_PERIOD, xv[X_PLAN_MAX_PERIOD], xn[X_PLAN_MAX_PERIOD]);
		SET(EL_PLAN_MAX_LIFETIME, xv[X_PLAN_MAX_LIFETIME], xn[X_PLAN_MAX_LIFETIME]);
		SET(EL_FAM_PLAN_MAX_PERIOD, xv[X_FAM_PLAN_MAX_PERIOD], xn[X_FAM_PLAN_MAX_PERIOD]);
		SET(EL_FAM_PLAN_MAX_LIFETIME, xv[X_FAM_PLAN_MAX_LIFETIME], xn[X_FAM_PLAN_MAX_LIFETIME]);
	}
#undef SET
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(ec->result, v, vn)));
}

/*
 * costshare.backend_stats(): this backend's counters and the plan-data cache's size, one row each.
 * Counting costs an increment per call; the rest is read only here.
 */
PG_FUNCTION_INFO_V1(costshare_backend_stats);
Datum
costshare_backend_stats(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	struct
	{
		const char *name;
		int64		value;
	}			rows[] = {
		{"estimate_calls", lk_stats.estimate_calls},
		{"line_context_calls", lk_stats.line_context_calls},
		{"accumulators_calls", lk_stats.accumulators_calls},
		{"plan_cache_hits", lk_stats.cache_hits},
		{"plan_cache_misses", lk_stats.cache_misses},
		{"plan_cache_resets", lk_stats.cache_resets},
		{"plan_cache_entries", lkc.have && lkc.h != NULL ? (int64) hash_get_num_entries(lkc.h) : 0},
		{"plan_cache_bytes", lkc.cxt != NULL ? (int64) MemoryContextMemAllocated(lkc.cxt, true) : 0},
		{"plan_cache_version", lkc.have ? lkc.version : 0},
		{"member_cache_hits", lk_stats.member_hits},
		{"member_cache_misses", lk_stats.member_misses},
		{"member_cache_resets", lk_stats.member_resets},
		{"member_cache_entries", lks.h != NULL ? (int64) hash_get_num_entries(lks.h) : 0},
		{"member_cache_bytes", lks.cxt != NULL ? (int64) MemoryContextMemAllocated(lks.cxt, true) : 0},
	};

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < lengthof(rows); i++)
	{
		Datum		v[2];
		bool		n[2] = {false, false};

		v[0] = CStringGetTextDatum(rows[i].name);
		v[1] = Int64GetDatum(rows[i].value);
		n[1] = strcmp(rows[i].name, "plan_cache_version") == 0 && !lkc.have;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, n);
	}
	return (Datum) 0;
}

/*
 * costshare.member_enrollments(member): the member's enrollments, whole rows, by the same index probe
 * and under the same rights as the estimate (SELECT on costshare.enrollment, or costshare_estimator):
 * what fhir_eligibility_response shows about the member it is asked about, and no other member's rows.
 */
PG_FUNCTION_INFO_V1(costshare_member_enrollments);
Datum
costshare_member_enrollments(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Datum		member = PG_GETARG_DATUM(0);
	lk_scan		s;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (!lk.valid)
		lk_load(get_func_namespace(fcinfo->flinfo->fn_oid));
	lk_call_begin();
	lk_begin_probe(&s, T_ENROLLMENT, 1, &member);
	while (index_getnext_slot(s.sd, ForwardScanDirection, s.slot))
		tuplestore_puttupleslot(rsinfo->setResult, s.slot);
	lk_end(&s);
	lk_call_end();
	return (Datum) 0;
}

/* costshare.member_known(member): whether the member is on file (the estimate's rights, as above) */
PG_FUNCTION_INFO_V1(costshare_member_known);
Datum
costshare_member_known(PG_FUNCTION_ARGS)
{
	lk_birth	b = {0};

	if (!lk.valid)
		lk_load(get_func_namespace(fcinfo->flinfo->fn_oid));
	lk_call_begin();
	lk_member_birth(PG_GETARG_DATUM(0), &b);
	lk_call_end();
	PG_RETURN_BOOL(b.found);
}

/*
 * costshare.member_cob_positions(member, date): the member's coverages active on the date, in COB order
 * (lk_active_coverages: the engine's cob_key, then enrollment id, as costshare.line_context orders them).
 * Positions, not keys: the subscriber's birth date (the birthday rule) stays inside.
 */
PG_FUNCTION_INFO_V1(costshare_member_cob_positions);
Datum
costshare_member_cob_positions(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	lk_coverage covs[LK_MAX_COVERAGES];
	lk_birth	mb = {0};
	bool		any_enrollment;
	bool		unverified;		/* positions only: the estimate and eligibility give the reason */
	int			n;

	InitMaterializedSRF(fcinfo, 0);
	if (!lk.valid)
		lk_load(get_func_namespace(fcinfo->flinfo->fn_oid));
	lk_call_begin();
	/* the member table is read only to order two coverages, but the privilege is checked as if always */
	lk_check(T_MEMBER);
	n = lk_active_coverages(PG_GETARG_DATUM(0), PG_GETARG_DATEADT(1), covs, &any_enrollment, &mb, &unverified);
	lk_call_end();
	for (int i = 0; i < n; i++)
	{
		Datum		out[2];
		bool		on[2] = {false, false};

		out[0] = Int64GetDatum(covs[i].enrollment_id);
		out[1] = Int32GetDatum(i + 1);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, out, on);
	}
	return (Datum) 0;
}

/*
 * costshare.estimate_after(member, service_date, service_code, provider, place_of_service, billed,
 * earlier batch_271_line[]) → batch_step: costshare.estimate of the line as if the earlier lines of an
 * estimate_many call had been posted to the ledger (every payer's accumulators, plan-paid maximums and
 * benefit reserve, and the 271 pricing, count them as they count posted lines: lk_accumulators,
 * lk_reserve_on_record, call_price_271), with the line's own postings: what one estimate at a time gives
 * once each earlier line is posted, by construction. Internal.
 */
typedef struct ea_cache
{
	lk_cache	c;				/* first: the estimate's own cache (c.result: estimate_result) */
	TupleDesc	step;			/* batch_step, blessed */
	TupleDesc	line;			/* breakdown, blessed */
	TupleDesc	posting;		/* batch_271_line, blessed */
	Oid			posting_type;
} ea_cache;

static Datum
ea_posting_datum(ea_cache *ea, MemoryContext mcxt, const lk_posting *p, Datum member, DateADT date)
{
	const int  *att = p271_earlier_atts(&ea->c, ea->posting_type, ea->posting, mcxt);
	Datum	   *v = palloc0(sizeof(Datum) * ea->posting->natts);
	bool	   *n = palloc(sizeof(bool) * ea->posting->natts);

	memset(n, true, sizeof(bool) * ea->posting->natts);
#define PUT(k, val) (v[att[k]] = (val), n[att[k]] = false)
#define PUT_OPT(k, val, isnull) (v[att[k]] = (val), n[att[k]] = (isnull))
	PUT(BL_MEMBER, member);
	PUT_OPT(BL_FAMILY, p->family, p->family_null);
	PUT_OPT(BL_PLAN, p->plan, p->plan_null);
	PUT_OPT(BL_PAYER, p->payer, p->payer_null);
	PUT_OPT(BL_CATEGORY, p->category, p->category_null);
	PUT(BL_DATE, DateADTGetDatum(date));
	PUT(BL_DEDUCTIBLE, cs_cents_to_numeric(p->deductible));
	PUT(BL_COPAY, cs_cents_to_numeric(p->copay));
	PUT(BL_COINSURANCE, cs_cents_to_numeric(p->coinsurance));
	PUT(BL_VISITS, Int32GetDatum(p->visits));
	PUT(BL_ALLOWED, cs_cents_to_numeric(p->allowed));
	PUT(BL_PLAN_PAID, cs_cents_to_numeric(p->plan_paid));
	PUT_OPT(BL_BUCKET, p->bucket, p->bucket_null);
	if (p->cob)
	{
		PUT(BL_COB_NORMAL, cs_cents_to_numeric(p->cob_normal));
		PUT(BL_COB_PAID, cs_cents_to_numeric(p->cob_paid));
	}
#undef PUT
#undef PUT_OPT
	return HeapTupleGetDatum(heap_form_tuple(ea->posting, v, n));
}

/* the descriptors of an ea_cache: estimate_result, breakdown, batch_271_line (their OIDs given) */
static ea_cache *
ea_cache_make(MemoryContext mcxt, Oid estimate_type, Oid line_type, Oid posting_type, TupleDesc step)
{
	MemoryContext old = MemoryContextSwitchTo(mcxt);
	ea_cache   *ea = palloc0(sizeof(ea_cache));

	ea->step = step != NULL ? BlessTupleDesc(CreateTupleDescCopy(step)) : NULL;
	ea->c.result = BlessTupleDesc(lookup_rowtype_tupdesc_copy(estimate_type, -1));
	check_estimate_result(ea->c.result);
	ea->c.accum = BlessTupleDesc(lookup_rowtype_tupdesc_copy(TupleDescAttr(ea->c.result, ES_ACC_BEFORE)->atttypid, -1));
	ea->line = BlessTupleDesc(lookup_rowtype_tupdesc_copy(line_type, -1));
	if (ea->line->natts != CS_BREAKDOWN_NATTS)
		ereport(ERROR,
				errcode(ERRCODE_DATATYPE_MISMATCH),
				errmsg("type costshare.breakdown does not match this library"),
				errdetail("Expected %d fields, found %d.", CS_BREAKDOWN_NATTS, ea->line->natts),
				errhint("Update the extension: ALTER EXTENSION costshare UPDATE."));
	ea->posting_type = posting_type;
	ea->posting = BlessTupleDesc(lookup_rowtype_tupdesc_copy(posting_type, -1));
	MemoryContextSwitchTo(old);
	return ea;
}

/*
 * One line of a batch after the earlier ones (fcinfo's arguments 0..5 are estimate's): the estimate's
 * columns (ev / evn, ES_NATTS; the caller forms the row if it needs one), the primary's line (*line,
 * *line_null) and the postings (col), as costshare.estimate_after and estimate_many's batch make them
 */
static void
ea_line(FunctionCallInfo fcinfo, ea_cache *ea, const p271_earlier *earlier, lk_collect *col, Datum *ev, bool *evn,
		Datum *line, bool *line_null)
{
	lk_cache   *c = &ea->c;
	Datum		payer,
				plan;
	bool		plan_covers;

	require_args(fcinfo);
	require_billed(fcinfo);
	lk_stats.estimate_calls++;
	memset(col, 0, sizeof(*col));
	*line = (Datum) 0;
	*line_null = true;
	estimate_plan_values(fcinfo, c, false, &plan_covers, &payer, &plan, earlier, col, ev, evn);
	if (col->have_line)
	{
		*line = HeapTupleGetDatum(heap_form_tuple(ea->line, col->line, col->line_n));
		*line_null = false;
	}
	if (lk_may_price_271(PG_GETARG_DATUM(0), plan_covers, payer, plan, false))
	{
		bool		isnull;
		Datum		r,
					e,
					source;
		HeapTupleData tup;

		refuse_271_in_table_set();
		/* the 271 pricing takes the plan design's estimate as a row */
		r = call_price_271(fcinfo, c, HeapTupleGetDatum(heap_form_tuple(c->result, ev, evn)), true, (Datum) 0,
						   earlier, false);
		e = GetAttributeByNum(DatumGetHeapTupleHeader(r), X271_ESTIMATE + 1, &isnull);
		if (isnull)
			elog(ERROR, "the 271 pricing returned no estimate");
		tup.t_len = HeapTupleHeaderGetDatumLength(DatumGetHeapTupleHeader(e));
		ItemPointerSetInvalid(&tup.t_self);
		tup.t_tableOid = InvalidOid;
		tup.t_data = DatumGetHeapTupleHeader(e);
		heap_deform_tuple(&tup, c->result, ev, evn);
		source = GetAttributeByNum(DatumGetHeapTupleHeader(r), X271_BENEFIT_SOURCE + 1, &isnull);
		if (!isnull && text_eq(source, "271", 3))
		{
			/* priced from the 271 (or not priced by it): its line and posting, not the plan design's */
			col->n = 0;
			*line = GetAttributeByNum(DatumGetHeapTupleHeader(r), X271_LINE + 1, line_null);
			if (!*line_null)
			{
				Datum		b[CS_BREAKDOWN_NATTS];
				bool		bn[CS_BREAKDOWN_NATTS];
				lk_posting *p = &col->p[col->n++];
				bool		fnull;
				Datum		family = GetAttributeByNum(DatumGetHeapTupleHeader(r), X271_FAMILY + 1, &fnull);

				cs_breakdown_deform(DatumGetHeapTupleHeader(*line), b, bn, "line");
				memset(p, 0, sizeof(*p));
				p->family = family;
				p->family_null = fnull;
				p->plan = ev[ES_PLAN];
				p->plan_null = evn[ES_PLAN];
				p->payer = ev[ES_PAYER];
				p->payer_null = evn[ES_PAYER];
				p->category = ev[ES_CATEGORY];
				p->category_null = evn[ES_CATEGORY];
				/* the 271's figures are per network: its line credits that network's bucket */
				p->bucket = ev[ES_NETWORK];
				p->bucket_null = evn[ES_NETWORK];
				p->allowed = cs_arg_money(b[0], bn[0], "line.allowed", false);
				p->copay = cs_arg_money(b[1], bn[1], "line.copay", false);
				p->deductible = cs_arg_money(b[2], bn[2], "line.deductible", false);
				p->coinsurance = cs_arg_money(b[3], bn[3], "line.coinsurance", false);
				p->plan_paid = cs_arg_money(b[8], bn[8], "line.plan_pays", false);
				p->visits = 1;
			}
		}
	}
}

PG_FUNCTION_INFO_V1(costshare_estimate_after);
Datum
costshare_estimate_after(PG_FUNCTION_ARGS)
{
	ea_cache   *ea = fcinfo->flinfo->fn_extra;
	p271_earlier earlier = {0};
	lk_collect	col;
	Datum		e,
				line;
	bool		line_null;
	Datum		sv[3];
	bool		sn[3] = {false, false, false};
	Datum	   *elems;

	require_args(fcinfo);
	require_billed(fcinfo);
	if (ea == NULL)
	{
		TupleDesc	d;
		Oid			posting_type;

		if (get_call_result_type(fcinfo, NULL, &d) != TYPEFUNC_COMPOSITE || d->natts != 3)
			ereport(ERROR,
					errcode(ERRCODE_DATATYPE_MISMATCH),
					errmsg("type costshare.batch_step does not match this library"),
					errdetail("Expected 3 fields: estimate, line, postings."),
					errhint("Update the extension: ALTER EXTENSION costshare UPDATE."));
		posting_type = get_element_type(TupleDescAttr(d, 2)->atttypid);
		if (!OidIsValid(posting_type))
			elog(ERROR, "batch_step.postings must be an array");
		ea = ea_cache_make(fcinfo->flinfo->fn_mcxt, TupleDescAttr(d, 0)->atttypid, TupleDescAttr(d, 1)->atttypid,
						   posting_type, d);
		fcinfo->flinfo->fn_extra = ea;
	}
	if (!lk.valid)
		lk_load(get_func_namespace(fcinfo->flinfo->fn_oid));
	if (!PG_ARGISNULL(6))
		p271_read_earlier(&ea->c, fcinfo->flinfo->fn_mcxt, PG_GETARG_ARRAYTYPE_P(6), &earlier);
	{
		Datum		ev[ES_NATTS];
		bool		evn[ES_NATTS];

		ea_line(fcinfo, ea, &earlier, &col, ev, evn, &line, &line_null);
		e = HeapTupleGetDatum(heap_form_tuple(ea->c.result, ev, evn));
	}
	elems = palloc(sizeof(Datum) * Max(col.n, 1));
	for (int i = 0; i < col.n; i++)
		elems[i] = ea_posting_datum(ea, fcinfo->flinfo->fn_mcxt, &col.p[i], PG_GETARG_DATUM(0),
									PG_GETARG_DATEADT(1));
	sv[0] = e;
	sv[1] = line;
	sn[1] = line_null;
	sv[2] = PointerGetDatum(construct_array(elems, col.n, ea->posting_type, -1, false, TYPALIGN_DOUBLE));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(ea->step, sv, sn)));
}

/*
 * The batch of costshare.estimate_many (cs_estimate_many_run). The appointments' own refusals are the
 * estimate's checks without raising (cs_appointment_problem, the place of service looked up here); the
 * others are estimated per group (each appointment's group, from estimate_many's union of members and
 * families) in date order, then appt_id, each by ea_line after the group's earlier lines, whose
 * postings are kept here, in memory, as the earlier lines of the next.
 */
typedef struct emb_line
{
	int64		appt_id;
	int32		grp;
	DateADT		date;
	Datum		member,
				code,
				provider,
				pos,
				billed;
	bool		provider_null,
				billed_null;
} emb_line;

/* how many lines ahead the batch fetches a line's values (emb_prefetch) */
#define EMB_PREFETCH 1
#if defined(__GNUC__) || defined(__clang__)
#define emb_prefetch(p) __builtin_prefetch((p), 0, 3)
#else
#define emb_prefetch(p) ((void) (p))
#endif

static int
emb_line_cmp(const void *a, const void *b)
{
	const emb_line *x = a,
			   *y = b;

	if (x->grp != y->grp)
		return x->grp < y->grp ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->appt_id < y->appt_id ? -1 : x->appt_id > y->appt_id;
}

/* the sort of a batch's lines, with the comparison inlined */
#define ST_SORT emb_line_sort
#define ST_ELEMENT_TYPE emb_line
#define ST_COMPARE(a, b) emb_line_cmp(a, b)
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

/*
 * A text of a kept line: the copy an earlier line of the group already holds when one does (a group's
 * lines name a few members, one or two families, plans, payers, categories and buckets), so that the
 * loops over the earlier lines compare each distinct text once (text_eq_memo)
 */
static Datum
emb_intern(p271_earlier *e, Datum t)
{
	Datum		copy;

	for (int j = 0; j < e->nseen; j++)
		if (text_eq_datum(e->seen[j], t))
			return e->seen[j];
	copy = datumCopy(t, false, -1);
	if (e->nseen < P271_SEEN)
		e->seen[e->nseen++] = copy;
	return copy;
}

/* a posting of the line just estimated, kept (in the current memory context) as an earlier line */
static void
emb_keep(p271_earlier *e, int *cap, const lk_posting *p, Datum member, DateADT date)
{
	p271_earlier_line *x;

	if (e->n == *cap)
	{
		*cap = *cap == 0 ? 16 : *cap * 2;
		e->l = e->l == NULL ? palloc(sizeof(p271_earlier_line) * *cap) :
			repalloc(e->l, sizeof(p271_earlier_line) * *cap);
	}
	x = &e->l[e->n++];
	memset(x, 0, sizeof(*x));
#define KEEP(f) (x->f = p->f##_null ? (Datum) 0 : emb_intern(e, p->f), x->f##_null = p->f##_null)
	x->member = emb_intern(e, member);
	KEEP(family);
	KEEP(plan);
	KEEP(payer);
	KEEP(category);
	KEEP(bucket);
#undef KEEP
	x->line.status_counts = true;
	x->line.latest = true;
	x->line.baseline = false;
	x->line.service_date = date;
	x->line.deductible = p->deductible;
	x->line.copay = p->copay;
	x->line.coinsurance = p->coinsurance;
	x->line.deductible_known = x->line.copay_known = x->line.coinsurance_known = true;
	x->line.visits = p->visits;
	x->line.visits_known = true;
	x->line.plan_paid = p->plan_paid;
	x->line.plan_paid_known = true;
	x->line.allowed = p->allowed;
	x->line.allowed_known = true;
	x->cob = p->cob;
	x->cob_normal = p->cob_normal;
	x->cob_paid = p->cob_paid;
}

/* The layout of costshare.appointment, checked by name and type before any element is read */
static const struct
{
	const char *name;
	Oid			type;
}			ap_cols[CS_AP_NATTS] = {
	{"appt_id", INT8OID}, {"member_id", TEXTOID}, {"service_date", DATEOID}, {"service_code", TEXTOID},
	{"provider_id", TEXTOID}, {"place_of_service", TEXTOID}, {"billed", NUMERICOID},
};

TupleDesc
cs_appointment_desc(Oid elemtype)
{
	TupleDesc	d = lookup_rowtype_tupdesc_copy(elemtype, -1);

	for (int i = 0; i < CS_AP_NATTS || i < d->natts; i++)
	{
		Form_pg_attribute a = i < d->natts ? TupleDescAttr(d, i) : NULL;

		if (i >= CS_AP_NATTS || a == NULL || a->attisdropped || a->atttypid != ap_cols[i].type ||
			strcmp(NameStr(a->attname), ap_cols[i].name) != 0)
			ereport(ERROR,
					errcode(ERRCODE_DATATYPE_MISMATCH),
					errmsg("type %s does not match this library", format_type_be(elemtype)),
					i < CS_AP_NATTS ?
					errdetail("Expected field %d to be %s %s.", i + 1, ap_cols[i].name, format_type_be(ap_cols[i].type)) :
					errdetail("Expected %d fields, found %d.", CS_AP_NATTS, d->natts),
					errhint("Update the extension: ALTER EXTENSION costshare UPDATE."));
	}
	return d;
}

/* One appointment's fields (an element NULL as a whole: every field NULL) */
void
cs_appointment_fields(Datum elem, bool elem_null, TupleDesc apdesc, Datum *v, bool *n)
{
	HeapTupleData tup;
	HeapTupleHeader h;

	if (elem_null)
	{
		memset(n, true, sizeof(bool) * CS_AP_NATTS);
		return;
	}
	h = DatumGetHeapTupleHeader(elem);
	tup.t_len = HeapTupleHeaderGetDatumLength(h);
	ItemPointerSetInvalid(&tup.t_self);
	tup.t_tableOid = InvalidOid;
	tup.t_data = h;
	heap_deform_tuple(&tup, apdesc, v, n);
}

static void emb_run(FunctionCallInfo fcinfo, Oid nsp, const Datum *elems, const bool *elem_nulls, int n,
					TupleDesc apdesc, const int32 *grp, Tuplestorestate *dest, TupleDesc out);

/* emb_run with one line's per-call decisions carried to the next (lk_carry), always ended */
static void
emb_run_carried(FunctionCallInfo fcinfo, Oid nsp, const Datum *elems, const bool *elem_nulls, int n,
				TupleDesc apdesc, const int32 *grp, Tuplestorestate *dest, TupleDesc out)
{
	lk_carry_begin();
	PG_TRY();
	{
		emb_run(fcinfo, nsp, elems, elem_nulls, n, apdesc, grp, dest, out);
	}
	PG_FINALLY();
	{
		lk_carry_end();
	}
	PG_END_TRY();
}

/*
 * estimate_many's batch, called from C (batch.c) with each appointment's group at its position (grp):
 * the rows into dest. fcinfo is the caller's (its fn_extra holds the batch's descriptors).
 */
void
cs_estimate_many_run(FunctionCallInfo fcinfo, const Datum *elems, const bool *elem_nulls, int n, TupleDesc apdesc,
					 const int32 *grp, Tuplestorestate *dest, TupleDesc out)
{
	emb_run_carried(fcinfo, get_func_namespace(fcinfo->flinfo->fn_oid), elems, elem_nulls, n, apdesc, grp,
					dest, out);
}

/*
 * The batch: the appointments the estimate refuses first (their order kept: the checks of
 * costshare.appointment_problem, the place of service looked up here), then each group's lines in date
 * order, then appt_id. An appointment's group is grp[i].
 */
static void
emb_run(FunctionCallInfo fcinfo, Oid nsp, const Datum *elems, const bool *elem_nulls, int n, TupleDesc apdesc,
		const int32 *grp, Tuplestorestate *dest, TupleDesc out)
{
	ea_cache   *ea = fcinfo->flinfo->fn_extra;
	MemoryContext cxt,
				group_cxt,
				line_cxt,
				old;
	emb_line   *lines;
	int			nlines = 0;
	Datum		pos_office;
	lk_call    *outer;

	if (out->natts != 14)
		elog(ERROR, "estimate_many must return 14 columns");
	if (ea == NULL)
	{
		ea = ea_cache_make(fcinfo->flinfo->fn_mcxt, el_type(nsp, "estimate_result"), el_type(nsp, "breakdown"),
						   el_type(nsp, "batch_271_line"), NULL);
		fcinfo->flinfo->fn_extra = ea;
	}
	if (!lk.valid)
		lk_load(nsp);
	cxt = AllocSetContextCreate(CurrentMemoryContext, "estimate_many batch", ALLOCSET_DEFAULT_SIZES);
	group_cxt = AllocSetContextCreate(cxt, "estimate_many batch group", ALLOCSET_DEFAULT_SIZES);
	line_cxt = AllocSetContextCreate(cxt, "estimate_many batch line", ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(cxt);

	/* the appointments with the estimate's own refusals, in their order */
	lines = palloc(sizeof(emb_line) * Max(n, 1));
	pos_office = text_datum("11");
	outer = lk_call_push(fcinfo);
	for (int i = 0; i < n; i++)
	{
		Datum		v[CS_AP_NATTS];
		bool		an[CS_AP_NATTS];
		Datum		pos;
		bool		pos_known = false;
		int			sqlstate;
		char	   *message;

		cs_appointment_fields(elems[i], elem_nulls != NULL && elem_nulls[i], apdesc, v, an);
		pos = an[5] ? pos_office : v[5];
		if (!an[1] && !an[2] && !an[3] && !DATE_NOT_FINITE(DatumGetDateADT(v[2])))
		{
			lk_scan		s;
			Datum		pv[LK_MAX_COLS];
			bool		pn[LK_MAX_COLS];

			lk_begin(&s, T_POS, 1, &pos);
			pos_known = lk_next(&s, pv, pn);
			lk_end(&s);
		}
		if (cs_appointment_problem(an[1], an[2], an[3], an[2] ? 0 : DatumGetDateADT(v[2]), pos_known,
								   an[6], v[6], &sqlstate, &message))
		{
			/* refused as costshare.estimate() would refuse it */
			Datum		ov[14];
			bool		on[14];

			memset(on, true, sizeof(on));
			ov[0] = v[0];
			on[0] = an[0];
			ov[1] = text_datum("error");
			on[1] = false;
			ov[7] = text_datum(unpack_sql_state(sqlstate));
			on[7] = false;
			ov[8] = CStringGetTextDatum(message);
			on[8] = false;
			tuplestore_putvalues(dest, out, ov, on);
			continue;
		}
		{
			emb_line   *l = &lines[nlines++];

			l->appt_id = an[0] ? 0 : DatumGetInt64(v[0]);
			l->grp = grp[i];
			l->member = v[1];
			l->date = DatumGetDateADT(v[2]);
			l->code = v[3];
			l->provider_null = an[4];
			l->provider = an[4] ? (Datum) 0 : v[4];
			l->pos = pos;
			l->billed_null = an[6];
			l->billed = an[6] ? (Datum) 0 : v[6];
		}
	}
	lk_call_pop(outer);
	MemoryContextSwitchTo(cxt);
	emb_line_sort(lines, nlines);

	/* each group's lines one after the other, each after the group's earlier ones */
	{
		p271_earlier earlier = {0};
		int			cap = 0;

		for (int i = 0; i < nlines; i++)
		{
			const emb_line *l = &lines[i];
			LOCAL_FCINFO(ef, 7);
			lk_collect	col;
			Datum		line;
			bool		line_null;
			Datum		ev[ES_NATTS];
			bool		evn[ES_NATTS];
			Datum		ov[14];
			bool		on[14];

			CHECK_FOR_INTERRUPTS();
			/*
			 * the lines are taken in group order, not in the array's: each line's values are cold in
			 * the caller's array (a cache miss at every first touch), so a later line's are fetched
			 * ahead while this one is estimated
			 */
			if (i + EMB_PREFETCH < nlines)
			{
				const emb_line *a = &lines[i + EMB_PREFETCH];

				emb_prefetch(DatumGetPointer(a->member));
				emb_prefetch(DatumGetPointer(a->code));
				if (!a->provider_null)
					emb_prefetch(DatumGetPointer(a->provider));
				if (!a->billed_null)
					emb_prefetch(DatumGetPointer(a->billed));
			}
			if (i == 0 || l->grp != lines[i - 1].grp)
			{
				MemoryContextReset(group_cxt);
				earlier.n = 0;
				earlier.l = NULL;
				earlier.nseen = 0;
				cap = 0;
			}
			MemoryContextSwitchTo(line_cxt);
			InitFunctionCallInfoData(*ef, fcinfo->flinfo, 7, fcinfo->fncollation, NULL, NULL);
			ef->args[0].value = l->member;
			ef->args[0].isnull = false;
			ef->args[1].value = DateADTGetDatum(l->date);
			ef->args[1].isnull = false;
			ef->args[2].value = l->code;
			ef->args[2].isnull = false;
			ef->args[3].value = l->provider;
			ef->args[3].isnull = l->provider_null;
			ef->args[4].value = l->pos;
			ef->args[4].isnull = false;
			ef->args[5].value = l->billed;
			ef->args[5].isnull = l->billed_null;
			ef->args[6].value = (Datum) 0;
			ef->args[6].isnull = true;
			ea_line(ef, ea, &earlier, &col, ev, evn, &line, &line_null);

			/* the row: the estimate's columns, the primary's line, priced or why not */
			memset(on, true, sizeof(on));
#define OUT(k, es) (ov[k] = ev[es], on[k] = evn[es])
			ov[0] = Int64GetDatum(l->appt_id);
			on[0] = false;
			OUT(1, ES_STATUS);
			OUT(2, ES_REASONS);
			OUT(3, ES_PLAN);
			OUT(4, ES_NETWORK);
			OUT(9, ES_COB_METHOD);
			OUT(10, ES_SECONDARY_PAYS);
			OUT(12, ES_THIRD_PAYS);
			OUT(13, ES_UNKNOWN_TERMS);
#undef OUT
			if (!line_null)
			{
				bool		isnull;

				/* allowed: what the line was priced on (the lesser of the charge and the fee) */
				ov[5] = GetAttributeByNum(DatumGetHeapTupleHeader(line), 1, &isnull);
				on[5] = isnull;
				ov[6] = line;
				on[6] = false;
				ov[7] = text_datum("00000");
				on[7] = false;
				ov[11] = ev[ES_PATIENT_PAYS];
				on[11] = evn[ES_PATIENT_PAYS];
			}
			else
			{
				StringInfoData why;

				ov[5] = ev[ES_ALLOWED];
				on[5] = evn[ES_ALLOWED];
				ov[7] = text_datum("02000");
				on[7] = false;
				initStringInfo(&why);
				appendStringInfoString(&why, "not priced: ");
				/* ('not priced: ' || array_to_string(reasons, ', '): NULL without reasons) */
				on[8] = evn[ES_REASONS];
				if (!evn[ES_REASONS])
				{
					ArrayType  *ra = DatumGetArrayTypeP(ev[ES_REASONS]);
					Datum	   *rv;
					bool	   *rn;
					int			nr;

					deconstruct_array(ra, TEXTOID, -1, false, TYPALIGN_INT, &rv, &rn, &nr);
					for (int k = 0, shown = 0; k < nr; k++)
						if (!rn[k])
						{
							if (shown++ > 0)
								appendStringInfoString(&why, ", ");
							appendStringInfoString(&why, TextDatumGetCString(rv[k]));
						}
				}
				ov[8] = CStringGetTextDatum(why.data);
			}
			tuplestore_putvalues(dest, out, ov, on);

			/* its postings: earlier lines of the group's next lines */
			MemoryContextSwitchTo(group_cxt);
			for (int k = 0; k < col.n; k++)
				emb_keep(&earlier, &cap, &col.p[k], l->member, l->date);
			MemoryContextReset(line_cxt);
		}
	}
	MemoryContextSwitchTo(old);
	MemoryContextDelete(cxt);
}
