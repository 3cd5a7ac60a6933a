/*
 * cs_family.c — one family's lines in date order (see cs_family.h and doc/rules.md, "Many lines").
 */
#include <string.h>

#include "cs_family.h"

#define NO_DAY INT32_MIN

/* A member's figures in one bucket */
typedef struct member_bucket
{
	cs_cents	ded_met;
	cs_cents	oop_met;
	cs_cents	coins_met;
	int64_t		visits;
	cs_cents	ded_q4;			/* deductible credit dated in the period's last three months */
	cs_date		copay_day;		/* the last date a copay was borne (copay_per = day) */
} member_bucket;

typedef struct member
{
	char	   *key;
	size_t		key_len;
	uint64_t	hash;
	bool		seen;			/* has had a line (openings apply once) */
	int			n_mb;			/* allocated buckets */
	member_bucket *mb;
} member;

typedef struct family_bucket
{
	char	   *name;
	size_t		name_len;
	cs_cents	ded_met;
	cs_cents	oop_met;
} family_bucket;

struct cs_family
{
	cs_alloc	alloc;

	/* members: a list plus an open-addressing index */
	member	  **members;
	int			n_members;
	int			cap_members;
	int		   *index;			/* slots hold member number + 1, 0 = empty */
	int			cap_index;		/* power of two */

	family_bucket *buckets;
	int			n_buckets;
	int			cap_buckets;

	bool		has_period;
	bool		has_q4;
	bool		first_period;	/* still in the partition's first benefit period */
	bool		family_opened;
	cs_date		period_start;
	cs_date		period_next;
	cs_date		q4_start;		/* first day of the period's last three months */
	int			period_month;	/* the anniversary the current period was computed for */
	int			period_day;
	cs_date		last_date;
	int64_t		lines;
};

static void *
grow(cs_family *f, void *old, size_t old_size, size_t new_size)
{
	void	   *p = f->alloc.alloc(f->alloc.ctx, new_size);

	if (old != NULL)
	{
		memcpy(p, old, old_size);
		if (f->alloc.release)
			f->alloc.release(f->alloc.ctx, old);
	}
	return p;
}

cs_family *
cs_family_new(const cs_alloc *alloc)
{
	cs_family  *f = alloc->alloc(alloc->ctx, sizeof(cs_family));

	f->alloc = *alloc;
	return f;
}

void
cs_family_free(cs_family *f)
{
	void		(*release) (void *, void *) = f->alloc.release;
	void	   *ctx = f->alloc.ctx;

	if (release == NULL)
		return;
	for (int i = 0; i < f->n_members; i++)
	{
		release(ctx, f->members[i]->key);
		if (f->members[i]->mb)
			release(ctx, f->members[i]->mb);
		release(ctx, f->members[i]);
	}
	for (int i = 0; i < f->n_buckets; i++)
		release(ctx, f->buckets[i].name);
	if (f->members)
		release(ctx, f->members);
	if (f->index)
		release(ctx, f->index);
	if (f->buckets)
		release(ctx, f->buckets);
	release(ctx, f);
}

int64_t
cs_family_lines(const cs_family *f)
{
	return f->lines;
}

