/*
 * tap.h — a minimal TAP producer for the engine unit tests (read by prove).
 */
#ifndef CS_TAP_H
#define CS_TAP_H

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>

extern int	tap_count;
extern int	tap_failed;

#define ok(cond, ...) tap_ok((cond) ? 1 : 0, __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) \
	tap_is_int((int64_t) (got), (int64_t) (want), __FILE__, __LINE__, __VA_ARGS__)

int			tap_ok(int pass, const char *file, int line, const char *fmt,...)
			__attribute__((format(printf, 4, 5)));
int			tap_is_int(int64_t got, int64_t want, const char *file, int line, const char *fmt,...)
			__attribute__((format(printf, 5, 6)));
int			tap_done(void);

/* A malloc'd copy of s in a buffer of exactly its length, no terminator (for readers that must not
 * look past it); the caller frees it */
char	   *tap_exact(const char *s, size_t n);

/* the test groups, one per engine file */
void		test_money(void);
void		test_date(void);
void		test_adjudicate(void);
void		test_family(void);
void		test_fee(void);
void		test_x12(void);
void		test_explain(void);
void		test_name(void);
void		test_gfe(void);
void		test_cob(void);
void		test_benefit_terms(void);
void		test_csvload(void);
void		test_benefit271(void);
void		test_remit(void);
void		test_parity(void);
void		test_nsa(void);
void		test_line(void);
void		test_ledger(void);
void		test_plan_max(void);
void		test_eligibility(void);
void		test_price271(void);
void		test_x12_payer(void);

#endif
