/*
 * cs_explain.c — which sentences explain a line, which locale a request gets, and rendering them
 * with ICU (see cs_explain.h). The words are in msg/<language>.txt (cs_explain_catalog.c).
 */
#include <stdio.h>
#include <string.h>

#include <unicode/uloc.h>
#include <unicode/umsg.h>
#include <unicode/unumberformatter.h>
#include <unicode/ustring.h>
#include <unicode/utypes.h>

#include "cs_explain.h"

/* What the engine passes for each message ("s" a formatted text, "p" a count), by message */
const char *const cs_msg_expected_signature[CS_MSG_COUNT] = {
	[CS_MSG_TOTAL] = "ss",
	[CS_MSG_TOTAL_PLAN_NOTHING] = "s",
	[CS_MSG_TOTAL_NOTHING] = "s",
	[CS_MSG_TOTAL_NOTHING_UNPAID] = "",
	[CS_MSG_COPAY] = "s",
	[CS_MSG_DEDUCTIBLE_MET] = "ss",
	[CS_MSG_DEDUCTIBLE_LEFT] = "sss",
	[CS_MSG_DEDUCTIBLE_AMOUNT] = "s",
	[CS_MSG_COINSURANCE_AFTER_DEDUCTIBLE] = "ss",
	[CS_MSG_COINSURANCE] = "ss",
	[CS_MSG_COINSURANCE_AMOUNT] = "s",
	[CS_MSG_RATE_ONCE_MET] = "s",
	[CS_MSG_OOP_REACHED] = "s",
	[CS_MSG_OOP_REACHED_AMOUNT] = "",
	[CS_MSG_BALANCE_BILL] = "s",
	[CS_MSG_OUT_OF_NETWORK] = "",
	[CS_MSG_VISITS_LEFT] = "p",
	[CS_MSG_NOT_COVERED] = "s",
	[CS_MSG_NOT_COVERED_TELEHEALTH] = "s",
	[CS_MSG_LIMIT_REACHED] = "ps",
	[CS_MSG_LIMIT_REACHED_AMOUNT] = "s",
	[CS_MSG_PLAN_MAXIMUM] = "ss",
	[CS_MSG_PRIOR_AUTH] = "",
	[CS_MSG_UNKNOWN_MEMBER] = "",
	[CS_MSG_UNKNOWN_SERVICE] = "",
	[CS_MSG_UNKNOWN_PROVIDER] = "",
	[CS_MSG_NO_COVERAGE] = "",
	[CS_MSG_AGE_LIMIT] = "",
	[CS_MSG_CARVED_OUT] = "",
	[CS_MSG_NO_BENEFIT] = "",
	[CS_MSG_NO_PRICE] = "",
	[CS_MSG_CANNOT_ESTIMATE] = "",
	[CS_MSG_GFE_TITLE] = "",
	[CS_MSG_GFE_RIGHT] = "",
	[CS_MSG_GFE_SESSIONS] = "p",
	[CS_MSG_GFE_TOTAL] = "s",
	[CS_MSG_GFE_NOT_BILL] = "",
	[CS_MSG_GFE_CHANGES] = "",
	[CS_MSG_GFE_DISPUTE] = "s",
	[CS_MSG_GFE_KEEP] = "",
};

/* ---- words ------------------------------------------------------------------------------------- */

static bool
word_eq(const char *w, size_t len, const char *lit)
{
	return strlen(lit) == len && memcmp(w, lit, len) == 0;
}