static uint64_t
hash_bytes(const char *s, size_t len)
{
	uint64_t	h = UINT64_C(1469598103934665603);	/* FNV-1a */

	for (size_t i = 0; i < len; i++)
	{
		h ^= (unsigned char) s[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}

static void
index_insert(cs_family *f, int number)
{
	int			mask = f->cap_index - 1;
	int			slot = (int) (f->members[number]->hash & (uint64_t) mask);

	while (f->index[slot] != 0)
		slot = (slot + 1) & mask;
	f->index[slot] = number + 1;
}

static member *
find_member(cs_family *f, const char *key, size_t len)
{
	uint64_t	h = hash_bytes(key, len);
	member	   *m;

	if (f->cap_index > 0)
	{
		int			mask = f->cap_index - 1;
		int			slot = (int) (h & (uint64_t) mask);

		while (f->index[slot] != 0)
		{
			m = f->members[f->index[slot] - 1];
			if (m->hash == h && m->key_len == len && memcmp(m->key, key, len) == 0)
				return m;
			slot = (slot + 1) & mask;
		}
	}

	/* a new member */
	if (f->n_members == f->cap_members)
	{
		int			cap = f->cap_members ? f->cap_members * 2 : 8;

		f->members = grow(f, f->members, sizeof(member *) * f->n_members, sizeof(member *) * cap);
		f->cap_members = cap;
	}
	m = f->alloc.alloc(f->alloc.ctx, sizeof(member));
	m->key = f->alloc.alloc(f->alloc.ctx, len + 1);
	memcpy(m->key, key, len);
	m->key_len = len;
	m->hash = h;
	f->members[f->n_members++] = m;

	if (f->n_members * 2 > f->cap_index)
	{
		int			cap = f->cap_index ? f->cap_index * 2 : 16;

		while (f->n_members * 2 > cap)
			cap *= 2;
		if (f->index && f->alloc.release)
			f->alloc.release(f->alloc.ctx, f->index);
		f->index = f->alloc.alloc(f->alloc.ctx, sizeof(int) * cap);
		f->cap_index = cap;
		for (int i = 0; i < f->n_members; i++)
			index_insert(f, i);
	}
	else
		index_insert(f, f->n_members - 1);
	return m;
}

static int
find_bucket(cs_family *f, const char *name, size_t len)
{
	for (int i = 0; i < f->n_buckets; i++)
		if (f->buckets[i].name_len == len && memcmp(f->buckets[i].name, name, len) == 0)
			return i;
	if (f->n_buckets == f->cap_buckets)
	{
		int			cap = f->cap_buckets ? f->cap_buckets * 2 : 4;

		f->buckets = grow(f, f->buckets, sizeof(family_bucket) * f->n_buckets,
						  sizeof(family_bucket) * cap);
		f->cap_buckets = cap;
	}
	f->buckets[f->n_buckets].name = f->alloc.alloc(f->alloc.ctx, len + 1);
	memcpy(f->buckets[f->n_buckets].name, name, len);
	f->buckets[f->n_buckets].name_len = len;
	return f->n_buckets++;
}

static member_bucket *
member_bucket_of(cs_family *f, member *m, int b)
{
	if (b >= m->n_mb)
	{
		int			cap = f->cap_buckets;

		m->mb = grow(f, m->mb, sizeof(member_bucket) * m->n_mb, sizeof(member_bucket) * cap);
		for (int i = m->n_mb; i < cap; i++)
			m->mb[i].copay_day = NO_DAY;
		m->n_mb = cap;
	}
	return &m->mb[b];
}

/* Start a new benefit period: everything at 0, or the fourth-quarter deductible credit carried over */
static void
new_period(cs_family *f, bool carry)
{
	for (int b = 0; b < f->n_buckets; b++)
	{
		f->buckets[b].ded_met = 0;
		f->buckets[b].oop_met = 0;
	}
	for (int i = 0; i < f->n_members; i++)
	{
		member	   *m = f->members[i];

		for (int b = 0; b < m->n_mb; b++)
		{
			member_bucket *mb = &m->mb[b];
			cs_cents	carried = carry ? mb->ded_q4 : 0;

			memset(mb, 0, sizeof(*mb));
			mb->copay_day = NO_DAY;
			mb->ded_met = carried;
			if (b < f->n_buckets)
				f->buckets[b].ded_met += carried;	/* bounded by the old period's family total */
		}
	}
}

static cs_status
overflow(cs_error *err)
{
	return cs_fail(err, CS_ERR_OVERFLOW, "accumulator is out of range",
				   "Check the opening balances and amounts: a running total passed 92 quadrillion dollars.",
				   "A family's running total overflowed.");
}

/* Add a line's credits to a member's and the family's figures in bucket b */
static cs_status
credit(cs_family *f, member *m, int b, const cs_result *r, bool in_q4, bool count_visit,
	   cs_error *err)
{
	member_bucket *mb = member_bucket_of(f, m, b);
	family_bucket *fb = &f->buckets[b];

	if (cs_add_overflow(mb->ded_met, r->ded_credit, &mb->ded_met) ||
		cs_add_overflow(mb->oop_met, r->oop_credit, &mb->oop_met) ||
		cs_add_overflow(mb->coins_met, r->coinsurance, &mb->coins_met) ||
		cs_add_overflow(fb->ded_met, r->ded_credit, &fb->ded_met) ||
		cs_add_overflow(fb->oop_met, r->oop_credit, &fb->oop_met))
		return overflow(err);
	if (in_q4 && cs_add_overflow(mb->ded_q4, r->ded_credit, &mb->ded_q4))
		return overflow(err);
	if (count_visit)
		mb->visits++;
	return CS_OK;
}

cs_status
cs_family_line(cs_family *f, const char *member_key, size_t member_len, cs_date date,
			   cs_cents allowed, cs_cents billed, const cs_terms *t,
			   const cs_accum *opening, cs_result *out, cs_error *err)
{
	cs_date		start,
				next;
	member	   *m;
	int			b;
	member_bucket *mb;
	cs_accum	acc;
	bool		waived;
	cs_status	st;

	if (f->lines > 0 && date < f->last_date)
		return cs_fail(err, CS_ERR_ORDER, "lines are not in date order",
					   "Order the window by service date, e.g. OVER (PARTITION BY family ORDER BY service_date, line_id).",
					   "A line's service date is earlier than the previous line's.");

	/* the benefit period of this line (unchanged while dates stay inside the current one) */
	if (f->has_period && date >= f->period_start && date < f->period_next &&
		t->period_month == f->period_month && t->period_day == f->period_day)
	{
		start = f->period_start;
		next = f->period_next;
	}
	else
		start = cs_period_start(date, t->period_month, t->period_day, &next);
	if (!f->has_period)
	{
		f->has_period = true;
		f->first_period = true;
	}
	else if (start != f->period_start)
	{
		new_period(f, t->carryover && start == f->period_next);
		f->first_period = false;
	}
	if (next != f->period_next || !f->has_q4)
	{
		f->q4_start = cs_carryover_from(next);
		f->has_q4 = true;
	}
	f->period_start = start;
	f->period_next = next;
	f->period_month = t->period_month;
	f->period_day = t->period_day;
	f->last_date = date;

	/* the member and the bucket */
	m = find_member(f, member_key, member_len);
	if (t->bucket.data != NULL)
		b = find_bucket(f, t->bucket.data, t->bucket.len);
	else
	{
		const char *w = cs_network_word(t->network);

		b = find_bucket(f, w, strlen(w));
	}
	mb = member_bucket_of(f, m, b);

	/* opening balances: once per member, once per family, in the first period only */
	if (!m->seen)
	{
		m->seen = true;
		if (opening && f->first_period)
		{
			mb->ded_met = opening->ded_individual_met;
			mb->oop_met = opening->oop_individual_met;
			mb->visits = opening->visits_used;
			mb->coins_met = opening->coinsurance_met;
		}
	}
	if (!f->family_opened)
	{
		f->family_opened = true;
		if (opening && f->first_period)
		{
			f->buckets[b].ded_met = opening->ded_family_met;
			f->buckets[b].oop_met = opening->oop_family_met;
		}
	}

	/* the member's view of the accumulators */
	acc.ded_individual_met = mb->ded_met;
	acc.oop_individual_met = mb->oop_met;
	acc.visits_used = mb->visits;
	acc.coinsurance_met = mb->coins_met;
	acc.ded_family_met = f->buckets[b].ded_met;
	acc.oop_family_met = f->buckets[b].oop_met;
	acc.ded_members_met = 0;
	if (t->ded_individual > 0)
	{
		for (int i = 0; i < f->n_members; i++)
		{
			member	   *o = f->members[i];

			if (b < o->n_mb && o->mb[b].ded_met >= t->ded_individual)
				acc.ded_members_met++;
		}
	}

	waived = t->copay_per == CS_COPAY_PER_DAY && mb->copay_day == date;
	st = cs_adjudicate(allowed, t, &acc, billed, waived, out, err);
	if (st != CS_OK)
		return st;
	f->lines++;

	if (!out->counted_visit)
		return CS_OK;			/* not covered: nothing accumulates */
	if (out->copay > 0)
		member_bucket_of(f, m, b)->copay_day = date;
	st = credit(f, m, b, out, date >= f->q4_start, true, err);
	if (st != CS_OK)
		return st;
	for (int i = 0; i < t->n_credits; i++)
	{
		int			c = find_bucket(f, t->credits[i].data, t->credits[i].len);
		bool		again = (c == b);

		/* each bucket once: not the row's own, not one named twice */
		for (int k = 0; k < i && !again; k++)
			again = t->credits[k].len == t->credits[i].len &&
				memcmp(t->credits[k].data, t->credits[i].data, t->credits[i].len) == 0;
		if (again)
			continue;
		st = credit(f, m, c, out, date >= f->q4_start, false, err);
		if (st != CS_OK)
			return st;
	}
	return CS_OK;
}
