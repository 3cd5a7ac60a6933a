/*
 * test_name.c — name keys, member ID keys, birth-date swaps and the matching score (cs_name.c), with a
 * table of hard real-world names: accents, hyphenated and double surnames, apostrophes, particles,
 * suffixes, Vietnamese, Spanish, Cyrillic, CJK, fullwidth and decomposed input, invisible characters,
 * and hostile input (ill-formed UTF-8, overlong, too long).  Inputs are copied into buffers of their
 * exact size so the sanitizer build catches any read past the end.
 */
#include <stdlib.h>
#include <string.h>

#include "cs_name.h"
#include "tap.h"

extern bool cs_name_force_icu;
extern bool cs_name_unfiltered;

static cs_error err;

/* The key of s, or "<error N>" / "<none>" */
static const char *
key_of(const char *s, size_t n)
{
	static char key[CS_NAME_KEY_SIZE];
	char	   *in = tap_exact(s, n);
	size_t		len;
	cs_status	st = cs_name_key(in, n, key, &len, &err);

	free(in);
	if (st != CS_OK)
		snprintf(key, sizeof(key), "<error %d>", (int) st);
	else if (len == 0)
		snprintf(key, sizeof(key), "<none>");
	else if (strlen(key) != len)
		snprintf(key, sizeof(key), "<length mismatch>");
	return key;
}

static const char *
id_of(const char *s, size_t n)
{
	static char key[CS_MEMBER_ID_KEY_SIZE];
	char	   *in = tap_exact(s, n);
	size_t		len;
	cs_status	st = cs_member_id_key(in, n, key, &len, &err);

	free(in);
	if (st != CS_OK)
		snprintf(key, sizeof(key), "<error %d>", (int) st);
	else if (len == 0)
		snprintf(key, sizeof(key), "<none>");
	return key;
}

static int
is_str(const char *got, const char *want, const char *what)
{
	int			pass = strcmp(got, want) == 0;

	ok(pass, "%s", what);
	if (!pass)
		printf("#   got: '%s'\n#   expected: '%s'\n", got, want);
	return pass;
}

/* ---- the hard cases ---------------------------------------------------------------------------- */

