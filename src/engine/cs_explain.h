/*
 * cs_explain.h — patient-facing explanations of an estimate or of one adjudicated line.
 *
 * Two rules live here: which sentences explain a line (cs_explain_choose: copay, deductible and what
 * is left of it, coinsurance, the out-of-pocket maximum, visits left or used up, not covered, out of
 * network and the balance bill, prior authorization, and the eligibility statuses that stop an
 * estimate), and which locale a request gets (cs_explain_resolve_locale: the catalog of the requested
 * language, numbers in the requested region when ICU has it, otherwise en-US). The words are not
 * here: they are ICU MessageFormat patterns in msg/<language>.txt, compiled into
 * cs_explain_catalog.c by scripts/msgcat.pl. Money is formatted by ICU from exact decimal strings
 * built from integer cents (never through floating point). Pure C plus ICU; no Postgres.
 */
#ifndef CS_EXPLAIN_H
#define CS_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_adjudicate.h"
#include "cs_eligibility.h"
#include "cs_error.h"
#include "cs_money.h"

/* The messages: one per key of msg/en.txt (the generator refuses a catalog that differs) */
typedef enum cs_msg_id
{
	CS_MSG_TOTAL = 0,
	CS_MSG_TOTAL_PLAN_NOTHING,
	CS_MSG_TOTAL_NOTHING,
	CS_MSG_TOTAL_NOTHING_UNPAID,
	CS_MSG_COPAY,
	CS_MSG_DEDUCTIBLE_MET,
	CS_MSG_DEDUCTIBLE_LEFT,
	CS_MSG_DEDUCTIBLE_AMOUNT,
	CS_MSG_COINSURANCE_AFTER_DEDUCTIBLE,
	CS_MSG_COINSURANCE,
	CS_MSG_COINSURANCE_AMOUNT,
	CS_MSG_RATE_ONCE_MET,
	CS_MSG_OOP_REACHED,
	CS_MSG_OOP_REACHED_AMOUNT,
	CS_MSG_BALANCE_BILL,
	CS_MSG_OUT_OF_NETWORK,
	CS_MSG_VISITS_LEFT,
	CS_MSG_NOT_COVERED,
	CS_MSG_NOT_COVERED_TELEHEALTH,
	CS_MSG_LIMIT_REACHED,
	CS_MSG_LIMIT_REACHED_AMOUNT,
	CS_MSG_PLAN_MAXIMUM,
	CS_MSG_PRIOR_AUTH,
	CS_MSG_UNKNOWN_MEMBER,
	CS_MSG_UNKNOWN_SERVICE,
	CS_MSG_UNKNOWN_PROVIDER,
	CS_MSG_NO_COVERAGE,
	CS_MSG_AGE_LIMIT,
	CS_MSG_CARVED_OUT,
	CS_MSG_NO_BENEFIT,
	CS_MSG_NO_PRICE,
	CS_MSG_CANNOT_ESTIMATE,
	/* the Good Faith Estimate (cs_gfe.h): title and notices, in the order they are printed */
	CS_MSG_GFE_TITLE,
	CS_MSG_GFE_RIGHT,
	CS_MSG_GFE_SESSIONS,
	CS_MSG_GFE_TOTAL,
	CS_MSG_GFE_NOT_BILL,
	CS_MSG_GFE_CHANGES,
	CS_MSG_GFE_DISPUTE,
	CS_MSG_GFE_KEEP,
	CS_MSG_COUNT
} cs_msg_id;

/* A catalog: its language, the locale its numbers use by default, one pattern per message */
typedef struct cs_catalog
{
	const char *language;
	const char *default_locale;
	const char *const *patterns;
} cs_catalog;

/* Generated from the msg/ catalogs: English first; signatures from msg/en.txt ("s" text, "p" count) */
extern const cs_catalog cs_catalogs[];
extern const int cs_n_catalogs;
extern const int cs_n_catalog_keys;
extern const char *const cs_msg_signature[CS_MSG_COUNT];

/* What the engine expects of each message's arguments; checked against the catalog before use */
extern const char *const cs_msg_expected_signature[CS_MSG_COUNT];

