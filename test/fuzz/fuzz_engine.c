/*
 * test/fuzz/fuzz_engine.c — a libFuzzer harness over the money rules of the pure engine: one line's
 * adjudication (cs_adjudicate, cs_remaining, cs_apply_plan_max), its coordination by a later payer
 * (cs_coordinate_max, cs_cob_prior_next, every method, with and without the later payer's own
 * plan-paid maximum) and the ledger's sums (cs_ledger_sum). The fuzzer's
 * bytes choose the terms, accumulators, amounts and ledger lines, extreme ones included; anything the
 * engine accepts must keep the properties below, or the harness aborts (and ASan/UBSan watch every
 * step). Inputs the engine refuses must be refused with an error, never a crash.
 *
 * Properties (doc/rules.md "One line", domain.md §6):
 *   adjudicate     patient_pays + plan_pays = allowed + balance_bill; every amount and accumulator >= 0;
 *                  plan_pays <= allowed; allowed = min(allowed given, charge); the line's deductible is at
 *                  most what was left of it, its cost sharing at most what was left of the OOP limit;
 *                  the accumulators after are never below those before
 *   plan maximum   the plan pays at most what is left of each maximum; the line still balances; the
 *                  excess is the patient's, and the accumulators do not move
 *   coordinate     0 <= later payer's payment <= what the patient owed, and <= what is left of its own
 *                  plan-paid maximums; patient + payment + write-off = what the patient owed; the
 *                  reserve after is >= 0; the next payer's view balances
 *   ledger sums    the same sums whatever the order of the lines
 *   x12 payer      cs_x12_payer_find gives what a plain reading of its rule gives (written again here,
 *                  independently: normalise, first key naming any payer, ambiguous when two); every
 *                  key equals itself once normalised, and equality is symmetric
 *   stored 271     load_271's check (cs_p271_stored_conflict) finds a contradiction among a member's 271
 *                  figures exactly when the estimate of some line (a category of the ranks or none, in
 *                  or out of network: cs_b271_choose, then cs_b271_max_left, cs_b271_max_fam_left,
 *                  cs_b271_terms_of, whatever the ledger posted since) refuses them: load time and
 *                  estimate time cannot disagree
 *   COB order      cs_cob_order is a permutation, the same whatever the order the coverages come in;
 *                  without stated orders sorted by key then tie-break; with them the stated keep their
 *                  stated order (equal ones the rules'), the others the rules' order, and distinct
 *                  stated positions within the coverages are exactly where stated
 *
 * Built and run by test/fuzz/run.sh beside the X12 harness.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_adjudicate.h"
#include "cs_benefit271.h"
#include "cs_cob.h"
#include "cs_eligibility.h"
#include "cs_ledger.h"
#include "cs_money.h"
#include "cs_price271.h"
#include "cs_x12_payer.h"

typedef struct reader
{
	const uint8_t *p;
	size_t		n;
} reader;

static uint64_t
take(reader *r, int bytes)
{
	uint64_t	v = 0;

	for (int i = 0; i < bytes; i++)
	{
		v <<= 8;
		if (r->n > 0)
		{
			v |= *r->p++;
			r->n--;
		}
	}
	return v;
}

/* An amount: mostly everyday sizes, sometimes up to the engine's maximum, sometimes just past it */
static cs_cents
amount(reader *r)
{
	uint64_t	k = take(r, 1);
	uint64_t	v = take(r, 4);

	switch (k % 8)
	{
		case 0:
			return 0;
		case 1:
			return (cs_cents) (v % 100);
		case 2:
		case 3:
		case 4:
			return (cs_cents) (v % 50000);		/* up to $500 */
		case 5:
			return (cs_cents) (v % 2000000);	/* up to $20,000 */
		case 6:
			return CS_MONEY_MAX - (cs_cents) (v % 3);
		default:
			return (cs_cents) ((v << 8) % (uint64_t) (CS_MONEY_MAX + 1));
	}
}

static cs_cents
optional_amount(reader *r)
{
	return take(r, 1) % 3 == 0 ? CS_ABSENT : amount(r);
}

#define CHECK(cond, what) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "fuzz_engine: property broken: %s (%s:%d)\n", what, __FILE__, __LINE__); \
			abort(); \
		} \
	} while (0)