static const struct
{
	const char *in;
	const char *key;
	const char *why;
} cases[] = {
	/* accents and case */
	{"María José", "MARIA JOSE", "Spanish accents are dropped, case folded"},
	{"MARIA JOSE", "MARIA JOSE", "payer spelling gives the same key"},
	{"Ñúñez", "NUNEZ", "ñ is n"},
	{"Zoë", "ZOE", "diaeresis dropped"},
	{"Müller", "MULLER", "ü is u (Latin-ASCII), not ue"},
	{"Straße", "STRASSE", "ß is ss"},
	{"Ærøskøbing", "AEROSKOBING", "Æ is AE, ø is o"},
	{"Łukasz Żółć", "LUKASZ ZOLC", "Polish letters"},
	{"Jos\xC3\xA9", "JOSE", "precomposed é"},
	{"Jose\xCC\x81", "JOSE", "decomposed e + combining acute is normalised first"},
	{"\xEF\xBC\xAD\xEF\xBD\x81\xEF\xBD\x92\xEF\xBD\x89\xEF\xBD\x8F", "MARIO", "fullwidth letters (NFKC)"},
	{"\xEF\xAC\x81nn", "FINN", "the fi ligature (NFKC)"},
	/* apostrophes, hyphens, spaces */
	{"O'Neil", "ONEIL", "apostrophe removed, the word joined"},
	{"O\xE2\x80\x99Neil", "ONEIL", "typographic apostrophe (U+2019) too"},
	{"O`Neil", "ONEIL", "backtick typed for an apostrophe"},
	{"D'Angelo", "DANGELO", "D' prefix joined"},
	{"O'Neil-Smith", "ONEIL SMITH", "hyphen is a word break"},
	{"O'Neil\xE2\x80\x93Smith", "ONEIL SMITH", "en dash is a word break"},
	{"MARIA JOSE ONEIL SMITH", "MARIA JOSE ONEIL SMITH", "payer form of a hyphenated name"},
	{"María José O'Neil-Smith", "MARIA JOSE ONEIL SMITH", "full Spanish name with apostrophe and hyphen"},
	{"  García   López  ", "GARCIA LOPEZ", "runs of spaces collapse, ends trimmed"},
	{"García-López", "GARCIA LOPEZ", "double surname with hyphen = with space"},
	{"Ana\tMaría\n", "ANA MARIA", "tabs and newlines are spaces"},
	{"St. John", "ST JOHN", "periods are word breaks"},
	{"Ma\xC2\xAD" "ria", "MARIA", "a soft hyphen is invisible: removed"},
	{"Ma\xE2\x80\x8Dria", "MARIA", "a zero-width joiner is removed"},
	{"\xCA\xBBIolani", "IOLANI", "okina removed"},
	{"Ana \xF0\x9F\x98\x80", "ANA", "an emoji is a word break"},
	/* particles stay in the key */
	{"de la Cruz", "DE LA CRUZ", "particles kept as words"},
	{"van der Berg", "VAN DER BERG", "Dutch particles kept"},
	{"DELACRUZ", "DELACRUZ", "concatenated form (the matcher compares without spaces)"},
	/* suffixes */
	{"Smith Jr.", "SMITH", "Jr. dropped"},
	{"Smith, JR", "SMITH", "comma and suffix dropped"},
	{"King III", "KING", "III dropped"},
	{"Ivanov IV", "IVANOV", "IV dropped"},
	{"Smith Jr III", "SMITH", "several suffixes dropped"},
	{"Sr", "SR", "a lone suffix-like word is the name"},
	{"Jr Jr", "JR", "a name of suffixes keeps its first word"},
	{"Ivy", "IVY", "IV only as a whole word"},
	/* Vietnamese */
	{"Nguyễn Thị Minh Khai", "NGUYEN THI MINH KHAI", "Vietnamese tones and marks dropped"},
	{"Đặng Văn Lâm", "DANG VAN LAM", "Đ is D"},
	{"Nguye\xCC\x82\xCC\x83n", "NGUYEN", "Vietnamese with stacked combining marks"},
	/* Cyrillic, BGN/PCGN */
	{"Щербаков", "SHCHERBAKOV", "Щ is SHCH (BGN/PCGN, as on US documents)"},
	{"Хрущёв", "KHRUSHCHEV", "ё is e"},
	{"Жуков", "ZHUKOV", "Ж is ZH"},
	{"Ольга", "OLGA", "soft sign removed"},
	{"Шевченко", "SHEVCHENKO", "Ukrainian"},
	/* Greek, CJK */
	{"Σωκράτης", "SOKRATES", "Greek"},
	{"毛泽东", "MAO ZE DONG", "Chinese: pinyin by syllable, tones dropped (the matcher ignores spaces)"},
	{"やまだ たろう", "YAMADA TAROU", "Japanese kana: romaji"},
	{"김민준", "GIMMINJUN", "Korean: ICU's romanisation"},
	/* no key */
	{"", "<none>", "empty: no key"},
	{"   ", "<none>", "spaces only: no key"},
	{"--'.", "<none>", "punctuation only: no key"},
	{"\xF0\x9F\x98\x80", "<none>", "an emoji only: no key"},
	/* digits */
	{"Jane 2", "JANE 2", "digits are kept"},
};

static void
test_key_table(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		what[256];

		snprintf(what, sizeof(what), "name key: %s", cases[i].why);
		is_str(key_of(cases[i].in, strlen(cases[i].in)), cases[i].key, what);
	}
}

