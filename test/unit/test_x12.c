/*
 * test_x12.c — the X12 tokenizer, envelope checks, 271 and 835 parsers and the 270 builder: every file
 * under ../shared/data/x12-* (read at test time, relative to the repository root where prove runs)
 * either parsed with the values the file states or refused with an error naming the segment and its
 * position; the real-world delimiter variants; and hostile inputs (truncation at every byte, wrong
 * counts, binary junk, huge segments, deeply repeated loops).  Inputs are copied into buffers of their
 * exact size, so the sanitizer build catches any read past the end.
 */
#include <stdlib.h>
#include <string.h>

#include "cs_x12.h"
#include "cs_x12_270.h"
#include "cs_x12_271.h"
#include "cs_x12_835.h"
#include "tap.h"

#define DATA "../shared/data/"

static cs_error err;
static cs_x12_result res;

/* ---- helpers -------------------------------------------------------------------------------- */

/* A file under ../shared/data, in a buffer of exactly its size; NULL when it cannot be read */
static char *
slurp(const char *rel, size_t *n)
{
	char		path[512];
	FILE	   *f;
	char	   *b;
	long		len;

	snprintf(path, sizeof(path), DATA "%s", rel);
	f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc(len > 0 ? (size_t) len : 1);
	*n = fread(b, 1, (size_t) len, f);
	fclose(f);
	return b;
}

static char *
must_slurp(const char *rel, size_t *n)
{
	char	   *b = slurp(rel, n);

	if (!ok(b != NULL, "read %s", rel))
	{
		*n = 0;
		return tap_exact("", 0);
	}
	return b;
}

static int
is_str(cs_x12_span v, const char *want, const char *name)
{
	int			r = ok(cs_x12_eq(v, want), "%s is '%s'", name, want);

	if (!r)
		printf("#   got: '%.*s'\n", (int) v.len, v.data);
	return r;
}

static cs_date
D(int y, int m, int d)
{
	return cs_date_from_ymd(y, m, d);
}

/* The error's detail holds the text and no document data */
static void
err_says(const char *want, const char *name)
{
	static const char *const data[] = {"SMITH", "JOHN", "DOE", "BAKI", "TOWNSEND", "MARY", "SETTLE",
	"BUDD", "ISLAND", "123456789", "11122333301", "00000000001", "JANE", NULL};
	int			r = ok(err.status == CS_ERR_FORMAT && strstr(err.detail, want) != NULL,
					   "%s: the error says '%s'", name, want);

	if (!r)
		printf("#   got: [%d] %s | %s\n", err.status, err.message, err.detail);
	for (int i = 0; data[i]; i++)
	{
		if (strstr(err.message, data[i]) || strstr(err.detail, data[i]) || strstr(err.hint, data[i]))
		{
			ok(0, "%s: the error text holds document data", name);
			return;
		}
	}
}

/* Replace every occurrence of from by to in s (into a new exact buffer) */
static char *
replace(const char *s, size_t n, const char *from, const char *to, size_t *out_n)
{
	size_t		fl = strlen(from),
				tl = strlen(to);
	char	   *b = malloc(n * (tl > fl ? tl : 1) + 16);
	size_t		o = 0;

	for (size_t i = 0; i < n;)
	{
		if (i + fl <= n && memcmp(s + i, from, fl) == 0)
		{
			memcpy(b + o, to, tl);
			o += tl;
			i += fl;
		}
		else
			b[o++] = s[i++];
	}
	*out_n = o;
	return b;
}

#define ISA_STD "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*^*00501*000000001*0*T*:~"

/* A document of one transaction set around body (segments ending in '~'), with correct trailers */
static char *
wrap(const char *st01, const char *version, const char *body, size_t *n)
{
	size_t		blen = strlen(body);
	char	   *b = malloc(blen + 512);
	int			segs = 2;

	for (size_t i = 0; i < blen; i++)
		segs += body[i] == '~';
	*n = (size_t) sprintf(b, ISA_STD "GS*HB*SENDER*RECEIVER*20240101*1200*7*X*%s~ST*%s*0001*%s~%s"
						  "SE*%d*0001~GE*1*7~IEA*1*000000001~",
						  version, st01, version, body, segs);
	return b;
}

/* ---- record collectors ---------------------------------------------------------------------- */

#define MAX_KEPT 40

static cs_x12_271_record r271[MAX_KEPT];
static int	n271;
static cs_x12_835_record r835[MAX_KEPT];
static int	n835;
static cs_x12_270_inquiry r270[MAX_KEPT];
static int	n270;

static void
keep271(const cs_x12_271_record *r, void *arg)
{
	(void) arg;
	if (n271 < MAX_KEPT)
		r271[n271] = *r;
	n271++;
}

static void
keep835(const cs_x12_835_record *r, void *arg)
{
	(void) arg;
	if (n835 < MAX_KEPT)
		r835[n835] = *r;
	n835++;
}

static void
keep270(const cs_x12_270_inquiry *q, void *arg)
{
	(void) arg;
	if (n270 < MAX_KEPT)
		r270[n270] = *q;
	n270++;
}

static cs_status
p271(const char *b, size_t n, cs_x12_mode mode)
{
	n271 = 0;
	return cs_x12_271_parse(b, n, mode, keep271, NULL, &res, &err);
}

static cs_status
p835(const char *b, size_t n, cs_x12_mode mode)
{
	n835 = 0;
	return cs_x12_835_parse(b, n, mode, keep835, NULL, &res, &err);
}

static cs_status
p270(const char *b, size_t n, cs_x12_mode mode)
{
	n270 = 0;
	return cs_x12_270_read(b, n, mode, keep270, NULL, &res, &err);
}

/* A one-line summary of the 271 records, to compare delimiter variants of one document */
static void
digest271(char *out, size_t size)
{
	size_t		o = 0;

	out[0] = '\0';
	for (int i = 0; i < n271 && i < MAX_KEPT; i++)
	{
		const cs_x12_271_record *r = &r271[i];

		o += snprintf(out + o, size - o, "%d/%s/%lld/%.*s/%.*s/%.*s/%.*s/%lld/%.*s/%d:",
					  r->kind, r->loop, (long long) r->segment, (int) r->info.len, r->info.data,
					  (int) r->subscriber.name.last.len, r->subscriber.name.last.data,
					  (int) r->interchange_control.len, r->interchange_control.data,
					  (int) r->in_network.len, r->in_network.data, (long long) r->amount,
					  (int) r->plan_description.len, r->plan_description.data, r->n_related);
		for (int k = 0; k < r->n_service_types; k++)
			o += snprintf(out + o, size - o, "%.*s,", (int) r->service_types[k].len,
						  r->service_types[k].data);
		if (o >= size)
			return;
	}
}

/* ---- tokenizer ------------------------------------------------------------------------------ */

static void
test_tokenizer(void)
{
	cs_x12_reader r;
	cs_x12_segment s;
	const char *doc = "\xEF\xBB\xBF  \r\n" ISA_STD "\r\n  GS*HB*A*B*20240101*1200*7*X*005010X279A1~\n"
		"\tST*271*0001~EB*1**30^MH^A6**GOLD*23*10.50~NM1*IL*1~\r\nSE*4*0001~GE*1*7~IEA*1*000000001~ \n\n";
	size_t		n = strlen(doc);
	char	   *b = tap_exact(doc, n);
	int			count = 0;
	cs_x12_token t;
	int64_t		segments = 0;

	cs_x12_init(&r, b, n);
	ok(cs_x12_next(&r, &s, &err) == CS_X12_SEGMENT && strcmp(s.id, "ISA") == 0,
	   "a byte order mark and leading white space are skipped before the ISA");
	is_int(s.nelements, 16, "the ISA has 16 elements");
	is_int(s.offset, 7, "the ISA's byte offset counts the mark and the white space");
	ok(s.delims.element == '*' && s.delims.component == ':' && s.delims.repetition == '^' &&
	   s.delims.segment == '~', "delimiters: element *, component :, repetition ^ (00501), terminator ~");
	is_str(cs_x12_el(&s, 16), ":", "ISA16");
	is_str(cs_x12_el(&s, 13), "000000001", "ISA13");
	ok(cs_x12_next(&r, &s, &err) == CS_X12_SEGMENT && strcmp(s.id, "GS") == 0 && s.ordinal == 2,
	   "CR/LF and indentation before GS are skipped; GS is segment 2");
	is_str(cs_x12_el(&s, 8), "005010X279A1", "GS08");
	ok(cs_x12_next(&r, &s, &err) == CS_X12_SEGMENT && strcmp(s.id, "ST") == 0, "a tab before ST");
	ok(cs_x12_next(&r, &s, &err) == CS_X12_SEGMENT && strcmp(s.id, "EB") == 0, "EB");
	is_int(cs_x12_repetitions(&s, 3), 3, "EB03 has 3 repetitions");
	is_str(cs_x12_repetition(&s, 3, 2), "A6", "EB03 third repetition");
	is_str(cs_x12_repetition(&s, 3, 3), "", "a repetition past the last is empty");
	is_str(cs_x12_el(&s, 99), "", "an element past the last is empty");
	ok(cs_x12_next(&r, &s, &err) == CS_X12_SEGMENT && s.nelements == 2, "NM1 with 2 elements");
	while ((t = cs_x12_next(&r, &s, &err)) == CS_X12_SEGMENT)
		count++;
	ok(t == CS_X12_EOF && count == 3, "SE, GE, IEA, then the end despite trailing white space");
	ok(cs_x12_next(&r, &s, &err) == CS_X12_EOF, "the end stays the end");
	ok(cs_x12_check(b, n, CS_X12_STRICT, &res.findings, &segments, &err) == CS_OK && segments == 8,
	   "cs_x12_check: the document is well formed (8 segments)");
	free(b);

	/* components and the alternate separator */
	{
		const char *d2 = ISA_STD "GS*HP*A*B*20240101*1200*7*X*005010X221A1~ST*835*0001~SVC*HC>99213>95>GT*1~SVC*HC:90837:95*1~SE*4*0001~GE*1*7~IEA*1*000000001~";
		bool		alt = false;

		b = tap_exact(d2, strlen(d2));
		cs_x12_init(&r, b, strlen(d2));
		for (int i = 0; i < 4; i++)
			cs_x12_next(&r, &s, &err);
		is_str(cs_x12_component(&s, 1, 2, &alt), "99213", "SVC01-2 split on the customary '>'");
		ok(alt, "... and flagged as an alternate separator");
		is_str(cs_x12_component(&s, 1, 4, NULL), "GT", "SVC01-4");
		cs_x12_next(&r, &s, &err);
		is_str(cs_x12_component(&s, 1, 3, &alt), "95", "SVC01-3 split on ISA16");
		ok(!alt, "... not flagged");
		is_str(cs_x12_component(&s, 1, 9, NULL), "", "a component past the last is empty");
		free(b);
	}

	/* unpadded ISA, 0x1D terminator, '|' elements, one interchange after another with other delimiters */
	{
		const char *d3 = "ISA|00||00||ZZ|S|ZZ|R|240101|1200|}|00501|7|0|P|>\x1DGS|HB|S|R|20240101|1200|1|X\x1D"
			"ST|271|1\x1DSE|2|1\x1DGE|1|1\x1DIEA|1|7\x1D"
			"ISA*00*          *00*          *ZZ*S              *ZZ*R              *240101*1200*U*00401*000000008*0*P*:~"
			"GS*HB*S*R*20240101*1200*2*X~ST*271*2~EB*1**30^MH~SE*3*2~GE*1*2~IEA*1*000000008~";

		b = tap_exact(d3, strlen(d3));
		cs_x12_init(&r, b, strlen(d3));
		ok(cs_x12_next(&r, &s, &err) == CS_X12_SEGMENT && s.nelements == 16 &&
		   s.delims.element == '|' && s.delims.component == '>' && s.delims.segment == '\x1D' &&
		   s.delims.repetition == '}', "an unpadded ISA with '|', '}', '>' and 0x1D terminators");
		is_str(cs_x12_el(&s, 6), "S", "unpadded ISA06");
		for (int i = 0; i < 6; i++)
			cs_x12_next(&r, &s, &err);
		ok(strcmp(s.id, "ISA") == 0 && s.ordinal == 7 && s.delims.element == '*' &&
		   s.delims.repetition == '\0', "a second interchange brings its own delimiters; 00401 has no repetition separator");
		for (int i = 0; i < 3; i++)
			cs_x12_next(&r, &s, &err);
		is_int(cs_x12_repetitions(&s, 3), 1, "EB03 '30^MH' is one value when there is no repetition separator");
		ok(cs_x12_check(b, strlen(d3), CS_X12_STRICT, &res.findings, NULL, &err) == CS_OK,
		   "two interchanges with different delimiters check clean");
		free(b);
	}

	/* refusals */
	{
		static const struct
		{
			const char *doc;
			const char *says;
			const char *name;
		}			bad[] = {
			{"", "holds no segment", "an empty document"},
			{"  \r\n\t ", "holds no segment", "white space only"},
			{"GS*HB~", "Segment 1 (byte offset 0): the document does not start with an ISA", "no ISA"},
			{"ISA*00*  *00", "before the 16th element", "a truncated ISA"},
			{"ISA*00*          *00*          *ZZ*S              *ZZ*R              *240101*1200*^*00501*000000001*0*T*:",
			"before the component separator", "an ISA cut after its 16th separator"},
			{"ISA*00*          *00*          *ZZ*S              *ZZ*R              *240101*1200*^*00501*000000001*0*T*A~",
			"ISA16, the component separator, is a letter", "a letter as component separator"},
			{"ISA*00*          *00*          *ZZ*S              *ZZ*R              *240101*1200*^*00501*000000001*0*T*:*",
			"segment terminator after ISA16", "the element separator as terminator"},
			{"ISA*00*          *00*          *ZZ*S              *ZZ*R              *240101*1200*~*00501*000000001*0*T*:~",
			"ISA11, the repetition separator", "the terminator as repetition separator"},
			{"ISA*00*          *00*          *ZZ*S              *ZZ*R              *240101*1200*^*5010*000000001*0*T*:~",
			"ISA12", "a version that is not 5 digits"},
			{"ISA 00 ", "white space", "a space as element separator"},
			{ISA_STD "GS*HB*A", "Segment 2 (byte offset 106): the document ends inside this segment",
			"a document cut inside a segment"},
			{ISA_STD "gs*HB~", "Segment 2 (byte offset 106): the segment does not start with a valid segment identifier",
			"a lower-case segment identifier"},
			{ISA_STD "\x01\x02\xff\xfe~", "not start with a valid segment identifier", "binary junk"},
			{ISA_STD "GS*HB~GS*HB~", "Segment 3 (GS, byte offset 112): a functional group begins before",
			"a GS inside a GS"},
			{ISA_STD "IEA*1*1~IEA*1*1~", "Segment 3 (IEA, byte offset 114): the segment is outside an interchange",
			"IEA after IEA"},
		};

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		{
			size_t		len = strlen(bad[i].doc);

			b = tap_exact(bad[i].doc, len);
			ok(cs_x12_check(b, len, CS_X12_LENIENT, &res.findings, NULL, &err) == CS_ERR_FORMAT,
			   "refused: %s", bad[i].name);
			err_says(bad[i].says, bad[i].name);
			free(b);
		}
	}

	/* limits: a huge segment, too many elements; the reader repeats its error */
	{
		size_t		len = 106 + 5000 + 1;
		char	   *h = malloc(len);

		memcpy(h, ISA_STD, 106);
		memcpy(h + 106, "MSG*", 4);
		memset(h + 110, 'A', len - 111);
		h[len - 1] = '~';
		cs_x12_init(&r, h, len);
		cs_x12_next(&r, &s, &err);
		ok(cs_x12_next(&r, &s, &err) == CS_X12_ERROR, "a 5000-byte segment is refused");
		err_says("Segment 2 (byte offset 106): no segment terminator within 4096 bytes", "huge segment");
		ok(strcmp(err.message, "X12 segment is too long") == 0, "... as too long");
		ok(cs_x12_next(&r, &s, &err) == CS_X12_ERROR, "the reader keeps returning its error");
		memset(h + 110, '*', 100);
		h[210] = '~';
		cs_x12_init(&r, h, len);
		cs_x12_next(&r, &s, &err);
		ok(cs_x12_next(&r, &s, &err) == CS_X12_ERROR, "a segment of 100+ elements is refused");
		err_says("more than 64 elements", "too many elements");
		free(h);
	}

	/* value readers */
	{
		const char *d4 = ISA_STD "AMT*1*10.00*10.000*10.005*-9.00*.5*1e3*1.2.3*-*1000000000.01*0.123456*0.1234561*20060501*20060230*RD8*20060101-20051231~";
		cs_cents	c;
		int64_t		m;
		cs_date		d;
		cs_x12_period p;

		b = tap_exact(d4, strlen(d4));
		cs_x12_init(&r, b, strlen(d4));
		cs_x12_next(&r, &s, &err);
		cs_x12_next(&r, &s, &err);
		ok(cs_x12_amount(&s, 2, &c, &err) == CS_OK && c == 1000, "10.00 is 1000 cents");
		ok(cs_x12_amount(&s, 3, &c, &err) == CS_OK && c == 1000, "10.000 is 1000 cents (extra zeros)");
		ok(cs_x12_amount(&s, 4, &c, &err) == CS_ERR_FORMAT, "10.005 is refused (fractions of a cent)");
		err_says("Segment 2 (AMT, byte offset 106), element AMT04: the amount has fractions of a cent",
				 "10.005");
		ok(cs_x12_amount(&s, 5, &c, &err) == CS_OK && c == -900, "-9.00 is -900 cents");
		ok(cs_x12_amount(&s, 6, &c, &err) == CS_OK && c == 50, ".5 is 50 cents");
		ok(cs_x12_amount(&s, 7, &c, &err) == CS_ERR_FORMAT, "1e3 is refused");
		ok(cs_x12_amount(&s, 8, &c, &err) == CS_ERR_FORMAT, "1.2.3 is refused");
		ok(cs_x12_amount(&s, 9, &c, &err) == CS_ERR_FORMAT, "a lone minus is refused");
		ok(cs_x12_amount(&s, 10, &c, &err) == CS_ERR_FORMAT, "above 1000000000.00 is refused");
		err_says("out of range", "a huge amount");
		ok(cs_x12_amount(&s, 40, &c, &err) == CS_OK && c == CS_X12_NO_AMOUNT, "an absent amount");
		ok(cs_x12_decimal(&s, 11, &m, &err) == CS_OK && m == 123456, "0.123456 is 123456 millionths");
		ok(cs_x12_decimal(&s, 12, &m, &err) == CS_ERR_FORMAT, "seven significant decimals are refused");
		ok(cs_x12_date(&s, 13, &d, &err) == CS_OK && d == D(2006, 5, 1), "20060501");
		ok(cs_x12_date(&s, 14, &d, &err) == CS_ERR_FORMAT, "20060230 is not a date");
		ok(cs_x12_period_read(&s, 15, 16, &p, &err) == CS_OK && p.end < p.begin,
		   "a range ending before it begins is returned as read (the parser records a finding)");
		ok(cs_x12_period_read(&s, 1, 13, &p, &err) == CS_ERR_FORMAT, "a format other than D8/RD8");
		free(b);
	}
}