static void
read_terms(reader *r, cs_terms *t)
{
	static const int64_t rates[] = {0, 100000, 200000, 250000, 300000, 333333, 500000, 1000000};

	cs_terms_init(t);
	t->copay = optional_amount(r);
	t->coinsurance = take(r, 1) % 5 == 0 ? (int64_t) (take(r, 3) % (CS_RATE_ONE + 1)) : rates[take(r, 1) % 8];
	t->deductible_applies = take(r, 1) % 4 != 0;
	t->copay_after_deductible = take(r, 1) % 5 == 0;
	t->covered = take(r, 1) % 10 != 0;
	t->ded_individual = optional_amount(r);
	t->ded_family = optional_amount(r);
	t->family_mode = (cs_family_mode) (take(r, 1) % 3);
	t->oop_individual = optional_amount(r);
	t->oop_family = optional_amount(r);
	t->family_coverage = take(r, 1) % 2 == 0;
	t->visit_limit = take(r, 1) % 4 == 0 ? (int64_t) (take(r, 1) % 30) : CS_ABSENT;
	t->network = take(r, 1) % 3 == 0 ? CS_NETWORK_OUT : CS_NETWORK_IN;
	t->rounding = (cs_rounding) (take(r, 1) % 3);
	t->copay_counts_toward_deductible = take(r, 1) % 4 == 0;
	t->copay_visits = take(r, 1) % 6 == 0 ? (int64_t) (take(r, 1) % 10) : CS_ABSENT;
	t->family_ded_members = t->family_mode == CS_FAMILY_N_OF_M ? (int64_t) (take(r, 1) % 5) : CS_ABSENT;
	t->coinsurance_limit = take(r, 1) % 5 == 0 ? amount(r) : CS_ABSENT;
	t->copay_per = take(r, 1) % 4 == 0 ? CS_COPAY_PER_DAY : CS_COPAY_PER_LINE;
}

static void
read_accum(reader *r, cs_accum *a)
{
	a->ded_individual_met = amount(r);
	a->ded_family_met = amount(r);
	a->oop_individual_met = amount(r);
	a->oop_family_met = amount(r);
	a->visits_used = (int64_t) (take(r, 1) % 40);
	a->coinsurance_met = take(r, 1) % 3 == 0 ? amount(r) : 0;
	a->ded_members_met = (int64_t) (take(r, 1) % 5);
}

static void
check_line(cs_cents allowed_in, cs_cents billed, const cs_terms *t, const cs_accum *acc, const cs_result *res)
{
	cs_cents	ded_left,
				oop_left;
	int64_t		visits_left;
	cs_cents	expect_allowed = billed != CS_ABSENT && billed < allowed_in ? billed : allowed_in;

	CHECK(res->patient_pays + res->plan_pays == res->allowed + res->balance_bill, "the line balances");
	CHECK(res->allowed >= 0 && res->copay >= 0 && res->deductible >= 0 && res->coinsurance >= 0 &&
		  res->not_covered >= 0 && res->balance_bill >= 0 && res->patient_pays >= 0 && res->plan_pays >= 0,
		  "every amount is >= 0");
	CHECK(res->plan_pays <= res->allowed, "the plan pays at most the allowed amount");
	CHECK(res->allowed == expect_allowed, "allowed is the lesser of the amount given and the charge");
	cs_remaining(t, acc, &ded_left, &oop_left, &visits_left);
	if (ded_left != CS_ABSENT)
		CHECK(res->deductible <= ded_left, "the deductible is at most what was left of it");
	if (oop_left != CS_ABSENT)
		CHECK(res->copay + res->deductible + res->coinsurance <= oop_left,
			  "the cost sharing is at most what was left of the out-of-pocket limit");
	CHECK(res->acc_after.ded_individual_met >= acc->ded_individual_met &&
		  res->acc_after.ded_family_met >= acc->ded_family_met &&
		  res->acc_after.oop_individual_met >= acc->oop_individual_met &&
		  res->acc_after.oop_family_met >= acc->oop_family_met &&
		  res->acc_after.visits_used >= acc->visits_used &&
		  res->acc_after.coinsurance_met >= acc->coinsurance_met,
		  "the accumulators never go down");
}