/* The ASCII fast path gives what ICU gives */
static void
test_ascii_path(void)
{
	static const char *const ascii[] = {
		"O'Neil-Smith", "  de  la   Cruz ", "Smith, Jr.", "King III", "a`b", "x.y/z_w", "MacDonald",
		"Jr", "", "  ", "A\tB\nC", "Ivy IV", "ONEIL SMITH",
	};
	char		fast[CS_NAME_KEY_SIZE];
	int			differ = 0;

	for (size_t i = 0; i < sizeof(ascii) / sizeof(ascii[0]); i++)
	{
		snprintf(fast, sizeof(fast), "%s", key_of(ascii[i], strlen(ascii[i])));
		cs_name_force_icu = true;
		is_str(key_of(ascii[i], strlen(ascii[i])), fast, "the ICU path agrees with the ASCII path");
		cs_name_force_icu = false;
	}
	for (int b = 1; b < 128; b++)
	{
		char		s[4] = {'A', (char) b, 'B', 0};

		snprintf(fast, sizeof(fast), "%s", key_of(s, 3));
		cs_name_force_icu = true;
		differ += strcmp(key_of(s, 3), fast) != 0;
		cs_name_force_icu = false;
	}
	is_int(differ, 0, "every ASCII character between two letters: both paths agree");
}

/* Latin-ASCII filtered to non-ASCII characters gives the keys the unfiltered one gives */
static void
test_filtered_translit(void)
{
	static const char *const more[] = {
		"Æro", "ÆRO", "aÆb", "Œuvre", "œuf", "ǅemal", "ǄEMAL", "ßa", "Aß", "ﬀoo", "Þór", "ðor", "Ŋa",
		"Ĳssel", "ĳs", "Ǉubljana", "ǈubo", "Ǌ", "Øre", "ŉa", "ſt", "Đorđe", "Ħal", "Ŀl", "Ŧa", "ʻa", "‐a",
	};
	char		ref[CS_NAME_KEY_SIZE];
	int			differ = 0,
				n = 0;

	size_t		total = sizeof(cases) / sizeof(cases[0]) + sizeof(more) / sizeof(more[0]);

	for (size_t i = 0; i < total; i++)
	{
		const char *s = i < sizeof(cases) / sizeof(cases[0]) ? cases[i].in :
			more[i - sizeof(cases) / sizeof(cases[0])];
		char		k[CS_NAME_KEY_SIZE];

		cs_name_cleanup();
		cs_name_unfiltered = true;
		snprintf(ref, sizeof(ref), "%s", key_of(s, strlen(s)));
		cs_name_cleanup();
		cs_name_unfiltered = false;
		snprintf(k, sizeof(k), "%s", key_of(s, strlen(s)));
		if (strcmp(k, ref) != 0)
		{
			differ++;
			printf("# filtered '%s' vs unfiltered '%s' for '%s'\n", k, ref, s);
		}
		n++;
	}
	is_int(differ, 0, "filtering Latin-ASCII to non-ASCII characters changes no key (%d names)", n);
}

