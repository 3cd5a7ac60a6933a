/*
 * test_gfe.c — Good Faith Estimate rules: federal holidays with their observed days, business-day
 * counts (checked against a day-by-day count over ten years), the due-date rule at its 3 and 10
 * business-day boundaries, line prices with discounts, and the $400 dispute boundary.
 */
#include <string.h>

#include "cs_gfe.h"
#include "tap.h"

static cs_error err;

#define D(y, m, d) cs_date_from_ymd(y, m, d)

static void
test_holidays(void)
{
	ok(cs_weekday(D(2000, 1, 1)) == 6, "2000-01-01 was a Saturday");
	ok(cs_weekday(D(2026, 12, 6)) == 0, "2026-12-06 is a Sunday");
	ok(cs_weekday(D(1999, 12, 31)) == 5, "weekday before the epoch");

	/* observed shifts */
	ok(cs_us_federal_holiday(D(2021, 12, 31)), "New Year 2022 (Saturday) is observed on Friday 2021-12-31");
	ok(!cs_us_federal_holiday(D(2022, 1, 1)), "the Saturday itself is not a business-day holiday");
	ok(cs_us_federal_holiday(D(2023, 1, 2)), "New Year 2023 (Sunday) observed Monday January 2");
	ok(cs_us_federal_holiday(D(2020, 7, 3)), "July 4 2020 (Saturday) observed Friday July 3");
	ok(cs_us_federal_holiday(D(2021, 7, 5)), "July 4 2021 (Sunday) observed Monday July 5");
	ok(cs_us_federal_holiday(D(2022, 6, 20)), "Juneteenth 2022 (Sunday) observed Monday June 20");
	ok(cs_us_federal_holiday(D(2027, 6, 18)), "Juneteenth 2027 (Saturday) observed Friday June 18");
	ok(!cs_us_federal_holiday(D(2020, 6, 19)), "no Juneteenth holiday before 2021");
	ok(cs_us_federal_holiday(D(2023, 11, 10)), "Veterans Day 2023 (Saturday) observed Friday November 10");
	ok(cs_us_federal_holiday(D(2022, 12, 26)), "Christmas 2022 (Sunday) observed Monday December 26");
	ok(cs_us_federal_holiday(D(2027, 12, 31)), "New Year 2028 (Saturday) observed Friday 2027-12-31");
	/* floating holidays of 2026 */
	ok(cs_us_federal_holiday(D(2026, 1, 19)), "MLK day 2026");
	ok(cs_us_federal_holiday(D(2026, 2, 16)), "Washington's Birthday 2026");
	ok(cs_us_federal_holiday(D(2026, 5, 25)), "Memorial Day 2026 (last Monday of May)");
	ok(cs_us_federal_holiday(D(2026, 9, 7)), "Labor Day 2026");
	ok(cs_us_federal_holiday(D(2026, 10, 12)), "Columbus Day 2026");
	ok(cs_us_federal_holiday(D(2026, 11, 26)), "Thanksgiving 2026");
	ok(!cs_us_federal_holiday(D(2026, 11, 27)), "the day after Thanksgiving is not a federal holiday");
	ok(cs_us_federal_holiday(D(2026, 12, 25)), "Christmas 2026 (Friday)");
	ok(!cs_us_federal_holiday(D(1985, 1, 21)), "no MLK day before 1986");

	/* eleven holidays a year since 2021, each on a weekday */
	for (int y = 2021; y <= 2030; y++)
	{
		int			n = 0,
					weekend = 0;

		for (cs_date d = D(y, 1, 1); d < D(y + 1, 1, 1); d++)
			if (cs_us_federal_holiday(d))
			{
				n++;
				if (cs_weekday(d) == 0 || cs_weekday(d) == 6)
					weekend++;
			}
		/* a Saturday New Year's Day moves its holiday into the previous year */
		is_int(n + (cs_weekday(D(y, 1, 1)) == 6) - (cs_weekday(D(y + 1, 1, 1)) == 6), 11,
			   "eleven federal holidays in %d", y);
		is_int(weekend, 0, "no observed holiday of %d on a weekend", y);
	}
}

