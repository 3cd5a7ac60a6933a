/*
 * test_money_date.c — cents, rates, rounding modes and calendar arithmetic.
 */
#include "cs_date.h"
#include "cs_money.h"
#include "tap.h"

void
test_money(void)
{
	cs_error	err;
	cs_cents	c;
	int64_t		r;
	cs_rounding m;

	ok(cs_cents_from_micros(12340000, "x", &c, &err) == CS_OK && c == 1234, "12.34 is 1234 cents");
	ok(cs_cents_from_micros(12345000, "x", &c, &err) == CS_ERR_PRECISION, "12.345 is refused");
	ok(cs_cents_from_micros(-10000, "x", &c, &err) == CS_ERR_RANGE, "negative is refused");
	ok(cs_cents_from_micros(CS_MONEY_MAX * 10000, "x", &c, &err) == CS_OK, "the maximum is accepted");
	ok(cs_cents_from_micros((CS_MONEY_MAX + 1) * 10000, "x", &c, &err) == CS_ERR_RANGE, "above the maximum is refused");
	ok(err.message[0] && err.detail[0] && err.hint[0], "an error carries message, detail and hint");
	ok(cs_rate_from_micros(200000, "p", &r, &err) == CS_OK && r == 200000, "0.2 is 200000 millionths");
	ok(cs_rate_from_micros(1000001, "p", &r, &err) == CS_ERR_RANGE, "a rate above 1 is refused");
	ok(cs_rate_from_micros(-1, "p", &r, &err) == CS_ERR_RANGE, "a negative rate is refused");
	ok(cs_check_count(-1, "v", &err) == CS_ERR_RANGE, "a negative count is refused");

	/* 50%% of 5 cents = 2.5 cents; of 7 cents = 3.5 cents */
	is_int(cs_apply_rate(500000, 5, CS_ROUND_HALF_UP), 3, "half_up 2.5 -> 3");
	is_int(cs_apply_rate(500000, 5, CS_ROUND_HALF_EVEN), 2, "half_even 2.5 -> 2");
	is_int(cs_apply_rate(500000, 5, CS_ROUND_TRUNCATE), 2, "truncate 2.5 -> 2");
	is_int(cs_apply_rate(500000, 7, CS_ROUND_HALF_EVEN), 4, "half_even 3.5 -> 4");
	is_int(cs_apply_rate(333333, 100, CS_ROUND_HALF_UP), 33, "33.3333%% of 1.00 -> 0.33");
	is_int(cs_apply_rate(200000, 2320, CS_ROUND_HALF_UP), 464, "20%% of 23.20 -> 4.64");
	is_int(cs_apply_rate(CS_RATE_ONE, CS_MONEY_MAX, CS_ROUND_HALF_UP), CS_MONEY_MAX, "100%% of the maximum");
	is_int(cs_apply_rate(0, CS_MONEY_MAX, CS_ROUND_HALF_UP), 0, "0%% of anything");
	is_int(cs_round_div(249, 100, CS_ROUND_HALF_UP), 2, "2.49 -> 2");
	is_int(cs_round_div(250, 100, CS_ROUND_HALF_UP), 3, "2.50 -> 3");

	ok(cs_rounding_from_word("half_even", 9, &m) && m == CS_ROUND_HALF_EVEN, "half_even word");
	ok(!cs_rounding_from_word("HALF_UP", 7, &m), "words are lower case");
	ok(!cs_rounding_from_word("half", 4, &m), "a prefix is not a word");
}

