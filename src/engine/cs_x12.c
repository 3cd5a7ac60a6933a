/*
 * cs_x12.c — the X12 tokenizer, the envelope checks and the shared value readers (see cs_x12.h).
 */
#include <stdio.h>
#include <string.h>

#include "cs_x12.h"

static const char empty_value[] = "";

static inline bool
is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static inline bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* White space that may stand before a segment: indentation and line ends after terminators */
static inline bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static inline cs_x12_span
span(const char *data, size_t len)
{
	cs_x12_span v;

	v.data = len > 0 ? data : empty_value;
	v.len = len;
	return v;
}

/* ---- errors --------------------------------------------------------------------------------- */

/* "Segment N (ID, byte offset B)" or, without a valid identifier, "Segment N (byte offset B)" */
static int
position(char *buf, size_t size, int64_t ordinal, const char *id, size_t offset)
{
	if (id != NULL && id[0] != '\0')
		return snprintf(buf, size, "Segment %lld (%s, byte offset %zu)", (long long) ordinal, id,
						offset);
	return snprintf(buf, size, "Segment %lld (byte offset %zu)", (long long) ordinal, offset);
}

cs_status
cs_x12_fail(cs_error *err, const cs_x12_segment *s, int i, const char *message, const char *hint,
			const char *what)
{
	char		pos[96];

	position(pos, sizeof(pos), s->ordinal, s->id, s->offset);
	if (i > 0)
		return cs_fail(err, CS_ERR_FORMAT, message, hint, "%s, element %s%02d: %s.", pos, s->id, i,
					   what);
	return cs_fail(err, CS_ERR_FORMAT, message, hint, "%s: %s.", pos, what);
}

static cs_x12_token
reader_fail(cs_x12_reader *r, cs_error *err, int64_t ordinal, const char *id, size_t offset,
			const char *message, const char *hint, const char *what)
{
	char		pos[96];

	position(pos, sizeof(pos), ordinal, id, offset);
	cs_fail(&r->error, CS_ERR_FORMAT, message, hint, "%s: %s.", pos, what);
	r->failed = true;
	*err = r->error;
	return CS_X12_ERROR;
}

/* ---- tokenizer ------------------------------------------------------------------------------ */

#define TOLERANCE_HINT "Correct the document's producer, or read the document in lenient mode to accept this variant with a finding."

/*
 * A variant the reader tolerates: a finding the first time in the document (true: read on), or, in
 * strict mode, the error (false, the reader has failed).  A reader without a findings list (not
 * made by cs_x12_walk) tolerates nothing: the caller refuses as it always did.
 */
static bool
tolerate(cs_x12_reader *r, cs_error *err, cs_x12_finding_kind kind, int64_t ordinal, const char *id,
		 size_t offset, const char *message, const char *text)
{
	unsigned	bit = 1u << kind;

	if (r->tolerated & bit)
		return true;
	r->tolerated |= bit;
	if (cs_x12_finding_at(r->findings, (cs_x12_mode) r->mode, kind, ordinal, offset, id != NULL ? id : "",
						  0, 0, message, TOLERANCE_HINT, text, &r->error) != CS_OK)
	{
		r->failed = true;
		*err = r->error;
		return false;
	}
	return true;
}

/* Only Ctrl-Z (0x1A) and white space in buf[from..len), and at least one Ctrl-Z */
static bool
only_eof_marks(const char *b, size_t from, size_t len)
{
	bool		any = false;

	for (size_t p = from; p < len; p++)
	{
		if (b[p] == 0x1A)
			any = true;
		else if (!is_space(b[p]))
			return false;
	}
	return any;
}

void
cs_x12_init(cs_x12_reader *r, const char *buf, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->buf = buf;
	r->len = len;
	if (len >= 3 && (unsigned char) buf[0] == 0xEF && (unsigned char) buf[1] == 0xBB &&
		(unsigned char) buf[2] == 0xBF)
		r->pos = 3;
}

/* Split buf[start..end) on the element separator into seg; false when there are too many elements */
static bool
split_elements(const char *buf, size_t start, size_t end, char sep, cs_x12_segment *seg)
{
	size_t		from = start;
	int			n = 0;

	for (size_t p = start; p <= end; p++)
	{
		if (p == end || buf[p] == sep)
		{
			if (n > CS_X12_MAX_ELEMENTS)
				return false;
			seg->el[n] = span(buf + from, p - from);
			n++;
			from = p + 1;
		}
	}
	seg->nelements = n - 1;
	return true;
}

/* A segment identifier: 2 or 3 characters, upper-case letters and digits, starting with a letter */
static bool
valid_id(cs_x12_span v)
{
	if (v.len < 2 || v.len > 3 || !(v.data[0] >= 'A' && v.data[0] <= 'Z'))
		return false;
	for (size_t i = 1; i < v.len; i++)
		if (!((v.data[i] >= 'A' && v.data[i] <= 'Z') || is_digit(v.data[i])))
			return false;
	return true;
}