static void
fuzz_line(reader *r)
{
	cs_terms	t;
	cs_accum	acc;
	cs_result	res;
	cs_error	err;
	cs_cents	allowed,
				billed;

	read_terms(r, &t);
	read_accum(r, &acc);
	allowed = amount(r);
	billed = take(r, 1) % 3 == 0 ? amount(r) : CS_ABSENT;
	if (cs_terms_check(&t, &err) != CS_OK || cs_accum_check(&acc, &err) != CS_OK)
		return;
	if (cs_adjudicate(allowed, &t, &acc, billed, take(r, 1) % 7 == 0, &res, &err) != CS_OK)
	{
		CHECK(err.message[0] != '\0', "a refusal says why");
		return;
	}
	check_line(allowed, billed, &t, &acc, &res);

	/* the plan-paid maximum on top */
	{
		cs_result	capped = res;
		cs_cents	period_left = optional_amount(r),
					lifetime_left = optional_amount(r);

		if (cs_apply_plan_max(&capped, period_left, lifetime_left, &err) == CS_OK)
		{
			CHECK(capped.patient_pays + capped.plan_pays == capped.allowed + capped.balance_bill,
				  "a capped line balances");
			if (period_left != CS_ABSENT)
				CHECK(capped.plan_pays <= period_left, "the plan pays at most the period maximum left");
			if (lifetime_left != CS_ABSENT)
				CHECK(capped.plan_pays <= lifetime_left, "the plan pays at most the lifetime maximum left");
			CHECK(capped.plan_pays <= res.plan_pays && capped.plan_max_excess == res.plan_pays - capped.plan_pays,
				  "the excess is what the plan no longer pays");
			CHECK(capped.patient_pays == res.patient_pays + capped.plan_max_excess, "the patient bears the excess");
			CHECK(memcmp(&capped.acc_after, &res.acc_after, sizeof(cs_accum)) == 0,
				  "the excess moves no accumulator");
		}
	}

	/* the member's and the family's maximums run down together over earlier lines of the set */
	{
		cs_result	joint = res;
		cs_date		dates[4];
		bool		mine[4];
		unsigned	tw[4];
		cs_cents	paid[4];
		int			n = (int) (take(r, 1) % 5);
		cs_date		date = (cs_date) (take(r, 2) % 800),
					lo = (cs_date) (take(r, 2) % 800),
					hi = lo + 365;
		cs_cents	pl = optional_amount(r),
					ll = optional_amount(r),
					fpl = optional_amount(r),
					fll = optional_amount(r);
		cs_cents	mp = 0,
					ml = 0,
					fp = 0,
					fl = 0;
		bool		sane = true;

		for (int i = 0; i < n; i++)
		{
			dates[i] = (cs_date) (take(r, 2) % 800);
			mine[i] = take(r, 1) % 2 == 0;
			tw[i] = (unsigned) (take(r, 1) % 16);
			paid[i] = amount(r);
			if (dates[i] > date)
				continue;
			if (paid[i] < 0 || paid[i] > CS_MONEY_MAX)
				sane = false;
			else
			{
				/* only toward the maximums its bits name (the member's: her own lines only) */
				if (tw[i] & CS_MAX_TOWARD_FAM_LIFETIME)
					fl += paid[i];
				if (mine[i] && (tw[i] & CS_MAX_TOWARD_LIFETIME))
					ml += paid[i];
				if (dates[i] >= lo && dates[i] < hi)
				{
					if (tw[i] & CS_MAX_TOWARD_FAM_PERIOD)
						fp += paid[i];
					if (mine[i] && (tw[i] & CS_MAX_TOWARD_PERIOD))
						mp += paid[i];
				}
			}
		}
		if (cs_apply_plan_max_joint(&joint, n, dates, mine, tw, paid, lo, hi, date, pl, ll, fpl, fll, &err) == CS_OK)
		{
			CHECK(sane, "a payment out of range is refused");
			CHECK(joint.patient_pays + joint.plan_pays == joint.allowed + joint.balance_bill, "a jointly capped line balances");
			CHECK(joint.plan_pays <= res.plan_pays && joint.plan_max_excess == res.plan_pays - joint.plan_pays,
				  "the joint excess is what the plan no longer pays");
			if (pl != CS_ABSENT)
				CHECK(joint.plan_pays <= cs_plan_max_left(pl, mp), "at most the member's period maximum left");
			if (ll != CS_ABSENT)
				CHECK(joint.plan_pays <= cs_plan_max_left(ll, ml), "at most the member's lifetime maximum left");
			if (fpl != CS_ABSENT)
				CHECK(joint.plan_pays <= cs_plan_max_left(fpl, fp), "at most the family's period maximum left");
			if (fll != CS_ABSENT)
				CHECK(joint.plan_pays <= cs_plan_max_left(fll, fl), "at most the family's lifetime maximum left");
			/* it pays all it may: the line's payment, or one of the four remainders */
			CHECK(joint.plan_pays == res.plan_pays ||
				  (pl != CS_ABSENT && joint.plan_pays == cs_plan_max_left(pl, mp)) ||
				  (ll != CS_ABSENT && joint.plan_pays == cs_plan_max_left(ll, ml)) ||
				  (fpl != CS_ABSENT && joint.plan_pays == cs_plan_max_left(fpl, fp)) ||
				  (fll != CS_ABSENT && joint.plan_pays == cs_plan_max_left(fll, fl)),
				  "the joint cap is the least of the remainders");
		}
		else
			CHECK(err.message[0] != '\0', "a joint refusal says why");
	}

	/* a later payer after this line, by every method */
	{
		cs_cob_prior prior = {res.allowed, res.balance_bill, res.plan_pays, res.patient_pays};
		cs_terms	t2;
		cs_accum	acc2;
		cs_cents	allowed2 = take(r, 1) % 2 == 0 ? CS_ABSENT : amount(r);
		cs_cents	billed2 = take(r, 1) % 2 == 0 ? CS_ABSENT : amount(r);
		cs_cents	reserve = take(r, 1) % 2 == 0 ? 0 : amount(r);
		/* the later payer's own plan-paid maximum: mostly none */
		cs_cents	period2 = take(r, 1) % 3 == 0 ? amount(r) : CS_ABSENT;
		cs_cents	lifetime2 = take(r, 1) % 4 == 0 ? amount(r) : CS_ABSENT;

		read_terms(r, &t2);
		read_accum(r, &acc2);
		if (cs_cob_prior_check(&prior, &err) != CS_OK)
			CHECK(0, "an adjudicated line is a valid earlier payer's line");
		if (cs_terms_check(&t2, &err) != CS_OK || cs_accum_check(&acc2, &err) != CS_OK)
			return;
		for (int m = 0; m < CS_COB_METHOD_COUNT; m++)
		{
			cs_cob_result cr;
			cs_cob_prior next;

			if (cs_coordinate_max(&prior, &t2, &acc2, (cs_cob_method) m, allowed2, billed2, reserve,
								  period2, lifetime2, &cr, &err) != CS_OK)
			{
				CHECK(err.message[0] != '\0', "a refusal says why");
				continue;
			}
			if (period2 != CS_ABSENT)
				CHECK(cr.secondary_pays <= period2, "the later payer pays at most its period maximum left");
			if (lifetime2 != CS_ABSENT)
				CHECK(cr.secondary_pays <= lifetime2, "the later payer pays at most its lifetime maximum left");
			CHECK(cr.secondary_pays >= 0 && cr.secondary_pays <= prior.patient_pays,
				  "the later payer pays between 0 and what the patient owed");
			CHECK(cr.patient_pays >= 0 && cr.written_off >= 0 && cr.reserve_used >= 0 && cr.reserve_after >= 0,
				  "the coordinated amounts are >= 0");
			CHECK(cr.patient_pays + cr.secondary_pays + cr.written_off == prior.patient_pays,
				  "every dollar the patient owed is accounted for");
			if (cs_cob_prior_next(&prior, &cr, &next, &err) == CS_OK)
				CHECK(cs_cob_prior_check(&next, &err) == CS_OK, "the next payer's view balances");
		}
	}
}

