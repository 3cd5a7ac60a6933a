/*
 * cs_eligibility.h — the eligibility rules: the order of coverages when a person has more than one
 * (coordination of benefits), the dependent age limit, and the status of a request once the plan
 * data has been looked up. Pure C: the SQL layer finds the rows, these functions decide.
 */
#ifndef CS_ELIGIBILITY_H
#define CS_ELIGIBILITY_H

#include <stdbool.h>
#include <stdint.h>

#include "cs_date.h"
#include "cs_error.h"

typedef enum cs_relationship
{
	CS_REL_SELF = 0,			/* the subscriber (employee) */
	CS_REL_SPOUSE,
	CS_REL_CHILD,
	CS_REL_OTHER
} cs_relationship;

typedef enum cs_coverage_kind
{
	CS_KIND_ACTIVE = 0,
	CS_KIND_COBRA,
	CS_KIND_RETIREE
} cs_coverage_kind;

typedef struct cs_coverage
{
	int			explicit_order; /* an order set by hand (e.g. from a COB questionnaire), or -1 */
	bool		payer_of_last_resort;	/* Medicaid */
	cs_relationship relationship;
	cs_coverage_kind kind;
	cs_date		subscriber_birth;	/* the subscriber's birth date (birthday rule); INT32_MIN unknown */
	cs_date		coverage_start;
} cs_coverage;

/* The most coverages cs_cob_order orders (the glue allows fewer) */
#define CS_COB_MAX 16

/*
 * The rules' sort key: coverages ordered by ascending key are in the rules' COB order (primary first).
 * The rules, in order: Medicaid last (payer of last resort); the plan covering the person as
 * employee/subscriber before one covering them as a dependent; for dependent children, the birthday
 * rule (the parent whose month and day come first in the year; a parent whose birth date is unknown
 * after every known one, the next rules deciding between unknowns); active before COBRA or retiree
 * coverage; then the longer coverage (earlier start). explicit_order is not in the key.
 */
int64_t		cs_cob_key(const cs_coverage *c);

/*
 * The 1.1 SQL building block costshare.cob_key: the rules' key with the explicit order (255 = none)
 * above it, so that any stated order sorts before none. Not the COB order (it cannot say "position k");
 * the estimate, eligibility and member_cob_positions order by cs_cob_order.
 */
int64_t		cs_cob_sql_key(const cs_coverage *c);

/*
 * The COB order of n coverages (n <= CS_COB_MAX): order[k] is the index of the coverage at COB position
 * k + 1 (primary first). First the rules' order: ascending keys (cs_cob_key), then ascending tie-break
 * (the enrollment id, unique, so the order is total and the same whichever order the rows were read in).
 * Then, stated (may be NULL: none stated; -1 an entry without one) places the orders set by hand: the
 * stated ones (a stated 0 counts as 1) in ascending order of k, equal ones in the rules' order, each at
 * position k when the stated ones after it leave room, else as late as they do (a k beyond n: position
 * n less the stated ones after it), and always after the stated one before it (stated orders never
 * swap). The others fill the free positions in the rules' order. With n <= 1 neither keys
 * nor stated are read (the keys need the subscribers' birth dates, which a single coverage does not).
 */
void		cs_cob_order(int n, const int64_t *keys, const int *stated, const int64_t *tiebreak, int *order);

/*
 * Whether the birthday rule could not be applied: two of the n coverages cover the person as a dependent
 * child, both or neither as payer of last resort, that cs_cob_order orders by the rules one against the
 * other (neither with an explicit order, or both with the same one, 0 counting as 1), and one of the
 * two subscribers' birth dates is unknown. The order then rests on a missing birth date (reason
 * cob_order_unverified). A coverage at a stated position of its own is placed whatever the birthdays.
 */
bool		cs_cob_birthday_unknown(int n, const cs_coverage *c);

bool		cs_relationship_from_word(const char *w, size_t len, cs_relationship *out);
bool		cs_coverage_kind_from_word(const char *w, size_t len, cs_coverage_kind *out);

/* Age in whole years on a date */
int			cs_age_on(cs_date birth, cs_date on);

/* Eligibility statuses, from most to least blocking */
typedef enum cs_elig_status
{
	CS_ELIG_UNKNOWN = 0,
	CS_ELIG_NOT_ELIGIBLE,
	CS_ELIG_CARVED_OUT,
	CS_ELIG_LIMIT_REACHED,
	CS_ELIG_AUTH_REQUIRED,
	CS_ELIG_ELIGIBLE
} cs_elig_status;

