/*
 * cs_csv.c — the CSV tokenizer (see cs_csv.h).
 */
#include <string.h>

#include "cs_csv.h"

#define QUOTE '"'

void
cs_csv_init(cs_csv *r, const char *buf, size_t len)
{
	r->buf = buf;
	r->len = len;
	r->pos = 0;
	r->line = 1;
	r->record_line = 1;
	r->error_line = 0;
	r->in_record = false;
	r->failed = false;
	if (len >= 3 && (unsigned char) buf[0] == 0xEF && (unsigned char) buf[1] == 0xBB &&
		(unsigned char) buf[2] == 0xBF)
		r->pos = 3;
}

static cs_csv_token
fail(cs_csv *r, cs_error *err, int64_t line, const char *message, const char *hint, const char *what)
{
	r->failed = true;
	r->error_line = line;
	cs_fail(err, CS_ERR_FORMAT, message, hint, "Line %lld: %s.", (long long) line, what);
	return CS_CSV_ERROR;
}

/* Is buf[p] the start of a line end? (p < len) */
static inline bool
is_eol(char c)
{
	return c == '\n' || c == '\r';
}

/* Step over the line end at r->pos (CRLF, LF or a lone CR) */
static void
skip_eol(cs_csv *r)
{
	if (r->buf[r->pos] == '\r' && r->pos + 1 < r->len && r->buf[r->pos + 1] == '\n')
		r->pos += 2;
	else
		r->pos += 1;
	r->line++;
}

/*
 * After a field's bytes: the separator, a line end or the end of the input decides whether the field
 * is the last of its record.
 */
static cs_csv_token
finish_field(cs_csv *r, cs_csv_field *f, cs_error *err)
{
	if (r->pos >= r->len)
	{
		f->last = true;
		r->in_record = false;
		return CS_CSV_FIELD;
	}
	if (r->buf[r->pos] == ',')
	{
		r->pos++;
		f->last = false;
		r->in_record = true;	/* a field follows, even if the input ends here */
		return CS_CSV_FIELD;
	}
	if (is_eol(r->buf[r->pos]))
	{
		skip_eol(r);
		f->last = true;
		r->in_record = false;
		return CS_CSV_FIELD;
	}
	return fail(r, err, r->line, "invalid CSV: unexpected character after a closing quote",
				"Enclose the whole field in quote characters and write a quote inside it as two quote characters (\"\").",
				"a quoted field must be followed by a comma or a line end");
}

cs_csv_token
cs_csv_next(cs_csv *r, cs_csv_field *f, cs_error *err)
{
	size_t		p;

	if (r->failed)
	{
		cs_fail(err, CS_ERR_FORMAT, "invalid CSV: reading past an error",
				"Stop at the first error.", "Line %lld: the input was already refused.",
				(long long) r->error_line);
		return CS_CSV_ERROR;
	}
	if (r->pos >= r->len && !r->in_record)
		return CS_CSV_EOF;
	if (!r->in_record)
		r->record_line = r->line;
	r->in_record = true;

	f->line = r->line;
	f->record_line = r->record_line;
	f->quoted = false;
	f->escaped = false;
	f->last = false;

	/* a trailing comma at the very end: one more, empty, field */
	if (r->pos >= r->len)
	{
		f->data = r->buf + r->len;
		f->len = 0;
		f->last = true;
		r->in_record = false;
		return CS_CSV_FIELD;
	}

	p = r->pos;
	if (r->buf[p] == QUOTE)
	{
		int64_t		start_line = r->line;

		f->quoted = true;
		p++;
		f->data = r->buf + p;
		for (;;)
		{
			char		c;

			if (p >= r->len)
			{
				r->pos = r->len;
				return fail(r, err, start_line, "invalid CSV: unterminated quoted field",
							"Close the field with a quote character; the input may be truncated.",
							"a quoted field starts here and is not closed before the end of the input");
			}
			c = r->buf[p];
			if (c == QUOTE)
			{
				if (p + 1 < r->len && r->buf[p + 1] == QUOTE)
				{
					f->escaped = true;
					p += 2;
					continue;
				}
				break;
			}
			if (c == '\n')
				r->line++;
			else if (c == '\r' && !(p + 1 < r->len && r->buf[p + 1] == '\n'))
				r->line++;
			p++;
		}
		f->len = (size_t) (r->buf + p - f->data);
		r->pos = p + 1;			/* past the closing quote */
		return finish_field(r, f, err);
	}

	f->data = r->buf + p;
	while (p < r->len && r->buf[p] != ',' && !is_eol(r->buf[p]))
	{
		if (r->buf[p] == QUOTE)
		{
			r->pos = p;
			return fail(r, err, r->line, "invalid CSV: quote character inside an unquoted field",
						"Enclose the field in quote characters and write a quote inside it as two quote characters (\"\").",
						"a field that does not start with a quote character contains one");
		}
		p++;
	}
	f->len = (size_t) (r->buf + p - f->data);
	r->pos = p;
	return finish_field(r, f, err);
}

size_t
cs_csv_copy(const cs_csv_field *f, char *dst)
{
	size_t		n = 0;

	if (!f->escaped)
	{
		if (f->len > 0)
			memcpy(dst, f->data, f->len);
		return f->len;
	}
	for (size_t i = 0; i < f->len; i++)
	{
		dst[n++] = f->data[i];
		/* inside a closed quoted field every quote character is the first of a pair */
		if (f->data[i] == QUOTE && i + 1 < f->len)
			i++;
	}
	return n;
}

int
cs_csv_each(const char *buf, size_t len, int (*fn) (const cs_csv_field *field, void *arg), void *arg,
			cs_error *err, int64_t *error_line)
{
	cs_csv		r;
	cs_csv_field f;
	cs_csv_token t;

	cs_csv_init(&r, buf, len);
	while ((t = cs_csv_next(&r, &f, err)) == CS_CSV_FIELD)
	{
		int			rc = fn(&f, arg);

		if (rc != 0)
			return rc;
	}
	if (t == CS_CSV_ERROR)
	{
		if (error_line)
			*error_line = r.error_line;
		return -1;
	}
	return 0;
}