#define MAX_LINES 24

static void
fuzz_ledger(reader *r)
{
	cs_ledger_line lines[MAX_LINES],
				rev[MAX_LINES];
	cs_ledger_ask ask;
	cs_ledger_sums a,
				b;
	cs_error	err;
	int			bad_a,
				bad_b;
	int			n = (int) (take(r, 1) % (MAX_LINES + 1));
	cs_status	sa,
				sb;
	cs_date		base = (cs_date) 9500;	/* 2026 */

	memset(&ask, 0, sizeof(ask));
	ask.date = base + (cs_date) (take(r, 2) % 400);
	ask.period_lower = base + (cs_date) (take(r, 1) % 40) - 20;
	ask.period_upper = ask.period_lower + 365;
	ask.period_lower_finite = true;
	ask.carryover = take(r, 1) % 3 == 0;
	ask.visit_window = take(r, 1) % 4 == 0 ? (int32_t) (take(r, 2) % 400) : 0;
	ask.plan_max = take(r, 1) % 2 == 0;
	ask.ind_snapshot = take(r, 1) % 3 == 0;
	ask.ind_as_of = base + (cs_date) (take(r, 2) % 400);
	ask.fam_snapshot = take(r, 1) % 3 == 0;
	ask.fam_as_of = base + (cs_date) (take(r, 2) % 400);
	for (int i = 0; i < n; i++)
	{
		cs_ledger_line *l = &lines[i];
		uint64_t	flags = take(r, 2);

		memset(l, 0, sizeof(*l));
		l->latest = flags & 1;
		l->status_counts = flags & 2;
		l->credited = flags & 4;
		l->is_member = flags & 8;
		l->visit_counts = flags & 16;
		l->plan_counts = flags & 32;
		l->plan_paid_known = flags & 64;
		l->bad = (flags & 0x3f00) == 0x3f00;
		l->adjudicated_known = flags & 128;
		l->service_date = base - 120 + (cs_date) (take(r, 2) % 600);
		l->adjudicated_on = l->service_date + (cs_date) (take(r, 1) % 60);
		l->deductible = amount(r) % 1000000;
		l->copay = amount(r) % 100000;
		l->coinsurance = amount(r) % 1000000;
		l->plan_paid = amount(r) % 1000000;
		l->visits = (int32_t) (take(r, 1) % 3);
	}
	for (int i = 0; i < n; i++)
		rev[i] = lines[n - 1 - i];
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	sa = cs_ledger_sum(lines, n, &ask, &a, &bad_a, &err);
	sb = cs_ledger_sum(rev, n, &ask, &b, &bad_b, &err);
	CHECK(sa == sb, "the same verdict whatever the order of the lines");
	if (sa == CS_OK)
	{
		CHECK(a.ded_individual == b.ded_individual && a.oop_individual == b.oop_individual &&
			  a.ded_family == b.ded_family && a.oop_family == b.oop_family &&
			  a.coinsurance_individual == b.coinsurance_individual && a.visits == b.visits &&
			  a.plan_paid_period == b.plan_paid_period && a.plan_paid_lifetime == b.plan_paid_lifetime &&
			  a.plan_paid_unknown == b.plan_paid_unknown,
			  "the same sums whatever the order of the lines");
		CHECK(a.ded_individual >= 0 && a.oop_individual >= 0 && a.ded_family >= 0 && a.oop_family >= 0 &&
			  a.visits >= 0 && a.plan_paid_period >= 0 && a.plan_paid_lifetime >= a.plan_paid_period,
			  "the sums are >= 0 and the lifetime holds the period");
	}
}

