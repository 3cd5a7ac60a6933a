-- test/bench/data.sql — deterministic benchmark data for test/bench/run.sh.
--
-- psql variables: rows (lines to generate), plpgsql_rows (PL/pgSQL sample), app_rows (Python sample).
-- Every value comes from hashint8extended(line_id, salt) (or hashint4 of the family), so the same
-- `rows` always gives the same data, on any run and any machine with PostgreSQL 15.
--
--   plans          8 benefit tiers: flat columns (read by the plain-SQL and Python baselines) and the same
--                  terms as one costshare.terms value (built from those columns by costshare.terms()).
--   claims         `rows` lines in arrival (line_id) order: the table of the per-line benchmarks; each
--                  line carries its own accumulators as of the line (ded/oop met, individual and family).
--   lines          the same rows physically ordered by (family, service_date, line_id), with a btree on
--                  those columns, as a claims system keeps them for accumulation: the window benchmarks.
--   sample_plpgsql the first `plpgsql_rows` claims (line_id order is hash-random, so a random sample).
--   sample_app     the first `app_rows` claims.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

DROP TABLE IF EXISTS plans, claims, lines, sample_plpgsql, sample_app;

-- ---------------------------------------------------------------------------------------------------
-- Benefit tiers. Features used (and the only ones the plain-SQL and Python baselines implement):
-- copay (charged before the deductible, not credited to it), deductible_applies, individual deductible
-- and embedded family deductible, coinsurance rounded half up, individual and family OOP limits,
-- covered = false, network in/out with the billed amount (balance bill / contractual write-off).
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE plans (
    plan_id         smallint PRIMARY KEY,
    name            text NOT NULL,
    copay           numeric,
    coinsurance     numeric NOT NULL,
    ded_applies     boolean NOT NULL,
    covered         boolean NOT NULL,
    ded_individual  numeric,
    ded_family      numeric,
    oop_individual  numeric,
    oop_family      numeric,
    family_coverage boolean NOT NULL,
    network         text NOT NULL,
    terms           costshare.terms
);

INSERT INTO plans (plan_id, name, copay, coinsurance, ded_applies, covered, ded_individual, ded_family,
                   oop_individual, oop_family, family_coverage, network) VALUES
    (1, 'PPO family, office visit, in network',  30.00, 0,      false, true, 1500.00, 3000.00,  6000.00, 12000.00, true,  'in'),
    (2, 'PPO family, procedure, in network',      NULL, 0.20,   true,  true, 1500.00, 3000.00,  6000.00, 12000.00, true,  'in'),
    (3, 'PPO family, procedure, out of network',  NULL, 0.40,   true,  true, 3000.00, 6000.00, 12000.00, 24000.00, true,  'out'),
    (4, 'HDHP self-only, in network',             NULL, 0.10,   true,  true, 3200.00, NULL,     7500.00, NULL,     false, 'in'),
    (5, 'EPO self-only, ER: copay + coinsurance', 250.00, 0.20, true,  true, 2000.00, NULL,     8700.00, NULL,     false, 'in'),
    (6, 'HMO family, copay + coinsurance',        20.00, 0.175, true,  true,  500.00, 1000.00,  4000.00,  8000.00, true,  'in'),
    (7, 'self-only, out of network, no OOP limit', NULL, 0.50,  true,  true, 5000.00, NULL,     NULL,     NULL,     false, 'out'),
    (8, 'not covered (cosmetic)',                 NULL, 0,      true,  false, NULL,   NULL,     NULL,     NULL,     false, 'in');

UPDATE plans SET terms = costshare.terms(
    copay => copay, coinsurance => coinsurance, deductible_applies => ded_applies, covered => covered,
    ded_individual => ded_individual, ded_family => ded_family, oop_individual => oop_individual,
    oop_family => oop_family, family_coverage => family_coverage, network => network);

