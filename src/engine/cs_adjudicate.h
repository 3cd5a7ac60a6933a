/*
 * cs_adjudicate.h — the cost-sharing terms of a benefit and the adjudication of one line.
 *
 * This is the rule book of doc/rules.md in C: gates (covered, visit limit), copay in its variants,
 * deductible (embedded, aggregate, N-of-M family), coinsurance with its rounding mode, the out-of-pocket
 * limit truncating the stage computed last, out-of-network balance bill, and the accumulators after the
 * line. Pure C, no allocation, no Postgres.
 */
#ifndef CS_ADJUDICATE_H
#define CS_ADJUDICATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_date.h"
#include "cs_error.h"
#include "cs_money.h"

typedef enum cs_family_mode
{
	CS_FAMILY_EMBEDDED = 0,
	CS_FAMILY_AGGREGATE,
	CS_FAMILY_N_OF_M
} cs_family_mode;

typedef enum cs_network
{
	CS_NETWORK_IN = 0,
	CS_NETWORK_OUT
} cs_network;

typedef enum cs_copay_per
{
	CS_COPAY_PER_LINE = 0,
	CS_COPAY_PER_DAY
} cs_copay_per;

/* A name of an accumulator bucket; bytes owned by the caller */
typedef struct cs_name
{
	const char *data;
	size_t		len;
} cs_name;

#define CS_MAX_CREDITS 8

/*
 * Terms of one benefit. Optional amounts and counts hold CS_ABSENT when not given.
 */
typedef struct cs_terms
{
	cs_cents	copay;			/* CS_ABSENT: no copay */
	int64_t		coinsurance;	/* millionths, 0..CS_RATE_ONE */
	bool		deductible_applies;
	bool		copay_after_deductible;
	bool		covered;
	cs_cents	ded_individual; /* CS_ABSENT: none */
	cs_cents	ded_family;		/* CS_ABSENT: none */
	cs_family_mode family_mode;
	cs_cents	oop_individual; /* CS_ABSENT: unlimited */
	cs_cents	oop_family;		/* CS_ABSENT: unlimited */
	bool		family_coverage;
	int64_t		visit_limit;	/* CS_ABSENT: unlimited */
	cs_network	network;
	cs_rounding rounding;
	int			period_month;	/* 1..12; 1 with period_day 1 = calendar year */
	int			period_day;		/* 1..31 */
	bool		copay_counts_toward_deductible;
	int64_t		copay_visits;	/* CS_ABSENT: the copay applies to every visit */
	int64_t		family_ded_members; /* N of N-of-M; CS_ABSENT when not given */
	cs_cents	coinsurance_limit;	/* CS_ABSENT: unlimited */
	bool		carryover;
	cs_copay_per copay_per;
	cs_name		bucket;			/* data NULL: the network word */
	int			n_credits;
	cs_name		credits[CS_MAX_CREDITS];
} cs_terms;

/* Accumulators of one period and bucket, seen from one member */
typedef struct cs_accum
{
	cs_cents	ded_individual_met;
	cs_cents	ded_family_met;
	cs_cents	oop_individual_met;
	cs_cents	oop_family_met;
	int64_t		visits_used;
	cs_cents	coinsurance_met;
	int64_t		ded_members_met;
} cs_accum;

/* Reason codes (CARC), as bits, reported in this order */
#define CS_REASON_DEDUCTIBLE	0x01	/* 1 */
#define CS_REASON_COINSURANCE	0x02	/* 2 */
#define CS_REASON_COPAY			0x04	/* 3 */
#define CS_REASON_CONTRACTUAL	0x08	/* 45 */
#define CS_REASON_NOT_COVERED	0x10	/* 96 */
#define CS_REASON_LIMIT			0x20	/* 119 */
#define CS_REASON_COUNT			6

extern const char *const cs_reason_codes[CS_REASON_COUNT];

/* The breakdown of one line */
typedef struct cs_result
{
	cs_cents	allowed;
	cs_cents	copay;
	cs_cents	deductible;
	cs_cents	coinsurance;
	cs_cents	not_covered;
	cs_cents	balance_bill;
	cs_cents	contractual;
	cs_cents	patient_pays;
	cs_cents	plan_pays;
	bool		oop_capped;
	unsigned	reasons;		/* CS_REASON_* bits */
	cs_accum	acc_after;
	/* what the line credited, for callers that carry accumulators themselves */
	cs_cents	ded_credit;
	cs_cents	oop_credit;
	bool		counted_visit;
	/* the charge was below the allowed amount given, so the line was adjudicated on the charge */
	bool		allowed_from_charge;
	/* the plan-paid maximum (cs_apply_plan_max): what the plan would have paid above what was left */
	cs_cents	plan_max_excess;
} cs_result;

/* Defaults of every field, as costshare.terms() with no arguments */
void		cs_terms_init(cs_terms *t);

/* Consistency checks that involve more than one field (single fields are checked on conversion) */
cs_status	cs_terms_check(const cs_terms *t, cs_error *err);

