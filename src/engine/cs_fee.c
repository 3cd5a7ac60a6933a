/*
 * cs_fee.c — the Medicare physician fee schedule formula and percentage adjustments (see cs_fee.h).
 */
#include "cs_fee.h"

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
