/*
 * cs_benefit271.h — pricing from a payer's 271 answer (issue 11): which EB rows give the terms of a
 * line, by a documented precedence, which source prices a line when a plan design exists too, when a
 * 271 is stale, and the median of remittance-history allowed amounts.  Pure C, no Postgres.
 */
#ifndef CS_BENEFIT271_H
#define CS_BENEFIT271_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_error.h"
#include "cs_money.h"

typedef enum cs_b271_kind
{
	CS_B271_OTHER = 0,
	CS_B271_COPAY,				/* EB01 B: amount per visit */
	CS_B271_COINSURANCE,		/* EB01 A: percent (the patient's share) */
	CS_B271_DEDUCTIBLE,			/* EB01 C */
	CS_B271_OOP,				/* EB01 G */
	CS_B271_LIMITATION,			/* EB01 F with a visit quantity */
	CS_B271_CARVE_OUT			/* EB01 U: contact another entity */
} cs_b271_kind;

typedef enum cs_b271_net
{
	CS_B271_NET_UNSTATED = 0,
	CS_B271_NET_IN,				/* EB12 Y */
	CS_B271_NET_OUT,			/* EB12 N */
	CS_B271_NET_BOTH			/* EB12 W */
} cs_b271_net;

typedef enum cs_b271_level
{
	CS_B271_LEVEL_UNSTATED = 0,
	CS_B271_LEVEL_INDIVIDUAL,
	CS_B271_LEVEL_FAMILY
} cs_b271_level;

typedef enum cs_b271_figure
{
	CS_B271_FIG_UNSTATED = 0,	/* no EB06: a period total */
	CS_B271_FIG_TOTAL,
	CS_B271_FIG_REMAINING,
	CS_B271_FIG_MET,
	CS_B271_FIG_PER_UNIT		/* per visit, per episode, per day ...: never a period figure */
} cs_b271_figure;

/*
 * A plan-paid dollar maximum an EB row states (doc/rules.md, "Lines priced from a 271 are capped"): an
 * EB01 F (limitation) row with a monetary amount (EB07) and no quantity (EB09/EB10; a quantity with VS
 * is the visit limit), by its EB06 time period qualifier: 21, 22, 23, 25 or none the benefit period's
 * maximum, 32 the lifetime maximum, 29 what is left of the period's, 33 what is left of the
 * lifetime's, 24 what was used this year; any other qualifier (27 per visit, 7 per day, ...) is a
 * per-unit cap, not a running maximum: none.
 */
typedef enum cs_b271_max
{
	CS_B271_MAX_NONE = 0,
	CS_B271_MAX_PERIOD_TOTAL,
	CS_B271_MAX_PERIOD_LEFT,
	CS_B271_MAX_PERIOD_USED,
	CS_B271_MAX_LIFETIME_TOTAL,
	CS_B271_MAX_LIFETIME_LEFT
} cs_b271_max;

/* eb06: the qualifier as sent (len 0: not sent); quantity_sent: EB09 or EB10 sent */
cs_b271_max cs_b271_max_of(cs_b271_kind kind, bool amount_sent, bool quantity_sent, const char *eb06, size_t len);

/* One EB row of one member and interchange, as the glue reads it */
typedef struct cs_b271_row
{
	cs_b271_kind kind;
	cs_b271_net net;
	cs_b271_level level;
	cs_b271_figure figure;
	int			rank;			/* specificity of the row's best service type for the line's
								 * category: 0 the most specific; < 0 the row is not for it */
	cs_cents	amount;			/* CS_ABSENT: not sent */
	int64_t		percent;		/* millionths of one; CS_ABSENT: not sent */
	int64_t		quantity;		/* visits; CS_ABSENT: not sent */
	int			auth;			/* EB11: 1 Y, 0 N, -1 not sent */
	int64_t		segment;		/* position in the interchange: first stated wins a tie */
	cs_b271_max maximum;		/* the plan-paid maximum it states (cs_b271_max_of); NONE: none */
} cs_b271_row;

/* One chosen figure: known, its value, and the segment it came from */
typedef struct cs_b271_pick
{
	bool		known;
	int64_t		value;
	int64_t		segment;
	int			rank;
	int			netscore;
	int			levelscore;
} cs_b271_pick;

typedef struct cs_b271_choice
{
	cs_b271_pick copay;
	cs_b271_pick coinsurance;
	cs_b271_pick ded_ind_total, ded_ind_remaining, ded_ind_met;
	cs_b271_pick ded_fam_total, ded_fam_remaining, ded_fam_met;
	cs_b271_pick oop_ind_total, oop_ind_remaining, oop_ind_met;
	cs_b271_pick oop_fam_total, oop_fam_remaining, oop_fam_met;
	cs_b271_pick visit_limit;
	cs_b271_pick max_period_total, max_period_left, max_period_used;
	cs_b271_pick max_lifetime_total, max_lifetime_left;
	/* the family's plan-paid maximums: EB02 FAM rows only, by the same precedence otherwise */
	cs_b271_pick max_fam_period_total, max_fam_period_left, max_fam_period_used;
	cs_b271_pick max_fam_lifetime_total, max_fam_lifetime_left;
	cs_b271_pick auth_required;
	bool		carve_out;
} cs_b271_choice;

