/*
 * cs_x12_payer.h — which costshare.payer an X12 document comes from (costshare.x12_payer; issue 10: the
 * rule in the engine, the glue reads the payer rows and hands them over).
 *
 * The document's keys, in this order: its payer id (271 NM1*PR NM109; 835 N1*PR N104, else REF*2U), its
 * trace originator (835 TRN03), its payer name (N1*PR / NM1*PR). Each key is normalised: runs of white
 * space (space, tab, line feed, vertical tab, form feed, carriage return) become one space, leading and
 * trailing space is dropped, ASCII letters are upper-cased (other bytes are compared as they are). A key
 * that is absent or empty once normalised is skipped. The first key that names exactly one payer wins;
 * a key that names two or more is ambiguous and ends the search with no payer.
 *   - the payer id and the trace originator name a payer whose payer_id, upper-cased (not otherwise
 *     normalised), equals the key, or one of whose x12_ids, normalised, equals it;
 *   - the name names a payer whose name, normalised, equals the key, or one of whose x12_ids does.
 * NULL names and NULL elements of x12_ids name nothing.
 * These are the results of the 1.2 PL/pgSQL function under a C-ctype collation (the one the 271 path
 * always called it with); test/reference/x12_payer_1_2.sql keeps it for the comparison test.
 * Pure C, no allocation, no Postgres.
 */
#ifndef CS_X12_PAYER_H
#define CS_X12_PAYER_H

#include <stdbool.h>

/* one costshare.payer row, as the glue read it (NUL-terminated strings) */
typedef struct cs_x12_payer_row
{
	const char *payer_id;		/* NULL: names nothing */
	const char *name;			/* NULL: names nothing by name */
	const char *const *x12_ids; /* n_x12_ids elements, each NULL for a NULL element */
	int			n_x12_ids;
} cs_x12_payer_row;

#define CS_X12_PAYER_NONE (-1)		/* no key names a payer */
#define CS_X12_PAYER_AMBIGUOUS (-2) /* the first key that names any names two or more */

/* whether a key counts (not NULL, not empty once normalised): with none, nothing need be read */
bool		cs_x12_payer_key_counts(const char *key);

/* the two strings are equal once both are normalised as keys are */
bool		cs_x12_payer_key_equal(const char *a, const char *b);

/*
 * The payer the keys name: the index in rows of the payer, or CS_X12_PAYER_NONE or
 * CS_X12_PAYER_AMBIGUOUS. Any key may be NULL. Each key is normalised in place first, once (the
 * caller's copy: it only shrinks), so the work is the keys' length plus the rows' compared prefixes,
 * never a key's length times the number of payers.
 */
int			cs_x12_payer_find(char *payer_id, char *payer_name, char *trace_originator,
							  const cs_x12_payer_row *rows, int nrows);

#endif