/* ---- costshare.x12_payer's rule ------------------------------------------------------------------ */

#define PAYER_ROWS 6
#define PAYER_IDS 3
#define PAYER_STR 12

/* a short string over an alphabet that makes collisions likely (case, white space runs, a UTF-8 letter) */
static const char *
payer_string(reader *r, char *buf, bool may_be_null)
{
	static const char *const alphabet[] = {"a", "A", "b", "B", " ", "  ", "\t", "\n", "\r", "\v", "\f", "1",
	"\xc3\xa9", "\xc3\x89", "-"};
	int			len = (int) (take(r, 1) % (PAYER_STR / 2));
	size_t		at = 0;

	if (may_be_null && take(r, 1) % 5 == 0)
		return NULL;
	buf[0] = '\0';
	for (int i = 0; i < len; i++)
	{
		const char *piece = alphabet[take(r, 1) % (sizeof(alphabet) / sizeof(alphabet[0]))];
		size_t		pl = strlen(piece);

		if (at + pl >= PAYER_STR * 2)
			break;
		memcpy(buf + at, piece, pl);
		at += pl;
		buf[at] = '\0';
	}
	return buf;
}

/* the rule's normalisation, written again: white space runs to one space, trimmed, ASCII upper-cased */
static void
payer_norm(const char *s, char *out)
{
	size_t		o = 0;
	bool		space = false;

	for (; *s; s++)
	{
		char		c = *s;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r')
		{
			space = o > 0;
			continue;
		}
		if (space)
			out[o++] = ' ';
		space = false;
		out[o++] = (c >= 'a' && c <= 'z') ? (char) (c - 'a' + 'A') : c;
	}
	out[o] = '\0';
}

