/*
 * cs_price271.h — the decisions of pricing a line from a member's loaded 271 (issue 10: "every decision
 * of an estimate lives once in the pure engine"), as the PL/pgSQL costshare.price_271 made them until
 * then (test/reference/price_271_1_2.sql) and the C estimate makes them now (src/glue/lookup.c):
 * which loaded 271 is the member's latest, the network of a line the caller does not place, the rank of an EB row for the line's category, the ledger lines posted since the load and the visits
 * of the category in the 271's period, that period, the allowed amount's source, the carve-out's
 * administrator, the stale-age setting, and the status with its reasons.  The terms themselves are
 * cs_benefit271.h's (cs_b271_choose / cs_b271_terms_of), the coverage on the date cs_b271_coverage_on,
 * the adjudication cs_line.h's.  Pure C, no allocation, no Postgres.
 */
#ifndef CS_PRICE271_H
#define CS_PRICE271_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_adjudicate.h"
#include "cs_benefit271.h"
#include "cs_date.h"
#include "cs_error.h"
#include "cs_money.h"

/*
 * The member's latest 271: the latest as-of date, then the latest load (x12_load.loaded_at, any
 * monotonic clock value).  Whether a candidate (as_of, loaded_at) replaces the one taken so far (have,
 * taken_as_of, taken_loaded); an exact tie keeps the one taken.
 */
bool		cs_p271_later(int64_t as_of, int64_t loaded_at, bool have, int64_t taken_as_of, int64_t taken_loaded);

/*
 * The network of the line: as the caller says (oon_stated, oon); else out of network when a provider
 * is named and does not participate in the member's plan on the date (participates), else in.
 */
bool		cs_p271_out_of_network(bool oon_stated, bool oon, bool provider_named, bool participates);

/*
 * The rank of an EB row for the line's category (cs_b271_row.rank): with a category, the lowest rank
 * (service_type_category.rank) among the row's service types listed for it, type_ranks[i] < 0 for a
 * type not listed; none listed: -1 (the row is not for the category).  Without a category (the line's
 * code is not on file), only a row for the plan coverage (30) is for it, at rank 0.
 */
int			cs_p271_row_rank(bool have_category, const int *type_ranks, size_t n, bool plan_coverage_type);
#define CS_P271_PLAN_COVERAGE_TYPE "30"

/*
 * One accumulator_ledger line of the member with the 271's payer.  cs_p271_mark_versions says which
 * version of its claim line is the latest (the highest claim_version of the payer, claim id and line)
 * and which is the baseline (the highest recorded by the time the 271 was loaded: the 271's figures
 * reflect it); the glue says whether its status counts (cs_ledger_status_counts); a NULL amount is not
 * known.
 */
typedef struct cs_p271_ledger_line
{
	bool		latest;
	bool		status_counts;
	int64_t		recorded_at;	/* same clock as the load's loaded_at */
	bool		same_category;	/* its category IS NOT DISTINCT FROM the line's */
	cs_date		service_date;
	bool		deductible_known,
				copay_known,
				coinsurance_known,
				visits_known;
	cs_cents	deductible,
				copay,
				coinsurance;
	int64_t		visits;
	/* what the plan paid on it: plan_paid as recorded, else allowed less the patient's share */
	bool		plan_paid_known,
				allowed_known;
	cs_cents	plan_paid,
				allowed;
	bool		baseline;		/* the version the 271 reflects (cs_p271_mark_versions) */
	/*
	 * Whose line this version is (doc/rules.md, "the family"): false, false — the member's, in the
	 * family (the enrollment's family_id with the 271's plan). other_member: another member's version
	 * (it counts toward the family's maximum only); outside_family: a version of another family or plan
	 * (it counts toward the family's maximum not at all). A version neither the member's nor the
	 * family's (both set: a later version moved out, read only to mark the versions) counts toward
	 * nothing, but supersedes the earlier ones: the member and the family get back what the 271 counted.
	 */
	bool		other_member;
	bool		outside_family;
	/*
	 * which of the line's plan-paid maximums this version counts toward (CS_P271_TOWARD_*): those whose
	 * row the 271's choice for this version's own category (and network) picks too (cs_p271_max_toward);
	 * same_category above decides the visits only
	 */
	unsigned	max_toward;
} cs_p271_ledger_line;

