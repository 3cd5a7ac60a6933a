/*
 * test_explain.c — patient-facing explanations: locale resolution and fallback, which sentences each
 * case gets (copay, deductible met or left, coinsurance, rate once met, out-of-pocket maximum,
 * balance bill, out of network, visits left, not covered, visit limit, prior authorization, the
 * statuses that stop an estimate), the exact texts in English and Spanish with ICU's money and
 * plural formatting (0/1/2 visits, grouping of large amounts), the generated catalogs matching the
 * engine, and the error paths (text too long).
 */
#include <string.h>

#include "cs_explain.h"
#include "tap.h"

#define NBSP "\302\240"			/* U+00A0, ICU's space between amount and currency in Spanish */

static cs_error err;
static char text[4096];
static char used[32];

static const char *
resolve(const char *tag)
{
	static char out[32];

	cs_explain_resolve_locale(tag, tag ? strlen(tag) : 0, out, sizeof(out));
	return out;
}

static const char *
say(const cs_explain_facts *f, const char *locale)
{
	if (cs_explain(f, locale, strlen(locale), text, sizeof(text), used, sizeof(used), &err) != CS_OK)
		return err.message;
	return text;
}

static void
is_text(const char *got, const char *want, const char *name)
{
	if (!ok(strcmp(got, want) == 0, "%s", name))
		printf("#   got:      %s\n#   expected: %s\n", got, want);
}

/* a priced line, all zero */
static cs_explain_facts
line(void)
{
	cs_explain_facts f;

	cs_explain_facts_init(&f);
	f.priced = true;
	return f;
}

static cs_terms
hdhp(void)
{
	cs_terms	t;

	cs_terms_init(&t);
	t.ded_individual = 150000;
	t.coinsurance = 200000;
	t.oop_individual = 500000;
	return t;
}

