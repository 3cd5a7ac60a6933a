#!/usr/bin/env bash
# scripts/test_concurrency.sh — costshare.post_claim_line under concurrency, on a throwaway cluster.
#
# Loads sample/plans.sql, then pgbench (16 clients, 2 threads, 500 transactions each) posts claim lines
# for ONE family (F-ALVAREZ, four members on ACME-PPO) all at once: 60 claims x 2 lines x 3 versions,
# drawn at random, so the same (claim, line, version) is posted many times concurrently, several
# versions of each line race each other, and some lines end reversed. Every value of a posting is a
# function of (claim, line, version), so every repeat must come back 'duplicate', never an error.
# A tenth of the transactions read estimates of the same family meanwhile. Then it checks with SQL:
#   - pgbench ran every transaction and no client aborted (no posting errored);
#   - the ledger has exactly one row per distinct (claim, line, version) posted, holding the values
#     posted, and 'posted' was answered exactly once per row;
#   - costshare.accumulators(...) for every member and the family equals the sum computed here,
#     independently, from the latest version of each line (by formula, not by reading the ledger).
# Last line: "concurrency: N passed, M failed"; exits non-zero on any failure.
# It first runs make and make install DESTDIR=build/destdir (CS_SKIP_BUILD=1 skips that); the cluster
# (scripts/cluster.sh) is removed when the script exits.
cd "$(dirname "$0")/.."
. scripts/test_lib.sh
cs_test_begin concurrency

if psql -qAtX -v ON_ERROR_STOP=1 -c "CREATE EXTENSION costshare CASCADE" -f sample/plans.sql >"$work/load.log" 2>&1; then
	ok "load sample/plans.sql"
else
	not_ok "load sample/plans.sql" "$(cat "$work/load.log")"; finish
fi

# Every posting's values, as a function of (claim c, line l, version v). The same formulas are used by
# the pgbench script (through this function) and, independently of the ledger, by the checks below.
psql -qAtX -v ON_ERROR_STOP=1 >"$work/setup.log" 2>&1 <<'SQL' || { not_ok "set up the posting formulas" "$(cat "$work/setup.log")"; finish; }
CREATE TABLE cc_log (c int, l int, v int, result text);
CREATE FUNCTION cc_line(c int, l int, v int,
    OUT claim_id text, OUT status text, OUT member_id text, OUT service_date date,
    OUT deductible numeric, OUT copay numeric, OUT coinsurance numeric)
LANGUAGE sql IMMUTABLE AS $$
    SELECT 'CC-' || c,
           CASE WHEN v = 3 AND c % 4 = 0 THEN 'reversed' WHEN v = 1 THEN 'pending' ELSE 'final' END,
           (ARRAY['M-ALVAREZ-1', 'M-ALVAREZ-2', 'M-ALVAREZ-3', 'M-ALVAREZ-4'])[1 + c % 4],
           date '2026-01-01' + (c * 5) % 360,
           ((c * 37 + l * 11 + v * 5) % 5000) / 100.0,
           ((c + l + v) % 4) * 5.00,
           ((c * 3 + v) % 7) * 1.25
$$;
CREATE FUNCTION cc_post(c int, l int, v int) RETURNS text LANGUAGE sql AS $$
    INSERT INTO cc_log
    SELECT c, l, v, costshare.post_claim_line(x.claim_id, v, l, x.status, x.member_id, 'ACME-PPO',
                                              x.service_date, x.deductible, x.copay, x.coinsurance,
                                              'mh_psychotherapy')
      FROM cc_line(c, l, v) x
    RETURNING result
$$;
SQL

cat >"$work/post.sql" <<'EOF'
\set c random(1, 60)
\set l random(1, 2)
\set v random(1, 3)
SELECT cc_post(:c, :l, :v);
EOF
cat >"$work/read.sql" <<'EOF'
\set m random(1, 4)
\set d random(0, 364)
SELECT (costshare.estimate('M-ALVAREZ-' || :m, date '2026-01-01' + :d, '90837', '1222222223')).patient_pays;
EOF

clients=16
per_client=500
pgbench -n -c $clients -j 2 -t $per_client -f "$work/post.sql@9" -f "$work/read.sql@1" >"$work/pgbench.log" 2>&1
rc=$?
processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/pgbench.log")
if [ "$rc" = 0 ] && [ "${processed:-0}" = $((clients * per_client)) ] && ! grep -qiE 'aborted|ERROR' "$work/pgbench.log"; then
	ok "pgbench: $processed transactions, no client aborted, no error"
else
	not_ok "pgbench: every transaction runs without error (rc=$rc, processed=${processed:-?})" \
		"$(grep -iE 'aborted|ERROR|processed' "$work/pgbench.log" | head -20)"
fi

check "every posting answered 'posted' or 'duplicate'" \
	"SELECT count(*) > 0 AND bool_and(result IN ('posted', 'duplicate')) FROM cc_log"
check "there were many duplicates and several versions of the same lines" \
	"SELECT count(*) FILTER (WHERE result = 'duplicate') > 1000
	        AND (SELECT count(*) FROM (SELECT c, l FROM cc_log GROUP BY c, l HAVING count(DISTINCT v) = 3) x) > 50
	        AND (SELECT count(*) FROM cc_log WHERE v = 3 AND c % 4 = 0) > 0
	   FROM cc_log"
