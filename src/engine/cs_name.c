/*
 * cs_name.c — name keys (ICU), member ID keys and the member-matching score (see cs_name.h; the
 * reasons for each rule are in doc/identity.md).
 *
 * ICU use: one transliterator per process, opened on first use and kept (opening one parses its rules
 * and costs milliseconds); every UErrorCode is checked after every call; a handle opened by a call that
 * then fails is closed before the error is returned.  Names that are plain ASCII skip ICU: NFKC,
 * transliteration to Latin and Latin-ASCII leave ASCII unchanged, so the key is the same (the unit tests
 * check that both paths agree).
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uclean.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>
#include <unicode/uversion.h>

#include "cs_name.h"

/*
 * Compatibility forms folded (NFKC), invisible format characters (soft hyphen, zero-width joiners)
 * removed, Cyrillic by BGN/PCGN (Shcherbakov, Zhukov: the spellings on US documents), every other
 * script by ICU's Any-Latin, then Latin to ASCII (accents, ligatures, ß).  Latin-ASCII is filtered to
 * the characters that are not ASCII yet: it then runs about four times faster, and the only context its
 * rules read from ASCII neighbours is letter case (Æ before a lower-case letter becomes Ae, not AE),
 * which the key folds anyway.
 */
#define CS_TRANSLIT_ID "NFKC; [:Cf:] Remove; Russian-Latin/BGN; Any-Latin; [:^ASCII:] Latin-ASCII"
/* The same without the filter: the unit tests check that both give the same keys */
#define CS_TRANSLIT_ID_UNFILTERED "NFKC; [:Cf:] Remove; Russian-Latin/BGN; Any-Latin; Latin-ASCII"

/* Transliteration works in place in a buffer of this many UTF-16 units */
#define CS_TRANSLIT_CAP 4096

/* For tests: take the ICU path even for ASCII input; use the unfiltered transliterator */
bool		cs_name_force_icu = false;
bool		cs_name_unfiltered = false;

static UTransliterator *translit = NULL;

/* ---- errors -------------------------------------------------------------------------------------- */

static cs_status
icu_failed(cs_error *err, const char *message, UErrorCode st)
{
	return cs_fail(err, CS_ERR_LIBRARY, message,
				   "Check that the server's ICU library and its data are installed and intact.",
				   "ICU reported %s.", u_errorName(st));
}

static cs_status
encoding_failed(cs_error *err, const char *what)
{
	return cs_fail(err, CS_ERR_ENCODING, "text is not valid UTF-8",
				   "Store names and IDs as text in a UTF-8 database, or convert them to UTF-8 first.",
				   "The %s contains a byte sequence that is not UTF-8.", what);
}

/* ---- ICU handles --------------------------------------------------------------------------------- */

static cs_status
get_translit(UTransliterator **out, cs_error *err)
{
	if (translit == NULL)
	{
		UErrorCode	st = U_ZERO_ERROR;
		UParseError pe;
		const char *ids = cs_name_unfiltered ? CS_TRANSLIT_ID_UNFILTERED : CS_TRANSLIT_ID;
		UChar		id[sizeof(CS_TRANSLIT_ID) + sizeof(CS_TRANSLIT_ID_UNFILTERED)];
		UTransliterator *t;

		u_uastrncpy(id, ids, (int32_t) (sizeof(id) / sizeof(id[0])));
		t = utrans_openU(id, (int32_t) strlen(ids), UTRANS_FORWARD, NULL, 0, &pe, &st);
		if (U_FAILURE(st))
		{
			if (t != NULL)
				utrans_close(t);
			return icu_failed(err, "could not open the name transliterator", st);
		}
		translit = t;
	}
	*out = translit;
	return CS_OK;
}

void
cs_name_cleanup(void)
{
	if (translit != NULL)
	{
		utrans_close(translit);
		translit = NULL;
	}
	u_cleanup();
}

