/*
 * cs_remit.h — the allowed amount from the practice's own remittance history (issue 11): when no fee
 * row prices a line, the median of the allowed amounts of the posted 835 lines of the same payer, code
 * (and provider) over a window of days before the date of service.  The window, the settings' values
 * and the median's minimum count are decided here; the glue only finds the ledger lines.  Pure C, no
 * Postgres.
 */
#ifndef CS_REMIT_H
#define CS_REMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_money.h"

/* costshare.remittance_window_days: default and range (days) */
#define CS_REMIT_WINDOW_DEFAULT	365
#define CS_REMIT_WINDOW_MAX		3660
/* costshare.remittance_min_lines: default and range */
#define CS_REMIT_MIN_LINES_DEFAULT 1
#define CS_REMIT_MIN_LINES_MAX	1000000

/*
 * The first date (days) of the window of a service on service_date: service_date - window_days.
 * A line counts when window_start <= its date of service <= service_date: a line on the date of
 * service itself counts, a line after it never does, and with the default 365 days a line 365 days
 * before counts while one 366 days before does not.
 */
int64_t		cs_remit_window_start(int64_t service_date, int64_t window_days);
bool		cs_remit_in_window(int64_t line_date, int64_t service_date, int64_t window_days);

/*
 * A setting's text as a whole number within [min, max]: NULL or "" gives def; else decimal digits only
 * (no sign, no spaces, at most 9 digits).  Returns false (and leaves *out alone) when the text is not
 * such a number or is out of range.
 */
bool		cs_remit_setting(const char *s, int64_t def, int64_t min, int64_t max, int64_t *out);

/*
 * The allowed amount from n remitted allowed amounts (each 0..CS_MONEY_MAX; sorted in place): their
 * median (an even count takes the mean of the two middle ones, rounded half up to the cent) when there
 * are at least min_lines of them (min_lines >= 1), else none (false).
 */
bool		cs_remit_allowed(cs_cents *v, size_t n, size_t min_lines, cs_cents *out);

#endif							/* CS_REMIT_H */
