-- numeric_codec: the glue reads and writes the numeric on-disk format itself (src/glue/numeric.c).
-- Prove it byte-exact: results must be the canonical numeric that round(x, 2) builds (numeric_send
-- bytes and text), for values over every magnitude and every way of writing them (trailing zeros, extra
-- zero decimals, integers, short and long numeric headers, 1-byte packed varlena headers from a table,
-- compressed values), and rates must be read exactly to the millionth.

SELECT setseed(0.20250601);

-- The values: every cent from 0.00 to 1,000.00; random cents at every magnitude up to the maximum;
-- the edges of each base-10000 digit; and a list written in unusual ways.
CREATE TEMP TABLE val (x numeric);
INSERT INTO val SELECT g / 100.0 FROM generate_series(0, 100000) AS g;                 -- dscale 20
INSERT INTO val SELECT floor(random() * 10 ^ e)::numeric / 100                              -- random cents
FROM generate_series(1, 11) AS e, generate_series(1, 18000) AS i;
INSERT INTO val SELECT round(floor(random() * 10 ^ 11)::numeric / 100, 2)                   -- dscale 2
FROM generate_series(1, 20000);
INSERT INTO val SELECT (floor(random() * 10 ^ 9)::numeric / 100)::numeric(20, 8)             -- dscale 8
FROM generate_series(1, 20000);
INSERT INTO val SELECT floor(random() * 10 ^ 9)::bigint::numeric                            -- integers
FROM generate_series(1, 20000);
INSERT INTO val SELECT 10::numeric ^ k + d                                                   -- digit edges
FROM generate_series(-2, 8) AS k, unnest(ARRAY[-0.01, 0, 0.01]) AS d
WHERE 10::numeric ^ k + d BETWEEN 0 AND 1000000000;
INSERT INTO val VALUES (0), (0.01), (0.1), (1), (99.99), (100), (9999.99), (10000), (10000.01),
    (123456789.12), (1000000000.00), (999999999.99), (10.10), (10.1), (100.10), (1000.1),
    (5.000000), (5.0), (5), (0.00), (0.000000), (0.10000), (10000.0000), (99990000), (100000000.00),
    (20000), (12.3400), (1e3), (1.5e2), (2.5E-1), (1000000000), ('  42.5  '), (-0), (-0.00);
SELECT count(*) AS values_checked FROM val;

-- allowed and plan_pays (no cost sharing: plan pays all) and patient_pays / acc_after (100% coinsurance:
-- patient pays all) carry round(x, 2) byte for byte.
SELECT count(*) AS cases,
       count(*) FILTER (WHERE numeric_send((b).allowed) <> numeric_send(round(x, 2))) AS allowed_bytes_differ,
       count(*) FILTER (WHERE numeric_send((b).plan_pays) <> numeric_send(round(x, 2))) AS plan_bytes_differ,
       count(*) FILTER (WHERE numeric_send((b).patient_pays) <> numeric_send(0.00)) AS zero_bytes_differ,
       count(*) FILTER (WHERE (b).allowed::text <> round(x, 2)::text
                           OR (b).plan_pays::text <> round(x, 2)::text) AS text_differs,
       count(*) FILTER (WHERE numeric_send((c).patient_pays) <> numeric_send(round(x, 2))
                           OR numeric_send((c).acc_after.oop_individual_met) <> numeric_send(round(x, 2))
                           OR numeric_send((c).plan_pays) <> numeric_send(0.00)) AS full_share_bytes_differ
FROM (SELECT x, costshare.adjudicate(x, costshare.terms()) AS b,
             costshare.adjudicate(x, costshare.terms(coinsurance => 1)) AS c
      FROM val) s;

-- The exact bytes of a few (numeric_send: ndigits, weight, sign, dscale, then base-10000 digits).
SELECT x, (b).allowed, encode(numeric_send((b).allowed), 'hex') AS bytes,
       numeric_send((b).allowed) = numeric_send(round(x, 2)) AS same_as_round
FROM (VALUES (0), (0.01), (0.1), (1), (10.10), (99.99), (9999.99), (10000), (10000.01),
             (123456789.12), (1000000000.00), (5.000000)) v(x),
     LATERAL (SELECT costshare.adjudicate(x, costshare.terms()) AS b) s
ORDER BY x;

-- Sums in the accumulators go beyond the largest single amount (1,000,000,000.00 met + 1,000,000,000.00
-- of cost sharing) and are still canonical.
SELECT (b).acc_after.oop_individual_met,
       numeric_send((b).acc_after.oop_individual_met) = numeric_send(2000000000.00) AS canonical,
       (b).acc_after.coinsurance_met,
       numeric_send((b).acc_after.coinsurance_met) = numeric_send(1999999999.99) AS canonical2
FROM (SELECT costshare.adjudicate(1000000000, costshare.terms(coinsurance => 1),
                                  costshare.accum(oop_individual_met => 1000000000,
                                                  coinsurance_met => 999999999.99)) AS b) s;

-- Long numeric headers: a display scale above 63 does not fit the short header. Such values are
-- accepted when every digit beyond the cents is zero, and refused as fractions of a cent otherwise.
SELECT pg_column_size(round(5::numeric, 63)) AS short_size, pg_column_size(round(5::numeric, 64)) AS long_size,
       pg_column_size(round(5::numeric, 70)) AS long_size_70;