/* Per-field word parsers; false for an unknown word */
bool		cs_family_mode_from_word(const char *w, size_t len, cs_family_mode *out);
bool		cs_network_from_word(const char *w, size_t len, cs_network *out);
bool		cs_copay_per_from_word(const char *w, size_t len, cs_copay_per *out);
const char *cs_family_mode_word(cs_family_mode m);
const char *cs_network_word(cs_network n);
const char *cs_copay_per_word(cs_copay_per c);

/* Shared error for an unknown word: names the field and the accepted words */
cs_status	cs_fail_word(cs_error *err, const char *field, const char *accepted);

/* Checks the fields of accumulators (each amount 0..max, counts in range) */
cs_status	cs_accum_check(const cs_accum *a, cs_error *err);

/*
 * What is left of the deductible, the OOP limit and the visit limit for these terms and accumulators,
 * by the same rules adjudication uses; CS_ABSENT for an unlimited OOP or visit limit.
 */
void		cs_remaining(const cs_terms *t, const cs_accum *acc, cs_cents *ded, cs_cents *oop,
						 int64_t *visits);

/*
 * Adjudicate one line. billed is CS_ABSENT when not given. copay_waived: the copay was already borne
 * for this member, bucket and day (copay_per = day); the line is adjudicated with a copay of 0.
 * Returns CS_OK or an error (overflow in the accumulators).
 */
cs_status	cs_adjudicate(cs_cents allowed, const cs_terms *t, const cs_accum *acc, cs_cents billed,
						  bool copay_waived, cs_result *out, cs_error *err);

/*
 * What is left of a plan-paid maximum: max - paid, at least 0; CS_ABSENT when there is no maximum
 * (max CS_ABSENT). paid may exceed max (a posted line the payer paid above it): 0 is left.
 */
cs_cents	cs_plan_max_left(cs_cents max, cs_cents paid);

/*
 * The plan-paid maximum of the benefit (doc/rules.md, "Plan-paid maximum"), applied to an adjudicated
 * line: the plan pays at most the lesser of what is left of the benefit-period maximum and of the
 * lifetime maximum (each CS_ABSENT: no such maximum). What the plan would have paid above it is not
 * covered: it moves to not_covered and patient_pays (plan_max_excess says how much) with reason code
 * 119; the deductible, copay and coinsurance of the line and the accumulators after it are unchanged
 * (the excess counts toward neither the deductible nor the out-of-pocket limit). A line whose plan
 * payment fits changes nothing. Refuses a negative amount left (CS_ERR_RANGE) and overflow.
 */
cs_status	cs_apply_plan_max(cs_result *r, cs_cents period_left, cs_cents lifetime_left, cs_error *err);

/*
 * Which of a line's plan-paid maximums an earlier line of the set counts toward (cs_apply_plan_max_joint's
 * toward[i]; cs_p271_max_toward decides it for a 271's maximums): the member's period and lifetime
 * maximums, the family's period and lifetime maximums.
 */
#define CS_MAX_TOWARD_PERIOD		0x01
#define CS_MAX_TOWARD_LIFETIME		0x02
#define CS_MAX_TOWARD_FAM_PERIOD	0x04
#define CS_MAX_TOWARD_FAM_LIFETIME	0x08
#define CS_MAX_TOWARD_ALL			0x0f

/*
 * A member's and the family's plan-paid maximums run down together over the family's lines of one plan
 * in a set (costshare.estimate_many; the maximums a 271 states, EB02 IND and FAM; doc/rules.md,
 * "Plan-paid maximum"): the n earlier lines of the set (dates; paid: what the plan actually paid on
 * each, after every cap; mine[i]: the line is of this line's member; toward[i]: which of this line's
 * maximums it counts toward, CS_MAX_TOWARD_* bits — the same maximum applies to both lines — or NULL:
 * every earlier line counts toward all four), this line's date and benefit period [period_lo,
 * period_hi). What is left before the set of the member's period and lifetime maximums and of the
 * family's (each CS_ABSENT: none), less what the plan paid on the earlier lines that count toward it
 * (the member's own only for the member's; for a period's maximum only lines dated in the period), at
 * least 0; the line is capped (cs_apply_plan_max) at the least of them. So a line the family's maximum
 * cut counts toward the member's at what was paid, not at what the member's alone allowed. Earlier
 * lines dated after `date` count nothing. Refuses a negative or out-of-range payment or amount left
 * (CS_ERR_RANGE), n < 0, and totals beyond the range of cents (CS_ERR_OVERFLOW).
 */
cs_status	cs_apply_plan_max_joint(cs_result *r, int n, const cs_date *dates, const bool *mine,
									const unsigned *toward, const cs_cents *paid, cs_date period_lo,
									cs_date period_hi, cs_date date, cs_cents period_left, cs_cents lifetime_left,
									cs_cents family_period_left, cs_cents family_lifetime_left, cs_error *err);

/*
 * Which of a line's maximums an earlier line of category cat (data NULL: none) counts toward, from the
 * line's own list (categories[0..n): each a category, data NULL for lines of none; bits[i]: its
 * CS_MAX_TOWARD_* bits): the bits of the first entry equal to cat (byte for byte; NULL matches NULL);
 * a category the list does not name counts toward none (0). Bits beyond the four maximums are dropped.
 */
unsigned	cs_max_toward_of(const cs_name *categories, const unsigned *bits, int n, cs_name cat);

#endif							/* CS_ADJUDICATE_H */