#define ISA_MESSAGE "invalid X12 interchange header"
#define ISA_HINT "An X12 interchange starts with an ISA segment of 16 elements: the 4th character is the " \
	"element separator, ISA16 the component separator, and the character after it the segment terminator."

/*
 * Read the delimiters of the ISA starting at r->buf[start] (which holds "ISA" and one more byte) and
 * split it into seg.  *end receives the position of its terminator.
 */
static cs_x12_token
read_isa(cs_x12_reader *r, size_t start, int64_t ordinal, cs_x12_segment *seg, size_t *end,
		 cs_error *err)
{
	const char *b = r->buf;
	char		e = b[start + 3];
	size_t		limit = r->len - start < CS_X12_MAX_ISA ? r->len : start + CS_X12_MAX_ISA;
	size_t		q = 0;
	size_t		term;
	int			count = 0;
	cs_x12_delims d;
	cs_x12_span isa11,
				isa12;

	if (is_space(e) || e == '\0')
		return reader_fail(r, err, ordinal, "ISA", start, ISA_MESSAGE, ISA_HINT,
						   "the element separator (the 4th character) is white space or NUL");
	for (size_t p = start + 3; p < limit; p++)
	{
		if (b[p] == e && ++count == 16)
		{
			q = p;
			break;
		}
	}
	if (count < 16)
	{
		if (limit == r->len && r->len - start < CS_X12_MAX_ISA)
			return reader_fail(r, err, ordinal, "ISA", start, "X12 document is truncated",
							   "Send the whole interchange, from ISA to IEA.",
							   "the document ends before the 16th element of the interchange header");
		return reader_fail(r, err, ordinal, "ISA", start, ISA_MESSAGE, ISA_HINT,
						   "no 16th element separator within 256 bytes");
	}
	if (q + 2 >= r->len)
		return reader_fail(r, err, ordinal, "ISA", start, "X12 document is truncated",
						   "Send the whole interchange, from ISA to IEA.",
						   "the document ends before the component separator and segment terminator");
	d.element = e;
	d.component = b[q + 1];
	d.segment = b[q + 2];
	d.repetition = '\0';
	term = q + 2;

	/*
	 * A line break before the terminator ("...*:\r\n~"): the terminator is the first character after
	 * the CR/LF when that is not a letter, digit, space or delimiter (else CR or LF is the terminator)
	 */
	if ((d.segment == '\r' || d.segment == '\n') && r->findings != NULL)
	{
		size_t		p = q + 2;

		while (p < r->len && p < q + 4 && (b[p] == '\r' || b[p] == '\n'))
			p++;
		if (p < r->len && !is_alnum(b[p]) && !is_space(b[p]) && b[p] != '\0' && b[p] != e &&
			b[p] != d.component)
		{
			if (!tolerate(r, err, CS_X12_LINE_BREAK, ordinal, "ISA", start,
						  "X12 segment has a line break before its terminator",
						  "a line break stands before the segment terminator (the first such segment); line breaks before terminators were removed"))
				return CS_X12_ERROR;
			d.segment = b[p];
			term = p;
		}
	}
	if (is_alnum(d.component) || is_space(d.component) || d.component == '\0' || d.component == e)
		return reader_fail(r, err, ordinal, "ISA", start, ISA_MESSAGE, ISA_HINT,
						   "ISA16, the component separator, is a letter, digit, white space or the element separator");
	if (is_alnum(d.segment) || d.segment == ' ' || d.segment == '\t' || d.segment == '\0' ||
		d.segment == e || d.segment == d.component)
		return reader_fail(r, err, ordinal, "ISA", start, ISA_MESSAGE, ISA_HINT,
						   "the segment terminator after ISA16 is a letter, digit, space or another delimiter");

	/* 16 separators lie in [start + 3, q]: exactly 16 elements */
	split_elements(b, start, q + 2, e, seg);
	isa11 = seg->el[11];
	isa12 = seg->el[12];
	if (isa12.len != 5 || !is_digit(isa12.data[0]) || !is_digit(isa12.data[1]) ||
		!is_digit(isa12.data[2]) || !is_digit(isa12.data[3]) || !is_digit(isa12.data[4]))
		return reader_fail(r, err, ordinal, "ISA", start, ISA_MESSAGE, ISA_HINT,
						   "ISA12, the version number, is not 5 digits");
	/* ISA11 became the repetition separator in version 00402 (HIPAA uses 00501) */
	if (memcmp(isa12.data, "00402", 5) >= 0 && isa11.len == 1 && !is_alnum(isa11.data[0]) &&
		!is_space(isa11.data[0]))
	{
		d.repetition = isa11.data[0];
		if (d.repetition == e || d.repetition == d.segment)
			return reader_fail(r, err, ordinal, "ISA", start, ISA_MESSAGE, ISA_HINT,
							   "ISA11, the repetition separator, is the element separator or the segment terminator");
	}
	r->delims = d;
	r->have_delims = true;
	*end = term;
	return CS_X12_SEGMENT;
}

