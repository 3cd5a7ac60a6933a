/*
 * cs_x12.h — the one X12 tokenizer, the envelope checks, and the value readers every X12 parser shares.
 *
 * Tokenizer.  An iterator over a caller's buffer that returns one segment at a time: its identifier,
 * its elements (pointers into the buffer, nothing is copied or allocated), its ordinal number in the
 * document (from 1) and the byte offset where it starts.  Delimiters come from each ISA as the standard
 * defines them: the element separator is the 4th character; the ISA has 16 elements, so the character
 * after the 16th element separator is ISA16, the component separator, and the one after that is the
 * segment terminator; ISA11 is the repetition separator when ISA12 is 00402 or later (00501 for HIPAA)
 * and is not a letter or digit.  Accepted real-world variants: an unpadded ISA (the 16th separator is
 * searched for, not assumed at byte 103), CR, LF or nothing after terminators, a UTF-8 byte order mark,
 * whitespace before segments (indentation) and at the end, 0x1D or any other non-alphanumeric
 * terminator, the same character for repetition and component separators, and several interchanges
 * (each with its own delimiters), groups and transaction sets in one document.  Through cs_x12_walk,
 * also (as findings, see cs_x12_init): a trailing Ctrl-Z, a final IEA without its terminator, CR/LF
 * before terminators, and (lenient mode) elements padded with trailing spaces.
 *
 * Bounded: the tokenizer never reads outside [buf, buf + len), segments are at most
 * CS_X12_MAX_SEGMENT bytes and CS_X12_MAX_ELEMENTS elements (longer ones are refused with
 * CS_ERR_FORMAT).  Errors name the segment's ordinal number, its identifier when it has a valid one,
 * the byte offset and the element position, never element values: X12 carries member names, IDs and
 * birth dates, which must not reach server logs.
 *
 * Envelope.  ISA/IEA, GS/GE and ST/SE are checked as segments go by: nesting, counts (SE01, GE01,
 * IEA01) and control numbers (SE02 = ST02, GE02 = GS06, IEA02 = ISA13).  A broken nesting (a segment
 * outside a transaction set, a trailer without its header, a document that ends inside an envelope) is
 * always an error.  A wrong count or control number is a finding: strict mode turns the first finding
 * into an error, lenient mode collects findings as warnings (the parsers add their own findings, e.g.
 * an 835 that does not balance, to the same list).
 */
#ifndef CS_X12_H
#define CS_X12_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_date.h"
#include "cs_error.h"
#include "cs_money.h"

/* Limits: longer or wider segments are refused (the longest 5010 segments are a few hundred bytes) */
#define CS_X12_MAX_SEGMENT	4096	/* bytes between a segment's start and its terminator */
#define CS_X12_MAX_ELEMENTS 64		/* elements after the segment identifier */
#define CS_X12_MAX_ISA		256		/* bytes searched for the 16 separators of an unpadded ISA */
#define CS_X12_MAX_FINDINGS 32		/* findings kept; later ones are only counted */

/* Values that were not given */
#define CS_X12_NO_AMOUNT	INT64_MIN	/* amounts may be negative in X12, so -1 cannot mean absent */
#define CS_X12_NO_DATE		INT32_MIN

/*
 * A value inside the caller's buffer: not NUL-terminated.  len is 0 when the value is absent or empty,
 * and data may then be NULL: test len, never data.
 */
typedef struct cs_x12_span
{
	const char *data;
	size_t		len;
} cs_x12_span;

typedef struct cs_x12_delims
{
	char		element;		/* ISA, 4th character */
	char		component;		/* ISA16 */
	char		repetition;		/* ISA11 when it is one (version 00402 and later), else '\0' */
	char		segment;		/* the character after ISA16 */
} cs_x12_delims;

/*
 * A segment identifier as one number, for dispatch by switch instead of string comparisons:
 * CS_X12_CODE('E', 'B', 0) is the code of EB, CS_X12_CODE('N', 'M', '1') that of NM1.
 */
