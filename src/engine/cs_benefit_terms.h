/*
 * cs_benefit_terms.h — the terms of a line from the plan's stored rows (issue 10).
 *
 * line_context reads the line's costshare.benefit row, its bucket's costshare.plan_limit row and the
 * plan's fields; which column becomes which term, every default and every check is decided here: the
 * bucket (the benefit's, else its network word), which plan_limit row is the bucket's and which other
 * rows credit it, the telehealth copay and coverage, the embedded family deductible when the bucket has
 * no limits, the family flag of the coverage level, then the same validation costshare.terms() makes of
 * its arguments, in the same order and with the same errors (the rows' amounts, rates and counts were
 * checked when read, with the row's key). Pure C: names point into the caller's bytes.
 */
#ifndef CS_BENEFIT_TERMS_H
#define CS_BENEFIT_TERMS_H

#include <stdbool.h>
#include <stdint.h>

#include "cs_adjudicate.h"
#include "cs_date.h"
#include "cs_error.h"
#include "cs_money.h"

/* A boolean column as stored: NULL (a NOT NULL the table may have lost) takes costshare.terms()'s default */
typedef enum cs_stored_bool
{
	CS_STORED_NULL = 0,
	CS_STORED_FALSE,
	CS_STORED_TRUE
} cs_stored_bool;

/* The columns of a costshare.benefit row the terms take; a name with data NULL is NULL */
typedef struct cs_benefit_row
{
	cs_name		network;		/* 'in' or 'out' */
	cs_name		bucket;			/* NULL: the network word */
	cs_stored_bool covered;		/* NULL: not covered */
	cs_cents	copay;			/* CS_ABSENT: NULL */
	int64_t		coinsurance;	/* millionths; CS_ABSENT: NULL */
	cs_stored_bool deductible_applies;
	cs_stored_bool copay_after_deductible;
	cs_stored_bool copay_counts_toward_deductible;
	int64_t		copay_visits;	/* CS_ABSENT: NULL */
	cs_name		copay_per;
	int64_t		visit_limit;	/* CS_ABSENT: NULL */
	cs_stored_bool telehealth_allowed;	/* NULL: not allowed */
	cs_cents	telehealth_copay;	/* CS_ABSENT: NULL */
} cs_benefit_row;

/* The columns of a costshare.plan_limit row */
typedef struct cs_limit_row
{
	cs_name		bucket;
	cs_cents	ded_individual; /* CS_ABSENT: NULL */
	cs_cents	ded_family;
	cs_name		family_deductible;	/* NULL: embedded */
	int64_t		family_ded_members; /* CS_ABSENT: NULL */
	cs_cents	oop_individual;
	cs_cents	oop_family;
	cs_cents	coinsurance_limit;
	bool		has_credits;	/* also_credits is not NULL (it may be empty) */
	int			n_credits;
	const cs_name *credits;		/* an element with data NULL is a NULL element */
} cs_limit_row;

/* The plan's fields and the member's coverage level, as the terms take them */
typedef struct cs_plan_fields
{
	cs_name		coverage_level; /* the member's coverage: 'family' is family coverage */
	cs_name		rounding;		/* plan.rounding; NULL: half_up */
	bool		has_period_start;	/* plan.period_start is not NULL */
	bool		period_start_finite;	/* ... and not infinity or -infinity */
	cs_date		period_start;	/* its month and day start each plan year */
	bool		carryover;
} cs_plan_fields;

/* The terms built, with what a costshare.terms composite holds besides them */
typedef struct cs_benefit_terms
{
	cs_terms	terms;			/* bucket and credits point into the rows' names */
	bool		has_period_start;
	cs_date		period_start;	/* the plan's date, as given */
	bool		has_credits;	/* also_credits given (an empty list is not NULL) */
	/* a line priced from a 271 (cs_b271_line_terms): */
	bool		family_coverage_unknown;	/* no coverage level known: family_coverage NULL (false) */
	bool		coinsurance_unstated;	/* no coinsurance stated: 0, held as the integer 0 */
} cs_benefit_terms;

/*
 * costshare.terms()'s own checks of its settings, one setter a setting, shared by its constructor and
 * cs_benefit_terms_of: a word (family_deductible, network, rounding, copay_per; an unknown one is refused
 * naming the accepted words), the period's start (a finite date: its month and day), and the buckets
 * also credited (at most CS_MAX_CREDITS, checked with the terms set so far as cs_terms_check checks
 * them; none NULL, data NULL: names point into the caller's bytes).
 */
typedef enum cs_terms_word
{
	CS_TERMS_FAMILY_DEDUCTIBLE = 0,
	CS_TERMS_NETWORK,
	CS_TERMS_ROUNDING,
	CS_TERMS_COPAY_PER
} cs_terms_word;

cs_status	cs_terms_set_word(cs_terms *t, cs_terms_word which, const char *w, size_t len, cs_error *err);
cs_status	cs_terms_set_credits(cs_terms *t, int n, const cs_name *credits, cs_error *err);

/* The month and day a period_start date starts each period with; refused when it is not finite */
cs_status	cs_period_of_start(bool finite, cs_date d, int *month, int *day, cs_error *err);

/* The line's accumulator bucket: the benefit's, else its network word */
cs_name		cs_benefit_bucket(const cs_benefit_row *b);

/* Whether a plan_limit row (its bucket name) is the bucket's own */
bool		cs_limit_is_bucket(cs_name row_bucket, cs_name bucket);

/*
 * Whether another bucket's plan_limit row credits the bucket: it is not the bucket's own and its
 * also_credits names it (NULL elements name nothing)
 */
bool		cs_limit_credits(const cs_limit_row *row, cs_name bucket);

/*
 * The terms of a line from its benefit row b, its bucket's limits (lim NULL: the bucket has no
 * plan_limit row), the plan's fields, and whether the line is telehealth; validated as costshare.terms()
 * validates its arguments (words, a finite period_start, at most CS_MAX_CREDITS credits and no NULL
 * one, cs_terms_check), the first problem in the same order.
 */
cs_status	cs_benefit_terms_of(const cs_benefit_row *b, const cs_limit_row *lim, const cs_plan_fields *p,
								bool telehealth, cs_benefit_terms *out, cs_error *err);

#endif							/* CS_BENEFIT_TERMS_H */