cs_x12_token
cs_x12_next(cs_x12_reader *r, cs_x12_segment *seg, cs_error *err)
{
	const char *b = r->buf;
	size_t		start;
	size_t		end = 0;
	int64_t		ordinal;

	if (r->failed)
	{
		*err = r->error;
		return CS_X12_ERROR;
	}
	while (r->pos < r->len && is_space(b[r->pos]))
		r->pos++;
	if (r->pos >= r->len)
		return CS_X12_EOF;

	start = r->pos;
	ordinal = r->ordinal + 1;
	/* Ctrl-Z (a DOS end-of-file mark) after the last segment */
	if (b[start] == 0x1A && r->have_delims && r->findings != NULL && only_eof_marks(b, start, r->len))
	{
		if (!tolerate(r, err, CS_X12_TRAILING_DATA, ordinal, NULL, start,
					  "X12 document has data after its last segment",
					  "an end-of-file character (Ctrl-Z, 0x1A) follows the last segment; it was ignored"))
			return CS_X12_ERROR;
		r->pos = r->len;
		return CS_X12_EOF;
	}
	if (r->len - start >= 4 && memcmp(b + start, "ISA", 3) == 0 && !is_alnum(b[start + 3]))
	{
		if (read_isa(r, start, ordinal, seg, &end, err) != CS_X12_SEGMENT)
			return CS_X12_ERROR;
	}
	else if (!r->have_delims)
		return reader_fail(r, err, ordinal, NULL, start, "invalid X12 document: no interchange header",
						   "An X12 document starts with an ISA segment; check that the input is X12.",
						   "the document does not start with an ISA segment");
	else
	{
		size_t		room = r->len - start;
		size_t		scan = room < CS_X12_MAX_SEGMENT + 1 ? room : CS_X12_MAX_SEGMENT + 1;
		const char *t = memchr(b + start, r->delims.segment, scan);

		size_t		cut;
		char		id[4];

		if (t == NULL)
		{
			size_t		stop = r->len;

			/* the final IEA without its terminator: the document's end (before white space or Ctrl-Z) */
			while (stop > start && (is_space(b[stop - 1]) || b[stop - 1] == 0x1A))
				stop--;
			if (room <= CS_X12_MAX_SEGMENT && r->findings != NULL && stop - start >= 4 &&
				memcmp(b + start, "IEA", 3) == 0 && b[start + 3] == r->delims.element)
			{
				if (!tolerate(r, err, CS_X12_MISSING_TERMINATOR, ordinal, "IEA", start,
							  "X12 interchange trailer has no segment terminator",
							  "the document ends after the interchange trailer (IEA) without its segment terminator"))
					return CS_X12_ERROR;
				if (stop < r->len && only_eof_marks(b, stop, r->len) &&
					!tolerate(r, err, CS_X12_TRAILING_DATA, ordinal, "IEA", start,
							  "X12 document has data after its last segment",
							  "an end-of-file character (Ctrl-Z, 0x1A) follows the last segment; it was ignored"))
					return CS_X12_ERROR;
				t = b + stop;	/* the end stands for the terminator; r->pos goes past len below */
			}
			else if (room <= CS_X12_MAX_SEGMENT)
				return reader_fail(r, err, ordinal, NULL, start, "X12 document is truncated",
								   "Send the whole document; every segment ends with the segment terminator declared after ISA16.",
								   "the document ends inside this segment (no segment terminator)");
			else
				return reader_fail(r, err, ordinal, NULL, start, "X12 segment is too long",
								   "Segments are at most 4096 bytes; check the segment terminator declared after ISA16.",
								   "no segment terminator within 4096 bytes");
		}
		end = (size_t) (t - b);
		/* CR/LF written before the terminator ("SE*9*0001\r\n~") are not part of the last element */
		cut = end;
		while (r->findings != NULL && cut > start && (b[cut - 1] == '\r' || b[cut - 1] == '\n'))
			cut--;
		if (!split_elements(b, start, cut, r->delims.element, seg))
			return reader_fail(r, err, ordinal, NULL, start, "X12 segment has too many elements",
							   "Segments have at most 64 elements; check the element separator declared in the ISA.",
							   "more than 64 elements");
		if (!valid_id(seg->el[0]))
			return reader_fail(r, err, ordinal, NULL, start, "invalid X12 segment",
							   "Each segment starts with its identifier (2 or 3 upper-case letters and digits); check for binary data or a wrong segment terminator.",
							   "the segment does not start with a valid segment identifier");
		memcpy(id, seg->el[0].data, seg->el[0].len);
		id[seg->el[0].len] = '\0';
		if (cut < end &&
			!tolerate(r, err, CS_X12_LINE_BREAK, ordinal, id, start,
					  "X12 segment has a line break before its terminator",
					  "a line break stands before the segment terminator (the first such segment); line breaks before terminators were removed"))
			return CS_X12_ERROR;
		/* lenient mode: values padded with trailing spaces ("D8 ") are read without them */
		if (r->findings != NULL && r->mode == CS_X12_LENIENT)
		{
			for (int i = 1; i <= seg->nelements; i++)
			{
				cs_x12_span *v = &seg->el[i];

				if (v->len == 0 || v->data[v->len - 1] != ' ')
					continue;
				while (v->len > 0 && v->data[v->len - 1] == ' ')
					v->len--;
				if (!tolerate(r, err, CS_X12_PADDED_ELEMENT, ordinal, id, start,
							  "X12 element is padded with spaces",
							  "an element is padded with trailing spaces (the first such segment); trailing spaces were removed"))
					return CS_X12_ERROR;
			}
		}
	}
	memcpy(seg->id, seg->el[0].data, seg->el[0].len);
	seg->id[seg->el[0].len] = '\0';
	seg->code = CS_X12_CODE(seg->id[0], seg->id[1], seg->id[2]);
	seg->ordinal = ordinal;
	seg->offset = start;
	seg->delims = r->delims;
	r->ordinal = ordinal;
	r->pos = end < r->len ? end + 1 : r->len;
	return CS_X12_SEGMENT;
}