#define CS_X12_CODE(a, b, c) \
	(((uint32_t) (unsigned char) (a) << 16) | ((uint32_t) (unsigned char) (b) << 8) | \
	 (uint32_t) (unsigned char) (c))

typedef struct cs_x12_segment
{
	char		id[4];			/* the segment identifier, 2 or 3 upper-case letters and digits */
	uint32_t	code;			/* the identifier as CS_X12_CODE(id[0], id[1], id[2]) */
	int			nelements;		/* elements after the identifier */
	cs_x12_span el[CS_X12_MAX_ELEMENTS + 1];	/* el[0] = the identifier, el[1..nelements] */
	int64_t		ordinal;		/* from 1, counted over the whole document */
	size_t		offset;			/* byte offset of the identifier's first character */
	cs_x12_delims delims;		/* the delimiters of the interchange it belongs to */
} cs_x12_segment;

typedef enum cs_x12_token
{
	CS_X12_SEGMENT = 0,			/* *seg is filled */
	CS_X12_EOF,					/* no more segments */
	CS_X12_ERROR				/* malformed input; *err is set; every later call returns it again */
} cs_x12_token;

struct cs_x12_findings;

typedef struct cs_x12_reader
{
	const char *buf;
	size_t		len;
	size_t		pos;			/* next byte to read */
	int64_t		ordinal;		/* segments returned so far */
	bool		have_delims;	/* an ISA has been read */
	cs_x12_delims delims;
	bool		failed;
	cs_error	error;			/* the error returned, for later calls */

	/*
	 * Tolerances (set by cs_x12_walk; a reader from cs_x12_init has none and refuses these variants
	 * as before): with a findings list, a trailing Ctrl-Z, a final IEA without its terminator and
	 * CR/LF before terminators are findings (errors in strict mode) and then read through; in lenient
	 * mode elements padded with trailing spaces are trimmed with a finding.
	 */
	struct cs_x12_findings *findings;
	int			mode;			/* a cs_x12_mode */
	unsigned	tolerated;		/* the tolerances already reported (1 << kind) */
} cs_x12_reader;

/*
 * Start reading buf[0..len); a UTF-8 byte order mark at the start is skipped.  Variants a lenient
 * reader tolerates (cs_x12_walk sets findings and mode):
 *   - end-of-file characters (Ctrl-Z, 0x1A), with white space, after the last segment: ignored;
 *   - a final IEA without its segment terminator (the document's end, before any trailing white
 *     space or Ctrl-Z, ends it);
 *   - CR and LF between a segment's last element and its terminator ("SE*9*0001\r\n~"): removed
 *     (otherwise they would be part of the last element's value);
 *   - in lenient mode only, elements padded with trailing spaces ("DTP*291*D8 *20240101"): trimmed
 *     (strict mode reads values as sent).
 * Each is reported once per document as a finding: a warning in lenient mode, the error in strict
 * mode (except padding, which strict mode leaves alone).
 */
void		cs_x12_init(cs_x12_reader *r, const char *buf, size_t len);

/* The next segment of the document; the first must be an ISA */
cs_x12_token cs_x12_next(cs_x12_reader *r, cs_x12_segment *seg, cs_error *err);

/* ---- elements, components, repetitions ------------------------------------------------------- */

/* Element i (1-based); an element past the last one is empty (inline: parsers call it for every value) */
static inline cs_x12_span
cs_x12_el(const cs_x12_segment *s, int i)
{
	if (i < 1 || i > s->nelements || i > CS_X12_MAX_ELEMENTS)
	{
		cs_x12_span none = {"", 0};

		return none;
	}
	return s->el[i];
}

/* The number of parts of v split on sep (an empty value has 0 parts; sep '\0' gives 1 part) */
int			cs_x12_count(cs_x12_span v, char sep);

