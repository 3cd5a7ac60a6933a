/*
 * cs_fee.c — the Medicare physician fee schedule formula and percentage adjustments (see cs_fee.h).
 */
#include "cs_fee.h"

#include <string.h>

#ifndef __SIZEOF_INT128__
#error "cs_fee.c needs a compiler with 128-bit integers (gcc or clang)"
#endif

typedef __int128 cs_i128;

/* 10^16: from scale 10^18 (millionths times millionths times millionths) down to cents */
#define SCALE_TO_CENTS	((cs_i128) 10000000000000000LL)

void
cs_fee_init(cs_fee_input *in)
{
	in->work_rvu = 0;
	in->pe_rvu = 0;
	in->mp_rvu = 0;
	in->work_gpci = 0;
	in->pe_gpci = 0;
	in->mp_gpci = 0;
	in->conversion_factor = 0;
	in->percent = CS_FEE_PERCENT_ONE;
}

static cs_status
check_one(int64_t value, int64_t max, const char *field, const char *limit, cs_error *err)
{
	if (value < 0)
		return cs_fail(err, CS_ERR_RANGE, "fee schedule input must not be negative",
					   "RVUs, GPCIs and percentages are at least 0; check the loaded file.",
					   "%s is negative.", field);
	if (value > max)
		return cs_fail(err, CS_ERR_RANGE, "fee schedule input is out of range",
					   "Check the value: RVUs are at most 100000, GPCIs at most 10, the conversion factor at most 10000 and the percentage at most 10 (1000%).",
					   "%s is above %s.", field, limit);
	return CS_OK;
}

cs_status
cs_fee_check(const cs_fee_input *in, cs_error *err)
{
	if (check_one(in->work_rvu, CS_FEE_RVU_MAX, "work_rvu", "100000", err) ||
		check_one(in->pe_rvu, CS_FEE_RVU_MAX, "pe_rvu", "100000", err) ||
		check_one(in->mp_rvu, CS_FEE_RVU_MAX, "mp_rvu", "100000", err) ||
		check_one(in->work_gpci, CS_FEE_GPCI_MAX, "work_gpci", "10", err) ||
		check_one(in->pe_gpci, CS_FEE_GPCI_MAX, "pe_gpci", "10", err) ||
		check_one(in->mp_gpci, CS_FEE_GPCI_MAX, "mp_gpci", "10", err) ||
		check_one(in->conversion_factor, CS_FEE_CF_MAX, "conversion_factor", "10000", err) ||
		check_one(in->percent, CS_FEE_PERCENT_MAX, "percent", "10", err))
		return err->status;
	if (in->conversion_factor == 0)
		return cs_fail(err, CS_ERR_RANGE, "conversion factor must be above 0",
					   "Give the year's conversion factor in dollars per RVU, for example 32.3465 for 2025.",
					   "conversion_factor is 0.");
	return CS_OK;
}

cs_status
cs_fee_amount(const cs_fee_input *in, cs_cents *out, cs_error *err)
{
	cs_i128		rvus;
	cs_i128		total;
	cs_i128		cents;
	cs_i128		rem;

	if (cs_fee_check(in, err) != CS_OK)
		return err->status;

	/*
	 * Each product is at most 10^11 * 10^7 = 10^18 at scale 10^12 and the sum at most 3 * 10^18; times
	 * the conversion factor (at most 10^10 millionths) it is at most 3 * 10^28 at scale 10^18, far inside
	 * the 1.7 * 10^38 of a signed 128-bit integer. All terms are non-negative.
	 */
	rvus = (cs_i128) in->work_rvu * in->work_gpci +
		(cs_i128) in->pe_rvu * in->pe_gpci +
		(cs_i128) in->mp_rvu * in->mp_gpci;
	total = rvus * in->conversion_factor;

	/* one rounding, half up, from scale 10^18 to cents */
	cents = total / SCALE_TO_CENTS;
	rem = total % SCALE_TO_CENTS;
	if (2 * rem >= SCALE_TO_CENTS)
		cents++;
	if (cents > CS_MONEY_MAX)
		return cs_fail(err, CS_ERR_RANGE, "fee schedule amount is too large",
					   "A single amount can be at most 1000000000.00; check the RVUs and the conversion factor.",
					   "The computed amount is above 1000000000.00.");
	*out = (cs_cents) cents;
	return CS_OK;
}