void
cs_icu_version(char *icu, char *unicode)
{
	UVersionInfo v;

	u_getVersion(v);
	u_versionToString(v, icu);
	u_getUnicodeVersion(v);
	u_versionToString(v, unicode);
}

/* ---- the key's characters ------------------------------------------------------------------------ */

typedef enum
{
	CH_WORD,					/* a letter or digit, kept (upper-cased) */
	CH_JOIN,					/* removed without breaking the word: apostrophes, marks, format chars */
	CH_BREAK					/* a word break: spaces, hyphens, every other punctuation and symbol */
} ch_kind;

static ch_kind
classify(UChar32 c, bool ascii_only)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return CH_WORD;
	switch (c)
	{
		case 0x0027:			/* ' */
		case 0x0060:			/* ` */
		case 0x00B4:			/* acute accent */
		case 0x02B9:			/* modifier prime (Cyrillic soft sign, some romanisations) */
		case 0x02BA:			/* modifier double prime */
		case 0x02BB:			/* okina */
		case 0x02BC:			/* modifier apostrophe */
		case 0x2018:			/* left single quotation mark */
		case 0x2019:			/* right single quotation mark */
		case 0x2032:			/* prime */
		case 0xFF07:			/* fullwidth apostrophe */
			return CH_JOIN;
		default:
			break;
	}
	if (ascii_only || c < 0x80)
		return CH_BREAK;
	switch (u_charType(c))
	{
		case U_NON_SPACING_MARK:
		case U_ENCLOSING_MARK:
		case U_COMBINING_SPACING_MARK:
		case U_FORMAT_CHAR:		/* soft hyphen, zero-width joiners */
			return CH_JOIN;
		default:
			return CH_BREAK;
	}
}

typedef struct key_out
{
	char	   *buf;
	size_t		len;
	size_t		cap;			/* bytes, including the terminator */
	bool		pending_break;
	bool		overflow;
} key_out;

static void
emit(key_out *o, UChar32 c, bool ascii_only)
{
	switch (classify(c, ascii_only))
	{
		case CH_WORD:
			if (o->len + 3 > o->cap)
			{
				o->overflow = true;
				return;
			}
			if (o->pending_break && o->len > 0)
				o->buf[o->len++] = ' ';
			o->pending_break = false;
			o->buf[o->len++] = (char) ((c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c);
			break;
		case CH_JOIN:
			break;
		case CH_BREAK:
			o->pending_break = true;
			break;
	}
}

static bool
word_is(const char *w, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && memcmp(*list, w, n) == 0)
			return true;
	return false;
}

static const char *const suffixes[] = {"JR", "JNR", "SR", "SNR", "II", "III", "IV", NULL};

static const char *const particles[] = {
	"DE", "DEL", "DELA", "LA", "LAS", "LOS", "LE", "LES", "DA", "DAS", "DO", "DOS", "DI", "DU",
	"VAN", "VON", "DER", "DEN", "TER", "TEN", "Y", "E", "AL", "EL", "BIN", "BINT", "BEN", "IBN", NULL
};

bool
cs_name_particle(const char *w, size_t len)
{
	return word_is(w, len, particles);
}

/* Drop generational suffixes from the end while another word remains */
static void
drop_suffixes(key_out *o)
{
	for (;;)
	{
		char	   *sp = NULL;

		for (size_t i = o->len; i > 0; i--)
			if (o->buf[i - 1] == ' ')
			{
				sp = &o->buf[i - 1];
				break;
			}
		if (sp == NULL || !word_is(sp + 1, (size_t) (o->buf + o->len - sp - 1), suffixes))
			return;
		o->len = (size_t) (sp - o->buf);
	}
}

static bool
all_ascii(const char *in, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char) in[i] >= 0x80)
			return false;
	return true;
}