/* ---- envelope ------------------------------------------------------------------------------- */

static void
test_envelope(void)
{
	size_t		n;
	char	   *b;

	/* badX12 error_validation.edi: every trailer is wrong */
	b = must_slurp("x12-badx12/error_validation.edi", &n);
	ok(cs_x12_check(b, n, CS_X12_LENIENT, &res.findings, NULL, &err) == CS_OK,
	   "error_validation.edi: lenient mode reads it");
	is_int(res.findings.n, 6, "... with six findings");
	ok(res.findings.f[0].kind == CS_X12_SE_COUNT && res.findings.f[0].stated == 30 &&
	   res.findings.f[0].counted == 27 && res.findings.f[0].segment == 29,
	   "SE01 says 30, 27 counted, at segment 29");
	ok(res.findings.f[1].kind == CS_X12_SE_CONTROL, "SE02 112223 differs from ST02 112233");
	ok(res.findings.f[2].kind == CS_X12_GE_COUNT && res.findings.f[2].stated == 2 &&
	   res.findings.f[2].counted == 1, "GE01 says 2 transaction sets, 1 counted");
	ok(res.findings.f[3].kind == CS_X12_GE_CONTROL, "GE02 differs from GS06");
	ok(res.findings.f[4].kind == CS_X12_IEA_COUNT && res.findings.f[4].stated == 2,
	   "IEA01 says 2 groups");
	ok(res.findings.f[5].kind == CS_X12_IEA_CONTROL, "IEA02 000010215 differs from ISA13 000010216");
	is_str((cs_x12_span) {res.findings.f[0].text, strlen(res.findings.f[0].text)},
		   "Segment 29 (SE, byte offset 823): SE01 says 30 segments, 27 counted.", "finding text");
	ok(cs_x12_check(b, n, CS_X12_STRICT, &res.findings, NULL, &err) == CS_ERR_FORMAT,
	   "error_validation.edi: strict mode refuses it");
	err_says("Segment 29 (SE, byte offset 823): SE01 says 30 segments, 27 counted", "strict SE01");
	free(b);

	/* badX12 segment_terminator.edi: an ISA ended by a newline, and nothing else */
	b = must_slurp("x12-badx12/segment_terminator.edi", &n);
	ok(cs_x12_check(b, n, CS_X12_LENIENT, &res.findings, NULL, &err) == CS_ERR_FORMAT,
	   "segment_terminator.edi is refused");
	err_says("ends after segment 1 (byte offset 106) inside the interchange (IEA missing) begun at segment 1",
			 "segment_terminator.edi");
	free(b);

	/* badX12 unknown_segment_error.edi: HL before ST */
	b = must_slurp("x12-badx12/unknown_segment_error.edi", &n);
	ok(cs_x12_check(b, n, CS_X12_LENIENT, &res.findings, NULL, &err) == CS_ERR_FORMAT,
	   "unknown_segment_error.edi is refused");
	err_says("Segment 3 (HL, byte offset 169): the segment is outside a transaction set",
			 "unknown_segment_error.edi");
	free(b);

	/* badX12 bad_file.edi */
	b = must_slurp("x12-badx12/bad_file.edi", &n);
	ok(p271(b, n, CS_X12_LENIENT) == CS_ERR_FORMAT, "bad_file.edi is refused");
	err_says("Segment 1 (byte offset 0): the document does not start with an ISA segment", "bad_file.edi");
	free(b);

	/* nesting errors */
	{
		static const struct
		{
			const char *body;
			const char *says;
		}			bad[] = {
			{"GS*HB*A*B*1*1*1*X~ST*271*1~SE*2*1~GS*HB*A*B*1*1*1*X~", "a functional group begins before the previous one ended"},
			{"ST*271*1~", "ST outside a functional group"},
			{"GS*HB*A*B*1*1*1*X~ST*271*1~GE*1*1~", "GE closes the group while a transaction set is open"},
			{"GS*HB*A*B*1*1*1*X~ST*271*1~ST*271*2~", "a transaction set begins before the previous one ended"},
			{"GS*HB*A*B*1*1*1*X~SE*2*1~", "SE without ST"},
			{"GS*HB*A*B*1*1*1*X~ST*271*1~SE*2*1~", "inside the functional group (GE missing) begun at segment 2"},
			{"GS*HB*A*B*1*1*1*X~ST*271*1~EB*1~", "inside the transaction set (SE missing) begun at segment 3"},
			{"GS*HB*A*B*1*1*1*X~ST*271*1~SE*2*1~GE*1*1~", "inside the interchange (IEA missing)"},
			{"IEA*1*000000001~ISA*00~", "before the 16th element"},
			{"TA1*1~GS*HB*A*B*1*1*1*X~TA1*1~", "TA1 stands between ISA and the first GS only"},
		};

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		{
			char		doc[512];
			size_t		len = (size_t) snprintf(doc, sizeof(doc), "%s%s", ISA_STD, bad[i].body);

			b = tap_exact(doc, len);
			ok(cs_x12_check(b, len, CS_X12_LENIENT, &res.findings, NULL, &err) == CS_ERR_FORMAT,
			   "nesting refused: %s", bad[i].says);
			err_says(bad[i].says, "nesting");
			free(b);
		}
	}

	/* a count that is not a number, and a TA1 in its place */
	{
		const char *doc = ISA_STD "TA1*000000001*240101*1200*A*000~GS*HB*A*B*1*1*1*X~ST*271*1~SE*X*1~GE*1*1~IEA*1*000000001~";

		b = tap_exact(doc, strlen(doc));
		ok(cs_x12_check(b, strlen(doc), CS_X12_LENIENT, &res.findings, NULL, &err) == CS_OK &&
		   res.findings.n == 1 && res.findings.f[0].stated == -1,
		   "SE01 that is not a number is a finding; TA1 after ISA is accepted");
		free(b);
	}
}

/* ---- 271 ------------------------------------------------------------------------------------ */

static void
test_271_files(void)
{
	size_t		n;
	char	   *b;
	const cs_x12_271_record *r;
	static const char *const types10[] = {"1", "33", "35", "47", "86", "88", "98", "AL", "MH", "UC"};

	/* LinuxForHealth subscriber 271 (and demo.271, the same text) */
	for (int f = 0; f < 2; f++)
	{
		const char *name = f == 0 ? "x12-linuxforhealth/271_005010X279A1__subscriber-health-benefit-check.271" :
			"x12-linuxforhealth/demo.271";

		b = must_slurp(name, &n);
		ok(p271(b, n, CS_X12_STRICT) == CS_OK, "%s parses in strict mode", name);
		is_int(n271, 5, "five EB records");
		is_int(res.findings.n, 0, "no findings");
		r = &r271[0];
		ok(r->kind == CS_271_BENEFIT && strcmp(r->loop, "2110C") == 0 && r->segment == 16,
		   "first record: the EB at segment 16 in 2110C");
		is_str(r->interchange_control, "000000907", "ISA13");
		is_str(r->group_control, "1", "GS06");
		is_str(r->transaction_control, "4321", "ST02");
		is_str(r->reference, "10001234", "BHT03");
		is_str(r->source.last, "ABC COMPANY", "payer name (2100A NM103)");
		is_str(r->source.id_qualifier, "PI", "payer id qualifier");
		is_str(r->source.id, "841610001", "payer id");
		is_str(r->receiver.last, "BONE AND JOIN CLINIC", "provider name (2100B)");
		is_str(r->receiver.id, "2000035", "provider id (SV)");
		is_str(r->receiver_npi, "", "no NPI: the provider is identified by SV");
		ok(r->subscriber.present && !r->dependent.present, "a subscriber, no dependent");
		is_str(r->subscriber.name.last, "SMITH", "subscriber last name");
		is_str(r->subscriber.name.first, "JOHN", "subscriber first name");
		is_str(r->subscriber.name.id, "123456789", "member ID");
		is_str(r->subscriber.trace, "93175-012547", "TRN02");
		is_str(r->subscriber.trace_originator, "9877281234", "TRN03");
		ok(r->subscriber.birth_date == D(1963, 5, 19), "birth date 1963-05-19");
		is_str(r->subscriber.gender, "M", "gender");
		ok(r->subscriber.dates.plan_begin.begin == D(2006, 1, 1), "plan begin (DTP*346) 2006-01-01");
		is_str(r->info, "1", "EB01 1 active coverage");
		is_int(r->n_service_types, 1, "one service type");
		is_str(r->service_types[0], "30", "EB03 30");
		is_str(r->plan_description, "GOLD 123 PLAN", "EB05");
		ok(r->amount == CS_X12_NO_AMOUNT && r->percent == CS_X12_NO_AMOUNT, "no amount, no percent");
		r = &r271[1];
		is_str(r->info, "L", "second EB: L primary care provider");
		is_int(r->n_related, 1, "with one LS/LE related entity");
		is_str(r->related[0].entity, "P3", "the related entity is P3 (primary care provider)");
		is_str(r->related[0].last, "JONES", "... JONES");
		is_str(r->related[0].first, "MARCUS", "... MARCUS");
		is_str(r->related[0].id, "0202034", "... SV 0202034");
		r = &r271[2];
		is_int(r->n_service_types, 10, "third EB: EB03 has 10 repetitions split on '^'");
		for (int k = 0; k < 10; k++)
			is_str(r->service_types[k], types10[k], "service type");
		r = &r271[3];
		ok(cs_x12_eq(r->info, "B") && r->amount == 1000 && cs_x12_eq(r->time_period, "27") &&
		   cs_x12_eq(r->in_network, "Y") && cs_x12_eq(r->insurance_type, "HM"),
		   "fourth EB: copay 10.00 per visit (EB06 27), HMO, in network");
		r = &r271[4];
		ok(cs_x12_eq(r->info, "B") && r->amount == 3000 && cs_x12_eq(r->in_network, "N"),
		   "fifth EB: copay 30.00 out of network");
		free(b);
	}

	/* LinuxForHealth dependent 271 */
	b = must_slurp("x12-linuxforhealth/271_005010X279A1__dependent-health-benefit-check.271", &n);
	ok(p271(b, n, CS_X12_STRICT) == CS_OK && n271 == 5, "dependent 271: five EB records, strict");
	r = &r271[0];
	ok(strcmp(r->loop, "2110D") == 0 && r->dependent.present, "in 2110D, with a dependent");
	is_str(r->dependent.name.last, "SMITH", "dependent last name");
	is_str(r->dependent.name.first, "MARY", "dependent first name");
	ok(r->dependent.birth_date == D(1998, 10, 14), "dependent birth 1998-10-14");
	is_str(r->dependent.gender, "F", "dependent gender");
	is_str(r->dependent.relationship, "19", "INS02 19 (child)");
	ok(r->dependent.dates.plan_begin.begin == D(2006, 1, 1), "dependent plan begin 2006-01-01");
	is_str(r->dependent.trace, "93175-012547", "the dependent's TRN");
	is_str(r->subscriber.name.first, "JOHN", "the subscriber's context stays");
	ok(r->subscriber.birth_date == D(1963, 5, 19), "subscriber birth date");
	ok(r271[1].n_related == 1 && cs_x12_eq(r271[1].related[0].last, "JONES"),
	   "EB*L with its LS/LE primary care provider");
	ok(r271[3].amount == 1000 && r271[4].amount == 3000, "copays 10.00 and 30.00");
	free(b);

	/* LinuxForHealth error 271: SE02 4323 against ST02 4321, and a 2100B rejection */
	b = must_slurp("x12-linuxforhealth/271_005010X279A1__subscriber-health-benefit-check-error.271", &n);
	ok(p271(b, n, CS_X12_LENIENT) == CS_OK && n271 == 1, "error 271: lenient mode gives one record");
	r = &r271[0];
	ok(r->kind == CS_271_REJECT && strcmp(r->loop, "2100B") == 0 && r->segment == 9,
	   "an AAA rejection in 2100B at segment 9");
	is_str(r->valid_request, "Y", "AAA01");
	is_str(r->reject_reason, "50", "AAA03 50 (provider ineligible for inquiries)");
	is_str(r->follow_up, "N", "AAA04 N (resubmission not allowed)");
	is_str(r->source.last, "ABC COMPANY", "with the payer");
	ok(res.findings.n == 1 && res.findings.f[0].kind == CS_X12_SE_CONTROL && res.findings.f[0].segment == 10,
	   "and a finding: SE02 differs from ST02 (segment 10)");
	ok(p271(b, n, CS_X12_STRICT) == CS_ERR_FORMAT, "strict mode refuses it");
	err_says("Segment 10 (SE, byte offset 346): SE02 differs from ST02 of segment 3", "error 271 strict");
	free(b);

	/* badX12: the TR3 examples with '>' as repetition separator */
	b = must_slurp("x12-badx12/X279-response-to-generic-request-by-clinic-for-patient-(subscriber)-eligibility.edi", &n);
	ok(p271(b, n, CS_X12_STRICT) == CS_OK && n271 == 5, "badX12 subscriber 271: five records, strict");
	ok(r271[2].n_service_types == 10 && cs_x12_eq(r271[2].service_types[9], "UC"),
	   "EB03 split on the '>' repetition separator (10 codes, the last UC)");
	ok(r271[3].amount == 1000 && r271[4].amount == 3000, "amounts '10' and '30' are 1000 and 3000 cents");
	ok(r271[4].n_related == 1 && cs_x12_eq(r271[4].related[0].entity, "P3"),
	   "the LS/LE after the last EB belongs to it");
	is_str(r271[0].interchange_control, "000010216", "ISA13");
	is_str(r271[0].subscriber.name.last, "SMITH", "subscriber");
	ok(r271[0].subscriber.dates.plan_begin.begin == D(2006, 1, 1), "plan begin");
	free(b);

	b = must_slurp("x12-badx12/X279-response-to-generic-request-by-physician-for-patient-(dependent)-eligibility.edi", &n);
	ok(p271(b, n, CS_X12_STRICT) == CS_OK && n271 == 5, "badX12 dependent 271: five records, strict");
	ok(strcmp(r271[0].loop, "2110D") == 0 && cs_x12_eq(r271[0].dependent.name.first, "MARY") &&
	   r271[0].dependent.birth_date == D(1998, 10, 14), "dependent MARY, 1998-10-14, in 2110D");
	free(b);

	b = must_slurp("x12-badx12/X279-error-response-from-payer-to-clinic-not-eligible-for-inquiries-with-payer.edi", &n);
	ok(p271(b, n, CS_X12_STRICT) == CS_OK && n271 == 1, "badX12 AAA response: one record, strict");
	ok(r271[0].kind == CS_271_REJECT && strcmp(r271[0].loop, "2100B") == 0 &&
	   cs_x12_eq(r271[0].reject_reason, "50") && cs_x12_eq(r271[0].follow_up, "N"),
	   "AAA*Y**50*N in 2100B");
	free(b);

	/* requests and remittances are not 271s */
	b = must_slurp("x12-badx12/X279-generic-request-by-clinic-for-patient-(subscriber)-eligibility.edi", &n);
	ok(p271(b, n, CS_X12_LENIENT) == CS_ERR_FORMAT, "a 270 is refused by the 271 parser");
	err_says("Segment 3 (ST, byte offset 169), element ST01: the transaction set identifier is not 271",
			 "270 as 271");
	free(b);
	b = must_slurp("x12-badx12/unknown_segment_error.edi", &n);
	ok(p271(b, n, CS_X12_LENIENT) == CS_ERR_FORMAT, "unknown_segment_error.edi is refused by the 271 parser");
	err_says("Segment 3 (HL, byte offset 169)", "HL before ST");
	free(b);
	b = must_slurp("x12-badx12/segment_terminator.edi", &n);
	ok(p271(b, n, CS_X12_LENIENT) == CS_ERR_FORMAT, "segment_terminator.edi is refused by the 271 parser");
	free(b);
}