static void
payer_upper(const char *s, char *out)
{
	size_t		o = 0;

	for (; *s; s++)
		out[o++] = (*s >= 'a' && *s <= 'z') ? (char) (*s - 'a' + 'A') : *s;
	out[o] = '\0';
}

/* does row k answer the normalised key (by id when by_name is false) */
static bool
payer_names(const cs_x12_payer_row *row, const char *key, bool by_name)
{
	char		buf[PAYER_STR * 2 + 1];

	if (by_name)
	{
		if (row->name != NULL)
		{
			payer_norm(row->name, buf);
			if (strcmp(buf, key) == 0)
				return true;
		}
	}
	else if (row->payer_id != NULL)
	{
		payer_upper(row->payer_id, buf);
		if (strcmp(buf, key) == 0)
			return true;
	}
	for (int i = 0; i < row->n_x12_ids; i++)
		if (row->x12_ids[i] != NULL)
		{
			payer_norm(row->x12_ids[i], buf);
			if (strcmp(buf, key) == 0)
				return true;
		}
	return false;
}

static void
fuzz_payer(reader *r)
{
	char		strs[PAYER_ROWS][2 + PAYER_IDS][PAYER_STR * 2 + 1];
	const char *ids[PAYER_ROWS][PAYER_IDS];
	cs_x12_payer_row rows[PAYER_ROWS];
	char		kbuf[3][PAYER_STR * 2 + 1];
	char	   *keys[3];
	int			n = (int) (take(r, 1) % (PAYER_ROWS + 1));
	int			got,
				want = CS_X12_PAYER_NONE;

	for (int i = 0; i < n; i++)
	{
		rows[i].payer_id = payer_string(r, strs[i][0], false);
		rows[i].name = payer_string(r, strs[i][1], true);
		rows[i].n_x12_ids = (int) (take(r, 1) % (PAYER_IDS + 1));
		for (int j = 0; j < rows[i].n_x12_ids; j++)
			ids[i][j] = payer_string(r, strs[i][2 + j], true);
		rows[i].x12_ids = ids[i];
	}
	for (int k = 0; k < 3; k++)
		keys[k] = (char *) payer_string(r, kbuf[k], true);

	/* keys in the rule's order: payer id, trace originator (ids), name */
	{
		const char *order[3] = {keys[0], keys[2], keys[1]};

		for (int k = 0; k < 3 && want == CS_X12_PAYER_NONE; k++)
		{
			char		key[PAYER_STR * 2 + 1];
			int			found = 0,
						at = -1;

			if (order[k] == NULL)
				continue;
			payer_norm(order[k], key);
			CHECK(cs_x12_payer_key_counts(order[k]) == (key[0] != '\0'), "a key counts when not empty normalised");
			CHECK(cs_x12_payer_key_equal(order[k], order[k]), "a key equals itself");
			if (key[0] == '\0')
				continue;
			for (int i = 0; i < n; i++)
				if (payer_names(&rows[i], key, k == 2))
				{
					found++;
					at = i;
				}
			if (found == 1)
				want = at;
			else if (found > 1)
				want = CS_X12_PAYER_AMBIGUOUS;
		}
	}
	got = cs_x12_payer_find(keys[0], keys[1], keys[2], rows, n);
	CHECK(got == want, "x12_payer: the engine's payer is the rule's");
	if (keys[0] != NULL && keys[1] != NULL)
		CHECK(cs_x12_payer_key_equal(keys[0], keys[1]) == cs_x12_payer_key_equal(keys[1], keys[0]),
			  "key equality is symmetric");
}

/* ---- the COB order -------------------------------------------------------------------------------- */

#define COB_MAX 8