static void
test_key_hostile(void)
{
	static const struct
	{
		const char *in;
		size_t		n;
		const char *why;
	}			bad[] = {
		{"Zebulon\xFF", 8, "a 0xFF byte"},
		{"Zebulon\xC3\x28", 9, "a broken two-byte sequence"},
		{"Zebulon\xE1\xBB", 9, "a truncated three-byte sequence"},
		{"\xC0\xAFZebulon", 9, "an overlong encoding of /"},
		{"\xED\xA0\x80Zebulon", 10, "an encoded surrogate"},
		{"\xF4\x90\x80\x80", 4, "a code point above U+10FFFF"},
	};
	char		big[CS_NAME_MAX_INPUT + 2];
	char		key[CS_NAME_KEY_SIZE];
	size_t		len;
	char	   *in;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		char		what[128];

		snprintf(what, sizeof(what), "ill-formed UTF-8 is refused: %s", bad[i].why);
		in = tap_exact(bad[i].in, bad[i].n);
		ok(cs_name_key(in, bad[i].n, key, &len, &err) == CS_ERR_ENCODING && len == 0, "%s", what);
		free(in);
		ok(strstr(err.message, "Zebulon") == NULL && strstr(err.detail, "Zebulon") == NULL &&
		   strstr(err.hint, "Zebulon") == NULL && err.message[0] && err.detail[0] && err.hint[0],
		   "the error has message, detail and hint, and does not quote the name (%s)", bad[i].why);
	}
	memset(big, 'a', sizeof(big));
	in = tap_exact(big, CS_NAME_MAX_INPUT);
	ok(cs_name_key(in, CS_NAME_MAX_INPUT, key, &len, &err) == CS_OK && len == CS_NAME_MAX_INPUT,
	   "a name of the maximum length is keyed");
	free(in);
	in = tap_exact(big, CS_NAME_MAX_INPUT + 1);
	ok(cs_name_key(in, CS_NAME_MAX_INPUT + 1, key, &len, &err) == CS_ERR_TOO_LONG, "one byte more is refused");
	free(in);

	/* 341 Han characters (1023 bytes): the transliteration is longer than the input, and still fits */
	{
		char		han[CS_NAME_MAX_INPUT];
		size_t		n = 0;

		while (n + 3 <= sizeof(han))
		{
			memcpy(han + n, "\xE5\xA5\x98", 3);	/* 奘, zang */
			n += 3;
		}
		in = tap_exact(han, n);
		ok(cs_name_key(in, n, key, &len, &err) == CS_OK && len > n, "a maximal CJK name transliterates (%zu bytes)", len);
		free(in);
	}
	/* every byte value alone: keyed or refused as encoding, never anything else */
	{
		int			other = 0;

		for (int b = 0; b < 256; b++)
		{
			char		s = (char) b;
			cs_status	st = cs_name_key(&s, 1, key, &len, &err);

			other += !(st == CS_OK || (b >= 0x80 && st == CS_ERR_ENCODING));
		}
		is_int(other, 0, "every single byte is keyed (ASCII) or refused as not UTF-8");
	}
	/* random bytes: no crash, only OK or ENCODING */
	{
		uint64_t	seed = 42;
		int			other = 0;
		char		buf[64];

		for (int t = 0; t < 3000; t++)
		{
			size_t		n = 1 + t % 63;

			for (size_t k = 0; k < n; k++)
			{
				seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
				buf[k] = (char) (seed >> 40);
			}
			in = tap_exact(buf, n);
			{
				cs_status	st = cs_name_key(in, n, key, &len, &err);

				other += !(st == CS_OK || st == CS_ERR_ENCODING);
				if (st == CS_OK)
					other += strlen(key) != len;
			}
			free(in);
		}
		is_int(other, 0, "random bytes are keyed or refused as not UTF-8");
	}
	/* keys are keys: keying a key gives it back */
	{
		int			moved = 0;

		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		{
			char		k1[CS_NAME_KEY_SIZE];

			snprintf(k1, sizeof(k1), "%s", key_of(cases[i].in, strlen(cases[i].in)));
			if (k1[0] != '<')
				moved += strcmp(key_of(k1, strlen(k1)), k1) != 0;
		}
		is_int(moved, 0, "a key is its own key (idempotent)");
	}
}