/* The pokitdok MOCKPAYER 271 against PokitDok's own summary of it (oop_insurance_estimate_response.json) */

/* The amount at the end of a key path in the JSON text: each key is looked for after the previous */
static cs_cents
json_amount(const char *json, const char *const *path)
{
	const char *p = strstr(json, "\"summary\"");
	cs_cents	c = 0;
	int			decimals = -1;

	for (; p && *path; path++)
	{
		char		key[64];

		snprintf(key, sizeof(key), "\"%s\"", *path);
		p = strstr(p, key);
	}
	if (p == NULL || (p = strstr(p, "\"amount\": \"")) == NULL)
		return -1;
	for (p += 11; *p && *p != '"'; p++)
	{
		if (*p == '.')
			decimals = 0;
		else
		{
			c = c * 10 + (*p - '0');
			if (decimals >= 0)
				decimals++;
		}
	}
	for (decimals = decimals < 0 ? 0 : decimals; decimals < 2; decimals++)
		c *= 10;
	return c;
}

static void
test_271_pokitdok(void)
{
	size_t		n,
				jn;
	char	   *b = must_slurp("x12-pokitdok/mockpayer_271_raw.x12", &n);
	char	   *j = must_slurp("x12-pokitdok/oop_insurance_estimate_response.json", &jn);
	char	   *json = malloc(jn + 1);
	static const char *const kinds[] = {"deductible", "out_of_pocket"};
	static const char *const eb01[] = {"C", "G"};
	static const char *const levels[] = {"individual", "family"};
	static const char *const eb02[] = {"IND", "FAM"};
	static const char *const networks[] = {"in_network", "out_of_network"};
	static const char *const eb12[] = {"Y", "N"};
	const cs_x12_271_record *r;

	memcpy(json, j, jn);
	json[jn] = '\0';
	ok(p271(b, n, CS_X12_STRICT) == CS_OK, "pokitdok 271 parses in strict mode (no GS08, no ST03)");
	is_int(n271, 21, "21 EB records");
	is_int(res.findings.n, 0, "no findings");

	r = &r271[0];
	is_str(r->interchange_control, "000000001", "ISA13");
	is_str(r->source.last, "MOCK PAYER INC", "payer");
	is_str(r->source.id, "MOCKPAYER", "payer id");
	is_str(r->receiver_npi, "1912301953", "provider NPI from 2100B (XX)");
	is_str(r->receiver.last, "PokitDok, Inc.", "provider name");
	is_str(r->subscriber.name.last, "DOE", "subscriber");
	is_str(r->subscriber.name.id, "00000000001", "member ID");
	ok(r->subscriber.birth_date == D(1970, 1, 1), "birth date 1970-01-01");
	is_str(r->subscriber.group_number, "088818801000013", "group number (REF*6P)");
	is_str(r->subscriber.group_name, "MOCK INDIVIDUAL ADVANTAGE PLAN", "group name (REF03)");
	is_str(r->subscriber.trace, "1", "trace number (TRN02)");
	is_str(r->subscriber.trace_originator, "1453915417", "trace originator (TRN03)");
	is_str(r->coverage_level, "ESP", "EB02 ESP, the json's employee_and_spouse");
	ok(r->n_service_types == 2 && cs_x12_eq(r->service_types[0], "30") &&
	   cs_x12_eq(r->service_types[1], "98"), "EB03 30^98");
	is_str(r->insurance_type, "PR", "EB04 PR (PPO)");
	is_str(r->plan_description, "Open Choice", "EB05");
	ok(r->dates.plan_begin.begin == D(2013, 2, 15), "EB's plan begin (DTP*346) 2013-02-15");
	ok(r->dates.eligibility_begin.begin == D(2012, 2, 1), "EB's eligibility begin (DTP*356) 2012-02-01");

	r = &r271[1];
	ok(cs_x12_eq(r->info, "B") && r->amount == 2000 && cs_x12_eq(r->in_network, "Y") && r->n_msg == 1,
	   "copay 20.00 in network with one MSG");
	is_str(r->msg[0], "PRIMARY OFFICE", "MSG01");
	ok(r271[2].amount == 3000 && cs_x12_eq(r271[2].in_network, "W") && r271[2].n_msg == 5,
	   "copay 30.00, network W, five MSGs");
	ok(cs_x12_eq(r271[3].info, "A") && r271[3].percent == CS_X12_NO_AMOUNT && r271[3].n_msg == 6,
	   "coinsurance in network without EB08 (the json's 0.0 is PokitDok's reading of nothing sent)");
	ok(cs_x12_eq(r271[4].info, "A") && r271[4].percent == 500000 && cs_x12_eq(r271[4].in_network, "N"),
	   "coinsurance out of network 0.5 = 500000 millionths (the json's benefit_percent 0.5)");
	ok(r271[5].dates.eligibility.begin == D(2013, 1, 1), "deductible's DTP*307 2013-01-01");

	/* deductible (C) and OOP (G) × IND/FAM × in/out of network: total (json limit) and remaining */
	for (int k = 0; k < 2; k++)
		for (int l = 0; l < 2; l++)
			for (int w = 0; w < 2; w++)
			{
				const char *limit_path[] = {kinds[k], levels[l], networks[w], "limit", NULL};
				const char *remaining_path[] = {kinds[k], levels[l], networks[w], "remaining", NULL};
				const char *applied_path[] = {kinds[k], levels[l], networks[w], "applied", NULL};
				cs_cents	limit = json_amount(json, limit_path);
				cs_cents	remaining = json_amount(json, remaining_path);
				cs_cents	applied = json_amount(json, applied_path);
				cs_cents	total = CS_X12_NO_AMOUNT,
							left = CS_X12_NO_AMOUNT;

				for (int i = 0; i < n271 && i < MAX_KEPT; i++)
				{
					r = &r271[i];
					if (!cs_x12_eq(r->info, eb01[k]) || !cs_x12_eq(r->coverage_level, eb02[l]) ||
						!cs_x12_eq(r->in_network, eb12[w]))
						continue;
					if (cs_x12_eq(r->time_period, "29"))
						left = r->amount;
					else
						total = r->amount;
				}
				ok(limit > 0 && total == limit, "%s %s %s: total %lld = the json's limit %lld", kinds[k],
				   levels[l], networks[w], (long long) total, (long long) limit);
				ok(remaining > 0 && left == remaining, "%s %s %s: remaining %lld = the json's %lld",
				   kinds[k], levels[l], networks[w], (long long) left, (long long) remaining);
				ok(applied > 0 && total - left == applied, "%s %s %s: met = total - remaining = the json's applied %lld",
				   kinds[k], levels[l], networks[w], (long long) applied);
			}
	/* what each deductible / OOP record means for plan data */
	{
		int			totals = 0,
					remainings = 0;

		for (int i = 0; i < n271 && i < MAX_KEPT; i++)
		{
			cs_x12_271_meaning m;

			cs_x12_271_meaning_of(&r271[i], &m);
			if (cs_x12_eq(r271[i].info, "C") || cs_x12_eq(r271[i].info, "G"))
			{
				ok(m.benefit && m.level && m.network && m.figure &&
				   strcmp(m.benefit, cs_x12_eq(r271[i].info, "C") ? "deductible" : "out_of_pocket") == 0 &&
				   strcmp(m.level, cs_x12_eq(r271[i].coverage_level, "IND") ? "individual" : "family") == 0 &&
				   strcmp(m.network, cs_x12_eq(r271[i].in_network, "Y") ? "in" : "out") == 0,
				   "record %d: benefit, level and network words", i);
				totals += strcmp(m.figure, "total") == 0;
				remainings += strcmp(m.figure, "remaining") == 0;
			}
		}
		ok(totals == 8 && remainings == 8, "8 totals (EB06 23 or not sent) and 8 remaining (EB06 29)");
		{
			cs_x12_271_meaning m;

			cs_x12_271_meaning_of(&r271[0], &m);
			ok(m.benefit && strcmp(m.benefit, "active") == 0 && strcmp(m.level, "family") == 0 &&
			   m.network == NULL && m.figure == NULL, "EB*1*ESP: active, family (ESP), network unknown");
			cs_x12_271_meaning_of(&r271[2], &m);
			ok(m.benefit && strcmp(m.benefit, "copay") == 0 && strcmp(m.network, "both") == 0,
			   "EB*B ... W: copay, both networks");
		}
	}
	free(json);
	free(j);
	free(b);
}

/* Delimiter variants of one document must give the same records */
static void
test_271_variants(void)
{
	size_t		n,
				vn,
				wn;
	char	   *b = must_slurp("x12-linuxforhealth/271_005010X279A1__subscriber-health-benefit-check.271", &n);
	char		want[4096],
				got[4096];
	char	   *v,
			   *w;
	const char *isa_padded = "ISA*03*9876543210*01*9876543210*30*000000005      *30*12345          *131031*1147*^*00501*000000907*1*T*:~";

	p271(b, n, CS_X12_STRICT);
	digest271(want, sizeof(want));

	v = replace(b, n, "~\n", "~", &vn);
	ok(p271(v, vn, CS_X12_STRICT) == CS_OK, "variant: no line ends (one line)");
	digest271(got, sizeof(got));
	ok(strcmp(got, want) == 0, "... same records");
	free(v);

	v = replace(b, n, "~\n", "~\r\n", &vn);
	ok(p271(v, vn, CS_X12_STRICT) == CS_OK, "variant: CR/LF after terminators");
	digest271(got, sizeof(got));
	ok(strcmp(got, want) == 0, "... same records");
	free(v);

	w = replace(b, n, "~\n", "~\n    ", &wn);
	v = malloc(wn + 16);
	memcpy(v, "\xEF\xBB\xBF\n  ", 6);
	memcpy(v + 6, w, wn);
	memcpy(v + 6 + wn, "\n \t\n", 4);
	vn = wn + 10;
	ok(p271(v, vn, CS_X12_STRICT) == CS_OK, "variant: BOM, indented segments, trailing white space");
	digest271(got, sizeof(got));
	ok(strcmp(got, want) == 0, "... same records");
	free(v);
	free(w);

	v = replace(b, n, "~", "\x1D", &vn);
	ok(p271(v, vn, CS_X12_STRICT) == CS_OK, "variant: 0x1D segment terminators");
	digest271(got, sizeof(got));
	ok(strcmp(got, want) == 0, "... same records");
	free(v);

	v = replace(b, n, isa_padded,
				"ISA*03*9876543210*01*9876543210*30*000000005*30*12345*131031*1147*^*00501*000000907*1*T*:~", &vn);
	ok(vn < n - 10 && p271(v, vn, CS_X12_STRICT) == CS_OK, "variant: unpadded ISA");
	digest271(got, sizeof(got));
	ok(strcmp(got, want) == 0, "... same records");
	free(v);

	/* the same character for repetitions and components: ':' for both */
	w = replace(b, n, "^", ":", &wn);
	ok(p271(w, wn, CS_X12_STRICT) == CS_OK, "variant: ':' as both repetition (ISA11) and component separator");
	digest271(got, sizeof(got));
	ok(strcmp(got, want) == 0, "... same records: EB03 still splits into 10 service types");
	free(w);

	/* several interchanges in one document, the third with other delimiters */
	{
		size_t		n2,
					n3;
		char	   *b2 = must_slurp("x12-linuxforhealth/271_005010X279A1__dependent-health-benefit-check.271", &n2);
		char	   *b3 = must_slurp("x12-badx12/X279-response-to-generic-request-by-clinic-for-patient-(subscriber)-eligibility.edi", &n3);

		v = malloc(n + n2 + n3);
		memcpy(v, b, n);
		memcpy(v + n, b2, n2);
		memcpy(v + n + n2, b3, n3);
		ok(p271(v, n + n2 + n3, CS_X12_STRICT) == CS_OK && n271 == 15,
		   "three interchanges in one document: 15 records");
		ok(strcmp(r271[4].loop, "2110C") == 0 && strcmp(r271[5].loop, "2110D") == 0 &&
		   strcmp(r271[10].loop, "2110C") == 0, "each with its own loops");
		is_str(r271[14].interchange_control, "000010216", "the third interchange's ISA13");
		ok(r271[12].n_service_types == 10, "the third's EB03 split on its own repetition separator");
		ok(res.transactions == 3, "three transaction sets counted");
		free(v);
		free(b2);
		free(b3);
	}

	/* one interchange holding two groups, the second with two transaction sets */
	{
		const char *doc = ISA_STD
			"GS*HB*A*B*20240101*1200*1*X*005010X279A1~ST*271*0001~HL*1**20*1~NM1*PR*2*P1*****PI*1~HL*2*1*21*1~NM1*1P*2*C*****XX*1234567893~HL*3*2*22*0~NM1*IL*1*DOE*JANE****MI*M1~EB*1**30~SE*9*0001~GE*1*1~"
			"GS*HB*A*B*20240101*1200*2*X*005010X279A1~ST*271*0002~HL*1**20*1~NM1*PR*2*P2*****PI*2~HL*2*1*21*1~NM1*1P*2*C*****XX*1234567893~HL*3*2*22*0~NM1*IL*1*DOE*JANE****MI*M1~EB*6**30~SE*9*0002~"
			"ST*271*0003~HL*1**20*1~NM1*PR*2*P3*****PI*3~HL*2*1*21*1~NM1*1P*2*C*****XX*1234567893~HL*3*2*22*0~NM1*IL*1*DOE*JANE****MI*M1~EB*1**30~EB*C*IND*30***23*500~SE*10*0003~GE*2*2~IEA*2*000000001~";

		v = tap_exact(doc, strlen(doc));
		ok(p271(v, strlen(doc), CS_X12_STRICT) == CS_OK && n271 == 4 && res.findings.n == 0,
		   "two groups, three transaction sets: four records, counts match");
		ok(cs_x12_eq(r271[0].source.last, "P1") && cs_x12_eq(r271[1].source.last, "P2") &&
		   cs_x12_eq(r271[3].source.last, "P3"), "each transaction set has its own payer");
		ok(cs_x12_eq(r271[1].group_control, "2") && cs_x12_eq(r271[3].transaction_control, "0003"),
		   "group and transaction control numbers per record");
		ok(cs_x12_eq(r271[1].info, "6"), "inactive coverage in the second");
		is_str(r271[0].receiver_npi, "1234567893", "NPI");
		free(v);
	}
	free(b);
}

