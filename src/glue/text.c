/*
 * text.c — text between the database and the engine, and user input quoted in messages.
 *
 * The engine reads and writes UTF-8 (ICU works in Unicode).  A database may use another encoding
 * (LATIN1, WIN1252, EUC_JP, ...): text going into the engine is converted to UTF-8, and text the
 * engine writes is converted to the database encoding, refused with 22P05 (untranslatable_character)
 * where a character has no equivalent there, never returned as raw UTF-8 bytes.
 *
 * Every message that quotes a value the user gave goes through cs_excerpt (C) or
 * costshare.error_excerpt (PL/pgSQL): at most CS_EXCERPT_CHARS characters, then "...", control
 * characters replaced, so that one megabyte of input cannot become one megabyte of log.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "cs_glue.h"

/* True when the bytes are all 7-bit ASCII (the same in every server encoding PostgreSQL supports) */
static bool
all_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char) s[i] & 0x80)
			return false;
	return true;
}

const char *
cs_text_to_utf8(text *t, size_t *len)
{
	const char *s = VARDATA_ANY(t);
	int			n = VARSIZE_ANY_EXHDR(t);
	char	   *conv;
	int			enc = GetDatabaseEncoding();

	if (enc == PG_UTF8 || enc == PG_SQL_ASCII || all_ascii(s, (size_t) n))
	{
		*len = (size_t) n;
		return s;
	}
	/* every server encoding converts to UTF-8 (its error, 22P05 or 22021, where one cannot) */
	conv = pg_server_to_any(s, n, PG_UTF8);
	*len = conv == s ? (size_t) n : strlen(conv);
	return conv;
}

text *
cs_text_from_utf8(const char *s, size_t len, const char *what)
{
	int			enc = GetDatabaseEncoding();
	Oid			proc;
	char	   *dest;
	size_t		size;
	int			done;

	if (enc == PG_UTF8 || enc == PG_SQL_ASCII || all_ascii(s, len))
		return cstring_to_text_with_len(s, (int) len);
	if (len > (MaxAllocSize - 1) / MAX_CONVERSION_GROWTH)
		ereport(ERROR,
				errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("%s is too long to convert to the database encoding", what),
				errdetail("It is %zu bytes long.", len));
	proc = FindDefaultConversionProc(PG_UTF8, enc);
	if (!OidIsValid(proc))
		ereport(ERROR,
				errcode(ERRCODE_UNTRANSLATABLE_CHARACTER),
				errmsg("%s cannot be represented in the database encoding", what),
				errdetail("There is no conversion from UTF8 to %s.", GetDatabaseEncodingName()),
				errhint("Create the conversion, or use costshare in a UTF8 database."));
	size = len * MAX_CONVERSION_GROWTH + 1;
	dest = palloc(size);
	done = pg_do_encoding_conversion_buf(proc, PG_UTF8, enc, (unsigned char *) s, (int) len,
										 (unsigned char *) dest, (int) size, true);
	if ((size_t) done < len)
	{
		pg_wchar	c = utf8_to_unicode((const unsigned char *) s + done);

		ereport(ERROR,
				errcode(ERRCODE_UNTRANSLATABLE_CHARACTER),
				errmsg("%s cannot be represented in the database encoding", what),
				errdetail("Character U+%04X has no equivalent in encoding \"%s\".", (unsigned) c,
						  GetDatabaseEncodingName()),
				errhint("Use costshare in a UTF8 database, or ask for a locale whose text %s can hold (en-US is plain ASCII).",
						GetDatabaseEncodingName()));
	}
	return cstring_to_text(dest);
}

char *
cs_excerpt(const char *s, size_t len)
{
	int			n = len > (size_t) PG_INT32_MAX ? PG_INT32_MAX : (int) len;
	int			keep = pg_mbcharcliplen(s, n, CS_EXCERPT_CHARS);
	char	   *out = palloc(keep + 4);

	memcpy(out, s, keep);
	/* a control character (a line break, an escape) would forge log lines: '?' instead */
	for (int i = 0; i < keep; i++)
		if ((unsigned char) out[i] < 0x20 || out[i] == 0x7F)
			out[i] = '?';
	if (keep < n)
	{
		memcpy(out + keep, "...", 3);
		keep += 3;
	}
	out[keep] = '\0';
	return out;
}

char *
cs_excerpt_text(text *t)
{
	return cs_excerpt(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
}

PG_FUNCTION_INFO_V1(costshare_error_excerpt);
Datum
costshare_error_excerpt(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(cs_excerpt_text(PG_GETARG_TEXT_PP(0))));
}
