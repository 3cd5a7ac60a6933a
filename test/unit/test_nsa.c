/*
 * test_nsa.c — the No Surprises Act's protected line (domain.md §5): which network's benefit and terms
 * price it, the recognized amount, and the line adjudicated on it (in-network cost sharing, no balance
 * bill) against the same line unprotected (out-of-network terms plus the balance bill).
 */
#include <string.h>

#include "cs_adjudicate.h"
#include "cs_nsa.h"
#include "tap.h"

#define D(x) ((cs_cents) (x) * 100)	/* whole dollars -> cents */

static void
decisions(void)
{
	cs_nsa_line l;

	cs_nsa_decide(CS_PROVIDER_OUT, false, &l);
	ok(!l.protection_applies && !l.in_network_benefit && l.terms_network == CS_NETWORK_OUT,
	   "out of network, not protected: the out-of-network benefit and terms");
	cs_nsa_decide(CS_PROVIDER_OUT, true, &l);
	ok(l.protection_applies && l.in_network_benefit && l.terms_network == CS_NETWORK_IN,
	   "out of network, protected: the in-network benefit and terms, and the rule applies");
	cs_nsa_decide(CS_PROVIDER_IN, true, &l);
	ok(!l.protection_applies && l.in_network_benefit && l.terms_network == CS_NETWORK_IN,
	   "in network, protected: unchanged, the rule does not apply");
	cs_nsa_decide(CS_PROVIDER_IN, false, &l);
	ok(!l.protection_applies && l.in_network_benefit, "in network, not protected: in network");
	cs_nsa_decide(CS_PROVIDER_UNKNOWN, true, &l);
	ok(!l.protection_applies && l.in_network_benefit, "no provider, protected: unchanged (in-network benefit)");
	cs_nsa_decide(CS_PROVIDER_UNKNOWN, false, &l);
	ok(!l.protection_applies && l.in_network_benefit, "no provider, not protected: in-network benefit");
}

static void
recognized(void)
{
	is_int(cs_nsa_recognized_amount(D(120), D(300)), D(120), "billed above the QPA: the QPA");
	is_int(cs_nsa_recognized_amount(D(120), D(100)), D(100), "billed below the QPA: billed");
	is_int(cs_nsa_recognized_amount(D(120), D(120)), D(120), "billed equal to the QPA: either");
	is_int(cs_nsa_recognized_amount(D(120), CS_ABSENT), D(120), "no billed amount: the QPA");
	is_int(cs_nsa_recognized_amount(12345, 12344), 12344, "to the cent");
	is_int(cs_nsa_recognized_amount(CS_ABSENT, D(100)), CS_ABSENT, "no QPA: none");
	is_int(cs_nsa_recognized_amount(D(120), 0), 0, "a zero charge: zero");
	is_int(cs_nsa_recognized_amount(D(120), -5), CS_ABSENT, "a negative charge: refused (none)");
}

/* the ACME-PPO shape: in network $30 copay, no deductible; out of network deductible then 40% */
static void
adjudicated(void)
{
	cs_terms	in,
				out;
	cs_accum	a;
	cs_result	r;
	cs_error	err;
	cs_nsa_line l;
	cs_cents	qpa = D(120),
				billed = D(300);

	memset(&a, 0, sizeof(a));
	cs_terms_init(&in);
	in.copay = D(30);
	in.deductible_applies = false;
	in.network = CS_NETWORK_IN;
	cs_terms_init(&out);
	out.coinsurance = 400000;
	out.ded_individual = D(1000);
	out.network = CS_NETWORK_OUT;

	/* unprotected: out-of-network terms; the allowed amount all to the deductible, plus the balance bill */
	cs_nsa_decide(CS_PROVIDER_OUT, false, &l);
	is_int(cs_adjudicate(qpa, l.in_network_benefit ? &in : &out, &a, billed, false, &r, &err), CS_OK,
		   "unprotected line adjudicates");
	is_int(r.deductible, D(120), "unprotected: the deductible takes the allowed amount");
	is_int(r.balance_bill, D(180), "unprotected: balance bill billed - allowed");
	is_int(r.patient_pays, D(300), "unprotected: the patient pays the whole charge");

	/* protected: in-network terms on the recognized amount, no balance bill */
	cs_nsa_decide(CS_PROVIDER_OUT, true, &l);
	is_int(cs_adjudicate(qpa, l.in_network_benefit ? &in : &out, &a, billed, false, &r, &err), CS_OK,
		   "protected line adjudicates");
	is_int(r.allowed, cs_nsa_recognized_amount(qpa, billed), "protected: adjudicated on the recognized amount");
	is_int(r.copay, D(30), "protected: the in-network copay");
	is_int(r.deductible, 0, "protected: no out-of-network deductible");
	is_int(r.balance_bill, 0, "protected: no balance bill");
	is_int(r.patient_pays, D(30), "protected: the patient pays the in-network copay only");
	is_int(r.plan_pays, D(90), "protected: the plan pays the rest of the recognized amount");

	/* protected, billed below the QPA: the recognized amount is the charge */
	is_int(cs_adjudicate(qpa, &in, &a, D(100), false, &r, &err), CS_OK, "protected, low charge, adjudicates");
	is_int(r.allowed, cs_nsa_recognized_amount(qpa, D(100)), "protected, low charge: recognized amount = billed");
	ok(r.allowed_from_charge, "protected, low charge: priced on the charge");
	is_int(r.balance_bill, 0, "protected, low charge: no balance bill");
}

void
test_nsa(void)
{
	decisions();
	recognized();
	adjudicated();
}
