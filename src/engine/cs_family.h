/*
 * cs_family.h — one family's lines in date order: the state behind costshare.accumulate.
 *
 * Carries, per accumulator bucket, each member's individual figures and the family's figures across
 * the family's lines; starts them again at each benefit-period boundary (with fourth-quarter carryover
 * when the terms ask for it); cross-credits other buckets; applies opening balances; and adjudicates
 * each line with cs_adjudicate. Memory comes from a caller-supplied allocator (the glue passes the
 * aggregate's memory context), so the engine stays free of Postgres.
 */
#ifndef CS_FAMILY_H
#define CS_FAMILY_H

#include "cs_adjudicate.h"

typedef struct cs_alloc
{
	void	   *(*alloc) (void *ctx, size_t size);	/* zeroed memory, never NULL */
	void		(*release) (void *ctx, void *ptr);	/* may be NULL (arena) */
	void	   *ctx;
} cs_alloc;

typedef struct cs_family cs_family;

cs_family  *cs_family_new(const cs_alloc *alloc);

/* Frees everything (a no-op beyond the arena when release is NULL) */
void		cs_family_free(cs_family *f);

/*
 * Adjudicate the family's next line. billed is CS_ABSENT when not given; opening may be NULL.
 * Lines must come in non-decreasing date order (CS_ERR_ORDER otherwise).
 */
cs_status	cs_family_line(cs_family *f, const char *member, size_t member_len, cs_date date,
						   cs_cents allowed, cs_cents billed, const cs_terms *t,
						   const cs_accum *opening, cs_result *out, cs_error *err);

/* The number of lines adjudicated so far (the glue uses it to detect frames that skip lines) */
int64_t		cs_family_lines(const cs_family *f);

#endif							/* CS_FAMILY_H */