/* Rejections at every level, LS/LE entities, HSD, REF, III, EB13, percents, date ranges */
static void
test_271_synthetic(void)
{
	size_t		n;
	char	   *b;
	const cs_x12_271_record *r;
	const char *body =
		"BHT*0022*11*REF1*20240101*1200~"
		"HL*1**20*1~"
		"AAA*Y**42*R~"
		"NM1*PR*2*PAYER ONE*****PI*P1~"
		"PER*IC**TE*8005551212~"
		"AAA*Y**79*C~"
		"HL*2*1*21*1~"
		"NM1*1P*2*CLINIC*****XX*1234567893~"
		"HL*3*2*22*1~"
		"TRN*1*PAYERTRACE*9999999999~"
		"TRN*2*TR1*9000000001~"
		"NM1*IL*1*DOE*JANE*Q***MI*M1~"
		"REF*18*PLAN9*GOLD~"
		"N3*1 MAIN ST~"
		"N4*TOWN*NE*68000~"
		"AAA*Y**72*C~"
		"DMG*D8*19800101*F~"
		"DTP*291*RD8*20240101-20241231~"
		"HL*4*3*23*0~"
		"NM1*03*1*DOE*TIM~"
		"AAA*N**58*C~"
		"DMG*D8*20100101~"
		"EB*U**MH^A6*PR~"
		"MSG*CALL THE BEHAVIORAL HEALTH ADMINISTRATOR~"
		"LS*2120~"
		"NM1*VN*2*OPTUM BEHAVIORAL HEALTH*****PI*87726~"
		"PER*IC**TE*8005551212~"
		"NM1*PR*2*SECOND ENTITY~"
		"LE*2120~"
		"EB*A*IND*A6***23**0.2****Y*HC:90837:95~"
		"HSD*VS*20***22~"
		"REF*G1*AUTH1~"
		"DTP*348*D8*20240101~"
		"DTP*472*RD8*20240101-20240630~"
		"AAA*Y**15*C~"
		"MSG*AUTH REQUIRED~"
		"III*ZZ*11~"
		"III*ZZ*02~"
		"EB*F*IND*A6****0**VS*30****~";

	b = wrap("271", "005010X279A1", body, &n);
	ok(p271(b, n, CS_X12_STRICT) == CS_OK, "synthetic 271 parses in strict mode");
	if (!ok(n271 == 8, "eight records"))
		printf("#   got %d; %s\n", n271, err.detail);
	r = &r271[0];
	ok(r->kind == CS_271_REJECT && strcmp(r->loop, "2000A") == 0 && cs_x12_eq(r->reject_reason, "42") &&
	   cs_x12_eq(r->follow_up, "R"), "AAA in 2000A: 42 unable to respond now, R resubmission allowed");
	r = &r271[1];
	ok(r->kind == CS_271_REJECT && strcmp(r->loop, "2100A") == 0 && cs_x12_eq(r->reject_reason, "79") &&
	   cs_x12_eq(r->source.last, "PAYER ONE"), "AAA in 2100A with the payer's name");
	r = &r271[2];
	ok(r->kind == CS_271_REJECT && strcmp(r->loop, "2100C") == 0 && cs_x12_eq(r->reject_reason, "72"),
	   "AAA in 2100C: 72 invalid member ID");
	ok(r->subscriber.birth_date == D(1980, 1, 1) && cs_x12_eq(r->subscriber.name.middle, "Q"),
	   "... handed out after the loop ends, so it carries the DMG that follows it");
	ok(r->subscriber.dates.plan.begin == D(2024, 1, 1) && r->subscriber.dates.plan.end == D(2024, 12, 31),
	   "... and the RD8 plan dates");
	is_str(r->subscriber.trace, "TR1", "the referenced TRN (TRN01 = 2) is the trace");
	is_str(r->subscriber.plan_number, "PLAN9", "REF*18 plan number");
	is_str(r->receiver_npi, "1234567893", "the provider's NPI");
	ok(!r->dependent.present, "no dependent yet");
	r = &r271[3];
	ok(r->kind == CS_271_REJECT && strcmp(r->loop, "2100D") == 0 && cs_x12_eq(r->reject_reason, "58") &&
	   cs_x12_eq(r->valid_request, "N") && r->dependent.birth_date == D(2010, 1, 1),
	   "AAA in 2100D: 58 invalid date of birth");
	r = &r271[4];
	ok(r->kind == CS_271_BENEFIT && strcmp(r->loop, "2110D") == 0 && cs_x12_eq(r->info, "U"),
	   "EB*U: contact another entity (a behavioral-health carve-out)");
	ok(r->n_service_types == 2 && cs_x12_eq(r->service_types[1], "A6"), "for MH and A6");
	ok(r->n_related == 2 && cs_x12_eq(r->related[0].entity, "VN") &&
	   cs_x12_eq(r->related[0].last, "OPTUM BEHAVIORAL HEALTH") && cs_x12_eq(r->related[0].id, "87726"),
	   "the carve-out administrator's name from the LS/LE 2120 loop");
	is_str(r->related[1].last, "SECOND ENTITY", "a second related entity in the same LS/LE");
	ok(r->n_msg == 1, "its MSG");
	r = &r271[5];
	ok(r->kind == CS_271_BENEFIT && cs_x12_eq(r->info, "A") && r->percent == 200000 &&
	   cs_x12_eq(r->time_period, "23"), "EB*A: coinsurance 0.2 = 200000 millionths");
	ok(cs_x12_eq(r->procedure_qualifier, "HC") && cs_x12_eq(r->procedure_code, "90837") &&
	   r->n_modifiers == 1 && cs_x12_eq(r->modifiers[0], "95"), "EB13 HC:90837:95");
	ok(r->n_hsd == 1 && cs_x12_eq(r->hsd[0].el[0], "VS") && cs_x12_eq(r->hsd[0].el[1], "20") &&
	   cs_x12_eq(r->hsd[0].el[4], "22"), "HSD: 20 visits per service year");
	ok(r->n_ref == 1 && cs_x12_eq(r->ref[0].qualifier, "G1") && cs_x12_eq(r->ref[0].id, "AUTH1"), "REF");
	ok(r->dates.benefit_begin.begin == D(2024, 1, 1) && r->dates.service.end == D(2024, 6, 30),
	   "DTP 348 and 472 (RD8)");
	ok(r->n_msg == 1 && cs_x12_eq(r->msg[0], "AUTH REQUIRED"), "the MSG after the AAA belongs to the EB");
	ok(r->n_iii == 2 && cs_x12_eq(r->iii[1].code, "02"), "two III (place of service 11 and 02)");
	r = &r271[6];
	ok(r->kind == CS_271_REJECT && strcmp(r->loop, "2110D") == 0 && cs_x12_eq(r->reject_reason, "15") &&
	   r->eb_segment == r271[5].segment && r->percent == 200000,
	   "AAA in 2110D comes after its EB and carries the EB's fields");
	r = &r271[7];
	ok(cs_x12_eq(r->info, "F") && r->amount == 0 && cs_x12_eq(r->quantity_qualifier, "VS") &&
	   r->quantity == 30000000, "EB*F: a limitation of 30 visits (EB10 in millionths); EB07 0 is zero, not absent");
	free(b);
}

/* Documents a 271 parser must refuse, and the limits on repeats */
static void
test_271_hostile(void)
{
	static const struct
	{
		const char *body;
		const char *says;
	}			bad[] = {
		{"HL*1**20*1~NM1*PR*2*P~HL*2*1*21*1~NM1*1P*2*C~HL*3*2*22*0~NM1*IL*1*D~EB*1~LS*2120~NM1*P3*1*X~",
		"Segment 13 (SE, byte offset",
		},
		{"HL*1**20*1~NM1*PR*2*P~HL*2*1*21*1~NM1*1P*2*C~HL*3*2*22*0~NM1*IL*1*D~EB*1~LS*2120~EB*1~LE*2120~",
		"Segment 12 (EB, byte offset"},
		{"HL*1**20*1~NM1*PR*2*P~HL*2*1*21*1~NM1*1P*2*C~HL*3*2*22*0~NM1*IL*1*D~EB*1~LS*2120~LE*2130~",
		"element LE01: LE01 does not match LS01"},
		{"HL*1**20*1~NM1*PR*2*P~HL*2*1*21*1~NM1*1P*2*C~HL*3*2*22*0~NM1*IL*1*D~LE*2120~",
		"LE without LS"},
		{"HL*1**20*1~NM1*PR*2*P~HL*2*1*21*1~NM1*1P*2*C~HL*3*2*22*0~EB*1~",
		"EB before the subscriber's or dependent's NM1"},
		{"HL*1**20*1~NM1*PR*2*P~EB*1~", "EB outside a subscriber or dependent loop"},
		{"HL*1**20*1~NM1*PR*2*P~HL*2*1*21*1~NM1*1P*2*C~HL*3*9*22*0~",
		"element HL02: the parent ID does not name the open parent level"},
		{"HL*1**20*1~NM1*PR*2*P~HL*3*1*22*0~", "the level's parent level has not been opened"},
		{"HL*1**20*1~NM1*PR*2*P~HL*2*1*24*0~", "element HL03: the hierarchical level code"},
		{"HL*1*7*20*1~", "the information source level has a parent ID"},
		{"NM1*PR*2*P~", "NM1 before the first HL"},
		{"AAA*Y**42*R~", "AAA before the first HL"},
		{"HL*1**20*1~NM1*PR*2*P~NM1*PR*2*P~", "a second NM1 in the same 2100 loop"},
		{"HL*1**20*1~NM1*PR*2*P~HL*2*1*21*1~NM1*1P*2*C~HL*3*2*22*0~NM1*IL*1*D~EB*1~NM1*P3*1*X~",
		"NM1 after an EB must be wrapped in LS/LE"},
		{"HL*1**20*1~NM1*PR*2*P~HL*2*1*21*1~NM1*1P*2*C~HL*3*2*22*0~NM1*IL*1*D~EB*C*IND*30***23*10.005~",
		"element EB07: the amount has fractions of a cent"},
		{"HL*1**20*1~NM1*PR*2*P~HL*2*1*21*1~NM1*1P*2*C~HL*3*2*22*0~NM1*IL*1*D~EB*C*IND*30***23*1,000~",
		"element EB07: the amount is not a decimal number"},
		{"HL*1**20*1~NM1*PR*2*P~HL*2*1*21*1~NM1*1P*2*C~HL*3*2*22*0~NM1*IL*1*D~EB*A*IND*30*****20%~",
		"element EB08"},
		{"HL*1**20*1~NM1*PR*2*P~HL*2*1*21*1~NM1*1P*2*C~HL*3*2*22*0~NM1*IL*1*D~DMG*D8*19801301~",
		"element DMG02: the value is not a calendar date"},
		{"HL*1**20*1~NM1*PR*2*P~HL*2*1*21*1~NM1*1P*2*C~HL*3*2*22*0~NM1*IL*1*D~DMG*D6*800101~",
		"element DMG01: the date format qualifier is not D8"},
		{"HL*1**20*1~NM1*PR*2*P~HL*2*1*21*1~NM1*1P*2*C~HL*3*2*22*0~NM1*IL*1*D~DTP*346*DT*200601011200~",
		"element DTP02: the date format qualifier is neither D8 nor RD8"},
	};
	size_t		n;
	char	   *b;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		b = wrap("271", "005010X279A1", bad[i].body, &n);
		ok(p271(b, n, CS_X12_LENIENT) == CS_ERR_FORMAT, "271 refused: %s", bad[i].says);
		err_says(bad[i].says, "271 hostile");
		free(b);
	}

	/* findings: an unknown segment, a misplaced one, another guide, an EB13 with '>' */
	b = wrap("271", "004010X092A1",
			 "HL*1**20*1~NM1*PR*2*P~HL*2*1*21*1~NM1*1P*2*C~HL*3*2*22*0~NM1*IL*1*D~ZZZ*1~EB*1~DMG*D8*19800101~EB*B**98***27*20*****Y*HC>90837~", &n);
	ok(p271(b, n, CS_X12_LENIENT) == CS_OK && n271 == 2, "lenient: another guide, an unknown and a misplaced segment are skipped");
	ok(res.findings.n == 4 && res.findings.f[0].kind == CS_X12_VERSION &&
	   res.findings.f[1].kind == CS_X12_UNKNOWN_SEGMENT && res.findings.f[2].kind == CS_X12_UNKNOWN_SEGMENT &&
	   res.findings.f[3].kind == CS_X12_COMPONENT_SEPARATOR, "four findings: version, ZZZ, DMG after EB, EB13 '>'");
	ok(cs_x12_eq(r271[1].procedure_code, "90837"), "EB13 read with the customary '>'");
	ok(p271(b, n, CS_X12_STRICT) == CS_ERR_FORMAT, "strict mode refuses at the first finding");
	err_says("Segment 3 (ST, byte offset 159): the implementation guide", "strict version");
	free(b);

	/* repeat limits */
	{
		char	   *body = malloc(1 << 16);
		size_t		o;

		o = (size_t) sprintf(body, "HL*1**20*1~NM1*PR*2*P~HL*2*1*21*1~NM1*1P*2*C~HL*3*2*22*0~NM1*IL*1*D~EB*1**");
		for (int i = 0; i < 100; i++)
			o += (size_t) sprintf(body + o, "%s30", i ? "^" : "");
		strcpy(body + o, "~");
		b = wrap("271", "005010X279A1", body, &n);
		ok(p271(b, n, CS_X12_LENIENT) == CS_ERR_FORMAT, "100 service types in EB03 are refused");
		err_says("element EB03: more than 99 service type codes", "EB03 limit");
		free(b);

		o = (size_t) sprintf(body, "HL*1**20*1~NM1*PR*2*P~HL*2*1*21*1~NM1*1P*2*C~HL*3*2*22*0~NM1*IL*1*D~EB*1~");
		for (int i = 0; i < 11; i++)
			o += (size_t) sprintf(body + o, "MSG*M~");
		b = wrap("271", "005010X279A1", body, &n);
		ok(p271(b, n, CS_X12_LENIENT) == CS_ERR_FORMAT, "11 MSG after one EB are refused");
		err_says("Segment 21 (MSG, byte offset", "MSG limit");
		free(b);

		o = (size_t) sprintf(body, "HL*1**20*1~NM1*PR*2*P~HL*2*1*21*1~NM1*1P*2*C~HL*3*2*22*0~NM1*IL*1*D~EB*1~LS*2120~");
		for (int i = 0; i < 5000; i++)
			o += (size_t) sprintf(body + o, "NM1*P3*1*X~");
		strcpy(body + o, "LE*2120~");
		b = wrap("271", "005010X279A1", body, &n);
		ok(p271(b, n, CS_X12_LENIENT) == CS_ERR_FORMAT, "a 24th related entity in one LS/LE is refused");
		err_says("more than 23 related entities", "2120 limit");
		free(b);

		o = (size_t) sprintf(body, "HL*1**20*1~NM1*PR*2*P~HL*2*1*21*1~NM1*1P*2*C~HL*3*2*22*0~NM1*IL*1*D~");
		for (int i = 0; i < 10; i++)
			o += (size_t) sprintf(body + o, "AAA*Y**72*C~");
		b = wrap("271", "005010X279A1", body, &n);
		ok(p271(b, n, CS_X12_LENIENT) == CS_ERR_FORMAT, "a 10th AAA in one loop is refused");
		err_says("more than 9 AAA segments in one loop", "AAA limit");
		free(b);
		free(body);
	}

	/* deeply repeated loops: 20000 subscribers, each with a benefit, in one transaction set */
	{
		size_t		cap = 20000 * 100 + 256;
		char	   *body = malloc(cap);
		size_t		o = (size_t) sprintf(body, "HL*1**20*1~NM1*PR*2*P*****PI*1~HL*2*1*21*1~NM1*1P*2*C*****XX*1234567893~");

		for (int i = 0; i < 20000; i++)
			o += (size_t) sprintf(body + o, "HL*%d*2*22*0~NM1*IL*1*DOE*J****MI*%d~EB*C*IND*30***29*%d.%02d~",
								  i + 3, i, i, i % 100);
		b = wrap("271", "005010X279A1", body, &n);
		ok(p271(b, n, CS_X12_STRICT) == CS_OK && n271 == 20000 && res.segments == 60010,
		   "20000 subscriber loops: 20000 records from one pass, memory bounded by one record");
		free(b);
		free(body);
	}
}