static void
test_business_days(void)
{
	int			bad = 0;

	is_int(cs_business_days_between(D(2026, 11, 23), D(2026, 11, 27)), 3,
		   "Mon..Fri of Thanksgiving week: Tue, Wed, Fri");
	is_int(cs_business_days_between(D(2026, 12, 18), D(2027, 1, 4)), 9, "over Christmas and New Year");
	is_int(cs_business_days_between(D(2026, 12, 18), D(2026, 12, 18)), 0, "same day");
	is_int(cs_business_days_between(D(2026, 12, 18), D(2026, 12, 1)), 0, "backwards");
	ok(cs_add_business_days(D(2026, 12, 5), 1) == D(2026, 12, 7), "Saturday + 1 business day = Monday");
	ok(cs_add_business_days(D(2026, 12, 23), 3) == D(2026, 12, 29), "Wed Dec 23 + 3 skips Christmas");
	ok(cs_add_business_days(D(2021, 12, 30), 1) == D(2022, 1, 3), "Thu Dec 30 2021 + 1 skips the observed New Year");
	ok(cs_add_business_days(D(2026, 12, 23), 0) == D(2026, 12, 23), "+0 is the day itself");

	/* the week-at-a-time count equals a day-by-day count */
	for (cs_date a = D(2024, 1, 1); a < D(2024, 3, 1); a += 3)
		for (cs_date b = a; b < a + 800; b += 37)
		{
			int64_t		n = 0;

			for (cs_date d = a + 1; d <= b; d++)
				n += cs_business_day(d);
			if (n != cs_business_days_between(a, b))
				bad++;
		}
	is_int(bad, 0, "business_days_between agrees with a day-by-day count");
}

static void
test_due(void)
{
	cs_gfe_due	g;

	ok(cs_gfe_due_date(D(2026, 12, 7), D(2026, 12, 9), false, &g, &err) == CS_OK && !g.required &&
	   g.rule == CS_GFE_NOT_REQUIRED && g.lead_days == 2, "2 business days ahead: not required");
	ok(cs_gfe_due_date(D(2026, 12, 7), D(2026, 12, 10), false, &g, &err) == CS_OK && g.required &&
	   g.rule == CS_GFE_SCHEDULED_3 && g.due == D(2026, 12, 8), "3 business days ahead: due next business day");
	ok(cs_gfe_due_date(D(2026, 12, 18), D(2027, 1, 4), false, &g, &err) == CS_OK &&
	   g.rule == CS_GFE_SCHEDULED_3 && g.lead_days == 9 && g.due == D(2026, 12, 21), "9 ahead: 1 business day");
	ok(cs_gfe_due_date(D(2026, 12, 18), D(2027, 1, 5), false, &g, &err) == CS_OK &&
	   g.rule == CS_GFE_SCHEDULED_10 && g.lead_days == 10 && g.due == D(2026, 12, 23), "10 ahead: 3 business days");
	ok(cs_gfe_due_date(D(2026, 12, 23), D(2026, 12, 24), true, &g, &err) == CS_OK &&
	   g.rule == CS_GFE_REQUESTED && g.due == D(2026, 12, 29), "requested: 3 business days after the request");
	ok(cs_gfe_due_date(D(2026, 12, 7), D(2026, 12, 6), false, &g, &err) == CS_ERR_ORDER,
	   "a service before the scheduling day is refused");
}