static void
test_member_ids(void)
{
	static const struct
	{
		const char *in;
		const char *key;
		const char *why;
	}			ids[] = {
		{"abc-123 456", "ABC123456", "spaces and hyphens dropped, upper-cased"},
		{"XYZ123456789", "XYZ123456789", "a BCBS three-letter prefix is part of the ID"},
		{"xyz 1234-5678-01", "XYZ1234567801", "a person suffix is part of the ID"},
		{"ID: W1234 5678", "W12345678", "an ID: label is dropped"},
		{"Member ID # XYZ 123", "XYZ123", "a Member ID # label is dropped"},
		{"MBR-ID 0012", "0012", "MBR-ID label dropped, leading zeros kept"},
		{"memberid:991", "991", "MEMBERID label"},
		{"No. 55", "55", "No. label"},
		{"ID123", "ID123", "ID without a separator is part of the ID"},
		{"ID", "ID", "a label alone is the ID"},
		{"Member", "MEMBER", "a label word alone is the ID"},
		{"\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93", "ABC123", "fullwidth (NFKC)"},
		{"123\xE2\x80\x93" "456", "123456", "en dash dropped"},
		{"12\xC2\xA0" "34", "1234", "no-break space dropped"},
		{"\xC3\xA9" "12", "\xC3\x89" "12", "a non-ASCII letter is kept, upper-cased"},
		{"  ", "<none>", "spaces only: no key"},
		{"#", "<none>", "punctuation only: no key"},
	};
	char		big[CS_MEMBER_ID_MAX_INPUT + 1];
	char		key[CS_MEMBER_ID_KEY_SIZE];
	size_t		len;
	char	   *in;

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
	{
		char		what[160];

		snprintf(what, sizeof(what), "member ID key: %s", ids[i].why);
		is_str(id_of(ids[i].in, strlen(ids[i].in)), ids[i].key, what);
	}
	memset(big, '7', sizeof(big));
	in = tap_exact(big, CS_MEMBER_ID_MAX_INPUT);
	ok(cs_member_id_key(in, CS_MEMBER_ID_MAX_INPUT, key, &len, &err) == CS_OK && len == CS_MEMBER_ID_MAX_INPUT,
	   "a member ID of the maximum length is keyed");
	free(in);
	in = tap_exact(big, CS_MEMBER_ID_MAX_INPUT + 1);
	ok(cs_member_id_key(in, CS_MEMBER_ID_MAX_INPUT + 1, key, &len, &err) == CS_ERR_TOO_LONG,
	   "one byte more is refused");
	free(in);
	in = tap_exact("W123\xFF", 5);
	ok(cs_member_id_key(in, 5, key, &len, &err) == CS_ERR_ENCODING && strstr(err.detail, "W123") == NULL,
	   "ill-formed UTF-8 is refused without quoting the ID");
	free(in);
	/* a maximal ID of ligature-like characters expanding under NFKC (U+FDFA, 18 characters each) */
	{
		char		s[CS_MEMBER_ID_MAX_INPUT];
		size_t		n = 0;

		while (n + 3 <= sizeof(s))
		{
			memcpy(s + n, "\xEF\xB7\xBA", 3);
			n += 3;
		}
		in = tap_exact(s, n);
		ok(cs_member_id_key(in, n, key, &len, &err) == CS_ERR_TOO_LONG || (len > 0 && strlen(key) == len),
		   "an ID that NFKC expands is keyed or refused as too long, never overrun");
		free(in);
	}
}

static void
test_birth_swap(void)
{
	cs_date		s;

	ok(cs_birth_date_swap(cs_date_from_ymd(2019, 3, 4), &s) && s == cs_date_from_ymd(2019, 4, 3),
	   "2019-03-04 swaps to 2019-04-03");
	ok(cs_birth_date_swap(cs_date_from_ymd(1980, 12, 1), &s) && s == cs_date_from_ymd(1980, 1, 12),
	   "1980-12-01 swaps to 1980-01-12");
	ok(cs_birth_date_swap(cs_date_from_ymd(2000, 2, 9), &s) && s == cs_date_from_ymd(2000, 9, 2),
	   "2000-02-09 swaps to 2000-09-02");
	ok(!cs_birth_date_swap(cs_date_from_ymd(2019, 3, 13), &s), "day 13 has no swap");
	ok(!cs_birth_date_swap(cs_date_from_ymd(2019, 5, 5), &s), "day = month has no (different) swap");
	ok(!cs_birth_date_swap(cs_date_from_ymd(2024, 2, 29), &s), "Feb 29 has no swap");
}