/* ---- elements, components, repetitions ------------------------------------------------------- */

int
cs_x12_count(cs_x12_span v, char sep)
{
	int			n = 1;

	if (v.len == 0)
		return 0;
	if (sep == '\0')
		return 1;
	for (size_t i = 0; i < v.len; i++)
		if (v.data[i] == sep)
			n++;
	return n;
}

cs_x12_span
cs_x12_part(cs_x12_span v, char sep, int k)
{
	size_t		from = 0;
	int			n = 0;

	if (v.len == 0 || k < 0)
		return span(NULL, 0);
	if (sep == '\0')
		return k == 0 ? v : span(NULL, 0);
	for (size_t i = 0; i <= v.len; i++)
	{
		if (i == v.len || v.data[i] == sep)
		{
			if (n == k)
				return span(v.data + from, i - from);
			n++;
			from = i + 1;
		}
	}
	return span(NULL, 0);
}

int
cs_x12_repetitions(const cs_x12_segment *s, int i)
{
	return cs_x12_count(cs_x12_el(s, i), s->delims.repetition);
}

cs_x12_span
cs_x12_repetition(const cs_x12_segment *s, int i, int k)
{
	return cs_x12_part(cs_x12_el(s, i), s->delims.repetition, k);
}

cs_x12_span
cs_x12_component(const cs_x12_segment *s, int i, int k, bool *alternate)
{
	cs_x12_span v = cs_x12_el(s, i);
	char		sep = s->delims.component;
	static const char customary[] = {':', '>'};

	if (alternate)
		*alternate = false;
	if (v.len > 0 && memchr(v.data, sep, v.len) == NULL)
	{
		for (int c = 0; c < 2; c++)
		{
			char		alt = customary[c];

			if (alt == sep || alt == s->delims.element || alt == s->delims.repetition ||
				alt == s->delims.segment)
				continue;
			if (memchr(v.data, alt, v.len) != NULL)
			{
				sep = alt;
				if (alternate)
					*alternate = true;
				break;
			}
		}
	}
	return cs_x12_part(v, sep, k - 1);
}

bool
cs_x12_span_eq(cs_x12_span a, cs_x12_span b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
}

bool
cs_x12_eq(cs_x12_span v, const char *s)
{
	/* one pass, no strlen: the literals compared with are a few bytes long */
	for (size_t i = 0; i < v.len; i++)
		if (s[i] == '\0' || s[i] != v.data[i])
			return false;
	return s[v.len] == '\0';
}

cs_x12_span
cs_x12_trim(cs_x12_span v)
{
	while (v.len > 0 && v.data[0] == ' ')
	{
		v.data++;
		v.len--;
	}
	while (v.len > 0 && v.data[v.len - 1] == ' ')
		v.len--;
	return span(v.data, v.len);
}

/* ---- values --------------------------------------------------------------------------------- */

typedef enum scaled_result
{
	SCALED_OK = 0,
	SCALED_EMPTY,
	SCALED_SYNTAX,
	SCALED_PRECISION,
	SCALED_RANGE
} scaled_result;