cs_status
cs_name_key(const char *in, size_t len, char *key, size_t *key_len, cs_error *err)
{
	key_out		o = {key, 0, CS_NAME_KEY_SIZE, false, false};

	*key_len = 0;
	key[0] = '\0';
	if (len > CS_NAME_MAX_INPUT)
		return cs_fail(err, CS_ERR_TOO_LONG, "name is too long",
					   "Pass one name field (first or last name), not a document.",
					   "A name can have at most %d bytes.", CS_NAME_MAX_INPUT);

	if (!cs_name_force_icu && all_ascii(in, len))
	{
		for (size_t i = 0; i < len; i++)
			emit(&o, (unsigned char) in[i], true);
	}
	else
	{
		UChar		u[CS_TRANSLIT_CAP];
		int32_t		ulen = 0,
					limit;
		UErrorCode	st = U_ZERO_ERROR;
		UTransliterator *t;
		cs_status	rc;

		u_strFromUTF8(u, CS_TRANSLIT_CAP, &ulen, in, (int32_t) len, &st);
		if (st == U_INVALID_CHAR_FOUND || st == U_ILLEGAL_CHAR_FOUND)
			return encoding_failed(err, "name");
		if (U_FAILURE(st))
			return icu_failed(err, "could not convert a name to UTF-16", st);
		if ((rc = get_translit(&t, err)) != CS_OK)
			return rc;
		limit = ulen;
		utrans_transUChars(t, u, &ulen, CS_TRANSLIT_CAP, 0, &limit, &st);
		if (st == U_BUFFER_OVERFLOW_ERROR)
			return cs_fail(err, CS_ERR_TOO_LONG, "name is too long once transliterated",
						   "Pass one name field (first or last name), not a document.",
						   "The name's Latin transliteration exceeds %d characters.", CS_TRANSLIT_CAP);
		if (U_FAILURE(st))
			return icu_failed(err, "could not transliterate a name", st);
		for (int32_t i = 0; i < ulen;)
		{
			UChar32		c;

			U16_NEXT(u, i, ulen, c);
			emit(&o, c, false);
		}
	}
	if (o.overflow)
		return cs_fail(err, CS_ERR_TOO_LONG, "name is too long once transliterated",
					   "Pass one name field (first or last name), not a document.",
					   "The name's key exceeds %d bytes.", CS_NAME_KEY_SIZE - 1);
	drop_suffixes(&o);
	key[o.len] = '\0';
	*key_len = o.len;
	return CS_OK;
}

/* ---- member IDs ---------------------------------------------------------------------------------- */

/* Leading labels typed into an ID field: each a sequence of runs (letters and digits between separators) */
static const char *const id_labels[][3] = {
	{"MEMBER", "ID", NULL}, {"MEMBERID", NULL}, {"MEMBER", NULL},
	{"MBR", "ID", NULL}, {"MBRID", NULL}, {"MBR", NULL},
	{"SUBSCRIBER", "ID", NULL}, {"SUBSCRIBERID", NULL}, {"SUBSCRIBER", NULL},
	{"SUB", "ID", NULL}, {"SUBID", NULL},
	{"ID", NULL}, {"NO", NULL},
};

#define ID_RUNS 4

