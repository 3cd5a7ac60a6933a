/*
 * cs_line.h — the decisions that turn the rows found for one line into its context (issue 10: every
 * decision of an estimate in the engine). The glue (src/glue/lookup.c) reads the rows by column name
 * and asks these functions; it decides nothing itself:
 *   - telehealth: the place of service says so, or a telehealth modifier (95, 93, GT);
 *   - which service_code row gives the category: rows for any place of service / modifier ('') apply
 *     everywhere, a stated one only where it matches; the most specific applicable row wins (place of
 *     service outranks modifier);
 *   - which fee_schedule row gives the allowed amount: every stated column must match, and the most
 *     specific row wins (plan 16, modifier 8, credential 4, facility 2, state 1: a row naming the plan
 *     outranks any row that does not, whatever else it states);
 *   - where the allowed amount comes from, in order: the fee row's amount; its percent of Medicare;
 *     Medicare's own fee schedule for a Medicare plan, else the practice's remittance history;
 *   - which benefit row prices the line (the network's; an in-network-only plan covers nothing out);
 *   - the copay and coverage of a telehealth visit;
 *   - the reasons added to the eligibility decision's (out_of_network, nsa_protected, no_fee_schedule,
 *     plan_paid_unknown, in that order), and whether the line can be priced.
 * Pure C, no allocation, no Postgres.
 */
#ifndef CS_LINE_H
#define CS_LINE_H

#include <stdbool.h>
#include <stddef.h>

#include "cs_eligibility.h"

/* A modifier that marks a telehealth visit: 95 (synchronous telemedicine), 93 (audio only), GT */
bool		cs_line_telehealth_modifier(const char *modifier, size_t len);

/* The line is telehealth: the place of service is a telehealth one, or the modifier says so */
bool		cs_line_telehealth(bool pos_telehealth, const char *modifier, size_t len);

/*
 * How specific a service_code row is for the line (higher wins), or -1 when it does not apply.
 * pos_any / mod_any: the row's place of service / modifier is '' (any); pos_match / mod_match: the
 * row's stated value equals the line's.
 */
int			cs_line_code_row_rank(bool pos_any, bool pos_match, bool mod_any, bool mod_match);

/* What a fee_schedule row states, and whether each stated value matches the line */
typedef struct cs_fee_row_facts
{
	bool		plan_stated,
				plan_match;
	bool		modifier_stated,
				modifier_match;
	bool		facility_stated,
				facility_match;
	bool		credential_stated,
				credential_match;	/* false when the provider has no credential */
	bool		state_stated,
				state_match;	/* false when the provider has no state */
	bool		valid_on_date;
} cs_fee_row_facts;

/* How specific an applicable fee row is (0..31, higher wins), or -1 when the row does not apply */
int			cs_fee_row_rank(const cs_fee_row_facts *f);

/* Where an allowed amount comes from (the words are allowed_source's) */
typedef enum cs_allowed_source
{
	CS_ALLOWED_FEE_SCHEDULE = 0,
	CS_ALLOWED_PERCENT_OF_MEDICARE,
	CS_ALLOWED_MEDICARE_FEE_SCHEDULE,
	CS_ALLOWED_REMITTANCE_HISTORY
} cs_allowed_source;

#define CS_ALLOWED_MAX_SOURCES 2

/*
 * The sources to try, in order, until one gives an amount: fee_row (an applicable fee row was found),
 * fee_amount (it states an amount rather than a percent of Medicare), medicare_plan (the plan's payer
 * is Medicare). Returns how many were written to out (at most CS_ALLOWED_MAX_SOURCES).
 */
int			cs_allowed_sources(bool fee_row, bool fee_amount, bool medicare_plan, cs_allowed_source *out);

const char *cs_allowed_source_word(cs_allowed_source s);

/*
 * Which benefit row of the line's plan and category prices it (benefit: one row per network, in and
 * out). in_network_benefit: the network whose benefit applies is in (the provider participates, or the
 * No Surprises Act protects the line; cs_nsa_decide). The row for that network; for an out-of-network
 * line of a plan stating the category in network only, an in-network-only plan: a benefit decides the
 * line and it is not covered; otherwise none (the category has no benefit: not covered either way, but
 * reason no_benefit rather than not_covered).
 */
typedef enum cs_line_benefit
{
	CS_LINE_BENEFIT_NONE = 0,
	CS_LINE_BENEFIT_IN_ROW,
	CS_LINE_BENEFIT_OUT_ROW,
	CS_LINE_BENEFIT_IN_NETWORK_ONLY
} cs_line_benefit;

cs_line_benefit cs_line_benefit_of(bool has_in_row, bool has_out_row, bool in_network_benefit);

/* The copay of the line: the benefit's telehealth copay for a telehealth visit when it states one */
bool		cs_line_uses_telehealth_copay(bool telehealth, bool telehealth_copay_stated);

/* Whether the benefit covers the line: covered, and not a telehealth visit the benefit excludes */
bool		cs_line_covered(bool covered, bool telehealth, bool telehealth_allowed);

/* What the line context adds to the eligibility decision */
typedef struct cs_line_facts
{
	bool		network_out;	/* the provider does not participate (the network column says out) */
	bool		nsa_applies;	/* the No Surprises Act changed the line (cs_nsa_decide) */
	bool		have_terms;		/* a benefit gave the line its terms */
	bool		allowed_known;	/* an allowed amount was found */
	bool		age_limit;		/* the eligibility decision gave the reason dependent_age_limit */
	cs_elig_status status;		/* the eligibility decision's status */
	bool		plan_paid_unknown;	/* a ledger line toward a plan-paid maximum says neither what the
									 * plan paid nor its allowed amount (counted as 0) */
	bool		cob_unverified; /* the COB order rests on a subscriber's unknown birth date
								 * (cs_cob_birthday_unknown) */
} cs_line_facts;

#define CS_LINE_MAX_REASONS 5

/* The reasons added after the eligibility decision's, in order; returns how many */
int			cs_line_reasons(const cs_line_facts *f, const char **out);

/* Whether the line can be adjudicated */
bool		cs_line_priceable(const cs_line_facts *f);

/*
 * Whether the latest version of a claim line with this ledger status counts toward accumulators and
 * visits: pending and final do; an estimated line (not yet a claim) and a reversed one count nothing.
 */
bool		cs_ledger_status_counts(const char *status, size_t len);

/*
 * Whether costshare.benefit_source_policy prefers the 271 over the plan design for a plan: the plan's own
 * row when there is one, else the payer's row for all its plans (plan_id NULL), else not.
 */
bool		cs_source_policy_prefers_271(bool own_stated, bool own_prefers, bool payer_stated, bool payer_prefers);

#endif							/* CS_LINE_H */
