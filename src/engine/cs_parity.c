/*
 * cs_parity.c — the MHPAEA determination for one classification and requirement type (cs_parity.h):
 * substantially all, predominant level, the most restrictive MH/SUD level, verdict and reason.
 *
 * Allocation-free: the distinct levels are visited from the most restrictive down by repeated scans
 * (a classification holds tens of benefits). Spend sums are checked for overflow; the 1/2 and 2/3
 * comparisons are done in integers (2w > S, 3S >= 2M), never in floating point.
 */
#include <string.h>

#include "cs_parity.h"

static const char *const requirement_words[CS_PARITY_REQUIREMENT_COUNT] = {
	"copay", "coinsurance", "deductible", "visit_limit", "prior_auth"
};

static const char *const reason_words[CS_PARITY_REASON_COUNT] = {
	"no_mh_sud_benefit", "no_med_surg_spend", "not_applied_to_mh_sud", "within_predominant",
	"also_applied_to_med_surg", "more_restrictive_than_predominant", "not_substantially_all",
	"mh_sud_only"
};

bool
cs_parity_requirement_from_word(const char *word, size_t len, cs_parity_requirement *out)
{
	for (int i = 0; i < CS_PARITY_REQUIREMENT_COUNT; i++)
	{
		if (strlen(requirement_words[i]) == len && memcmp(requirement_words[i], word, len) == 0)
		{
			*out = (cs_parity_requirement) i;
			return true;
		}
	}
	return false;
}

const char *
cs_parity_verdict_word(cs_parity_verdict v)
{
	switch (v)
	{
		case CS_PARITY_PASS:
			return "pass";
		case CS_PARITY_FAIL:
			return "fail";
		case CS_PARITY_NOT_APPLICABLE:
			return "not_applicable";
	}
	return "not_applicable";
}

const char *
cs_parity_reason_word(cs_parity_reason r)
{
	return (r >= 0 && r < CS_PARITY_REASON_COUNT) ? reason_words[r] : "unknown";
}

bool
cs_parity_stricter(cs_parity_requirement req, int64_t a, int64_t b)
{
	/* fewer visits allowed is the stricter limit; for money and rates, more is stricter */
	return req == CS_PARITY_VISIT_LIMIT ? a < b : a > b;
}

/* the largest level accepted for the type */
static int64_t
level_max(cs_parity_requirement req)
{
	switch (req)
	{
		case CS_PARITY_COPAY:
		case CS_PARITY_DEDUCTIBLE:
			return CS_MONEY_MAX;
		case CS_PARITY_COINSURANCE:
			return CS_RATE_ONE;
		case CS_PARITY_VISIT_LIMIT:
			return CS_COUNT_MAX;
		case CS_PARITY_PRIOR_AUTH:
		case CS_PARITY_REQUIREMENT_COUNT:
			return 1;
	}
	return 1;
}

static cs_status
check_items(cs_parity_requirement req, const cs_parity_item *items, size_t n, cs_error *err)
{
	int64_t		max = level_max(req);

	for (size_t i = 0; i < n; i++)
	{
		if (items[i].spend < 0 || items[i].spend > CS_MONEY_MAX)
			return cs_fail(err, CS_ERR_RANGE, "spend weight out of range",
						   "Give each benefit's spend as an amount from 0 to 1,000,000,000.00.",
						   "Benefit %zu has a spend weight of %lld cents.", i + 1,
						   (long long) items[i].spend);
		if (items[i].applies && (items[i].level < 0 || items[i].level > max))
			return cs_fail(err, CS_ERR_RANGE, "requirement level out of range",
						   "Give copays and deductibles in cents, coinsurance in millionths (0 to 1), visit limits as counts and prior authorization as 1.",
						   "Benefit %zu has a %s level of %lld; the largest accepted is %lld.", i + 1,
						   requirement_words[req], (long long) items[i].level, (long long) max);
	}
	return CS_OK;
}

/*
 * The most restrictive med/surg level that applies and is less restrictive than `below` (any level
 * when have_below is false); false when there is none. *weight gets the spend at that level.
 */
static bool
next_level(cs_parity_requirement req, const cs_parity_item *items, size_t n, bool have_below,
		   int64_t below, int64_t *level, cs_cents *weight)
{
	bool		found = false;
	int64_t		best = 0;
	cs_cents	w = 0;

	for (size_t i = 0; i < n; i++)
	{
		if (items[i].mh_sud || !items[i].applies)
			continue;
		if (have_below && !cs_parity_stricter(req, below, items[i].level))
			continue;
		if (!found || cs_parity_stricter(req, items[i].level, best))
		{
			found = true;
			best = items[i].level;
		}
	}
	if (!found)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!items[i].mh_sud && items[i].applies && items[i].level == best)
			w += items[i].spend;	/* no overflow: part of the subject spend, summed with checks */
	*level = best;
	*weight = w;
	return true;
}

