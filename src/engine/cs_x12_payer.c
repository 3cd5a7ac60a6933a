/*
 * cs_x12_payer.c — which payer an X12 document comes from (see cs_x12_payer.h).
 *
 * Strings are compared as they would be once transformed, without making the transformed copies: an
 * iterator yields the bytes of a string normalised as a key (white-space runs to one space, trimmed,
 * ASCII upper-case) or only upper-cased (a payer_id).
 */
#include "cs_x12_payer.h"

#include <stddef.h>

/* the white space of the 1.2 function's \s under a C-ctype collation */
static bool
ws(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int
up(unsigned char c)
{
	return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c;
}

typedef struct it
{
	const unsigned char *p;
	bool		normalise;
} it;

static it
it_start(const char *s, bool normalise)
{
	it			i;

	i.p = (const unsigned char *) s;
	i.normalise = normalise;
	if (normalise)
		while (ws(*i.p))
			i.p++;
	return i;
}

/* the next byte of the transformed string, -1 at its end */
static int
it_next(it *i)
{
	if (*i->p == '\0')
		return -1;
	if (i->normalise && ws(*i->p))
	{
		while (ws(*i->p))
			i->p++;
		/* trailing white space is dropped; inner runs are one space */
		return *i->p == '\0' ? -1 : ' ';
	}
	return up(*i->p++);
}

/* a (transformed as `normalise` says) equals the normalised key */
static bool
equal(const char *a, bool normalise, const char *key)
{
	it			x,
				y;
	int			cx,
				cy;

	if (a == NULL || key == NULL)
		return false;
	x = it_start(a, normalise);
	y = it_start(key, true);
	do
	{
		cx = it_next(&x);
		cy = it_next(&y);
		if (cx != cy)
			return false;
	} while (cx >= 0);
	return true;
}

bool
cs_x12_payer_key_counts(const char *key)
{
	it			i;

	if (key == NULL)
		return false;
	i = it_start(key, true);
	return it_next(&i) >= 0;
}

bool
cs_x12_payer_key_equal(const char *a, const char *b)
{
	return equal(a, true, b);
}

/* row r is named by the key at step `step` (0: payer id, 1: trace originator, 2: name) */
static bool
names(const cs_x12_payer_row *r, int step, const char *key)
{
	if (step < 2 ? equal(r->payer_id, false, key) : equal(r->name, true, key))
		return true;
	for (int i = 0; i < r->n_x12_ids; i++)
		if (equal(r->x12_ids[i], true, key))
			return true;
	return false;
}

/* the key normalised in place (it only shrinks); NULL stays NULL */
static void
normalise(char *key)
{
	it			i;
	char	   *out = key;
	int			c;

	if (key == NULL)
		return;
	i = it_start(key, true);
	while ((c = it_next(&i)) >= 0)
		*out++ = (char) c;
	*out = '\0';
}

int
cs_x12_payer_find(char *payer_id, char *payer_name, char *trace_originator,
				  const cs_x12_payer_row *rows, int nrows)
{
	const char *keys[3] = {payer_id, trace_originator, payer_name};

	/*
	 * once, before the rows: each comparison then walks the normalised key, so a key of a megabyte of
	 * white space costs one pass, not one per payer
	 */
	normalise(payer_id);
	normalise(payer_name);
	normalise(trace_originator);
	for (int step = 0; step < 3; step++)
	{
		int			found = CS_X12_PAYER_NONE;

		if (!cs_x12_payer_key_counts(keys[step]))
			continue;
		for (int r = 0; r < nrows; r++)
		{
			if (!names(&rows[r], step, keys[step]))
				continue;
			if (found != CS_X12_PAYER_NONE)
				return CS_X12_PAYER_AMBIGUOUS;
			found = r;
		}
		if (found != CS_X12_PAYER_NONE)
			return found;
	}
	return CS_X12_PAYER_NONE;
}
