-- estimate_batch: costshare.estimate_many answers every appointment of a batch (issue 13).
-- Before 1.2 one bad appointment (unknown place of service, NULL member, infinite date, negative or NaN
-- billed) failed the whole batch without saying which, and duplicated appt_ids were accepted (or failed
-- with a hint about a window ORDER BY the caller never wrote). Now: one row per appointment, always,
-- with sqlstate 00000 (priced), 02000 (not priced: status and reasons say why) or the SQLSTATE
-- costshare.estimate() would raise for that appointment alone, and a message without member data;
-- NULL or duplicated appt_ids refuse the call up front, naming the duplicated id.
-- On the sample practice, in one transaction, rolled back.

SET datestyle = 'ISO, YMD';
\set VERBOSITY default
\set SHOW_CONTEXT never

BEGIN;
\i test/regress/sample_practice.sql

-- 1. A batch mixing good and bad appointments: every appointment gets its row, the good ones are
--    priced as if the bad ones were not there (Linh Nguyen's two visits: the first takes the last of
--    her deductible, the second is coinsurance only), the bad ones say why.
--    unknown_terms is NULL on every row: the plan design states these lines' terms (a line priced from
--    a 271 names those its 271 leaves unstated: review_s12, section 7).
SELECT m.appt_id, m.status, m.reasons, m.plan_id, m.network, m.allowed, (m.line).patient_pays,
       (m.line).adjustment_codes, m.sqlstate, m.message, m.unknown_terms IS NULL AS terms_known
FROM costshare.estimate_many(ARRAY[
  (1, 'M-NGUYEN-1', '2026-11-20', '90837', '1111111112', '11', 250.00),
  (2, 'M-NGUYEN-1', '2026-11-27', '90837', '1111111112', '11', 250.00),
  (3, 'M-NOBODY-123', '2026-11-20', '90837', NULL, '11', NULL),        -- unknown member: not priced
  (4, 'M-OKAFOR-1', '2026-11-20', '90837', '1111111112', NULL, NULL),  -- carved out: not priced
  (5, 'M-NGUYEN-1', '2026-11-20', '90837', NULL, '99', NULL),          -- unknown place of service
  (6, NULL, '2026-11-20', '90837', NULL, '11', NULL),                  -- no member
  (7, 'M-NGUYEN-1', NULL, '90837', NULL, '11', NULL),                  -- no date
  (8, 'M-NGUYEN-1', '2026-11-20', NULL, NULL, '11', NULL),             -- no code
  (9, 'M-NGUYEN-1', 'infinity', '90837', NULL, '11', NULL),            -- infinite date
  (10, 'M-NGUYEN-1', '2026-11-20', '90837', NULL, '11', -1.00),        -- negative billed
  (11, 'M-NGUYEN-1', '2026-11-20', '90837', NULL, '11', 'NaN'),        -- NaN billed
  (12, 'M-NGUYEN-1', '2026-11-20', '90837', NULL, '11', 10.005),       -- fractions of a cent
  (13, 'M-NGUYEN-1', '2026-11-20', '90837', NULL, '11', 1e12),         -- too large
  (14, 'M-ALVAREZ-1', '2026-11-20', '99999', NULL, '11', NULL)         -- unknown service code
]::costshare.appointment[]) m
ORDER BY m.appt_id;

-- the refused rows carry the SQLSTATE and message costshare.estimate() raises for them alone
DO $$
DECLARE
    a record;
    st text;
    msg text;
BEGIN
    FOR a IN SELECT * FROM (VALUES
        (5, 'M-NGUYEN-1', date '2026-11-20', '90837', '99', NULL::numeric),
        (6, NULL, date '2026-11-20', '90837', '11', NULL),
        (9, 'M-NGUYEN-1', date 'infinity', '90837', '11', NULL),
        (10, 'M-NGUYEN-1', date '2026-11-20', '90837', '11', -1.00),
        (11, 'M-NGUYEN-1', date '2026-11-20', '90837', '11', 'NaN'),
        (12, 'M-NGUYEN-1', date '2026-11-20', '90837', '11', 10.005)) v(id, m, d, c, pos, billed) ORDER BY id
    LOOP
        BEGIN
            PERFORM costshare.estimate(a.m, a.d, a.c, '1111111112', a.pos, a.billed);
            RAISE NOTICE 'appointment %: estimate() accepted it', a.id;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
            RAISE NOTICE 'appointment %: estimate() raises % %, estimate_many says %', a.id, st, msg,
                (SELECT x.sqlstate || ' ' || x.message
                   FROM costshare.estimate_many(ARRAY[(a.id, a.m, a.d, a.c, '1111111112', a.pos, a.billed)]::costshare.appointment[]) x);
        END;
    END LOOP;
END $$;

-- 2. One row per appointment, always: a batch of 200 where every fifth appointment is refused
SELECT count(*) AS rows, count(DISTINCT appt_id) AS appointments,
       count(*) FILTER (WHERE sqlstate = '00000') AS priced,
       count(*) FILTER (WHERE status = 'error') AS refused,
       count(*) FILTER (WHERE (line IS NOT NULL) <> (sqlstate = '00000')) AS line_disagrees
FROM costshare.estimate_many(ARRAY(
    SELECT ROW(g, 'M-NGUYEN-1', date '2026-01-05' + g, '90837', '1111111112',
               CASE WHEN g % 5 = 0 THEN '98' ELSE '11' END, 200.00)::costshare.appointment
      FROM generate_series(1, 200) g));