-- ---------------------------------------------------------------------------------------------------
-- Lines. ~rows/10 families (about 10 lines each over two years), 1-4 members each. A family has one
-- product, which decides the tiers its lines use: 1-member families are self-only (tiers 5, 4, 7, 8),
-- the others PPO family (1, 2, 3, 8) or HMO family (6, 8). Allowed amounts are $5-$205, one line in
-- ten has up to $5000 more; billed is allowed plus a 0-79% mark-up (one line in five: no mark-up).
-- ---------------------------------------------------------------------------------------------------
CREATE UNLOGGED TABLE claims (
    line_id       bigint   NOT NULL,
    family        integer  NOT NULL,
    member        text     NOT NULL,
    service_date  date     NOT NULL,
    plan_id       smallint NOT NULL,
    allowed       numeric  NOT NULL,
    billed        numeric  NOT NULL,
    ded_ind_met   numeric  NOT NULL,
    ded_fam_met   numeric  NOT NULL,
    oop_ind_met   numeric  NOT NULL,
    oop_fam_met   numeric  NOT NULL
);

INSERT INTO claims
SELECT line_id, family,
       family || '-' || (abs(hashint8extended(line_id, 2)) % nmem) AS member,
       date '2024-01-01' + (abs(hashint8extended(line_id, 3)) % 731)::integer AS service_date,
       CASE WHEN nmem = 1 THEN          -- self-only product
                CASE WHEN tier_roll < 50 THEN 5 WHEN tier_roll < 80 THEN 4 WHEN tier_roll < 97 THEN 7 ELSE 8 END
            WHEN abs(hashint4(family + 7)) % 2 = 0 THEN  -- PPO family
                CASE WHEN tier_roll < 55 THEN 1 WHEN tier_roll < 85 THEN 2 WHEN tier_roll < 97 THEN 3 ELSE 8 END
            ELSE                        -- HMO family
                CASE WHEN tier_roll < 95 THEN 6 ELSE 8 END
       END AS plan_id,
       (allowed_c / 100.0)::numeric(12,2) AS allowed,
       ((allowed_c + CASE WHEN markup_roll % 5 = 0 THEN 0 ELSE allowed_c * (markup_roll % 80) / 100 END)
        / 100.0)::numeric(12,2) AS billed,
       (ded_i / 100.0)::numeric(12,2),
       ((ded_i + abs(hashint8extended(line_id, 6)) % 300000) / 100.0)::numeric(12,2),
       (oop_i / 100.0)::numeric(12,2),
       ((oop_i + abs(hashint8extended(line_id, 7)) % 900000) / 100.0)::numeric(12,2)
FROM (
    SELECT line_id, family, nmem, tier_roll, allowed_c, markup_roll, ded_i,
           ded_i + abs(hashint8extended(line_id, 8)) % 600000 AS oop_i
    FROM (
        SELECT line_id, family,
               1 + abs(hashint4(family)) % 4 AS nmem,
               abs(hashint8extended(line_id, 4)) % 100 AS tier_roll,
               500 + abs(hashint8extended(line_id, 9)) % 20000
                   + CASE WHEN abs(hashint8extended(line_id, 10)) % 10 = 0
                          THEN abs(hashint8extended(line_id, 11)) % 500000 ELSE 0 END AS allowed_c,
               abs(hashint8extended(line_id, 12)) AS markup_roll,
               CASE WHEN abs(hashint8extended(line_id, 5)) % 10 < 3 THEN 0
                    ELSE abs(hashint8extended(line_id, 13)) % 400000 END AS ded_i
        FROM (
            SELECT i AS line_id,
                   (1 + abs(hashint8extended(i, 1)) % greatest(:rows / 10, 1))::integer AS family
            FROM generate_series(1, :rows::bigint) i
        ) g
    ) h
) k;

CREATE UNLOGGED TABLE lines AS SELECT * FROM claims ORDER BY family, service_date, line_id;
CREATE INDEX lines_family_date ON lines (family, service_date, line_id);

CREATE UNLOGGED TABLE sample_plpgsql AS SELECT * FROM claims WHERE line_id <= :plpgsql_rows;
CREATE UNLOGGED TABLE sample_app AS SELECT * FROM claims WHERE line_id <= :app_rows;

VACUUM (ANALYZE) plans;
VACUUM (ANALYZE) claims;
VACUUM (ANALYZE) lines;
VACUUM (ANALYZE) sample_plpgsql;
VACUUM (ANALYZE) sample_app;
