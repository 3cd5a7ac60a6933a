/*
 * cs_nsa.h — the No Surprises Act's protected line (domain.md §5).
 *
 * A protected line (emergency services; a non-emergency out-of-network provider at an in-network
 * facility; air ambulance) is cost-shared as if in network: the in-network benefit and terms, credited
 * to the in-network accumulators, on the recognized amount, with no balance bill. The recognized amount
 * is, in order, an all-payer model amount, a state-law amount, else the lesser of billed and the plan's
 * qualifying payment amount; costshare models the last only (the plan's in-network amount the estimate
 * finds stands for the qualifying payment amount). Whether a line is protected is the caller's to say.
 * Pure C, no allocation, no Postgres.
 */
#ifndef CS_NSA_H
#define CS_NSA_H

#include <stdbool.h>

#include "cs_adjudicate.h"
#include "cs_money.h"

/* The provider's network status for the member's plan on the date */
typedef enum cs_provider_network
{
	CS_PROVIDER_IN = 0,
	CS_PROVIDER_OUT,
	CS_PROVIDER_UNKNOWN			/* no provider given */
} cs_provider_network;

/* How a line is cost-shared */
typedef struct cs_nsa_line
{
	bool		protection_applies; /* protected and out of network: the rule changed the line */
	bool		in_network_benefit; /* price with the in-network benefit row, terms and accumulators */
	cs_network	terms_network;	/* the network of the terms (CS_NETWORK_IN: no balance bill) */
} cs_nsa_line;

/*
 * The cost sharing of a line with a provider of this network status: the provider's own network,
 * unless the line is protected and the provider is out of network (then in network, and
 * protection_applies). A protected line with an in-network provider, or without a provider, is
 * unchanged.
 */
void		cs_nsa_decide(cs_provider_network provider, bool nsa_protected, cs_nsa_line *out);

/*
 * The recognized amount of a protected line: the lesser of billed (CS_ABSENT: not given) and the
 * qualifying payment amount (CS_ABSENT: none known, then none). Negative inputs are the caller's error
 * (amounts are checked on conversion); the result is then CS_ABSENT.
 */
cs_cents	cs_nsa_recognized_amount(cs_cents qualifying_payment, cs_cents billed);

#endif							/* CS_NSA_H */
