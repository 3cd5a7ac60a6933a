/*
 * cs_money.h — exact money: integer cents, exact rates, checked arithmetic, rounding modes.
 *
 * Every amount is a cs_cents (int64 cents). Inputs arrive as "micros" (the value times 10^6, which the
 * glue produces from numeric without rounding) and are turned into cents or rates here, so that the
 * rules about what is an acceptable amount live in one place. Rates (coinsurance) are exact millionths.
 */
#ifndef CS_MONEY_H
#define CS_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_error.h"

typedef int64_t cs_cents;

/* The largest single amount accepted: 1,000,000,000.00 (one billion) */
#define CS_MONEY_MAX		INT64_C(100000000000)
/* Optional amounts and counts that were not given */
#define CS_ABSENT			INT64_C(-1)
/* Rates are in millionths: 200000 = 0.2 = 20% */
#define CS_RATE_ONE			INT64_C(1000000)
/* The largest visit count or visit limit accepted */
#define CS_COUNT_MAX		1000000

typedef enum cs_rounding
{
	CS_ROUND_HALF_UP = 0,		/* .5 away from zero (the default) */
	CS_ROUND_HALF_EVEN,			/* .5 to the even cent */
	CS_ROUND_TRUNCATE			/* drop the fraction */
} cs_rounding;

/* Checked arithmetic: return true on overflow, as the compiler builtins do. */
static inline bool
cs_add_overflow(cs_cents a, cs_cents b, cs_cents *r)
{
	return __builtin_add_overflow(a, b, r);
}

static inline cs_cents
cs_min(cs_cents a, cs_cents b)
{
	return a < b ? a : b;
}

static inline cs_cents
cs_max(cs_cents a, cs_cents b)
{
	return a > b ? a : b;
}

/* micros -> cents: whole cents, 0..CS_MONEY_MAX; field names the input in the error */
cs_status	cs_cents_from_micros(int64_t micros, const char *field, cs_cents *out, cs_error *err);

/* micros -> rate in millionths: 0..1 */
cs_status	cs_rate_from_micros(int64_t micros, const char *field, int64_t *out, cs_error *err);

/* a count (visits): 0..CS_COUNT_MAX */
cs_status	cs_check_count(int64_t value, const char *field, cs_error *err);

/* round(rate * base) in the given mode; base must be 0..CS_MONEY_MAX, rate 0..CS_RATE_ONE */
cs_cents	cs_apply_rate(int64_t rate, cs_cents base, cs_rounding mode);

/* Rounding of a quotient num / den (den > 0, num >= 0) in the given mode; used by fee formulas too */
int64_t		cs_round_div(int64_t num, int64_t den, cs_rounding mode);

/* Word <-> rounding mode; returns false for an unknown word */
bool		cs_rounding_from_word(const char *word, size_t len, cs_rounding *out);
const char *cs_rounding_word(cs_rounding mode);

#endif							/* CS_MONEY_H */
