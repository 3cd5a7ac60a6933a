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

/*
 * A sort key: coverages ordered by ascending key are in COB order (primary first). The rules, in
 * order: an explicit order; Medicaid last (payer of last resort); the plan covering the person as
 * employee/subscriber before one covering them as a dependent; for dependent children, the birthday
 * rule (the parent whose month and day come first in the year); active before COBRA or retiree
 * coverage; then the longer coverage (earlier start).
 */
int64_t		cs_cob_key(const cs_coverage *c);

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

#endif							/* CS_ELIGIBILITY_H */