static void
test_locales(void)
{
	static const struct
	{
		const char *tag;
		const char *want;
	}			cases[] = {
		{NULL, "en-US"}, {"", "en-US"}, {"en", "en-US"}, {"en-US", "en-US"}, {"en-GB", "en-GB"},
		{"es", "es"}, {"es-MX", "es-MX"}, {"es_MX", "es-MX"}, {"ES-mx", "es-MX"}, {"es-US", "es-US"},
		{"es-419", "es-419"}, {"es-ZZ", "es"},	/* a region ICU has no data for: the language's default */
		{"es-MX-u-nu-arab", "es-MX"},	/* extensions are dropped: the numbers stay Latin */
		{"fr", "en-US"}, {"fr-FR", "en-US"}, {"zh-Hant-TW", "en-US"},	/* no catalog */
		{"xx", "en-US"}, {"!!", "en-US"}, {"es MX", "en-US"}, {"-", "en-US"}, {"es-", "en-US"},
		{"this-is-not-a-locale-tag-at-all-and-it-goes-on-for-far-too-long-x", "en-US"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_text(resolve(cases[i].tag), cases[i].want, cases[i].tag ? cases[i].tag : "NULL locale");
	/* the catalog follows the language */
	{
		char		out[32];

		ok(strcmp(cs_explain_resolve_locale("es-MX", 5, out, sizeof(out))->language, "es") == 0,
		   "es-MX gets the Spanish catalog");
		ok(strcmp(cs_explain_resolve_locale("de", 2, out, sizeof(out))->language, "en") == 0,
		   "de gets the English catalog");
		/* a small output buffer is truncated, not overrun */
		cs_explain_resolve_locale("es-MX", 5, out, 3);
		is_text(out, "es", "locale_out truncated to its capacity");
	}
}

static void
test_catalogs(void)
{
	cs_msg		m;

	is_int(cs_n_catalog_keys, CS_MSG_COUNT, "msg/en.txt has one key per message");
	ok(cs_n_catalogs >= 2 && strcmp(cs_catalogs[0].language, "en") == 0, "English first, Spanish too");
	for (int id = 0; id < CS_MSG_COUNT; id++)
		ok(cs_msg_signature[id] != NULL && strcmp(cs_msg_signature[id], cs_msg_expected_signature[id]) == 0,
		   "message %d: the catalog's arguments are the engine's", id);

	/* every message renders in every catalog with arguments of its kinds */
	for (int c = 0; c < cs_n_catalogs; c++)
		for (int id = 0; id < CS_MSG_COUNT; id++)
		{
			const char *sig = cs_msg_expected_signature[id];

			memset(&m, 0, sizeof(m));
			m.id = (cs_msg_id) id;
			m.n_args = (int) strlen(sig);
			for (int a = 0; a < m.n_args; a++)
			{
				m.kind[a] = sig[a] == 'p' ? CS_ARG_COUNT : (a == 0 ? CS_ARG_MONEY : CS_ARG_RATE);
				m.value[a] = sig[a] == 'p' ? 3 : 12345;
			}
			ok(cs_explain_render(&m, 1, cs_catalogs[c].language, strlen(cs_catalogs[c].language), text,
								 sizeof(text), used, sizeof(used), &err) == CS_OK && text[0] != '\0'
			   && strchr(text, '{') == NULL,
			   "message %d renders in %s", id, cs_catalogs[c].language);
		}

	/* the engine refuses to pass arguments the catalog does not take */
	memset(&m, 0, sizeof(m));
	m.id = CS_MSG_VISITS_LEFT;
	m.n_args = 1;
	m.kind[0] = CS_ARG_MONEY;
	ok(cs_explain_render(&m, 1, "en", 2, text, sizeof(text), used, sizeof(used), &err) == CS_ERR_LIBRARY,
	   "money passed to a count is refused");
	m.id = CS_MSG_TOTAL;
	ok(cs_explain_render(&m, 1, "en", 2, text, sizeof(text), used, sizeof(used), &err) == CS_ERR_LIBRARY,
	   "one argument passed to a two-argument message is refused");
}

static void
test_copay_and_visits(void)
{
	cs_explain_facts f = line();
	cs_terms	t;

	/* Acme PPO therapy: 25.00 copay, deductible waived, 20-visit limit */
	cs_terms_init(&t);
	t.copay = 2500;
	t.deductible_applies = false;
	t.visit_limit = 20;
	f.terms = &t;
	f.has_acc_after = true;
	f.allowed = 16500;
	f.copay = 2500;
	f.patient_pays = 2500;
	f.plan_pays = 14000;
	f.reasons = CS_REASON_COPAY;

	f.acc_after.visits_used = 18;
	is_text(say(&f, "en-US"),
			"You pay $25.00 for this visit; your plan pays $140.00. $25.00 of it is your copay. "
			"You have 2 covered visits left this benefit period.", "copay, 2 visits left (en)");
	is_text(used, "en-US", "locale used: en-US");
	is_text(say(&f, "es"),
			"Usted paga 25,00" NBSP "US$ por esta consulta; su plan paga 140,00" NBSP "US$. "
			"25,00" NBSP "US$ corresponde a su copago. Le quedan 2 consultas cubiertas en este período de beneficios.",
			"copay, 2 visits left (es)");
	is_text(used, "es", "locale used: es");
	f.acc_after.visits_used = 19;
	is_text(say(&f, "en"),
			"You pay $25.00 for this visit; your plan pays $140.00. $25.00 of it is your copay. "
			"You have 1 covered visit left this benefit period.", "1 visit left (en)");
	is_text(say(&f, "es-ES"),
			"Usted paga 25,00" NBSP "US$ por esta consulta; su plan paga 140,00" NBSP "US$. "
			"25,00" NBSP "US$ corresponde a su copago. Le queda 1 consulta cubierta en este período de beneficios.",
			"1 visit left (es-ES)");
	f.acc_after.visits_used = 20;
	is_text(say(&f, "en-US"),
			"You pay $25.00 for this visit; your plan pays $140.00. $25.00 of it is your copay. "
			"You have no covered visits left this benefit period.", "0 visits left (en)");
	is_text(say(&f, "es"),
			"Usted paga 25,00" NBSP "US$ por esta consulta; su plan paga 140,00" NBSP "US$. "
			"25,00" NBSP "US$ corresponde a su copago. No le quedan consultas cubiertas en este período de beneficios.",
			"0 visits left (es)");
	/* an unknown locale falls back to en-US and says so */
	f.acc_after.visits_used = 18;
	is_text(say(&f, "fr-CA"),
			"You pay $25.00 for this visit; your plan pays $140.00. $25.00 of it is your copay. "
			"You have 2 covered visits left this benefit period.", "fr-CA falls back to English");
	is_text(used, "en-US", "fr-CA: locale used en-US");
	/* es-MX: Spanish words, Mexican conventions for US dollars */
	is_text(say(&f, "es-MX"),
			"Usted paga USD" NBSP "25.00 por esta consulta; su plan paga USD" NBSP "140.00. "
			"USD" NBSP "25.00 corresponde a su copago. Le quedan 2 consultas cubiertas en este período de beneficios.",
			"es-MX: Mexican number conventions");
	is_text(used, "es-MX", "locale used: es-MX");

	/* without terms (a bare estimate): no visit count, the copay still explained */
	f.terms = NULL;
	is_text(say(&f, "en-US"), "You pay $25.00 for this visit; your plan pays $140.00. $25.00 of it is your copay.",
			"no terms: no visit count");
}

static void
test_deductible_coinsurance(void)
{
	cs_explain_facts f = line();
	cs_terms	t = hdhp();

	f.terms = &t;
	f.has_acc_after = true;

	/* the sentence: 150.00 toward a 1,500.00 deductible, 20% after */
	f.allowed = 15000;
	f.deductible = 15000;
	f.patient_pays = 15000;
	f.plan_pays = 0;
	f.reasons = CS_REASON_DEDUCTIBLE;
	f.acc_after.ded_individual_met = 15000;
	f.acc_after.oop_individual_met = 15000;
	f.acc_after.visits_used = 1;
	is_text(say(&f, "en-US"),
			"You pay $150.00 for this visit; your plan pays nothing. $150.00 goes toward your $1,500.00 deductible; "
			"$1,350.00 of it is left after this visit. Once your deductible is met you pay 20%.",
			"deductible left, rate once met (en)");
	is_text(say(&f, "es"),
			"Usted paga 150,00" NBSP "US$ por esta consulta; su plan no paga nada. 150,00" NBSP
			"US$ se aplica a su deducible de 1500,00" NBSP "US$; después de esta consulta le quedan 1350,00" NBSP
			"US$ por cubrir. Una vez cubierto su deducible, usted paga el 20" NBSP "%.",
			"deductible left, rate once met (es: no grouping below 10,000)");

	/* the deductible finishes in this line, then 20% of the rest */
	f.allowed = 18000;
	f.deductible = 12000;
	f.coinsurance = 1200;
	f.patient_pays = 13200;
	f.plan_pays = 4800;
	f.reasons = CS_REASON_DEDUCTIBLE | CS_REASON_COINSURANCE;
	f.acc_after.ded_individual_met = 150000;
	f.acc_after.oop_individual_met = 151200;
	is_text(say(&f, "en-US"),
			"You pay $132.00 for this visit; your plan pays $48.00. $120.00 goes toward your $1,500.00 deductible, "
			"which is now met. After that you pay 20% of the rest: $12.00.", "deductible met, then 20% (en)");
	is_text(say(&f, "es-US"),
			"Usted paga $132.00 por esta consulta; su plan paga $48.00. $120.00 se aplica a su deducible de "
			"$1,500.00, que con esto queda cubierto. Después, usted paga el 20" NBSP "% del resto: $12.00.",
			"deductible met, then 20% (es-US)");

	/* coinsurance alone, an odd rate */
	t.coinsurance = 333333;
	f.deductible = 0;
	f.allowed = 10000;
	f.coinsurance = 3333;
	f.patient_pays = 3333;
	f.plan_pays = 6667;
	f.reasons = CS_REASON_COINSURANCE;
	is_text(say(&f, "en-US"),
			"You pay $33.33 for this visit; your plan pays $66.67. You pay 33.3333% of the cost as coinsurance: $33.33.",
			"coinsurance only, exact rate (en)");
	is_text(say(&f, "es"),
			"Usted paga 33,33" NBSP "US$ por esta consulta; su plan paga 66,67" NBSP "US$. Usted paga el 33,3333"
			NBSP "% del costo como coseguro: 33,33" NBSP "US$.", "coinsurance only (es)");

	/* without terms: amounts only */
	f.terms = NULL;
	f.deductible = 5000;
	f.coinsurance = 1000;
	f.patient_pays = 6000;
	f.plan_pays = 4000;
	is_text(say(&f, "en-US"),
			"You pay $60.00 for this visit; your plan pays $40.00. $50.00 goes toward your deductible. "
			"Your coinsurance is $10.00.", "no terms: amounts only");
}

static void
test_big_amounts_and_oop(void)
{
	cs_explain_facts f = line();
	cs_terms	t = hdhp();

	/* domain.md §11 row 1: allowed 20,000; deductible 1,300; 20%; OOP 4,400 binds */
	t.ded_individual = 130000;
	t.oop_individual = 440000;
	f.terms = &t;
	f.has_acc_after = true;
	f.allowed = 2000000;
	f.deductible = 130000;
	f.coinsurance = 310000;
	f.patient_pays = 440000;
	f.plan_pays = 1560000;
	f.oop_capped = true;
	f.reasons = CS_REASON_DEDUCTIBLE | CS_REASON_COINSURANCE;
	f.acc_after.ded_individual_met = 130000;
	f.acc_after.oop_individual_met = 440000;
	is_text(say(&f, "en-US"),
			"You pay $4,400.00 for this visit; your plan pays $15,600.00. $1,300.00 goes toward your $1,300.00 "
			"deductible, which is now met. After that you pay 20% of the rest: $3,100.00. You have reached your "
			"$4,400.00 out-of-pocket maximum, so your plan pays the rest of your covered costs this benefit period.",
			"OOP maximum reached, grouping (en)");
	is_text(say(&f, "es"),
			"Usted paga 4400,00" NBSP "US$ por esta consulta; su plan paga 15.600,00" NBSP "US$. 1300,00" NBSP
			"US$ se aplica a su deducible de 1300,00" NBSP "US$, que con esto queda cubierto. Después, usted paga "
			"el 20" NBSP "% del resto: 3100,00" NBSP "US$. Alcanzó su máximo de gastos de bolsillo de 4400,00" NBSP
			"US$, así que su plan paga el resto de sus costos cubiertos en este período de beneficios.",
			"OOP maximum reached, grouping from 10,000 (es)");

	/* the largest amount accepted, exact to the cent */
	f = line();
	f.allowed = CS_MONEY_MAX;
	f.patient_pays = CS_MONEY_MAX - 1;
	f.plan_pays = 1;
	is_text(say(&f, "en-US"), "You pay $999,999,999.99 for this visit; your plan pays $0.01.", "a billion, exact (en)");
	f.patient_pays = CS_MONEY_MAX;
	f.plan_pays = 0;
	is_text(say(&f, "en-US"), "You pay $1,000,000,000.00 for this visit; your plan pays nothing.",
			"the largest amount, the plan paying nothing (en)");
	f.patient_pays = CS_MONEY_MAX - 1;
	f.plan_pays = 1;
	is_text(say(&f, "es"), "Usted paga 999.999.999,99" NBSP "US$ por esta consulta; su plan paga 0,01" NBSP "US$.",
			"a billion, exact (es)");

	/* the family's limit reached, member's own not */
	f = line();
	t = hdhp();
	t.family_coverage = true;
	t.oop_family = 1000000;
	f.terms = &t;
	f.has_acc_after = true;
	f.allowed = 10000;
	f.coinsurance = 500;
	f.patient_pays = 500;
	f.plan_pays = 9500;
	f.oop_capped = true;
	f.reasons = CS_REASON_COINSURANCE;
	f.acc_after.ded_individual_met = 150000;
	f.acc_after.oop_individual_met = 300000;
	f.acc_after.oop_family_met = 1000000;
	is_text(say(&f, "en-US"),
			"You pay $5.00 for this visit; your plan pays $95.00. You pay 20% of the cost as coinsurance: $5.00. "
			"You have reached your $10,000.00 out-of-pocket maximum, so your plan pays the rest of your covered "
			"costs this benefit period.", "family OOP maximum reached");
	/* nothing to pay at all */
	f.coinsurance = 0;
	f.patient_pays = 0;
	f.plan_pays = 10000;
	f.reasons = 0;
	is_text(say(&f, "es"),
			"Usted no paga nada por esta consulta; su plan paga 100,00" NBSP "US$. Alcanzó su máximo de gastos de "
			"bolsillo de 10.000,00" NBSP "US$, así que su plan paga el resto de sus costos cubiertos en este "
			"período de beneficios.", "nothing to pay once the OOP maximum is reached (es)");
}

static void
test_not_paid(void)
{
	cs_explain_facts f = line();
	cs_terms	t;

	cs_terms_init(&t);
	t.visit_limit = 20;
	f.terms = &t;
	f.has_acc_after = true;
	f.allowed = 16500;
	f.not_covered = 16500;
	f.patient_pays = 16500;
	f.reasons = CS_REASON_LIMIT;
	f.acc_after.visits_used = 20;
	is_text(say(&f, "en-US"),
			"You have used all 20 covered visits this benefit period, so this visit is not covered and you pay the "
			"full $165.00.", "visit limit reached (en, 20)");
	is_text(say(&f, "es"),
			"Ya usó sus 20 consultas cubiertas de este período de beneficios, así que esta consulta no está "
			"cubierta y usted paga el total de 165,00" NBSP "US$.", "visit limit reached (es, 20)");
	t.visit_limit = 1;
	is_text(say(&f, "en-US"),
			"You have used your 1 covered visit this benefit period, so this visit is not covered and you pay the "
			"full $165.00.", "visit limit reached (en, 1)");
	is_text(say(&f, "es"),
			"Ya usó su 1 consulta cubierta de este período de beneficios, así que esta consulta no está cubierta y "
			"usted paga el total de 165,00" NBSP "US$.", "visit limit reached (es, 1)");
	f.terms = NULL;
	is_text(say(&f, "en-US"),
			"You have used all your covered visits this benefit period, so this visit is not covered and you pay "
			"the full $165.00.", "visit limit reached without terms");

	/* not covered, out of network with a balance bill */
	f = line();
	f.allowed = 12000;
	f.not_covered = 12000;
	f.balance_bill = 8000;
	f.patient_pays = 20000;
	f.reasons = CS_REASON_NOT_COVERED | CS_REASON_CONTRACTUAL;
	is_text(say(&f, "en-US"),
			"Your plan does not cover this service, so you pay the full $120.00. This provider is out of network: "
			"$80.00 of what you pay is the difference between their charge and what your plan allows, and it does "
			"not count toward your deductible or out-of-pocket maximum.", "not covered plus balance bill (en)");
	/* not covered by telehealth, from an estimate's reasons */
	f.has_status = true;
	f.status = CS_ELIG_NOT_ELIGIBLE;
	f.elig_reasons = CS_XR_TELEHEALTH_NOT_COVERED;
	f.balance_bill = 0;
	f.patient_pays = 12000;
	f.reasons = CS_REASON_NOT_COVERED;
	is_text(say(&f, "es"),
			"Su plan no cubre este servicio por telesalud, así que usted paga el total de 120,00" NBSP "US$.",
			"not covered by telehealth (es)");
}

/* the plan-paid maximum: the plan's payment cut (119 on a covered line), not a visit limit */
static void
test_plan_maximum(void)
{
	cs_explain_facts f = line();
	cs_terms	t;

	/* an estimate (reason plan_maximum_reached): 500 allowed, deductible 200, 20% = 60, the plan's 240
	 * cut to the 130 left: the patient pays 260 + 110 */
	f.has_status = true;
	f.status = CS_ELIG_ELIGIBLE;
	f.elig_reasons = CS_XR_PLAN_MAXIMUM;
	f.allowed = 50000;
	f.deductible = 20000;
	f.coinsurance = 6000;
	f.not_covered = 11000;
	f.patient_pays = 37000;
	f.plan_pays = 13000;
	f.reasons = CS_REASON_DEDUCTIBLE | CS_REASON_COINSURANCE | CS_REASON_LIMIT;
	is_text(say(&f, "en-US"),
			"You pay $370.00 for this visit; your plan pays $130.00. $200.00 goes toward your deductible. Your "
			"coinsurance is $60.00. Your plan pays at most a set amount for this service and only $130.00 of it "
			"was left, so you also pay the $110.00 above it; that part does not count toward your deductible or "
			"out-of-pocket maximum.", "plan maximum mid-line (en)");
	is_text(say(&f, "es"),
			"Usted paga 370,00" NBSP "US$ por esta consulta; su plan paga 130,00" NBSP "US$. 200,00" NBSP "US$ se "
			"aplica a su deducible. Su coseguro es de 60,00" NBSP "US$. Su plan paga como máximo una cantidad fija por "
			"este servicio y solo quedaban 130,00" NBSP "US$ de ella, así que usted también paga los 110,00" NBSP
			"US$ que la superan; esa parte no cuenta para su deducible ni para su máximo de gastos de bolsillo.",
			"plan maximum mid-line (es)");

	/* a breakdown alone (costshare.explain(line, terms)), nothing left: the plan pays nothing, but a
	 * cost share was taken, so it is the maximum even with a visit limit in the terms */
	f = line();
	cs_terms_init(&t);
	t.coinsurance = 200000;
	t.visit_limit = 20;
	f.terms = &t;
	f.allowed = 50000;
	f.coinsurance = 10000;
	f.not_covered = 40000;
	f.patient_pays = 50000;
	f.reasons = CS_REASON_COINSURANCE | CS_REASON_LIMIT;
	is_text(say(&f, "en-US"),
			"You pay $500.00 for this visit; your plan pays nothing. You pay 20% of the cost as coinsurance: "
			"$100.00. Your plan pays at "
			"most a set amount for this service and only $0.00 of it was left, so you also pay the $400.00 above "
			"it; that part does not count toward your deductible or out-of-pocket maximum.",
			"plan maximum used up, from a breakdown (en)");
	/* the same amounts gated by the visit limit (nothing but not_covered) stay the visit limit */
	f.coinsurance = 0;
	f.not_covered = 50000;
	f.reasons = CS_REASON_LIMIT;
	f.has_acc_after = true;
	f.acc_after.visits_used = 20;
	is_text(say(&f, "en-US"),
			"You have used all 20 covered visits this benefit period, so this visit is not covered and you pay the "
			"full $500.00.", "a gated line stays the visit limit");
	/* and an estimate that says visit_limit_reached is the visit limit whatever the terms */
	f.terms = NULL;
	f.has_status = true;
	f.status = CS_ELIG_NOT_ELIGIBLE;
	f.elig_reasons = CS_XR_VISIT_LIMIT_REACHED;
	is_text(say(&f, "en-US"),
			"You have used all your covered visits this benefit period, so this visit is not covered and you pay "
			"the full $500.00.", "visit_limit_reached stays the visit limit");
}

static void
test_network_and_auth(void)
{
	cs_explain_facts f = line();
	cs_terms	t;

	/* worked figure 12: OON deductible met, 40%, billed 200, allowed 120 */
	cs_terms_init(&t);
	t.coinsurance = 400000;
	t.network = CS_NETWORK_OUT;
	f.terms = &t;
	f.has_acc_after = true;
	f.has_status = true;
	f.elig_reasons = CS_XR_OUT_OF_NETWORK;
	f.allowed = 12000;
	f.coinsurance = 4800;
	f.balance_bill = 8000;
	f.patient_pays = 12800;
	f.plan_pays = 7200;
	f.reasons = CS_REASON_COINSURANCE | CS_REASON_CONTRACTUAL;
	is_text(say(&f, "en-US"),
			"You pay $128.00 for this visit; your plan pays $72.00. You pay 40% of the cost as coinsurance: $48.00. "
			"This provider is out of network: $80.00 of what you pay is the difference between their charge and "
			"what your plan allows, and it does not count toward your deductible or out-of-pocket maximum.",
			"out of network with balance bill (en)");
	/* out of network, no bill given */
	f.balance_bill = 0;
	f.patient_pays = 4800;
	f.reasons = CS_REASON_COINSURANCE;
	is_text(say(&f, "es"),
			"Usted paga 48,00" NBSP "US$ por esta consulta; su plan paga 72,00" NBSP "US$. Usted paga el 40" NBSP
			"% del costo como coseguro: 48,00" NBSP "US$. Este proveedor está fuera de la red de su plan, así que "
			"se aplican los costos fuera de la red.", "out of network without a bill (es)");

	/* Medicaid, auth required and not on file: nothing to pay, but the auth is said */
	f = line();
	f.has_status = true;
	f.status = CS_ELIG_AUTH_REQUIRED;
	f.elig_reasons = CS_XR_PRIOR_AUTH_REQUIRED;
	f.allowed = 9850;
	f.plan_pays = 9850;
	is_text(say(&f, "en-US"),
			"You pay nothing for this visit; your plan pays $98.50. Your plan requires prior authorization for "
			"this service; without it the plan may not pay.", "prior authorization (en)");
	is_text(say(&f, "es"),
			"Usted no paga nada por esta consulta; su plan paga 98,50" NBSP "US$. Su plan exige autorización "
			"previa para este servicio; sin ella, es posible que el plan no pague.", "prior authorization (es)");
	f.plan_pays = 0;
	f.allowed = 0;
	is_text(say(&f, "en-US"),
			"You pay nothing for this visit. Your plan requires prior authorization for this service; without it "
			"the plan may not pay.", "a zero line");
}

static void
test_statuses(void)
{
	static const struct
	{
		cs_elig_status status;
		unsigned	reasons;
		cs_msg_id	first;
		int			n;
	}			cases[] = {
		{CS_ELIG_UNKNOWN, CS_XR_UNKNOWN_MEMBER | CS_XR_UNKNOWN_SERVICE, CS_MSG_UNKNOWN_MEMBER, 1},
		{CS_ELIG_UNKNOWN, CS_XR_UNKNOWN_SERVICE, CS_MSG_UNKNOWN_SERVICE, 1},
		{CS_ELIG_UNKNOWN, CS_XR_UNKNOWN_PROVIDER, CS_MSG_UNKNOWN_PROVIDER, 1},
		{CS_ELIG_UNKNOWN, CS_XR_NO_BENEFIT_DATA, CS_MSG_NO_BENEFIT, 1},
		{CS_ELIG_NOT_ELIGIBLE, CS_XR_NO_ACTIVE_COVERAGE, CS_MSG_NO_COVERAGE, 1},
		{CS_ELIG_NOT_ELIGIBLE, CS_XR_DEPENDENT_AGE_LIMIT, CS_MSG_AGE_LIMIT, 1},
		{CS_ELIG_CARVED_OUT, CS_XR_CARVED_OUT, CS_MSG_CARVED_OUT, 1},
		{CS_ELIG_CARVED_OUT, 0, CS_MSG_CARVED_OUT, 1},
		{CS_ELIG_ELIGIBLE, CS_XR_NO_FEE_SCHEDULE, CS_MSG_NO_PRICE, 1},
		{CS_ELIG_AUTH_REQUIRED, CS_XR_PRIOR_AUTH_REQUIRED | CS_XR_NO_FEE_SCHEDULE, CS_MSG_NO_PRICE, 2},
		{CS_ELIG_AUTH_REQUIRED, CS_XR_PRIOR_AUTH_REQUIRED | CS_XR_NO_ACTIVE_COVERAGE, CS_MSG_NO_COVERAGE, 1},
		{CS_ELIG_UNKNOWN, 0, CS_MSG_CANNOT_ESTIMATE, 1},
	};
	cs_msg		msgs[CS_EXPLAIN_MAX_MSGS];
	cs_explain_facts f;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		int			n;

		cs_explain_facts_init(&f);
		f.has_status = true;
		f.status = cases[i].status;
		f.elig_reasons = cases[i].reasons;
		n = cs_explain_choose(&f, msgs);
		is_int(n, cases[i].n, "unpriced case %zu: sentences", i);
		is_int(msgs[0].id, cases[i].first, "unpriced case %zu: the reason said", i);
		if (cases[i].n == 2)
			is_int(msgs[1].id, CS_MSG_PRIOR_AUTH, "unpriced case %zu: then the authorization", i);
	}

	cs_explain_facts_init(&f);
	f.has_status = true;
	f.status = CS_ELIG_UNKNOWN;
	f.elig_reasons = CS_XR_UNKNOWN_MEMBER;
	is_text(say(&f, "es-MX"),
			"No encontramos los datos de su seguro, así que todavía no podemos estimar esta consulta; por favor, "
			"revíselos en la recepción.", "unknown member (es-MX)");
	f.status = CS_ELIG_CARVED_OUT;
	f.elig_reasons = CS_XR_CARVED_OUT;
	is_text(say(&f, "en-US"),
			"Another company manages your plan\342\200\231s benefits for this service; please ask them what you will pay.",
			"carved out (en)");
	f.status = CS_ELIG_NOT_ELIGIBLE;
	f.elig_reasons = CS_XR_NO_ACTIVE_COVERAGE;
	is_text(say(&f, "es"),
			"Su seguro no estaba activo en la fecha de esta consulta, así que es posible que deba pagar el costo total.",
			"no active coverage (es)");
}

static void
test_words(void)
{
	cs_elig_status s;

	is_int(cs_explain_reason_bit("out_of_network", 14), CS_XR_OUT_OF_NETWORK, "reason word out_of_network");
	is_int(cs_explain_reason_bit("prior_auth_required", 19), CS_XR_PRIOR_AUTH_REQUIRED, "reason word prior_auth_required");
	is_int(cs_explain_reason_bit("out_of_net", 10), 0, "a prefix is not a reason word");
	is_int(cs_explain_carc_bit("119", 3), CS_REASON_LIMIT, "CARC 119");
	is_int(cs_explain_carc_bit("96", 2), CS_REASON_NOT_COVERED, "CARC 96");
	is_int(cs_explain_carc_bit("11", 2), 0, "CARC 11 unknown");
	ok(cs_elig_status_from_word("auth_required", 13, &s) && s == CS_ELIG_AUTH_REQUIRED, "status auth_required");
	ok(!cs_elig_status_from_word("eligible ", 9, &s), "status with a trailing space refused");
}

static void
test_errors(void)
{
	cs_explain_facts f = line();
	char		small[40];

	f.patient_pays = 2500;
	f.plan_pays = 14000;
	f.copay = 2500;
	ok(cs_explain(&f, "en-US", 5, small, sizeof(small), used, sizeof(used), &err) == CS_ERR_RANGE
	   && small[0] == '\0', "a text longer than the buffer is refused, the buffer left empty");
	ok(strcmp(err.message, "explanation is too long") == 0, "with its message");
	ok(cs_explain(&f, "en-US", 5, small, 0, used, sizeof(used), &err) == CS_ERR_RANGE, "no room at all");
}

void
test_explain(void)
{
	test_locales();
	test_catalogs();
	test_copay_and_visits();
	test_deductible_coinsurance();
	test_big_amounts_and_oop();
	test_not_paid();
	test_plan_maximum();
	test_network_and_auth();
	test_statuses();
	test_words();
	test_errors();
}