/*
 * A decimal number in units of 10^-scale, |value| <= limit: [-]digits[.digits]; decimals past the
 * scale must be zeros.
 */
static scaled_result
parse_scaled(cs_x12_span v, int scale, int64_t limit, int64_t *out)
{
	size_t		i = 0;
	bool		negative = false;
	bool		point = false;
	int			decimals = 0;
	int			digits = 0;
	int64_t		acc = 0;

	if (v.len == 0)
		return SCALED_EMPTY;
	if (v.data[0] == '-')
	{
		negative = true;
		i = 1;
	}
	for (; i < v.len; i++)
	{
		char		c = v.data[i];
		int			d;

		if (c == '.')
		{
			if (point)
				return SCALED_SYNTAX;
			point = true;
			continue;
		}
		if (!is_digit(c))
			return SCALED_SYNTAX;
		digits++;
		d = c - '0';
		if (point)
		{
			if (decimals == scale)
			{
				if (d != 0)
					return SCALED_PRECISION;
				continue;
			}
			decimals++;
		}
		if (acc > (limit - d) / 10)
			return SCALED_RANGE;
		acc = acc * 10 + d;
	}
	if (digits == 0)
		return SCALED_SYNTAX;
	for (; decimals < scale; decimals++)
	{
		if (acc > limit / 10)
			return SCALED_RANGE;
		acc *= 10;
	}
	*out = negative ? -acc : acc;
	return SCALED_OK;
}

cs_status
cs_x12_amount(const cs_x12_segment *s, int i, cs_cents *out, cs_error *err)
{
	switch (parse_scaled(cs_x12_el(s, i), 2, CS_MONEY_MAX, out))
	{
		case SCALED_OK:
			return CS_OK;
		case SCALED_EMPTY:
			*out = CS_X12_NO_AMOUNT;
			return CS_OK;
		case SCALED_PRECISION:
			return cs_x12_fail(err, s, i, "invalid X12 amount",
							   "Amounts are in dollars with at most two decimals that are not zero.",
							   "the amount has fractions of a cent");
		case SCALED_RANGE:
			return cs_x12_fail(err, s, i, "invalid X12 amount",
							   "A single amount can be at most 1000000000.00 in absolute value.",
							   "the amount is out of range");
		default:
			return cs_x12_fail(err, s, i, "invalid X12 amount",
							   "Amounts are written as an optional minus sign, digits and an optional decimal point, e.g. 1250.00.",
							   "the amount is not a decimal number");
	}
}

cs_status
cs_x12_decimal(const cs_x12_segment *s, int i, int64_t *out, cs_error *err)
{
	switch (parse_scaled(cs_x12_el(s, i), 6, INT64_C(1000000000000000000), out))
	{
		case SCALED_OK:
			return CS_OK;
		case SCALED_EMPTY:
			*out = CS_X12_NO_AMOUNT;
			return CS_OK;
		case SCALED_PRECISION:
			return cs_x12_fail(err, s, i, "invalid X12 number",
							   "Percentages and quantities have at most six decimals that are not zero.",
							   "the number has more than six decimals");
		case SCALED_RANGE:
			return cs_x12_fail(err, s, i, "invalid X12 number",
							   "Percentages and quantities are at most 10^12 in absolute value.",
							   "the number is out of range");
		default:
			return cs_x12_fail(err, s, i, "invalid X12 number",
							   "Numbers are written as an optional minus sign, digits and an optional decimal point, e.g. 0.2.",
							   "the value is not a decimal number");
	}
}

bool
cs_x12_uint(cs_x12_span v, int64_t *out)
{
	int64_t		acc = 0;

	if (v.len == 0 || v.len > 18)
		return false;
	for (size_t i = 0; i < v.len; i++)
	{
		if (!is_digit(v.data[i]))
			return false;
		acc = acc * 10 + (v.data[i] - '0');
	}
	*out = acc;
	return true;
}

/* CCYYMMDD at p (8 bytes) into a day number; false when it is not a calendar date */
static bool
read_ccyymmdd(const char *p, cs_date *out)
{
	int			y,
				m,
				d;

	for (int i = 0; i < 8; i++)
		if (!is_digit(p[i]))
			return false;
	y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
	m = (p[4] - '0') * 10 + (p[5] - '0');
	d = (p[6] - '0') * 10 + (p[7] - '0');
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > cs_days_in_month(y, m))
		return false;
	*out = cs_date_from_ymd(y, m, d);
	return true;
}

#define DATE_HINT "Dates are written CCYYMMDD (D8) or CCYYMMDD-CCYYMMDD (RD8) and must exist in the calendar."

