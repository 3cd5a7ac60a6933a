#!/usr/bin/env bash
# scripts/test_batch_population.sh — costshare.estimate_many against one estimate at a time, on the
# estimate benchmark's population (sample/plans.sql and test/bench/estimate_data.sql: families of one to
# five on five plans, Medicare and Medicaid members, second coverages, ledger lines with versions and
# reversals, payer snapshots, prior authorizations, visit limits reached), on a throwaway cluster.
#
# The property (doc/rules.md, "estimate_many: each line after the earlier ones"): every line of one
# estimate_many call is what costshare.estimate gives for it once each earlier line of the call has been
# posted. Checked here by doing exactly that: the appointments one at a time in date order, each
# estimated, then posted to the ledger with costshare.post_claim_line as its postings say (the primary's
# line, each later payer's own adjudication with what it paid), before the next is estimated. Also:
#   - estimate_after with no earlier lines is costshare.estimate, line by line (the batch's step is the
#     estimate);
#   - the property is not vacuous: many lines of the batch differ from the same line estimated alone.
# Last line: "batch_population: N passed, M failed"; exits non-zero on any failure.
# It first runs make and make install DESTDIR=build/destdir (CS_SKIP_BUILD=1 skips that); the cluster
# (scripts/cluster.sh) is removed when the script exits.
#   MEMBERS (3000), APPTS (6000)
cd "$(dirname "$0")/.."
. scripts/test_lib.sh
cs_test_begin batch_population
MEMBERS=${MEMBERS:-3000}
APPTS=${APPTS:-6000}

if psql -qAtX -v ON_ERROR_STOP=1 -c "CREATE EXTENSION costshare CASCADE" -f sample/plans.sql >"$work/load.log" 2>&1 &&
	psql -qAtX -v ON_ERROR_STOP=1 -v members="$MEMBERS" -v appointments="$APPTS" \
		-f test/bench/estimate_data.sql >>"$work/load.log" 2>&1; then
	ok "load sample/plans.sql and $MEMBERS members, $APPTS appointments (test/bench/estimate_data.sql)"
else
	not_ok "load the population" "$(cat "$work/load.log")"; finish
fi

if psql -qAtX -v ON_ERROR_STOP=1 >"$work/run.log" 2>&1 <<'SQL'; then
-- the batch, before anything is posted
CREATE TABLE bp_batch AS
SELECT * FROM costshare.estimate_many(ARRAY(
    SELECT ROW(a.appt_id, a.member_id, a.service_date, a.service_code, a.provider_id, a.place_of_service, a.billed)::costshare.appointment
      FROM appointments a));
-- the same batch with a member-data cache of 1 MB: it starts over many times during the call (its size
-- is checked at every line), and the answers are the same
CREATE TABLE bp_resets AS SELECT value AS before FROM costshare.stats WHERE name = 'member_cache_resets';
SET costshare.member_cache_size = '1MB';
CREATE TABLE bp_small AS
SELECT * FROM costshare.estimate_many(ARRAY(
    SELECT ROW(a.appt_id, a.member_id, a.service_date, a.service_code, a.provider_id, a.place_of_service, a.billed)::costshare.appointment
      FROM appointments a));
RESET costshare.member_cache_size;
ALTER TABLE bp_resets ADD COLUMN after bigint;
UPDATE bp_resets SET after = (SELECT value FROM costshare.stats WHERE name = 'member_cache_resets');
-- each line alone, before anything is posted (for the non-vacuity count)
CREATE TABLE bp_alone AS
SELECT a.appt_id, (costshare.estimate(a.member_id, a.service_date, a.service_code, a.provider_id, a.place_of_service, a.billed)).patient_pays
  FROM appointments a;
-- one at a time, each posted before the next
CREATE TABLE bp_seq (appt_id bigint, status text, reasons text[], line costshare.breakdown, patient_pays numeric,
                     secondary_pays numeric, third_pays numeric, after_status text, after_reasons text[],
                     after_patient numeric);
DO $$
DECLARE
    a record;
    e costshare.estimate_result;
    st costshare.batch_step;
    p costshare.batch_271_line;
    i int;