/* What the lookups found, for cs_eligibility_decide */
typedef struct cs_elig_facts
{
	bool		member_known;
	bool		service_known;	/* the code maps to a benefit category */
	bool		provider_known; /* no provider given counts as known */
	bool		enrolled;		/* a coverage is active on the date */
	bool		is_dependent_child;
	int			age;			/* on the date of service; -1 unknown */
	int			dependent_age_limit;	/* -1 none */
	bool		benefit_found;	/* a benefit row for the category and network */
	bool		covered;
	bool		carved_out;		/* a carve-out administrator holds the benefit */
	bool		telehealth;		/* the place of service / modifier is telehealth */
	bool		telehealth_allowed;
	int64_t		visit_limit;	/* -1 unlimited */
	int64_t		visits_used;
	bool		auth_required;
	bool		auth_on_file;
} cs_elig_facts;

#define CS_ELIG_MAX_REASONS 8

typedef struct cs_elig_decision
{
	cs_elig_status status;
	int			n_reasons;
	const char *reasons[CS_ELIG_MAX_REASONS];	/* machine-readable, static strings */
} cs_elig_decision;

void		cs_eligibility_decide(const cs_elig_facts *f, cs_elig_decision *out);
const char *cs_elig_status_word(cs_elig_status s);

/*
 * ---- costshare.eligibility's answer (issue 10: its composition is the engine's, the glue reads and
 * converts) ----
 *
 * The answer is made from the line context of the member's coverage at COB position 1 and, when the
 * 271 path priced the line, from that path's estimate and detail; the coverage at COB position 2 adds
 * what it says of the line (its own plan design).
 */

/* Where an eligibility answer comes from: its benefit_source */
typedef enum cs_elig_source
{
	CS_ELIG_SRC_NONE = 0,		/* neither a plan design nor a 271 states the line's benefits */
	CS_ELIG_SRC_PLAN,			/* the plan design of the coverage at COB position 1 */
	CS_ELIG_SRC_271				/* the member's latest loaded 271, as the estimate's 271 path priced the line */
} cs_elig_source;

/* benefit_source's word: "plan", "271", or NULL for none */
const char *cs_elig_source_word(cs_elig_source s);

/*
 * Whether the secondary_* columns describe a second coverage: two or more coverages are active on
 * the date (the coverage at COB position 2, the second payer the estimate coordinates).
 */
bool		cs_elig_reports_secondary(int coverages);

/* What each group of the answer's columns is taken from */
typedef struct cs_elig_answer
{
	cs_elig_source source;
	/*
	 * status, reasons, plan, payer, COB position, category, network: the 271 path's estimate when true,
	 * else the line context's; auth_required, carve_out_admin, benefit_period: the 271's statements
	 * (its EB11, the entity of its EB01 U row, its plan period) when true, else the benefit's; the
	 * remaining deductible, OOP and visits: cs_remaining over the terms and accumulators the line was
	 * priced with (the 271's terms and the 271 path's accumulators when true, else the plan design's).
	 */
	bool		from_271;
	/* enrollment_id: the line context's enrollment; a 271 names none of the practice's (NULL) */
	bool		enrollment;
	/* benefits_interchange, benefits_as_of, benefits_stale, unknown_terms: the 271's; else NULL */
	bool		provenance_271;
	/* coverages: always the line context's count of coverages on the date (whatever the source) */
	/* secondary_*: the second coverage's context (cs_elig_reports_secondary); else NULL */
	bool		secondary;
	/*
	 * plan_max_period_left, plan_max_lifetime_left: what is left of the benefit's plan-paid maximums
	 * (the line context's) when the plan design prices the line; else NULL: a line priced from a 271 is
	 * not capped by the plan design's maximums (doc/rules.md step 10), and without a benefit there is
	 * none. secondary_plan_max_*: the second coverage's context's whenever secondary is reported.
	 */
	bool		plan_max;
	/*
	 * plan_max_period_left, plan_max_lifetime_left when the 271 prices the line: what is left of the
	 * plan-paid maximums the 271 states (an EB01 F dollar amount, cs_p271_plan_max), as the 271 path's
	 * answer says; NULL where it states none.
	 */
	bool		plan_max_271;
} cs_elig_answer;

/*
 * The answer's composition. plan_covers: the plan design states the line's benefits (its terms were
 * built); priced_from_271: the 271 path was asked (cs_b271_may_price, with a loaded 271) and priced
 * the line from the 271 (its benefit_source 271) — the 271's answer is taken then and only then;
 * coverages: active on the date.
 */
void		cs_elig_answer_of(bool plan_covers, bool priced_from_271, int coverages, cs_elig_answer *out);

#endif							/* CS_ELIGIBILITY_H */