/* ---- matching ---------------------------------------------------------------------------------- */

typedef struct
{
	char		first[256],
				last[256];
	const char *id;
	bool		has_birth;
	cs_date		birth;
} person;

static person
who(const char *first, const char *last, int y, int m, int d, const char *id)
{
	person		p;

	snprintf(p.first, sizeof(p.first), "%s", first ? key_of(first, strlen(first)) : "");
	snprintf(p.last, sizeof(p.last), "%s", last ? key_of(last, strlen(last)) : "");
	p.id = id;
	p.has_birth = y > 0;
	p.birth = y > 0 ? cs_date_from_ymd(y, m, d) : 0;
	return p;
}

static int
score(const person *q, const person *c, uint32_t *reasons)
{
	const char *qid[1] = {q->id};
	const char *cid[2] = {"M-OTHER", c->id};
	cs_match_person mq = {q->first[0] ? q->first : NULL, q->last[0] ? q->last : NULL, q->has_birth, q->birth,
	qid, q->id ? 1 : 0};
	cs_match_person mc = {c->first[0] ? c->first : NULL, c->last[0] ? c->last : NULL, c->has_birth, c->birth,
	cid, c->id ? 2 : 1};

	return cs_match_score(&mq, &mc, reasons);
}

#define R(x) (1u << CS_MR_##x)

