/*
 * tap.c — the TAP producer and the unit test entry point.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

int			tap_count = 0;
int			tap_failed = 0;

static int
report(int pass, const char *file, int line, const char *fmt, va_list ap)
{
	tap_count++;
	if (!pass)
		tap_failed++;
	printf("%s %d - ", pass ? "ok" : "not ok", tap_count);
	vprintf(fmt, ap);
	printf("\n");
	if (!pass)
		printf("#   at %s line %d\n", file, line);
	return pass;
}

int
tap_ok(int pass, const char *file, int line, const char *fmt,...)
{
	va_list		ap;
	int			r;

	va_start(ap, fmt);
	r = report(pass, file, line, fmt, ap);
	va_end(ap);
	return r;
}

int
tap_is_int(int64_t got, int64_t want, const char *file, int line, const char *fmt,...)
{
	va_list		ap;
	int			r;

	va_start(ap, fmt);
	r = report(got == want, file, line, fmt, ap);
	va_end(ap);
	if (!r)
		printf("#   got: %" PRId64 "\n#   expected: %" PRId64 "\n", got, want);
	return r;
}

int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed == 0 ? 0 : 1;
}

int
main(void)
{
	test_money();
	test_date();
	test_adjudicate();
	test_family();
	test_fee();
	test_x12();
	test_explain();
	test_name();
	test_cob();
	test_csvload();
	test_gfe();
	test_benefit271();
	test_parity();
	test_remit();
	test_nsa();
	test_line();
	test_benefit_terms();
	test_ledger();
	test_plan_max();
	test_eligibility();
	test_price271();
	test_x12_payer();
	return tap_done();
}

char *
tap_exact(const char *s, size_t n)
{
	char	   *b = malloc(n > 0 ? n : 1);

	if (n > 0)
		memcpy(b, s, n);
	return b;
}
