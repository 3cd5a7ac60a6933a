/*
 * cs_nsa.c — the No Surprises Act's protected line (see cs_nsa.h, domain.md §5).
 */
#include "cs_nsa.h"

void
cs_nsa_decide(cs_provider_network provider, bool nsa_protected, cs_nsa_line *out)
{
	out->protection_applies = nsa_protected && provider == CS_PROVIDER_OUT;
	/* out of network and not protected: the out-of-network benefit, terms (balance bill) and bucket */
	out->in_network_benefit = provider != CS_PROVIDER_OUT || out->protection_applies;
	out->terms_network = out->in_network_benefit ? CS_NETWORK_IN : CS_NETWORK_OUT;
}

cs_cents
cs_nsa_recognized_amount(cs_cents qualifying_payment, cs_cents billed)
{
	if (qualifying_payment < 0 || (billed < 0 && billed != CS_ABSENT))
		return CS_ABSENT;
	if (billed != CS_ABSENT && billed < qualifying_payment)
		return billed;
	return qualifying_payment;
}
