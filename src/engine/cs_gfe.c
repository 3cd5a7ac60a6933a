/*
 * cs_gfe.c — Good Faith Estimate rules: business days, due dates, line prices, the $400 rule.
 */
#include "cs_gfe.h"

int
cs_weekday(cs_date d)
{
	/* 2000-01-01 (day 0) was a Saturday */
	int64_t		w = ((int64_t) d + 6) % 7;

	return (int) (w < 0 ? w + 7 : w);
}

/* The n-th (1-based) given weekday of a month, or the last one when n = 0 */
static cs_date
nth_weekday(int year, int month, int weekday, int n)
{
	cs_date		d;

	if (n == 0)
	{
		d = cs_date_from_ymd(year, month, cs_days_in_month(year, month));
		return d - ((cs_weekday(d) - weekday + 7) % 7);
	}
	d = cs_date_from_ymd(year, month, 1);
	d += (weekday - cs_weekday(d) + 7) % 7;
	return d + 7 * (n - 1);
}

/* The observed day of a fixed-date holiday: Saturday -> Friday before, Sunday -> Monday after */
static cs_date
observed(int year, int month, int day)
{
	cs_date		d = cs_date_from_ymd(year, month, day);
	int			w = cs_weekday(d);

	return w == 6 ? d - 1 : w == 0 ? d + 1 : d;
}

bool
cs_us_federal_holiday(cs_date d)
{
	int			y,
				m,
				day;

	cs_date_to_ymd(d, &y, &m, &day);

	/* a Saturday New Year's Day of next year is observed on December 31 of this one */
	if (m == 12 && day == 31 && d == observed(y + 1, 1, 1))
		return true;
	switch (m)
	{
		case 1:
			return d == observed(y, 1, 1) ||
				(y >= 1986 && d == nth_weekday(y, 1, 1, 3));	/* Martin Luther King Jr. Day */
		case 2:
			return d == nth_weekday(y, 2, 1, 3);	/* Washington's Birthday */
		case 5:
			return d == nth_weekday(y, 5, 1, 0);	/* Memorial Day */
		case 6:
			return y >= 2021 && d == observed(y, 6, 19); /* Juneteenth */
		case 7:
			return d == observed(y, 7, 4);	/* Independence Day */
		case 9:
			return d == nth_weekday(y, 9, 1, 1);	/* Labor Day */
		case 10:
			return d == nth_weekday(y, 10, 1, 2);	/* Columbus Day */
		case 11:
			return d == observed(y, 11, 11) ||		/* Veterans Day */
				d == nth_weekday(y, 11, 4, 4);		/* Thanksgiving */
		case 12:
			return d == observed(y, 12, 25);	/* Christmas Day */
		default:
			return false;
	}
}

bool
cs_business_day(cs_date d)
{
	int			w = cs_weekday(d);

	return w != 0 && w != 6 && !cs_us_federal_holiday(d);
}

int64_t
cs_business_days_between(cs_date from, cs_date to)
{
	int64_t		n = 0;

	if (to <= from)
		return 0;
	/* whole weeks hold 5 weekdays; holidays are counted one by one (at most 11 a year) */
	for (cs_date d = from + 1; d <= to; d++)
	{
		if ((int64_t) to - d >= 7 && cs_weekday(d) == 1)
		{
			for (int i = 0; i < 7; i++)
				if (cs_business_day(d + i))
					n++;
			d += 6;
			continue;
		}
		if (cs_business_day(d))
			n++;
	}
	return n;
}

cs_date
cs_add_business_days(cs_date d, int n)
{
	while (n > 0)
	{
		d++;
		if (cs_business_day(d))
			n--;
	}
	return d;
}

const char *
cs_gfe_rule_word(cs_gfe_rule rule)
{
	switch (rule)
	{
		case CS_GFE_SCHEDULED_3:
			return "scheduled_3_business_days_ahead";
		case CS_GFE_SCHEDULED_10:
			return "scheduled_10_business_days_ahead";
		case CS_GFE_REQUESTED:
			return "requested";
		case CS_GFE_NOT_REQUIRED:
		default:
			return "not_required";
	}
}

cs_status
cs_gfe_due_date(cs_date scheduled, cs_date service, bool requested, cs_gfe_due *out, cs_error *err)
{
	if (service < scheduled)
		return cs_fail(err, CS_ERR_ORDER, "service date is before the scheduling date",
					   "Pass the day the service was scheduled (or requested) and the day of the service.",
					   "The service is %d days before the scheduling date.", (int) (scheduled - service));
	out->lead_days = cs_business_days_between(scheduled, service);
	out->required = true;
	if (requested)
		out->rule = CS_GFE_REQUESTED;
	else if (out->lead_days >= 10)
		out->rule = CS_GFE_SCHEDULED_10;
	else if (out->lead_days >= 3)
		out->rule = CS_GFE_SCHEDULED_3;
	else
	{
		out->rule = CS_GFE_NOT_REQUIRED;
		out->required = false;
		out->due = scheduled;
		return CS_OK;
	}
	out->due = cs_add_business_days(scheduled, out->rule == CS_GFE_SCHEDULED_3 ? 1 : 3);
	return CS_OK;
}