static void
test_match(void)
{
	static const struct
	{
		const char *qf,
				   *ql;
		int			qy,
					qm,
					qd;
		const char *qid;
		const char *cf,
				   *cl;
		int			cy,
					cm,
					cd;
		const char *cid;
		int			score;
		uint32_t	reasons;
		const char *why;
	}			m[] = {
		{"MARIA JOSE", "ONEIL-SMITH", 1980, 3, 4, NULL, "María José", "O'Neil Smith", 1980, 3, 4, NULL,
		70, R(FIRST_NAME) | R(LAST_NAME) | R(BIRTH_DATE), "payer spelling vs practice spelling: exact keys"},
		{"MARIA JOSE", "ONEILSMITH", 1980, 3, 4, NULL, "María José", "O'Neil-Smith", 1980, 3, 4, NULL,
		70, R(FIRST_NAME) | R(LAST_NAME) | R(BIRTH_DATE), "a concatenated surname equals the hyphenated one"},
		{"JUAN", "DELACRUZ", 1975, 1, 30, NULL, "Juan", "de la Cruz", 1975, 1, 30, NULL,
		70, R(FIRST_NAME) | R(LAST_NAME) | R(BIRTH_DATE), "particles written together equal particles apart"},
		{"JUAN", "CRUZ", 1975, 1, 30, NULL, "Juan", "de la Cruz", 1975, 1, 30, NULL,
		62, R(FIRST_NAME) | R(LAST_NAME_PART) | R(BIRTH_DATE), "a dropped particle leaves a surname part"},
		{"MARIA", "GARCIA", 1990, 7, 15, NULL, "María", "García López", 1990, 7, 15, NULL,
		70 - 25 + 17, R(FIRST_NAME) | R(LAST_NAME_PART) | R(BIRTH_DATE), "first of a double surname"},
		{"MARIA", "LOPEZ", 1990, 7, 15, NULL, "María", "García-López", 1990, 7, 15, NULL,
		62, R(FIRST_NAME) | R(LAST_NAME_PART) | R(BIRTH_DATE), "second of a hyphenated surname"},
		{"PETER", "VAN DAM", 1990, 7, 15, NULL, "Peter", "van Berg", 1990, 7, 15, NULL,
		45, R(FIRST_NAME) | R(BIRTH_DATE), "sharing only a particle is no surname part"},
		{"SMITH", "JOHN", 1960, 5, 20, NULL, "John", "Smith", 1960, 5, 20, NULL,
		63, R(TRANSPOSED) | R(BIRTH_DATE), "first and last swapped"},
		{"THI MINH KHAI", "NGUYEN", 1985, 11, 2, NULL, "Minh Khai", "Nguyễn Thị", 1985, 11, 2, NULL,
		63, R(TRANSPOSED) | R(BIRTH_DATE), "Vietnamese name split differently between the fields"},
		{"NGUYEN", "THI MINH KHAI", 1985, 11, 2, NULL, "Nguyễn Thị Minh", "Khai", 1985, 11, 2, NULL,
		63, R(TRANSPOSED) | R(BIRTH_DATE), "Vietnamese family-name-first order vs given-name-first"},
		{"BILL", "JONES", 1970, 1, 1, NULL, "William", "Jones", 1970, 1, 1, NULL,
		65, R(NICKNAME) | R(LAST_NAME) | R(BIRTH_DATE), "a nickname"},
		{"PEPE", "RUIZ", 1970, 1, 1, NULL, "José", "Ruiz", 1970, 1, 1, NULL,
		65, R(NICKNAME) | R(LAST_NAME) | R(BIRTH_DATE), "a Spanish nickname (with the accent keyed away)"},
		{"J", "JONES", 1970, 1, 1, NULL, "John", "Jones", 1970, 1, 1, NULL,
		58, R(INITIAL) | R(LAST_NAME) | R(BIRTH_DATE), "an initial"},
		{"MARIA", "PEREZ", 1970, 1, 1, NULL, "María José", "Pérez", 1970, 1, 1, NULL,
		65, R(FIRST_NAME_PART) | R(LAST_NAME) | R(BIRTH_DATE), "one given name of two"},
		{"ANNA", "KOWALSKI", 1988, 3, 4, NULL, "Anna", "Kowalski", 1988, 4, 3, NULL,
		63, R(FIRST_NAME) | R(LAST_NAME) | R(BIRTH_DATE_SWAPPED), "birth day and month swapped"},
		{"ANNA", "KOWALSKI", 1988, 3, 4, NULL, "Anna", "Kowalski", 1989, 4, 3, NULL,
		45, R(FIRST_NAME) | R(LAST_NAME), "a swap in another year is no swap"},
		{"OLGA", "SHCHERBAKOVA", 1955, 6, 1, NULL, "Ольга", "Щербакова", 1955, 6, 1, NULL,
		70, R(FIRST_NAME) | R(LAST_NAME) | R(BIRTH_DATE), "Cyrillic practice record vs payer's Latin"},
		{"MAO", "ZEDONG", 1950, 2, 2, NULL, "泽东", "毛", 1950, 2, 2, NULL,
		63, R(TRANSPOSED) | R(BIRTH_DATE), "Chinese family name first, transliterated"},
		{"JOHN", "SMITH", 1950, 2, 2, NULL, "John", "Smith Jr", 1980, 9, 9, NULL,
		45, R(FIRST_NAME) | R(LAST_NAME), "father and son: suffixes keyed away, the birth date tells them apart"},
		{"JOHN", "SMITH", 1950, 2, 2, "xyz-123", "Jon", "Smyth", 1951, 2, 2, "XYZ123",
		30, R(MEMBER_ID), "a member ID key alone"},
		{"JOHN", "SMITH", 1950, 2, 2, "XYZ123", "John", "Smith", 1950, 2, 2, "XYZ123",
		100, R(MEMBER_ID) | R(FIRST_NAME) | R(LAST_NAME) | R(BIRTH_DATE), "everything: 100"},
		{"ALICE", "BROWN", 1950, 2, 2, NULL, "Zoe", "Green", 1960, 3, 3, NULL,
		0, 0, "nobody: 0 and no reasons"},
		{NULL, "BROWN", 0, 0, 0, NULL, "Alice", "Brown", 1960, 3, 3, NULL,
		25, R(LAST_NAME), "unknown first name and birth date score nothing"},
		{"ALICE", NULL, 1960, 3, 3, NULL, "Alice", NULL, 1960, 3, 3, NULL,
		45, R(FIRST_NAME) | R(BIRTH_DATE), "unknown last names are not equal to each other"},
	};

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
	{
		person		q = who(m[i].qf, m[i].ql, m[i].qy, m[i].qm, m[i].qd, m[i].qid);
		person		c = who(m[i].cf, m[i].cl, m[i].cy, m[i].cm, m[i].cd, m[i].cid);
		uint32_t	r;
		int			s;
		char		qid[CS_MEMBER_ID_KEY_SIZE],
					cid[CS_MEMBER_ID_KEY_SIZE];

		if (m[i].qid)
		{
			snprintf(qid, sizeof(qid), "%s", id_of(m[i].qid, strlen(m[i].qid)));
			q.id = qid;
		}
		if (m[i].cid)
		{
			snprintf(cid, sizeof(cid), "%s", id_of(m[i].cid, strlen(m[i].cid)));
			c.id = cid;
		}
		s = score(&q, &c, &r);
		is_int(s, m[i].score, "match score: %s", m[i].why);
		is_int(r, m[i].reasons, "match reasons: %s", m[i].why);
	}
}