cs_status
cs_x12_date(const cs_x12_segment *s, int i, cs_date *out, cs_error *err)
{
	cs_x12_span v = cs_x12_el(s, i);

	if (v.len == 0)
	{
		*out = CS_X12_NO_DATE;
		return CS_OK;
	}
	if (v.len != 8 || !read_ccyymmdd(v.data, out))
		return cs_x12_fail(err, s, i, "invalid X12 date", DATE_HINT,
						   "the value is not a calendar date in CCYYMMDD form");
	return CS_OK;
}

cs_status
cs_x12_period_read(const cs_x12_segment *s, int fmt, int val, cs_x12_period *out, cs_error *err)
{
	cs_x12_span f = cs_x12_el(s, fmt);
	cs_x12_span v = cs_x12_el(s, val);

	out->begin = out->end = CS_X12_NO_DATE;
	if (f.len == 0 && v.len == 0)
		return CS_OK;
	if (cs_x12_eq(f, "D8"))
	{
		if (cs_x12_date(s, val, &out->begin, err) != CS_OK)
			return err->status;
		out->end = out->begin;
		return CS_OK;
	}
	if (cs_x12_eq(f, "RD8"))
	{
		if (v.len != 17 || v.data[8] != '-' || !read_ccyymmdd(v.data, &out->begin) ||
			!read_ccyymmdd(v.data + 9, &out->end))
			return cs_x12_fail(err, s, val, "invalid X12 date", DATE_HINT,
							   "the value is not a date range in CCYYMMDD-CCYYMMDD form");
		/* a reversed range is returned as read: the caller refuses it or records a finding */
		return CS_OK;
	}
	return cs_x12_fail(err, s, fmt, "invalid X12 date", DATE_HINT,
					   "the date format qualifier is neither D8 nor RD8");
}

void
cs_x12_party_from_nm1(const cs_x12_segment *s, cs_x12_party *p)
{
	p->entity = cs_x12_el(s, 1);
	p->type = cs_x12_el(s, 2);
	p->last = cs_x12_el(s, 3);
	p->first = cs_x12_el(s, 4);
	p->middle = cs_x12_el(s, 5);
	p->suffix = cs_x12_el(s, 7);
	p->id_qualifier = cs_x12_el(s, 8);
	p->id = cs_x12_el(s, 9);
}

bool
cs_x12_version_is(cs_x12_span v, const char *guide)
{
	size_t		n = strlen(guide);

	v = cs_x12_trim(v);
	return v.len == 0 || (v.len >= n && memcmp(v.data, guide, n) == 0);
}

/* ---- findings ------------------------------------------------------------------------------- */

cs_status
cs_x12_finding_at(cs_x12_findings *fs, cs_x12_mode mode, cs_x12_finding_kind kind, int64_t ordinal,
				  size_t offset, const char *id, int64_t stated, int64_t counted,
				  const char *message, const char *hint, const char *text, cs_error *err)
{
	char		buf[sizeof(((cs_x12_finding *) 0)->text)];
	int			n;

	n = position(buf, sizeof(buf), ordinal, id, offset);
	if (n >= 0 && (size_t) n < sizeof(buf))
		snprintf(buf + n, sizeof(buf) - n, ": %s.", text);
	fs->total++;
	if (fs->n < CS_X12_MAX_FINDINGS)
	{
		cs_x12_finding *f = &fs->f[fs->n++];

		f->kind = kind;
		f->segment = ordinal;
		f->offset = offset;
		snprintf(f->id, sizeof(f->id), "%s", id);
		f->stated = stated;
		f->counted = counted;
		memcpy(f->text, buf, sizeof(f->text));
	}
	if (mode == CS_X12_STRICT)
		return cs_fail(err, CS_ERR_FORMAT, message, hint, "%s", buf);
	return CS_OK;
}

cs_status
cs_x12_date_order(cs_x12_findings *fs, cs_x12_mode mode, int64_t ordinal, size_t offset, const char *id,
				  const char *text, cs_error *err)
{
	return cs_x12_finding_at(fs, mode, CS_X12_DATE_ORDER, ordinal, offset, id, 0, 0,
							 "X12 date range ends before it begins",
							 "A period runs from its first day to its last day: correct the dates, or read the document in lenient mode to drop the period with a finding.",
							 text, err);
}

cs_status
cs_x12_finding_add(cs_x12_findings *fs, cs_x12_mode mode, cs_x12_finding_kind kind,
				   const cs_x12_segment *s, int64_t stated, int64_t counted, const char *message,
				   const char *hint, const char *text, cs_error *err)
{
	return cs_x12_finding_at(fs, mode, kind, s->ordinal, s->offset, s->id, stated, counted, message,
							 hint, text, err);
}

/* ---- envelope ------------------------------------------------------------------------------- */

