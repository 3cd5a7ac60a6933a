/*
 * cs_date.h — calendar arithmetic for benefit periods.
 *
 * Dates are int32 day numbers counted from 2000-01-01 (day 0), the same origin Postgres uses for its
 * date type, so the glue passes DateADT through unchanged. Proleptic Gregorian calendar.
 */
#ifndef CS_DATE_H
#define CS_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t cs_date;

/* Day number <-> year, month (1..12), day (1..31) */
cs_date		cs_date_from_ymd(int year, int month, int day);
void		cs_date_to_ymd(cs_date d, int *year, int *month, int *day);

bool		cs_is_leap(int year);
int			cs_days_in_month(int year, int month);

/*
 * The anniversary of month/day in a year: Feb 29 falls on Feb 28 in other years.
 */
cs_date		cs_anniversary(int year, int month, int day);

/*
 * The start of the benefit period containing d, for periods starting each year on month/day
 * (1/1 = calendar year); *next receives the start of the following period.
 */
cs_date		cs_period_start(cs_date d, int month, int day, cs_date *next);

/* The date months before d (same day of month, clamped to the month's end) */
cs_date		cs_minus_months(cs_date d, int months);

/*
 * The first day of the fourth-quarter carryover window before a benefit period starting on
 * period_start: deductible credited on or after it and before period_start carries into the period
 * (plans with carryover). Three months before the start, clamped like cs_minus_months.
 */
cs_date		cs_carryover_from(cs_date period_start);

/*
 * Whether a visit on day v counts toward a limit "N visits in any `days` days" for a visit on day d:
 * the window is the `days` days ending on d, (d - days, d]. days <= 0: no window (false).
 */
bool		cs_in_rolling_window(cs_date v, cs_date d, int32_t days);

#endif							/* CS_DATE_H */