cs_status
cs_member_id_key(const char *in, size_t len, char *key, size_t *key_len, cs_error *err)
{
	UChar		u[CS_MEMBER_ID_MAX_INPUT * 2];
	UChar		n[CS_MEMBER_ID_KEY_SIZE / 4];
	const UChar *src = NULL;
	int32_t		slen = 0;
	size_t		out = 0;
	size_t		run_start[ID_RUNS],
				run_len[ID_RUNS];
	int			runs = 0;
	bool		in_run = false;
	size_t		skip = 0;

	*key_len = 0;
	key[0] = '\0';
	if (len > CS_MEMBER_ID_MAX_INPUT)
		return cs_fail(err, CS_ERR_TOO_LONG, "member ID is too long",
					   "Pass the member ID as printed on the card.",
					   "A member ID can have at most %d bytes.", CS_MEMBER_ID_MAX_INPUT);
	if (!all_ascii(in, len))
	{
		UErrorCode	st = U_ZERO_ERROR;
		const UNormalizer2 *nfkc;
		int32_t		ulen = 0;

		u_strFromUTF8(u, (int32_t) (sizeof(u) / sizeof(u[0])), &ulen, in, (int32_t) len, &st);
		if (st == U_INVALID_CHAR_FOUND || st == U_ILLEGAL_CHAR_FOUND)
			return encoding_failed(err, "member ID");
		if (U_FAILURE(st))
			return icu_failed(err, "could not convert a member ID to UTF-16", st);
		nfkc = unorm2_getNFKCInstance(&st);
		if (U_FAILURE(st))
			return icu_failed(err, "could not load the NFKC normaliser", st);
		slen = unorm2_normalize(nfkc, u, ulen, n, (int32_t) (sizeof(n) / sizeof(n[0])), &st);
		if (st == U_BUFFER_OVERFLOW_ERROR)
			return cs_fail(err, CS_ERR_TOO_LONG, "member ID is too long once normalised",
						   "Pass the member ID as printed on the card.",
						   "The normalised member ID exceeds %d characters.", (int) (sizeof(n) / sizeof(n[0])));
		if (U_FAILURE(st))
			return icu_failed(err, "could not normalise a member ID", st);
		src = n;
	}
	else
		slen = (int32_t) len;

	for (int32_t i = 0; i < slen;)
	{
		UChar32		c;

		if (src)
			U16_NEXT(src, i, slen, c);
		else
			c = (unsigned char) in[i++];
		if (src ? u_isalnum(c) : ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
		{
			UBool		bad = false;

			c = (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : (c < 0x80 ? c : u_toupper(c));
			if (!in_run)
			{
				if (runs < ID_RUNS)
				{
					run_start[runs] = out;
					run_len[runs] = 0;
				}
				runs++;
				in_run = true;
			}
			if (out + U8_MAX_LENGTH + 1 > CS_MEMBER_ID_KEY_SIZE)
				return cs_fail(err, CS_ERR_TOO_LONG, "member ID is too long once normalised",
							   "Pass the member ID as printed on the card.",
							   "The member ID key exceeds %d bytes.", CS_MEMBER_ID_KEY_SIZE - 1);
			U8_APPEND((uint8_t *) key, out, CS_MEMBER_ID_KEY_SIZE, c, bad);
			if (bad)
				return icu_failed(err, "could not encode a member ID", U_INVALID_CHAR_FOUND);
			if (runs <= ID_RUNS)
				run_len[runs - 1] = out - run_start[runs - 1];
		}
		else
			in_run = false;
	}

	/* a leading label followed by at least one more run is dropped */
	for (size_t l = 0; l < sizeof(id_labels) / sizeof(id_labels[0]); l++)
	{
		int			k = 0;

		while (k < 3 && id_labels[l][k] != NULL)
			k++;
		if (runs <= k || k > ID_RUNS)
			continue;
		{
			bool		match = true;

			for (int r = 0; r < k && match; r++)
				match = run_len[r] == strlen(id_labels[l][r]) &&
					memcmp(key + run_start[r], id_labels[l][r], run_len[r]) == 0;
			if (match)
			{
				skip = run_start[k];
				break;
			}
		}
	}
	if (skip > 0)
		memmove(key, key + skip, out - skip);
	out -= skip;
	key[out] = '\0';
	*key_len = out;
	return CS_OK;
}

/* ---- birth dates --------------------------------------------------------------------------------- */

bool
cs_birth_date_swap(cs_date d, cs_date *swapped)
{
	int			y,
				m,
				day;

	cs_date_to_ymd(d, &y, &m, &day);
	if (day > 12 || day == m)
		return false;
	*swapped = cs_date_from_ymd(y, day, m);
	return true;
}

/* ---- matching ------------------------------------------------------------------------------------ */

const int	cs_match_points[CS_MR_COUNT] = {
	[CS_MR_MEMBER_ID] = 30,
	[CS_MR_LAST_NAME] = 25,
	[CS_MR_LAST_NAME_PART] = 17,
	[CS_MR_FIRST_NAME] = 20,
	[CS_MR_NICKNAME] = 15,
	[CS_MR_FIRST_NAME_PART] = 15,
	[CS_MR_INITIAL] = 8,
	[CS_MR_TRANSPOSED] = 38,
	[CS_MR_BIRTH_DATE] = 25,
	[CS_MR_BIRTH_DATE_SWAPPED] = 18,
};

static const char *const reason_names[CS_MR_COUNT] = {
	[CS_MR_MEMBER_ID] = "member_id",
	[CS_MR_LAST_NAME] = "last_name",
	[CS_MR_LAST_NAME_PART] = "last_name_part",
	[CS_MR_FIRST_NAME] = "first_name",
	[CS_MR_NICKNAME] = "nickname",
	[CS_MR_FIRST_NAME_PART] = "first_name_part",
	[CS_MR_INITIAL] = "initial",
	[CS_MR_TRANSPOSED] = "names_transposed",
	[CS_MR_BIRTH_DATE] = "birth_date",
	[CS_MR_BIRTH_DATE_SWAPPED] = "birth_date_day_month_swapped",
};

const char *
cs_match_reason_name(cs_match_reason r)
{
	return (r >= 0 && r < CS_MR_COUNT) ? reason_names[r] : "unknown";
}

/*
 * Common short forms of given names (English, Spanish, a few Russian), one group per line: two names
 * are the same person's when one group holds both.  Keys are upper-case ASCII, as name keys are.
 */
static const char *const nickname_groups[] = {
	"ALEXANDER ALEX AL SANDY SASHA XANDER", "ALEXANDRA ALEX ALEXA SANDRA SASHA",
	"ALEJANDRO ALEX ALE", "ALEKSANDR SASHA ALEX", "ANDREW ANDY DREW", "ANTHONY TONY",
	"ANTONIO TONO TONY", "BARBARA BARB BABS", "BENJAMIN BEN BENNY", "CATHERINE CATHY KATE KATIE",
	"KATHERINE KATHY KATE KATIE KAT", "KATHRYN KATHY KATE KATIE", "CHARLES CHARLIE CHUCK CHAS",
	"CHRISTOPHER CHRIS TOPHER KIT", "CHRISTINE CHRIS TINA CHRISSY", "CHRISTINA CHRIS TINA",
	"CONCEPCION CONCHA CONCHITA", "DANIEL DAN DANNY", "DAVID DAVE DAVY", "DEBORAH DEB DEBBIE",
	"DOLORES LOLA LOLITA", "DOROTHY DOT DOTTIE", "EDWARD ED EDDIE TED NED", "ELIZABETH LIZ LIZZIE BETH BETTY BETSY ELIZA LISA",
	"ENRIQUE KIKE QUIQUE", "FRANCISCO PACO PANCHO FRANCO", "FRANCES FRAN FRANNIE", "GUADALUPE LUPE LUPITA",
	"IGNACIO NACHO", "JAMES JIM JIMMY JAMIE", "JENNIFER JEN JENNY", "JESUS CHUY", "JOHN JACK JOHNNY",
	"JONATHAN JON", "JOSE PEPE CHEPE", "JOSEPH JOE JOEY", "KIMBERLY KIM", "LAWRENCE LARRY",
	"MARGARET MAGGIE MEG PEGGY MARGE", "MARIA MARY MARI", "MARY MOLLY POLLY", "MATTHEW MATT",
	"MICHAEL MIKE MICKEY MICK", "NICHOLAS NICK NICKY", "PATRICIA PAT PATTY TRISH", "PATRICK PAT PADDY",
	"PETER PETE", "REBECCA BECKY BECCA", "RICHARD RICK RICH DICK RICKY", "ROBERT BOB BOBBY ROB BERT",
	"ROSARIO CHARO", "SAMUEL SAM SAMMY", "STEPHEN STEVE", "STEVEN STEVE", "SUSAN SUE SUSIE",
	"THOMAS TOM TOMMY", "TIMOTHY TIM", "VICTORIA VICKY TORI", "WILLIAM BILL BILLY WILL WILLY LIAM",
	"DMITRY DIMA", "NIKOLAI KOLYA", "MIKHAIL MISHA", "VLADIMIR VOVA VOLODYA", "YEKATERINA KATYA KATE",
	NULL
};

static bool
group_has(const char *g, const char *w, size_t n)
{
	while (*g)
	{
		const char *e = strchr(g, ' ');
		size_t		gl = e ? (size_t) (e - g) : strlen(g);

		if (gl == n && memcmp(g, w, n) == 0)
			return true;
		g += gl;
		while (*g == ' ')
			g++;
	}
	return false;
}

bool
cs_nickname_of(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen == 0 || blen == 0 || (alen == blen && memcmp(a, b, alen) == 0))
		return false;
	for (const char *const *g = nickname_groups; *g; g++)
		if (group_has(*g, a, alen) && group_has(*g, b, blen))
			return true;
	return false;
}

typedef struct word
{
	const char *p;
	size_t		n;
} word;

#define MAX_WORDS 32

/* The words of a key (split at spaces); at most max, -1 when there are more */
static int
split_words(const char *key, word *w, int max)
{
	int			n = 0;

	if (key == NULL)
		return 0;
	while (*key)
	{
		const char *e = strchr(key, ' ');
		size_t		l = e ? (size_t) (e - key) : strlen(key);

		if (l > 0)
		{
			if (n == max)
				return -1;
			w[n].p = key;
			w[n++].n = l;
		}
		key += l;
		while (*key == ' ')
			key++;
	}
	return n;
}

/* Equal once spaces are ignored: ONEIL SMITH = ONEILSMITH, DE LA CRUZ = DELACRUZ */
static bool
compact_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL || *a == '\0' || *b == '\0')
		return false;
	for (;;)
	{
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		if (*a++ != *b++)
			return false;
	}
}