static void
test_lines(void)
{
	cs_cents	unit = -1,
				total = -1,
				sum = 0;
	bool		may = false;
	cs_cents	excess = 0;

	ok(cs_gfe_line(15000, CS_ABSENT, CS_ABSENT, 20, &unit, &total, &err) == CS_OK &&
	   unit == 15000 && total == 300000, "150.00 x 20 = 3000.00");
	ok(cs_gfe_line(15000, 100000, CS_ABSENT, 3, &unit, &total, &err) == CS_OK &&
	   unit == 13500 && total == 40500, "10%% off 150.00 = 135.00");
	ok(cs_gfe_line(9999, 333333, CS_ABSENT, 1, &unit, &total, &err) == CS_OK && unit == 6666,
	   "33.3333%% of 99.99 = 33.33 (half up)");
	ok(cs_gfe_line(15000, 100000, 2500, 2, &unit, &total, &err) == CS_OK && unit == 11000 && total == 22000,
	   "10%% then 25.00 off");
	ok(cs_gfe_line(15000, CS_ABSENT, 15000, 2, &unit, &total, &err) == CS_OK && total == 0, "free sessions");
	ok(cs_gfe_line(15000, CS_ABSENT, 15001, 1, &unit, &total, &err) == CS_ERR_RANGE, "discount above price");
	ok(cs_gfe_line(15000, CS_ABSENT, CS_ABSENT, 0, &unit, &total, &err) == CS_ERR_RANGE, "zero sessions");
	ok(cs_gfe_line(-1, CS_ABSENT, CS_ABSENT, 1, &unit, &total, &err) == CS_ERR_RANGE, "negative price");
	ok(cs_gfe_line(CS_MONEY_MAX, CS_ABSENT, CS_ABSENT, 2, &unit, &total, &err) == CS_ERR_RANGE, "line overflow");
	ok(cs_gfe_add(&sum, 300000, &err) == CS_OK && cs_gfe_add(&sum, 40500, &err) == CS_OK && sum == 340500,
	   "total 3405.00");
	sum = CS_MONEY_MAX;
	ok(cs_gfe_add(&sum, 1, &err) == CS_ERR_RANGE && sum == CS_MONEY_MAX, "total above the maximum refused");

	ok(cs_gfe_dispute(100000, 139999, &may, &excess, &err) == CS_OK && !may && excess == 39999,
	   "399.99 above the GFE: no dispute");
	ok(cs_gfe_dispute(100000, 140000, &may, &excess, &err) == CS_OK && may && excess == 40000,
	   "400.00 above the GFE: may dispute");
	ok(cs_gfe_dispute(100000, 90000, &may, &excess, &err) == CS_OK && !may && excess == -10000,
	   "billed below the GFE");
	ok(cs_gfe_dispute(-1, 0, &may, &excess, &err) == CS_ERR_RANGE, "negative estimate refused");
}

static const char *
render(const cs_msg *m, const char *tag)
{
	static char buf[1024];
	char		used[32];

	if (cs_explain_render(m, 1, tag, strlen(tag), buf, sizeof(buf), used, sizeof(used), &err) != CS_OK)
		return "(render failed)";
	return buf;
}

static void
test_text(void)
{
	cs_msg		m[CS_GFE_N_MSGS];

	is_int(cs_gfe_messages(340500, 23, m), CS_GFE_N_MSGS, "eight notices");
	ok(strcmp(render(&m[3], "en-US"), "The estimated total cost is $3,405.00.") == 0, "total in English: %s",
	   render(&m[3], "en-US"));
	ok(strcmp(render(&m[2], "en-US"), "This estimate covers 23 planned sessions in the period shown.") == 0,
	   "sessions, plural");
	ok(strstr(render(&m[6], "en-US"), "$400.00 or more above") != NULL, "the $400 notice");
	ok(strcmp(render(&m[3], "es-US"), "El costo total estimado es de $3,405.00.") == 0,
	   "total in Spanish (es-US): %s", render(&m[3], "es-US"));
	ok(strncmp(render(&m[0], "es"), "Estimaci", 8) == 0, "title in Spanish");
	cs_gfe_messages(0, 1, m);
	ok(strcmp(render(&m[2], "es"), "Esta estimación cubre 1 sesión prevista en el período indicado.") == 0,
	   "one session in Spanish");
}

void
test_gfe(void)
{
	test_holidays();
	test_business_days();
	test_due();
	test_lines();
	test_text();
}