SELECT scale, (b).allowed, numeric_send((b).allowed) = numeric_send(5.00) AS canonical
FROM unnest(ARRAY[2, 62, 63, 64, 70, 1000, 16383]) AS scale,
     LATERAL (SELECT costshare.adjudicate(round(5::numeric, scale), costshare.terms()) AS b) s
ORDER BY scale;
SELECT (costshare.adjudicate(round(1234.56::numeric, 70) + 0.00, costshare.terms())).allowed AS long_with_cents;
-- (the refusals, with their SQLSTATE)
DO $$
DECLARE
    r record;
    st text;
    msg text;
BEGIN
    FOR r IN SELECT * FROM (VALUES
                 ('5 + 1e-70, scale 70', round(5::numeric, 70) + 1e-70),
                 ('5.001, scale 64', round(5::numeric, 64) + 0.001),
                 ('1e-80, scale 80', round(0::numeric, 80) + 1e-80),
                 ('1e-300', 1e-300),
                 ('1e300', 1e300),
                 ('1e400 written out', ('1' || repeat('0', 400))::numeric)) v(label, x)
    LOOP
        BEGIN
            PERFORM costshare.adjudicate(r.x, costshare.terms());
            RAISE NOTICE '%: accepted', r.label;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
            RAISE NOTICE '%: % %', r.label, st, msg;
        END;
    END LOOP;
END
$$;
--     Amounts in the terms and the accumulators go through the same reader.
SELECT (b).copay, (b).deductible, (b).acc_after.ded_individual_met
FROM (SELECT costshare.adjudicate(round(100::numeric, 80),
                                  costshare.terms(copay => round(10::numeric, 70), ded_individual => round(50::numeric, 90)),
                                  costshare.accum(ded_individual_met => round(20.5::numeric, 65))) AS b) s;

-- Values read from a table column are stored with 1-byte varlena headers (packed); they must give the
-- results of the same values as literals. The column sizes show the packed header.
CREATE TEMP TABLE col (id int, x numeric, x2 numeric(14, 2), x6 numeric(20, 6));
INSERT INTO col SELECT row_number() OVER (), x, round(x, 2), round(x, 6) FROM val;
SELECT pg_column_size(x2) AS stored_size, pg_column_size(5.00::numeric) AS literal_size
FROM col WHERE x2 = 5 LIMIT 1;
SELECT count(*) AS cases,
       count(*) FILTER (WHERE numeric_send((costshare.adjudicate(x, costshare.terms())).allowed)
                              <> numeric_send(round(x, 2))) AS x_differs,
       count(*) FILTER (WHERE numeric_send((costshare.adjudicate(x2, costshare.terms())).allowed)
                              <> numeric_send(round(x, 2))) AS x2_differs,
       count(*) FILTER (WHERE numeric_send((costshare.adjudicate(x6, costshare.terms())).allowed)
                              <> numeric_send(round(x, 2))) AS x6_differs,
       count(*) FILTER (WHERE costshare.adjudicate(x, costshare.terms(coinsurance => 0.2, ded_individual => 100),
                                                   costshare.accum(ded_individual_met => x6 % 100))
                              IS DISTINCT FROM
                              costshare.adjudicate(round(x, 2), costshare.terms(coinsurance => 0.2, ded_individual => 100),
                                                   costshare.accum(ded_individual_met => round(x, 2) % 100)))
           AS results_differ
FROM col;
--     Long-header values and compressed values stored in a table: 1 and 2 long headers (scale 70),
--     3 and 4 compressed (6,000 digits), 5 a long header from its weight (10^3000).
CREATE TEMP TABLE col2 (id int, x numeric);
INSERT INTO col2 VALUES (1, round(5::numeric, 70)), (2, round(5::numeric, 70) + 1e-70),
                        (3, repeat('12', 3000)::numeric), (4, ('0.' || repeat('12', 3000))::numeric),
                        (5, ('1' || repeat('0', 3000))::numeric);
SELECT id, pg_column_compression(x) IS NOT NULL AS compressed FROM col2 ORDER BY id;
DO $$
DECLARE
    r record;
    st text;
    msg text;
BEGIN
    FOR r IN SELECT id, x FROM col2 ORDER BY id LOOP
        BEGIN
            RAISE NOTICE 'row %: allowed %', r.id, (costshare.adjudicate(r.x, costshare.terms())).allowed;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
            RAISE NOTICE 'row %: % %', r.id, st, msg;
        END;
    END LOOP;
END
$$;

-- Rates are read exactly to the millionth: coinsurance k / 1,000,000 on 10,000.00 is exactly k cents,
-- for every 7th millionth from 0 to 1, written with 6 and with 10 decimals.
SELECT count(*) AS rates,
       count(*) FILTER (WHERE (costshare.adjudicate(10000, costshare.terms(coinsurance => k / 1000000.0))).coinsurance
                              <> k / 100.0) AS wrong_6,
       count(*) FILTER (WHERE (costshare.adjudicate(10000, costshare.terms(coinsurance => round(k / 1000000.0, 10)))).coinsurance
                              <> k / 100.0) AS wrong_10,
       count(*) FILTER (WHERE numeric_send((costshare.adjudicate(10000, costshare.terms(coinsurance => k / 1000000.0))).coinsurance)
                              <> numeric_send(round(k / 100.0, 2))) AS bytes_differ
FROM generate_series(0, 1000000, 7) AS k;