/* Part k (0-based) of v split on sep; empty when there is no such part */
cs_x12_span cs_x12_part(cs_x12_span v, char sep, int k);

/* Repetitions of a repeating element (split on ISA11; one repetition when there is no separator) */
int			cs_x12_repetitions(const cs_x12_segment *s, int i);
cs_x12_span cs_x12_repetition(const cs_x12_segment *s, int i, int k);

/*
 * Component k (1-based) of a composite element.  When the declared component separator (ISA16) does
 * not occur in the element but the other customary one (':' or '>') does, the element is split on that
 * one and *alternate is set: some producers write the TR3 examples' '>' whatever ISA16 declares.  The
 * caller decides whether to tolerate it (a finding) or refuse it; alternate may be NULL.
 */
cs_x12_span cs_x12_component(const cs_x12_segment *s, int i, int k, bool *alternate);

/* Comparisons and trimming */
bool		cs_x12_eq(cs_x12_span v, const char *s);
bool		cs_x12_span_eq(cs_x12_span a, cs_x12_span b);
cs_x12_span cs_x12_trim(cs_x12_span v);		/* without leading and trailing spaces */

/* ---- values (each refusal names the segment, its position and the element, never the value) ---- */

/*
 * An amount (X12 type R, e.g. "-9.00", "5956.09", "6000") in cents: an optional minus sign, digits,
 * an optional decimal point; more than two decimals only when the extra digits are zeros; at most
 * CS_MONEY_MAX in absolute value.  An empty element gives CS_X12_NO_AMOUNT.
 */
cs_status	cs_x12_amount(const cs_x12_segment *s, int i, cs_cents *out, cs_error *err);

/*
 * A decimal (percent, quantity) in millionths: "0.5" -> 500000, "20" -> 20000000; at most six
 * decimals unless the extra digits are zeros; absolute value at most 10^12.  Empty -> CS_X12_NO_AMOUNT.
 */
cs_status	cs_x12_decimal(const cs_x12_segment *s, int i, int64_t *out, cs_error *err);

/* A non-negative whole number of at most 18 digits (counts); empty or malformed returns false */
bool		cs_x12_uint(cs_x12_span v, int64_t *out);

/* A date CCYYMMDD; empty -> CS_X12_NO_DATE */
cs_status	cs_x12_date(const cs_x12_segment *s, int i, cs_date *out, cs_error *err);

/* A date or a range: begin = end for D8, both for RD8 (CCYYMMDD-CCYYMMDD) */
typedef struct cs_x12_period
{
	cs_date		begin;			/* CS_X12_NO_DATE when not given */
	cs_date		end;
} cs_x12_period;

/*
 * The period of a DTP-style pair: element fmt holds the format qualifier (D8 or RD8) and element val
 * the value.  Other formats are refused.  An RD8 range that ends before it begins is returned as
 * read (end < begin): whether that is an error or a finding is the caller's decision (see
 * cs_x12_date_order).
 */
cs_status	cs_x12_period_read(const cs_x12_segment *s, int fmt, int val, cs_x12_period *out,
							   cs_error *err);

/* A party named by an NM1 segment */
typedef struct cs_x12_party
{
	cs_x12_span entity;			/* NM101 entity identifier code, e.g. PR payer, 1P provider, IL */
	cs_x12_span type;			/* NM102: 1 person, 2 non-person entity */
	cs_x12_span last;			/* NM103: last name or organisation name */
	cs_x12_span first;			/* NM104 */
	cs_x12_span middle;			/* NM105 */
	cs_x12_span suffix;			/* NM107 */
	cs_x12_span id_qualifier;	/* NM108, e.g. XX (NPI), MI (member ID), PI (payer ID) */
	cs_x12_span id;				/* NM109 */
} cs_x12_party;

void		cs_x12_party_from_nm1(const cs_x12_segment *s, cs_x12_party *p);

/*
 * Fill *err with a CS_ERR_FORMAT error about segment s (element i when i > 0): the detail says
 * "Segment N (ID, byte offset B), element IDnn: <what>."  what must not hold document data.
 */