/*
 * The plan-paid maximum rows a line's choice takes (cs_b271_choose: the segments of its max_* picks, -1
 * where none is chosen), the member's and the family's: the identity of the maximums applied to it.
 */
typedef struct cs_p271_max_rows
{
	int64_t		period[3];		/* max_period_total, max_period_left, max_period_used */
	int64_t		lifetime[2];	/* max_lifetime_total, max_lifetime_left */
	int64_t		fam_period[3];	/* the same of the family's (max_fam_*) */
	int64_t		fam_lifetime[2];
} cs_p271_max_rows;

void		cs_p271_max_rows_of(const cs_b271_choice *c, cs_p271_max_rows *out);

/* the bits of cs_apply_plan_max_joint's toward (cs_adjudicate.h) */
#define CS_P271_TOWARD_PERIOD		CS_MAX_TOWARD_PERIOD	/* the member's period maximum */
#define CS_P271_TOWARD_LIFETIME		CS_MAX_TOWARD_LIFETIME	/* the member's lifetime maximum */
#define CS_P271_TOWARD_FAM_PERIOD	CS_MAX_TOWARD_FAM_PERIOD	/* the family's period maximum */
#define CS_P271_TOWARD_FAM_LIFETIME CS_MAX_TOWARD_FAM_LIFETIME	/* the family's lifetime maximum */
#define CS_P271_TOWARD_ALL			CS_MAX_TOWARD_ALL

/*
 * Which of a line's plan-paid maximums (line: the rows its own choice takes) an earlier line counts
 * toward (other: the rows the same 271's choice takes for that line's category and network): a
 * maximum when the two choices take the same row (segment) for any of its figures — the same maximum
 * applies to both. So a line of a category the maximum's service types cover counts whatever its own
 * category, and one the maximum does not apply to (another category, another network's maximum)
 * does not. CS_P271_TOWARD_* bits.
 */
unsigned	cs_p271_max_toward(const cs_p271_max_rows *line, const cs_p271_max_rows *other);

/*
 * Whether the member's own ledger version is outside the family (cs_p271_ledger_line.outside_family):
 * family_known, the member has an enrollment with the 271's payer on the date (its family_id and plan
 * are "the family"); of_family, the version's family_id and plan_id are that family's. A member with no
 * such enrollment has no family on file, but the family maximum her 271 states (EB02 FAM) is her
 * family's whatever it is, and her own lines are her family's: none of them is outside (as
 * estimate_many's batch counts her lines toward it).
 */
bool		cs_p271_own_outside_family(bool family_known, bool of_family);

/*
 * Marks each line's latest and baseline: group[i] names the claim line (the same number for the
 * versions of one payer, claim id and line number), version[i] its claim_version. The latest is the
 * highest version of the group; the baseline the highest recorded at or before loaded_at (none when
 * every version came later). In a pass when group is in ascending order (each claim line's versions
 * adjacent); in any other order every line is compared with every other.
 */
void		cs_p271_mark_versions(cs_p271_ledger_line *lines, size_t n, const int32_t *group,
								  const int32_t *version, int64_t loaded_at);

/*
 * What the ledger adds to a 271: what changed since the 271 was loaded, per claim line — the latest
 * version when it was recorded after the load, less the baseline (the version the 271 reflects) when a
 * later one superseded it (each only when its status counts): a line first posted after the load adds
 * its amounts, a line re-versioned after the load adds only the difference, a line reversed after the
 * load gives its baseline's amounts back (a sum may be negative). Of the deductible and out-of-pocket
 * (deductible + copay + coinsurance) of the lines dated in the 271's period (its figures are the
 * period's: a version dated outside it neither adds nor gives back); and the visits of the
 * line's category in the 271's period ([period_lo, period_hi); period_lo_inf, period_hi_inf: no start,
 * no end) before the date of service, whatever their recording time.  A line with an unknown
 * amount adds nothing to a sum it is unknown in (SQL sum over NULL).
 */
