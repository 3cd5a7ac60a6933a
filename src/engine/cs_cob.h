/*
 * cs_cob.h — coordination of benefits: what a later payer pays on one line after an earlier payer.
 *
 * domain.md §6. The earlier payer's line (its allowed amount, what it paid, what the patient owed after
 * it) is given; the later payer adjudicates the line as if it were primary (its "normal benefit" N2,
 * crediting its own deductible and out-of-pocket as the NAIC model has the secondary plan do) and then
 * pays by its plan's coordination method:
 *
 *   standard / traditional   min(N2 + reserve, A2 - P1), the saving N2 - paid kept as a benefit
 *                            reserve that later claims of the same period may use
 *   non_duplication          max(0, N2 - P1)
 *   carve_out                the same arithmetic as non-duplication
 *   maintenance_of_benefits  the later plan's benefit on what is left: adjudicate(A2 - P1).plan_pays
 *   medicare_secondary       42 CFR 411.33(a): the lowest of (1) the charge, or the amount the provider
 *                            must accept if less, minus P1; (2) what Medicare pays as primary (N2);
 *                            (3) the higher of Medicare's amount and the primary's allowable, minus P1
 *   medicaid                 payer of last resort: min(A2 - P1, what the patient still owes); QMB and
 *                            full-benefit duals owe no Medicare cost sharing, so what Medicaid does not
 *                            pay is written off by the provider (the patient owes at most Medicaid's
 *                            own copay)
 *
 * Every method pays at least 0 and at most what the patient still owed after the earlier payer, so
 * patient + every payer's payment + write-off = allowed + balance bill of the earlier line. Pure C.
 */
#ifndef CS_COB_H
#define CS_COB_H

#include <stdbool.h>

#include "cs_adjudicate.h"
#include "cs_date.h"
#include "cs_error.h"
#include "cs_money.h"

typedef enum cs_cob_method
{
	CS_COB_STANDARD = 0,
	CS_COB_NON_DUPLICATION,
	CS_COB_CARVE_OUT,
	CS_COB_MAINTENANCE_OF_BENEFITS,
	CS_COB_MEDICARE_SECONDARY,
	CS_COB_MEDICAID,
	CS_COB_METHOD_COUNT
} cs_cob_method;

/* The earlier payer's line, as its breakdown gives it */
typedef struct cs_cob_prior
{
	cs_cents	allowed;		/* A1: the earlier payer's allowable */
	cs_cents	balance_bill;	/* what the provider may bill above A1 (0 in network) */
	cs_cents	plan_pays;		/* P1: what the earlier payer paid */
	cs_cents	patient_pays;	/* what the patient owed after it: A1 + balance bill - P1 */
} cs_cob_prior;

typedef struct cs_cob_result
{
	cs_cob_method method;
	cs_cents	allowed;		/* A2: the later payer's allowable */
	cs_cents	normal_benefit; /* N2: what it would pay as primary */
	cs_cents	secondary_pays; /* what it pays */
	cs_cents	patient_pays;	/* what the patient owes after both */
	cs_cents	written_off;	/* what the provider may not collect (Medicaid) */
	cs_cents	reserve_used;	/* benefit reserve spent on this line (standard) */
	cs_cents	reserve_after;	/* benefit reserve left for later lines of the period (standard) */
	cs_cents	plan_max_excess;	/* what it would have paid above what is left of its own plan-paid
									 * maximum (cs_coordinate_max): stays with the patient */
	cs_result	normal;			/* the later payer's own adjudication: its accumulators after */
} cs_cob_result;

bool		cs_cob_method_from_word(const char *w, size_t len, cs_cob_method *out);
const char *cs_cob_method_word(cs_cob_method m);

/*
 * How a plan coordinates when it pays after another: its own stated method (plan.cob_method) when it
 * states one, else by the payer's type — Medicare pays as Medicare secondary payer (42 CFR 411.33),
 * Medicaid as payer of last resort, any other plan by the standard (traditional) method.
 */
cs_cob_method cs_cob_method_for(bool stated, cs_cob_method stated_method, bool medicare, bool medicaid);

/* The earlier line must balance: patient + plan = allowed + balance bill, every amount in range */
cs_status	cs_cob_prior_check(const cs_cob_prior *p, cs_error *err);

/*
 * Coordinate one line. allowed: A2, CS_ABSENT = the earlier payer's allowable. billed: the charge,
 * CS_ABSENT when not given (then the amount the provider must accept is A1 + balance bill). reserve:
 * the later payer's benefit reserve available in this period (0 when none). t, acc: the later payer's
 * terms and accumulators.
 */
cs_status	cs_coordinate(const cs_cob_prior *prior, const cs_terms *t, const cs_accum *acc,
						  cs_cob_method method, cs_cents allowed, cs_cents billed, cs_cents reserve,
						  cs_cob_result *out, cs_error *err);

/*
 * Coordinate one line under the later payer's own plan-paid maximum (its benefit's plan_max_period and
 * plan_max_lifetime, doc/rules.md step 10): period_left and lifetime_left are what is left of each before
 * the line (CS_ABSENT: no such maximum; else at least 0). The later payer's normal benefit N2 is what it
 * would pay as primary, so it is capped first (cs_apply_plan_max on its own adjudication: N2 at most
 * left, reason 119); the method's payment, reserve included, is then at most left as well. What the
 * payer would have paid without the maximum, less what it pays, is plan_max_excess: it stays with the
 * patient (patient_pays), as on the primary's line; the normal adjudication then carries reason 119.
 * The benefit reserve credits the capped N2 - paid. Both CS_ABSENT: exactly cs_coordinate.
 */