void
cs_x12_envelope_init(cs_x12_envelope *e, cs_x12_mode mode, cs_x12_findings *findings)
{
	memset(e, 0, sizeof(*e));
	e->mode = mode;
	e->findings = findings;
	/* f[] is read only below n: no need to clear its 8 KB for every document */
	findings->n = 0;
	findings->total = 0;
}

bool
cs_x12_is_envelope(const cs_x12_segment *s)
{
	switch (s->code)
	{
		case CS_X12_CODE('I', 'S', 'A'):
		case CS_X12_CODE('I', 'E', 'A'):
		case CS_X12_CODE('G', 'S', 0):
		case CS_X12_CODE('G', 'E', 0):
		case CS_X12_CODE('S', 'T', 0):
		case CS_X12_CODE('S', 'E', 0):
		case CS_X12_CODE('T', 'A', '1'):
			return true;
		default:
			return false;
	}
}

#define NEST_MESSAGE "invalid X12 envelope"
#define NEST_HINT "Envelopes nest as ISA, GS, ST ... SE, GE, IEA; data segments belong between ST and SE."
#define COUNT_MESSAGE "X12 envelope count or control number does not match"
#define COUNT_HINT "Correct the trailer (SE, GE or IEA) or the document it closes, or read the document in lenient mode to get the mismatches as warnings."

static cs_status
nest_fail(cs_error *err, const cs_x12_segment *s, const char *what)
{
	return cs_x12_fail(err, s, 0, NEST_MESSAGE, NEST_HINT, what);
}

/* A trailer's count (element 1) against what was counted */
static cs_status
check_count(cs_x12_envelope *e, const cs_x12_segment *s, cs_x12_finding_kind kind, int64_t counted,
			const char *what, cs_error *err)
{
	int64_t		stated;
	char		text[160];

	if (!cs_x12_uint(cs_x12_trim(cs_x12_el(s, 1)), &stated))
	{
		snprintf(text, sizeof(text), "%s01 is not a count (%lld %s counted)", s->id,
				 (long long) counted, what);
		return cs_x12_finding_add(e->findings, e->mode, kind, s, -1, counted, COUNT_MESSAGE,
								  COUNT_HINT, text, err);
	}
	if (stated == counted)
		return CS_OK;
	snprintf(text, sizeof(text), "%s01 says %lld %s, %lld counted", s->id, (long long) stated, what,
			 (long long) counted);
	return cs_x12_finding_add(e->findings, e->mode, kind, s, stated, counted, COUNT_MESSAGE,
							  COUNT_HINT, text, err);
}

/* A trailer's control number (element 2) against its header's */
static cs_status
check_control(cs_x12_envelope *e, const cs_x12_segment *s, cs_x12_finding_kind kind,
			  cs_x12_span header, const char *header_el, int64_t header_segment, cs_error *err)
{
	char		text[160];

	if (cs_x12_span_eq(cs_x12_trim(cs_x12_el(s, 2)), cs_x12_trim(header)))
		return CS_OK;
	snprintf(text, sizeof(text), "%s02 differs from %s of segment %lld", s->id, header_el,
			 (long long) header_segment);
	return cs_x12_finding_add(e->findings, e->mode, kind, s, 0, 0, COUNT_MESSAGE, COUNT_HINT, text,
							  err);
}

