/*
 * cs_csvload.h — the rules of the practice CSV loaders (plans, members, providers, fee schedules):
 * what a cell of each kind must look like, the exact money reading, and the fee-schedule rollover.
 *
 * A problem is returned as a short fixed phrase that never repeats the cell's value, so the loaders
 * can report "line 7, column birth_date: not a date (YYYY-MM-DD)" for a members file without quoting
 * a member's data.
 */
#ifndef CS_CSVLOAD_H
#define CS_CSVLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_date.h"
#include "cs_error.h"
#include "cs_money.h"

typedef enum cs_cell_kind
{
	CS_CELL_TEXT = 0,			/* any text */
	CS_CELL_MONEY,				/* dollars: 125, 125.5, 125.50; never negative, at most two decimals */
	CS_CELL_DATE,				/* YYYY-MM-DD, a real calendar day */
	CS_CELL_COUNT,				/* a whole number 0 .. 1000000 */
	CS_CELL_BOOL,				/* true/false, yes/no, y/n, t/f, 1/0 (any case) */
	CS_CELL_PERCENT,			/* 0 .. 100 with at most four decimals (coinsurance 20 = 20 %) */
	CS_CELL_PERCENT_MEDICARE	/* above 0 .. 1000 with at most two decimals (110 = 110 % of Medicare) */
} cs_cell_kind;

/* The kind named by word (text, money, date, count, boolean, percent, percent_medicare); false when unknown */
bool		cs_cell_kind_from_word(const char *word, size_t len, cs_cell_kind *out);

/*
 * NULL when the cell is acceptable, else a phrase saying what is wrong (never the value itself).
 * Leading and trailing spaces and tabs are ignored; an empty cell is a problem only when required.
 */
const char *cs_cell_problem(cs_cell_kind kind, const char *s, size_t len, bool required);

/* The exact cents of a money cell (dollars with at most two decimals); CS_ERR_FORMAT / RANGE else */
cs_status	cs_cell_money(const char *s, size_t len, cs_cents *out, cs_error *err);

/* The day of a date cell; false when it is not a YYYY-MM-DD calendar day */
bool		cs_cell_date(const char *s, size_t len, cs_date *out);

/* The value of a boolean cell; false when it is not one of the accepted words */
bool		cs_cell_bool(const char *s, size_t len, bool *out);

/*
 * What a new fee row valid over [new_lo, new_hi) does to a stored row of the same key valid over
 * [old_lo, old_hi) (an infinite upper bound is passed as *_open = true):
 *   CS_ROLL_DISJOINT  the ranges do not meet: both rows stand;
 *   CS_ROLL_SAME      the same range: the stored row is the one the file states (its amount may change);
 *   CS_ROLL_END_OLD   the stored row starts earlier and runs into the new one: it ends the day
 *                     before new_lo (its upper bound becomes new_lo), the new row is added — next
 *                     year's rates arriving (also when they are stated for one year only);
 *   CS_ROLL_CONFLICT  anything else (the new row starts before the stored one, or on its first day
 *                     with another end): the file contradicts the stored schedule and is refused.
 */
typedef enum cs_roll
{
	CS_ROLL_DISJOINT = 0,
	CS_ROLL_SAME,
	CS_ROLL_END_OLD,
	CS_ROLL_CONFLICT
} cs_roll;

cs_roll		cs_fee_rollover(cs_date old_lo, cs_date old_hi, bool old_open,
							cs_date new_lo, cs_date new_hi, bool new_open);
const char *cs_roll_word(cs_roll r);

#endif							/* CS_CSVLOAD_H */