/* Eligibility reasons of an estimate (costshare.eligibility_result.reasons), as bits */
#define CS_XR_UNKNOWN_MEMBER		0x0001
#define CS_XR_UNKNOWN_SERVICE		0x0002
#define CS_XR_UNKNOWN_PROVIDER		0x0004
#define CS_XR_NO_ACTIVE_COVERAGE	0x0008
#define CS_XR_DEPENDENT_AGE_LIMIT	0x0010
#define CS_XR_CARVED_OUT			0x0020
#define CS_XR_NO_BENEFIT_DATA		0x0040
#define CS_XR_NOT_COVERED			0x0080
#define CS_XR_TELEHEALTH_NOT_COVERED 0x0100
#define CS_XR_VISIT_LIMIT_REACHED	0x0200
#define CS_XR_PRIOR_AUTH_REQUIRED	0x0400
#define CS_XR_OUT_OF_NETWORK		0x0800
#define CS_XR_NO_FEE_SCHEDULE		0x1000
#define CS_XR_PLAN_MAXIMUM			0x2000	/* plan_maximum_reached: the plan-paid maximum cut the payment */

/* A reason word -> its bit; 0 for a word the explanation has nothing to say about */
unsigned	cs_explain_reason_bit(const char *word, size_t len);

/* A status word -> cs_elig_status; false for an unknown word */
bool		cs_elig_status_from_word(const char *word, size_t len, cs_elig_status *out);

/* An adjustment (CARC) code ("1", "2", "3", "45", "96", "119") -> its CS_REASON_* bit; 0 if unknown */
unsigned	cs_explain_carc_bit(const char *code, size_t len);

/* What is known about the line to explain */
typedef struct cs_explain_facts
{
	bool		has_status;		/* an estimate: status and eligibility reasons below are known */
	cs_elig_status status;
	unsigned	elig_reasons;	/* CS_XR_* */
	bool		priced;			/* the amounts below are known (false: the estimate could not price) */
	cs_cents	allowed;
	cs_cents	copay;
	cs_cents	deductible;
	cs_cents	coinsurance;
	cs_cents	not_covered;
	cs_cents	balance_bill;
	cs_cents	patient_pays;
	cs_cents	plan_pays;
	bool		oop_capped;
	unsigned	reasons;		/* CS_REASON_* (the adjustment codes) */
	bool		has_acc_after;	/* acc_after is known */
	cs_accum	acc_after;
	const cs_terms *terms;		/* the benefit's terms, or NULL when not known */
} cs_explain_facts;

void		cs_explain_facts_init(cs_explain_facts *f);

/* Kinds of argument */
typedef enum cs_arg_kind
{
	CS_ARG_MONEY = 0,			/* cents */
	CS_ARG_RATE,				/* millionths, shown as a percent */
	CS_ARG_COUNT				/* a count for a plural pattern */
} cs_arg_kind;

#define CS_MSG_MAX_ARGS 3
#define CS_EXPLAIN_MAX_MSGS 12

typedef struct cs_msg
{
	cs_msg_id	id;
	int			n_args;
	cs_arg_kind kind[CS_MSG_MAX_ARGS];
	int64_t		value[CS_MSG_MAX_ARGS];
} cs_msg;

/*
 * The rule: which sentences explain these facts, in order. Returns how many (at most
 * CS_EXPLAIN_MAX_MSGS); never fails.
 */
int			cs_explain_choose(const cs_explain_facts *f, cs_msg *out);

/*
 * Locale resolution: a BCP 47 tag (or ICU's underscore form), NULL or empty for the default.
 * The catalog is the requested language's, or English when there is none. The locale used for
 * numbers is language-REGION when the language has a catalog and ICU has that region's data,
 * else the catalog's default locale (en -> en-US, es -> es); a language without a catalog, or an
 * unreadable tag, gives en-US. The chosen locale is written as a BCP 47 tag into locale_out.
 * Never fails.
 */
const cs_catalog *cs_explain_resolve_locale(const char *tag, size_t len, char *locale_out, size_t cap);

/*
 * Renders the chosen sentences in a locale (as resolved above), joined by single spaces, as UTF-8
 * into buf (NUL-terminated). locale_used receives the resolved locale (at least 32 bytes).
 * Fails only when ICU fails or the text does not fit (CS_ERR_LIBRARY / CS_ERR_RANGE); every ICU
 * handle is closed before returning.
 */
cs_status	cs_explain_render(const cs_msg *msgs, int n, const char *tag, size_t tag_len,
							  char *buf, size_t cap, char *locale_used, size_t locale_cap,
							  cs_error *err);

/* cs_explain_choose + cs_explain_render */
cs_status	cs_explain(const cs_explain_facts *f, const char *tag, size_t tag_len,
					   char *buf, size_t cap, char *locale_used, size_t locale_cap, cs_error *err);

#endif							/* CS_EXPLAIN_H */
