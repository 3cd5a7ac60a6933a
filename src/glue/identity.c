/*
 * identity.c — SQL functions of member identity: costshare.name_key(), costshare.member_id_key(),
 * costshare.birth_date_swapped(), costshare.match_score() and costshare.icu_version().
 *
 * The glue only converts (server encoding to UTF-8, text and dates to engine values, reasons to text[])
 * and reports the engine's errors: every rule is in src/engine/cs_name.c.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"

#include "cs_glue.h"
#include "../engine/cs_name.h"

PG_FUNCTION_INFO_V1(costshare_name_key);
PG_FUNCTION_INFO_V1(costshare_member_id_key);
PG_FUNCTION_INFO_V1(costshare_birth_date_swapped);
PG_FUNCTION_INFO_V1(costshare_match_score);
PG_FUNCTION_INFO_V1(costshare_icu_version);

/* Key a text into buf (a name key when name, else a member ID key); false when there is no key */
static bool
key_text(text *t, bool name, char *buf)
{
	size_t		len,
				key_len;
	const char *s = cs_text_to_utf8(t, &len);
	cs_error	err;
	cs_status	st = name ? cs_name_key(s, len, buf, &key_len, &err) :
		cs_member_id_key(s, len, buf, &key_len, &err);

	if (st != CS_OK)
		cs_report(&err);
	return key_len > 0;
}

Datum
costshare_name_key(PG_FUNCTION_ARGS)
{
	static char key[CS_NAME_KEY_SIZE];

	if (!key_text(PG_GETARG_TEXT_PP(0), true, key))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cs_text_from_utf8(key, strlen(key), "the name key"));
}

Datum
costshare_member_id_key(PG_FUNCTION_ARGS)
{
	static char key[CS_MEMBER_ID_KEY_SIZE];

	if (!key_text(PG_GETARG_TEXT_PP(0), false, key))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cs_text_from_utf8(key, strlen(key), "the member ID key"));
}

Datum
costshare_birth_date_swapped(PG_FUNCTION_ARGS)
{
	DateADT		d = PG_GETARG_DATEADT(0);
	cs_date		s;

	if (DATE_NOT_FINITE(d) || !cs_birth_date_swap((cs_date) d, &s))
		PG_RETURN_NULL();
	PG_RETURN_DATEADT((DateADT) s);
}

Datum
costshare_icu_version(PG_FUNCTION_ARGS)
{
	char		icu[32],
				uni[32];

	cs_icu_version(icu, uni);
	PG_RETURN_TEXT_P(cstring_to_text(icu));
}

/* ---- costshare.match_score --------------------------------------------------------------------- */

/* The query side's keys, kept between calls while the query's arguments stay the same */
typedef struct match_cache
{
	TupleDesc	result;
	char	   *raw[3];			/* the query's first, last, member ID as given (NULL = SQL NULL) */
	int			raw_len[3];
	char	   *key[3];			/* their keys (NULL = no key) */
} match_cache;

static bool
same_arg(match_cache *c, int i, FunctionCallInfo fcinfo, int argno)
{
	text	   *t;

	if (PG_ARGISNULL(argno))
		return c->raw[i] == NULL && c->raw_len[i] == -1;
	t = PG_GETARG_TEXT_PP(argno);
	return c->raw[i] != NULL && c->raw_len[i] == (int) VARSIZE_ANY_EXHDR(t) &&
		memcmp(c->raw[i], VARDATA_ANY(t), c->raw_len[i]) == 0;
}

static void
remember_arg(match_cache *c, int i, FunctionCallInfo fcinfo, int argno, bool name)
{
	MemoryContext mcxt = fcinfo->flinfo->fn_mcxt;
	char	   *buf = palloc(name ? CS_NAME_KEY_SIZE : CS_MEMBER_ID_KEY_SIZE);
	text	   *t;

	if (c->raw[i])
		pfree(c->raw[i]);
	if (c->key[i])
		pfree(c->key[i]);
	c->raw[i] = NULL;
	c->key[i] = NULL;
	c->raw_len[i] = -1;
	if (PG_ARGISNULL(argno))
		return;
	t = PG_GETARG_TEXT_PP(argno);
	if (key_text(t, name, buf))
		c->key[i] = MemoryContextStrdup(mcxt, buf);
	c->raw_len[i] = (int) VARSIZE_ANY_EXHDR(t);
	c->raw[i] = MemoryContextAlloc(mcxt, c->raw_len[i] + 1);
	memcpy(c->raw[i], VARDATA_ANY(t), c->raw_len[i]);
	pfree(buf);
}

