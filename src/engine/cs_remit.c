/*
 * cs_remit.c — the allowed amount from the practice's remittance history: the window of days and the
 * median over it (see cs_remit.h).
 */
#include "cs_remit.h"

#include "cs_benefit271.h"

int64_t
cs_remit_window_start(int64_t service_date, int64_t window_days)
{
	return service_date - window_days;
}

bool
cs_remit_in_window(int64_t line_date, int64_t service_date, int64_t window_days)
{
	return line_date <= service_date && line_date >= cs_remit_window_start(service_date, window_days);
}

bool
cs_remit_setting(const char *s, int64_t def, int64_t min, int64_t max, int64_t *out)
{
	int64_t		v = 0;
	int			digits = 0;

	if (s == NULL || *s == '\0')
	{
		*out = def;
		return true;
	}
	for (; *s != '\0'; s++)
	{
		if (*s < '0' || *s > '9' || ++digits > 9)
			return false;
		v = v * 10 + (*s - '0');
	}
	if (v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool
cs_remit_allowed(cs_cents *v, size_t n, size_t min_lines, cs_cents *out)
{
	if (n == 0 || n < min_lines)
		return false;
	*out = cs_median_cents(v, n);
	return true;
}
