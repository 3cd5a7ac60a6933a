/*
 * cs_x12_270.c — the 270 eligibility inquiry builder and reader (see cs_x12_270.h).
 */
#include <stdio.h>
#include <string.h>

#include "cs_x12_270.h"

/* ---- builder -------------------------------------------------------------------------------- */

#define MSG_REQUEST "invalid 270 eligibility request"

/* The delimiters the builder writes */
#define EL '*'
#define COMP ':'
#define REP '^'
#define TERM '~'

typedef struct writer
{
	char	   *buf;
	size_t		cap;
	size_t		len;			/* bytes written, or that would have been */
	int64_t		st_segments;	/* segments since ST, ST included */
	bool		line_breaks;
} writer;

static void
put(writer *w, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++, w->len++)
		if (w->len < w->cap)
			w->buf[w->len] = s[i];
}

/* One segment: id and elements 1..n, trailing empty elements left out; NULL is an empty element */
static void
segment(writer *w, const char *id, const char *const *el, int n)
{
	char		sep = EL;

	while (n > 0 && (el[n - 1] == NULL || el[n - 1][0] == '\0'))
		n--;
	put(w, id, strlen(id));
	for (int i = 0; i < n; i++)
	{
		put(w, &sep, 1);
		if (el[i] != NULL)
			put(w, el[i], strlen(el[i]));
	}
	sep = TERM;
	put(w, &sep, 1);
	if (w->line_breaks)
		put(w, "\n", 1);
	w->st_segments++;
}

#define SEG(w, id, ...) \
	do { \
		const char *const el_[] = {__VA_ARGS__}; \
		segment((w), (id), el_, (int) (sizeof(el_) / sizeof(el_[0]))); \
	} while (0)

static bool
given(const char *s)
{
	return s != NULL && s[0] != '\0';
}

static cs_status
field_fail(cs_error *err, cs_status status, const char *field, const char *what, const char *hint)
{
	return cs_fail(err, status, MSG_REQUEST, hint, "Field %s %s.", field, what);
}

/*
 * A text field: required or not, min..max characters of printable ASCII without the delimiters.
 * NULL and "" are both "not given".
 */
static cs_status
check_text(const char *v, const char *field, bool required, size_t min, size_t max, cs_error *err)
{
	size_t		n;

	if (!given(v))
	{
		if (required)
			return field_fail(err, CS_ERR_NULL, field, "is missing",
							  "Give every required field of the request.");
		return CS_OK;
	}
	n = strlen(v);
	if (n < min || n > max)
	{
		char		what[64];

		snprintf(what, sizeof(what), "must have %zu to %zu characters", min, max);
		return field_fail(err, CS_ERR_RANGE, field, what,
						  "The 005010X279A1 guide limits the length of each element.");
	}
	if (v[0] == ' ' || v[n - 1] == ' ')
		return field_fail(err, CS_ERR_INCONSISTENT, field, "begins or ends with a space",
						  "Trim the value: X12 pads some elements with spaces, so edge spaces would not survive.");
	for (size_t i = 0; i < n; i++)
	{
		unsigned char c = (unsigned char) v[i];

		if (c < 0x20 || c > 0x7E || c == EL || c == COMP || c == REP || c == TERM)
			return field_fail(err, CS_ERR_INCONSISTENT, field,
							  "holds a character X12 cannot carry",
							  "Use printable ASCII without * : ^ ~ (transliterate accented letters first).");
	}
	return CS_OK;
}