cs_status	cs_x12_fail(cs_error *err, const cs_x12_segment *s, int i, const char *message,
						const char *hint, const char *what);

/* ---- envelope checks and findings ----------------------------------------------------------- */

typedef enum cs_x12_mode
{
	CS_X12_LENIENT = 0,			/* findings are warnings */
	CS_X12_STRICT				/* the first finding is an error */
} cs_x12_mode;

typedef enum cs_x12_finding_kind
{
	CS_X12_SE_COUNT = 1,		/* SE01 differs from the segments counted from ST to SE */
	CS_X12_SE_CONTROL,			/* SE02 differs from ST02 */
	CS_X12_GE_COUNT,			/* GE01 differs from the transaction sets in the group */
	CS_X12_GE_CONTROL,			/* GE02 differs from GS06 */
	CS_X12_IEA_COUNT,			/* IEA01 differs from the functional groups in the interchange */
	CS_X12_IEA_CONTROL,			/* IEA02 differs from ISA13 */
	CS_X12_VERSION,				/* GS08 / ST03 name another implementation guide */
	CS_X12_UNKNOWN_SEGMENT,		/* a segment the transaction set does not define; skipped */
	CS_X12_COMPONENT_SEPARATOR, /* a composite split on ':' or '>' other than ISA16 */
	CS_X12_UNBALANCED_LINE,		/* 835: line charge - paid differs from its adjustments */
	CS_X12_UNBALANCED_CLAIM,	/* 835: claim charge - paid differs from claim + line adjustments */
	CS_X12_PATIENT_RESPONSIBILITY,	/* 835: CLP05 differs from the sum of PR adjustments */
	CS_X12_UNBALANCED_PAYMENT,	/* 835: BPR02 differs from the claims' paid amounts less PLB */
	CS_X12_DATE_ORDER,			/* a date range (RD8, or a begin/end pair such as DTM*232/233 or
								 * DTP*356/357) ends before it begins; lenient mode drops it */
	/* tokenizer tolerances (see cs_x12_next), each reported once per document */
	CS_X12_TRAILING_DATA,		/* Ctrl-Z (0x1A) after the last segment; ignored */
	CS_X12_MISSING_TERMINATOR,	/* the final IEA has no segment terminator; the end closes it */
	CS_X12_LINE_BREAK,			/* CR/LF before a segment terminator; removed */
	CS_X12_PADDED_ELEMENT		/* an element padded with trailing spaces (D8 ); trimmed, lenient only */
} cs_x12_finding_kind;

typedef struct cs_x12_finding
{
	cs_x12_finding_kind kind;
	int64_t		segment;		/* ordinal of the segment it is about */
	size_t		offset;			/* its byte offset */
	char		id[4];			/* its identifier */
	int64_t		stated;			/* the count or amount the document states (cents for money) */
	int64_t		counted;		/* what was counted or summed */
	char		text[200];		/* one sentence, with the position, without document data */
} cs_x12_finding;

typedef struct cs_x12_findings
{
	int			n;				/* kept, at most CS_X12_MAX_FINDINGS */
	int64_t		total;			/* found, including those not kept */
	cs_x12_finding f[CS_X12_MAX_FINDINGS];
} cs_x12_findings;

/*
 * Record a finding about segment s.  In strict mode it is also returned as a CS_ERR_FORMAT error with
 * the given message and hint (and the finding's text as the detail); in lenient mode CS_OK.
 */
cs_status	cs_x12_finding_add(cs_x12_findings *fs, cs_x12_mode mode, cs_x12_finding_kind kind,
							   const cs_x12_segment *s, int64_t stated, int64_t counted,
							   const char *message, const char *hint, const char *text,
							   cs_error *err);