/*
 * Chooses the figures of a line from the rows of one 271 (see the precedence in cs_benefit271.c).
 * out_of_network: the line is priced out of network (the provider does not participate).
 */
void		cs_b271_choose(const cs_b271_row *rows, size_t n, bool out_of_network, cs_b271_choice *out);

/* Unknown-term bits of cs_b271_terms */
#define CS_B271_UNKNOWN_COPAY		0x01
#define CS_B271_UNKNOWN_COINSURANCE 0x02
#define CS_B271_UNKNOWN_DEDUCTIBLE	0x04
#define CS_B271_UNKNOWN_OOP			0x08
#define CS_B271_UNKNOWN_VISITS		0x10
#define CS_B271_UNKNOWN_COUNT		5
extern const char *const cs_b271_unknown_words[CS_B271_UNKNOWN_COUNT];

/* Terms a line is priced with, from a choice; amounts CS_ABSENT when unstated */
typedef struct cs_b271_terms
{
	cs_cents	copay;
	int64_t		coinsurance;	/* millionths; 0 when unknown (then flagged) */
	bool		deductible_applies;
	cs_cents	ded_individual, ded_individual_met;
	cs_cents	ded_family, ded_family_met;
	cs_cents	oop_individual, oop_individual_met;
	cs_cents	oop_family, oop_family_met;
	int64_t		visit_limit;
	int			auth_required;	/* 1, 0, -1 not stated */
	bool		carve_out;
	unsigned	unknown;		/* CS_B271_UNKNOWN_* */
} cs_b271_terms;

/*
 * Whether the 271 states the line's own share: a copay or a coinsurance.  Without either, what the
 * patient pays after any deductible is unknown, and the line is not priced (cs_p271_decide).
 */
bool		cs_b271_share_stated(const cs_b271_terms *t);

/*
 * Maps a choice to terms and met amounts.  posted_ded / posted_oop: what the practice's ledger
 * posted for the member since the 271's as-of date (added to what the payer reported met).
 * Returns CS_OK, or an error on overflow or a remaining above its total.
 */
cs_status	cs_b271_terms_of(const cs_b271_choice *c, cs_cents posted_ded, cs_cents posted_oop,
							 cs_b271_terms *t, cs_error *err);

/*
 * The costshare.terms a line priced from a 271 is adjudicated with (estimate_271_result.priced_terms),
 * from its terms t: the copay, the coinsurance (unstated: 0), whether the deductible applies, the
 * deductible and out-of-pocket totals, the visit limit; the copay not after the deductible, covered,
 * the embedded family deductible, the line's network (out_of_network), half-up rounding, a copay per
 * line; family coverage as the coverage level of the enrollment priced with says (family_level 1
 * family, 0 another level, -1 none known); everything else costshare.terms()'s default. Checked as
 * costshare.terms() checks its arguments (amounts 0 .. 1000000000.00, a rate 0 .. 1, a count, then
 * cs_terms_check), the first problem first. bucket and credits: none.
 */
struct cs_benefit_terms;
cs_status	cs_b271_line_terms(const cs_b271_terms *t, int family_level, bool out_of_network,
							   struct cs_benefit_terms *out, cs_error *err);

/*
 * What is left of the 271's plan-paid maximums before a line (chosen by cs_b271_choose with the
 * precedence of every other figure; the member's: IND rows before rows without EB02, never a FAM row,
 * which is the family's: cs_b271_max_fam_left).
 * paid_period / paid_lifetime: what the plan paid on the member's ledger lines posted since the 271
 * that the same maximum rows apply to (cs_p271_max_toward) (cs_p271_posted_since: in the 271's period for the period's maximum). The period's:
 * its stated remainder (29) less paid_period, or its total less what the 271 says was used this
 * year (24; none: 0) less paid_period; the lesser of the two when both are stated. The lifetime's: its remainder (33), else its total (32), less
 * paid_lifetime. Each at least 0 (cs_plan_max_left); CS_ABSENT when the 271 states no such maximum.
 * A remainder above its total is refused (CS_ERR_INCONSISTENT), as for the deductible.
 */
cs_status	cs_b271_max_left(const cs_b271_choice *c, cs_cents paid_period, cs_cents paid_lifetime,
							 cs_cents *period_left, cs_cents *lifetime_left, cs_error *err);

/*
 * The same for the family's plan-paid maximums (the EB02 FAM rows: max_fam_*), by the same rule;
 * paid_period / paid_lifetime: what the plan paid since the load on the family's ledger lines the same
 * maximum rows apply to (every member of the family on the plan; cs_p271_posted.fam_plan_paid_*).
 */
cs_status	cs_b271_max_fam_left(const cs_b271_choice *c, cs_cents paid_period, cs_cents paid_lifetime,
								 cs_cents *period_left, cs_cents *lifetime_left, cs_error *err);

