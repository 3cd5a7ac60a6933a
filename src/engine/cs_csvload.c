/*
 * cs_csvload.c — cell rules and the fee-schedule rollover of the practice CSV loaders (cs_csvload.h).
 */
#include "cs_csvload.h"

#include <string.h>

#define CS_CELL_MAX_COUNT	1000000
/* 10^10 dollars: far above any fee or limit, far below the int64 range */
#define CS_CELL_MAX_CENTS	INT64_C(1000000000000)

static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t'))
	{
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

static bool
word_is(const char *s, size_t len, const char *w)
{
	size_t		n = strlen(w);

	if (n != len)
		return false;
	for (size_t i = 0; i < n; i++)
	{
		char		c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char) (c - 'A' + 'a');
		if (c != w[i])
			return false;
	}
	return true;
}

bool
cs_cell_kind_from_word(const char *word, size_t len, cs_cell_kind *out)
{
	static const struct
	{
		const char *w;
		cs_cell_kind k;
	}			kinds[] = {
		{"text", CS_CELL_TEXT}, {"money", CS_CELL_MONEY}, {"date", CS_CELL_DATE},
		{"count", CS_CELL_COUNT}, {"boolean", CS_CELL_BOOL}, {"percent", CS_CELL_PERCENT},
		{"percent_medicare", CS_CELL_PERCENT_MEDICARE}
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (word_is(word, len, kinds[i].w))
		{
			*out = kinds[i].k;
			return true;
		}
	return false;
}

/*
 * Digits with an optional decimal point: *units gets the value scaled by 10^scale; false when the
 * text is not such a number, has more than scale decimals (*too_precise) or exceeds max.
 */
static bool
decimal(const char *s, size_t len, int scale, int64_t max, int64_t *units, bool *too_precise,
		bool *too_large)
{
	int64_t		v = 0;
	int			decimals = -1;
	bool		digits = false;

	*too_precise = *too_large = false;
	for (size_t i = 0; i < len; i++)
	{
		char		c = s[i];

		if (c == '.')
		{
			if (decimals >= 0)
				return false;
			decimals = 0;
			continue;
		}
		if (c < '0' || c > '9')
			return false;
		digits = true;
		if (decimals >= 0 && ++decimals > scale)
		{
			if (c != '0')
				*too_precise = true;
			continue;			/* trailing zeros beyond the scale are exact */
		}
		if (v > max)
			continue;			/* keep scanning for format errors; reported as too large */
		v = v * 10 + (c - '0');
	}
	if (!digits)
		return false;
	if (*too_precise)
		return false;
	for (int d = decimals < 0 ? 0 : (decimals > scale ? scale : decimals); d < scale; d++)
		if (v <= max)
			v *= 10;
	if (v > max)
	{
		*too_large = true;
		return false;
	}
	*units = v;
	return true;
}

cs_status
cs_cell_money(const char *s, size_t len, cs_cents *out, cs_error *err)
{
	int64_t		v;
	bool		precise,
				large;

	trim(&s, &len);
	if (len > 0 && s[0] == '-')
		return cs_fail(err, CS_ERR_RANGE, "negative amount", "Amounts in the file are never negative.",
					   "The amount is below zero.");
	if (!decimal(s, len, 2, CS_CELL_MAX_CENTS, &v, &precise, &large))
	{
		if (precise)
			return cs_fail(err, CS_ERR_PRECISION, "amount has a fraction of a cent",
						   "Write amounts in dollars with at most two decimals.",
						   "The amount has more than two decimals.");
		if (large)
			return cs_fail(err, CS_ERR_RANGE, "amount too large", "Amounts must be below 10,000,000,000.00.",
						   "The amount exceeds the largest accepted.");
		return cs_fail(err, CS_ERR_FORMAT, "not an amount",
					   "Write amounts as plain dollars (125 or 125.50): no currency sign, no thousands separator.",
					   "The cell is not a plain decimal number.");
	}
	*out = v;
	return CS_OK;
}

bool
cs_cell_date(const char *s, size_t len, cs_date *out)
{
	int			y = 0,
				m = 0,
				d = 0;

	trim(&s, &len);
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
	{
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return false;
	}
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > cs_days_in_month(y, m))
		return false;
	*out = cs_date_from_ymd(y, m, d);
	return true;
}

