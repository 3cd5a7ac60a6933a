/*
 * cs_fee.h — the Medicare physician fee schedule formula, computed exactly, and the percentage
 * adjustments applied to its result (75% for clinical social workers, percent-of-Medicare contracts).
 *
 *   amount = round_cents((workRVU * workGPCI + peRVU * peGPCI + mpRVU * mpGPCI) * CF)
 *   paid   = round_cents(amount * percent)
 *
 * The RVUs, GPCIs and the conversion factor are exact decimals given in millionths (the value times
 * 10^6, as the glue's cs_numeric_to_micros() produces): CMS prints RVUs with 2 decimals, GPCIs with 3
 * and the conversion factor with 4, all of which fit. The percentage is given in 10^-12 units, so that
 * a product of shares (a credential's 0.75 times a contract's 1.2345) stays exact. The products are
 * formed in 128-bit integers, so nothing is rounded before the end.
 *
 * Rounding convention (checked against CMS's PFREV25C.txt locality prices, all 109 localities of code
 * 76145 to the cent; see test/unit/test_fee.c): no intermediate rounding of the GPCI-adjusted RVUs or of
 * their sum; the full product is rounded once to the cent, half up. The percentage applies to that
 * rounded fee schedule amount and is itself rounded half up to the cent.
 *
 * Pure C, no allocation, no Postgres.
 */
#ifndef CS_FEE_H
#define CS_FEE_H

#include <stdint.h>

#include "cs_error.h"
#include "cs_money.h"

/* The percentage's unit: CS_FEE_PERCENT_ONE = 100% */
#define CS_FEE_PERCENT_ONE	INT64_C(1000000000000)

/* Limits of the inputs: RVUs, GPCIs and the conversion factor in millionths */
#define CS_FEE_RVU_MAX		(INT64_C(100000) * CS_RATE_ONE)	/* 100000 RVUs */
#define CS_FEE_GPCI_MAX		(INT64_C(10) * CS_RATE_ONE)	/* an index of 10 */
#define CS_FEE_CF_MAX		(INT64_C(10000) * CS_RATE_ONE)	/* $10000 per RVU */
#define CS_FEE_PERCENT_MAX	(INT64_C(10) * CS_FEE_PERCENT_ONE)	/* 1000% */

typedef struct cs_fee_input
{
	int64_t		work_rvu;		/* millionths, 0..CS_FEE_RVU_MAX */
	int64_t		pe_rvu;			/* non-facility or facility PE RVU, as the setting requires */
	int64_t		mp_rvu;
	int64_t		work_gpci;		/* millionths, 0..CS_FEE_GPCI_MAX */
	int64_t		pe_gpci;
	int64_t		mp_gpci;
	int64_t		conversion_factor;	/* millionths, above 0 and at most CS_FEE_CF_MAX */
	int64_t		percent;		/* 10^-12 units: CS_FEE_PERCENT_ONE = 100%; 0..CS_FEE_PERCENT_MAX */
} cs_fee_input;

/* Fill *in with zero RVUs and GPCIs, no conversion factor, and 100% */
void		cs_fee_init(cs_fee_input *in);

/* Check every input against its range; names the first field out of range */
cs_status	cs_fee_check(const cs_fee_input *in, cs_error *err);

/*
 * The fee schedule amount in cents (before the percentage), rounded once, half up. Fails with
 * CS_ERR_RANGE for inputs out of range or an amount above CS_MONEY_MAX.
 */
cs_status	cs_fee_amount(const cs_fee_input *in, cs_cents *out, cs_error *err);

/* amount * percent (10^-12 units), rounded half up to the cent; amount 0..CS_MONEY_MAX */
cs_status	cs_fee_adjust(cs_cents amount, int64_t percent, cs_cents *out, cs_error *err);

/* cs_fee_amount then cs_fee_adjust with in->percent: what is paid */
cs_status	cs_fee_compute(const cs_fee_input *in, cs_cents *out, cs_error *err);

#endif							/* CS_FEE_H */