/*
 * The predominant level of the med/surg spend subject to the type (subject > 0): a level on more than
 * one-half of it, else the combination from the most restrictive level down.
 */
static void
predominant(cs_parity_requirement req, const cs_parity_item *items, size_t n, cs_cents subject,
			cs_parity_result *out)
{
	int64_t		level;
	cs_cents	w;
	bool		have = false;
	int64_t		at = 0;
	cs_cents	combined = 0;

	/* a single level over one-half */
	while (next_level(req, items, n, have, at, &level, &w))
	{
		if (w > subject - w)	/* 2w > S without overflow */
		{
			out->has_predominant = true;
			out->predominant_level = level;
			out->predominant_combined = false;
			return;
		}
		have = true;
		at = level;
	}

	/* none: combine from the most restrictive, the last level added is the least restrictive */
	have = false;
	while (next_level(req, items, n, have, at, &level, &w))
	{
		combined += w;
		have = true;
		at = level;
		if (combined > subject - combined)
			break;
	}
	out->has_predominant = have;
	out->predominant_level = at;
	out->predominant_combined = true;
}

cs_status
cs_parity_decide(cs_parity_requirement req, const cs_parity_item *items, size_t n,
				 cs_parity_result *out, cs_error *err)
{
	cs_status	st;
	cs_cents	total = 0;
	cs_cents	subject = 0;
	cs_cents	twice,
				thrice;

	memset(out, 0, sizeof(*out));
	if (req < 0 || req >= CS_PARITY_REQUIREMENT_COUNT)
		return cs_fail(err, CS_ERR_WORD, "unknown requirement type",
					   "Use copay, coinsurance, deductible, visit_limit or prior_auth.",
					   "The requirement type number %d is not one of the five.", (int) req);
	if (n > 0 && items == NULL)
		return cs_fail(err, CS_ERR_NULL, "benefits missing", "Pass the benefits of the classification.",
					   "%zu benefits were announced but none given.", n);
	st = check_items(req, items, n, err);
	if (st != CS_OK)
		return st;

	for (size_t i = 0; i < n; i++)
	{
		if (items[i].mh_sud)
		{
			out->mh_sud_benefits++;
			if (items[i].applies &&
				(!out->has_mh_sud_level || cs_parity_stricter(req, items[i].level, out->mh_sud_level)))
			{
				out->has_mh_sud_level = true;
				out->mh_sud_level = items[i].level;
			}
			continue;
		}
		if (cs_add_overflow(total, items[i].spend, &total) ||
			(items[i].applies && cs_add_overflow(subject, items[i].spend, &subject)))
			return cs_fail(err, CS_ERR_OVERFLOW, "spend total out of range",
						   "Give fewer or smaller spend weights for one plan.",
						   "The med/surg spend of the classification does not fit in 64-bit cents.");
	}
	out->med_surg_spend = total;
	out->subject_spend = subject;
	if (__builtin_mul_overflow(total, 2, &twice) || __builtin_mul_overflow(subject, 3, &thrice))
		return cs_fail(err, CS_ERR_OVERFLOW, "spend total out of range",
					   "Give fewer or smaller spend weights for one plan.",
					   "Two-thirds of the med/surg spend of the classification cannot be computed in 64-bit cents.");
	out->substantially_all = subject > 0 && thrice >= twice;
	if (out->substantially_all && req != CS_PARITY_PRIOR_AUTH)
		predominant(req, items, n, subject, out);

	if (out->mh_sud_benefits == 0)
	{
		out->verdict = CS_PARITY_NOT_APPLICABLE;
		out->reason = CS_PARITY_NO_MH_SUD_BENEFIT;
	}
	else if (total == 0)
	{
		out->verdict = CS_PARITY_NOT_APPLICABLE;
		out->reason = CS_PARITY_NO_MED_SURG_SPEND;
	}
	else if (!out->has_mh_sud_level)
	{
		out->verdict = CS_PARITY_PASS;
		out->reason = CS_PARITY_NOT_APPLIED_TO_MH_SUD;
	}
	else if (subject == 0)
	{
		out->verdict = CS_PARITY_FAIL;
		out->reason = CS_PARITY_MH_SUD_ONLY;
	}
	else if (req == CS_PARITY_PRIOR_AUTH)
	{
		out->verdict = CS_PARITY_PASS;
		out->reason = CS_PARITY_NQTL_ALSO_MED_SURG;
	}
	else if (!out->substantially_all)
	{
		out->verdict = CS_PARITY_FAIL;
		out->reason = CS_PARITY_NOT_SUBSTANTIALLY_ALL;
	}
	else if (cs_parity_stricter(req, out->mh_sud_level, out->predominant_level))
	{
		out->verdict = CS_PARITY_FAIL;
		out->reason = CS_PARITY_MORE_RESTRICTIVE;
	}
	else
	{
		out->verdict = CS_PARITY_PASS;
		out->reason = CS_PARITY_WITHIN_PREDOMINANT;
	}
	return CS_OK;
}