cs_status	cs_coordinate_max(const cs_cob_prior *prior, const cs_terms *t, const cs_accum *acc,
							  cs_cob_method method, cs_cents allowed, cs_cents billed, cs_cents reserve,
							  cs_cents period_left, cs_cents lifetime_left, cs_cob_result *out, cs_error *err);

/*
 * A later payer's plan-paid maximum within a batch (costshare.estimate_many): what that payer paid on the
 * member's earlier lines of the batch of the same plan, n of them, in date order (dates, paid; same[i]:
 * of the same category as this line). *period_paid: those dated in this line's benefit period
 * [period_lo, period_hi); *lifetime_paid: all of them; lines dated after `date` count nothing. The
 * remainders are then cs_plan_max_left(left before the batch, paid).
 */
cs_status	cs_plan_max_batch_paid(int n, const cs_date *dates, const bool *same, const cs_cents *paid,
								   cs_date period_lo, cs_date period_hi, cs_date date, cs_cents *period_paid,
								   cs_cents *lifetime_paid, cs_error *err);

/*
 * The line as the next payer sees it after this one (a third payer after the second): both payments
 * together are the earlier payers' (plan_pays = P + paid), the patient owes what is left after both, and
 * what this payer had the provider write off (Medicaid) is no longer collectable: it comes off the
 * balance bill first, then off the allowed amount. The result balances as cs_cob_prior_check requires.
 */
cs_status	cs_cob_prior_next(const cs_cob_prior *prior, const cs_cob_result *r, cs_cob_prior *next,
							  cs_error *err);

/*
 * The benefit reserve across claims (standard method). A later payer's coordinated claim lines are
 * recorded (costshare.accumulator_ledger: cob_normal_benefit N2 and cob_paid); the reserve is the
 * member's, per later plan and benefit period (the NAIC model keeps it "for the covered person"): in
 * service-date order each counted line adds N2 - paid, and the reserve never falls below 0 (a line that
 * used more than the reserve then left, because an earlier line was reversed since, is not clawed back).
 *
 * A line is identified by claim id and line number (within the one plan the lines are read from); its
 * latest version counts when its status is pending or final, N2 and paid are recorded, it lies in the
 * period [period_lo, period_hi) and its date of service is on or before the date of the line being
 * coordinated. An estimated or reversed latest version counts nothing, nor does an earlier version.
 */
typedef struct cs_cob_record
{
	const char *claim_id;		/* not NUL-terminated: claim_len bytes */
	int			claim_len;
	int32_t		line_no;
	int32_t		version;
	bool		counts;			/* status pending or final */
	bool		recorded;		/* cob_normal_benefit and cob_paid are both given */
	cs_date		service_date;
	cs_cents	normal_benefit; /* N2 of the line */
	cs_cents	paid;			/* what the later payer paid on it */
} cs_cob_record;

/*
 * The reserve on record for a line on `date` in the period [period_lo, period_hi): recs (reordered in
 * place) are every version of the member's lines of the later plan. *used: how many lines counted.
 */
cs_status	cs_cob_reserve_on_record(cs_cob_record *recs, int n, cs_date period_lo, cs_date period_hi,
									 cs_date date, cs_cents *reserve, int *used, cs_error *err);

/*
 * Where a line's reserve starts when lines are coordinated one after another (costshare.estimate_many):
 * the reserve_after of the member's previous line of the batch when that line's date lies in this
 * line's period of the later plan [period_lo, period_hi) and is not after this line's date (a reserve
 * built by a later claim is not this line's, as a later line's payment does not count toward the plan's
 * maximums: cs_plan_max_batch_paid), else the reserve on record (up to the date).
 */
cs_cents	cs_cob_reserve_start(bool carried, cs_date carried_date, cs_cents carried_reserve,
								 cs_date period_lo, cs_date period_hi, cs_date date, cs_cents on_record);

/*
 * Which later payers coordinate a line of costshare.estimate (issue 10). The primary priced the line;
 * the member has `coverages` coverages on the date. Payer `rank` (2: the second, 3: the third, 4: the
 * fourth, which stands for every one beyond) is then: coordinated (the second always; the third only
 * when the second priced the line, earlier_priced), reported as not priced (the third after a second
 * that could not price it; the fourth always, never coordinated), or not there (fewer coverages, or a
 * rank beyond the fourth, whose reason the fourth's already gives). Ranks are asked 2, 3, 4 in order;
 * the reasons so added come in that order, after the one a coordinated payer adds itself.
 */
#define CS_COB_LAST_RANK 4

typedef enum cs_cob_step
{
	CS_COB_STEP_NONE = 0,		/* no such payer: nothing to do, no reason */
	CS_COB_STEP_COORDINATE,		/* coordinate the line (cs_cob_not_priced_reason when it cannot) */
	CS_COB_STEP_NOT_PRICED		/* not coordinated: add cs_cob_not_priced_reason(rank) */
} cs_cob_step;

cs_cob_step cs_cob_payer_step(int coverages, int rank, bool earlier_priced);

/*
 * The reason words of a later payer's line: it could not price it (secondary_not_priced,
 * third_payer_not_priced, fourth_payer_not_priced: rank 2, 3, 4 or beyond), or its own plan-paid
 * maximum cut what it pays (secondary_plan_maximum_reached, third_payer_plan_maximum_reached: rank 2,
 * 3; NULL for any other rank, which is never coordinated).
 */
const char *cs_cob_not_priced_reason(int rank);
const char *cs_cob_plan_max_reason(int rank);

/*
 * Whether the later payer's coordination needs the benefit reserve (the one on record, or one a batch
 * carries): its method word is exactly "standard" (as line_context states the method) and the line's
 * benefit period, family and plan are known. Otherwise the reserve is 0.
 */
bool		cs_cob_reserve_needed(const char *method, size_t len, bool period_known, bool family_known,
								  bool plan_known);

#endif							/* CS_COB_H */