unsigned
cs_explain_reason_bit(const char *w, size_t len)
{
	static const struct
	{
		const char *word;
		unsigned	bit;
	}			words[] = {
		{"unknown_member", CS_XR_UNKNOWN_MEMBER},
		{"unknown_service_code", CS_XR_UNKNOWN_SERVICE},
		{"unknown_provider", CS_XR_UNKNOWN_PROVIDER},
		{"no_active_coverage", CS_XR_NO_ACTIVE_COVERAGE},
		{"dependent_age_limit", CS_XR_DEPENDENT_AGE_LIMIT},
		{"carved_out", CS_XR_CARVED_OUT},
		{"no_benefit_data", CS_XR_NO_BENEFIT_DATA},
		{"not_covered", CS_XR_NOT_COVERED},
		{"telehealth_not_covered", CS_XR_TELEHEALTH_NOT_COVERED},
		{"visit_limit_reached", CS_XR_VISIT_LIMIT_REACHED},
		{"prior_auth_required", CS_XR_PRIOR_AUTH_REQUIRED},
		{"out_of_network", CS_XR_OUT_OF_NETWORK},
		{"no_fee_schedule", CS_XR_NO_FEE_SCHEDULE},
		{"plan_maximum_reached", CS_XR_PLAN_MAXIMUM},
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (word_eq(w, len, words[i].word))
			return words[i].bit;
	return 0;
}

bool
cs_elig_status_from_word(const char *w, size_t len, cs_elig_status *out)
{
	for (int s = CS_ELIG_UNKNOWN; s <= CS_ELIG_ELIGIBLE; s++)
		if (word_eq(w, len, cs_elig_status_word((cs_elig_status) s)))
		{
			*out = (cs_elig_status) s;
			return true;
		}
	return false;
}

unsigned
cs_explain_carc_bit(const char *code, size_t len)
{
	for (int i = 0; i < CS_REASON_COUNT; i++)
		if (word_eq(code, len, cs_reason_codes[i]))
			return 1u << i;
	return 0;
}

/* ---- the rule: which sentences ----------------------------------------------------------------- */

void
cs_explain_facts_init(cs_explain_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->status = CS_ELIG_ELIGIBLE;
}

static void
add(cs_msg *out, int *n, cs_msg_id id, int n_args, cs_arg_kind k0, int64_t v0, cs_arg_kind k1,
	int64_t v1, cs_arg_kind k2, int64_t v2)
{
	cs_msg	   *m;

	if (*n >= CS_EXPLAIN_MAX_MSGS)
		return;
	m = &out[(*n)++];
	m->id = id;
	m->n_args = n_args;
	m->kind[0] = k0;
	m->value[0] = v0;
	m->kind[1] = k1;
	m->value[1] = v1;
	m->kind[2] = k2;
	m->value[2] = v2;
}

#define ADD0(id)			add(out, &n, id, 0, CS_ARG_MONEY, 0, CS_ARG_MONEY, 0, CS_ARG_MONEY, 0)
#define ADD1(id, k, v)		add(out, &n, id, 1, k, v, CS_ARG_MONEY, 0, CS_ARG_MONEY, 0)
#define ADD2(id, k, v, l, w) add(out, &n, id, 2, k, v, l, w, CS_ARG_MONEY, 0)
#define M CS_ARG_MONEY
#define R CS_ARG_RATE
#define C CS_ARG_COUNT

/* The deductible a patient would name: the family amount when only it exists or it is aggregate */
static cs_cents
deductible_total(const cs_terms *t)
{
	if (t->family_coverage && t->ded_family != CS_ABSENT &&
		(t->family_mode == CS_FAMILY_AGGREGATE || t->ded_individual == CS_ABSENT))
		return t->ded_family;
	return t->ded_individual;
}

/* The out-of-pocket limit that was reached: the person's own, else the family's */
static cs_cents
oop_total(const cs_terms *t, const cs_accum *after)
{
	if (t->oop_individual != CS_ABSENT && after->oop_individual_met >= t->oop_individual)
		return t->oop_individual;
	if (t->family_coverage && t->oop_family != CS_ABSENT && after->oop_family_met >= t->oop_family)
		return t->oop_family;
	return CS_ABSENT;
}

int
cs_explain_choose(const cs_explain_facts *f, cs_msg *out)
{
	int			n = 0;
	unsigned	e = f->has_status ? f->elig_reasons : 0;
	bool		auth = (e & CS_XR_PRIOR_AUTH_REQUIRED) ||
		(f->has_status && f->status == CS_ELIG_AUTH_REQUIRED);
	const cs_terms *t = f->terms;
	cs_cents	ded_rem = CS_ABSENT,
				oop_rem = CS_ABSENT;
	int64_t		visits_rem = CS_ABSENT;

	/*
	 * 119 on a covered line is the visit limit (the line is gated: nothing paid, no cost share) or the
	 * plan-paid maximum (the plan's payment cut, the cost share as usual): the estimate's reasons say
	 * which; a breakdown alone is the maximum when the plan still paid, a cost share was taken, or the
	 * terms have no visit limit
	 */
	bool		plan_max = (f->reasons & CS_REASON_LIMIT) && !(f->reasons & CS_REASON_NOT_COVERED) &&
		!(e & CS_XR_VISIT_LIMIT_REACHED) &&
		((e & CS_XR_PLAN_MAXIMUM) || f->plan_pays > 0 || f->copay > 0 || f->deductible > 0 ||
		 f->coinsurance > 0 || (t != NULL && t->visit_limit == CS_ABSENT));

	/* an estimate that could not be priced: say the one thing that stopped it */
	if (!f->priced)
	{
		cs_msg_id	id = CS_MSG_CANNOT_ESTIMATE;

		if (e & CS_XR_UNKNOWN_MEMBER)
			id = CS_MSG_UNKNOWN_MEMBER;
		else if (e & CS_XR_NO_ACTIVE_COVERAGE)
			id = CS_MSG_NO_COVERAGE;
		else if (e & CS_XR_DEPENDENT_AGE_LIMIT)
			id = CS_MSG_AGE_LIMIT;
		else if ((e & CS_XR_CARVED_OUT) || (f->has_status && f->status == CS_ELIG_CARVED_OUT))
			id = CS_MSG_CARVED_OUT;
		else if (e & CS_XR_UNKNOWN_SERVICE)
			id = CS_MSG_UNKNOWN_SERVICE;
		else if (e & CS_XR_UNKNOWN_PROVIDER)
			id = CS_MSG_UNKNOWN_PROVIDER;
		else if (e & CS_XR_NO_BENEFIT_DATA)
			id = CS_MSG_NO_BENEFIT;
		else if (e & CS_XR_NO_FEE_SCHEDULE)
			id = CS_MSG_NO_PRICE;
		ADD0(id);
		/* authorization still matters when only the price is missing */
		if (auth && (id == CS_MSG_NO_PRICE || id == CS_MSG_UNKNOWN_PROVIDER || id == CS_MSG_CANNOT_ESTIMATE))
			ADD0(CS_MSG_PRIOR_AUTH);
		return n;
	}

	if (t != NULL && f->has_acc_after)
		cs_remaining(t, &f->acc_after, &ded_rem, &oop_rem, &visits_rem);

	/* a line the plan does not pay: not covered, or the visit limit used up */
	if ((f->reasons & (CS_REASON_NOT_COVERED | CS_REASON_LIMIT)) && !plan_max)
	{
		if (f->reasons & CS_REASON_NOT_COVERED)
			ADD1((e & CS_XR_TELEHEALTH_NOT_COVERED) ? CS_MSG_NOT_COVERED_TELEHEALTH : CS_MSG_NOT_COVERED,
				 M, f->not_covered);
		else if (t != NULL && t->visit_limit != CS_ABSENT)
			ADD2(CS_MSG_LIMIT_REACHED, C, t->visit_limit, M, f->not_covered);
		else
			ADD1(CS_MSG_LIMIT_REACHED_AMOUNT, M, f->not_covered);
		if (f->balance_bill > 0)
			ADD1(CS_MSG_BALANCE_BILL, M, f->balance_bill);
		else if (e & CS_XR_OUT_OF_NETWORK)
			ADD0(CS_MSG_OUT_OF_NETWORK);
		if (auth)
			ADD0(CS_MSG_PRIOR_AUTH);
		return n;
	}

	/* what the patient pays and what the plan pays */
	if (f->patient_pays > 0 && f->plan_pays > 0)
		ADD2(CS_MSG_TOTAL, M, f->patient_pays, M, f->plan_pays);
	else if (f->patient_pays > 0)
		ADD1(CS_MSG_TOTAL_PLAN_NOTHING, M, f->patient_pays);
	else if (f->plan_pays > 0)
		ADD1(CS_MSG_TOTAL_NOTHING, M, f->plan_pays);
	else
		ADD0(CS_MSG_TOTAL_NOTHING_UNPAID);

	/* why: copay, deductible, coinsurance, in the order the rules apply them */
	if (f->copay > 0)
		ADD1(CS_MSG_COPAY, M, f->copay);
	if (f->deductible > 0)
	{
		cs_cents	total = t != NULL ? deductible_total(t) : CS_ABSENT;

		if (total == CS_ABSENT || ded_rem == CS_ABSENT)
			ADD1(CS_MSG_DEDUCTIBLE_AMOUNT, M, f->deductible);
		else if (ded_rem == 0)
			ADD2(CS_MSG_DEDUCTIBLE_MET, M, f->deductible, M, total);
		else
			add(out, &n, CS_MSG_DEDUCTIBLE_LEFT, 3, M, f->deductible, M, total, M, ded_rem);
	}
	if (f->coinsurance > 0)
	{
		if (t == NULL)
			ADD1(CS_MSG_COINSURANCE_AMOUNT, M, f->coinsurance);
		else
			ADD2(f->deductible > 0 ? CS_MSG_COINSURANCE_AFTER_DEDUCTIBLE : CS_MSG_COINSURANCE,
				 R, t->coinsurance, M, f->coinsurance);
	}
	else if (f->deductible > 0 && t != NULL && t->coinsurance > 0 && !f->oop_capped)
		ADD1(CS_MSG_RATE_ONCE_MET, R, t->coinsurance);

	if (f->oop_capped)
	{
		cs_cents	total = (t != NULL && f->has_acc_after) ? oop_total(t, &f->acc_after) : CS_ABSENT;

		if (total != CS_ABSENT)
			ADD1(CS_MSG_OOP_REACHED, M, total);
		else
			ADD0(CS_MSG_OOP_REACHED_AMOUNT);
	}

	/* the plan-paid maximum: what was left of it, and the part above it the patient pays */
	if (plan_max && f->not_covered > 0)
		ADD2(CS_MSG_PLAN_MAXIMUM, M, f->plan_pays, M, f->not_covered);

	if (f->balance_bill > 0)
		ADD1(CS_MSG_BALANCE_BILL, M, f->balance_bill);
	else if (e & CS_XR_OUT_OF_NETWORK)
		ADD0(CS_MSG_OUT_OF_NETWORK);

	if (visits_rem != CS_ABSENT)
		ADD1(CS_MSG_VISITS_LEFT, C, visits_rem);

	if (auth)
		ADD0(CS_MSG_PRIOR_AUTH);
	return n;
}

#undef M
#undef R
#undef C

/* ---- locales ----------------------------------------------------------------------------------- */

static void
copy_str(char *dst, size_t cap, const char *src)
{
	if (cap == 0)
		return;
	snprintf(dst, cap, "%s", src);
}

static bool
icu_has_locale(const char *id)
{
	int32_t		count = uloc_countAvailable();

	for (int32_t i = 0; i < count; i++)
	{
		const char *a = uloc_getAvailable(i);

		if (a != NULL && strcmp(a, id) == 0)
			return true;
	}
	return false;
}

const cs_catalog *
cs_explain_resolve_locale(const char *tag, size_t len, char *locale_out, size_t cap)
{
	char		buf[64];
	char		id[ULOC_FULLNAME_CAPACITY];
	char		lang[ULOC_LANG_CAPACITY];
	char		country[ULOC_COUNTRY_CAPACITY];
	char		candidate[ULOC_LANG_CAPACITY + ULOC_COUNTRY_CAPACITY + 2];
	int32_t		parsed = 0;
	UErrorCode	st = U_ZERO_ERROR;
	const cs_catalog *cat = NULL;

	/* the fallback: English, as written in the United States */
	copy_str(locale_out, cap, cs_catalogs[0].default_locale);
	if (tag == NULL || len == 0 || len >= sizeof(buf))
		return &cs_catalogs[0];
	for (size_t i = 0; i < len; i++)
	{
		/* ICU's es_MX spelling is accepted as es-MX; other bytes outside a tag's alphabet refuse */
		char		c = tag[i];

		if (c == '_')
			c = '-';
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
			return &cs_catalogs[0];
		buf[i] = c;
	}
	buf[len] = '\0';

	uloc_forLanguageTag(buf, id, sizeof(id), &parsed, &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING || parsed != (int32_t) len)
		return &cs_catalogs[0];
	st = U_ZERO_ERROR;
	uloc_getLanguage(id, lang, sizeof(lang), &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING || lang[0] == '\0')
		return &cs_catalogs[0];
	st = U_ZERO_ERROR;
	uloc_getCountry(id, country, sizeof(country), &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
		country[0] = '\0';

	for (int i = 0; i < cs_n_catalogs; i++)
		if (strcmp(cs_catalogs[i].language, lang) == 0)
			cat = &cs_catalogs[i];
	if (cat == NULL)
		return &cs_catalogs[0];

	if (country[0] != '\0')
	{
		snprintf(candidate, sizeof(candidate), "%s_%s", lang, country);
		if (icu_has_locale(candidate))
		{
			snprintf(candidate, sizeof(candidate), "%s-%s", lang, country);
			copy_str(locale_out, cap, candidate);
			return cat;
		}
	}
	copy_str(locale_out, cap, cat->default_locale);
	return cat;
}

/* ---- rendering --------------------------------------------------------------------------------- */

#define ARG_UCHARS 128
#define PATTERN_UCHARS 1024
#define SENTENCE_UCHARS 2048

static cs_status
icu_fail(cs_error *err, const char *what, UErrorCode st)
{
	return cs_fail(err, CS_ERR_LIBRARY, "could not format the explanation",
				   "This is a fault of the ICU library or of the message catalogs; report it with the ICU version.",
				   "ICU failed to %s: %s.", what, u_errorName(st));
}

/* An exact decimal formatted by an ICU number formatter into dst */
static cs_status
format_decimal(const UNumberFormatter *fmt, UFormattedNumber *res, const char *decimal, UChar *dst,
			   int32_t cap, cs_error *err)
{
	UErrorCode	st = U_ZERO_ERROR;
	int32_t		len;

	unumf_formatDecimal(fmt, decimal, -1, res, &st);
	if (U_FAILURE(st))
		return icu_fail(err, "format a number", st);
	len = unumf_resultToString(res, dst, cap, &st);
	if (U_FAILURE(st) || len >= cap)
		return icu_fail(err, "format a number", U_FAILURE(st) ? st : U_BUFFER_OVERFLOW_ERROR);
	return CS_OK;
}

/* One sentence: the pattern of msg in the catalog, formatted in the locale, appended to buf */
static cs_status
render_one(const cs_msg *msg, const cs_catalog *cat, const char *icu_locale, const UNumberFormatter *money,
		   const UNumberFormatter *percent, UFormattedNumber *res, char *buf, size_t cap, size_t *used,
		   cs_error *err)
{
	UChar		pattern[PATTERN_UCHARS];
	UChar		sentence[SENTENCE_UCHARS];
	UChar		text[CS_MSG_MAX_ARGS][ARG_UCHARS];
	double		count[CS_MSG_MAX_ARGS];
	const char *sig = cs_msg_signature[msg->id];
	UParseError perr;
	UErrorCode	st = U_ZERO_ERROR;
	UMessageFormat *mf;
	int32_t		len;
	int32_t		out_len;
	cs_status	s;

	/* the catalog must give this message the arguments the engine passes (varargs are not checked) */
	if (sig == NULL || strcmp(sig, cs_msg_expected_signature[msg->id]) != 0 ||
		(int) strlen(sig) != msg->n_args)
		return cs_fail(err, CS_ERR_LIBRARY, "message catalog does not match the engine",
					   "Rebuild the extension from msg/*.txt with scripts/msgcat.pl.",
					   "Message %d takes arguments \"%s\" in the catalog, the engine passes %d.",
					   (int) msg->id, sig ? sig : "(none)", msg->n_args);

	for (int i = 0; i < msg->n_args; i++)
	{
		char		dec[48];
		int64_t		v = msg->value[i];

		count[i] = 0;
		text[i][0] = 0;
		switch (msg->kind[i])
		{
			case CS_ARG_MONEY:
				if (sig[i] != 's')
					return cs_fail(err, CS_ERR_LIBRARY, "message catalog does not match the engine", NULL,
								   "Argument %d of message %d is not a text.", i, (int) msg->id);
				/* exact cents as a decimal string: ICU never sees a binary fraction */
				snprintf(dec, sizeof(dec), "%s%lld.%02lld", v < 0 ? "-" : "",
						 (long long) (v < 0 ? -(v / 100) : v / 100), (long long) (v < 0 ? -(v % 100) : v % 100));
				if ((s = format_decimal(money, res, dec, text[i], ARG_UCHARS, err)) != CS_OK)
					return s;
				break;
			case CS_ARG_RATE:
				if (sig[i] != 's')
					return cs_fail(err, CS_ERR_LIBRARY, "message catalog does not match the engine", NULL,
								   "Argument %d of message %d is not a text.", i, (int) msg->id);
				snprintf(dec, sizeof(dec), "%lld.%06lld", (long long) (v / CS_RATE_ONE),
						 (long long) (v % CS_RATE_ONE));
				if ((s = format_decimal(percent, res, dec, text[i], ARG_UCHARS, err)) != CS_OK)
					return s;
				break;
			case CS_ARG_COUNT:
				if (sig[i] != 'p')
					return cs_fail(err, CS_ERR_LIBRARY, "message catalog does not match the engine", NULL,
								   "Argument %d of message %d is not a count.", i, (int) msg->id);
				count[i] = (double) v;	/* a visit count, exact in a double */
				break;
		}
	}

	u_strFromUTF8(pattern, PATTERN_UCHARS, &len, cat->patterns[msg->id], -1, &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
		return icu_fail(err, "read a message pattern", U_FAILURE(st) ? st : U_BUFFER_OVERFLOW_ERROR);

	mf = umsg_open(pattern, len, icu_locale, &perr, &st);
	if (U_FAILURE(st))
	{
		if (mf != NULL)
			umsg_close(mf);
		return icu_fail(err, "parse a message pattern", st);
	}

	/* the signatures the catalogs may use (checked above and by scripts/msgcat.pl) */
	if (strcmp(sig, "") == 0)
		len = umsg_format(mf, sentence, SENTENCE_UCHARS, &st);
	else if (strcmp(sig, "s") == 0)
		len = umsg_format(mf, sentence, SENTENCE_UCHARS, &st, text[0]);
	else if (strcmp(sig, "ss") == 0)
		len = umsg_format(mf, sentence, SENTENCE_UCHARS, &st, text[0], text[1]);
	else if (strcmp(sig, "sss") == 0)
		len = umsg_format(mf, sentence, SENTENCE_UCHARS, &st, text[0], text[1], text[2]);
	else if (strcmp(sig, "p") == 0)
		len = umsg_format(mf, sentence, SENTENCE_UCHARS, &st, count[0]);
	else if (strcmp(sig, "ps") == 0)
		len = umsg_format(mf, sentence, SENTENCE_UCHARS, &st, count[0], text[1]);
	else
	{
		umsg_close(mf);
		return cs_fail(err, CS_ERR_LIBRARY, "message catalog does not match the engine", NULL,
					   "Message %d has arguments \"%s\", which the engine cannot pass.", (int) msg->id, sig);
	}
	umsg_close(mf);
	if (U_FAILURE(st) || len >= SENTENCE_UCHARS)
		return icu_fail(err, "format a message", U_FAILURE(st) ? st : U_BUFFER_OVERFLOW_ERROR);

	/* sentences are separated by one space */
	if (*used > 0)
	{
		if (*used + 1 >= cap)
			return cs_fail(err, CS_ERR_RANGE, "explanation is too long", NULL,
						   "The explanation needs more than %zu bytes.", cap);
		buf[(*used)++] = ' ';
	}
	u_strToUTF8(buf + *used, (int32_t) (cap - *used), &out_len, sentence, len, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR || st == U_STRING_NOT_TERMINATED_WARNING)
		return cs_fail(err, CS_ERR_RANGE, "explanation is too long", NULL,
					   "The explanation needs more than %zu bytes.", cap);
	if (U_FAILURE(st))
		return icu_fail(err, "convert a message to UTF-8", st);
	*used += (size_t) out_len;
	return CS_OK;
}

cs_status
cs_explain_render(const cs_msg *msgs, int n, const char *tag, size_t tag_len, char *buf, size_t cap,
				  char *locale_used, size_t locale_cap, cs_error *err)
{
	char		locale[32];
	char		icu_locale[ULOC_FULLNAME_CAPACITY];
	int32_t		parsed;
	UErrorCode	st = U_ZERO_ERROR;
	const cs_catalog *cat;
	UNumberFormatter *money = NULL;
	UNumberFormatter *percent = NULL;
	UFormattedNumber *res = NULL;
	size_t		used = 0;
	cs_status	s = CS_OK;

	if (cap == 0)
		return cs_fail(err, CS_ERR_RANGE, "explanation is too long", NULL, "No room was given for it.");
	buf[0] = '\0';
	cat = cs_explain_resolve_locale(tag, tag_len, locale, sizeof(locale));
	copy_str(locale_used, locale_cap, locale);

	uloc_forLanguageTag(locale, icu_locale, sizeof(icu_locale), &parsed, &st);
	if (U_FAILURE(st))
		return icu_fail(err, "read the locale", st);

	/* US dollars in the locale's conventions; rates as percents (0.2 -> 20%) */
	money = unumf_openForSkeletonAndLocale(u"currency/USD", -1, icu_locale, &st);
	if (U_FAILURE(st))
	{
		s = icu_fail(err, "open a currency formatter", st);
		goto done;
	}
	percent = unumf_openForSkeletonAndLocale(u"percent scale/100", -1, icu_locale, &st);
	if (U_FAILURE(st))
	{
		s = icu_fail(err, "open a percent formatter", st);
		goto done;
	}
	res = unumf_openResult(&st);
	if (U_FAILURE(st))
	{
		s = icu_fail(err, "open a number result", st);
		goto done;
	}

	for (int i = 0; i < n && s == CS_OK; i++)
		s = render_one(&msgs[i], cat, icu_locale, money, percent, res, buf, cap, &used, err);
	if (s == CS_OK)
		buf[used] = '\0';
	else
		buf[0] = '\0';

done:
	if (res != NULL)
		unumf_closeResult(res);
	if (percent != NULL)
		unumf_close(percent);
	if (money != NULL)
		unumf_close(money);
	return s;
}

cs_status
cs_explain(const cs_explain_facts *f, const char *tag, size_t tag_len, char *buf, size_t cap,
		   char *locale_used, size_t locale_cap, cs_error *err)
{
	cs_msg		msgs[CS_EXPLAIN_MAX_MSGS];
	int			n = cs_explain_choose(f, msgs);

	return cs_explain_render(msgs, n, tag, tag_len, buf, cap, locale_used, locale_cap, err);
}