typedef struct cs_p271_posted
{
	cs_cents	deductible;
	cs_cents	out_of_pocket;
	int64_t		visits;
	/*
	 * toward the 271's plan-paid maximums (cs_b271_max_left): what changed since the load (as above) of
	 * what the plan paid on the lines dated up to the date of service that count toward the line's
	 * maximum (max_toward: the 271's choice for their own category takes the same row, whatever the
	 * category): all of them (lifetime), those dated in the period (period). What the plan paid is
	 * plan_paid, else allowed - deductible - copay - coinsurance (at least 0) when all are known, else
	 * unknown: counted 0, and plan_paid_unknown says so.
	 */
	cs_cents	plan_paid_period;
	cs_cents	plan_paid_lifetime;
	bool		plan_paid_unknown;
	/*
	 * the same over the family's lines (every version not outside_family, whichever member's): toward
	 * the family's plan-paid maximums (cs_b271_max_fam_left). The deductible, out-of-pocket and visits
	 * above are the member's own lines' (not other_member).
	 */
	cs_cents	fam_plan_paid_period;
	cs_cents	fam_plan_paid_lifetime;
	bool		fam_plan_paid_unknown;
} cs_p271_posted;

cs_status	cs_p271_posted_since(const cs_p271_ledger_line *lines, size_t n, int64_t loaded_at,
								 bool period_lo_inf, cs_date period_lo, bool period_hi_inf, cs_date period_hi, cs_date date,
								 cs_p271_posted *out, cs_error *err);

/*
 * What is left of the 271's plan-paid maximums before the line: the rows of the 271 chosen for the
 * line's category and network by the precedence of its other terms (cs_b271_choose), less what the
 * ledger shows the plan paid since (posted: cs_p271_posted_since), by cs_b271_max_left. Each CS_ABSENT
 * when the 271 states no such maximum. The glue caps the adjudicated line with cs_apply_plan_max.
 */
cs_status	cs_p271_plan_max(const cs_b271_row *rows, size_t n, bool out_of_network, const cs_p271_posted *posted,
							 cs_cents *period_left, cs_cents *lifetime_left, cs_error *err);

/*
 * The same for the family's plan-paid maximums (the 271's EB02 FAM rows, cs_b271_max_fam_left), less
 * what the plan paid since the load on the family's lines (posted->fam_plan_paid_*). The line is capped
 * at the lesser of the member's and the family's (cs_p271_plan_max_lesser of each).
 */
cs_status	cs_p271_plan_max_family(const cs_b271_row *rows, size_t n, bool out_of_network,
									const cs_p271_posted *posted, cs_cents *period_left, cs_cents *lifetime_left,
									cs_error *err);

/*
 * load_271's check (issue 10: stored 271 data never makes an estimate fail later): the first
 * contradiction (cs_b271_choice_conflict) among one member's figures of one 271 that a line could be
 * priced with. A line takes its figures by the estimate's own rule (cs_b271_choose) with the ranks of its
 * category's service types (cs_p271_row_rank): so every category of service_type_category (ranks, its
 * rows: category numbered 0 .. ncategories - 1) and a line without one (its code not on file: plan
 * coverage 30 only), each in and out of network, is tried; a 271 none of whose lines meets a
 * contradiction loads, and no estimate of it meets one (the same predicate refuses it there). The first:
 * the lowest (segment, other) among those found. rows[i].row's rank is ignored (set per category in
 * work, room for n rows). Returns whether one was found.
 */
typedef struct cs_p271_stored_row
{
	cs_b271_row row;			/* as the estimate converts it; rank ignored */
	const cs_name *types;		/* EB03 service types; data NULL: a NULL element */
	int			ntypes;
	cs_name		eb06;			/* the time period qualifier as sent (data NULL: none), for the message */
} cs_p271_stored_row;

typedef struct cs_p271_type_rank
{
	int			category;		/* 0 .. ncategories - 1 */
	cs_name		type;
	int			rank;
} cs_p271_type_rank;

bool		cs_p271_stored_conflict(const cs_p271_stored_row *rows, size_t n, const cs_p271_type_rank *ranks,
									size_t nranks, int ncategories, cs_b271_row *work, cs_b271_conflict *out);