-- 3. Duplicated and NULL appt_ids refuse the call up front, naming the duplicated id (not member data)
SAVEPOINT s;
SELECT * FROM costshare.estimate_many(ARRAY[
  (7, 'M-NGUYEN-1', '2026-11-20', '90837', NULL, '11', NULL),
  (8, 'M-NGUYEN-1', '2026-11-21', '90837', NULL, '11', NULL),
  (7, 'M-ALVAREZ-1', '2026-11-22', '90837', NULL, '11', NULL),
  (8, 'M-ALVAREZ-1', '2026-11-23', '90837', NULL, '11', NULL)]::costshare.appointment[]);
ROLLBACK TO s;
SELECT * FROM costshare.estimate_many(ARRAY[
  (1, 'M-NGUYEN-1', '2026-11-20', '90837', NULL, '11', NULL),
  (NULL, 'M-NGUYEN-1', '2026-11-21', '90837', NULL, '11', NULL)]::costshare.appointment[]);
ROLLBACK TO s;
SELECT * FROM costshare.estimate_many(ARRAY[NULL]::costshare.appointment[]);
ROLLBACK TO s;
-- an empty or NULL array: no rows
SELECT count(*) FROM costshare.estimate_many('{}');
SELECT count(*) FROM costshare.estimate_many(NULL);

-- 4. The query form, for analytics: the same rows as the array form
CREATE TEMP TABLE upcoming (appt_id int, member_id text, service_date date, service_code text,
                            provider_id text, place_of_service text, billed numeric);
INSERT INTO upcoming VALUES
  (1, 'M-NGUYEN-1', '2026-11-20', '90837', '1111111112', '11', 250.00),
  (2, 'M-NGUYEN-1', '2026-11-27', '90837', '1111111112', '11', 250.00),
  (3, 'M-ALVAREZ-1', '2026-11-20', '90837', '1222222223', NULL, NULL),
  (4, 'M-ALVAREZ-1', '2026-11-20', '90837', '1222222223', '77', NULL);
SELECT q.appt_id, q.status, (q.line).patient_pays, q.sqlstate, q.message
FROM costshare.estimate_many_query('SELECT * FROM upcoming WHERE service_date >= date ''2026-11-01''') q
ORDER BY q.appt_id;
SELECT count(*) AS same_rows
FROM costshare.estimate_many_query('TABLE upcoming') q
JOIN costshare.estimate_many(ARRAY(SELECT ROW(u.*)::costshare.appointment FROM upcoming u)) a
  ON a.appt_id = q.appt_id AND row(a.*)::text = row(q.*)::text;
SAVEPOINT s;
SELECT * FROM costshare.estimate_many_query('SELECT appt_id, member_id FROM upcoming');
ROLLBACK TO s;
SELECT * FROM costshare.estimate_many_query(NULL);
ROLLBACK TO s;
SELECT count(*) FROM costshare.estimate_many_query('SELECT * FROM upcoming WHERE false');

-- 5. Under an empty search_path
SET search_path = '';
SELECT appt_id, sqlstate FROM costshare.estimate_many(ARRAY[
  (1, 'M-NGUYEN-1', '2026-11-20', '90837', NULL, '11', NULL),
  (2, 'M-NGUYEN-1', '2026-11-20', '90837', NULL, '42', NULL)]::costshare.appointment[]) ORDER BY 1;
SELECT appt_id, sqlstate FROM costshare.estimate_many_query('TABLE pg_temp.upcoming') ORDER BY 1;
RESET search_path;

-- 6. The appointments are read by C, field by field: a costshare.appointment that is not the layout this
--    library reads (a field added, or one retyped) is refused up front, never read shifted
SAVEPOINT s;
ALTER TYPE costshare.appointment ADD ATTRIBUTE note text;
SELECT * FROM costshare.estimate_many(ARRAY[(1, 'M-NGUYEN-1', '2026-11-20', '90837', NULL, '11', NULL, 'x')]::costshare.appointment[]);
ROLLBACK TO s;
ALTER TYPE costshare.appointment ALTER ATTRIBUTE billed TYPE text;
SELECT * FROM costshare.estimate_many(ARRAY[(1, 'M-NGUYEN-1', '2026-11-20', '90837', NULL, '11', '10')]::costshare.appointment[]);
ROLLBACK TO s;

-- 7. More rows than work_mem holds (the result spills to a file while the batch's subtransaction
--    runs): the same rows as with room to spare
CREATE TEMP TABLE em_many AS
SELECT ROW(g, (ARRAY['M-NGUYEN-1', 'M-ALVAREZ-1', 'M-OKAFOR-1', 'M-DAVIS-1', 'M-BROWN-1'])[1 + g % 5],
           date '2026-01-01' + g % 300, '90837', NULL, CASE WHEN g % 7 = 0 THEN '42' ELSE '11' END,
           200.00)::costshare.appointment AS a
FROM generate_series(1, 3000) g;
CREATE TEMP TABLE em_roomy AS SELECT * FROM costshare.estimate_many((SELECT array_agg(a) FROM em_many));
SET LOCAL work_mem = '64kB';
SELECT count(*) AS rows, count(*) FILTER (WHERE s.sqlstate = '00000') AS priced,
       count(*) FILTER (WHERE s.status = 'error') AS refused,
       count(*) FILTER (WHERE row(s.*)::text IS DISTINCT FROM row(r.*)::text) AS differ
FROM costshare.estimate_many((SELECT array_agg(a) FROM em_many)) s
FULL JOIN em_roomy r ON r.appt_id = s.appt_id;
RESET work_mem;

ROLLBACK;