/* A candidate's key (palloc'd in the call's context), NULL for SQL NULL or no key */
static char *
arg_key(FunctionCallInfo fcinfo, int argno, bool name)
{
	char	   *buf;

	if (PG_ARGISNULL(argno))
		return NULL;
	buf = palloc(name ? CS_NAME_KEY_SIZE : CS_MEMBER_ID_KEY_SIZE);
	return key_text(PG_GETARG_TEXT_PP(argno), name, buf) ? buf : NULL;
}

/*
 * match_score(first, last, birth_date, member_id, cand_first, cand_last, cand_birth_date,
 *             cand_member_ids text[], OUT score int, OUT reasons text[])
 */
Datum
costshare_match_score(PG_FUNCTION_ARGS)
{
	match_cache *c = (match_cache *) fcinfo->flinfo->fn_extra;
	cs_match_person q,
				m;
	const char *qid[1];
	const char **cids = NULL;
	int			n_cids = 0;
	uint32_t	reasons;
	int			score;
	Datum		values[2],
				rtexts[CS_MR_COUNT];
	bool		nulls[2] = {false, false};
	int			nr = 0;

	if (c == NULL)
	{
		TupleDesc	d;
		MemoryContext old;

		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(match_cache));
		for (int i = 0; i < 3; i++)
			c->raw_len[i] = -2;	/* nothing remembered yet */
		if (get_call_result_type(fcinfo, NULL, &d) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		c->result = BlessTupleDesc(CreateTupleDescCopy(d));
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = c;
	}
	if (!same_arg(c, 0, fcinfo, 0))
		remember_arg(c, 0, fcinfo, 0, true);
	if (!same_arg(c, 1, fcinfo, 1))
		remember_arg(c, 1, fcinfo, 1, true);
	if (!same_arg(c, 2, fcinfo, 3))
		remember_arg(c, 2, fcinfo, 3, false);

	qid[0] = c->key[2];
	q.first = c->key[0];
	q.last = c->key[1];
	q.has_birth = !PG_ARGISNULL(2) && !DATE_NOT_FINITE(PG_GETARG_DATEADT(2));
	q.birth = q.has_birth ? (cs_date) PG_GETARG_DATEADT(2) : 0;
	q.ids = qid;
	q.n_ids = qid[0] ? 1 : 0;

	m.first = arg_key(fcinfo, 4, true);
	m.last = arg_key(fcinfo, 5, true);
	m.has_birth = !PG_ARGISNULL(6) && !DATE_NOT_FINITE(PG_GETARG_DATEADT(6));
	m.birth = m.has_birth ? (cs_date) PG_GETARG_DATEADT(6) : 0;
	if (!PG_ARGISNULL(7) && q.n_ids > 0)
	{
		ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(7);
		Datum	   *elems;
		bool	   *enulls;
		int			n;

		deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &enulls, &n);
		cids = palloc(sizeof(char *) * (n > 0 ? n : 1));
		for (int i = 0; i < n; i++)
		{
			char	   *buf;

			if (enulls[i])
				continue;
			buf = palloc(CS_MEMBER_ID_KEY_SIZE);
			if (key_text(DatumGetTextPP(elems[i]), false, buf))
				cids[n_cids++] = buf;
		}
	}
	m.ids = cids;
	m.n_ids = n_cids;

	score = cs_match_score(&q, &m, &reasons);
	for (int r = 0; r < CS_MR_COUNT; r++)
		if (reasons & (1u << r))
			rtexts[nr++] = CStringGetTextDatum(cs_match_reason_name((cs_match_reason) r));
	values[0] = Int32GetDatum(score);
	values[1] = PointerGetDatum(construct_array(rtexts, nr, TEXTOID, -1, false, TYPALIGN_INT));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(c->result, values, nulls)));
}