static bool
word_eq(word x, word y)
{
	return x.n == y.n && memcmp(x.p, y.p, x.n) == 0;
}

static bool
has_word(const word *w, int n, word x)
{
	for (int i = 0; i < n; i++)
		if (word_eq(w[i], x))
			return true;
	return false;
}

/* A surname word (not a particle, two letters or more) both last names have */
static bool
last_part(const char *a, const char *b)
{
	word		wa[MAX_WORDS],
				wb[MAX_WORDS];
	int			na = split_words(a, wa, MAX_WORDS),
				nb = split_words(b, wb, MAX_WORDS);

	for (int i = 0; i < na; i++)
		if (wa[i].n >= 2 && !cs_name_particle(wa[i].p, wa[i].n) && has_word(wb, nb, wa[i]))
			return true;
	return false;
}

/* The same first given name, or every given name of one among the other's */
static bool
first_part(const char *a, const char *b)
{
	word		wa[MAX_WORDS],
				wb[MAX_WORDS];
	int			na = split_words(a, wa, MAX_WORDS),
				nb = split_words(b, wb, MAX_WORDS);
	const word *s,
			   *l;
	int			ns,
				nl;
	int			all = 1;

	if (na <= 0 || nb <= 0)
		return false;
	if (wa[0].n >= 2 && word_eq(wa[0], wb[0]))
		return true;
	s = na <= nb ? wa : wb;
	ns = na <= nb ? na : nb;
	l = na <= nb ? wb : wa;
	nl = na <= nb ? nb : na;
	for (int i = 0; i < ns && all; i++)
		all = s[i].n >= 2 && has_word(l, nl, s[i]);
	return all;
}