/* ---- 835 ------------------------------------------------------------------------------------ */

static const cs_x12_835_adjustment *
find_adj(const cs_x12_835_adjustment *a, int n, const char *group, const char *reason)
{
	for (int i = 0; i < n; i++)
		if (cs_x12_eq(a[i].group, group) && cs_x12_eq(a[i].reason, reason))
			return &a[i];
	return NULL;
}

static cs_cents
adj_amount(const cs_x12_835_adjustment *a, int n, const char *group, const char *reason)
{
	const cs_x12_835_adjustment *x = find_adj(a, n, group, reason);

	return x ? x->amount : CS_X12_NO_AMOUNT;
}

static void
test_835_files(void)
{
	size_t		n,
				fn;
	char	   *b,
			   *f;
	const cs_x12_835_record *r;

	/* secondary-payment.835: the domain.md §11 row 16 line */
	b = must_slurp("x12-835-linuxforhealth/secondary-payment.835", &n);
	ok(p835(b, n, CS_X12_LENIENT) == CS_OK, "secondary-payment.835 parses in lenient mode");
	is_int(n835, 4, "claim 1 (no lines), two lines of claim 2, claim 2");
	ok(res.findings.n == 2 && res.findings.f[0].kind == CS_X12_COMPONENT_SEPARATOR &&
	   res.findings.f[0].segment == 29 && res.findings.f[1].segment == 34,
	   "two findings: SVC01 at segments 29 and 34 use '>' although ISA16 is ':'");
	r = &r835[0];
	ok(r->kind == CS_835_CLAIM && r->segment == 16, "claim 1 at segment 16");
	is_str(r->interchange_control, "000000907", "ISA13");
	is_str(r->transaction_control, "1234", "ST02");
	is_str(r->handling, "I", "BPR01");
	is_int(r->payment_amount, 122200, "BPR02 1222.00");
	is_str(r->credit_debit, "C", "BPR03");
	is_str(r->payment_method, "CHK", "BPR04 check");
	ok(r->payment_date == CS_X12_NO_DATE, "no BPR16 (the file writes its date one element early, in BPR15)");
	is_str(r->trace, "0012524965", "TRN02 check number");
	is_str(r->trace_originator, "1559123456", "TRN03");
	ok(r->production_date == D(2005, 4, 12), "DTM*405");
	is_str(r->payer_name, "YOUR TAX DOLLARS AT WORK", "payer");
	is_str(r->payee_name, "ACME MEDICAL CENTER", "payee");
	is_str(r->payee_id_qualifier, "FI", "payee id qualifier FI (tax id)");
	is_str(r->payee_id, "599944521", "payee id");
	is_str(r->payee_npi, "", "no NPI (FI)");
	is_str(r->claim_id, "L0004828311", "CLP01");
	is_str(r->claim_status, "2", "CLP02 2 (processed as secondary)");
	is_int(r->claim_charge, 1032364, "CLP03 10323.64");
	is_int(r->claim_paid, 91200, "CLP04 912.00");
	is_int(r->patient_responsibility, CS_X12_NO_AMOUNT, "CLP05 not sent");
	is_str(r->filing_indicator, "12", "CLP06 12 (PPO)");
	is_str(r->payer_claim_id, "05090256390", "CLP07");
	is_str(r->facility_type, "11", "CLP08 11 (office)");
	is_str(r->frequency, "1", "CLP09 1 (original claim)");
	ok(r->n_claim_adjustments == 1 && adj_amount(r->claim_adjustments, 1, "OA", "23") == 941164,
	   "claim-level OA-23 (prior payer paid) 9411.64");
	is_int(r->coverage_amount, 91200, "claim AMT*AU 912.00");
	is_str(r->patient.last, "TOWNSEND", "patient (NM1*QC)");
	is_str(r->patient.id, "XXX123456789", "patient id");
	is_str(r->rendering.last, "ACME MEDICAL CENTER", "rendering provider (NM1*82)");
	ok(r->statement.begin == D(2005, 3, 3) && r->statement.end == D(2005, 3, 4), "DTM 232/233");
	ok(r->lines == 0 && r->imbalance == 0 && r->adjustment_total == 941164, "balanced without lines");

	r = &r835[2];
	ok(r->kind == CS_835_LINE && r->segment == 34 && r->line_number == 2, "line 2 of claim 2 at segment 34");
	ok(cs_x12_eq(r->procedure.qualifier, "HC") && cs_x12_eq(r->procedure.code, "66543") &&
	   r->procedure.n_modifiers == 1 && cs_x12_eq(r->procedure.modifiers[0], "26"), "SVC01 HC>66543>26");
	ok(r->alternate_separator, "... read with the customary '>' (flagged)");
	is_int(r->charge, 58500, "charge 585.00");
	is_int(r->paid, 28000, "paid 280.00");
	is_int(r->allowed, 50000, "allowed 500.00 (AMT*AU on the line)");
	is_int(adj_amount(r->adjustments, r->n_adjustments, "PR", "1"), 15000, "PR-1 deductible 150.00");
	is_int(adj_amount(r->adjustments, r->n_adjustments, "PR", "2"), 7000, "PR-2 coinsurance 70.00");
	is_int(adj_amount(r->adjustments, r->n_adjustments, "CO", "42"), 8500, "CO-42 85.00");
	is_int(r->charge - r->allowed, 8500, "contractual = charge - allowed = 585 - 500 = 85 (domain.md row 16)");
	is_int(r->patient_total, 22000, "patient 220.00");
	is_int(r->imbalance, 0, "585.00 - 280.00 = 150 + 70 + 85");
	{
		cs_x12_835_patient ps;
		cs_x12_835_adjustment extra[3];

		ok(cs_x12_835_patient_split(r->adjustments, r->n_adjustments, &ps, &err) == CS_OK &&
		   ps.deductible == 15000 && ps.coinsurance == 7000 && ps.copay == 0 && ps.other == 0,
		   "patient split: PR-1 150.00 deductible, PR-2 70.00 coinsurance; CO-42 is not the patient's");
		extra[0] = (cs_x12_835_adjustment) {{"PR", 2}, {"3", 1}, -2500, CS_X12_NO_AMOUNT};
		extra[1] = (cs_x12_835_adjustment) {{"PR", 2}, {"45", 2}, 4000, CS_X12_NO_AMOUNT};
		extra[2] = (cs_x12_835_adjustment) {{"PR", 2}, {"3", 1}, 1000, CS_X12_NO_AMOUNT};
		ok(cs_x12_835_patient_split(extra, 3, &ps, &err) == CS_OK && ps.copay == -1500 &&
		   ps.other == 4000 && ps.deductible == 0, "patient split: PR-3 sums with sign, PR-45 is other");
		extra[0].amount = INT64_MAX;
		extra[2].amount = 1;
		ok(cs_x12_835_patient_split(extra, 3, &ps, &err) == CS_ERR_OVERFLOW,
		   "patient split: an overflowing sum is refused");
	}
	is_str(r->revenue_code, "220", "SVC04");
	is_int(r->units, 1000000, "SVC05 1.00 unit");
	ok(r->service.begin == D(2005, 1, 6) && r->service.end == D(2005, 1, 6), "DTM*472 2005-01-06");
	is_str(r->claim_id, "0001000053", "the line carries its claim");
	is_str(r->patient.last, "BAKI", "... and its patient");
	r = &r835[1];
	ok(r->line_number == 1 && r->charge == 16650 && r->paid == 3000 && r->allowed == 15000 &&
	   adj_amount(r->adjustments, r->n_adjustments, "OA", "23") == 13650 && r->imbalance == 0,
	   "line 1: 166.50 charged, 30.00 paid, OA-23 136.50, allowed 150.00");
	r = &r835[3];
	ok(r->kind == CS_835_CLAIM && r->lines == 2 && r->claim_charge == 75150 && r->claim_paid == 31000 &&
	   r->patient_responsibility == 22000 && r->patient_total == 22000 && r->adjustment_total == 44150 &&
	   r->imbalance == 0, "claim 2: 751.50 - 310.00 = 441.50 of line adjustments; CLP05 220.00 = PR");
	ok(p835(b, n, CS_X12_STRICT) == CS_ERR_FORMAT, "strict mode refuses the '>' in SVC01");
	err_says("Segment 29 (SVC, byte offset 846): SVC01 separates its components with a character other than the ISA16 separator",
			 "secondary strict");

	/* the same with ISA16 declaring '>': strict mode reads it cleanly */
	f = replace(b, n, "*T*:~", "*T*>~", &fn);
	ok(p835(f, fn, CS_X12_STRICT) == CS_OK && n835 == 4 && res.findings.n == 0,
	   "with ISA16 = '>' the document is clean in strict mode");
	free(f);
	free(b);

	/* cob-contractural-adjustment.835: a negative adjustment */
	b = must_slurp("x12-835-linuxforhealth/cob-contractural-adjustment.835", &n);
	ok(p835(b, n, CS_X12_LENIENT) == CS_OK && n835 == 2, "cob-contractural-adjustment.835: a line and its claim");
	r = &r835[0];
	ok(r->charge == 54100 && r->paid == 3400 && adj_amount(r->adjustments, r->n_adjustments, "OA", "23") == 51600 &&
	   adj_amount(r->adjustments, r->n_adjustments, "OA", "94") == -900 && r->imbalance == 0,
	   "541.00 - 34.00 = OA-23 516.00 + OA-94 -9.00");
	is_int(r->allowed, 55000, "allowed AMT*B6 550.00");
	is_int(r->amt_b6, 55000, "amt_b6");
	is_str(r->procedure.code, "55669", "SVC01-2");
	is_str(r->control_number, "", "REF*1B is not a line control number");
	ok(r835[1].kind == CS_835_CLAIM && r835[1].imbalance == 0 && r835[1].claim_paid == 3400,
	   "the claim balances");
	is_str(r835[1].payee_id, "3UR334563", "payee id");
	free(b);

	/* managed-care.835: BPR16 20002316 is not a date */
	b = must_slurp("x12-835-linuxforhealth/managed-care.835", &n);
	ok(p835(b, n, CS_X12_LENIENT) == CS_ERR_FORMAT, "managed-care.835 is refused: BPR16 is not a date");
	err_says("Segment 4 (BPR, byte offset 176), element BPR16: the value is not a calendar date", "managed-care");
	f = replace(b, n, "*20002316~", "*20020316~", &fn);
	ok(p835(f, fn, CS_X12_STRICT) == CS_OK && n835 == 4 && res.findings.n == 0,
	   "with BPR16 corrected it is clean in strict mode");
	r = &r835[0];
	ok(r->payment_amount == 94500 && cs_x12_eq(r->payment_method, "ACH") &&
	   r->payment_date == D(2002, 3, 16), "ACH payment of 945.00");
	ok(r->kind == CS_835_LINE && cs_x12_eq(r->procedure.code, "99211") && r->charge == 80000 &&
	   r->paid == 50000 && adj_amount(r->adjustments, r->n_adjustments, "PR", "1") == 30000,
	   "line 99211: 800.00 charged, 500.00 paid, PR-1 deductible 300.00");
	ok(r->service.begin == D(2002, 3, 1) && r->service.end == D(2002, 3, 4), "DTM 150/151 period");
	ok(adj_amount(r->claim_adjustments, r->n_claim_adjustments, "CO", "A2") == 5000,
	   "the line carries its claim's CO-A2 50.00");
	is_str(r->payee_npi, "5544667733", "payee NPI (N1*PE*...*XX)");
	r = &r835[1];
	ok(r->kind == CS_835_CLAIM && r->claim_charge == 80000 && r->claim_paid == 45000 &&
	   r->patient_responsibility == 30000 && r->adjustment_total == 35000 && r->imbalance == 0,
	   "claim 1: 800 - 450 = CO-A2 50 + PR-1 300");
	r = &r835[2];
	ok(adj_amount(r->adjustments, r->n_adjustments, "PR", "1") == 60000 &&
	   adj_amount(r->adjustments, r->n_adjustments, "CO", "45") == 5000 && r->imbalance == 0,
	   "line 93555: PR-1 600.00, CO-45 50.00");
	ok(r835[3].patient_total == 60000 && r835[3].adjustment_total == 70500, "claim 2 totals");
	free(f);
	free(b);

	/* tertiary-payment.835: "SVC*HC*24599.00*..." has no procedure code */
	b = must_slurp("x12-835-linuxforhealth/tertiary-payment.835", &n);
	ok(p835(b, n, CS_X12_LENIENT) == CS_ERR_FORMAT, "tertiary-payment.835 is refused");
	err_says("Segment 20 (SVC, byte offset 614), element SVC01: the composite has no procedure code", "tertiary");
	free(b);

	/* badX12 error_validation.edi: an 835 with wrong trailers */
	b = must_slurp("x12-badx12/error_validation.edi", &n);
	ok(p835(b, n, CS_X12_LENIENT) == CS_OK && n835 == 4 && res.findings.n == 6,
	   "error_validation.edi: four records and six envelope findings in lenient mode");
	ok(r835[0].charge == 80000 && r835[0].paid == 50000 && r835[1].claim_paid == 45000 &&
	   r835[3].claim_charge == 120000 && r835[0].payment_amount == 94500,
	   "amounts without decimals (800, 450, 1200, 945) are dollars");
	ok(p835(b, n, CS_X12_STRICT) == CS_ERR_FORMAT, "strict mode refuses it");
	err_says("Segment 29 (SE, byte offset 823): SE01 says 30 segments, 27 counted", "error_validation strict");
	free(b);

	/* eligibility documents are not 835s */
	b = must_slurp("x12-pokitdok/mockpayer_271_raw.x12", &n);
	ok(p835(b, n, CS_X12_LENIENT) == CS_ERR_FORMAT, "a 271 is refused by the 835 parser");
	err_says("element ST01: the transaction set identifier is not 835", "271 as 835");
	free(b);
}