BEGIN
    FOR a IN SELECT * FROM appointments ORDER BY service_date, appt_id LOOP
        e := costshare.estimate(a.member_id, a.service_date, a.service_code, a.provider_id, a.place_of_service, a.billed);
        st := costshare.estimate_after(a.member_id, a.service_date, a.service_code, a.provider_id, a.place_of_service,
                                       a.billed, NULL);
        INSERT INTO bp_seq VALUES (a.appt_id, e.status, e.reasons, st.line,
                                   CASE WHEN st.line IS NOT NULL THEN e.patient_pays END, e.secondary_pays, e.third_pays,
                                   (st.estimate).status, (st.estimate).reasons, (st.estimate).patient_pays);
        i := 0;
        FOREACH p IN ARRAY st.postings LOOP
            i := i + 1;
            PERFORM costshare.post_claim_line('bp-' || a.appt_id || '-' || i, 1, 1, 'final', a.member_id, p.plan_id,
                        a.service_date, p.deductible, p.copay, p.coinsurance, p.category, p.bucket, p.visits, NULL,
                        p.payer_id, p.allowed, plan_paid => p.plan_paid, cob_normal_benefit => p.cob_normal_benefit,
                        cob_paid => p.cob_paid);
        END LOOP;
    END LOOP;
END $$;
SQL
	ok "estimate the batch, each line alone, and one at a time with each line posted"
else
	not_ok "estimate the batch and one at a time" "$(cat "$work/run.log")"; finish
fi

check "every appointment answered once by each" \
	"SELECT (SELECT count(*) FROM bp_batch) = $APPTS AND (SELECT count(*) FROM bp_seq) = $APPTS
	    AND (SELECT count(DISTINCT appt_id) FROM bp_batch) = $APPTS"
check "a member-data cache of 1 MB starts over during the batch and gives the same rows" \
	"SELECT (SELECT after - before >= 5 FROM bp_resets)
	    AND (SELECT count(*) FROM bp_small) = $APPTS
	    AND NOT EXISTS (SELECT 1 FROM bp_batch b FULL JOIN bp_small s USING (appt_id)
	                     WHERE row(b.*)::text IS DISTINCT FROM row(s.*)::text)"
check "estimate_after without earlier lines is costshare.estimate, line by line" \
	"SELECT count(*) = 0 FROM bp_seq WHERE after_status IS DISTINCT FROM status OR after_reasons IS DISTINCT FROM reasons
	    OR after_patient IS DISTINCT FROM patient_pays AND line IS NOT NULL"
check "the batch equals one estimate at a time with each earlier line posted: status, reasons, line, every payer" \
	"SELECT count(*) = 0 FROM bp_batch b JOIN bp_seq s USING (appt_id)
	  WHERE b.status IS DISTINCT FROM s.status OR b.reasons IS DISTINCT FROM s.reasons
	     OR b.line IS DISTINCT FROM s.line OR b.patient_pays IS DISTINCT FROM s.patient_pays
	     OR b.secondary_pays IS DISTINCT FROM s.secondary_pays OR b.third_pays IS DISTINCT FROM s.third_pays"
check "not vacuous: at least 50 lines of the batch differ from the line estimated alone, some with a second payer" \
	"SELECT count(*) FILTER (WHERE b.patient_pays IS DISTINCT FROM x.patient_pays) >= 50
	    AND count(*) FILTER (WHERE b.secondary_pays IS NOT NULL) > 0
	   FROM bp_batch b JOIN bp_alone x USING (appt_id) WHERE b.sqlstate = '00000'"
echo "# lines: $(q "$PGDATABASE" "SELECT count(*) FILTER (WHERE b.sqlstate = '00000') || ' priced, ' || count(*) FILTER (WHERE b.patient_pays IS DISTINCT FROM x.patient_pays AND b.sqlstate = '00000') || ' differ from the line alone, ' || count(*) FILTER (WHERE b.secondary_pays IS NOT NULL) || ' with a second payer' FROM bp_batch b JOIN bp_alone x USING (appt_id)")"
finish