static bool
nickname(const char *a, const char *b)
{
	word		wa[MAX_WORDS],
				wb[MAX_WORDS];
	int			na = split_words(a, wa, MAX_WORDS),
				nb = split_words(b, wb, MAX_WORDS);

	return na > 0 && nb > 0 && cs_nickname_of(wa[0].p, wa[0].n, wb[0].p, wb[0].n);
}

/* One first name is a single letter, the other's initial */
static bool
initial(const char *a, const char *b)
{
	word		wa[MAX_WORDS],
				wb[MAX_WORDS];
	int			na = split_words(a, wa, MAX_WORDS),
				nb = split_words(b, wb, MAX_WORDS);

	return na > 0 && nb > 0 && (wa[0].n == 1 || wb[0].n == 1) && wa[0].p[0] == wb[0].p[0];
}

static int
word_cmp(const void *x, const void *y)
{
	const word *a = x,
			   *b = y;
	size_t		n = a->n < b->n ? a->n : b->n;
	int			c = memcmp(a->p, b->p, n);

	return c != 0 ? c : (a->n > b->n) - (a->n < b->n);
}

/* The same words, all of them, in either field: swapped first/last, or split differently */
static bool
transposed(const cs_match_person *q, const cs_match_person *c)
{
	word		wq[2 * MAX_WORDS],
				wc[2 * MAX_WORDS];
	int			nq1,
				nq2,
				nc1,
				nc2;

	if (compact_equal(q->first, c->last) && compact_equal(q->last, c->first))
		return true;
	nq1 = split_words(q->first, wq, MAX_WORDS);
	nq2 = nq1 < 0 ? -1 : split_words(q->last, wq + nq1, MAX_WORDS);
	nc1 = split_words(c->first, wc, MAX_WORDS);
	nc2 = nc1 < 0 ? -1 : split_words(c->last, wc + nc1, MAX_WORDS);
	if (nq1 <= 0 || nq2 <= 0 || nc1 <= 0 || nc2 <= 0 || nq1 + nq2 != nc1 + nc2)
		return false;
	qsort(wq, (size_t) (nq1 + nq2), sizeof(word), word_cmp);
	qsort(wc, (size_t) (nc1 + nc2), sizeof(word), word_cmp);
	for (int i = 0; i < nq1 + nq2; i++)
		if (!word_eq(wq[i], wc[i]))
			return false;
	return true;
}

