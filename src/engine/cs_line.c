/*
 * cs_line.c — the decisions of one line's context (see cs_line.h).
 */
#include "cs_line.h"

#include <string.h>

bool
cs_line_telehealth_modifier(const char *modifier, size_t len)
{
	return len == 2 && modifier != NULL &&
		(memcmp(modifier, "95", 2) == 0 || memcmp(modifier, "93", 2) == 0 || memcmp(modifier, "GT", 2) == 0);
}

bool
cs_line_telehealth(bool pos_telehealth, const char *modifier, size_t len)
{
	return pos_telehealth || cs_line_telehealth_modifier(modifier, len);
}

int
cs_line_code_row_rank(bool pos_any, bool pos_match, bool mod_any, bool mod_match)
{
	if (!(pos_any || pos_match) || !(mod_any || mod_match))
		return -1;
	return (pos_any ? 0 : 2) + (mod_any ? 0 : 1);
}

int
cs_fee_row_rank(const cs_fee_row_facts *f)
{
	if ((f->plan_stated && !f->plan_match) || (f->modifier_stated && !f->modifier_match) ||
		(f->facility_stated && !f->facility_match) || (f->credential_stated && !f->credential_match) ||
		(f->state_stated && !f->state_match) || !f->valid_on_date)
		return -1;
	return (f->plan_stated ? 16 : 0) + (f->modifier_stated ? 8 : 0) + (f->credential_stated ? 4 : 0) +
		(f->facility_stated ? 2 : 0) + (f->state_stated ? 1 : 0);
}

int
cs_allowed_sources(bool fee_row, bool fee_amount, bool medicare_plan, cs_allowed_source *out)
{
	int			n = 0;

	if (fee_row && fee_amount)
	{
		out[n++] = CS_ALLOWED_FEE_SCHEDULE;		/* a stated amount: nothing else is consulted */
		return n;
	}
	if (fee_row)
		out[n++] = CS_ALLOWED_PERCENT_OF_MEDICARE;
	/* no amount yet: Medicare's own schedule for a Medicare plan, else what the payer has paid */
	out[n++] = medicare_plan ? CS_ALLOWED_MEDICARE_FEE_SCHEDULE : CS_ALLOWED_REMITTANCE_HISTORY;
	return n;
}

const char *
cs_allowed_source_word(cs_allowed_source s)
{
	switch (s)
	{
		case CS_ALLOWED_FEE_SCHEDULE:
			return "fee_schedule";
		case CS_ALLOWED_PERCENT_OF_MEDICARE:
			return "percent_of_medicare";
		case CS_ALLOWED_MEDICARE_FEE_SCHEDULE:
			return "medicare_fee_schedule";
		case CS_ALLOWED_REMITTANCE_HISTORY:
			return "remittance_history";
	}
	return "unknown";
}

bool
cs_line_uses_telehealth_copay(bool telehealth, bool telehealth_copay_stated)
{
	return telehealth && telehealth_copay_stated;
}

cs_line_benefit
cs_line_benefit_of(bool has_in_row, bool has_out_row, bool in_network_benefit)
{
	if (in_network_benefit)
		return has_in_row ? CS_LINE_BENEFIT_IN_ROW : CS_LINE_BENEFIT_NONE;
	if (has_out_row)
		return CS_LINE_BENEFIT_OUT_ROW;
	return has_in_row ? CS_LINE_BENEFIT_IN_NETWORK_ONLY : CS_LINE_BENEFIT_NONE;
}

bool
cs_line_covered(bool covered, bool telehealth, bool telehealth_allowed)
{
	return covered && !(telehealth && !telehealth_allowed);
}

int
cs_line_reasons(const cs_line_facts *f, const char **out)
{
	int			n = 0;

	if (f->network_out)
		out[n++] = "out_of_network";
	if (f->nsa_applies)
		out[n++] = "nsa_protected";
	if (f->have_terms && !f->allowed_known)
		out[n++] = "no_fee_schedule";
	if (f->plan_paid_unknown)
		out[n++] = "plan_paid_unknown";
	if (f->cob_unverified)
		out[n++] = "cob_order_unverified";
	return n;
}

bool
cs_ledger_status_counts(const char *status, size_t len)
{
	return status != NULL &&
		((len == 7 && memcmp(status, "pending", 7) == 0) || (len == 5 && memcmp(status, "final", 5) == 0));
}

bool
cs_source_policy_prefers_271(bool own_stated, bool own_prefers, bool payer_stated, bool payer_prefers)
{
	if (own_stated)
		return own_prefers;
	return payer_stated && payer_prefers;
}

bool
cs_line_priceable(const cs_line_facts *f)
{
	return f->have_terms && f->allowed_known && f->status != CS_ELIG_UNKNOWN &&
		f->status != CS_ELIG_CARVED_OUT && !f->age_limit;
}
