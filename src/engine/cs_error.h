/*
 * cs_error.h — how the engine reports a refused input.
 *
 * The engine never prints and never allocates for errors: it fills a cs_error with a status (which the
 * Postgres glue maps to a SQLSTATE) and three short texts written to the Postgres message style:
 * a lower-case message, a detail sentence saying what was wrong, a hint sentence saying how to fix it.
 * Texts name fields and limits, never member data.
 */
#ifndef CS_ERROR_H
#define CS_ERROR_H

#include <stdarg.h>

typedef enum cs_status
{
	CS_OK = 0,
	CS_ERR_NULL,				/* a required value is missing            -> 22004 */
	CS_ERR_RANGE,				/* negative, too large, outside its range -> 22003 */
	CS_ERR_OVERFLOW,			/* a running total left the int64 range   -> 22003 */
	CS_ERR_PRECISION,			/* fractional cents, over-precise rate    -> 22023 */
	CS_ERR_WORD,				/* unknown enumeration word               -> 22023 */
	CS_ERR_INCONSISTENT,		/* contradictory settings                 -> 22023 */
	CS_ERR_ORDER,				/* lines not in date order / bad window   -> 42P20 */
	CS_ERR_FORMAT,				/* a malformed document (CSV, X12)        -> 22P04 */
	CS_ERR_ENCODING,			/* text that is not well-formed UTF-8     -> 22021 */
	CS_ERR_TOO_LONG,			/* text longer than the engine accepts    -> 22001 */
	CS_ERR_LIBRARY				/* a library call (ICU) failed            -> 58000 */
} cs_status;

typedef struct cs_error
{
	cs_status	status;
	char		message[128];
	char		detail[256];
	char		hint[256];
} cs_error;

/* Fill *err and return its status; a NULL format leaves that text empty. */
cs_status	cs_fail(cs_error *err, cs_status status, const char *message,
					const char *hint, const char *detail_fmt,...)
#if defined(__GNUC__)
			__attribute__((format(printf, 5, 6)))
#endif
			;

#endif							/* CS_ERROR_H */