/*
 * load_271's error for a contradiction found among rows: the estimate's message and status
 * (cs_b271_conflict_fail), a detail saying which figures contradict (EB01 and EB06 of its segments, no
 * amount, no member data; the caller prefixes the segments and interchange) and a hint to ask the payer
 * for a corrected 271. Returns its status.
 */
cs_status	cs_p271_stored_conflict_fail(const cs_b271_conflict *k, const cs_p271_stored_row *rows, size_t n,
										 cs_error *err);

/* Whether the 271 states a family plan-paid maximum for the line (the glue reads the family's lines then) */
bool		cs_p271_family_max_stated(const cs_b271_row *rows, size_t n, bool out_of_network);

/*
 * Whether a ledger line counted toward a stated maximum has no known plan payment: the member's
 * lines when the member's maximums are stated (period_left or lifetime_left not CS_ABSENT), the
 * family's when the family's are (fam_*).
 */
bool		cs_p271_plan_paid_unknown(const cs_p271_posted *posted, cs_cents period_left, cs_cents lifetime_left,
									  cs_cents fam_period_left, cs_cents fam_lifetime_left);

/*
 * What the plan could still pay for the category before the line (estimate_result.plan_max_left): the
 * lesser of the two remainders; CS_ABSENT when the 271 states neither.
 */
cs_cents	cs_p271_plan_max_lesser(cs_cents period_left, cs_cents lifetime_left);

/*
 * The reasons the 271's maximums add to the line's (after cs_p271_decide's), into out (room for
 * CS_P271_MAX_CAP_REASONS); returns how many: plan_maximum_reached when the cap cut the plan's payment
 * (excess, cs_result.plan_max_excess, > 0); plan_paid_unknown when a maximum is stated and a ledger line
 * counted toward it has no known plan payment (cs_p271_posted.plan_paid_unknown).
 */
#define CS_P271_MAX_CAP_REASONS 2
int			cs_p271_plan_max_reasons(cs_cents excess, bool plan_paid_unknown, cs_cents period_left,
									 cs_cents lifetime_left, const char **out);

/*
 * The period the 271's visit limit counts in: the plan period of its first active EB row (by segment)
 * that covers the date (have_period) when it has an end (true); else (false) the benefit period of
 * the date (cs_period_start, as costshare.benefit_period) starting on the month and day of the plan
 * period's start (a start only: the plan year the date falls in), or on January 1 (none).
 */
bool		cs_p271_period_stated(bool have_period, bool hi_inf);

/* Whether an active EB row's plan period [lo, hi) (hi CS_B271_OPEN: no end) is the one for the date */
bool		cs_p271_period_covers(bool lo_inf, cs_date lo, bool hi_inf, cs_date hi, cs_date date);

/* Where the allowed amount comes from */
typedef enum cs_p271_allowed_src
{
	CS_P271_ALLOWED_NONE = 0,
	CS_P271_ALLOWED_ESTIMATE,	/* the plan design's estimate found one (its own source word) */
	CS_P271_ALLOWED_FEE,		/* a fee_schedule row of the 271's payer: "fee_schedule" */
	CS_P271_ALLOWED_REMIT		/* the practice's remittance history with the payer: "remittance_history" */
} cs_p271_allowed_src;

/*
 * Which source the allowed amount comes from, in order: the estimate's, else a fee row, else (with a
 * payer) the remittance history.  The glue looks the later ones up only when this asks for them:
 * cs_p271_allowed_asks_fee / _remit.
 */
bool		cs_p271_allowed_asks_fee(bool estimate_known);
bool		cs_p271_allowed_asks_remit(bool estimate_known, bool fee_known, bool payer_known);
cs_p271_allowed_src cs_p271_allowed_source(bool estimate_known, bool fee_known, bool payer_known, bool remit_known);
const char *cs_p271_allowed_word(cs_p271_allowed_src s);	/* NULL for the estimate's own / none */
#define CS_P271_ALLOWED_BILLED "billed"	/* the charge was lower than the allowed amount */

