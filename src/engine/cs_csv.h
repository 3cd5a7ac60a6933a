/*
 * cs_csv.h — a CSV tokenizer (RFC 4180) over a caller's buffer: an iterator that returns one field at
 * a time, and a callback driver on top of it.
 *
 * Accepted: fields separated by commas; records ended by CRLF, LF or a lone CR (the last record may
 * lack its line end); a field enclosed in quote characters may hold commas, line ends and quote
 * characters written twice (""); a UTF-8 byte order mark at the start is skipped. An empty line is a
 * record of one empty field. Refused, with the line number: a quote character inside an unquoted field,
 * anything but a comma or a line end after a closing quote, and a quoted field still open at the end.
 *
 * The tokenizer never reads outside [buf, buf + len) and never allocates: a field points into the
 * buffer; a quoted field that holds escaped quote characters is copied out with cs_csv_copy().
 * Errors are returned as CS_CSV_ERROR with a cs_error whose status is CS_ERR_INCONSISTENT; the glue
 * reports them as 22P04 (bad_copy_file_format). Line numbers count every line end, including those
 * inside quoted fields, from 1.
 */
#ifndef CS_CSV_H
#define CS_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_error.h"

typedef enum cs_csv_token
{
	CS_CSV_FIELD = 0,			/* *field is filled */
	CS_CSV_EOF,					/* no more fields */
	CS_CSV_ERROR				/* malformed input; *err and the reader's error_line are set */
} cs_csv_token;

typedef struct cs_csv
{
	const char *buf;
	size_t		len;
	size_t		pos;			/* next byte to read */
	int64_t		line;			/* line number of buf[pos] */
	int64_t		record_line;	/* line on which the current record started */
	int64_t		error_line;		/* line of the last error */
	bool		in_record;		/* a field is still due in the current record */
	bool		failed;			/* an error was returned: every later call returns it again */
} cs_csv;

typedef struct cs_csv_field
{
	const char *data;			/* the raw bytes; for a quoted field, those between the quotes */
	size_t		len;
	bool		quoted;			/* the field was enclosed in quote characters */
	bool		escaped;		/* it holds "" pairs: take its value with cs_csv_copy() */
	bool		last;			/* the last field of its record */
	int64_t		line;			/* line on which the field starts */
	int64_t		record_line;	/* line on which its record starts */
} cs_csv_field;

/* Start reading buf[0..len); a leading UTF-8 byte order mark is skipped */
void		cs_csv_init(cs_csv *r, const char *buf, size_t len);

/* The next field of the input */
cs_csv_token cs_csv_next(cs_csv *r, cs_csv_field *field, cs_error *err);

/*
 * The field's value into dst (room for field->len bytes is always enough; no terminator is written);
 * returns the value's length.
 */
size_t		cs_csv_copy(const cs_csv_field *field, char *dst);

/*
 * Call fn for every field in order until it returns non-zero (which is returned) or the input ends
 * (0 is returned). On malformed input returns -1 with *err filled and *error_line set when not NULL.
 */
int			cs_csv_each(const char *buf, size_t len,
						int (*fn) (const cs_csv_field *field, void *arg), void *arg,
						cs_error *err, int64_t *error_line);

#endif							/* CS_CSV_H */
