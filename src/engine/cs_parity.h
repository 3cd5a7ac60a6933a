/*
 * cs_parity.h — mental-health parity (MHPAEA, 29 CFR 2590.712(c)) of one requirement type in one
 * classification of a plan: the predominant medical/surgical level, the substantially-all test, the most
 * restrictive mental-health / substance-use-disorder (MH/SUD) level, and the verdict.
 *
 * The caller gives the benefits of one classification (inpatient in / out of network, outpatient in /
 * out of network, emergency, prescription) as items: whether the benefit is MH/SUD or medical/surgical,
 * whether the requirement type applies to it, its level, and its spend weight (integer cents of
 * expected or past allowed amounts). The rules:
 *
 *   substantially all  the type applies to at least two-thirds of the med/surg spend of the
 *                      classification (3 x subject >= 2 x total); if it does not, the type cannot be
 *                      applied to MH/SUD benefits in the classification at all
 *   predominant        the level that applies to more than one-half of the med/surg spend subject to
 *                      the type; when no single level does, levels are combined, the most restrictive
 *                      first (2590.712(c)(3)(i)(B)(2)), each less restrictive one added until the
 *                      combination covers more than one-half, and the least restrictive level within
 *                      the combination is the predominant one
 *   verdict            fail when a MH/SUD benefit's level is more restrictive than the predominant one
 *                      or the type is applied to MH/SUD without being substantially all; pass otherwise;
 *                      not applicable when the classification has no MH/SUD benefit or no med/surg spend
 *
 * Restrictiveness: for copays, coinsurance and deductibles a higher level is more restrictive; for visit
 * limits a lower count is (no limit: the type does not apply). Prior authorization is a
 * non-quantitative limit: the quantitative tests do not govern it; what the plan tables can show is
 * whether it is applied to MH/SUD benefits while no med/surg benefit of the classification has it (fail);
 * when med/surg benefits have it too the verdict is pass with the reason saying that the comparability of
 * the processes is a matter for the plan's documentation. Pure C, no Postgres headers.
 */
#ifndef CS_PARITY_H
#define CS_PARITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_error.h"
#include "cs_money.h"

typedef enum cs_parity_requirement
{
	CS_PARITY_COPAY = 0,		/* level: cents per visit */
	CS_PARITY_COINSURANCE,		/* level: millionths of the allowed amount */
	CS_PARITY_DEDUCTIBLE,		/* level: cents of the individual deductible that applies */
	CS_PARITY_VISIT_LIMIT,		/* level: visits per period (fewer is more restrictive) */
	CS_PARITY_PRIOR_AUTH,		/* level: 1 (required) */
	CS_PARITY_REQUIREMENT_COUNT
} cs_parity_requirement;

typedef enum cs_parity_verdict
{
	CS_PARITY_PASS = 0,
	CS_PARITY_FAIL,
	CS_PARITY_NOT_APPLICABLE
} cs_parity_verdict;

typedef enum cs_parity_reason
{
	CS_PARITY_NO_MH_SUD_BENEFIT = 0,	/* n/a: no MH/SUD benefit in the classification */
	CS_PARITY_NO_MED_SURG_SPEND,	/* n/a: no med/surg spend to compare with */
	CS_PARITY_NOT_APPLIED_TO_MH_SUD,	/* pass: no MH/SUD benefit carries the type */
	CS_PARITY_WITHIN_PREDOMINANT,	/* pass: no MH/SUD level more restrictive than the predominant */
	CS_PARITY_NQTL_ALSO_MED_SURG,	/* pass: prior auth applied to med/surg benefits too */
	CS_PARITY_MORE_RESTRICTIVE, /* fail: a MH/SUD level is more restrictive than the predominant */
	CS_PARITY_NOT_SUBSTANTIALLY_ALL,	/* fail: type on < 2/3 of med/surg spend, applied to MH/SUD */
	CS_PARITY_MH_SUD_ONLY,		/* fail: type applied to MH/SUD and to no med/surg spend at all */
	CS_PARITY_REASON_COUNT
} cs_parity_reason;

typedef struct cs_parity_item
{
	bool		mh_sud;			/* a MH/SUD benefit (else medical/surgical) */
	bool		applies;		/* the requirement type applies to the benefit */
	int64_t		level;			/* its level when it applies (see cs_parity_requirement), >= 0 */
	cs_cents	spend;			/* the benefit's spend weight, 0 .. CS_MONEY_MAX */
} cs_parity_item;

typedef struct cs_parity_result
{
	cs_parity_verdict verdict;
	cs_parity_reason reason;
	cs_cents	med_surg_spend; /* med/surg spend of the classification */
	cs_cents	subject_spend;	/* of it, the spend subject to the type */
	bool		substantially_all;	/* subject_spend >= 2/3 of med_surg_spend (and > 0) */
	bool		has_predominant;	/* predominant_level is set */
	int64_t		predominant_level;
	bool		predominant_combined;	/* no single level was > 1/2: levels were combined */
	bool		has_mh_sud_level;	/* mh_sud_level is set (a MH/SUD benefit carries the type) */
	int64_t		mh_sud_level;	/* the most restrictive MH/SUD level */
	int			mh_sud_benefits;	/* MH/SUD items in the classification */
} cs_parity_result;

/* Decide one (classification, requirement type); items may be in any order. */
cs_status	cs_parity_decide(cs_parity_requirement req, const cs_parity_item *items, size_t n,
							 cs_parity_result *out, cs_error *err);

/* Words for the SQL surface: copay, coinsurance, deductible, visit_limit, prior_auth */
bool		cs_parity_requirement_from_word(const char *word, size_t len, cs_parity_requirement *out);
const char *cs_parity_verdict_word(cs_parity_verdict v);
const char *cs_parity_reason_word(cs_parity_reason r);

/* true when level a is more restrictive than level b for the requirement type */
bool		cs_parity_stricter(cs_parity_requirement req, int64_t a, int64_t b);

#endif							/* CS_PARITY_H */