/* The same about a segment read earlier, given its ordinal, byte offset and identifier */
cs_status	cs_x12_finding_at(cs_x12_findings *fs, cs_x12_mode mode, cs_x12_finding_kind kind,
							  int64_t ordinal, size_t offset, const char *id, int64_t stated,
							  int64_t counted, const char *message, const char *hint,
							  const char *text, cs_error *err);

/*
 * Record a CS_X12_DATE_ORDER finding about the segment at (ordinal, offset, id): a period that ends
 * before it begins.  Strict mode returns it as a CS_ERR_FORMAT error (22P04) naming the segment and its
 * byte offset; lenient mode returns CS_OK and the caller drops the period (both of its dates), so that
 * nothing downstream builds a reversed range.  text says which dates, never their values.
 */
cs_status	cs_x12_date_order(cs_x12_findings *fs, cs_x12_mode mode, int64_t ordinal, size_t offset,
							  const char *id, const char *text, cs_error *err);

typedef struct cs_x12_envelope
{
	cs_x12_mode mode;
	cs_x12_findings *findings;
	int			depth;			/* 0 outside, 1 in ISA, 2 in GS, 3 in ST */
	int64_t		isa_segment;	/* ordinals of the open headers */
	int64_t		gs_segment;
	int64_t		st_segment;
	cs_x12_span isa13;			/* control numbers of the open headers */
	cs_x12_span gs06;
	cs_x12_span gs08;
	cs_x12_span st01;
	cs_x12_span st02;
	cs_x12_span st03;
	int64_t		groups;			/* GS in the open ISA */
	int64_t		transactions;	/* ST in the open GS */
	int64_t		segments;		/* segments from ST so far, ST included */
	int64_t		interchanges_total;
	int64_t		transactions_total;
} cs_x12_envelope;

void		cs_x12_envelope_init(cs_x12_envelope *e, cs_x12_mode mode, cs_x12_findings *findings);

/* true for ISA, IEA, GS, GE, ST, SE and TA1 */
bool		cs_x12_is_envelope(const cs_x12_segment *s);

/*
 * Feed every segment in order.  Returns CS_OK, or CS_ERR_FORMAT for a broken nesting (always) or a
 * finding (strict mode).  After it, e->depth == 3 means s is inside a transaction set (ST included).
 */
cs_status	cs_x12_envelope_feed(cs_x12_envelope *e, const cs_x12_segment *s, cs_error *err);

/* At the end of the document: refuses a document without an interchange or with an open envelope */
cs_status	cs_x12_envelope_end(cs_x12_envelope *e, const cs_x12_reader *r, cs_error *err);

/* What a parser saw, and its warnings */
typedef struct cs_x12_result
{
	int64_t		segments;		/* segments read */
	int64_t		transactions;	/* transaction sets read */
	int64_t		records;		/* records handed to the callback */
	cs_x12_findings findings;
} cs_x12_result;

/*
 * Read a whole document through the tokenizer and the envelope checks, calling fn (when not NULL) for
 * every segment, envelope segments included, after the envelope has seen it.  A status other than
 * CS_OK from fn stops the walk and is returned.  The parsers are built on this; result is reset first.
 */
typedef cs_status (*cs_x12_segment_fn) (const cs_x12_segment *s, const cs_x12_envelope *e,
										void *arg, cs_error *err);

cs_status	cs_x12_walk(const char *buf, size_t len, cs_x12_mode mode, cs_x12_segment_fn fn,
						void *arg, cs_x12_result *result, cs_error *err);

/* The envelope checks alone over a whole document: findings and the number of segments read */
cs_status	cs_x12_check(const char *buf, size_t len, cs_x12_mode mode, cs_x12_findings *findings,
						 int64_t *segments, cs_error *err);

/*
 * Does the implementation convention reference v (GS08 or ST03) name guide (e.g. "005010X279")?
 * An empty v matches (some producers leave it out); v may add a suffix (A1).
 */
bool		cs_x12_version_is(cs_x12_span v, const char *guide);

#endif							/* CS_X12_H */
