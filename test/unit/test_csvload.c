/*
 * test_csvload.c — the practice CSV loaders' rules: cell kinds, exact money in cents, dates, and the
 * fee-schedule rollover decision.
 */
#include <string.h>

#include "cs_csvload.h"
#include "tap.h"

#define P(kind, s, req) cs_cell_problem(kind, s, strlen(s), req)

void
test_csvload(void)
{
	cs_cents	c = -1;
	cs_error	err;
	cs_date		d;
	cs_cell_kind k;
	bool		b;
	cs_date		jan24 = cs_date_from_ymd(2024, 1, 1),
				jan25 = cs_date_from_ymd(2025, 1, 1),
				jul25 = cs_date_from_ymd(2025, 7, 1),
				jan26 = cs_date_from_ymd(2026, 1, 1);

	is_int(cs_cell_money("125", 3, &c, &err), CS_OK, "money 125");
	is_int(c, 12500, "125 is 12500 cents");
	is_int(cs_cell_money(" 98.5 ", 6, &c, &err), CS_OK, "money with spaces");
	is_int(c, 9850, "98.5 is 9850 cents");
	is_int(cs_cell_money("0.07", 4, &c, &err), CS_OK, "money 0.07");
	is_int(c, 7, "0.07 is 7 cents");
	is_int(cs_cell_money("10.100", 6, &c, &err), CS_OK, "trailing zero beyond cents is exact");
	is_int(c, 1010, "10.100 is 1010 cents");
	is_int(cs_cell_money("10.105", 6, &c, &err), CS_ERR_PRECISION, "fraction of a cent refused");
	is_int(cs_cell_money("-5", 2, &c, &err), CS_ERR_RANGE, "negative refused");
	is_int(cs_cell_money("$5", 2, &c, &err), CS_ERR_FORMAT, "currency sign refused");
	is_int(cs_cell_money("1,200", 5, &c, &err), CS_ERR_FORMAT, "thousands separator refused");
	is_int(cs_cell_money("1.2.3", 5, &c, &err), CS_ERR_FORMAT, "two points refused");
	is_int(cs_cell_money(".", 1, &c, &err), CS_ERR_FORMAT, "a lone point refused");
	is_int(cs_cell_money("99999999999999999999999", 23, &c, &err), CS_ERR_RANGE, "huge refused, no overflow");
	is_int(cs_cell_money("9999999999.99", 13, &c, &err), CS_OK, "largest accepted");
	is_int(c, INT64_C(999999999999), "largest is exact");

	ok(cs_cell_date("2024-02-29", 10, &d) && d == cs_date_from_ymd(2024, 2, 29), "leap day");
	ok(!cs_cell_date("2025-02-29", 10, &d), "no leap day in 2025");
	ok(!cs_cell_date("2025-13-01", 10, &d), "month 13");
	ok(!cs_cell_date("01/02/2025", 10, &d), "US order refused");
	ok(!cs_cell_date("2025-1-01", 9, &d), "short month refused");

	ok(cs_cell_bool("Yes", 3, &b) && b, "Yes");
	ok(cs_cell_bool("0", 1, &b) && !b, "0");
	ok(!cs_cell_bool("maybe", 5, &b), "maybe refused");

	ok(P(CS_CELL_TEXT, "", true) != NULL, "required empty");
	ok(P(CS_CELL_MONEY, "  ", false) == NULL, "optional empty");
	ok(P(CS_CELL_PERCENT, "20", true) == NULL, "percent 20");
	ok(P(CS_CELL_PERCENT, "12.3456", true) == NULL, "percent four decimals");
	ok(P(CS_CELL_PERCENT, "12.34567", true) != NULL, "percent five decimals");
	ok(P(CS_CELL_PERCENT, "100.5", true) != NULL, "percent above 100");
	ok(P(CS_CELL_PERCENT_MEDICARE, "110", true) == NULL, "110 %% of Medicare");
	ok(P(CS_CELL_PERCENT_MEDICARE, "0", true) != NULL, "0 %% of Medicare");
	ok(P(CS_CELL_PERCENT_MEDICARE, "1000.01", true) != NULL, "above 1000 %% of Medicare");
	ok(P(CS_CELL_PERCENT_MEDICARE, "80.125", true) != NULL, "three decimals of Medicare");
	ok(P(CS_CELL_COUNT, "30", true) == NULL, "count 30");
	ok(P(CS_CELL_COUNT, "3.5", true) != NULL, "count 3.5");
	ok(P(CS_CELL_COUNT, "2000000", true) != NULL, "count too large");
	ok(P(CS_CELL_DATE, "1987-06-05", true) == NULL, "date");
	ok(strstr(P(CS_CELL_DATE, "1987-06-35", true), "1987") == NULL, "problem never quotes the value");
	ok(cs_cell_kind_from_word("Money", 5, &k) && k == CS_CELL_MONEY, "kind word");
	ok(!cs_cell_kind_from_word("cash", 4, &k), "unknown kind");

	is_int(cs_fee_rollover(jan24, 0, true, jan25, 0, true), CS_ROLL_END_OLD, "open 2024 row, open 2025 rates");
	is_int(cs_fee_rollover(jan24, jan26, false, jan25, jan26, false), CS_ROLL_END_OLD, "new runs to the same end");
	is_int(cs_fee_rollover(jan24, jan25, false, jan25, jan26, false), CS_ROLL_DISJOINT, "adjacent");
	is_int(cs_fee_rollover(jan25, 0, true, jan25, 0, true), CS_ROLL_SAME, "same open range");
	is_int(cs_fee_rollover(jan25, jan26, false, jan25, jan26, false), CS_ROLL_SAME, "same closed range");
	is_int(cs_fee_rollover(jan25, 0, true, jan24, 0, true), CS_ROLL_CONFLICT, "older rates after newer");
	is_int(cs_fee_rollover(jan24, 0, true, jan25, jul25, false), CS_ROLL_END_OLD, "one year of new rates ends the open stored row");
	is_int(cs_fee_rollover(jan24, jan25, false, jan24, jul25, false), CS_ROLL_CONFLICT, "same start, other end");
	ok(strcmp(cs_roll_word(CS_ROLL_END_OLD), "end_old") == 0, "roll word");
}