static bool
all_digits(const char *v, size_t n)
{
	if (v == NULL || strlen(v) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (v[i] < '0' || v[i] > '9')
			return false;
	return true;
}

static cs_status
check_control(int64_t v, const char *field, cs_error *err)
{
	if (v < 1 || v > 999999999)
		return field_fail(err, CS_ERR_RANGE, field, "must be between 1 and 999999999",
						  "Control numbers are 1 to 9 digits; number each interchange, group and transaction set uniquely.");
	return CS_OK;
}

static cs_status
check_request(const cs_x12_270_request *q, cs_error *err)
{
	int			hh = q->created_time / 100;
	int			mm = q->created_time % 100;

	if (check_text(q->sender_qualifier, "sender_qualifier", false, 2, 2, err) ||
		check_text(q->sender_id, "sender_id", true, 2, 15, err) ||
		check_text(q->receiver_qualifier, "receiver_qualifier", false, 2, 2, err) ||
		check_text(q->receiver_id, "receiver_id", true, 2, 15, err) ||
		check_control(q->interchange_control, "interchange_control", err) ||
		check_control(q->group_control, "group_control", err) ||
		check_control(q->transaction_control, "transaction_control", err) ||
		check_text(q->reference, "reference", true, 1, 50, err) ||
		check_text(q->payer_name, "payer_name", true, 1, 60, err) ||
		check_text(q->payer_id, "payer_id", true, 2, 80, err) ||
		check_text(q->provider_last, "provider_last", true, 1, 60, err) ||
		check_text(q->provider_first, "provider_first", false, 1, 35, err) ||
		check_text(q->trace, "trace", true, 1, 50, err) ||
		check_text(q->trace_originator, "trace_originator", true, 10, 10, err) ||
		check_text(q->subscriber_last, "subscriber_last", true, 1, 60, err) ||
		check_text(q->subscriber_first, "subscriber_first", false, 1, 35, err) ||
		check_text(q->subscriber_middle, "subscriber_middle", false, 1, 25, err) ||
		check_text(q->subscriber_id, "subscriber_id", true, 2, 80, err) ||
		check_text(q->dependent_last, "dependent_last", false, 1, 60, err) ||
		check_text(q->dependent_first, "dependent_first", false, 1, 35, err))
		return err->status;
	if (!all_digits(q->provider_npi, 10))
		return field_fail(err, q->provider_npi == NULL ? CS_ERR_NULL : CS_ERR_RANGE, "provider_npi",
						  "is not 10 digits", "An NPI is 10 digits.");
	if (q->created == CS_X12_NO_DATE || q->created_time < 0 || hh > 23 || mm > 59)
		return field_fail(err, CS_ERR_RANGE, "created", "is missing or its time is not HHMM",
						  "Give the creation date and the time as HHMM, 0 to 2359.");
	if (!given(q->dependent_last) && (given(q->dependent_first) || q->dependent_birth != CS_X12_NO_DATE))
		return field_fail(err, CS_ERR_INCONSISTENT, "dependent_last",
						  "is missing while other dependent fields are given",
						  "Give the dependent's last name, or no dependent field at all.");
	if (q->n_service_types < 1 || q->n_service_types > CS_270_MAX_SERVICE_TYPES ||
		q->service_types == NULL)
		return field_fail(err, CS_ERR_RANGE, "service_types", "must hold 1 to 99 codes",
						  "Ask for at least one service type, e.g. 30 (health benefit plan coverage).");
	for (int i = 0; i < q->n_service_types; i++)
	{
		const char *c = q->service_types[i];
		size_t		n = c ? strlen(c) : 0;

		if (n < 1 || n > 2 ||
			!((c[0] >= '0' && c[0] <= '9') || (c[0] >= 'A' && c[0] <= 'Z')) ||
			(n == 2 && !((c[1] >= '0' && c[1] <= '9') || (c[1] >= 'A' && c[1] <= 'Z'))))
			return field_fail(err, CS_ERR_WORD, "service_types", "holds a code that is not 1 or 2 upper-case letters or digits",
							  "Service type codes are those of EB03/EQ01, e.g. 30, MH, A6.");
	}
	return CS_OK;
}

/* CCYYMMDD (or YYMMDD when short) of d into out */
static void
format_date(cs_date d, bool short_year, char *out, size_t size)
{
	int			y,
				m,
				day;

	cs_date_to_ymd(d, &y, &m, &day);
	if (short_year)
		snprintf(out, size, "%02d%02d%02d", y % 100, m, day);
	else
		snprintf(out, size, "%04d%02d%02d", y, m, day);
}

static cs_status
check_date(cs_date d, const char *field, cs_error *err)
{
	int			y,
				m,
				day;

	if (d == CS_X12_NO_DATE)
		return CS_OK;
	cs_date_to_ymd(d, &y, &m, &day);
	if (y < 1 || y > 9999)
		return field_fail(err, CS_ERR_RANGE, field, "is outside the years 1 to 9999",
						  "Dates are written CCYYMMDD.");
	return CS_OK;
}

void
cs_x12_270_init(cs_x12_270_request *q)
{
	memset(q, 0, sizeof(*q));
	q->created = CS_X12_NO_DATE;
	q->subscriber_birth = CS_X12_NO_DATE;
	q->dependent_birth = CS_X12_NO_DATE;
	q->service_date = CS_X12_NO_DATE;
}

cs_status
cs_x12_270_build(const cs_x12_270_request *q, char *buf, size_t cap, size_t *len, cs_error *err)
{
	writer		w = {buf, cap, 0, 0, q->line_breaks};
	bool		dep = given(q->dependent_last);
	char		isa[128];
	char		date8[16],
				date6[16],
				time4[8],
				gsctl[16],
				stctl[16],
				count[24],
				birth[16],
				dep_birth[16],
				service[16];

	if (check_request(q, err) != CS_OK ||
		check_date(q->created, "created", err) != CS_OK ||
		check_date(q->subscriber_birth, "subscriber_birth", err) != CS_OK ||
		check_date(q->dependent_birth, "dependent_birth", err) != CS_OK ||
		check_date(q->service_date, "service_date", err) != CS_OK)
		return err->status;

	format_date(q->created, false, date8, sizeof(date8));
	format_date(q->created, true, date6, sizeof(date6));
	snprintf(time4, sizeof(time4), "%04d", q->created_time);
	snprintf(gsctl, sizeof(gsctl), "%lld", (long long) q->group_control);
	snprintf(stctl, sizeof(stctl), "%04lld", (long long) q->transaction_control);
	birth[0] = dep_birth[0] = service[0] = '\0';
	if (q->subscriber_birth != CS_X12_NO_DATE)
		format_date(q->subscriber_birth, false, birth, sizeof(birth));
	if (q->dependent_birth != CS_X12_NO_DATE)
		format_date(q->dependent_birth, false, dep_birth, sizeof(dep_birth));
	if (q->service_date != CS_X12_NO_DATE)
		format_date(q->service_date, false, service, sizeof(service));

	/* ISA: fixed widths, 106 characters with its terminator */
	snprintf(isa, sizeof(isa), "ISA*00*%-10s*00*%-10s*%-2s*%-15s*%-2s*%-15s*%s*%s*%c*00501*%09lld*0*%c*%c",
			 "", "", q->sender_qualifier ? q->sender_qualifier : "ZZ", q->sender_id,
			 q->receiver_qualifier ? q->receiver_qualifier : "ZZ", q->receiver_id, date6, time4,
			 REP, (long long) q->interchange_control, q->production ? 'P' : 'T', COMP);
	put(&w, isa, strlen(isa));
	put(&w, "~", 1);
	if (w.line_breaks)
		put(&w, "\n", 1);
	SEG(&w, "GS", "HS", q->sender_id, q->receiver_id, date8, time4, gsctl, "X", "005010X279A1");

	w.st_segments = 0;
	SEG(&w, "ST", "270", stctl, "005010X279A1");
	SEG(&w, "BHT", "0022", "13", q->reference, date8, time4);
	SEG(&w, "HL", "1", "", "20", "1");
	SEG(&w, "NM1", "PR", "2", q->payer_name, "", "", "", "", "PI", q->payer_id);
	SEG(&w, "HL", "2", "1", "21", "1");
	SEG(&w, "NM1", "1P", given(q->provider_first) ? "1" : "2", q->provider_last, q->provider_first, "", "",
		"", "XX", q->provider_npi);
	SEG(&w, "HL", "3", "2", "22", dep ? "1" : "0");
	if (!dep)
		SEG(&w, "TRN", "1", q->trace, q->trace_originator);
	SEG(&w, "NM1", "IL", "1", q->subscriber_last, q->subscriber_first, q->subscriber_middle, "", "",
		"MI", q->subscriber_id);
	if (birth[0])
		SEG(&w, "DMG", "D8", birth);
	if (dep)
	{
		SEG(&w, "HL", "4", "3", "23", "0");
		SEG(&w, "TRN", "1", q->trace, q->trace_originator);
		SEG(&w, "NM1", "03", "1", q->dependent_last, q->dependent_first);
		if (dep_birth[0])
			SEG(&w, "DMG", "D8", dep_birth);
	}
	if (service[0])
		SEG(&w, "DTP", "291", "D8", service);
	for (int i = 0; i < q->n_service_types; i++)
		SEG(&w, "EQ", q->service_types[i]);
	snprintf(count, sizeof(count), "%lld", (long long) w.st_segments + 1);
	SEG(&w, "SE", count, stctl);
	SEG(&w, "GE", "1", gsctl);
	snprintf(count, sizeof(count), "%09lld", (long long) q->interchange_control);
	SEG(&w, "IEA", "1", count);

	*len = w.len;
	if (w.len >= cap)
		return cs_fail(err, CS_ERR_RANGE, "270 output buffer is too small",
					   "Give a buffer of CS_270_MAX_SIZE bytes.",
					   "The inquiry needs %zu bytes.", w.len + 1);
	buf[w.len] = '\0';
	return CS_OK;
}

/* ---- reader --------------------------------------------------------------------------------- */

#define MSG_STRUCTURE "invalid X12 270 structure"
#define HINT_STRUCTURE "A 270 nests HL 20 (payer) > 21 (provider) > 22 (subscriber) > 23 (dependent), and asks with EQ segments in the subscriber's or dependent's loop."
#define MSG_FINDING "X12 270 does not follow 005010X279A1"
#define HINT_FINDING "Correct the document, or read it in lenient mode to get the finding as a warning."

typedef struct reader_state
{
	cs_x12_mode mode;
	cs_x12_270_fn fn;
	void	   *arg;
	cs_x12_result *result;
	int			level;			/* 0, 20, 21, 22, 23 */
	bool		asked;			/* the open 2000C/2000D loop holds an EQ */
	cs_x12_span isa[17];		/* the open ISA's elements */
	cs_x12_270_inquiry inq;
} reader_state;

static void
clear_from(cs_x12_270_inquiry *q, int level)
{
	if (level <= 20)
		memset(&q->payer, 0, sizeof(q->payer));
	if (level <= 21)
		memset(&q->provider, 0, sizeof(q->provider));
	if (level <= 22)
	{
		memset(&q->subscriber, 0, sizeof(q->subscriber));
		q->subscriber_birth = CS_X12_NO_DATE;
	}
	q->has_dependent = false;
	memset(&q->dependent, 0, sizeof(q->dependent));
	q->dependent_birth = CS_X12_NO_DATE;
	q->trace = q->trace_originator = (cs_x12_span) {"", 0};
	q->service.begin = q->service.end = CS_X12_NO_DATE;
	q->n_service_types = 0;
}

/* The end of a 2000C/2000D loop: hand out its inquiry when it asked anything */
static void
finish_inquiry(reader_state *st)
{
	if (st->asked)
	{
		st->fn(&st->inq, st->arg);
		st->result->records++;
	}
	st->asked = false;
}

static cs_status
read_on_segment(const cs_x12_segment *s, const cs_x12_envelope *e, void *arg, cs_error *err)
{
	reader_state *st = (reader_state *) arg;
	cs_x12_270_inquiry *q = &st->inq;
	uint32_t	code = s->code;

	if (code == CS_X12_CODE('I', 'S', 'A'))
	{
		for (int i = 1; i <= 16; i++)
			st->isa[i] = cs_x12_el(s, i);
		return CS_OK;
	}
	if (code == CS_X12_CODE('S', 'T', 0))
	{
		if (!cs_x12_eq(cs_x12_trim(e->st01), "270"))
			return cs_x12_fail(err, s, 1, "X12 transaction set is not a 270",
							   "Only 270 eligibility inquiries are read here.",
							   "the transaction set identifier is not 270");
		memset(q, 0, sizeof(*q));
		clear_from(q, 20);
		q->created = CS_X12_NO_DATE;
		q->sender_qualifier = cs_x12_trim(st->isa[5]);
		q->sender_id = cs_x12_trim(st->isa[6]);
		q->receiver_qualifier = cs_x12_trim(st->isa[7]);
		q->receiver_id = cs_x12_trim(st->isa[8]);
		q->usage = cs_x12_trim(st->isa[15]);
		q->interchange_control = cs_x12_trim(e->isa13);
		q->group_control = cs_x12_trim(e->gs06);
		q->transaction_control = cs_x12_trim(e->st02);
		st->level = 0;
		st->asked = false;
		if (!cs_x12_version_is(e->st03.len > 0 ? e->st03 : e->gs08, "005010X279"))
			return cs_x12_finding_add(&st->result->findings, st->mode, CS_X12_VERSION, s, 0, 0,
									  MSG_FINDING, HINT_FINDING,
									  "the implementation guide (ST03 or GS08) is not 005010X279A1",
									  err);
		return CS_OK;
	}
	if (code == CS_X12_CODE('S', 'E', 0))
	{
		finish_inquiry(st);
		return CS_OK;
	}
	if (cs_x12_is_envelope(s))
		return CS_OK;

	if (code == CS_X12_CODE('B', 'H', 'T'))
	{
		q->reference = cs_x12_el(s, 3);
		q->created_time = cs_x12_el(s, 5);
		return cs_x12_date(s, 4, &q->created, err);
	}
	if (code == CS_X12_CODE('H', 'L', 0))
	{
		int64_t		level = 0;

		if (!cs_x12_uint(cs_x12_el(s, 3), &level) || level < 20 || level > 23)
			return cs_x12_fail(err, s, 3, MSG_STRUCTURE, HINT_STRUCTURE,
							   "the hierarchical level code is not 20, 21, 22 or 23");
		if (level > 20 && st->level < level - 1)
			return cs_x12_fail(err, s, 3, MSG_STRUCTURE, HINT_STRUCTURE,
							   "the level's parent level has not been opened");
		finish_inquiry(st);
		clear_from(q, (int) level);
		st->level = (int) level;
		if (level == 23)
			q->has_dependent = true;
		q->segment = s->ordinal;
		q->offset = s->offset;
		return CS_OK;
	}
	if (st->level == 0)
		return cs_x12_fail(err, s, 0, MSG_STRUCTURE, HINT_STRUCTURE, "the segment stands before the first HL");
	if (code == CS_X12_CODE('N', 'M', '1'))
	{
		cs_x12_party *p = st->level == 20 ? &q->payer : st->level == 21 ? &q->provider :
			st->level == 22 ? &q->subscriber : &q->dependent;

		cs_x12_party_from_nm1(s, p);
		return CS_OK;
	}
	if (code == CS_X12_CODE('T', 'R', 'N') && st->level >= 22)
	{
		q->trace = cs_x12_el(s, 2);
		q->trace_originator = cs_x12_el(s, 3);
		return CS_OK;
	}
	if (code == CS_X12_CODE('D', 'M', 'G') && st->level >= 22)
		return cs_x12_date(s, 2, st->level == 22 ? &q->subscriber_birth : &q->dependent_birth, err);
	if (code == CS_X12_CODE('D', 'T', 'P') && st->level >= 22)
	{
		cs_x12_period p;

		if (cs_x12_period_read(s, 2, 3, &p, err) != CS_OK)
			return err->status;
		/* a request's date range is the sender's own: a reversed one is refused in both modes */
		if (p.end < p.begin)
			return cs_x12_fail(err, s, 3, "invalid X12 date",
							   "A date range runs from its first day to its last day.",
							   "the range ends before it begins");
		if (cs_x12_eq(cs_x12_el(s, 1), "291"))
			q->service = p;
		return CS_OK;
	}
	if (code == CS_X12_CODE('E', 'Q', 0))
	{
		int			n = cs_x12_repetitions(s, 1);

		if (st->level < 22)
			return cs_x12_fail(err, s, 0, MSG_STRUCTURE, HINT_STRUCTURE,
							   "EQ outside a subscriber or dependent loop");
		if (n == 0)
			return cs_x12_fail(err, s, 1, MSG_STRUCTURE,
							   "Ask with a service type code in EQ01 (e.g. 30, MH, A6); procedure inquiries (EQ02) are not supported.",
							   "EQ without a service type code");
		if (q->n_service_types + n > CS_270_MAX_SERVICE_TYPES)
			return cs_x12_fail(err, s, 1, "too many repeats in an X12 270 loop",
							   "Ask for at most 99 service types in one inquiry.",
							   "more than 99 service type codes");
		for (int k = 0; k < n; k++)
			q->service_types[q->n_service_types++] = cs_x12_repetition(s, 1, k);
		st->asked = true;
		return CS_OK;
	}
	if (code == CS_X12_CODE('R', 'E', 'F') || code == CS_X12_CODE('N', '3', 0) || code == CS_X12_CODE('N', '4', 0) ||
		code == CS_X12_CODE('P', 'R', 'V') || code == CS_X12_CODE('I', 'N', 'S') || code == CS_X12_CODE('H', 'I', 0) ||
		code == CS_X12_CODE('A', 'M', 'T') || code == CS_X12_CODE('I', 'I', 'I'))
		return CS_OK;
	return cs_x12_finding_add(&st->result->findings, st->mode, CS_X12_UNKNOWN_SEGMENT, s, 0, 0,
							  MSG_FINDING, HINT_FINDING,
							  "the segment is not defined at this place of a 270; it was skipped", err);
}

cs_status
cs_x12_270_read(const char *buf, size_t len, cs_x12_mode mode, cs_x12_270_fn fn, void *arg,
				cs_x12_result *result, cs_error *err)
{
	reader_state st;

	memset(&st, 0, sizeof(st));
	st.mode = mode;
	st.fn = fn;
	st.arg = arg;
	st.result = result;
	return cs_x12_walk(buf, len, mode, read_on_segment, &st, result, err);
}
