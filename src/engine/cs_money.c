/*
 * cs_money.c — exact money (see cs_money.h).
 */
#include <string.h>

#include "cs_money.h"

cs_status
cs_cents_from_micros(int64_t micros, const char *field, cs_cents *out, cs_error *err)
{
	if (micros < 0)
		return cs_fail(err, CS_ERR_RANGE, "amount must not be negative",
					   "Amounts are in dollars and at least 0; a refund or reversal is posted as its own event.",
					   "%s is negative.", field);
	if (micros % 10000 != 0)
		return cs_fail(err, CS_ERR_PRECISION, "amount has fractions of a cent",
					   "Round the amount to cents first, for example with round(x, 2).",
					   "%s is not a whole number of cents.", field);
	if (micros / 10000 > CS_MONEY_MAX)
		return cs_fail(err, CS_ERR_RANGE, "amount is too large",
					   "A single amount can be at most 1000000000.00.",
					   "%s is above 1000000000.00.", field);
	*out = micros / 10000;
	return CS_OK;
}

cs_status
cs_rate_from_micros(int64_t micros, const char *field, int64_t *out, cs_error *err)
{
	if (micros < 0 || micros > CS_RATE_ONE)
		return cs_fail(err, CS_ERR_RANGE, "rate must be between 0 and 1",
					   "Give the patient's share as a fraction: 0.2 means 20%.",
					   "%s is outside 0..1.", field);
	*out = micros;
	return CS_OK;
}

cs_status
cs_check_count(int64_t value, const char *field, cs_error *err)
{
	if (value < 0 || value > CS_COUNT_MAX)
		return cs_fail(err, CS_ERR_RANGE, "count is out of range",
					   "Counts (visits, members) are whole numbers from 0 to 1000000.",
					   "%s is outside 0..1000000.", field);
	return CS_OK;
}

int64_t
cs_round_div(int64_t num, int64_t den, cs_rounding mode)
{
	int64_t		q = num / den;
	int64_t		r = num % den;

	switch (mode)
	{
		case CS_ROUND_TRUNCATE:
			return q;
		case CS_ROUND_HALF_EVEN:
			if (2 * r > den || (2 * r == den && (q % 2) != 0))
				q++;
			return q;
		case CS_ROUND_HALF_UP:
		default:
			if (2 * r >= den)
				q++;
			return q;
	}
}

cs_cents
cs_apply_rate(int64_t rate, cs_cents base, cs_rounding mode)
{
	/* base <= 1e11 and rate <= 1e6: the product stays below 1e17, far inside int64 */
	return cs_round_div(rate * base, CS_RATE_ONE, mode);
}

static const char *const rounding_words[] = {"half_up", "half_even", "truncate"};

bool
cs_rounding_from_word(const char *word, size_t len, cs_rounding *out)
{
	for (int i = 0; i < 3; i++)
	{
		if (strlen(rounding_words[i]) == len && memcmp(rounding_words[i], word, len) == 0)
		{
			*out = (cs_rounding) i;
			return true;
		}
	}
	return false;
}

const char *
cs_rounding_word(cs_rounding mode)
{
	return rounding_words[mode];
}