cs_status
cs_gfe_line(cs_cents price, int64_t percent, cs_cents fixed, int64_t count,
			cs_cents *unit, cs_cents *total, cs_error *err)
{
	cs_cents	u = price;

	if (price < 0 || price > CS_MONEY_MAX)
		return cs_fail(err, CS_ERR_RANGE, "self-pay price out of range", NULL,
					   "A price is from 0 to 1000000000.00.");
	if (percent != CS_ABSENT)
	{
		if (percent < 0 || percent > CS_RATE_ONE)
			return cs_fail(err, CS_ERR_RANGE, "discount percent out of range", NULL,
						   "A discount is from 0 to 1 (100%%).");
		u -= cs_apply_rate(percent, price, CS_ROUND_HALF_UP);
	}
	if (fixed != CS_ABSENT)
	{
		if (fixed < 0 || fixed > CS_MONEY_MAX)
			return cs_fail(err, CS_ERR_RANGE, "discount amount out of range", NULL,
						   "A discount amount is from 0 to 1000000000.00.");
		if (fixed > u)
			return cs_fail(err, CS_ERR_RANGE, "discount larger than the price",
						   "A fixed discount may not exceed the price after the percentage discount.",
						   "The discount exceeds the price by %lld cents.", (long long) (fixed - u));
		u -= fixed;
	}
	if (count < 1 || count > CS_COUNT_MAX)
		return cs_fail(err, CS_ERR_RANGE, "session count out of range", NULL,
					   "A line has from 1 to %d sessions.", CS_COUNT_MAX);
	/* u <= 1e11 and count <= 1e6: the product stays below 1e17 */
	if (u * count > CS_MONEY_MAX)
		return cs_fail(err, CS_ERR_RANGE, "line total out of range", NULL,
					   "A line total is at most 1000000000.00.");
	*unit = u;
	*total = u * count;
	return CS_OK;
}

cs_status
cs_gfe_add(cs_cents *total, cs_cents line, cs_error *err)
{
	cs_cents	t;

	if (line < 0 || cs_add_overflow(*total, line, &t) || t > CS_MONEY_MAX)
		return cs_fail(err, CS_ERR_RANGE, "estimate total out of range", NULL,
					   "A Good Faith Estimate totals at most 1000000000.00.");
	*total = t;
	return CS_OK;
}

cs_status
cs_gfe_dispute(cs_cents estimated, cs_cents billed, bool *may_dispute, cs_cents *excess, cs_error *err)
{
	if (estimated < 0 || estimated > CS_MONEY_MAX)
		return cs_fail(err, CS_ERR_RANGE, "estimated amount out of range", NULL,
					   "An amount is from 0 to 1000000000.00.");
	if (billed < 0 || billed > CS_MONEY_MAX)
		return cs_fail(err, CS_ERR_RANGE, "billed amount out of range", NULL,
					   "An amount is from 0 to 1000000000.00.");
	*excess = billed - estimated;
	*may_dispute = *excess >= CS_GFE_DISPUTE_CENTS;
	return CS_OK;
}

static void
msg(cs_msg *m, cs_msg_id id, cs_arg_kind kind, int64_t value)
{
	m->id = id;
	m->n_args = kind == (cs_arg_kind) -1 ? 0 : 1;
	m->kind[0] = kind == (cs_arg_kind) -1 ? CS_ARG_MONEY : kind;
	m->value[0] = value;
}

int
cs_gfe_messages(cs_cents total, int64_t sessions, cs_msg *out)
{
	const cs_arg_kind none = (cs_arg_kind) -1;

	msg(&out[0], CS_MSG_GFE_TITLE, none, 0);
	msg(&out[1], CS_MSG_GFE_RIGHT, none, 0);
	msg(&out[2], CS_MSG_GFE_SESSIONS, CS_ARG_COUNT, sessions);
	msg(&out[3], CS_MSG_GFE_TOTAL, CS_ARG_MONEY, total);
	msg(&out[4], CS_MSG_GFE_NOT_BILL, none, 0);
	msg(&out[5], CS_MSG_GFE_CHANGES, none, 0);
	msg(&out[6], CS_MSG_GFE_DISPUTE, CS_ARG_MONEY, CS_GFE_DISPUTE_CENTS);
	msg(&out[7], CS_MSG_GFE_KEEP, none, 0);
	return CS_GFE_N_MSGS;
}