cs_status
cs_fee_adjust(cs_cents amount, int64_t percent, cs_cents *out, cs_error *err)
{
	cs_i128		product;
	cs_i128		r;

	if (amount < 0 || amount > CS_MONEY_MAX)
		return cs_fail(err, CS_ERR_RANGE, "fee schedule amount is out of range",
					   "Amounts are from 0 to 1000000000.00.",
					   "The amount to adjust is outside 0..1000000000.00.");
	if (check_one(percent, CS_FEE_PERCENT_MAX, "percent", "10", err) != CS_OK)
		return err->status;
	/* amount <= 10^11 and percent <= 10^13: the product is at most 10^24; half up to the cent */
	product = (cs_i128) amount * percent;
	r = product / CS_FEE_PERCENT_ONE;
	if (2 * (product % CS_FEE_PERCENT_ONE) >= CS_FEE_PERCENT_ONE)
		r++;
	if (r > CS_MONEY_MAX)
		return cs_fail(err, CS_ERR_RANGE, "fee schedule amount is too large",
					   "A single amount can be at most 1000000000.00; check the percentage.",
					   "The adjusted amount is above 1000000000.00.");
	*out = (cs_cents) r;
	return CS_OK;
}

cs_status
cs_fee_compute(const cs_fee_input *in, cs_cents *out, cs_error *err)
{
	cs_cents	amount;

	if (cs_fee_amount(in, &amount, err) != CS_OK)
		return err->status;
	return cs_fee_adjust(amount, in->percent, out, err);
}

static bool
all_digits(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* pad s with leading zeros to width when it is 1..maxdigits digits, else copy it */
static cs_status
pad_digits(const char *s, size_t maxdigits, size_t width, char *out, size_t outsize, cs_error *err)
{
	size_t		len = strlen(s);
	size_t		pad = 0;

	if (len >= 1 && len <= maxdigits && all_digits(s, len))
		pad = width - len;
	if (pad + len + 1 > outsize)
		return cs_fail(err, CS_ERR_RANGE, "locality identifier is too long",
					   "A MAC has 5 digits and a locality 2; check the provider's locality.",
					   "The identifier has %zu characters.", len);
	memset(out, '0', pad);
	memcpy(out + pad, s, len + 1);
	return CS_OK;
}

cs_status
cs_fee_norm_mac(const char *mac, char *out, size_t outsize, cs_error *err)
{
	return pad_digits(mac, 4, 5, out, outsize, err);
}

cs_status
cs_fee_norm_locality(const char *loc, char *out, size_t outsize, cs_error *err)
{
	return pad_digits(loc, 1, 2, out, outsize, err);
}

bool
cs_fee_status_priced(const char *status)
{
	return status != NULL &&
		(strcmp(status, "A") == 0 || strcmp(status, "R") == 0 || strcmp(status, "T") == 0);
}

int64_t
cs_fee_pe_rvu(bool facility, int64_t pe_nonfacility, int64_t pe_facility)
{
	return facility ? pe_facility : pe_nonfacility;
}

bool
cs_fee_conversion_factor(bool have_year, int64_t year_cf, bool have_rvu_cf, int64_t rvu_cf, int64_t *out)
{
	if (have_year)
	{
		*out = year_cf;
		return true;
	}
	if (have_rvu_cf && rvu_cf != 0)
	{
		*out = rvu_cf;
		return true;
	}
	return false;
}

cs_status
cs_fee_share_percent(bool have_share, int64_t share, bool have_percent, int64_t percent,
					 int64_t *out, cs_error *err)
{
	cs_i128		a = have_share ? share : CS_FEE_PERCENT_ONE;
	cs_i128		b = have_percent ? percent : CS_FEE_PERCENT_ONE;
	cs_i128		p;

	if (a < 0 || b < 0)
		return cs_fail(err, CS_ERR_RANGE, "fee schedule input must not be negative",
					   "RVUs, GPCIs and percentages are at least 0; check the loaded file.",
					   "percent is negative.");
	/* each at most about 9.2 * 10^18: the product fits a signed 128-bit integer */
	p = a * b;
	if (p % CS_FEE_PERCENT_ONE != 0)
		return cs_fail(err, CS_ERR_RANGE, "percent has more than twelve decimal places",
					   "Give the percentage with at most twelve decimals.",
					   "percent is not a whole number of 10^-12 units.");
	p /= CS_FEE_PERCENT_ONE;
	if (p > CS_FEE_PERCENT_MAX)
		return cs_fail(err, CS_ERR_RANGE, "fee schedule input is out of range",
					   "Check the value: RVUs are at most 100000, GPCIs at most 10, the conversion factor at most 10000 and the percentage at most 10 (1000%).",
					   "percent is above 10.");
	*out = (int64_t) p;
	return CS_OK;
}