int
cs_match_score(const cs_match_person *q, const cs_match_person *c, uint32_t *reasons)
{
	uint32_t	r = 0;
	int			score = 0;
	bool		last_eq = compact_equal(q->last, c->last),
				first_eq = compact_equal(q->first, c->first);

	if (!(last_eq && first_eq) && transposed(q, c))
		r |= 1u << CS_MR_TRANSPOSED;
	else
	{
		if (last_eq)
			r |= 1u << CS_MR_LAST_NAME;
		else if (q->last && c->last && last_part(q->last, c->last))
			r |= 1u << CS_MR_LAST_NAME_PART;
		if (first_eq)
			r |= 1u << CS_MR_FIRST_NAME;
		else if (q->first && c->first)
		{
			if (nickname(q->first, c->first))
				r |= 1u << CS_MR_NICKNAME;
			else if (first_part(q->first, c->first))
				r |= 1u << CS_MR_FIRST_NAME_PART;
			else if (initial(q->first, c->first))
				r |= 1u << CS_MR_INITIAL;
		}
	}
	if (q->has_birth && c->has_birth)
	{
		cs_date		sw;

		if (q->birth == c->birth)
			r |= 1u << CS_MR_BIRTH_DATE;
		else if (cs_birth_date_swap(q->birth, &sw) && sw == c->birth)
			r |= 1u << CS_MR_BIRTH_DATE_SWAPPED;
	}
	if (q->n_ids > 0 && q->ids[0] != NULL && q->ids[0][0] != '\0')
		for (int i = 0; i < c->n_ids; i++)
			if (c->ids[i] != NULL && strcmp(q->ids[0], c->ids[i]) == 0)
			{
				r |= 1u << CS_MR_MEMBER_ID;
				break;
			}
	for (int i = 0; i < CS_MR_COUNT; i++)
		if (r & (1u << i))
			score += cs_match_points[i];
	*reasons = r;
	return score;
}
