/*
 * test_price271.c — the decisions of pricing from a loaded 271 (cs_price271.c): the latest 271, the
 * network default, an EB row's rank for the category, the ledger since the load and the visits in the
 * period, the period rule, the allowed amount's source and its line count, the fee row order, the
 * carve-out's administrator, the stale-age setting, and the status with its reasons.
 */
#include <string.h>

#include "cs_adjudicate.h"
#include "cs_benefit271.h"
#include "cs_price271.h"
#include "tap.h"

static cs_p271_ledger_line
lline(bool latest, bool counts, int64_t recorded, bool cat, cs_date d, cs_cents ded, cs_cents copay,
	  cs_cents coins, int64_t visits)
{
	cs_p271_ledger_line l = {latest, counts, recorded, cat, d, true, true, true, true, ded, copay, coins, visits,
		false, false, 0, 0, false, false, false, cat ? CS_P271_TOWARD_ALL : 0};

	return l;
}

static bool
has_reason(const cs_p271_decision *d, const char *w)
{
	for (int i = 0; i < d->nreasons; i++)
		if (strcmp(d->reasons[i], w) == 0)
			return true;
	return false;
}

void
test_price271(void)
{
	cs_error	err;

	/* the member's latest 271: as-of date first, then the load */
	ok(cs_p271_later(100, 5, false, 0, 0), "latest 271: the first one is taken");
	ok(cs_p271_later(101, 1, true, 100, 9), "latest 271: a later as-of date wins over a later load");
	ok(!cs_p271_later(99, 99, true, 100, 1), "latest 271: an earlier as-of date never wins");
	ok(cs_p271_later(100, 6, true, 100, 5), "latest 271: same as-of date, the later load wins");
	ok(!cs_p271_later(100, 5, true, 100, 5), "latest 271: an exact tie keeps the one taken");

	/* the network */
	ok(cs_p271_out_of_network(true, true, false, true), "network: the caller's out of network stands");
	ok(!cs_p271_out_of_network(true, false, true, false), "network: the caller's in network stands for a non-participating provider");
	ok(cs_p271_out_of_network(false, false, true, false), "network: unstated, a provider not participating is out");
	ok(!cs_p271_out_of_network(false, false, true, true), "network: unstated, a participating provider is in");
	ok(!cs_p271_out_of_network(false, false, false, false), "network: unstated and no provider: in");

	/* whose line: the member's own version is outside the family only when a family is on file */
	ok(!cs_p271_own_outside_family(true, true), "own line: of the family on file: in the family");
	ok(cs_p271_own_outside_family(true, false), "own line: of another family or plan than the one on file: outside");
	ok(!cs_p271_own_outside_family(false, false), "own line: no family on file: the member's lines are her family's");
	{
		/* no family on file: her line since the load (the plan paid 120) comes off the 271's family maximum */
		cs_p271_ledger_line l = {0};
		cs_p271_posted p;
		cs_error	e;

		l.latest = l.status_counts = l.same_category = true;
		l.max_toward = CS_P271_TOWARD_ALL;
		l.recorded_at = 50;
		l.service_date = 10;
		l.plan_paid_known = true;
		l.plan_paid = 12000;
		l.outside_family = cs_p271_own_outside_family(false, false);
		ok(cs_p271_posted_since(&l, 1, 40, true, 0, true, 0, 20, &p, &e) == CS_OK &&
		   p.plan_paid_period == 12000 && p.fam_plan_paid_period == 12000 && p.fam_plan_paid_lifetime == 12000,
		   "own line, no family on file: counts toward the member's and the family's maximums (120 each)");
	}

	/*
	 * which maximums an earlier line counts toward: those whose row the 271's choice for its own category
	 * and network takes too. A 271: a family MH period maximum 200.00 (segment 1, no network), a member's
	 * in-network MH period maximum 500.00 (2), a member's out-of-network one 300.00 (3), a member's
	 * lifetime maximum for psychotherapy's service type only (4). Psychotherapy ranks all four rows for
	 * it, diagnostics the MH rows only (not row 4), physical therapy none.
	 */
	{
		cs_b271_row r[4];
		cs_b271_choice c;
		cs_p271_max_rows psy_in, psy_out, diag_in, diag_out, pt_in;
		cs_p271_ledger_line l;
		cs_p271_posted p;

		memset(r, 0, sizeof r);
		for (int i = 0; i < 4; i++)
		{
			r[i].kind = CS_B271_LIMITATION;
			r[i].quantity = CS_ABSENT;
			r[i].percent = CS_ABSENT;
			r[i].auth = -1;
			r[i].segment = i + 1;
			r[i].rank = 1;
		}
		r[0].level = CS_B271_LEVEL_FAMILY; r[0].amount = 20000; r[0].maximum = CS_B271_MAX_PERIOD_TOTAL;
		r[1].net = CS_B271_NET_IN; r[1].amount = 50000; r[1].maximum = CS_B271_MAX_PERIOD_TOTAL;
		r[2].net = CS_B271_NET_OUT; r[2].amount = 30000; r[2].maximum = CS_B271_MAX_PERIOD_TOTAL;
		r[3].rank = 0; r[3].amount = 900000; r[3].maximum = CS_B271_MAX_LIFETIME_TOTAL;
		cs_b271_choose(r, 4, false, &c);
		cs_p271_max_rows_of(&c, &psy_in);
		cs_b271_choose(r, 4, true, &c);
		cs_p271_max_rows_of(&c, &psy_out);
		ok(psy_in.fam_period[0] == 1 && psy_in.period[0] == 2 && psy_in.lifetime[0] == 4 && psy_in.period[1] == -1 &&
		   psy_out.period[0] == 3, "max rows: the segments each chosen maximum comes from, -1 none");
		r[3].rank = -1;
		cs_b271_choose(r, 4, false, &c);
		cs_p271_max_rows_of(&c, &diag_in);
		cs_b271_choose(r, 4, true, &c);
		cs_p271_max_rows_of(&c, &diag_out);
		for (int i = 0; i < 4; i++)
			r[i].rank = -1;
		cs_b271_choose(r, 4, false, &c);
		cs_p271_max_rows_of(&c, &pt_in);
		is_int(cs_p271_max_toward(&psy_in, &diag_in), CS_P271_TOWARD_PERIOD | CS_P271_TOWARD_FAM_PERIOD,
			   "toward: a line of another category the same rows cover counts toward them (not the lifetime row it is not for)");
		is_int(cs_p271_max_toward(&psy_in, &psy_in), CS_P271_TOWARD_PERIOD | CS_P271_TOWARD_LIFETIME | CS_P271_TOWARD_FAM_PERIOD,
			   "toward: a line of the same category and network: every maximum stated (no family lifetime one)");
		is_int(cs_p271_max_toward(&psy_in, &diag_out), CS_P271_TOWARD_FAM_PERIOD,
			   "toward: out of network: the out-of-network maximum is another row; the family's (no network) is the same");
		is_int(cs_p271_max_toward(&psy_out, &diag_in), CS_P271_TOWARD_FAM_PERIOD,
			   "toward: an in-network line does not count toward the out-of-network maximum");
		is_int(cs_p271_max_toward(&psy_in, &pt_in), 0, "toward: a category no maximum row covers counts toward none");
		is_int(cs_p271_max_toward(&pt_in, &psy_in), 0, "toward: a line with no maximum: nothing to count toward");

		/*
		 * the ledger: a diagnostic line (plan paid 150) posted after the load counts toward the family's
		 * 200 and the member's in-network 500 of a psychotherapy line: 50 and 350 left
		 */
		l = lline(true, true, 50, false, 10, 0, 0, 0, 1);
		l.plan_paid_known = true;
		l.plan_paid = 15000;
		l.max_toward = cs_p271_max_toward(&psy_in, &diag_in);
		r[0].rank = r[1].rank = r[2].rank = 1;
		r[3].rank = 0;
		{
			cs_cents	pl,
						ll;

			ok(cs_p271_posted_since(&l, 1, 40, true, 0, true, 0, 20, &p, &err) == CS_OK &&
			   p.plan_paid_period == 15000 && p.plan_paid_lifetime == 0 &&
			   p.fam_plan_paid_period == 15000 && p.fam_plan_paid_lifetime == 0,
			   "posted: another category's line counts toward the maximums whose rows it shares only");
			ok(cs_p271_plan_max_family(r, 4, false, &p, &pl, &ll, &err) == CS_OK && pl == 5000 && ll == CS_ABSENT,
			   "posted: the family's 200 less the diagnostic line's 150: 50 left");
			ok(cs_p271_plan_max(r, 4, false, &p, &pl, &ll, &err) == CS_OK && pl == 35000 && ll == 900000,
			   "posted: the member's 500 less 150; the psychotherapy lifetime row is not the diagnostic line's: untouched");
			l.max_toward = cs_p271_max_toward(&psy_in, &pt_in);
			ok(cs_p271_posted_since(&l, 1, 40, true, 0, true, 0, 20, &p, &err) == CS_OK &&
			   p.plan_paid_period == 0 && p.fam_plan_paid_period == 0 && !p.plan_paid_unknown,
			   "posted: a line of a category no maximum row covers counts nothing");
		}
	}

	/* the rank of an EB row for the category */
	{
		int			r1[] = {-1, 3, 0, 9};
		int			r2[] = {-1, -1};

		is_int(cs_p271_row_rank(true, r1, 4, false), 0, "rank: the lowest rank among the listed types");
		is_int(cs_p271_row_rank(true, r2, 2, true), -1, "rank: no type listed for the category: not for it (30 included)");
		is_int(cs_p271_row_rank(true, r1, 0, false), -1, "rank: no service types: not for it");
		is_int(cs_p271_row_rank(false, r2, 2, true), 0, "rank: no category, a plan coverage (30) row at rank 0");
		is_int(cs_p271_row_rank(false, r1, 4, false), -1, "rank: no category, other rows are not for it");
	}

	/* the ledger since the load, and the visits of the category in the period */
	{
		cs_p271_ledger_line lines[] = {
			lline(true, true, 50, true, 10, 10000, 2000, 0, 1),	/* counts: both */
			lline(true, true, 40, true, 11, 5000, 0, 1000, 1),	/* before the load: visits only */
			lline(false, true, 60, true, 12, 7000, 0, 0, 1),		/* an older version: nothing */
			lline(true, false, 60, true, 12, 7000, 0, 0, 1),		/* estimated / reversed: nothing */
			lline(true, true, 60, false, 12, 300, 0, 0, 1),		/* another category: money, no visit */
			lline(true, true, 60, true, 20, 0, 100, 0, 1),		/* on the date of service: money, no visit */
			lline(true, true, 60, true, 4, 0, 0, 0, 1),			/* before the period: no visit */
		};
		cs_p271_posted p;

		is_int(cs_p271_posted_since(lines, 7, 45, false, 5, false, 30, 20, &p, &err), CS_OK, "posted: sums");
		is_int(p.deductible, 10300, "posted: the deductible of the latest counting lines recorded after the load");
		is_int(p.out_of_pocket, 12400, "posted: OOP is deductible + copay + coinsurance of the same lines");
		is_int(p.visits, 2, "posted: visits of the category in the period before the date, whenever recorded");
		is_int(cs_p271_posted_since(lines, 7, 45, true, 0, true, 0, 20, &p, &err), CS_OK, "posted: open period");
		is_int(p.visits, 3, "posted: an open period counts the earlier visit too");
		lines[0].copay_known = false;
		lines[1].visits_known = false;
		is_int(cs_p271_posted_since(lines, 7, 45, false, 5, false, 30, 20, &p, &err), CS_OK, "posted: unknown amounts");
		is_int(p.deductible, 10300, "posted: a line's unknown copay leaves its deductible counted");
		is_int(p.out_of_pocket, 400, "posted: ... and its OOP out (the sum of its parts is unknown)");
		is_int(p.visits, 1, "posted: unknown visits count nothing");
		lines[0] = lline(true, true, 50, true, 10, CS_MONEY_MAX, 0, 0, 0);
		lines[1] = lline(true, true, 50, true, 10, INT64_MAX - 5, 0, 0, 0);
		is_int(cs_p271_posted_since(lines, 2, 45, false, 5, false, 30, 20, &p, &err), CS_ERR_OVERFLOW, "posted: overflow is an error");
		is_int(cs_p271_posted_since(lines, 0, 45, false, 5, false, 30, 20, &p, &err), CS_OK, "posted: no lines");
		ok(p.deductible == 0 && p.out_of_pocket == 0 && p.visits == 0, "posted: no lines, zeros");
	}

	/* claim lines re-versioned or reversed after the load: only what changed since counts */
	{
		/* loaded at 45. Claim A: v1 at 40 (plan paid 100), v2 at 50 (120). Claim B: v1 at 40 (50),
		 * v2 at 50 reversed. Claim C: v1 at 30, v2 at 35 (both before; the 271 reflects v2), v3 at 60.
		 * Claim D: v1 at 60 only (new). Claim E: v1 at 20 only (the 271 has it). */
		cs_p271_ledger_line l[9];
		int32_t		group[9] = {1, 1, 2, 2, 3, 3, 3, 4, 5};
		int32_t		version[9] = {1, 2, 1, 2, 1, 2, 3, 1, 1};
		int64_t		rec[9] = {40, 50, 40, 50, 30, 35, 60, 60, 20};
		cs_cents	paid[9] = {10000, 12000, 5000, 0, 1000, 3000, 2000, 700, 900};
		bool		counts[9] = {true, true, true, false, true, true, true, true, true};
		cs_p271_posted p;

		for (int i = 0; i < 9; i++)
		{
			l[i] = lline(false, counts[i], rec[i], true, 10, 100 * (i + 1), 0, 0, 0);
			l[i].plan_paid_known = true;
			l[i].plan_paid = paid[i];
		}
		cs_p271_mark_versions(l, 9, group, version, 45);
		ok(!l[0].latest && l[0].baseline && l[1].latest && !l[1].baseline,
		   "versions: re-versioned after the load: the first is the baseline, the second the latest");
		ok(!l[4].baseline && l[5].baseline && !l[5].latest && l[6].latest,
		   "versions: the baseline is the highest version recorded by the load");
		ok(l[7].latest && !l[7].baseline, "versions: a line first posted after the load has no baseline");
		ok(l[8].latest && l[8].baseline, "versions: a line unchanged since the load is both");
		{
			/* the same lines in an order whose groups are not ascending: every line against every other */
			static const int perm[9] = {6, 0, 8, 3, 4, 1, 7, 2, 5};
			cs_p271_ledger_line m[9];
			int32_t		g2[9],
						v2[9];
			bool		same = true;

			for (int i = 0; i < 9; i++)
			{
				m[i] = l[perm[i]];
				g2[i] = group[perm[i]];
				v2[i] = version[perm[i]];
			}
			cs_p271_mark_versions(m, 9, g2, v2, 45);
			for (int i = 0; i < 9; i++)
				same = same && m[i].latest == l[perm[i]].latest && m[i].baseline == l[perm[i]].baseline;
			ok(same, "versions: groups in any order mark the same latest and baseline versions");
		}
		is_int(cs_p271_posted_since(l, 9, 45, false, 5, false, 30, 20, &p, &err), CS_OK, "versions: sums");
		/* A +120 -100, B (reversed) -50, C +20 -30, D +7, E 0 */
		is_int(p.plan_paid_lifetime, 12000 - 10000 - 5000 + 2000 - 3000 + 700,
			   "versions: what the plan paid since the load is what changed: a re-versioned line its difference, "
			   "a reversed line given back, a new line in full, an unchanged one nothing");
		is_int(p.deductible, 200 - 100 - 300 + 700 - 600 + 800,
			   "versions: the deductible since the load likewise");
		is_int(p.plan_paid_period, p.plan_paid_lifetime, "versions: the period's the same (every line in it)");

		/* the same lines dated before the 271's period [5, 30): its figures never had them */
		for (int i = 0; i < 9; i++)
			l[i].service_date = 4;
		is_int(cs_p271_posted_since(l, 9, 45, false, 5, false, 30, 20, &p, &err), CS_OK, "versions: before the period");
		ok(p.deductible == 0 && p.out_of_pocket == 0 && p.plan_paid_period == 0,
		   "versions: lines dated outside the period neither add to the 271's deductible, OOP and period "
		   "figures nor, superseded or reversed, give anything back");
		is_int(p.plan_paid_lifetime, 12000 - 10000 - 5000 + 2000 - 3000 + 700,
			   "versions: ... while the lifetime's still counts them");
	}

	/* the period */
	ok(cs_p271_period_stated(true, false), "period: a plan period with an end is the period");
	ok(!cs_p271_period_stated(true, true), "period: a start only gives the benefit period from that start");
	ok(!cs_p271_period_stated(false, false), "period: none, the benefit period (calendar year)");
	ok(cs_p271_period_covers(false, 10, false, 20, 10) && !cs_p271_period_covers(false, 10, false, 20, 20),
	   "period: a plan period covers [lo, hi)");
	ok(cs_p271_period_covers(true, 0, true, 0, 99), "period: an unbounded plan period covers every date");

	/* the allowed amount */
	ok(cs_p271_allowed_asks_fee(false) && !cs_p271_allowed_asks_fee(true), "allowed: a fee row only without the estimate's amount");
	ok(cs_p271_allowed_asks_remit(false, false, true), "allowed: the history without estimate or fee, with a payer");
	ok(!cs_p271_allowed_asks_remit(false, false, false), "allowed: no history without a payer");
	ok(!cs_p271_allowed_asks_remit(false, true, true) && !cs_p271_allowed_asks_remit(true, false, true),
	   "allowed: no history when an earlier source has an amount");
	is_int(cs_p271_allowed_source(true, true, true, true), CS_P271_ALLOWED_ESTIMATE, "allowed: the estimate's first");
	is_int(cs_p271_allowed_source(false, true, true, true), CS_P271_ALLOWED_FEE, "allowed: then a fee row");
	is_int(cs_p271_allowed_source(false, false, true, true), CS_P271_ALLOWED_REMIT, "allowed: then the history");
	is_int(cs_p271_allowed_source(false, false, false, true), CS_P271_ALLOWED_NONE, "allowed: no payer, no history");
	is_int(cs_p271_allowed_source(false, false, true, false), CS_P271_ALLOWED_NONE, "allowed: none at all");
	ok(strcmp(cs_p271_allowed_word(CS_P271_ALLOWED_FEE), "fee_schedule") == 0 &&
	   strcmp(cs_p271_allowed_word(CS_P271_ALLOWED_REMIT), "remittance_history") == 0 &&
	   cs_p271_allowed_word(CS_P271_ALLOWED_ESTIMATE) == NULL, "allowed: the source words");
	{
		int64_t		c = -1;

		ok(cs_p271_allowed_lines(true, 3, CS_P271_ALLOWED_REMIT, true, 7, &c) && c == 3, "allowed lines: the history's count");
		ok(cs_p271_allowed_lines(true, 0, CS_P271_ALLOWED_NONE, true, 7, &c) && c == 0,
		   "allowed lines: the history's count also when it gave no amount");
		ok(cs_p271_allowed_lines(false, 0, CS_P271_ALLOWED_ESTIMATE, true, 7, &c) && c == 7, "allowed lines: the estimate's with its amount");
		ok(cs_p271_allowed_lines(false, 0, CS_P271_ALLOWED_NONE, true, 2, &c) && c == 2, "allowed lines: the estimate's when none is found (no payer)");
		ok(!cs_p271_allowed_lines(false, 0, CS_P271_ALLOWED_FEE, true, 7, &c), "allowed lines: none behind a fee row");
		ok(!cs_p271_allowed_lines(false, 0, CS_P271_ALLOWED_ESTIMATE, false, 0, &c), "allowed lines: the estimate's unknown");
	}
	/* the fee row */
	{
		cs_p271_fee_row plan = {true, false, false}, any = {false, true, true}, cred = {false, true, false},
					none = {false, false, false}, state = {false, false, true};

		ok(cs_p271_fee_before(&plan, &any, -1) && !cs_p271_fee_before(&any, &plan, 1), "fee row: the plan's own first, whatever the modifier");
		ok(cs_p271_fee_before(&none, &cred, 1) && !cs_p271_fee_before(&cred, &none, -1), "fee row: then the higher modifier");
		ok(cs_p271_fee_before(&cred, &state, 0), "fee row: then one with a credential");
		ok(cs_p271_fee_before(&state, &none, 0), "fee row: then one with a state");
		ok(!cs_p271_fee_before(&none, &none, 0), "fee row: a tie keeps the first");
	}

	/* the carve-out's administrator */
	{
		char		buf[64];

		ok(cs_p271_carve_out_row(true, true, true, 1), "carve-out: an EB01 U row of the category with a party");
		ok(!cs_p271_carve_out_row(true, true, false, 1), "carve-out: not one of another category");
		ok(cs_p271_carve_out_row(true, false, false, 1), "carve-out: any without a category");
		ok(!cs_p271_carve_out_row(true, true, true, 0), "carve-out: a row naming nobody is passed over");
		ok(!cs_p271_carve_out_row(false, true, true, 1), "carve-out: only EB01 U rows");
		is_int(cs_p271_party_text("MIND MATTERS BEHAVIORAL", NULL, "MM123", buf, sizeof buf), 30, "party: length");
		ok(strcmp(buf, "MIND MATTERS BEHAVIORAL, MM123") == 0, "party: organisation, id");
		cs_p271_party_text("Party", "Second", "X1", buf, sizeof buf);
		ok(strcmp(buf, "Party Second, X1") == 0, "party: last first, id");
		cs_p271_party_text(NULL, NULL, "X1", buf, sizeof buf);
		ok(strcmp(buf, "X1") == 0, "party: no name, the id");
		cs_p271_party_text("", NULL, "X1", buf, sizeof buf);
		ok(strcmp(buf, "X1") == 0, "party: an empty name is left out");
		cs_p271_party_text("", "A", NULL, buf, sizeof buf);
		ok(strcmp(buf, " A") == 0, "party: an empty last name still separates (as concat_ws)");
		is_int(cs_p271_party_text(NULL, NULL, NULL, buf, sizeof buf), 0, "party: nothing sent, empty");
		cs_p271_party_text("Org", NULL, "", buf, sizeof buf);
		ok(strcmp(buf, "Org, ") == 0, "party: an empty id is kept");
		is_int(cs_p271_party_text("A LONG NAME", NULL, "ID", buf, 8), -1, "party: too long for the buffer");
	}

	/* costshare.stale_271_days */
	{
		int64_t		v = 0;

		ok(cs_p271_stale_setting(NULL, &v) && v == 30, "stale setting: unset, 30");
		ok(cs_p271_stale_setting("", &v) && v == 30, "stale setting: empty, 30");
		ok(cs_p271_stale_setting("60", &v) && v == 60, "stale setting: 60");
		ok(cs_p271_stale_setting("-1", &v) && v == -1, "stale setting: negative, never stale");
		ok(cs_p271_stale_setting("999999", &v) && v == 999999, "stale setting: six digits");
		ok(cs_p271_stale_setting("000030", &v) && v == 30, "stale setting: leading zeros");
		ok(!cs_p271_stale_setting("1000000", &v), "stale setting: seven digits refused");
		ok(!cs_p271_stale_setting("soon", &v) && !cs_p271_stale_setting("-", &v) && !cs_p271_stale_setting("+5", &v) &&
		   !cs_p271_stale_setting(" 5", &v) && !cs_p271_stale_setting("5 ", &v) && !cs_p271_stale_setting("1.5", &v),
		   "stale setting: words, signs, spaces and fractions refused");
	}

	/* the status and its reasons */
	{
		cs_p271_decision d;

		cs_p271_decide(CS_B271_COV_ACTIVE, false, false, 0, 1, false, false, true, true, &d);
		is_int(d.status, CS_P271_AUTH_REQUIRED, "status: authorization required, none on file");
		ok(d.nreasons == 2 && strcmp(d.reasons[0], "271_benefits") == 0 && strcmp(d.reasons[1], "prior_auth_required") == 0,
		   "status: reasons 271_benefits, prior_auth_required");
		ok(d.adjudicate, "status: an authorization missing still prices the line");
		cs_p271_decide(CS_B271_COV_ACTIVE, false, false, 0, 1, true, false, true, true, &d);
		is_int(d.status, CS_P271_ELIGIBLE, "status: the authorization on file satisfies it");
		is_int(d.nreasons, 1, "status: eligible, 271_benefits only");
		cs_p271_decide(CS_B271_COV_ACTIVE, false, false, 0, -1, false, false, true, true, &d);
		is_int(d.status, CS_P271_ELIGIBLE, "status: authorization unstated is not required");
		cs_p271_decide(CS_B271_COV_ACTIVE, false, true, 0, 1, false, true, true, true, &d);
		is_int(d.status, CS_P271_LIMIT_REACHED, "status: the visit limit before the authorization");
		ok(has_reason(&d, "visit_limit_reached") && has_reason(&d, "out_of_network") && !has_reason(&d, "prior_auth_required"),
		   "status: visit_limit_reached, out_of_network");
		cs_p271_decide(CS_B271_COV_ACTIVE, false, true, 1, -1, false, false, true, true, &d);
		is_int(d.status, CS_P271_ELIGIBLE, "status: a visit left");
		cs_p271_decide(CS_B271_COV_UNSTATED, true, true, 0, 1, false, false, true, true, &d);
		is_int(d.status, CS_P271_CARVED_OUT, "status: a carve-out before the visit limit (no coverage rows)");
		ok(!d.adjudicate && has_reason(&d, "carved_out"), "status: a carved-out line is not priced");
		cs_p271_decide(CS_B271_COV_INACTIVE, true, true, 0, 1, false, true, false, true, &d);
		is_int(d.status, CS_P271_NOT_ELIGIBLE, "status: inactive coverage first");
		ok(d.nreasons == 4 && strcmp(d.reasons[1], "no_active_coverage") == 0 && strcmp(d.reasons[2], "out_of_network") == 0 &&
		   strcmp(d.reasons[3], "no_fee_schedule") == 0 && !d.adjudicate,
		   "status: no_active_coverage, out_of_network, no_fee_schedule; not priced");
		cs_p271_decide(CS_B271_COV_OUTSIDE, false, false, 0, -1, false, false, true, true, &d);
		is_int(d.status, CS_P271_NOT_ELIGIBLE, "status: a date outside the 271's coverage");
		cs_p271_decide(CS_B271_COV_ACTIVE, false, false, 0, -1, false, false, false, true, &d);
		ok(d.status == CS_P271_ELIGIBLE && !d.adjudicate && has_reason(&d, "no_fee_schedule"),
		   "status: eligible without an allowed amount, not priced");
		/* a 271 that states no copay and no coinsurance for the line: covered, but no number */
		cs_p271_decide(CS_B271_COV_ACTIVE, false, false, 0, -1, false, false, true, false, &d);
		ok(d.status == CS_P271_ELIGIBLE && !d.adjudicate && has_reason(&d, "no_benefit_data") && d.nreasons == 2,
		   "status: eligible, no share stated: no_benefit_data, not priced");
		cs_p271_decide(CS_B271_COV_ACTIVE, false, false, 0, 1, false, true, false, false, &d);
		ok(d.status == CS_P271_AUTH_REQUIRED && !d.adjudicate && d.nreasons == 5 &&
		   strcmp(d.reasons[2], "out_of_network") == 0 && strcmp(d.reasons[3], "no_fee_schedule") == 0 &&
		   strcmp(d.reasons[4], "no_benefit_data") == 0,
		   "status: every reason at once fits (auth, out of network, no fee, no share)");
		cs_p271_decide(CS_B271_COV_INACTIVE, false, false, 0, -1, false, false, true, false, &d);
		ok(d.status == CS_P271_NOT_ELIGIBLE && !has_reason(&d, "no_benefit_data"),
		   "status: not eligible says nothing of the share");
		cs_p271_decide(CS_B271_COV_UNSTATED, true, false, 0, -1, false, false, true, false, &d);
		ok(d.status == CS_P271_CARVED_OUT && !has_reason(&d, "no_benefit_data"),
		   "status: carved out says nothing of the share");
		{
			cs_b271_terms t;

			memset(&t, 0, sizeof(t));
			t.unknown = CS_B271_UNKNOWN_COPAY | CS_B271_UNKNOWN_COINSURANCE;
			ok(!cs_b271_share_stated(&t), "share: neither copay nor coinsurance stated");
			t.unknown = CS_B271_UNKNOWN_COPAY | CS_B271_UNKNOWN_DEDUCTIBLE | CS_B271_UNKNOWN_OOP | CS_B271_UNKNOWN_VISITS;
			ok(cs_b271_share_stated(&t), "share: a coinsurance alone is a share");
			t.unknown = CS_B271_UNKNOWN_COINSURANCE;
			ok(cs_b271_share_stated(&t), "share: a copay alone is a share");
			t.unknown = CS_B271_UNKNOWN_COPAY | CS_B271_UNKNOWN_COINSURANCE | CS_B271_UNKNOWN_DEDUCTIBLE |
				CS_B271_UNKNOWN_OOP | CS_B271_UNKNOWN_VISITS;
			ok(!cs_b271_share_stated(&t), "share: nothing stated");
		}
		ok(strcmp(cs_p271_status_word(CS_P271_LIMIT_REACHED), "limit_reached") == 0 &&
		   strcmp(cs_p271_status_word(CS_P271_AUTH_REQUIRED), "auth_required") == 0 &&
		   strcmp(cs_p271_status_word(CS_P271_ELIGIBLE), "eligible") == 0 &&
		   strcmp(cs_p271_status_word(CS_P271_NOT_ELIGIBLE), "not_eligible") == 0 &&
		   strcmp(cs_p271_status_word(CS_P271_CARVED_OUT), "carved_out") == 0, "status: words");
		ok(cs_p271_asks_auth(CS_B271_COV_ACTIVE, false, false, 0, 1), "auth: asked when it decides");
		ok(!cs_p271_asks_auth(CS_B271_COV_ACTIVE, false, true, 0, 1) && !cs_p271_asks_auth(CS_B271_COV_ACTIVE, true, false, 0, 1) &&
		   !cs_p271_asks_auth(CS_B271_COV_INACTIVE, false, false, 0, 1) && !cs_p271_asks_auth(CS_B271_COV_ACTIVE, false, false, 0, 0),
		   "auth: not asked when an earlier status decides or none is required");
	}
	/* the 271's plan-paid maximum: which EB rows state one (EB01 F, EB07, no quantity), by EB06 */
	is_int(cs_b271_max_of(CS_B271_LIMITATION, true, false, "23", 2), CS_B271_MAX_PERIOD_TOTAL, "max: EB06 23 the period's maximum");
	is_int(cs_b271_max_of(CS_B271_LIMITATION, true, false, "", 0), CS_B271_MAX_PERIOD_TOTAL, "max: no EB06, the period's maximum");
	is_int(cs_b271_max_of(CS_B271_LIMITATION, true, false, "21", 2) + cs_b271_max_of(CS_B271_LIMITATION, true, false, "22", 2) +
		   cs_b271_max_of(CS_B271_LIMITATION, true, false, "25", 2), 3 * CS_B271_MAX_PERIOD_TOTAL, "max: 21, 22, 25 the period's maximum");
	is_int(cs_b271_max_of(CS_B271_LIMITATION, true, false, "32", 2), CS_B271_MAX_LIFETIME_TOTAL, "max: 32 the lifetime maximum");
	is_int(cs_b271_max_of(CS_B271_LIMITATION, true, false, "29", 2), CS_B271_MAX_PERIOD_LEFT, "max: 29 what is left of the period's");
	is_int(cs_b271_max_of(CS_B271_LIMITATION, true, false, "33", 2), CS_B271_MAX_LIFETIME_LEFT, "max: 33 what is left of the lifetime's");
	is_int(cs_b271_max_of(CS_B271_LIMITATION, true, false, "24", 2), CS_B271_MAX_PERIOD_USED, "max: 24 what was used this year");
	is_int(cs_b271_max_of(CS_B271_LIMITATION, true, false, "27", 2), CS_B271_MAX_NONE, "max: 27 per visit is not a running maximum");
	is_int(cs_b271_max_of(CS_B271_LIMITATION, true, false, "7", 1), CS_B271_MAX_NONE, "max: 7 per day is not a running maximum");
	is_int(cs_b271_max_of(CS_B271_LIMITATION, true, false, "2", 1), CS_B271_MAX_NONE, "max: 2 (not 23 or 21) is none");
	is_int(cs_b271_max_of(CS_B271_LIMITATION, true, true, "23", 2), CS_B271_MAX_NONE, "max: a quantity (a visit limit) is not a dollar maximum");
	is_int(cs_b271_max_of(CS_B271_LIMITATION, false, false, "23", 2), CS_B271_MAX_NONE, "max: no amount, no maximum");
	is_int(cs_b271_max_of(CS_B271_DEDUCTIBLE, true, false, "23", 2), CS_B271_MAX_NONE, "max: only EB01 F");
	{
		/* category MH: rank 0 for a specific type, 1 for MH, 2 for 30 */
		cs_b271_row r[6];
		cs_p271_posted none = {0, 0, 0, 0, 0, false, 0, 0, false},
					posted = {0, 0, 0, 30000, 45000, false, 0, 0, false};
		cs_cents	pl,
					ll;

		memset(r, 0, sizeof r);
		for (int i = 0; i < 6; i++)
		{
			r[i].kind = CS_B271_LIMITATION;
			r[i].quantity = CS_ABSENT;
			r[i].percent = CS_ABSENT;
			r[i].auth = -1;
			r[i].segment = i + 1;
		}
		/* plan-wide (30) period maximum 5000.00, in network */
		r[0].rank = 2; r[0].amount = 500000; r[0].net = CS_B271_NET_IN; r[0].maximum = CS_B271_MAX_PERIOD_TOTAL;
		/* MH period maximum 2000.00, no network */
		r[1].rank = 1; r[1].amount = 200000; r[1].maximum = CS_B271_MAX_PERIOD_TOTAL;
		/* MH out of network 800.00 */
		r[2].rank = 1; r[2].amount = 80000; r[2].net = CS_B271_NET_OUT; r[2].maximum = CS_B271_MAX_PERIOD_TOTAL;
		/* MH lifetime 10000.00 */
		r[3].rank = 1; r[3].amount = 1000000; r[3].maximum = CS_B271_MAX_LIFETIME_TOTAL;
		/* a family maximum is never the member's */
		r[4].rank = 0; r[4].amount = 100; r[4].level = CS_B271_LEVEL_FAMILY; r[4].maximum = CS_B271_MAX_PERIOD_TOTAL;
		/* a per-visit cap: no maximum at all */
		r[5].rank = 0; r[5].amount = 5000; r[5].maximum = CS_B271_MAX_NONE;

		is_int(cs_p271_plan_max(r, 6, false, &none, &pl, &ll, &err), CS_OK, "max: chosen");
		ok(pl == 200000 && ll == 1000000, "max: the category's own rows before the plan-wide one; family and per-visit rows ignored");
		is_int(cs_p271_plan_max(r, 6, true, &none, &pl, &ll, &err), CS_OK, "max: chosen out of network");
		is_int(pl, 80000, "max: out of network, the row stating N before the one stating none");
		is_int(cs_p271_plan_max(r, 6, false, &posted, &pl, &ll, &err), CS_OK, "max: less what was paid since");
		ok(pl == 170000 && ll == 955000, "max: the period's less paid in the period, the lifetime's less all paid");
		is_int(cs_p271_plan_max(r, 1, false, &posted, &pl, &ll, &err), CS_OK, "max: only a plan-wide row");
		ok(pl == 470000 && ll == CS_ABSENT, "max: the plan-wide row for the category; no lifetime stated: none");
		is_int(cs_p271_plan_max(r + 4, 2, false, &posted, &pl, &ll, &err), CS_OK, "max: only a family and a per-visit row");
		ok(pl == CS_ABSENT && ll == CS_ABSENT, "max: none stated");
		{
			/* payments the 271 counted, given back since (reversed or lowered): more is left, never
			 * more than the total */
			cs_p271_posted back = {0, 0, 0, -30000, -45000, false, 0, 0, false},
						all_back = {0, 0, 0, -900000, -9000000, false, 0, 0, false};

			is_int(cs_p271_plan_max(r, 6, false, &back, &pl, &ll, &err), CS_OK, "max: payments given back");
			ok(pl == 200000 && ll == 1000000, "max: given back, at most the stated totals");
			r[1].maximum = CS_B271_MAX_PERIOD_LEFT;
			r[1].amount = 50000;
			r[3].maximum = CS_B271_MAX_LIFETIME_LEFT;
			r[3].amount = 100000;
			is_int(cs_p271_plan_max(r, 6, false, &back, &pl, &ll, &err), CS_OK, "max: remainders, payments given back");
			ok(pl == 80000 && ll == 145000, "max: a stated remainder plus what was given back (no total to bound it)");
			is_int(cs_p271_plan_max(r, 6, false, &all_back, &pl, &ll, &err), CS_OK, "max: a large give-back");
			ok(pl == 500000 && ll == 9100000,
			   "max: a large give-back: the period bounded by the total the 271 states for it (here the plan-wide one), the lifetime remainder grows");
			{
				cs_p271_posted beyond = {0, 0, 0, 0, -3 * CS_MONEY_MAX, false, 0, 0, false};

				is_int(cs_p271_plan_max(r, 6, false, &beyond, &pl, &ll, &err), CS_OK, "max: a give-back beyond the money range");
				is_int(ll, CS_MONEY_MAX, "max: what is left stays in the money range");
			}
			r[1].maximum = CS_B271_MAX_PERIOD_TOTAL;
			r[1].amount = 200000;
			r[3].maximum = CS_B271_MAX_LIFETIME_TOTAL;
			r[3].amount = 1000000;
		}

		/* a remainder (29) before the total; 24 what was used */
		r[0].rank = 1; r[0].net = CS_B271_NET_UNSTATED; r[0].amount = 60000; r[0].maximum = CS_B271_MAX_PERIOD_LEFT;
		r[2].net = CS_B271_NET_UNSTATED; r[2].amount = 50000; r[2].maximum = CS_B271_MAX_PERIOD_USED;
		r[3].maximum = CS_B271_MAX_LIFETIME_LEFT; r[3].amount = 300000;
		is_int(cs_p271_plan_max(r, 4, false, &posted, &pl, &ll, &err), CS_OK, "max: remainders");
		ok(pl == 30000 && ll == 255000, "max: the stated remainders less what was paid since");
		/* the total, what was used and the remainder disagree: the lesser of what they leave */
		r[0].amount = 200000 - 50000 + 1;
		is_int(cs_p271_plan_max(r, 3, false, &posted, &pl, &ll, &err), CS_OK, "max: total, used and a larger remainder");
		is_int(pl, 200000 - 50000 - 30000, "max: the total less what was used, below the stated remainder, caps");
		r[0].amount = 60000;
		is_int(cs_p271_plan_max(r + 1, 2, false, &posted, &pl, &ll, &err), CS_OK, "max: total and used");
		is_int(pl, 200000 - 50000 - 30000, "max: the total less what was used less what was paid since");
		r[0].amount = 200001;
		is_int(cs_p271_plan_max(r, 4, false, &none, &pl, &ll, &err), CS_ERR_INCONSISTENT, "max: a remainder above its total is refused");
		r[0].amount = 10000;
		is_int(cs_p271_plan_max(r, 2, false, &posted, &pl, &ll, &err), CS_OK, "max: paid beyond the remainder");
		is_int(pl, 0, "max: nothing left, never negative");
	}
	{
		/* the ledger's plan payments since the 271: latest, counting, recorded after the load, of the category */
		cs_p271_ledger_line l[6];
		cs_p271_posted p;

		l[0] = lline(true, true, 50, true, 10, 0, 2000, 0, 1);
		l[0].plan_paid_known = true; l[0].plan_paid = 12000;
		l[1] = lline(true, true, 50, true, 3, 0, 0, 1000, 1);	/* before the period: lifetime only */
		l[1].allowed_known = true; l[1].allowed = 9000;			/* no plan_paid: allowed - share */
		l[2] = lline(true, true, 40, true, 10, 0, 0, 0, 1);		/* recorded before the load */
		l[2].plan_paid_known = true; l[2].plan_paid = 70000;
		l[3] = lline(true, true, 50, false, 10, 0, 0, 0, 1);	/* another category */
		l[3].plan_paid_known = true; l[3].plan_paid = 70000;
		l[4] = lline(false, true, 50, true, 10, 0, 0, 0, 1);	/* a superseded version */
		l[4].plan_paid_known = true; l[4].plan_paid = 70000;
		l[5] = lline(true, true, 50, true, 25, 0, 0, 0, 1);		/* dated after the line */
		l[5].plan_paid_known = true; l[5].plan_paid = 70000;
		is_int(cs_p271_posted_since(l, 6, 45, false, 5, false, 30, 20, &p, &err), CS_OK, "plan paid: sums");
		is_int(p.plan_paid_period, 12000, "plan paid: in the period, recorded after the load, up to the date");
		is_int(p.plan_paid_lifetime, 20000, "plan paid: lifetime adds the earlier line (allowed less the patient's share)");
		ok(!p.plan_paid_unknown, "plan paid: every counted line known");
		l[1].allowed_known = false;
		is_int(cs_p271_posted_since(l, 6, 45, false, 5, false, 30, 20, &p, &err), CS_OK, "plan paid: unknown");
		ok(p.plan_paid_unknown && p.plan_paid_lifetime == 12000, "plan paid: a line with neither plan_paid nor allowed counts 0, flagged");
	}
	{
		/*
		 * The family's plan-paid maximums (EB02 FAM): chosen with the same precedence among FAM rows only,
		 * run down by what the plan paid on the family's lines since the load.
		 */
		cs_b271_row r[5];
		cs_p271_posted none = {0};
		cs_p271_posted posted = {0};
		cs_cents	pl,
					ll,
					fpl,
					fll;

		memset(r, 0, sizeof r);
		for (int i = 0; i < 5; i++)
		{
			r[i].kind = CS_B271_LIMITATION;
			r[i].quantity = CS_ABSENT;
			r[i].percent = CS_ABSENT;
			r[i].auth = -1;
			r[i].segment = i + 1;
			r[i].rank = 1;
		}
		r[0].amount = 200000; r[0].level = CS_B271_LEVEL_INDIVIDUAL; r[0].maximum = CS_B271_MAX_PERIOD_TOTAL;
		r[1].amount = 300000; r[1].level = CS_B271_LEVEL_FAMILY; r[1].maximum = CS_B271_MAX_PERIOD_TOTAL;
		r[2].amount = 900000; r[2].level = CS_B271_LEVEL_FAMILY; r[2].maximum = CS_B271_MAX_PERIOD_TOTAL;
		r[2].rank = 2;			/* plan-wide: less specific */
		r[3].amount = 100000; r[3].level = CS_B271_LEVEL_FAMILY; r[3].maximum = CS_B271_MAX_PERIOD_USED;
		r[4].amount = 2000000; r[4].level = CS_B271_LEVEL_FAMILY; r[4].maximum = CS_B271_MAX_LIFETIME_TOTAL;
		r[4].net = CS_B271_NET_OUT;
		is_int(cs_p271_plan_max(r, 5, false, &none, &pl, &ll, &err), CS_OK, "family max: the member's");
		ok(pl == 200000 && ll == CS_ABSENT, "family max: the member's maximum never takes a FAM row");
		is_int(cs_p271_plan_max_family(r, 5, false, &none, &fpl, &fll, &err), CS_OK, "family max: the family's");
		ok(fpl == 300000 - 100000 && fll == CS_ABSENT,
		   "family max: the category's FAM total less the FAM used; an out-of-network FAM row not for an in-network line");
		is_int(cs_p271_plan_max_family(r, 5, true, &none, &fpl, &fll, &err), CS_OK, "family max: out of network");
		is_int(fll, 2000000, "family max: out of network the FAM lifetime row is taken");
		ok(cs_p271_family_max_stated(r, 5, false) && !cs_p271_family_max_stated(r, 1, false),
		   "family max: stated with a FAM row, not with an IND row alone");
		r[3].maximum = CS_B271_MAX_NONE;
		ok(!cs_p271_family_max_stated(r + 3, 2, false) && cs_p271_family_max_stated(r + 3, 2, true),
		   "family max: a FAM lifetime row out of network only; a FAM per-unit row states none");
		r[3].maximum = CS_B271_MAX_PERIOD_USED;
		is_int(cs_p271_plan_max_family(r, 1, false, &none, &fpl, &fll, &err), CS_OK, "family max: none stated");
		ok(fpl == CS_ABSENT && fll == CS_ABSENT, "family max: an IND row is never the family's");
		posted.plan_paid_period = 50000;		/* the member's */
		posted.fam_plan_paid_period = 180000;	/* the family's, the member's included */
		is_int(cs_p271_plan_max(r, 5, false, &posted, &pl, &ll, &err), CS_OK, "family max: member after payments");
		is_int(cs_p271_plan_max_family(r, 5, false, &posted, &fpl, &fll, &err), CS_OK, "family max: family after payments");
		ok(pl == 150000 && fpl == 20000 && cs_p271_plan_max_lesser(pl, fpl) == 20000,
		   "family max: the member has 1500.00 left, the family 200.00: the family's binds");
		posted.fam_plan_paid_period = -50000;	/* a family member's line given back */
		is_int(cs_p271_plan_max_family(r, 5, false, &posted, &fpl, &fll, &err), CS_OK, "family max: given back");
		ok(fpl == 250000 && cs_p271_plan_max_lesser(pl, fpl) == 150000,
		   "family max: given back, the family has 2500.00 left, the member's 1500.00 binds");
		r[2].rank = 1;
		r[2].maximum = CS_B271_MAX_PERIOD_LEFT;
		r[2].amount = 300001;
		is_int(cs_p271_plan_max_family(r, 5, false, &none, &fpl, &fll, &err), CS_ERR_INCONSISTENT,
			   "family max: a FAM remainder above the FAM total is refused");
		ok(!cs_p271_plan_paid_unknown(&(cs_p271_posted) {.fam_plan_paid_unknown = true}, 100, 100, CS_ABSENT, CS_ABSENT),
		   "family max: an unknown family payment says nothing without a family maximum");
		ok(cs_p271_plan_paid_unknown(&(cs_p271_posted) {.fam_plan_paid_unknown = true}, CS_ABSENT, CS_ABSENT, 0, CS_ABSENT),
		   "family max: ... and is flagged with one");
		ok(cs_p271_plan_paid_unknown(&(cs_p271_posted) {.plan_paid_unknown = true}, CS_ABSENT, 5, CS_ABSENT, CS_ABSENT) &&
		   !cs_p271_plan_paid_unknown(&(cs_p271_posted) {.plan_paid_unknown = true}, CS_ABSENT, CS_ABSENT, 5, 5),
		   "family max: the member's unknown payment only with the member's maximum");
	}
	{
		/*
		 * The family's lines since the load (loaded at 45): the member's own (A: new, 100.00), another
		 * member's (B: new, 200.00; C: reversed since, gave 50.00), a line of another family (D), and a
		 * claim line the member had when the 271 was loaded (E v1, 70.00) that moved since to a member
		 * outside the family (E v2, read only for its version).
		 */
		cs_p271_ledger_line l[6];
		int32_t		group[6] = {1, 2, 3, 3, 4, 5};
		int32_t		version[6] = {1, 1, 1, 2, 1, 1};
		cs_p271_posted p;

		l[0] = lline(true, true, 50, true, 10, 1000, 0, 0, 1);
		l[0].plan_paid_known = true; l[0].plan_paid = 10000;
		l[1] = lline(true, true, 50, true, 10, 2000, 0, 0, 1);
		l[1].plan_paid_known = true; l[1].plan_paid = 20000; l[1].other_member = true;
		l[2] = lline(true, true, 40, true, 10, 0, 0, 0, 1);
		l[2].plan_paid_known = true; l[2].plan_paid = 5000; l[2].other_member = true;
		l[3] = lline(true, false, 50, true, 10, 0, 0, 0, 1);	/* the reversal: its status does not count */
		l[3].other_member = true;
		l[4] = lline(true, true, 50, true, 10, 4000, 0, 0, 1);
		l[4].plan_paid_known = true; l[4].plan_paid = 40000; l[4].other_member = l[4].outside_family = true;
		l[5] = lline(true, true, 30, true, 10, 700, 0, 0, 1);
		l[5].plan_paid_known = true; l[5].plan_paid = 7000;
		{
			cs_p271_ledger_line all[7];
			int32_t		g7[7],
						v7[7];

			memcpy(all, l, sizeof l);
			memcpy(g7, group, sizeof group);
			memcpy(v7, version, sizeof version);
			all[6] = lline(true, true, 55, true, 10, 900, 0, 0, 1);	/* E v2: another family's member's */
			all[6].plan_paid_known = true; all[6].plan_paid = 9000;
			all[6].other_member = all[6].outside_family = true;
			g7[6] = 5;
			v7[6] = 2;
			cs_p271_mark_versions(all, 7, g7, v7, 45);
			ok(!all[5].latest && all[5].baseline && all[6].latest,
			   "family lines: the moved line's later version supersedes the member's");
			is_int(cs_p271_posted_since(all, 7, 45, false, 5, false, 30, 20, &p, &err), CS_OK, "family lines: sums");
			is_int(p.plan_paid_period, 10000 - 7000,
				   "family lines: the member's own: its new line, and the line that moved out given back");
			is_int(p.deductible, 1000 - 700, "family lines: the member's deductible likewise, never another member's");
			is_int(p.visits, 1, "family lines: the member's own visits only (the moved line is no longer the member's)");
			is_int(p.fam_plan_paid_period, 10000 + 20000 - 5000 - 7000,
				   "family lines: the family's: every member's new lines, less the reversal and the line that moved out; "
				   "never another family's");
			is_int(p.fam_plan_paid_lifetime, p.fam_plan_paid_period, "family lines: lifetime the same (all in the period)");
			/* without the moved version the member's earlier one stays (the defect the family reading fixes) */
			cs_p271_mark_versions(all, 6, g7, v7, 45);
			is_int(cs_p271_posted_since(all, 6, 45, false, 5, false, 30, 20, &p, &err), CS_OK, "family lines: unmoved");
			is_int(p.plan_paid_period, 10000, "family lines: a line that stays the member's gives nothing back");
		}
	}
	/* what the plan could still pay, and the reasons the cap adds */
	is_int(cs_p271_plan_max_lesser(7000, 5000), 5000, "max left: the lesser of the two");
	is_int(cs_p271_plan_max_lesser(CS_ABSENT, 5000), 5000, "max left: the lifetime's alone");
	is_int(cs_p271_plan_max_lesser(7000, CS_ABSENT), 7000, "max left: the period's alone");
	is_int(cs_p271_plan_max_lesser(CS_ABSENT, CS_ABSENT), CS_ABSENT, "max left: none stated");
	{
		const char *mr[CS_P271_MAX_CAP_REASONS];

		ok(cs_p271_plan_max_reasons(1, true, 0, CS_ABSENT, mr) == 2 && strcmp(mr[0], "plan_maximum_reached") == 0 &&
		   strcmp(mr[1], "plan_paid_unknown") == 0, "max reasons: the cap cut the payment; a counted payment unknown");
		is_int(cs_p271_plan_max_reasons(0, false, 100, 100, mr), 0, "max reasons: a payment that fits adds none");
		is_int(cs_p271_plan_max_reasons(0, true, CS_ABSENT, CS_ABSENT, mr), 0,
			   "max reasons: no maximum stated: an unknown payment does not matter");
	}
	{
		/* the cap on the line (cs_apply_plan_max), as call_price_271 applies it: mid-claim */
		cs_result	r;

		memset(&r, 0, sizeof r);
		r.allowed = 20000;
		r.coinsurance = 4000;
		r.patient_pays = 4000;
		r.plan_pays = 16000;
		is_int(cs_apply_plan_max(&r, 10000, CS_ABSENT, &err), CS_OK, "cap: applied");
		ok(r.plan_pays == 10000 && r.patient_pays == 10000 && r.plan_max_excess == 6000 && (r.reasons & CS_REASON_LIMIT),
		   "cap: the plan pays what is left, the rest is the patient's (119)");
	}

	/*
	 * load_271's check (cs_p271_stored_conflict) is the estimate's rule over every line a 271 could price:
	 * category mh ranks A6 0, MH 1, 30 2; category ov ranks 98 0, 30 1
	 */
	{
		static const cs_name t_mh[] = {{"MH", 2}}, t_30[] = {{"30", 2}}, t_a6[] = {{"A6", 2}}, t_98[] = {{"98", 2}};
		const cs_p271_type_rank ranks[] = {
			{0, {"A6", 2}, 0}, {0, {"MH", 2}, 1}, {0, {"30", 2}, 2}, {1, {"98", 2}, 0}, {1, {"30", 2}, 1},
		};
		cs_b271_row work[8];
		cs_b271_conflict k;

#define SROW(kind, net, level, fig, max, amount, seg, types) \
		{{kind, net, level, fig, 0, amount, CS_ABSENT, CS_ABSENT, -1, seg, max}, types, 1, {NULL, 0}}
		/* total 1000 MH, remainder 600 MH, remainder 1500 for 30: an mh line takes MH's 600 */
		{
			const cs_p271_stored_row rows[] = {
				SROW(CS_B271_LIMITATION, CS_B271_NET_IN, CS_B271_LEVEL_INDIVIDUAL, CS_B271_FIG_TOTAL,
					 CS_B271_MAX_PERIOD_TOTAL, 100000, 17, t_mh),
				SROW(CS_B271_LIMITATION, CS_B271_NET_IN, CS_B271_LEVEL_INDIVIDUAL, CS_B271_FIG_REMAINING,
					 CS_B271_MAX_PERIOD_LEFT, 60000, 18, t_mh),
				SROW(CS_B271_LIMITATION, CS_B271_NET_IN, CS_B271_LEVEL_INDIVIDUAL, CS_B271_FIG_REMAINING,
					 CS_B271_MAX_PERIOD_LEFT, 150000, 19, t_30),
			};

			ok(!cs_p271_stored_conflict(rows, 3, ranks, 5, 2, work, &k) && k.kind == CS_B271_CONFLICT_NONE,
			   "stored 271: a remainder of 30 above MH's total is never taken with it (mh: MH's; ov: no total)");
			/* without MH's own remainder, an mh line takes 30's 1500 with MH's 1000 */
			ok(cs_p271_stored_conflict(rows, 1, ranks, 5, 2, work, &k) == false, "stored 271: a total alone");
		}
		{
			const cs_p271_stored_row rows[] = {
				SROW(CS_B271_LIMITATION, CS_B271_NET_IN, CS_B271_LEVEL_INDIVIDUAL, CS_B271_FIG_TOTAL,
					 CS_B271_MAX_PERIOD_TOTAL, 100000, 17, t_mh),
				SROW(CS_B271_LIMITATION, CS_B271_NET_IN, CS_B271_LEVEL_INDIVIDUAL, CS_B271_FIG_REMAINING,
					 CS_B271_MAX_PERIOD_LEFT, 150000, 19, t_30),
			};
			cs_b271_choice c;

			ok(cs_p271_stored_conflict(rows, 2, ranks, 5, 2, work, &k) && k.kind == CS_B271_CONFLICT_MAX_PERIOD_LEFT &&
			   k.segment == 19 && k.other == 17 && !k.family,
			   "stored 271: 30's remainder above MH's total, taken together by an mh line, is refused (segments 19, 17)");
			/* the estimate of that mh line refuses it the same way */
			work[0] = rows[0].row;
			work[0].rank = 1;
			work[1] = rows[1].row;
			work[1].rank = 2;
			cs_b271_choose(work, 2, false, &c);
			{
				cs_cents	pl,
							ll;

				is_int(cs_b271_max_left(&c, 0, 0, &pl, &ll, &err), CS_ERR_INCONSISTENT,
					   "stored 271: the estimate of the mh line refuses the same pair");
				ok(strcmp(err.message, "a 271 remaining maximum is above its total") == 0,
				   "stored 271: with the estimate's message");
			}
			/* without categories only 30 rows price (a code not on file): no total, no contradiction */
			ok(!cs_p271_stored_conflict(rows, 2, ranks, 0, 0, work, &k), "stored 271: no category takes 30 only");
		}
		/* a total in network (Y) and a remainder for both networks (W): an in-network line takes both */
		{
			const cs_p271_stored_row rows[] = {
				SROW(CS_B271_LIMITATION, CS_B271_NET_BOTH, CS_B271_LEVEL_UNSTATED, CS_B271_FIG_REMAINING,
					 CS_B271_MAX_LIFETIME_LEFT, 500001, 5, t_a6),
				SROW(CS_B271_LIMITATION, CS_B271_NET_IN, CS_B271_LEVEL_INDIVIDUAL, CS_B271_FIG_TOTAL,
					 CS_B271_MAX_LIFETIME_TOTAL, 500000, 6, t_a6),
				SROW(CS_B271_LIMITATION, CS_B271_NET_OUT, CS_B271_LEVEL_INDIVIDUAL, CS_B271_FIG_TOTAL,
					 CS_B271_MAX_LIFETIME_TOTAL, 900000, 7, t_a6),
			};

			ok(cs_p271_stored_conflict(rows, 3, ranks, 5, 2, work, &k) && k.kind == CS_B271_CONFLICT_MAX_LIFETIME_LEFT &&
			   k.segment == 5 && k.other == 6, "stored 271: a W lifetime remainder above the Y total is refused");
		}
		/* the family's used amount above its total; a deductible remaining above its total, no met */
		{
			const cs_p271_stored_row rows[] = {
				SROW(CS_B271_LIMITATION, CS_B271_NET_IN, CS_B271_LEVEL_FAMILY, CS_B271_FIG_TOTAL,
					 CS_B271_MAX_PERIOD_TOTAL, 60000, 8, t_98),
				SROW(CS_B271_LIMITATION, CS_B271_NET_IN, CS_B271_LEVEL_FAMILY, CS_B271_FIG_MET,
					 CS_B271_MAX_PERIOD_USED, 60001, 9, t_98),
				SROW(CS_B271_DEDUCTIBLE, CS_B271_NET_UNSTATED, CS_B271_LEVEL_INDIVIDUAL, CS_B271_FIG_TOTAL,
					 CS_B271_MAX_NONE, 300000, 3, t_30),
				SROW(CS_B271_DEDUCTIBLE, CS_B271_NET_UNSTATED, CS_B271_LEVEL_INDIVIDUAL, CS_B271_FIG_REMAINING,
					 CS_B271_MAX_NONE, 398357, 4, t_30),
			};

			ok(cs_p271_stored_conflict(rows, 2, ranks, 5, 2, work, &k) && k.kind == CS_B271_CONFLICT_MAX_PERIOD_USED &&
			   k.family && k.segment == 9 && k.other == 8, "stored 271: the family's used (24) above its total is refused");
			ok(cs_p271_stored_conflict(rows, 4, ranks, 5, 2, work, &k) && k.kind == CS_B271_CONFLICT_DED_REMAINING &&
			   k.segment == 4 && k.other == 3, "stored 271: the lowest pair first: the deductible's (segments 4, 3)");
			ok(cs_p271_stored_conflict(rows + 2, 2, ranks, 0, 0, work, &k) && k.kind == CS_B271_CONFLICT_DED_REMAINING,
			   "stored 271: a 30 deductible contradicts for a line without a category too");
			is_int(cs_b271_conflict_fail(&k, &err), CS_ERR_INCONSISTENT, "stored 271: the estimate's error for it");
			ok(strcmp(err.message, "a 271 remaining amount is above its total") == 0, "stored 271: its message");
		}
		/* a remaining and a met without a total above the money range; with a total nothing contradicts */
		{
			const cs_p271_stored_row rows[] = {
				SROW(CS_B271_OOP, CS_B271_NET_IN, CS_B271_LEVEL_FAMILY, CS_B271_FIG_REMAINING, CS_B271_MAX_NONE,
					 CS_MONEY_MAX, 2, t_30),
				SROW(CS_B271_OOP, CS_B271_NET_IN, CS_B271_LEVEL_FAMILY, CS_B271_FIG_MET, CS_B271_MAX_NONE, 1, 3, t_30),
				SROW(CS_B271_OOP, CS_B271_NET_IN, CS_B271_LEVEL_FAMILY, CS_B271_FIG_TOTAL, CS_B271_MAX_NONE, 100, 4, t_30),
			};

			ok(cs_p271_stored_conflict(rows, 2, ranks, 5, 2, work, &k) && k.kind == CS_B271_CONFLICT_OOP_TOTAL_RANGE &&
			   k.family && k.segment == 2 && k.other == 3, "stored 271: remaining + met above the money range is refused");
			is_int(cs_b271_conflict_fail(&k, &err), CS_ERR_OVERFLOW, "stored 271: out of range (22003)");
			ok(!cs_p271_stored_conflict(rows, 3, ranks, 5, 2, work, &k),
			   "stored 271: with a total and a met stated, the met is used: the remaining contradicts nothing");
		}
		/* no rows, a NULL service type */
		{
			static const cs_name t_null[] = {{NULL, 0}};
			const cs_p271_stored_row rows[] = {
				SROW(CS_B271_DEDUCTIBLE, CS_B271_NET_IN, CS_B271_LEVEL_INDIVIDUAL, CS_B271_FIG_TOTAL, CS_B271_MAX_NONE,
					 100, 1, t_null),
				SROW(CS_B271_DEDUCTIBLE, CS_B271_NET_IN, CS_B271_LEVEL_INDIVIDUAL, CS_B271_FIG_REMAINING,
					 CS_B271_MAX_NONE, 200, 2, t_null),
			};

			ok(!cs_p271_stored_conflict(rows, 0, ranks, 5, 2, work, &k), "stored 271: no rows, no contradiction");
			ok(!cs_p271_stored_conflict(rows, 2, ranks, 5, 2, work, &k),
			   "stored 271: rows for no service type no line takes are never taken together");
		}
#undef SROW
	}
}