/*
 * The count of remitted lines behind the allowed amount (estimate_result.allowed_lines): when the
 * remittance history was asked (cs_p271_allowed_asks_remit), its count, whether or not it gave an
 * amount; else the estimate's when its amount is the one used or no amount was found; else none (a
 * fee row).  Returns whether there is one; *out the count.
 */
bool		cs_p271_allowed_lines(bool remit_asked, int64_t remit_lines, cs_p271_allowed_src src,
								  bool estimate_lines_known, int64_t estimate_lines, int64_t *out);

/*
 * The fee row the 271's line takes among the payer's rows for the code on the date with an amount and
 * the member's plan or no plan: the plan's own row first, then the highest modifier (modifier_cmp:
 * the collation's comparison of a's modifier with b's), then a row with a credential, then one with a
 * state.  Whether row a goes before row b.
 */
typedef struct cs_p271_fee_row
{
	bool		plan_stated;
	bool		credential_stated;
	bool		state_stated;
} cs_p271_fee_row;

bool		cs_p271_fee_before(const cs_p271_fee_row *a, const cs_p271_fee_row *b, int modifier_cmp);

/*
 * The carve-out's administrator (estimate_271_result.carve_out_admin): the first party of the first EB01
 * U row (by segment) of the category that names one, written "last first, id" (parts not sent left
 * out, an empty name left out).  The glue hands the rows in segment order and asks for each whether it
 * is taken; then formats its first party.
 */
bool		cs_p271_carve_out_row(bool contact_other_entity, bool have_category, bool any_type_listed,
								  size_t parties);
/* Writes the text into buf (NUL-terminated); returns its length, or -1 when it does not fit */
int			cs_p271_party_text(const char *last, const char *first, const char *id, char *buf, size_t size);

/*
 * costshare.stale_271_days: unset or "" the default (30); else an optional '-' and 1 to 6 digits
 * (a negative age: never stale).  false when the text is not such a number.
 */
#define CS_P271_STALE_DAYS_DEFAULT 30
bool		cs_p271_stale_setting(const char *s, int64_t *out);

/* The status of a line priced from a 271 */
typedef enum cs_p271_status
{
	CS_P271_ELIGIBLE = 0,
	CS_P271_NOT_ELIGIBLE,		/* the 271 states no active coverage on the date */
	CS_P271_CARVED_OUT,			/* another entity administers the category */
	CS_P271_LIMIT_REACHED,		/* no visits left under the 271's visit limit */
	CS_P271_AUTH_REQUIRED		/* the 271 requires an authorization none on file satisfies */
} cs_p271_status;

#define CS_P271_MAX_REASONS 5
typedef struct cs_p271_decision
{
	cs_p271_status status;
	int			nreasons;
	const char *reasons[CS_P271_MAX_REASONS];
	bool		adjudicate;		/* an allowed amount and a status that prices: the line is adjudicated */
} cs_p271_decision;

/*
 * The status, in order: the 271's coverage on the date (inactive or outside: not_eligible), a
 * carve-out, the visit limit (visits_left_known and 0 left), an authorization the 271 requires
 * (auth_required 1) that none on file satisfies (auth_on_file: asked only then, see
 * cs_p271_asks_auth), else eligible.  Reasons: 271_benefits, the status's own, out_of_network,
 * no_fee_schedule (no allowed amount), no_benefit_data (share_stated false: the 271 states neither a
 * copay nor a coinsurance for the line, so what the patient pays after any deductible is unknown).
 * The line is adjudicated only with an allowed amount, a stated share, and a status that prices
 * (not not_eligible, not carved_out): a 271 that is silent on the line's cost sharing gives no
 * number rather than a patient share of 0 (cs_b271_share_stated).
 */
bool		cs_p271_asks_auth(cs_b271_coverage cov, bool carve_out, bool visits_left_known, int64_t visits_left,
							  int auth_required);
void		cs_p271_decide(cs_b271_coverage cov, bool carve_out, bool visits_left_known, int64_t visits_left,
						   int auth_required, bool auth_on_file, bool out_of_network, bool allowed_known,
						   bool share_stated, cs_p271_decision *out);
const char *cs_p271_status_word(cs_p271_status s);

#endif							/* CS_PRICE271_H */