void
test_date(void)
{
	int			y,
				m,
				d;
	cs_date		next;
	int			bad = 0;

	/* the fourth-quarter carryover window: three months before the period starts, clamped */
	is_int(cs_carryover_from(cs_date_from_ymd(2027, 1, 1)), cs_date_from_ymd(2026, 10, 1),
		   "carryover: a calendar year's window starts on October 1");
	is_int(cs_carryover_from(cs_date_from_ymd(2026, 5, 31)), cs_date_from_ymd(2026, 2, 28),
		   "carryover: a May 31 plan year's window starts on February 28");
	is_int(cs_carryover_from(cs_date_from_ymd(2024, 5, 31)), cs_date_from_ymd(2024, 2, 29),
		   "carryover: ... February 29 in a leap year");
	is_int(cs_carryover_from(cs_date_from_ymd(2026, 3, 15)), cs_date_from_ymd(2025, 12, 15),
		   "carryover: across the year");

	/* "3 visits in any 30 days": the 30 days ending on the visit's date */
	{
		cs_date		jan31 = cs_date_from_ymd(2026, 1, 31);

		ok(cs_in_rolling_window(cs_date_from_ymd(2026, 1, 2), jan31, 30), "window: 29 days before is in");
		ok(!cs_in_rolling_window(cs_date_from_ymd(2026, 1, 1), jan31, 30), "window: 30 days before is out");
		ok(cs_in_rolling_window(jan31, jan31, 30), "window: the same day is in");
		ok(!cs_in_rolling_window(cs_date_from_ymd(2026, 2, 1), jan31, 30), "window: a later day is out");
		ok(cs_in_rolling_window(cs_date_from_ymd(2025, 12, 31), cs_date_from_ymd(2026, 1, 2), 365),
		   "window: across the new year (no reset)");
		ok(!cs_in_rolling_window(jan31, jan31, 0), "window: none without days");
		ok(cs_in_rolling_window(INT32_MIN + 1, INT32_MIN + 2, INT32_MAX), "window: extreme days do not overflow");
	}

	is_int(cs_date_from_ymd(2000, 1, 1), 0, "2000-01-01 is day 0");
	is_int(cs_date_from_ymd(1999, 12, 31), -1, "1999-12-31 is day -1");
	is_int(cs_date_from_ymd(2025, 1, 1), 9132, "2025-01-01 is day 9132");
	for (cs_date t = -800000; t < 800000; t += 7)
	{
		cs_date_to_ymd(t, &y, &m, &d);
		if (cs_date_from_ymd(y, m, d) != t)
			bad++;
	}
	is_int(bad, 0, "day numbers round-trip over four thousand years");

	is_int(cs_period_start(cs_date_from_ymd(2025, 3, 15), 1, 1, &next), cs_date_from_ymd(2025, 1, 1),
		   "calendar year start");
	is_int(next, cs_date_from_ymd(2026, 1, 1), "calendar year next start");
	is_int(cs_period_start(cs_date_from_ymd(2026, 6, 30), 7, 1, &next), cs_date_from_ymd(2025, 7, 1),
		   "plan year: June 30 belongs to the year that started last July");
	is_int(cs_period_start(cs_date_from_ymd(2026, 7, 1), 7, 1, &next), cs_date_from_ymd(2026, 7, 1),
		   "plan year: July 1 starts a new year");
	is_int(cs_period_start(cs_date_from_ymd(2025, 3, 1), 2, 29, &next), cs_date_from_ymd(2025, 2, 28),
		   "a Feb 29 anniversary is Feb 28 in 2025");
	is_int(next, cs_date_from_ymd(2026, 2, 28), "and in 2026");
	is_int(cs_period_start(cs_date_from_ymd(2024, 2, 28), 2, 29, &next), cs_date_from_ymd(2023, 2, 28),
		   "2024-02-28 is before the 2024 anniversary (Feb 29)");
	is_int(next, cs_date_from_ymd(2024, 2, 29), "the 2024 anniversary is Feb 29");
	is_int(cs_minus_months(cs_date_from_ymd(2026, 1, 1), 3), cs_date_from_ymd(2025, 10, 1), "Q4 starts Oct 1");
	is_int(cs_minus_months(cs_date_from_ymd(2025, 5, 31), 3), cs_date_from_ymd(2025, 2, 28), "month ends clamp");
	ok(cs_is_leap(2000) && !cs_is_leap(1900) && cs_is_leap(2024) && !cs_is_leap(2025), "leap years");
}