static void
fuzz_cob_order(reader *r)
{
	int64_t		keys[COB_MAX],
				ids[COB_MAX],
				rkeys[COB_MAX],
				rids[COB_MAX];
	int			order[COB_MAX],
				rorder[COB_MAX],
				stated[COB_MAX],
				rstated[COB_MAX];
	bool		seen[COB_MAX] = {false};
	bool		with_stated = take(r, 1) % 2;
	int			n = (int) (take(r, 1) % (COB_MAX + 1));

	for (int i = 0; i < n; i++)
	{
		keys[i] = (int64_t) (take(r, 1) % 4) - 1;	/* few values: ties */
		ids[i] = (int64_t) i * 7 + (int64_t) (take(r, 1) % 7);	/* unique */
		stated[i] = (int) (take(r, 1) % (COB_MAX + 3)) - 1; /* -1 none, 0, 1..n, beyond n */
	}
	for (int i = 0; i < n; i++)
	{
		rkeys[i] = keys[n - 1 - i];
		rids[i] = ids[n - 1 - i];
		rstated[i] = stated[n - 1 - i];
	}
	cs_cob_order(n, keys, with_stated ? stated : NULL, ids, order);
	cs_cob_order(n, rkeys, with_stated ? rstated : NULL, rids, rorder);
	for (int i = 0; i < n; i++)
	{
		CHECK(order[i] >= 0 && order[i] < n && !seen[order[i]], "the COB order is a permutation");
		seen[order[i]] = true;
		CHECK(ids[order[i]] == rids[rorder[i]], "the same COB order whatever order the coverages come in");
		if (with_stated)
			continue;
		if (i > 0)
			CHECK(keys[order[i - 1]] < keys[order[i]] ||
				  (keys[order[i - 1]] == keys[order[i]] && ids[order[i - 1]] < ids[order[i]]),
				  "the COB order is by key, then tie-break");
	}
	if (with_stated)
	{
		bool		distinct_fit = true;

		for (int x = 0; x < n; x++)
			for (int y = 0; y < n; y++)
				if (x != y && stated[x] >= 0 && stated[y] >= 0 &&
					(stated[x] == 0 ? 1 : stated[x]) == (stated[y] == 0 ? 1 : stated[y]))
					distinct_fit = false;
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++)
			{
				int			a = order[i],
							b = order[j];
				bool		rules_first = keys[a] < keys[b] || (keys[a] == keys[b] && ids[a] < ids[b]);

				/* the stated keep their stated order (equal ones the rules'); the unstated the rules' */
				if (stated[a] >= 0 && stated[b] >= 0)
				{
					int			ka = stated[a] == 0 ? 1 : stated[a],
								kb = stated[b] == 0 ? 1 : stated[b];

					CHECK(ka < kb || (ka == kb && rules_first), "stated orders keep their order");
				}
				if (stated[a] < 0 && stated[b] < 0)
					CHECK(rules_first, "the coverages without a stated order keep the rules' order");
			}
		/* distinct stated positions, each within the coverages: exactly where stated */
		for (int x = 0; x < n; x++)
			if (stated[x] > n)
				distinct_fit = false;
		for (int x = 0; distinct_fit && x < n; x++)
			if (stated[x] >= 0)
				CHECK(order[(stated[x] == 0 ? 1 : stated[x]) - 1] == x, "a stated position k <= n is kept");
	}
}

/* ---- a stored 271: load time and estimate time agree -------------------------------------------- */

#define S271_ROWS 8
#define S271_CATS 2

