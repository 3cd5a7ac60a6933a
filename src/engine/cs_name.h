/*
 * cs_name.h — who is this person: name keys, member ID keys, and the member-matching score.
 *
 * A name key is what two systems' spellings of one name have in common: Unicode normalised (NFKC),
 * transliterated to Latin and then ASCII with ICU (Russian-Latin/BGN for Cyrillic, Any-Latin for every
 * other script, Latin-ASCII), upper-cased, apostrophes and combining marks removed (O'Neil = ONEIL),
 * every other non-letter, non-digit a word break (O'Neil-Smith = ONEIL SMITH), one space between words,
 * and generational suffixes (JR, JNR, SR, SNR, II, III, IV) dropped from the end of a multi-word name.
 * Particles (de, la, van, von, da, dos, ...) stay in the key; the matcher knows them.  doc/identity.md
 * gives the reasons for each rule.
 *
 * The key depends on ICU's data (transliteration rules, Unicode version): cs_icu_version() says which
 * ICU computed it, so that an index built on keys can be checked and rebuilt after an ICU upgrade.
 *
 * A member ID key is the ID with separators and known labels removed, upper-cased.
 *
 * The matcher scores a candidate member against a query (first name, last name, birth date, member ID)
 * from their keys, with a reason for every point; see cs_match_score.
 *
 * Pure C plus ICU; no Postgres headers.  Errors fill a cs_error and never quote the input.
 */
#ifndef CS_NAME_H
#define CS_NAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_date.h"
#include "cs_error.h"

/* The longest name accepted, in UTF-8 bytes; longer input is refused (CS_ERR_TOO_LONG) */
#define CS_NAME_MAX_INPUT 1024
/* A key buffer of this size always suffices for an accepted name (including the terminator) */
#define CS_NAME_KEY_SIZE 8192
/* The longest member ID accepted, in UTF-8 bytes */
#define CS_MEMBER_ID_MAX_INPUT 256
/* A member ID key buffer of this size always suffices (NFKC may expand; including the terminator) */
#define CS_MEMBER_ID_KEY_SIZE 2048

/*
 * The name key of the UTF-8 text in[0..len) into key (size CS_NAME_KEY_SIZE), NUL-terminated;
 * *key_len = 0 when the name has no letter or digit (no key: the caller answers NULL).
 * Refuses ill-formed UTF-8 (CS_ERR_ENCODING), names longer than CS_NAME_MAX_INPUT (CS_ERR_TOO_LONG)
 * and reports ICU failures (CS_ERR_LIBRARY).
 */
cs_status	cs_name_key(const char *in, size_t len, char *key, size_t *key_len, cs_error *err);

/*
 * The member ID key of in[0..len) into key (size CS_MEMBER_ID_KEY_SIZE), NUL-terminated; *key_len = 0
 * when nothing is left.  Rules: NFKC; a leading label (MEMBER ID, MEMBER, MBR ID, MBR, SUBSCRIBER ID,
 * SUBSCRIBER, SUB ID, ID, NO) followed by a separator and more characters is dropped; every character
 * that is not a letter or digit is dropped; letters are upper-cased.  Payer prefixes (BCBS's three
 * letters) and person suffixes (-01) are part of the ID and kept.
 */
cs_status	cs_member_id_key(const char *in, size_t len, char *key, size_t *key_len, cs_error *err);

/* ICU's version ("72.1") and the Unicode version of its data ("15.0"), into buffers of 32 bytes */
void		cs_icu_version(char *icu, char *unicode);

/* Release the cached transliterator and ICU's caches (tests, process exit) */
void		cs_name_cleanup(void);

/*
 * The date with its day and month swapped (a day/month entry mix-up), when that is another valid date:
 * 2019-03-04 -> 2019-04-03; false for days above 12 and for days equal to the month.
 */
bool		cs_birth_date_swap(cs_date d, cs_date *swapped);

/* ---- matching ------------------------------------------------------------------------------------ */

/* One person as the matcher sees them: keys (NUL-terminated, NULL = unknown) and a birth date */
typedef struct cs_match_person
{
	const char *first;			/* name key of the first (given) names */
	const char *last;			/* name key of the last (family) names */
	bool		has_birth;
	cs_date		birth;
	const char *const *ids;		/* member ID keys (the query has at most one) */
	int			n_ids;
} cs_match_person;

/* The reasons, one bit each; their names are cs_match_reason_name() */
typedef enum cs_match_reason
{
	CS_MR_MEMBER_ID = 0,		/* a member ID key is equal */
	CS_MR_LAST_NAME,			/* last-name keys equal (spaces aside: ONEIL SMITH = ONEILSMITH) */
	CS_MR_LAST_NAME_PART,		/* a part of a hyphenated or double surname is shared */
	CS_MR_FIRST_NAME,			/* first-name keys equal (spaces aside) */
	CS_MR_NICKNAME,				/* one first name is a common short form of the other */
	CS_MR_FIRST_NAME_PART,		/* one's given names are among the other's (MARIA / MARIA JOSE) */
	CS_MR_INITIAL,				/* one first name is the other's initial */
	CS_MR_TRANSPOSED,			/* the same names with first and last swapped or split differently */
	CS_MR_BIRTH_DATE,			/* birth dates equal */
	CS_MR_BIRTH_DATE_SWAPPED,	/* birth dates equal once day and month are swapped */
	CS_MR_COUNT
} cs_match_reason;

/* The points of each reason; the best possible total is 100 */
extern const int cs_match_points[CS_MR_COUNT];

const char *cs_match_reason_name(cs_match_reason r);

/*
 * Score candidate c against query q: 0..100 and the reasons (bit r set for reason r).  Names score
 * once each: the last name as equal or else a shared part; the first name as equal, else a nickname,
 * else a subset of given names, else an initial; both together as transposed when neither is equal
 * as given but the names match across the fields.  Birth date as equal, else day/month swapped.
 */
int			cs_match_score(const cs_match_person *q, const cs_match_person *c, uint32_t *reasons);

/* Whether two first-name words are the same name in a common short form (WILLIAM / BILL) */
bool		cs_nickname_of(const char *a, size_t alen, const char *b, size_t blen);

/* Whether a last-name word is a particle (DE, LA, VAN, ...) that a surname comparison ignores */
bool		cs_name_particle(const char *w, size_t len);

#endif							/* CS_NAME_H */