static void
test_835_balancing(void)
{
	size_t		n;
	char	   *b;
	const char *head = "BPR*I*100.00*C*CHK************20240105~TRN*1*T1*1999999999~N1*PR*PAYER~N1*PE*CLINIC*XX*1234567893~LX*1~";
	char		body[2048];

	/* a line that does not balance, a claim that does, and CLP05 that differs from PR */
	snprintf(body, sizeof(body), "%sCLP*C1*1*200.00*100.00*50.00*12~SVC*HC:90837*200.00*100.00~CAS*PR*1*60.00~CAS*CO*45*30.00~CAS*PR*3*10.00~", head);
	b = wrap("835", "005010X221A1", body, &n);
	ok(p835(b, n, CS_X12_LENIENT) == CS_OK && n835 == 2 && r835[0].imbalance == 0 && r835[1].imbalance == 0,
	   "balancing: a balanced line in a balanced claim");
	ok(res.findings.n == 1 && res.findings.f[0].kind == CS_X12_PATIENT_RESPONSIBILITY &&
	   res.findings.f[0].stated == 5000 && res.findings.f[0].counted == 7000,
	   "one finding: CLP05 50.00 against PR-1 60.00 + PR-3 10.00");
	free(b);

	snprintf(body, sizeof(body), "%sCLP*C1*1*200.00*100.00*70.00*12~SVC*HC:90837*200.00*100.00~CAS*PR*1*60.00~CAS*CO*45*30.00~", head);
	b = wrap("835", "005010X221A1", body, &n);
	ok(p835(b, n, CS_X12_LENIENT) == CS_OK && n835 == 2, "an unbalanced line and claim");
	ok(r835[0].imbalance == 1000 && r835[1].imbalance == 1000, "imbalance 10.00 on the line and the claim");
	ok(res.findings.n == 3 && res.findings.f[0].kind == CS_X12_UNBALANCED_LINE &&
	   res.findings.f[0].stated == 10000 && res.findings.f[0].counted == 9000 &&
	   res.findings.f[1].kind == CS_X12_UNBALANCED_CLAIM &&
	   res.findings.f[2].kind == CS_X12_PATIENT_RESPONSIBILITY && res.findings.f[2].stated == 7000 &&
	   res.findings.f[2].counted == 6000,
	   "findings: line (stated 100.00, adjustments 90.00), claim, and CLP05 70.00 against PR 60.00");
	ok(strstr(res.findings.f[0].text, "Segment 10 (SVC, byte offset") != NULL, "the line finding names the SVC");
	ok(p835(b, n, CS_X12_STRICT) == CS_ERR_FORMAT, "strict mode refuses an unbalanced line");
	err_says("Segment 10 (SVC, byte offset", "strict unbalanced");
	ok(strcmp(err.message, "X12 835 does not balance") == 0, "... as not balancing");
	free(b);

	/* payment balance with PLB, and one without */
	snprintf(body, sizeof(body), "%sCLP*C1*1*200.00*125.00**12~CAS*CO*45*75.00~PLB*1234567893*20241231*WO:X*25.00~", head);
	b = wrap("835", "005010X221A1", body, &n);
	ok(p835(b, n, CS_X12_STRICT) == CS_OK && n835 == 1 && res.findings.n == 0,
	   "BPR02 100.00 = CLP04 125.00 - PLB 25.00");
	free(b);
	snprintf(body, sizeof(body), "%sCLP*C1*1*200.00*125.00**12~CAS*CO*45*75.00~", head);
	b = wrap("835", "005010X221A1", body, &n);
	ok(p835(b, n, CS_X12_LENIENT) == CS_OK && res.findings.n == 1 &&
	   res.findings.f[0].kind == CS_X12_UNBALANCED_PAYMENT && res.findings.f[0].stated == 10000 &&
	   res.findings.f[0].counted == 12500, "BPR02 100.00 against claims 125.00: a payment finding at the BPR");
	free(b);

	/* refusals */
	{
		static const struct
		{
			const char *body;
			const char *says;
		}			bad[] = {
			{"SVC*HC:1*1*1~", "the transaction set does not start with BPR"},
			{"BPR*I*1*C*CHK~SVC*HC:1*1*1~", "SVC outside a claim"},
			{"BPR*I*1*C*CHK~CAS*CO*45*1~", "CAS outside a claim"},
			{"BPR*I*1*C*CHK~CLP*C*1*10**~", "element CLP04: the amount is missing"},
			{"BPR*I*1*C*CHK~CLP*C*1*10*1~SVC*HC:1**1~", "element SVC02: the amount is missing"},
			{"BPR*I*1*C*CHK~CLP*C*1*10*1~CAS*CO*45~", "element CAS03: the amount is missing"},
			{"BPR*I*1*C*CHK~CLP*C*1*10*1~CAS*CO**5~", "element CAS02: an adjustment amount or quantity has no reason code"},
			{"BPR*I*1*C*CHK~CLP*C*1*10*1~CAS**45*5~", "element CAS01: the adjustment group code is missing"},
			{"BPR*I*1*C*CHK~CLP*C*1*10*1~CAS*CO~", "element CAS02: the segment holds no adjustment"},
			{"BPR*I*1*C*CHK~CLP*C*1*10.001*1~", "element CLP03: the amount has fractions of a cent"},
			{"BPR*I*1*C*CHK~CLP*C*1*10*1~SVC*HC:1*10*1~DTM*472*20240231~", "element DTM02: the value is not a calendar date"},
			{"BPR*I*1*C*CHK~PLB*1*20241231*WO*1~CLP*C*1*10*1~", "a claim after the provider adjustments"},
			{"BPR*I*1*C*CHK~BPR*I*1*C*CHK~", "BPR is the first segment after ST, once"},
			{"BPR*I*1*C*CHK~CLP*C*1*10*1~SVC*HC:1*10*1*0*1*HC*1~", "element SVC06: the composite has no procedure code"},
		};

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		{
			b = wrap("835", "005010X221A1", bad[i].body, &n);
			ok(p835(b, n, CS_X12_LENIENT) == CS_ERR_FORMAT, "835 refused: %s", bad[i].says);
			err_says(bad[i].says, "835 hostile");
			free(b);
		}
	}

	/* 65 adjustments on one line */
	{
		size_t		o = (size_t) sprintf(body, "BPR*I*0*C*NON~CLP*C*1*0*0~SVC*HC:1*0*0~");

		for (int i = 0; i < 11; i++)
			o += (size_t) sprintf(body + o, "CAS*CO*45*1*1*45*1*1*45*1*1*45*-1*1*45*-1*1*45*-1~");
		b = wrap("835", "005010X221A1", body, &n);
		ok(p835(b, n, CS_X12_LENIENT) == CS_ERR_FORMAT, "a 65th adjustment on one line is refused");
		err_says("more than 64 adjustments", "CAS limit");
		free(b);
	}

	/* a reversal: negative amounts balance too */
	snprintf(body, sizeof(body), "BPR*I*0*C*NON~LX*1~CLP*C1*22*-200.00*-100.00*-60.00*12~SVC*HC:90837*-200.00*-100.00~CAS*PR*1*-60.00~CAS*CO*45*-40.00~CLP*C1*1*200.00*100.00*60.00*12~SVC*HC:90837*200.00*100.00~CAS*PR*1*60.00~CAS*CO*45*40.00~");
	b = wrap("835", "005010X221A1", body, &n);
	ok(p835(b, n, CS_X12_STRICT) == CS_OK && n835 == 4 && r835[1].claim_paid == -10000 &&
	   r835[1].patient_total == -6000, "a reversal (CLP02 22) and its correction balance, net payment 0");
	free(b);
}

/* The last parse recorded a finding of this kind */
static bool
has_finding(cs_x12_finding_kind kind)
{
	for (int i = 0; i < res.findings.n; i++)
		if (res.findings.f[i].kind == kind)
			return true;
	return false;
}

/* ---- reversed date ranges (issue 9 defect 7, issue 11) ----------------------------------------- */

/* The one finding of the last parse is a date_order finding whose text names want */
static void
one_date_finding(const char *want, const char *name)
{
	int			r = ok(res.findings.n == 1 && res.findings.f[0].kind == CS_X12_DATE_ORDER &&
					   strstr(res.findings.f[0].text, want) != NULL,
					   "%s: one date_order finding naming '%s'", name, want);

	if (!r)
		printf("#   got %d findings; first: %s\n", res.findings.n,
			   res.findings.n > 0 ? res.findings.f[0].text : "");
}

static void
test_date_order(void)
{
	size_t		n;
	char	   *b;
	char		body[2048];
	const char *head = "BPR*I*100.00*C*CHK************20240105~TRN*1*T1*1999999999~N1*PR*PAYER~N1*PE*CLINIC*XX*1234567893~LX*1~";
	const char *people =
		"HL*1**20*1~NM1*PR*2*PAYER ONE*****PI*P1~HL*2*1*21*1~NM1*1P*2*CLINIC*****XX*1234567893~"
		"HL*3*2*22*0~NM1*IL*1*DOE*JANE****MI*M1~";

	/* 835: DTM*233 before DTM*232 (the claim's statement period ends before it starts) */
	snprintf(body, sizeof(body), "%sCLP*C1*1*100.00*100.00**12~DTM*233*20240301~DTM*232*20240310~SVC*HC:90837*100.00*100.00~DTM*472*20240305~", head);
	b = wrap("835", "005010X221A1", body, &n);
	ok(p835(b, n, CS_X12_LENIENT) == CS_OK && n835 == 2, "835 with DTM*232 after DTM*233: lenient mode reads it");
	one_date_finding("Segment 11 (DTM, byte offset 331): the claim statement period end (DTM*233) is before its start (DTM*232)",
					 "835 statement");
	ok(r835[1].kind == CS_835_CLAIM && r835[1].statement.begin == CS_X12_NO_DATE &&
	   r835[1].statement.end == CS_X12_NO_DATE, "... and drops the reversed statement period");
	ok(r835[0].service.begin == D(2024, 3, 5), "... the line's DTM*472 stands");
	ok(p835(b, n, CS_X12_STRICT) == CS_ERR_FORMAT, "strict mode refuses it");
	err_says("Segment 11 (DTM, byte offset 331): the claim statement period end (DTM*233) is before its start (DTM*232)",
			 "835 statement strict");
	ok(strcmp(err.message, "X12 date range ends before it begins") == 0, "... as a reversed date range");
	free(b);

	/* 835: a line's DTM*151 before its DTM*150, in either segment order */
	snprintf(body, sizeof(body), "%sCLP*C1*1*100.00*100.00**12~SVC*HC:90837*100.00*100.00~DTM*150*20240310~DTM*151*20240301~", head);
	b = wrap("835", "005010X221A1", body, &n);
	ok(p835(b, n, CS_X12_LENIENT) == CS_OK && n835 == 2 && r835[0].service.begin == CS_X12_NO_DATE &&
	   r835[0].service.end == CS_X12_NO_DATE, "835 line DTM*150 after DTM*151's date: the period is dropped");
	one_date_finding("(DTM, byte offset", "835 line");
	one_date_finding("the service period end (DTM*151) is before its start (DTM*150)", "835 line text");
	ok(p835(b, n, CS_X12_STRICT) == CS_ERR_FORMAT, "strict mode refuses it");
	err_says("Segment 12 (DTM, byte offset", "835 line strict");
	free(b);
	snprintf(body, sizeof(body), "%sCLP*C1*1*100.00*100.00**12~SVC*HC:90837*100.00*100.00~DTM*151*20240301~DTM*150*20240310~", head);
	b = wrap("835", "005010X221A1", body, &n);
	ok(p835(b, n, CS_X12_STRICT) == CS_ERR_FORMAT, "DTM*150 written after DTM*151 is caught at the DTM*150");
	err_says("Segment 12 (DTM, byte offset", "835 line order");
	free(b);
	snprintf(body, sizeof(body), "%sCLP*C1*1*100.00*100.00**12~SVC*HC:90837*100.00*100.00~DTM*151*20240310~DTM*150*20240301~", head);
	b = wrap("835", "005010X221A1", body, &n);
	ok(p835(b, n, CS_X12_STRICT) == CS_OK && r835[0].service.begin == D(2024, 3, 1) &&
	   r835[0].service.end == D(2024, 3, 10), "DTM*151 before DTM*150 with dates in order is fine");
	free(b);

	/* 271: DTP*357 before DTP*356 in the subscriber loop */
	snprintf(body, sizeof(body), "%sDTP*357*D8*20240101~DTP*356*D8*20241231~EB*1**30~", people);
	b = wrap("271", "005010X279A1", body, &n);
	ok(p271(b, n, CS_X12_LENIENT) == CS_OK && n271 == 1, "271 with DTP*357 before DTP*356: lenient mode reads it");
	one_date_finding("(DTP, byte offset", "271 member loop");
	one_date_finding("the eligibility end (DTP*357) is before the eligibility begin (DTP*356) of the same loop",
					 "271 member loop text");
	ok(r271[0].subscriber.dates.eligibility_begin.begin == CS_X12_NO_DATE &&
	   r271[0].subscriber.dates.eligibility_end.begin == CS_X12_NO_DATE, "... and drops both dates");
	ok(p271(b, n, CS_X12_STRICT) == CS_ERR_FORMAT, "strict mode refuses it");
	err_says("Segment 11 (DTP, byte offset 329)", "271 strict");
	free(b);

	/* 271: the EB loop's DTP*356 is after the member loop's DTP*357 */
	snprintf(body, sizeof(body), "%sDTP*356*D8*20240101~DTP*357*D8*20240630~EB*1**30~DTP*356*D8*20240701~EB*1**MH~", people);
	b = wrap("271", "005010X279A1", body, &n);
	ok(p271(b, n, CS_X12_LENIENT) == CS_OK && n271 == 2, "271 EB begin after the member loop's end: lenient");
	one_date_finding("Segment 13 (DTP, byte offset 358)", "271 across loops");
	ok(r271[0].dates.eligibility_begin.begin == CS_X12_NO_DATE &&
	   r271[0].subscriber.dates.eligibility_begin.begin == D(2024, 1, 1) &&
	   r271[0].subscriber.dates.eligibility_end.end == D(2024, 6, 30),
	   "... the EB's date is dropped, the member loop's period stands");
	ok(r271[1].subscriber.dates.eligibility_end.end == D(2024, 6, 30), "... for the next EB too");
	ok(p271(b, n, CS_X12_STRICT) == CS_ERR_FORMAT, "strict mode refuses it");
	err_says("Segment 13 (DTP, byte offset 358)", "271 across strict");
	free(b);
	/* ... but an EB that states both ends of its own period overrides the member loop's */
	snprintf(body, sizeof(body), "%sDTP*356*D8*20240101~DTP*357*D8*20240630~EB*1**30~DTP*356*D8*20240701~DTP*357*D8*20241231~", people);
	b = wrap("271", "005010X279A1", body, &n);
	ok(p271(b, n, CS_X12_STRICT) == CS_OK && res.findings.n == 0 &&
	   r271[0].dates.eligibility_begin.begin == D(2024, 7, 1), "an EB with its own 356 and 357 in order is fine");
	free(b);

	/* 271: a reversed RD8 range, and DTP*291 with one date */
	snprintf(body, sizeof(body), "%sDTP*291*RD8*20241231-20240101~EB*1**30~DTP*292*RD8*20240601-20240101~", people);
	b = wrap("271", "005010X279A1", body, &n);
	ok(p271(b, n, CS_X12_LENIENT) == CS_OK && n271 == 1 && res.findings.n == 2 &&
	   res.findings.f[0].kind == CS_X12_DATE_ORDER && res.findings.f[1].kind == CS_X12_DATE_ORDER &&
	   strstr(res.findings.f[1].text, "the date range (RD8) ends before it begins") != NULL,
	   "reversed RD8 ranges: findings in lenient mode");
	ok(r271[0].subscriber.dates.plan.begin == CS_X12_NO_DATE && r271[0].dates.benefit.begin == CS_X12_NO_DATE,
	   "... and the ranges are dropped");
	ok(p271(b, n, CS_X12_STRICT) == CS_ERR_FORMAT, "strict mode refuses a reversed RD8");
	err_says("Segment 10 (DTP, byte offset 309)", "271 RD8 strict");
	free(b);
	snprintf(body, sizeof(body), "%sDTP*291*D8*20240101~EB*1**30~", people);
	b = wrap("271", "005010X279A1", body, &n);
	ok(p271(b, n, CS_X12_STRICT) == CS_OK && r271[0].subscriber.dates.plan.begin == D(2024, 1, 1) &&
	   r271[0].subscriber.dates.plan.end == CS_X12_NO_DATE,
	   "DTP*291*D8 is the plan's start date, open-ended (not a one-day plan)");
	free(b);
	snprintf(body, sizeof(body), "%sDTP*307*D8*20240101~EB*1**30~", people);
	b = wrap("271", "005010X279A1", body, &n);
	ok(p271(b, n, CS_X12_STRICT) == CS_OK && r271[0].subscriber.dates.eligibility.end == D(2024, 1, 1),
	   "other single dates stay one day");
	free(b);

	/* 270: a reversed range in a request is still refused */
	b = wrap("270", "005010X279A1",
			 "BHT*0022*13*R1*20240101*1200~HL*1**20*1~NM1*PR*2*PAYER*****PI*P1~HL*2*1*21*1~NM1*1P*2*CLINIC*****XX*1234567893~"
			 "HL*3*2*22*0~NM1*IL*1*DOE*JANE****MI*M1~DTP*291*RD8*20241231-20240101~EQ*30~", &n);
	ok(p270(b, n, CS_X12_LENIENT) == CS_ERR_FORMAT, "a 270 with a reversed range is refused");
	err_says("the range ends before it begins", "270 reversed");
	free(b);
}

/* ---- tokenizer tolerances (issue 11: real files the project had never seen) ------------------- */

