/*
 * test_x12_payer.c — which payer an X12 document comes from (cs_x12_payer.c).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cs_x12_payer.h"
#include "tap.h"

static const char *const acme_ids[] = {"99-prim", NULL, " acme  health\t"};
static const char *const second_ids[] = {"2U-SECOND"};
static const char *const twin_ids[] = {"SHARED"};
static const char *const twin2_ids[] = {"shared", "TWIN NAME"};

static const cs_x12_payer_row rows[] = {
	{"ACME", "Acme Health Plan", acme_ids, 3},
	{"SECOND", "Second  Guard", second_ids, 1},
	{"TWIN1", "Twin", twin_ids, 1},
	{"TWIN2", "Twin", twin2_ids, 2},
	{"mixed Case", NULL, NULL, 0},
	{" PADDED", "  ", NULL, 0},
};
#define NROWS ((int) (sizeof(rows) / sizeof(rows[0])))

/* the engine normalises the keys in place: copies of the literals */
static char *
copy(char *buf, size_t size, const char *s)
{
	if (s == NULL)
		return NULL;
	snprintf(buf, size, "%s", s);
	return buf;
}

static int
find(const char *id, const char *name, const char *trace)
{
	char		a[256],
				b[256],
				c[256];

	return cs_x12_payer_find(copy(a, sizeof a, id), copy(b, sizeof b, name), copy(c, sizeof c, trace), rows, NROWS);
}

void
test_x12_payer(void)
{
	/* normalising a key */
	ok(cs_x12_payer_key_equal("  second \t\n guard ", "SECOND GUARD"), "white-space runs become one space, trimmed, upper-cased");
	ok(cs_x12_payer_key_equal("a\vb\fc\rd", "A B C D"), "vertical tab, form feed and carriage return are white space");
	ok(!cs_x12_payer_key_equal("AB", "A B"), "a space is not dropped inside a key");
	ok(!cs_x12_payer_key_equal("\xc3\xa9", "\xc3\x89"), "only ASCII letters are upper-cased");
	ok(!cs_x12_payer_key_equal("A\xc2\xa0" "B", "A B"), "a no-break space is not white space");
	ok(!cs_x12_payer_key_counts(NULL), "a NULL key does not count");
	ok(!cs_x12_payer_key_counts(""), "an empty key does not count");
	ok(!cs_x12_payer_key_counts(" \t\n"), "a key of white space only does not count");
	ok(cs_x12_payer_key_counts(" x "), "a key with a character counts");

	/* by payer id: payer_id upper-cased, x12_ids normalised */
	is_int(find("acme", NULL, NULL), 0, "a payer id matches payer_id whatever its case");
	is_int(find("  Acme ", NULL, NULL), 0, "the key is trimmed");
	is_int(find("99-PRIM", NULL, NULL), 0, "a payer id matches an x12_id");
	is_int(find("ACME HEALTH", NULL, NULL), 0, "an x12_id is normalised before it is compared");
	is_int(find("MIXED CASE", NULL, NULL), 4, "payer_id is upper-cased");
	is_int(find("PADDED", NULL, NULL), CS_X12_PAYER_NONE, "payer_id is not trimmed: a padded payer_id matches no key");
	is_int(find("2u-second", NULL, NULL), 1, "x12_ids are compared case-insensitively");

	/* the order of the keys and ambiguity */
	is_int(find("NOBODY", NULL, "99-prim"), 0, "the trace originator when the payer id names none");
	is_int(find("SECOND", "Acme Health Plan", "99-prim"), 1, "the payer id before the trace originator and the name");
	is_int(find(NULL, "Acme Health Plan", "2U-SECOND"), 1, "the trace originator before the name");
	is_int(find("NOBODY", "acme   health plan", "NOBODY"), 0, "the name, normalised, against name");
	is_int(find(NULL, "twin name", NULL), 3, "the name against x12_ids");
	is_int(find("shared", "Acme Health Plan", NULL), CS_X12_PAYER_AMBIGUOUS,
		   "a payer id naming two payers ends the search: the name is not tried");
	is_int(find(NULL, "TWIN", NULL), CS_X12_PAYER_AMBIGUOUS, "a name naming two payers is ambiguous");
	is_int(find("", "  ", "\t"), CS_X12_PAYER_NONE, "empty keys are skipped (and name no payer with an empty name)");
	is_int(find(" ", "second guard", NULL), 1, "an empty payer id is skipped");
	is_int(find(NULL, NULL, NULL), CS_X12_PAYER_NONE, "no keys: no payer");
	is_int(find("TWIN", NULL, NULL), CS_X12_PAYER_NONE, "a payer id is not compared with names");
	is_int(find(NULL, "TWIN1", NULL), CS_X12_PAYER_NONE, "a name is not compared with payer_id");
	is_int(find("ACME", NULL, NULL) >= 0 ? cs_x12_payer_find(NULL, NULL, NULL, rows, 0) : 0, CS_X12_PAYER_NONE,
		   "no payers: none");

	/*
	 * a hostile key: a megabyte of white space inside it, against 10,000 payers whose ids share its first
	 * letter. The key is normalised once (in place), not once per payer: well under a second, where
	 * normalising it at every comparison walked ten thousand megabytes.
	 */
	{
		enum
		{
			NP = 10000, WS = 1000000
		};
		cs_x12_payer_row *many = calloc(NP, sizeof(*many));
		char	  (*idbuf)[8] = calloc(NP, 8);
		char	   *key = malloc(WS + 3);
		clock_t		t0;
		int			got;
		double		secs;

		for (int i = 0; i < NP; i++)
		{
			snprintf(idbuf[i], 8, "P%d", i + 1);
			many[i].payer_id = idbuf[i];
		}
		key[0] = 'p';
		memset(key + 1, ' ', WS);
		key[WS + 1] = '5';
		key[WS + 2] = '\0';
		t0 = clock();
		got = cs_x12_payer_find(key, NULL, NULL, many, NP);
		secs = (double) (clock() - t0) / CLOCKS_PER_SEC;
		is_int(got, CS_X12_PAYER_NONE, "a key with a megabyte of white space inside names no payer P5 (it is P 5)");
		ok(strcmp(key, "P 5") == 0, "the key is normalised once, in place");
		ok(secs < 2.0, "a megabyte of white space in a key against 10,000 payers: one pass, not one per payer");
		memset(key, '\t', WS);
		key[WS] = 'p';
		key[WS + 1] = '7';
		key[WS + 2] = '\0';
		is_int(cs_x12_payer_find(key, NULL, NULL, many, NP), 6, "a megabyte of leading white space: payer P7");
		free(key);
		free(idbuf);
		free(many);
	}
}