static void
fuzz_stored_271(reader *r)
{
	static const cs_name types[] = {{"30", 2}, {"MH", 2}, {"A6", 2}, {"98", 2}};
	static const cs_b271_kind kinds[] = {CS_B271_DEDUCTIBLE, CS_B271_OOP, CS_B271_LIMITATION, CS_B271_COPAY};
	cs_p271_stored_row rows[S271_ROWS];
	cs_name		rtypes[S271_ROWS][2];
	cs_p271_type_rank ranks[S271_CATS * 4];
	cs_b271_row work[S271_ROWS];
	cs_b271_conflict k;
	size_t		nranks = 0;
	int			n = (int) (take(r, 1) % (S271_ROWS + 1));
	bool		found,
				refused = false;
	cs_cents	posted[4];

	for (int c = 0; c < S271_CATS; c++)
		for (int t = 0; t < 4; t++)
			if (take(r, 1) % 3 != 0)
				ranks[nranks++] = (cs_p271_type_rank) {c, types[t], (int) (take(r, 1) % 4)};
	for (int i = 0; i < n; i++)
	{
		cs_b271_row *w = &rows[i].row;
		uint64_t	b = take(r, 2);
		cs_cents	a = amount(r);

		memset(&rows[i], 0, sizeof(rows[i]));
		w->kind = kinds[b % 4];
		w->net = (cs_b271_net) ((b >> 2) % 4);
		w->level = (cs_b271_level) ((b >> 4) % 3);
		w->figure = (cs_b271_figure) ((b >> 6) % 5);
		w->maximum = w->kind == CS_B271_LIMITATION ? (cs_b271_max) ((b >> 9) % 6) : CS_B271_MAX_NONE;
		w->amount = (b >> 12) % 8 == 0 ? CS_ABSENT : a > CS_MONEY_MAX ? CS_MONEY_MAX : a;
		w->percent = w->quantity = CS_ABSENT;
		w->auth = -1;
		w->segment = (int64_t) (take(r, 1) % 12) + 1;	/* ties too */
		rtypes[i][0] = types[take(r, 1) % 4];
		rtypes[i][1] = types[take(r, 1) % 4];
		rows[i].types = rtypes[i];
		rows[i].ntypes = 1 + (int) (take(r, 1) % 2);
	}
	for (int i = 0; i < 4; i++)
		posted[i] = take(r, 1) % 2 ? amount(r) : -(cs_cents) (take(r, 2));
	found = cs_p271_stored_conflict(rows, (size_t) n, ranks, nranks, S271_CATS, work, &k);

	/* the estimate of every line: each category (-1: none) and network, its ranks as the glue reads them */
	for (int cat = -1; cat < S271_CATS; cat++)
		for (int oon = 0; oon <= 1; oon++)
		{
			cs_b271_row er[S271_ROWS];
			cs_b271_choice c;
			cs_b271_terms t;
			cs_cents	pl,
						ll;
			cs_error	err;

			for (int i = 0; i < n; i++)
			{
				int			tr[2];
				bool		plan_type = false;

				for (int j = 0; j < rows[i].ntypes; j++)
				{
					tr[j] = -1;
					plan_type |= rows[i].types[j].data[0] == '3';
					for (size_t q = 0; cat >= 0 && q < nranks; q++)
						if (ranks[q].category == cat && memcmp(ranks[q].type.data, rows[i].types[j].data, 2) == 0 &&
							(tr[j] < 0 || ranks[q].rank < tr[j]))
							tr[j] = ranks[q].rank;
				}
				er[i] = rows[i].row;
				er[i].rank = cs_p271_row_rank(cat >= 0, tr, (size_t) rows[i].ntypes, plan_type);
			}
			cs_b271_choose(er, (size_t) n, oon == 1, &c);
			if (cs_b271_max_left(&c, posted[0], posted[1], &pl, &ll, &err) != CS_OK ||
				cs_b271_max_fam_left(&c, posted[0], posted[1], &pl, &ll, &err) != CS_OK ||
				cs_b271_terms_of(&c, posted[2], posted[3], &t, &err) != CS_OK)
			{
				CHECK(err.status == CS_ERR_INCONSISTENT || err.status == CS_ERR_OVERFLOW,
					  "a stored 271's estimate fails only on a contradiction");
				refused = true;
			}
		}
	CHECK(found == refused, "load_271 refuses a 271 exactly when an estimate of it would fail");
	if (found)
		CHECK(cs_b271_conflict_fail(&k, &(cs_error) {0}) != CS_OK &&
			  cs_p271_stored_conflict_fail(&k, rows, (size_t) n, &(cs_error) {0}) != CS_OK,
			  "a contradiction found has its error");
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	reader		r = {data, size};

	if (size == 0)
		return 0;
	switch (take(&r, 1) % 7)
	{
		case 0:
			fuzz_ledger(&r);
			break;
		case 1:
			fuzz_payer(&r);
			break;
		case 2:
			fuzz_cob_order(&r);
			break;
		case 3:
			fuzz_stored_271(&r);
			break;
		default:
			fuzz_line(&r);
			break;
	}
	return 0;
}