bool
cs_cell_bool(const char *s, size_t len, bool *out)
{
	static const char *const yes[] = {"true", "yes", "y", "t", "1"};
	static const char *const no[] = {"false", "no", "n", "f", "0"};

	trim(&s, &len);
	for (int i = 0; i < 5; i++)
	{
		if (word_is(s, len, yes[i]))
		{
			*out = true;
			return true;
		}
		if (word_is(s, len, no[i]))
		{
			*out = false;
			return true;
		}
	}
	return false;
}

const char *
cs_cell_problem(cs_cell_kind kind, const char *s, size_t len, bool required)
{
	int64_t		v;
	bool		precise,
				large,
				b;
	cs_date		day;
	cs_error	err;

	trim(&s, &len);
	if (len == 0)
		return required ? "required, and empty" : NULL;
	switch (kind)
	{
		case CS_CELL_TEXT:
			return NULL;
		case CS_CELL_MONEY:
			if (cs_cell_money(s, len, &v, &err) == CS_OK)
				return NULL;
			return err.status == CS_ERR_RANGE && s[0] == '-' ? "a negative amount"
				: err.status == CS_ERR_PRECISION ? "an amount with a fraction of a cent"
				: err.status == CS_ERR_RANGE ? "an amount above 10,000,000,000.00"
				: "not an amount (dollars such as 125 or 125.50)";
		case CS_CELL_DATE:
			return cs_cell_date(s, len, &day) ? NULL : "not a date (YYYY-MM-DD)";
		case CS_CELL_COUNT:
			if (decimal(s, len, 0, CS_CELL_MAX_COUNT, &v, &precise, &large))
				return NULL;
			return large ? "a count above 1,000,000" : "not a whole number";
		case CS_CELL_BOOL:
			return cs_cell_bool(s, len, &b) ? NULL : "not true or false (true/false, yes/no, y/n, 1/0)";
		case CS_CELL_PERCENT:
			if (decimal(s, len, 4, 100 * 10000, &v, &precise, &large))
				return NULL;
			return precise ? "a percent with more than four decimals"
				: large ? "a percent above 100"
				: "not a percent (0 to 100, such as 20)";
		case CS_CELL_PERCENT_MEDICARE:
			if (decimal(s, len, 2, 1000 * 100, &v, &precise, &large))
				return v > 0 ? NULL : "a percent of Medicare of zero";
			return precise ? "a percent of Medicare with more than two decimals"
				: large ? "a percent of Medicare above 1000"
				: "not a percent of Medicare (such as 110)";
	}
	return "of an unknown kind";
}

cs_roll
cs_fee_rollover(cs_date old_lo, cs_date old_hi, bool old_open,
				cs_date new_lo, cs_date new_hi, bool new_open)
{
	/* the ranges do not meet */
	if ((!new_open && new_hi <= old_lo) || (!old_open && old_hi <= new_lo))
		return CS_ROLL_DISJOINT;
	if (old_lo == new_lo && old_open == new_open && (old_open || old_hi == new_hi))
		return CS_ROLL_SAME;
	/*
	 * the stored row starts first: the new rates supersede it from their first day (also when they are
	 * stated for one year only and the stored row was open-ended: after them, the file states none)
	 */
	if (old_lo < new_lo)
		return CS_ROLL_END_OLD;
	return CS_ROLL_CONFLICT;
}

const char *
cs_roll_word(cs_roll r)
{
	switch (r)
	{
		case CS_ROLL_DISJOINT:
			return "disjoint";
		case CS_ROLL_SAME:
			return "same";
		case CS_ROLL_END_OLD:
			return "end_old";
		case CS_ROLL_CONFLICT:
			return "conflict";
	}
	return "conflict";
}