check "the ledger has exactly one row per distinct (claim, line, version) posted" \
	"SELECT (SELECT count(*) FROM costshare.accumulator_ledger WHERE claim_id LIKE 'CC-%')
	      = (SELECT count(*) FROM (SELECT DISTINCT c, l, v FROM cc_log) d)
	    AND NOT EXISTS (SELECT 1 FROM costshare.accumulator_ledger WHERE claim_id LIKE 'CC-%'
	                    GROUP BY claim_id, line_no, claim_version HAVING count(*) > 1)
	    AND NOT EXISTS (SELECT DISTINCT c, l, v FROM cc_log
	                    EXCEPT SELECT substr(claim_id, 4)::int, line_no, claim_version
	                             FROM costshare.accumulator_ledger WHERE claim_id LIKE 'CC-%')"
check "'posted' was answered exactly once per ledger row" \
	"SELECT bool_and(n = 1) FROM (SELECT c, l, v, count(*) FILTER (WHERE result = 'posted') AS n
	                               FROM cc_log GROUP BY c, l, v) x"
check "every ledger row holds the values posted (family, member, date, status, amounts, visits)" \
	"SELECT bool_and(g.family_id = 'F-ALVAREZ' AND g.member_id = x.member_id AND g.plan_id = 'ACME-PPO'
	                 AND g.status = x.status AND g.service_date = x.service_date AND g.deductible = x.deductible
	                 AND g.copay = x.copay AND g.coinsurance = x.coinsurance
	                 AND g.visits = CASE WHEN x.status = 'reversed' THEN 0 ELSE 1 END)
	   FROM costshare.accumulator_ledger g
	   CROSS JOIN LATERAL cc_line(substr(g.claim_id, 4)::int, g.line_no, g.claim_version) x
	  WHERE g.claim_id LIKE 'CC-%'"

# Independent expectation: from the (claim, line, version) triples that were posted (cc_log) and the
# formulas, take the highest version of each line; pending and final lines count, reversed ones do not.
expected_cte="WITH posted AS (SELECT DISTINCT c, l, v FROM cc_log),
	latest AS (SELECT c, l, max(v) AS v FROM posted GROUP BY c, l),
	lines AS (SELECT x.* FROM latest t CROSS JOIN LATERAL cc_line(t.c, t.l, t.v) x
	           WHERE x.status IN ('pending', 'final') AND x.service_date <= :'asof'::date)"
for asof in 2026-12-31 2026-06-30; do
	out=$(psql -qAtX -v ON_ERROR_STOP=1 -v asof="$asof" 2>&1 <<SQL
$expected_cte,
fam AS (SELECT coalesce(sum(deductible), 0) AS ded, coalesce(sum(deductible + copay + coinsurance), 0) AS oop FROM lines),
mem AS (SELECT m.member_id,
               coalesce(sum(x.deductible), 0) AS ded, coalesce(sum(x.deductible + x.copay + x.coinsurance), 0) AS oop,
               count(x.member_id)::int AS visits, coalesce(sum(x.coinsurance), 0) AS coins
          FROM unnest(ARRAY['M-ALVAREZ-1', 'M-ALVAREZ-2', 'M-ALVAREZ-3', 'M-ALVAREZ-4']) m(member_id)
          LEFT JOIN lines x USING (member_id) GROUP BY m.member_id)
SELECT m.member_id || ': got ' || a::text || ', expected ('
       || concat_ws(',', m.ded, f.ded, m.oop, f.oop, m.visits, m.coins, 0) || ')'
  FROM mem m CROSS JOIN fam f
  CROSS JOIN LATERAL costshare.accumulators(m.member_id, 'F-ALVAREZ', 'ACME-PPO', 'in', 'mh_psychotherapy',
                                            '[2026-01-01,2027-01-01)', :'asof'::date) a
 WHERE (a.ded_individual_met, a.ded_family_met, a.oop_individual_met, a.oop_family_met, a.visits_used,
        a.coinsurance_met) IS DISTINCT FROM (m.ded, f.ded, m.oop, f.oop, m.visits, m.coins)
 ORDER BY 1;
SQL
)
	if [ $? = 0 ] && [ -z "$out" ]; then
		ok "costshare.accumulators() as of $asof equals the independent sum, for each member and the family"
	else
		not_ok "costshare.accumulators() as of $asof equals the independent sum, for each member and the family" "$out"
	fi
done
check "the family's deductible met is well above zero (the checks compared real totals)" \
	"SELECT (costshare.accumulators('M-ALVAREZ-1', 'F-ALVAREZ', 'ACME-PPO', 'in', 'mh_psychotherapy',
	                               '[2026-01-01,2027-01-01)', '2026-12-31')).ded_family_met > 1000"
# the in-network eligibility answer reflects the same figures (deductible waived on therapy: OOP)
check "eligibility's OOP remaining reflects the concurrently posted lines" \
	"SELECT e.oop_remaining = greatest(0, least(5000 - (a).oop_individual_met, 10000 - (a).oop_family_met))
	   FROM costshare.eligibility('M-ALVAREZ-1', '2026-12-31', '90837', '1222222223') e,
	        LATERAL (SELECT costshare.accumulators('M-ALVAREZ-1', 'F-ALVAREZ', 'ACME-PPO', 'in', 'mh_psychotherapy',
	                                               '[2026-01-01,2027-01-01)', '2026-12-31') AS a) x"

finish
