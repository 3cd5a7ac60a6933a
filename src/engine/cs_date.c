/*
 * cs_date.c — calendar arithmetic for benefit periods (see cs_date.h).
 *
 * Day numbers use the days-from-civil method: shift the year to start on March 1 so the leap day is the
 * last day of the shifted year, then count whole 400-year eras (146097 days each).
 */
#include "cs_date.h"

/* Day number of 2000-01-01 counted from 0000-03-01 */
#define CS_EPOCH_SHIFT 730425

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t		q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

cs_date
cs_date_from_ymd(int year, int month, int day)
{
	int64_t		y = year - (month <= 2 ? 1 : 0);
	int64_t		era = floor_div(y, 400);
	int64_t		yoe = y - era * 400;	/* 0..399 */
	int64_t		mp = (month + 9) % 12;	/* March = 0 */
	int64_t		doy = (153 * mp + 2) / 5 + day - 1;
	int64_t		doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (cs_date) (era * 146097 + doe - CS_EPOCH_SHIFT);
}

void
cs_date_to_ymd(cs_date d, int *year, int *month, int *day)
{
	int64_t		z = (int64_t) d + CS_EPOCH_SHIFT;
	int64_t		era = floor_div(z, 146097);
	int64_t		doe = z - era * 146097;
	int64_t		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t		mp = (5 * doy + 2) / 153;
	int64_t		m = mp < 10 ? mp + 3 : mp - 9;

	*day = (int) (doy - (153 * mp + 2) / 5 + 1);
	*month = (int) m;
	*year = (int) (yoe + era * 400 + (m <= 2 ? 1 : 0));
}

bool
cs_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
cs_days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month == 2 && cs_is_leap(year))
		return 29;
	return days[month - 1];
}

cs_date
cs_anniversary(int year, int month, int day)
{
	int			last = cs_days_in_month(year, month);

	return cs_date_from_ymd(year, month, day > last ? last : day);
}

cs_date
cs_period_start(cs_date d, int month, int day, cs_date *next)
{
	int			y,
				m,
				dd;
	cs_date		start;

	cs_date_to_ymd(d, &y, &m, &dd);
	start = cs_anniversary(y, month, day);
	if (start > d)
	{
		*next = start;
		return cs_anniversary(y - 1, month, day);
	}
	*next = cs_anniversary(y + 1, month, day);
	return start;
}

cs_date
cs_minus_months(cs_date d, int months)
{
	int			y,
				m,
				dd;
	int			total;

	cs_date_to_ymd(d, &y, &m, &dd);
	total = y * 12 + (m - 1) - months;
	y = (int) floor_div(total, 12);
	m = total - y * 12 + 1;
	return cs_anniversary(y, m, dd);
}

cs_date
cs_carryover_from(cs_date period_start)
{
	return cs_minus_months(period_start, 3);
}

bool
cs_in_rolling_window(cs_date v, cs_date d, int32_t days)
{
	if (days <= 0)
		return false;
	/* in int64: d - days cannot overflow */
	return (int64_t) v > (int64_t) d - days && v <= d;
}