/*
 * A contradiction among the figures a line is priced with (issue 10: "stored 271 data never makes an
 * estimate fail later"): the one rule both the estimate (cs_b271_terms_of, cs_b271_max_left,
 * cs_b271_max_fam_left) and load_271 (cs_p271_stored_conflict, over every line a 271 could price) refuse
 * by, in the estimate's order: the member's plan-paid maximums, the family's, then the deductible and
 * out-of-pocket figures (individual, family).
 *   MAX_PERIOD_LEFT    the period maximum's remainder (29) above its total (23, 21, 22, 25, none)
 *   MAX_PERIOD_USED    what was used of it this year (24) above its total
 *   MAX_LIFETIME_LEFT  the lifetime maximum's remainder (33) above its total (32)
 *   DED_REMAINING / OOP_REMAINING  a remaining (29) above its total, no met (24) stated (met = total -
 *                      remaining would be negative; a stated met is used instead and nothing contradicts)
 *   DED_TOTAL_RANGE / OOP_TOTAL_RANGE  no total: remaining + met (the total it implies) above the money
 *                      range (costshare.terms would refuse it)
 */
typedef enum cs_b271_conflict_kind
{
	CS_B271_CONFLICT_NONE = 0,
	CS_B271_CONFLICT_MAX_PERIOD_LEFT,
	CS_B271_CONFLICT_MAX_PERIOD_USED,
	CS_B271_CONFLICT_MAX_LIFETIME_LEFT,
	CS_B271_CONFLICT_DED_REMAINING,
	CS_B271_CONFLICT_OOP_REMAINING,
	CS_B271_CONFLICT_DED_TOTAL_RANGE,
	CS_B271_CONFLICT_OOP_TOTAL_RANGE
} cs_b271_conflict_kind;

typedef struct cs_b271_conflict
{
	cs_b271_conflict_kind kind;
	bool		family;			/* the family's figures (EB02 FAM); else the member's */
	int64_t		segment;		/* the figure above (the remaining, used; for a range: the remaining) */
	int64_t		other;			/* the figure it contradicts (the total; for a range: the met) */
} cs_b271_conflict;

/* The first contradiction among a choice's figures, in the order above; false (kind NONE) when none */
bool		cs_b271_choice_conflict(const cs_b271_choice *c, cs_b271_conflict *out);

/* The error the estimate raises for a contradiction (the messages it always gave); returns its status */
cs_status	cs_b271_conflict_fail(const cs_b271_conflict *k, cs_error *err);

/* Which source prices a line */
typedef enum cs_b271_source
{
	CS_B271_SRC_NONE = 0,
	CS_B271_SRC_PLAN,
	CS_B271_SRC_271
} cs_b271_source;

/* prefer_271: the per-payer / per-plan choice when both a plan design and a 271 cover the line */
cs_b271_source cs_b271_source_of(bool plan_covers, bool have_271, bool prefer_271);

/*
 * Whether a loaded 271 would price the line (cs_b271_source_of with a 271): no plan design states
 * the line's benefits, or the policy prefers the 271. The estimate and eligibility ask the 271 path
 * (the C 271 pricing, src/glue/lookup.c call_price_271, which decides) only then, and only for a member with a loaded 271.
 */
bool		cs_b271_may_price(bool plan_covers, bool prefer_271);

/*
 * Coverage a 271 states for a date (EB01 1-5 active, 6-8 inactive), each EB with the period it states
 * (its eligibility period, else its plan period; none: every date).  Days as in cs_date.h; hi is
 * exclusive, CS_B271_OPEN for an open end.
 */
#define CS_B271_OPEN INT64_MAX
typedef struct cs_b271_cov
{
	bool		active;			/* EB01 1-5; false: 6-8 */
	bool		has_period;
	int64_t		lo,
				hi;				/* [lo, hi) */
} cs_b271_cov;

typedef enum cs_b271_coverage
{
	CS_B271_COV_UNSTATED = 0,	/* no active or inactive EB at all */
	CS_B271_COV_ACTIVE,			/* an active EB covers the date */
	CS_B271_COV_INACTIVE,		/* no active EB covers it, an inactive one does */
	CS_B271_COV_OUTSIDE			/* active EBs, none for the date, and no inactive one for it */
} cs_b271_coverage;

/* Active wins over inactive on the same date (a 271 may state both for different service types) */
cs_b271_coverage cs_b271_coverage_on(const cs_b271_cov *rows, size_t n, int64_t date);

/* A 271 as of as_of (days) is stale on today when older than max_age days; max_age < 0: never */
bool		cs_b271_stale(int64_t as_of, int64_t today, int64_t max_age);

/* Median of n amounts (sorted in place); an even count takes the mean of the two middle ones,
 * rounded half up to the cent.  n must be > 0. */
cs_cents	cs_median_cents(cs_cents *v, size_t n);

#endif							/* CS_BENEFIT271_H */
