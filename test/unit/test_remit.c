/*
 * test_remit.c — the allowed amount from remittance history (cs_remit.c): the window's edges, the
 * settings' values, the median and its minimum count.
 */
#include "cs_remit.h"
#include "tap.h"

void
test_remit(void)
{
	int64_t		d = 10000;		/* a date of service, in days */
	int64_t		x = -1;

	/* the window: the date of service itself and 365 days before it count, 366 days and the day after do not */
	ok(cs_remit_in_window(d, d, 365), "a line on the date of service counts");
	ok(cs_remit_in_window(d - 365, d, 365), "a line 365 days before counts");
	ok(!cs_remit_in_window(d - 366, d, 365), "a line 366 days before does not");
	ok(!cs_remit_in_window(d + 1, d, 365), "a line after the date of service does not");
	ok(cs_remit_in_window(d, d, 0) && !cs_remit_in_window(d - 1, d, 0), "a window of 0 days: the date itself only");
	is_int(cs_remit_window_start(d, 30), d - 30, "the window starts window_days before");

	/* settings */
	ok(cs_remit_setting(NULL, 365, 0, 3660, &x) && x == 365, "unset: the default");
	ok(cs_remit_setting("", 365, 0, 3660, &x) && x == 365, "empty: the default");
	ok(cs_remit_setting("90", 365, 0, 3660, &x) && x == 90, "a number");
	ok(cs_remit_setting("0", 365, 0, 3660, &x) && x == 0, "the minimum");
	ok(cs_remit_setting("3660", 365, 0, 3660, &x) && x == 3660, "the maximum");
	x = -1;
	ok(!cs_remit_setting("3661", 365, 0, 3660, &x) && x == -1, "above the maximum refused");
	ok(!cs_remit_setting("-1", 365, 0, 3660, &x), "a sign refused");
	ok(!cs_remit_setting("30 days", 365, 0, 3660, &x), "words refused");
	ok(!cs_remit_setting(" 30", 365, 0, 3660, &x), "spaces refused");
	ok(!cs_remit_setting("1.5", 365, 0, 3660, &x), "a fraction refused");
	ok(!cs_remit_setting("9999999999999999999999", 365, 0, 3660, &x), "a huge number refused without overflow");
	ok(!cs_remit_setting("0", 1, 1, 1000000, &x), "min_lines 0 refused");

	/* the median, its count */
	{
		cs_cents	odd[] = {15000, 10000, 12000};
		cs_cents	even[] = {10000, 10001, 20000, 9000};
		cs_cents	two[] = {10000, 10001};
		cs_cents	one[] = {8765};
		cs_cents	zeros[] = {0, 0};
		cs_cents	out = -1;

		ok(cs_remit_allowed(odd, 3, 1, &out) && out == 12000, "odd count: the middle amount");
		ok(cs_remit_allowed(even, 4, 1, &out) && out == 10001, "even count: mean of the middle two, 10000.5 cents half up");
		ok(cs_remit_allowed(two, 2, 2, &out) && out == 10001, "two lines, minimum 2");
		ok(cs_remit_allowed(one, 1, 1, &out) && out == 8765, "one line, minimum 1");
		ok(cs_remit_allowed(zeros, 2, 1, &out) && out == 0, "allowed 0 is an amount");
		out = -1;
		ok(!cs_remit_allowed(one, 1, 2, &out) && out == -1, "fewer lines than the minimum: none");
		ok(!cs_remit_allowed(NULL, 0, 1, &out) && out == -1, "no lines: none");
	}
}