cs_status
cs_x12_envelope_feed(cs_x12_envelope *e, const cs_x12_segment *s, cs_error *err)
{
	uint32_t	code = s->code;

	if (code == CS_X12_CODE('I', 'S', 'A'))
	{
		if (e->depth != 0)
			return nest_fail(err, s, "an interchange begins before the previous one ended with IEA");
		e->depth = 1;
		e->isa_segment = s->ordinal;
		e->isa13 = cs_x12_el(s, 13);
		e->groups = 0;
		e->interchanges_total++;
		return CS_OK;
	}
	if (e->depth == 0)
		return nest_fail(err, s, "the segment is outside an interchange (after IEA)");
	if (code == CS_X12_CODE('I', 'E', 'A'))
	{
		if (e->depth != 1)
			return nest_fail(err, s, e->depth == 2 ?
							 "IEA closes the interchange while a functional group is open (GE missing)" :
							 "IEA closes the interchange while a transaction set is open (SE missing)");
		e->depth = 0;
		if (check_count(e, s, CS_X12_IEA_COUNT, e->groups, "functional groups", err) != CS_OK ||
			check_control(e, s, CS_X12_IEA_CONTROL, e->isa13, "ISA13", e->isa_segment, err) != CS_OK)
			return err->status;
		return CS_OK;
	}
	if (code == CS_X12_CODE('T', 'A', '1'))
	{
		if (e->depth != 1)
			return nest_fail(err, s, "TA1 stands between ISA and the first GS only");
		return CS_OK;
	}
	if (code == CS_X12_CODE('G', 'S', 0))
	{
		if (e->depth != 1)
			return nest_fail(err, s, e->depth == 2 ?
							 "a functional group begins before the previous one ended with GE" :
							 "a functional group begins inside a transaction set (SE missing)");
		e->depth = 2;
		e->gs_segment = s->ordinal;
		e->gs06 = cs_x12_el(s, 6);
		e->gs08 = cs_x12_el(s, 8);
		e->transactions = 0;
		e->groups++;
		return CS_OK;
	}
	if (code == CS_X12_CODE('G', 'E', 0))
	{
		if (e->depth != 2)
			return nest_fail(err, s, e->depth == 1 ? "GE without GS" :
							 "GE closes the group while a transaction set is open (SE missing)");
		e->depth = 1;
		if (check_count(e, s, CS_X12_GE_COUNT, e->transactions, "transaction sets", err) != CS_OK ||
			check_control(e, s, CS_X12_GE_CONTROL, e->gs06, "GS06", e->gs_segment, err) != CS_OK)
			return err->status;
		return CS_OK;
	}
	if (code == CS_X12_CODE('S', 'T', 0))
	{
		if (e->depth != 2)
			return nest_fail(err, s, e->depth == 1 ? "ST outside a functional group (GS missing)" :
							 "a transaction set begins before the previous one ended with SE");
		e->depth = 3;
		e->st_segment = s->ordinal;
		e->st01 = cs_x12_el(s, 1);
		e->st02 = cs_x12_el(s, 2);
		e->st03 = cs_x12_el(s, 3);
		e->segments = 1;
		e->transactions++;
		e->transactions_total++;
		return CS_OK;
	}
	if (e->depth != 3)
		return nest_fail(err, s, code == CS_X12_CODE('S', 'E', 0) ? "SE without ST" :
						 "the segment is outside a transaction set (between ST and SE)");
	e->segments++;
	if (code == CS_X12_CODE('S', 'E', 0))
	{
		e->depth = 2;
		if (check_count(e, s, CS_X12_SE_COUNT, e->segments, "segments", err) != CS_OK ||
			check_control(e, s, CS_X12_SE_CONTROL, e->st02, "ST02", e->st_segment, err) != CS_OK)
			return err->status;
	}
	return CS_OK;
}

cs_status
cs_x12_envelope_end(cs_x12_envelope *e, const cs_x12_reader *r, cs_error *err)
{
	static const char *const open[] = {"", "interchange (IEA missing)", "functional group (GE missing)",
	"transaction set (SE missing)"};
	int64_t		since[] = {0, e->isa_segment, e->gs_segment, e->st_segment};

	if (e->interchanges_total == 0)
		return cs_fail(err, CS_ERR_FORMAT, "invalid X12 document: no interchange header",
					   "An X12 document starts with an ISA segment; check that the input is X12.",
					   "The document holds no segment.");
	if (e->depth != 0)
		return cs_fail(err, CS_ERR_FORMAT, "X12 document is truncated",
					   "Send the whole document: every ST needs its SE, every GS its GE and every ISA its IEA.",
					   "The document ends after segment %lld (byte offset %zu) inside the %s begun at segment %lld.",
					   (long long) r->ordinal, r->len, open[e->depth], (long long) since[e->depth]);
	return CS_OK;
}

cs_status
cs_x12_walk(const char *buf, size_t len, cs_x12_mode mode, cs_x12_segment_fn fn, void *arg,
			cs_x12_result *result, cs_error *err)
{
	cs_x12_reader r;
	cs_x12_envelope e;
	cs_x12_segment s;
	cs_x12_token t;

	result->segments = 0;
	result->transactions = 0;
	result->records = 0;
	cs_x12_init(&r, buf, len);
	cs_x12_envelope_init(&e, mode, &result->findings);
	r.findings = &result->findings;
	r.mode = mode;
	while ((t = cs_x12_next(&r, &s, err)) == CS_X12_SEGMENT)
	{
		result->segments = r.ordinal;
		if (cs_x12_envelope_feed(&e, &s, err) != CS_OK)
			return err->status;
		result->transactions = e.transactions_total;
		if (fn != NULL && fn(&s, &e, arg, err) != CS_OK)
			return err->status;
	}
	if (t == CS_X12_ERROR)
		return err->status;
	return cs_x12_envelope_end(&e, &r, err);
}

cs_status
cs_x12_check(const char *buf, size_t len, cs_x12_mode mode, cs_x12_findings *findings,
			 int64_t *segments, cs_error *err)
{
	cs_x12_result result;
	cs_status	status = cs_x12_walk(buf, len, mode, NULL, NULL, &result, err);

	findings->n = result.findings.n;
	findings->total = result.findings.total;
	memcpy(findings->f, result.findings.f, sizeof(findings->f[0]) * (size_t) result.findings.n);
	if (segments)
		*segments = result.segments;
	return status;
}