static void
test_match_rules(void)
{
	int			best = 0;

	for (int i = 0; i < CS_MR_COUNT; i++)
		ok(cs_match_reason_name((cs_match_reason) i)[0] != '\0' && strcmp(cs_match_reason_name((cs_match_reason) i), "unknown") != 0,
		   "reason %d has a name (%s)", i, cs_match_reason_name((cs_match_reason) i));
	best = cs_match_points[CS_MR_MEMBER_ID] + cs_match_points[CS_MR_LAST_NAME] +
		cs_match_points[CS_MR_FIRST_NAME] + cs_match_points[CS_MR_BIRTH_DATE];
	is_int(best, 100, "the best score is 100");
	ok(cs_match_points[CS_MR_TRANSPOSED] < cs_match_points[CS_MR_LAST_NAME] + cs_match_points[CS_MR_FIRST_NAME],
	   "transposed names score less than names in their fields");
	ok(cs_nickname_of("BILL", 4, "WILLIAM", 7) && cs_nickname_of("WILLIAM", 7, "BILL", 4), "nicknames both ways");
	ok(!cs_nickname_of("BILL", 4, "ROBERT", 6), "not every pair is a nickname");
	ok(!cs_nickname_of("ALEXANDER", 9, "ALEJANDRO", 9), "sharing a short form does not make two names one");
	ok(!cs_nickname_of("BILL", 4, "BILL", 4), "a name is not its own nickname (it is equal)");
	ok(cs_name_particle("VAN", 3) && cs_name_particle("DE", 2) && !cs_name_particle("VANCE", 5), "particles");
}

static void
test_icu_version(void)
{
	char		icu[32],
				uni[32];

	cs_icu_version(icu, uni);
	ok(icu[0] >= '1' && icu[0] <= '9' && strchr(icu, '.') != NULL, "ICU version reported (%s)", icu);
	ok(uni[0] >= '1' && uni[0] <= '9' && strchr(uni, '.') != NULL, "Unicode version reported (%s)", uni);
}

void
test_name(void)
{
	test_key_table();
	test_ascii_path();
	test_filtered_translit();
	test_key_hostile();
	test_member_ids();
	test_birth_swap();
	test_match();
	test_match_rules();
	test_icu_version();
	cs_name_cleanup();
	/* after cleanup the transliterator is opened again on demand */
	is_str(key_of("Nguyễn", strlen("Nguyễn")), "NGUYEN", "the transliterator reopens after cleanup");
	cs_name_cleanup();
}
