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

#include <stdbool.h>
#include <stddef.h>
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

/*
 * The decisions medicare_price and medicare_allowed make around the formula (issue 10: one C path).
 */

/* MAC and locality as CMS prints them or padded: a MAC of 1 to 4 digits is padded to 5 with zeros, a
 * locality of one digit to 2; anything else is kept as
 * given (the caller trims blanks first, as btrim did). Writes a NUL-terminated copy into out (outsize bytes); fails with CS_ERR_RANGE if it does
 * not fit. */
cs_status	cs_fee_norm_mac(const char *mac, char *out, size_t outsize, cs_error *err);
cs_status	cs_fee_norm_locality(const char *loc, char *out, size_t outsize, cs_error *err);

/* Whether an RVU row's status code is priced on the fee schedule: A, R and T only */
bool		cs_fee_status_priced(const char *status);

/* The practice expense RVU of the setting: facility or non-facility */
int64_t		cs_fee_pe_rvu(bool facility, int64_t pe_nonfacility, int64_t pe_facility);

/*
 * The conversion factor: the year's row when there is one, else the RVU file's when not zero; false
 * (no price) when neither. Values in millionths.
 */
bool		cs_fee_conversion_factor(bool have_year, int64_t year_cf, bool have_rvu_cf, int64_t rvu_cf,
									 int64_t *out);

/*
 * The percentage applied once: the credential's share (100% without one) times the contract's percent
 * (100% without one), both in 10^-12 units; the product must be a whole number of 10^-12 units and at
 * most CS_FEE_PERCENT_MAX (CS_ERR_RANGE otherwise).
 */
cs_status	cs_fee_share_percent(bool have_share, int64_t share, bool have_percent, int64_t percent,
								 int64_t *out, cs_error *err);

#endif							/* CS_FEE_H */