static void
test_tolerances(void)
{
	size_t		n,
				m;
	char	   *b,
			   *v;
	char		want[4096],
				got[4096];
	const char *body =
		"HL*1**20*1~NM1*PR*2*PAYER ONE*****PI*P1~HL*2*1*21*1~NM1*1P*2*CLINIC*****XX*1234567893~"
		"HL*3*2*22*0~NM1*IL*1*DOE*JANE****MI*M1~DTP*291*D8*20240101~EB*C*IND*30***23*500.00~"
		"EB*C*IND*30***29*300.00~";

	b = wrap("271", "005010X279A1", body, &n);
	ok(p271(b, n, CS_X12_STRICT) == CS_OK && n271 == 2 && res.findings.n == 0, "the plain document");
	digest271(want, sizeof(want));

	/* Ctrl-Z after the last segment */
	v = malloc(n + 8);
	memcpy(v, b, n);
	memcpy(v + n, "\r\n\x1A\x1A", 4);
	ok(p271(v, n + 4, CS_X12_LENIENT) == CS_OK && n271 == 2 && res.findings.n == 1 &&
	   res.findings.f[0].kind == CS_X12_TRAILING_DATA, "trailing Ctrl-Z: read in lenient mode with a finding");
	is_str((cs_x12_span) {res.findings.f[0].text, strlen(res.findings.f[0].text)},
		   "Segment 16 (byte offset 413): an end-of-file character (Ctrl-Z, 0x1A) follows the last segment; it was ignored.",
		   "the finding names where");
	ok(p271(v, n + 4, CS_X12_STRICT) == CS_ERR_FORMAT, "... refused in strict mode");
	err_says("Ctrl-Z", "strict Ctrl-Z");
	memcpy(v + n, "\x1A" "X", 2);
	ok(p271(v, n + 2, CS_X12_LENIENT) == CS_ERR_FORMAT, "Ctrl-Z followed by anything else is refused");

	/* the final IEA without its terminator, with or without a Ctrl-Z after it */
	ok(p271(b, n - 1, CS_X12_LENIENT) == CS_OK && n271 == 2 && res.findings.n == 1 &&
	   res.findings.f[0].kind == CS_X12_MISSING_TERMINATOR && strstr(res.findings.f[0].text, "(IEA, byte offset") != NULL,
	   "IEA without its terminator: read in lenient mode with a finding at the IEA");
	ok(p271(b, n - 1, CS_X12_STRICT) == CS_ERR_FORMAT, "... refused in strict mode");
	err_says("without its segment terminator", "strict IEA");
	memcpy(v, b, n - 1);
	memcpy(v + n - 1, "\x1A\n", 2);
	ok(p271(v, n + 1, CS_X12_LENIENT) == CS_OK && n271 == 2 && res.findings.n == 2 &&
	   res.findings.f[0].kind == CS_X12_MISSING_TERMINATOR && res.findings.f[1].kind == CS_X12_TRAILING_DATA,
	   "IEA without its terminator, then Ctrl-Z: two findings");
	ok(p271(b, n - 4, CS_X12_LENIENT) == CS_OK && has_finding(CS_X12_IEA_CONTROL),
	   "a cut inside IEA02 reads with the control number finding too");
	free(v);
	{
		char	   *g = replace(b, n, "IEA*1*000000001~", "GE*1*7~", &m);

		ok(p271(g, m - 1, CS_X12_LENIENT) == CS_ERR_FORMAT, "another final segment without terminator is still truncation");
		err_says("no segment terminator", "GE without terminator");
		free(g);
	}

	/* a line break before every segment terminator */
	v = replace(b, n, "~", "\r\n~", &m);
	ok(p271(v, m, CS_X12_LENIENT) == CS_OK && res.findings.n == 1 && res.findings.f[0].kind == CS_X12_LINE_BREAK,
	   "CR LF before every terminator: read in lenient mode with one finding");
	digest271(got, sizeof(got));
	ok(strcmp(got, want) == 0 && r271[0].subscriber.dates.plan.begin == D(2024, 1, 1) && r271[1].amount == 30000,
	   "... and the same records as without the line breaks");
	ok(p271(v, m, CS_X12_STRICT) == CS_ERR_FORMAT, "... refused in strict mode");
	err_says("line break", "strict line break");
	free(v);
	v = replace(b, n, "~", "\n~\n", &m);
	ok(p271(v, m, CS_X12_LENIENT) == CS_OK && res.findings.n == 1, "LF before and after terminators");
	free(v);

	/* qualifiers padded with spaces */
	v = replace(b, n, "DTP*291*D8*", "DTP*291*D8 *", &m);
	ok(p271(v, m, CS_X12_LENIENT) == CS_OK && res.findings.n == 1 &&
	   res.findings.f[0].kind == CS_X12_PADDED_ELEMENT && r271[0].subscriber.dates.plan.begin == D(2024, 1, 1),
	   "DTP*291*D8 (padded): read in lenient mode with a finding");
	ok(p271(v, m, CS_X12_STRICT) == CS_ERR_FORMAT, "... strict mode reads the value as sent and refuses it");
	err_says("neither D8 nor RD8", "strict padded");
	free(v);
	v = replace(b, n, "EB*C*IND*30***", "EB*C  *IND *30 ***", &m);
	ok(p271(v, m, CS_X12_LENIENT) == CS_OK && n271 == 2 && res.findings.n == 1 && cs_x12_eq(r271[0].info, "C") &&
	   cs_x12_eq(r271[0].coverage_level, "IND") && cs_x12_eq(r271[0].service_types[0], "30"),
	   "padded EB01, EB02, EB03: one finding, the values without spaces");
	free(v);
	free(b);
}

/* ---- 270 ------------------------------------------------------------------------------------ */

static void
test_270(void)
{
	size_t		n;
	char	   *b;
	char		out[CS_270_MAX_SIZE];
	size_t		len = 0;
	const char *types[] = {"30", "MH", "A6"};
	cs_x12_270_request q;
	const cs_x12_270_inquiry *i;

	/* the shared 270 files */
	b = must_slurp("x12-linuxforhealth/270_005010X279A1__subscriber-health-benefit-check.270", &n);
	ok(p270(b, n, CS_X12_STRICT) == CS_OK && n270 == 1, "LinuxForHealth subscriber 270: one inquiry");
	i = &r270[0];
	is_str(i->subscriber.last, "SMITH", "subscriber");
	is_str(i->subscriber.first, "ROBERT", "first name");
	is_str(i->subscriber.id, "11122333301", "member ID");
	ok(i->subscriber_birth == D(1943, 5, 19), "birth 1943-05-19");
	ok(i->service.begin == D(2006, 5, 1), "DTP*291 2006-05-01");
	ok(i->n_service_types == 1 && cs_x12_eq(i->service_types[0], "30"), "EQ*30");
	{
		/* an EQ without a service type (found by the fuzzer): refused, not an inquiry without one */
		char	   *copy = malloc(n + 1);
		char	   *eq;

		memcpy(copy, b, n);
		copy[n] = 0;
		eq = strstr(copy, "EQ*30~");
		ok(eq != NULL, "the 270 asks with EQ*30");
		if (eq != NULL)
		{
			memmove(eq + 2, eq + 5, strlen(eq + 5) + 1);	/* EQ*30~ -> EQ~ */
			ok(p270(copy, strlen(copy), CS_X12_STRICT) != CS_OK && n270 == 0, "EQ without EQ01 is refused");
			ok(p270(copy, strlen(copy), CS_X12_LENIENT) != CS_OK && n270 == 0, "... in lenient mode too");
		}
		free(copy);
	}
	is_str(i->provider.last, "BONE AND JOINT CLINIC", "provider");
	is_str(i->payer.id, "842610001", "payer id");
	is_str(i->trace, "93175-012547", "trace");
	is_str(i->sender_id, "000000005", "ISA06 trimmed");
	is_str(i->usage, "T", "ISA15");
	free(b);
	b = must_slurp("x12-linuxforhealth/270_005010X279A1__dependent-health-benefit-check.270", &n);
	ok(p270(b, n, CS_X12_STRICT) == CS_OK && n270 == 1 && r270[0].has_dependent &&
	   cs_x12_eq(r270[0].dependent.first, "MARY") && r270[0].dependent_birth == D(1978, 10, 14) &&
	   cs_x12_eq(r270[0].subscriber.id, "11122333301") && cs_x12_eq(r270[0].provider.first, "MARCUS"),
	   "LinuxForHealth dependent 270: MARY, 1978-10-14, under subscriber 11122333301");
	free(b);
	b = must_slurp("x12-linuxforhealth/demo-single-line.270", &n);
	ok(p270(b, n, CS_X12_STRICT) == CS_OK && n270 == 1 && cs_x12_eq(r270[0].subscriber.first, "ROBERT"),
	   "demo-single-line.270");
	free(b);
	b = must_slurp("x12-badx12/X279-generic-request-by-clinic-for-patient-(subscriber)-eligibility.edi", &n);
	ok(p270(b, n, CS_X12_STRICT) == CS_OK && n270 == 1 && cs_x12_eq(r270[0].interchange_control, "000010216"),
	   "badX12 subscriber 270");
	free(b);
	b = must_slurp("x12-badx12/X279-generic-request-by-physician-for-patient-(dependent)-eligibility.edi", &n);
	ok(p270(b, n, CS_X12_STRICT) == CS_OK && n270 == 1 && cs_x12_eq(r270[0].dependent.last, "SMITH") &&
	   r270[0].dependent_birth == D(1978, 10, 14), "badX12 dependent 270");
	free(b);
	b = must_slurp("x12-pokitdok/mockpayer_270_raw.x12", &n);
	ok(p270(b, n, CS_X12_STRICT) == CS_OK && n270 == 1, "pokitdok 270");
	i = &r270[0];
	ok(cs_x12_eq(i->subscriber.last, "DOE") && cs_x12_eq(i->subscriber.id, "00000000001") &&
	   i->subscriber_birth == D(1970, 1, 1) && i->service.begin == D(2013, 10, 31) &&
	   cs_x12_eq(i->provider.id_qualifier, "XX") && cs_x12_eq(i->provider.id, "1912301953") &&
	   cs_x12_eq(i->payer.id, "MOCKPAYER"), "DOE, 1970-01-01, 2013-10-31, NPI 1912301953, MOCKPAYER");
	free(b);
	b = must_slurp("x12-pokitdok/mockpayer_271_raw.x12", &n);
	ok(p270(b, n, CS_X12_LENIENT) == CS_ERR_FORMAT, "a 271 is refused by the 270 reader");
	free(b);

	/* build a subscriber inquiry and read it back */
	cs_x12_270_init(&q);
	q.sender_id = "SUBMITTER1";
	q.receiver_id = "PAYERRCV";
	q.interchange_control = 42;
	q.group_control = 7;
	q.transaction_control = 3;
	q.created = D(2025, 3, 14);
	q.created_time = 905;
	q.reference = "REQ-0001";
	q.payer_name = "ACME HEALTH PLAN";
	q.payer_id = "ACME01";
	q.provider_last = "MIND WELL CLINIC";
	q.provider_npi = "1234567893";
	q.trace = "TRACE-1";
	q.trace_originator = "1234567890";
	q.subscriber_last = "DOE";
	q.subscriber_first = "JANE";
	q.subscriber_middle = "Q";
	q.subscriber_id = "W123456789";
	q.subscriber_birth = D(1985, 7, 4);
	q.service_date = D(2025, 3, 20);
	q.service_types = types;
	q.n_service_types = 3;
	q.line_breaks = true;

	ok(cs_x12_270_build(&q, out, sizeof(out), &len, &err) == CS_OK, "build a subscriber 270");
	ok(len > 106 && memcmp(out, "ISA*00*          *00*          *ZZ*SUBMITTER1     *ZZ*PAYERRCV       *250314*0905*^*00501*000000042*0*T*:~\n", 107) == 0,
	   "its ISA has the fixed widths (106 characters and the terminator)");
	ok(strstr(out, "\nSE*15*0003~\n") != NULL && strstr(out, "\nGE*1*7~\n") != NULL &&
	   strstr(out, "\nIEA*1*000000042~\n") != NULL, "SE counts 15 segments; GE and IEA match");
	ok(strstr(out, "NM1*1P*2*MIND WELL CLINIC*****XX*1234567893~") != NULL, "the provider as an organisation with its NPI");
	ok(cs_x12_check(out, len, CS_X12_STRICT, &res.findings, NULL, &err) == CS_OK && res.findings.n == 0,
	   "the built 270 passes the strict envelope checks");
	b = tap_exact(out, len);
	if (!ok(p270(b, len, CS_X12_STRICT) == CS_OK && n270 == 1, "reading it back gives one inquiry"))
		printf("# %s\n%s\n", err.detail, out);
	i = &r270[0];
	is_str(i->sender_id, "SUBMITTER1", "sender");
	is_str(i->sender_qualifier, "ZZ", "sender qualifier");
	is_str(i->receiver_id, "PAYERRCV", "receiver");
	is_str(i->interchange_control, "000000042", "interchange control");
	is_str(i->group_control, "7", "group control");
	is_str(i->transaction_control, "0003", "transaction control");
	is_str(i->reference, "REQ-0001", "BHT03");
	ok(i->created == D(2025, 3, 14) && cs_x12_eq(i->created_time, "0905"), "created");
	is_str(i->usage, "T", "test usage");
	is_str(i->payer.last, "ACME HEALTH PLAN", "payer");
	is_str(i->payer.id, "ACME01", "payer id");
	is_str(i->provider.last, "MIND WELL CLINIC", "provider");
	is_str(i->provider.type, "2", "organisation");
	is_str(i->provider.id, "1234567893", "NPI");
	is_str(i->trace, "TRACE-1", "trace");
	is_str(i->trace_originator, "1234567890", "trace originator");
	is_str(i->subscriber.last, "DOE", "subscriber last");
	is_str(i->subscriber.first, "JANE", "subscriber first");
	is_str(i->subscriber.middle, "Q", "subscriber middle");
	is_str(i->subscriber.id, "W123456789", "member ID");
	ok(i->subscriber_birth == D(1985, 7, 4), "subscriber birth");
	ok(!i->has_dependent, "no dependent");
	ok(i->service.begin == D(2025, 3, 20), "date of service");
	ok(i->n_service_types == 3 && cs_x12_eq(i->service_types[0], "30") && cs_x12_eq(i->service_types[1], "MH") &&
	   cs_x12_eq(i->service_types[2], "A6"), "service types 30, MH, A6");
	free(b);

	/* a dependent inquiry, a person as provider, production, no line breaks */
	q.dependent_last = "DOE";
	q.dependent_first = "TIM";
	q.dependent_birth = D(2012, 2, 29);
	q.provider_last = "JONES";
	q.provider_first = "MARCUS";
	q.production = true;
	q.line_breaks = false;
	q.n_service_types = 1;
	q.interchange_control = 999999999;
	ok(cs_x12_270_build(&q, out, sizeof(out), &len, &err) == CS_OK, "build a dependent 270");
	ok(strchr(out, '\n') == NULL && strstr(out, "HL*3*2*22*1~NM1*IL*1*DOE*JANE*Q***MI*W123456789~DMG*D8*19850704~HL*4*3*23*0~TRN*1*TRACE-1*1234567890~NM1*03*1*DOE*TIM~DMG*D8*20120229~DTP*291*D8*20250320~EQ*30~SE*16*0003~") != NULL,
	   "the subscriber loop has children; the dependent loop holds TRN, NM1*03, DMG, DTP, EQ");
	b = tap_exact(out, len);
	ok(p270(b, len, CS_X12_STRICT) == CS_OK && n270 == 1, "read back");
	i = &r270[0];
	ok(i->has_dependent && cs_x12_eq(i->dependent.last, "DOE") && cs_x12_eq(i->dependent.first, "TIM") &&
	   i->dependent_birth == D(2012, 2, 29), "the dependent");
	ok(cs_x12_eq(i->subscriber.id, "W123456789") && i->subscriber_birth == D(1985, 7, 4),
	   "the subscriber under it");
	ok(cs_x12_eq(i->provider.first, "MARCUS") && cs_x12_eq(i->provider.type, "1"), "a person as provider");
	ok(cs_x12_eq(i->usage, "P") && cs_x12_eq(i->interchange_control, "999999999"), "production, control 999999999");
	ok(cs_x12_eq(i->trace, "TRACE-1"), "the dependent's trace");
	free(b);

	/* refusals */
	{
		cs_x12_270_request bad = q;

		bad.subscriber_last = "O*NEIL";
		ok(cs_x12_270_build(&bad, out, sizeof(out), &len, &err) == CS_ERR_INCONSISTENT &&
		   strstr(err.detail, "subscriber_last") && !strstr(err.detail, "NEIL"),
		   "a delimiter in a name is refused, naming the field only");
		bad = q;
		bad.subscriber_first = "Jos\xc3\xa9";
		ok(cs_x12_270_build(&bad, out, sizeof(out), &len, &err) == CS_ERR_INCONSISTENT,
		   "non-ASCII is refused");
		bad = q;
		bad.subscriber_id = NULL;
		ok(cs_x12_270_build(&bad, out, sizeof(out), &len, &err) == CS_ERR_NULL &&
		   strstr(err.detail, "subscriber_id"), "a missing member ID is refused");
		bad = q;
		bad.payer_name = "AN EXTREMELY LONG PAYER NAME THAT GOES ON AND ON PAST SIXTY CHARS";
		ok(cs_x12_270_build(&bad, out, sizeof(out), &len, &err) == CS_ERR_RANGE, "a 64-character payer name is refused");
		bad = q;
		bad.provider_npi = "123456789";
		ok(cs_x12_270_build(&bad, out, sizeof(out), &len, &err) == CS_ERR_RANGE, "a 9-digit NPI is refused");
		bad = q;
		bad.interchange_control = 1000000000;
		ok(cs_x12_270_build(&bad, out, sizeof(out), &len, &err) == CS_ERR_RANGE, "a 10-digit control number is refused");
		bad = q;
		bad.n_service_types = 0;
		ok(cs_x12_270_build(&bad, out, sizeof(out), &len, &err) == CS_ERR_RANGE, "no service type is refused");
		bad = q;
		bad.service_types = (const char *const[]) {"mh"};
		ok(cs_x12_270_build(&bad, out, sizeof(out), &len, &err) == CS_ERR_WORD, "a lower-case service type is refused");
		bad = q;
		bad.created_time = 1260;
		ok(cs_x12_270_build(&bad, out, sizeof(out), &len, &err) == CS_ERR_RANGE, "time 12:60 is refused");
		bad = q;
		bad.dependent_last = NULL;
		ok(cs_x12_270_build(&bad, out, sizeof(out), &len, &err) == CS_ERR_INCONSISTENT,
		   "dependent fields without a dependent last name are refused");
		ok(cs_x12_270_build(&q, out, 100, &len, &err) == CS_ERR_RANGE && len > 100,
		   "a small buffer is refused with the length needed");
	}
}

