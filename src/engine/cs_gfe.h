/*
 * cs_gfe.h — the self-pay Good Faith Estimate rules (No Surprises Act, 45 CFR 149.610; domain.md §5).
 *
 * Three rules live here once: business days (weekends and the US federal holidays of 5 U.S.C. 6103,
 * with their observed dates, computed from the calendar — no table), when a GFE is due (1 business
 * day after scheduling when the service is 3+ business days ahead, 3 business days when 10+ ahead or
 * after a request), the price of a GFE line (self-pay price less a percentage and/or a fixed
 * discount, times the sessions) and the $400 dispute rule (billed total of a provider or facility
 * at least $400 above its GFE total). Money is integer cents. Pure C; no Postgres.
 */
#ifndef CS_GFE_H
#define CS_GFE_H

#include <stdbool.h>
#include <stdint.h>

#include "cs_date.h"
#include "cs_error.h"
#include "cs_explain.h"
#include "cs_money.h"

/* The amount above the GFE from which a bill can be disputed: $400.00 */
#define CS_GFE_DISPUTE_CENTS	INT64_C(40000)

/* Day of the week of d: 0 = Sunday .. 6 = Saturday */
int			cs_weekday(cs_date d);

/* Whether d is a US federal holiday as observed (a Saturday holiday on the Friday, Sunday on Monday) */
bool		cs_us_federal_holiday(cs_date d);

/* Not a Saturday, Sunday or observed federal holiday */
bool		cs_business_day(cs_date d);

/* The business days d with from < d <= to (0 when to <= from) */
int64_t		cs_business_days_between(cs_date from, cs_date to);

/* The n-th business day after d (n >= 0; n = 0 gives d itself) */
cs_date		cs_add_business_days(cs_date d, int n);

typedef enum cs_gfe_rule
{
	CS_GFE_NOT_REQUIRED = 0,	/* scheduled fewer than 3 business days ahead, no request */
	CS_GFE_SCHEDULED_3,			/* 3..9 business days ahead: due 1 business day after scheduling */
	CS_GFE_SCHEDULED_10,		/* 10+ business days ahead: due 3 business days after scheduling */
	CS_GFE_REQUESTED			/* asked for by the patient: due 3 business days after the request */
} cs_gfe_rule;

const char *cs_gfe_rule_word(cs_gfe_rule rule);

typedef struct cs_gfe_due
{
	cs_gfe_rule rule;
	int64_t		lead_days;		/* business days from scheduling (or request) to the service */
	bool		required;
	cs_date		due;			/* valid when required */
} cs_gfe_due;

/*
 * When the GFE is due. scheduled is the day the service was scheduled (or, with requested, the day
 * the patient asked for the estimate); service is the day of the (first) service. A service before
 * the scheduling day is refused (CS_ERR_ORDER).
 */
cs_status	cs_gfe_due_date(cs_date scheduled, cs_date service, bool requested, cs_gfe_due *out,
							cs_error *err);

/*
 * One GFE line: price less percent (millionths, or CS_ABSENT) of it, rounded half up, less a fixed
 * discount (cents, or CS_ABSENT), times count (1..CS_COUNT_MAX). A discount above the price is refused.
 */
cs_status	cs_gfe_line(cs_cents price, int64_t percent, cs_cents fixed, int64_t count,
						cs_cents *unit, cs_cents *total, cs_error *err);

/* Adds a line total to a running GFE total; refuses a total above CS_MONEY_MAX */
cs_status	cs_gfe_add(cs_cents *total, cs_cents line, cs_error *err);

/*
 * The $400 rule for one provider or facility: *excess = billed - estimated (negative when billed is
 * below the GFE), *may_dispute when billed is at least CS_GFE_DISPUTE_CENTS above estimated.
 */
cs_status	cs_gfe_dispute(cs_cents estimated, cs_cents billed, bool *may_dispute, cs_cents *excess,
						   cs_error *err);

/* The notices a GFE prints, in order (title, right, sessions, total, not a bill, changes, dispute, keep) */
#define CS_GFE_N_MSGS 8

/* The GFE's notices as messages for cs_explain_render: the total and the planned sessions filled in */
int			cs_gfe_messages(cs_cents total, int64_t sessions, cs_msg *out);

#endif							/* CS_GFE_H */