/* ---- every prefix of a document, binary junk ------------------------------------------------ */

static void
test_hostile(void)
{
	static const char *const files[] = {
		"x12-pokitdok/mockpayer_271_raw.x12",
		"x12-835-linuxforhealth/secondary-payment.835",
		"x12-linuxforhealth/271_005010X279A1__dependent-health-benefit-check.271",
	};
	uint64_t	seed = 12345;

	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++)
	{
		size_t		n;
		char	   *b = must_slurp(files[f], &n);
		size_t		last = n;
		int			refused = 0,
					tried = 0;
		bool		is835 = f == 1;

		size_t		iea;
		int			closed = 0,
					inside = 0;

		while (last > 0 && b[last - 1] != '~')
			last--;
		iea = last >= 3 ? last - 3 : 0;
		while (iea > 0 && memcmp(b + iea, "IEA", 3) != 0)
			iea--;
		/*
		 * every prefix that stops before the final IEA's element separator is refused; one that stops
		 * inside the IEA is the IEA without its terminator: read in lenient mode with a finding, refused
		 * in strict mode
		 */
		for (size_t k = 0; k < last; k++)
		{
			char	   *p = tap_exact(b, k);
			cs_status	st = is835 ? p835(p, k, CS_X12_LENIENT) : p271(p, k, CS_X12_LENIENT);

			if (k < iea + 4)
			{
				tried++;
				refused += st == CS_ERR_FORMAT;
			}
			else
			{
				inside++;
				closed += st == CS_OK && has_finding(CS_X12_MISSING_TERMINATOR);
				st = is835 ? p835(p, k, CS_X12_STRICT) : p271(p, k, CS_X12_STRICT);
				closed -= st != CS_ERR_FORMAT;
			}
			free(p);
		}
		ok(refused == tried, "%s: all %d truncations before the final IEA are refused", files[f], tried);
		ok(inside > 0 && closed == inside,
		   "%s: the %d that stop inside the final IEA are read in lenient mode (missing_terminator), refused in strict mode",
		   files[f], inside);

		/* flipped bytes: never a crash, always OK or a format error */
		refused = tried = 0;
		for (int t = 0; t < 2000; t++)
		{
			char	   *p = tap_exact(b, n);
			cs_status	st;

			for (int k = 0; k < 3; k++)
			{
				seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
				p[(seed >> 33) % n] = (char) (seed >> 20);
			}
			st = is835 ? p835(p, n, CS_X12_LENIENT) : p271(p, n, CS_X12_LENIENT);
			tried++;
			refused += st == CS_OK || st == CS_ERR_FORMAT;
			free(p);
		}
		ok(refused == tried, "%s: 2000 corrupted copies end in a record set or a format error", files[f]);
		free(b);
	}

	/* pure binary junk */
	{
		char	   *p = malloc(4096);
		int			refused = 0;

		for (int t = 0; t < 200; t++)
		{
			for (int k = 0; k < 4096; k++)
			{
				seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
				p[k] = (char) (seed >> 40);
			}
			if (t % 2)
				memcpy(p, ISA_STD, 106);
			refused += p271(p, 4096, CS_X12_LENIENT) == CS_ERR_FORMAT &&
				p835(p, 4096, CS_X12_LENIENT) == CS_ERR_FORMAT &&
				p270(p, 4096, CS_X12_LENIENT) == CS_ERR_FORMAT;
		}
		is_int(refused, 200, "binary junk (with and without a valid ISA) is refused by every parser");
		free(p);
	}
}

/* ---- dispatch and meaning tables ------------------------------------------------------------ */

static cs_x12_span
S(const char *s)
{
	cs_x12_span v;

	v.data = s;
	v.len = strlen(s);
	return v;
}

/* Segment codes: the tokenizer's code is CS_X12_CODE of its identifier; comparisons are exact */
static void
test_codes(void)
{
	static const char doc[] =
		"ISA*00*          *00*          *ZZ*A              *ZZ*B              *240101*1200*^*00501*000000001*0*P*:~"
		"GS*HB*A*B*20240101*1200*1*X*005010X279A1~N1*PR*X~TA1*1~NM1*IL~IEA*1*000000001~";
	cs_x12_reader r;
	cs_x12_segment s;
	const uint32_t want[] = {CS_X12_CODE('I', 'S', 'A'), CS_X12_CODE('G', 'S', 0),
		CS_X12_CODE('N', '1', 0), CS_X12_CODE('T', 'A', '1'), CS_X12_CODE('N', 'M', '1'),
	CS_X12_CODE('I', 'E', 'A')};
	const bool envelope[] = {true, true, false, true, false, true};
	int			n = 0;
	char	   *b = tap_exact(doc, sizeof(doc) - 1);

	cs_x12_init(&r, b, sizeof(doc) - 1);
	while (cs_x12_next(&r, &s, &err) == CS_X12_SEGMENT && n < 6)
	{
		ok(s.code == want[n], "segment %d (%s): its code", n + 1, s.id);
		ok(cs_x12_is_envelope(&s) == envelope[n], "segment %d (%s): envelope or not", n + 1, s.id);
		n++;
	}
	is_int(n, 6, "six segments read");
	ok(CS_X12_CODE('N', '1', 0) != CS_X12_CODE('N', '1', '0') &&
	   CS_X12_CODE('S', 'E', 0) != CS_X12_CODE('S', 'E', 'G'), "two- and three-character codes differ");
	free(b);

	ok(cs_x12_eq(S(""), ""), "'' = ''");
	ok(!cs_x12_eq(S(""), "A"), "'' <> 'A'");
	ok(!cs_x12_eq(S("A"), ""), "'A' <> ''");
	ok(cs_x12_eq(S("IND"), "IND"), "'IND' = 'IND'");
	ok(!cs_x12_eq(S("IN"), "IND"), "a prefix is not equal");
	ok(!cs_x12_eq(S("INDX"), "IND"), "a longer value is not equal");
	{
		cs_x12_span v = {"IND", 2};	/* a span is not NUL-terminated */

		ok(cs_x12_eq(v, "IN") && !cs_x12_eq(v, "IND"), "only len bytes of the span count");
	}
}

/* Both NULL or the same word */
static bool
same_word(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/*
 * Element splitting at every alignment (the tokenizer splits eight bytes at a time): elements of
 * lengths 0 to 19 in turn, then the limit of 64 elements.
 */
static void
test_split(void)
{
	static const char isa[] =
		"ISA*00*          *00*          *ZZ*A              *ZZ*B              *240101*1200*^*00501*000000001*0*P*:~";
	char		doc[2048];
	size_t		n = 0;
	int			good = 0;
	cs_x12_reader r;
	cs_x12_segment s;
	char	   *b;

	memcpy(doc, isa, sizeof(isa) - 1);
	n = sizeof(isa) - 1;
	for (int shift = 0; shift < 8; shift++)
	{
		n = sizeof(isa) - 1;
		memcpy(doc + n, "REF", 3);
		n += 3;
		doc[n++] = '*';
		for (int i = 0; i < shift; i++)
			doc[n++] = 'y';		/* moves the elements across word boundaries */
		for (int len = 0; len < 20; len++)
		{
			doc[n++] = '*';
			for (int k = 0; k < len; k++)
				doc[n++] = (char) ('a' + (len + k) % 26);
		}
		doc[n++] = '~';
		b = tap_exact(doc, n);
		cs_x12_init(&r, b, n);
		if (cs_x12_next(&r, &s, &err) == CS_X12_SEGMENT &&
			cs_x12_next(&r, &s, &err) == CS_X12_SEGMENT && s.nelements == 21 &&
			cs_x12_el(&s, 1).len == (size_t) shift)
		{
			bool		same = true;

			for (int len = 0; len < 20; len++)
			{
				cs_x12_span e = cs_x12_el(&s, len + 2);

				same = same && e.len == (size_t) len;
				for (int k = 0; same && k < len; k++)
					same = e.data[k] == (char) ('a' + (len + k) % 26);
			}
			good += same;
		}
		free(b);
	}
	is_int(good, 8, "elements of 0 to 19 bytes split right at 8 alignments");

	for (int count = 63; count <= 66; count++)
	{
		cs_x12_token t;

		n = sizeof(isa) - 1;
		memcpy(doc + n, "REF", 3);
		n += 3;
		for (int i = 0; i < count; i++)
		{
			doc[n++] = '*';
			doc[n++] = 'x';
		}
		doc[n++] = '~';
		b = tap_exact(doc, n);
		cs_x12_init(&r, b, n);
		cs_x12_next(&r, &s, &err);
		t = cs_x12_next(&r, &s, &err);
		if (count <= CS_X12_MAX_ELEMENTS)
			ok(t == CS_X12_SEGMENT && s.nelements == count && cs_x12_eq(cs_x12_el(&s, count), "x"),
			   "%d elements are read", count);
		else
			ok(t == CS_X12_ERROR && strstr(err.detail, "more than 64 elements") != NULL,
			   "%d elements are refused", count);
		free(b);
	}
}

/* cs_x12_271_meaning_of over every code it knows and a few it does not */
static void
test_meaning_table(void)
{
	static const struct
	{
		const char *info;
		const char *benefit;
	}			infos[] = {
		{"1", "active"}, {"2", "active"}, {"3", "active"}, {"4", "active"}, {"5", "active"},
		{"6", "inactive"}, {"7", "inactive"}, {"8", "inactive"}, {"A", "coinsurance"},
		{"B", "copay"}, {"C", "deductible"}, {"F", "limitation"}, {"G", "out_of_pocket"},
		{"I", "non_covered"}, {"R", "other_payer"}, {"U", "contact_other_entity"},
		{"9", NULL}, {"D", NULL}, {"E", NULL}, {"CB", NULL}, {"11", NULL}, {"c", NULL}, {"", NULL},
		{"C ", NULL},
	};
	static const struct
	{
		const char *code;
		const char *level;
	}			levels[] = {
		{"IND", "individual"}, {"EMP", "individual"}, {"FAM", "family"}, {"ESP", "family"},
		{"ECH", "family"}, {"SPC", "family"}, {"CHD", "family"}, {"DEP", "family"},
		{"SPO", "family"}, {"", NULL}, {"IN", NULL}, {"INDV", NULL}, {"ind", NULL}, {"XYZ", NULL},
	};
	static const struct
	{
		const char *code;
		const char *network;
	}			networks[] = {{"Y", "in"}, {"N", "out"}, {"W", "both"}, {"U", NULL}, {"", NULL},
	{"YY", NULL}};
	static const struct
	{
		const char *period;
		const char *figure;
	}			figures[] = {{"29", "remaining"}, {"33", "remaining"}, {"24", "met"}, {"23", "total"},
	{"22", "total"}, {"32", "total"}, {"21", "total"}, {"25", "total"}, {"", "total"},
	{"27", "per_visit"}, {"26", "per_episode"}, {"36", "per_admission"}, {"6", "per_hour"},
	{"7", "per_day"}, {"13", "per_24_hours"}, {"35", "per_week"}, {"34", "per_month"},
	{"28", "outlier"}, {"30", "exceeded"}, {"31", "not_exceeded"}, {"2", "other"}, {"290", "other"},
	{"2 ", "other"}};
	cs_x12_271_record *r = calloc(1, sizeof(*r));
	cs_x12_271_meaning m;

	r->kind = CS_271_BENEFIT;
	for (size_t i = 0; i < sizeof(infos) / sizeof(infos[0]); i++)
	{
		r->info = S(infos[i].info);
		cs_x12_271_meaning_of(r, &m);
		ok(same_word(m.benefit, infos[i].benefit), "EB01 '%s': benefit %s", infos[i].info,
		   infos[i].benefit ? infos[i].benefit : "NULL");
		ok(m.figure == NULL || (m.benefit && (strcmp(m.benefit, "deductible") == 0 ||
											  strcmp(m.benefit, "out_of_pocket") == 0)),
		   "EB01 '%s': a figure only for deductible and out of pocket", infos[i].info);
	}
	r->info = S("1");
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
	{
		r->coverage_level = S(levels[i].code);
		cs_x12_271_meaning_of(r, &m);
		ok(same_word(m.level, levels[i].level), "EB02 '%s': level %s", levels[i].code,
		   levels[i].level ? levels[i].level : "NULL");
	}
	for (size_t i = 0; i < sizeof(networks) / sizeof(networks[0]); i++)
	{
		r->in_network = S(networks[i].code);
		cs_x12_271_meaning_of(r, &m);
		ok(same_word(m.network, networks[i].network), "EB12 '%s': network %s", networks[i].code,
		   networks[i].network ? networks[i].network : "NULL");
	}
	for (int k = 0; k < 3; k++)
	{
		r->info = S(k == 0 ? "C" : k == 1 ? "G" : "B");
		for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++)
		{
			r->time_period = S(figures[i].period);
			cs_x12_271_meaning_of(r, &m);
			ok(same_word(m.figure, k == 2 ? NULL : figures[i].figure), "EB01 %s, EB06 '%s': figure %s",
			   k == 0 ? "C" : k == 1 ? "G" : "B", figures[i].period,
			   k == 2 ? "NULL" : figures[i].figure);
		}
	}
	/* a limitation (F) with a dollar amount and no quantity: a plan-paid maximum, figured by EB06 */
	r->info = S("F");
	r->amount = 500000;
	r->quantity = CS_X12_NO_AMOUNT;
	r->quantity_qualifier = S("");
	for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++)
	{
		r->time_period = S(figures[i].period);
		cs_x12_271_meaning_of(r, &m);
		ok(same_word(m.figure, figures[i].figure), "EB01 F with EB07, EB06 '%s': figure %s", figures[i].period,
		   figures[i].figure);
	}
	r->time_period = S("23");
	r->quantity_qualifier = S("VS");
	r->quantity = 20000000;
	cs_x12_271_meaning_of(r, &m);
	ok(m.figure == NULL, "EB01 F with a visit quantity: a visit limit, no figure");
	r->quantity_qualifier = S("");
	r->quantity = CS_X12_NO_AMOUNT;
	r->amount = CS_X12_NO_AMOUNT;
	cs_x12_271_meaning_of(r, &m);
	ok(m.figure == NULL, "EB01 F without an amount: no figure");
	r->kind = CS_271_REJECT;
	r->info = S("C");
	cs_x12_271_meaning_of(r, &m);
	ok(!m.benefit && !m.level && !m.network && !m.figure, "a rejection means nothing for plan data");
	free(r);
}

void
test_x12(void)
{
	test_codes();
	test_split();
	test_meaning_table();
	test_tokenizer();
	test_envelope();
	test_271_files();
	test_271_pokitdok();
	test_271_variants();
	test_271_synthetic();
	test_271_hostile();
	test_835_files();
	test_835_balancing();
	test_date_order();
	test_tolerances();
	test_270();
	test_hostile();
}
