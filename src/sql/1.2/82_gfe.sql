-- 82_gfe.sql: the self-pay / uninsured Good Faith Estimate (No Surprises Act; issue 14, domain.md §5).
-- The practice's self-pay price list (costshare.self_pay_price), the rules as C functions of the engine
-- (src/engine/cs_gfe.c: business days over weekends and observed US federal holidays, the GFE's due
-- date, a line's discounted price, the total, the $400 dispute rule, the notices in en / es), and
-- costshare.good_faith_estimate composing them into the estimate as jsonb (or the Da Vinci PCT GFE
-- Claim shape). Labels: the rules read no table and are IMMUTABLE; the notices depend on ICU's locale
-- data (STABLE, like costshare.explain); good_faith_estimate reads the price list (STABLE).

CREATE TABLE @extschema@.self_pay_price (
    price_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code            text NOT NULL CHECK (code <> ''),
    modifier        text NOT NULL DEFAULT '',
    provider_id     text REFERENCES @extschema@.provider,
    valid           daterange NOT NULL CHECK (NOT isempty(valid)),
    price           numeric NOT NULL,
    discount_rate   numeric,
    discount_amount numeric,
    discount_reason text,
    CONSTRAINT self_pay_price_discount_within_price
        CHECK (discount_amount IS NULL OR discount_amount <= price - round(price * coalesce(discount_rate, 0), 2)),
    CONSTRAINT self_pay_price_no_overlap
        EXCLUDE USING gist (code WITH =, modifier WITH =, (coalesce(provider_id, '')) WITH =, valid WITH &&)
);
COMMENT ON TABLE @extschema@.self_pay_price IS
    'The practice''s self-pay (cash) prices for patients without insurance or not using it, per code, optionally per modifier and provider, over a date range, with an optional percentage and/or fixed discount (sliding scale, prompt pay). costshare.good_faith_estimate prices its lines from here.';
COMMENT ON COLUMN @extschema@.self_pay_price.price_id IS 'Row key.';
COMMENT ON SEQUENCE @extschema@.self_pay_price_price_id_seq IS 'Identity of costshare.self_pay_price.';
COMMENT ON COLUMN @extschema@.self_pay_price.code IS 'The service code (CPT/HCPCS), e.g. 90837.';
COMMENT ON COLUMN @extschema@.self_pay_price.modifier IS 'The modifier this price is for; '''' = any modifier (a row for the exact modifier wins).';
COMMENT ON COLUMN @extschema@.self_pay_price.provider_id IS 'The provider (costshare.provider, NPI) this price is for; NULL = every provider of the practice (a provider''s own row wins).';
COMMENT ON COLUMN @extschema@.self_pay_price.valid IS 'The service dates the price applies to; ranges of the same code, modifier and provider do not overlap.';
COMMENT ON COLUMN @extschema@.self_pay_price.price IS 'The undiscounted self-pay price of one unit (one session), in dollars: whole cents, 0 to 1000000000.00.';
COMMENT ON COLUMN @extschema@.self_pay_price.discount_rate IS 'A percentage discount as a fraction (0.2 = 20%), applied first and rounded half up to the cent; NULL = none.';
COMMENT ON COLUMN @extschema@.self_pay_price.discount_amount IS 'A fixed discount per unit in dollars (e.g. a sliding-scale step or a prompt-pay discount), taken after the percentage; never more than the price left; NULL = none.';
COMMENT ON COLUMN @extschema@.self_pay_price.discount_reason IS 'Why the discount is given, printed on the estimate (e.g. sliding_scale, prompt_pay); free text, never patient data.';
COMMENT ON CONSTRAINT self_pay_price_discount_within_price ON @extschema@.self_pay_price IS
    'A fixed discount is at most what is left of the price after the percentage discount.';
COMMENT ON CONSTRAINT self_pay_price_no_overlap ON @extschema@.self_pay_price IS
    'One price per code, modifier and provider (or practice-wide) on any date.';

-- amount checks, as 61_amount_checks.sql makes them for the other tables
ALTER TABLE @extschema@.self_pay_price
    ADD CONSTRAINT self_pay_price_price_range
        CHECK (price >= 0 AND price <= 1000000000 AND price = round(price, 2)),
    ADD CONSTRAINT self_pay_price_discount_rate_range
        CHECK (discount_rate >= 0 AND discount_rate <= 1 AND discount_rate = round(discount_rate, 6)),
    ADD CONSTRAINT self_pay_price_discount_amount_range
        CHECK (discount_amount >= 0 AND discount_amount <= 1000000000 AND discount_amount = round(discount_amount, 2));
COMMENT ON CONSTRAINT self_pay_price_price_range ON @extschema@.self_pay_price IS
    'The range of price: whole cents from 0 to 1000000000.00, never NaN. Checked first, with a clearer error, by the amount_check trigger; costshare.check_stored_amounts() lists rows stored before it.';
COMMENT ON CONSTRAINT self_pay_price_discount_rate_range ON @extschema@.self_pay_price IS
    'The range of discount_rate: from 0 to 1, at most six decimals, never NaN. Checked first, with a clearer error, by the amount_check trigger; costshare.check_stored_amounts() lists rows stored before it.';
COMMENT ON CONSTRAINT self_pay_price_discount_amount_range ON @extschema@.self_pay_price IS
    'The range of discount_amount: whole cents from 0 to 1000000000.00, never NaN. Checked first, with a clearer error, by the amount_check trigger; costshare.check_stored_amounts() lists rows stored before it.';
CREATE TRIGGER amount_check BEFORE INSERT OR UPDATE ON @extschema@.self_pay_price
    FOR EACH ROW EXECUTE FUNCTION @extschema@.check_amounts('money:price', 'rate:discount_rate', 'money:discount_amount');
COMMENT ON TRIGGER amount_check ON @extschema@.self_pay_price IS
    'Refuses NaN, infinity, fractions of a cent and amounts, rates and counts out of range (costshare.check_amounts), naming the column and never a value of the row.';
CREATE TRIGGER error_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.self_pay_price
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.error_guard();
ALTER TABLE @extschema@.self_pay_price ENABLE ALWAYS TRIGGER error_guard;
COMMENT ON TRIGGER error_guard ON @extschema@.self_pay_price IS
    'Loads the costshare library before any row is written, so that constraint errors on this table are reported without row values.';

GRANT SELECT ON @extschema@.self_pay_price TO costshare_estimator, costshare_loader;
GRANT INSERT, UPDATE, DELETE ON @extschema@.self_pay_price TO costshare_loader;
SELECT pg_catalog.pg_extension_config_dump('@extschema@.self_pay_price', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.self_pay_price_price_id_seq', '');

-- ---- the rules (engine) ----------------------------------------------------------------------------

CREATE FUNCTION @extschema@.is_business_day(day date)
RETURNS boolean
AS 'MODULE_PATHNAME', 'costshare_is_business_day'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_business_day(date) IS
    'Whether the day is a business day: not a Saturday or Sunday and not a US federal holiday as observed (5 U.S.C. 6103: a Saturday holiday is observed on the Friday before, a Sunday one on the Monday after; Juneteenth from 2021). Computed from the calendar, for 1900-01-01 to 9999-12-31.';

CREATE FUNCTION @extschema@.business_days_between(from_day date, to_day date)
RETURNS integer
AS 'MODULE_PATHNAME', 'costshare_business_days_between'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.business_days_between(date, date) IS
    'The business days after from_day up to and including to_day (0 when to_day is not after from_day): how many business days ahead a service on to_day is when scheduled on from_day.';

CREATE FUNCTION @extschema@.add_business_days(day date, n integer)
RETURNS date
AS 'MODULE_PATHNAME', 'costshare_add_business_days'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.add_business_days(date, integer) IS
    'The n-th business day after day (n from 0 to 100000; 0 gives the day itself).';

CREATE FUNCTION @extschema@.gfe_timing(scheduled_on date, service_on date, requested boolean DEFAULT false,
                                       OUT rule text, OUT lead_business_days integer, OUT due_on date)
RETURNS record
AS 'MODULE_PATHNAME', 'costshare_gfe_timing'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gfe_timing(date, date, boolean) IS
    'When a self-pay Good Faith Estimate is due (45 CFR 149.610): rule scheduled_10_business_days_ahead (service 10+ business days after scheduling: due 3 business days after scheduling), scheduled_3_business_days_ahead (3 to 9 ahead: 1 business day after), requested (the patient asked on scheduled_on: 3 business days after) or not_required (fewer than 3 ahead, no request: due_on NULL). A service before scheduled_on is refused (42P20); NULL dates are refused (22004), except a NULL service_on with requested (a request before any service is scheduled).';

CREATE FUNCTION @extschema@.gfe_line(price numeric, discount_rate numeric, discount_amount numeric, sessions integer,
                                     OUT unit_price numeric, OUT line_total numeric)
RETURNS record
AS 'MODULE_PATHNAME', 'costshare_gfe_line'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gfe_line(numeric, numeric, numeric, integer) IS
    'One Good Faith Estimate line: the price less discount_rate of it (rounded half up to the cent) less discount_amount (NULL discounts = none), times sessions (1 to 1000000). NaN, infinity, negative amounts and fractions of a cent are refused (22003 / 22023), a discount above the price too (22003).';

CREATE FUNCTION @extschema@.gfe_total(line_totals numeric[])
RETURNS numeric
AS 'MODULE_PATHNAME', 'costshare_gfe_total'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gfe_total(numeric[]) IS
    'The total of Good Faith Estimate lines, in exact cents; refuses NULL, NaN, negative and fractional-cent elements and a total above 1000000000.00 (22003).';

CREATE FUNCTION @extschema@.gfe_dispute(estimated numeric, billed numeric,
                                        OUT may_dispute boolean, OUT excess numeric, OUT threshold numeric)
RETURNS record
AS 'MODULE_PATHNAME', 'costshare_gfe_dispute'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gfe_dispute(numeric, numeric) IS
    'The $400 rule for one provider or facility on a Good Faith Estimate: excess = billed - estimated (negative when billed is below), may_dispute when the excess is at least threshold (400.00): the patient may start the patient-provider dispute resolution process. Amounts are whole cents 0 to 1000000000.00; NaN, infinity, negatives and NULL are refused.';

CREATE FUNCTION @extschema@.gfe_notices(locale text, total numeric, sessions integer,
                                        OUT key text, OUT sentence text, OUT locale_used text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'costshare_gfe_notices'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gfe_notices(text, numeric, integer) IS
    'The notices a self-pay Good Faith Estimate prints, in order (title, right, sessions, total, not_bill, changes, dispute, keep), from the explanation catalogs msg/en.txt and msg/es.txt in the locale (resolved as costshare.explain_locale does), with the total and the number of planned sessions filled in.';

-- ---- the estimate -----------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.good_faith_estimate(
    sessions jsonb, scheduled_on date, service_on date,
    diagnoses text[] DEFAULT '{}', provider text DEFAULT NULL, requested boolean DEFAULT false,
    locale text DEFAULT 'en-US', format text DEFAULT 'costshare', period_end date DEFAULT NULL,
    issued_on date DEFAULT NULL, practice_tin text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_end date;
    v_issued date;
    v_item jsonb;
    v_ord bigint;
    v_d text;
    v_timing record;
    v_line record;
    v_lines jsonb := '[]';
    v_totals numeric[] := '{}';
    v_sessions bigint := 0;
    v_total numeric;
    v_providers jsonb := '[]';
    v_p record;
    v_notices jsonb := '[]';
    v_locale text;
    v_n record;
    v_dx jsonb := '[]';
    v_items jsonb := '[]';
    v_care jsonb := '[]';
    v_seq integer := 0;
BEGIN
    IF sessions IS NULL OR scheduled_on IS NULL OR service_on IS NULL THEN
        RAISE EXCEPTION 'sessions, scheduled_on and service_on are required'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass the planned sessions as a JSON array, the day they were scheduled and the first service date.';
    END IF;
    IF format IS NULL OR format NOT IN ('costshare', 'pct') THEN
        RAISE EXCEPTION 'unknown Good Faith Estimate format'
            USING ERRCODE = 'invalid_parameter_value', DETAIL = 'format must be costshare or pct.',
                  HINT = 'costshare gives the estimate as costshare jsonb; pct gives a Da Vinci PCT GFE Claim bundle.';
    END IF;
    v_end := coalesce(period_end, (service_on + interval '12 months' - interval '1 day')::date);
    IF v_end < service_on OR v_end > (service_on + interval '12 months' - interval '1 day')::date THEN
        RAISE EXCEPTION 'the period of a Good Faith Estimate is at most 12 months'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('period_end %s is not from %s to %s.', v_end, service_on,
                                             (service_on + interval '12 months' - interval '1 day')::date),
                  HINT = 'Give a period_end within 12 months of the first service date, or none for 12 months.';
    END IF;
    v_issued := coalesce(issued_on, scheduled_on);
    IF v_issued < scheduled_on THEN
        RAISE EXCEPTION 'issued_on is before scheduled_on'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A Good Faith Estimate is issued on or after the day the service was scheduled or requested.';
    END IF;
    IF pg_catalog.jsonb_typeof(sessions) IS DISTINCT FROM 'array' OR pg_catalog.jsonb_array_length(sessions) = 0 THEN
        RAISE EXCEPTION 'sessions must be a non-empty JSON array'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'For example [{"code": "90837", "count": 20}] or [{"code": "90791", "dates": ["2027-01-05"]}].';
    END IF;
    IF diagnoses IS NOT NULL AND EXISTS (SELECT 1 FROM pg_catalog.unnest(diagnoses) x
                                          WHERE x IS NULL OR x !~ '^[A-TV-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$') THEN
        RAISE EXCEPTION 'a diagnosis is not an ICD-10-CM code'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass ICD-10-CM codes such as F41.1 or F32.9.';
    END IF;
    -- each planned item: a code, a provider, and a count or a list of dates in the period
    FOR v_item, v_ord IN SELECT e, o FROM pg_catalog.jsonb_array_elements(sessions) WITH ORDINALITY AS s (e, o) LOOP
        IF pg_catalog.jsonb_typeof(v_item) IS DISTINCT FROM 'object'
           OR pg_catalog.jsonb_typeof(v_item -> 'code') IS DISTINCT FROM 'string' OR (v_item ->> 'code') = ''
           OR ((v_item ? 'count') = (v_item ? 'dates'))
           OR (v_item ? 'count' AND (pg_catalog.jsonb_typeof(v_item -> 'count') <> 'number'
                                     OR (v_item ->> 'count') !~ '^[0-9]{1,7}$'))
           OR (v_item ? 'dates' AND (pg_catalog.jsonb_typeof(v_item -> 'dates') <> 'array'
                                     OR pg_catalog.jsonb_array_length(v_item -> 'dates') = 0))
           OR (v_item ? 'modifier' AND pg_catalog.jsonb_typeof(v_item -> 'modifier') <> 'string')
           OR (v_item ? 'provider' AND pg_catalog.jsonb_typeof(v_item -> 'provider') <> 'string') THEN
            RAISE EXCEPTION 'planned session % is not valid', v_ord
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'Each item is an object with a code and either a count (a whole number) or a non-empty array of dates, and optionally a modifier and a provider.',
                      HINT = 'For example {"code": "90837", "count": 20} or {"code": "90791", "dates": ["2027-01-05"]}.';
        END IF;
        IF coalesce(v_item ->> 'provider', provider) IS NULL THEN
            RAISE EXCEPTION 'planned session % names no provider', v_ord
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'A Good Faith Estimate lists the provider of every item: give "provider" in the item or the provider argument.';
        END IF;
        IF v_item ? 'dates' THEN
            FOR v_d IN SELECT pg_catalog.jsonb_array_elements_text(v_item -> 'dates') LOOP
                IF v_d::date < service_on OR v_d::date > v_end THEN
                    RAISE EXCEPTION 'planned session % has a date outside the estimate''s period', v_ord
                        USING ERRCODE = 'invalid_parameter_value',
                              DETAIL = pg_catalog.format('%s is not from %s to %s.', v_d::date, service_on, v_end);
                END IF;
            END LOOP;
        END IF;
    END LOOP;

    SELECT * INTO v_timing FROM @extschema@.gfe_timing(scheduled_on, service_on, coalesce(requested, false));

    -- price each planned session on its date (count-based items on the first service date), then
    -- one line per item and price row
    FOR v_line IN
        WITH items AS (
            SELECT s.o AS ord, s.e ->> 'code' AS code, coalesce(s.e ->> 'modifier', '') AS modifier,
                   coalesce(s.e ->> 'provider', provider) AS prov, s.e
              FROM pg_catalog.jsonb_array_elements(sessions) WITH ORDINALITY AS s (e, o)
        ), occ AS (
            SELECT ord, code, modifier, prov, service_on AS day, (e ->> 'count')::integer AS n, false AS dated
              FROM items WHERE e ? 'count'
            UNION ALL
            SELECT ord, code, modifier, prov, d::date, 1, true
              FROM items, pg_catalog.jsonb_array_elements_text(e -> 'dates') AS d
             WHERE e ? 'dates'
        ), priced AS (
            SELECT o.*, p.price_id, p.price, p.discount_rate, p.discount_amount, p.discount_reason
              FROM occ o
              LEFT JOIN LATERAL (
                   SELECT sp.* FROM @extschema@.self_pay_price sp
                    WHERE sp.code = o.code AND sp.modifier IN (o.modifier, '')
                      AND (sp.provider_id = o.prov OR sp.provider_id IS NULL) AND sp.valid @> o.day
                    ORDER BY (sp.provider_id IS NOT NULL) DESC, (sp.modifier <> '') DESC
                    LIMIT 1) p ON true
        )
        SELECT ord, code, modifier, prov, price_id, price, discount_rate, discount_amount, discount_reason,
               pg_catalog.sum(n)::integer AS n, pg_catalog.min(day) AS first_day, pg_catalog.max(day) AS last_day,
               pg_catalog.array_agg(day ORDER BY day) FILTER (WHERE dated) AS days
          FROM priced
         GROUP BY ord, code, modifier, prov, price_id, price, discount_rate, discount_amount, discount_reason
         ORDER BY ord, first_day
    LOOP
        IF v_line.price_id IS NULL THEN
            RAISE EXCEPTION 'no self-pay price for planned session %', v_line.ord
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = pg_catalog.format('No costshare.self_pay_price row for code %s, modifier %s on %s.',
                                                 v_line.code, pg_catalog.quote_literal(v_line.modifier), v_line.first_day),
                      HINT = 'Add the practice''s self-pay price for the code and date to costshare.self_pay_price.';
        END IF;
        DECLARE
            a record;
        BEGIN
            SELECT * INTO a FROM @extschema@.gfe_line(v_line.price, v_line.discount_rate, v_line.discount_amount, v_line.n);
            v_seq := v_seq + 1;
            v_totals := v_totals || a.line_total;
            v_sessions := v_sessions + v_line.n;
            v_lines := v_lines || pg_catalog.jsonb_build_array(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
                'line', v_seq, 'code', v_line.code, 'modifier', NULLIF(v_line.modifier, ''), 'provider_id', v_line.prov,
                'sessions', v_line.n, 'dates', pg_catalog.to_jsonb(v_line.days),
                'first_date', CASE WHEN v_line.days IS NOT NULL THEN v_line.first_day END,
                'last_date', CASE WHEN v_line.days IS NOT NULL THEN v_line.last_day END,
                'price', v_line.price, 'discount_rate', v_line.discount_rate,
                'discount_amount', v_line.discount_amount, 'discount_reason', v_line.discount_reason,
                'unit_price', a.unit_price, 'total', a.line_total)));
        END;
    END LOOP;
    v_total := @extschema@.gfe_total(v_totals);

    -- the providers, with their NPI (and the practice's TIN) and their own totals (the $400 rule is per provider)
    FOR v_p IN
        SELECT l ->> 'provider_id' AS prov,
               @extschema@.gfe_total(pg_catalog.array_agg((l ->> 'total')::numeric)) AS total,
               pg_catalog.min((l ->> 'line')::integer) AS first_line
          FROM pg_catalog.jsonb_array_elements(v_lines) AS l GROUP BY 1 ORDER BY 3
    LOOP
        v_providers := v_providers || pg_catalog.jsonb_build_array(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
            'provider_id', v_p.prov,
            'npi', CASE WHEN v_p.prov ~ '^[0-9]{10}$' THEN v_p.prov END,
            'tin', practice_tin,
            'name', (SELECT pr.name FROM @extschema@.provider pr WHERE pr.provider_id = v_p.prov),
            'credential', (SELECT pr.credential FROM @extschema@.provider pr WHERE pr.provider_id = v_p.prov),
            'total', v_p.total)));
    END LOOP;

    FOR v_n IN SELECT * FROM @extschema@.gfe_notices(locale, v_total, v_sessions::integer) LOOP
        v_locale := v_n.locale_used;
        v_notices := v_notices || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('key', v_n.key, 'text', v_n.sentence));
    END LOOP;

    IF format = 'costshare' THEN
        RETURN pg_catalog.jsonb_build_object(
            'kind', 'good_faith_estimate',
            'locale', v_locale,
            'issued_on', v_issued,
            'expires_on', v_end,
            'scheduled_on', scheduled_on,
            'requested', coalesce(requested, false),
            'period', pg_catalog.jsonb_build_object('start', service_on, 'end', v_end),
            'timing', pg_catalog.jsonb_build_object('rule', v_timing.rule, 'lead_business_days', v_timing.lead_business_days,
                                                    'due_on', v_timing.due_on,
                                                    'issued_on_time', v_timing.due_on IS NULL OR v_issued <= v_timing.due_on),
            'diagnoses', pg_catalog.to_jsonb(coalesce(diagnoses, '{}')),
            'providers', v_providers,
            'lines', v_lines,
            'sessions', v_sessions,
            'total', v_total,
            'dispute_threshold', (@extschema@.gfe_dispute(0, 0)).threshold,
            'notices', v_notices);
    END IF;

    -- Da Vinci PCT: a Claim (use predetermination) of the davinci-pct-gfe-professional profile in a Bundle
    SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'sequence', x.o,
               'diagnosisCodeableConcept', pg_catalog.jsonb_build_object('coding', pg_catalog.jsonb_build_array(
                   pg_catalog.jsonb_build_object('system', 'http://hl7.org/fhir/sid/icd-10-cm', 'code', x.c))))
               ORDER BY x.o), '[]')
      INTO v_dx
      FROM pg_catalog.unnest(coalesce(diagnoses, '{}')) WITH ORDINALITY AS x (c, o);
    SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'sequence', p.o,
               'provider', pg_catalog.jsonb_build_object('identifier', CASE WHEN p.e ? 'npi'
                   THEN pg_catalog.jsonb_build_object('system', 'http://hl7.org/fhir/sid/us-npi', 'value', p.e ->> 'npi')
                   ELSE pg_catalog.jsonb_build_object('value', p.e ->> 'provider_id') END))
               ORDER BY p.o), '[]')
      INTO v_care
      FROM pg_catalog.jsonb_array_elements(v_providers) WITH ORDINALITY AS p (e, o);
    SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
               'sequence', (l ->> 'line')::integer,
               'careTeamSequence', pg_catalog.jsonb_build_array(
                   (SELECT p.o FROM pg_catalog.jsonb_array_elements(v_providers) WITH ORDINALITY AS p (e, o)
                     WHERE p.e ->> 'provider_id' = l ->> 'provider_id')),
               'diagnosisSequence', CASE WHEN pg_catalog.jsonb_array_length(v_dx) > 0
                   THEN (SELECT pg_catalog.jsonb_agg(g) FROM pg_catalog.generate_series(1, pg_catalog.jsonb_array_length(v_dx)) g) END,
               'productOrService', pg_catalog.jsonb_build_object('coding', pg_catalog.jsonb_build_array(
                   pg_catalog.jsonb_build_object('system', 'http://www.ama-assn.org/go/cpt', 'code', l ->> 'code'))),
               'modifier', CASE WHEN l ? 'modifier' THEN pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
                   'coding', pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('code', l ->> 'modifier')))) END,
               'servicedPeriod', CASE WHEN l ? 'dates'
                   THEN pg_catalog.jsonb_build_object('start', l -> 'first_date', 'end', l -> 'last_date')
                   ELSE pg_catalog.jsonb_build_object('start', service_on, 'end', v_end) END,
               'quantity', pg_catalog.jsonb_build_object('value', (l ->> 'sessions')::integer),
               'unitPrice', pg_catalog.jsonb_build_object('value', (l ->> 'unit_price')::numeric, 'currency', 'USD'),
               'net', pg_catalog.jsonb_build_object('value', (l ->> 'total')::numeric, 'currency', 'USD')))
               ORDER BY (l ->> 'line')::integer)
      INTO v_items
      FROM pg_catalog.jsonb_array_elements(v_lines) AS l;
    RETURN pg_catalog.jsonb_build_object(
        'resourceType', 'Bundle',
        'type', 'collection',
        'timestamp', v_issued,
        'entry', pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('resource', pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
            'resourceType', 'Claim',
            'meta', pg_catalog.jsonb_build_object('profile', pg_catalog.jsonb_build_array(
                'http://hl7.org/fhir/us/davinci-pct/StructureDefinition/davinci-pct-gfe-professional')),
            'language', v_locale,
            'status', 'active',
            'type', pg_catalog.jsonb_build_object('coding', pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
                'system', 'http://terminology.hl7.org/CodeSystem/claim-type', 'code', 'professional'))),
            'use', 'predetermination',
            'created', v_issued,
            'billablePeriod', pg_catalog.jsonb_build_object('start', service_on, 'end', v_end),
            'extension', pg_catalog.jsonb_build_array(
                pg_catalog.jsonb_build_object(
                    'url', 'http://hl7.org/fhir/us/davinci-pct/StructureDefinition/gfeServiceLinkingInfo',
                    'extension', pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
                        'url', 'plannedPeriodOfService',
                        'valuePeriod', pg_catalog.jsonb_build_object('start', service_on, 'end', v_end))))),
            'priority', pg_catalog.jsonb_build_object('coding', pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
                'system', 'http://terminology.hl7.org/CodeSystem/processpriority', 'code', 'normal'))),
            'provider', (v_care -> 0) -> 'provider',
            'careTeam', v_care,
            'diagnosis', CASE WHEN pg_catalog.jsonb_array_length(v_dx) > 0 THEN v_dx END,
            'item', v_items,
            'total', pg_catalog.jsonb_build_object('value', v_total, 'currency', 'USD'),
            'text', pg_catalog.jsonb_build_object('status', 'generated',
                'div', '<div xmlns="http://www.w3.org/1999/xhtml">'
                       || (SELECT pg_catalog.string_agg('<p>' || pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
                                  n ->> 'text', '&', '&amp;'), '<', '&lt;'), '>', '&gt;') || '</p>', '' ORDER BY o)
                             FROM pg_catalog.jsonb_array_elements(v_notices) WITH ORDINALITY AS t (n, o))
                       || '</div>'))))));
END $$;
COMMENT ON FUNCTION @extschema@.good_faith_estimate(jsonb, date, date, text[], text, boolean, text, text, date, date, text) IS
    'The self-pay / uninsured Good Faith Estimate (No Surprises Act) for planned sessions over up to 12 months: sessions is a JSON array of {"code", "count" | "dates": [...], "modifier"?, "provider"?} (provider defaults to the provider argument), each priced from costshare.self_pay_price on its date (count items on service_on) with its discounts; diagnoses are ICD-10-CM codes. Returns jsonb with the itemized lines, each provider''s total (NPI from costshare.provider, the practice''s TIN), the total, the issue date (issued_on, default scheduled_on) and the expiry (the period''s end, default 12 months), the due date from costshare.gfe_timing and whether it was issued on time, and the required notices in the locale (costshare.gfe_notices: en or es). format ''pct'' gives the same as a Da Vinci PCT GFE (a Bundle with a davinci-pct-gfe-professional Claim, use predetermination). Errors: 22023 (bad item, no price, period over 12 months, bad diagnosis, bad format), 22004 (missing argument), 42P20 (service before scheduling), 22003 (amounts).';

CREATE FUNCTION @extschema@.gfe_dispute(gfe jsonb, billed jsonb,
                                        OUT provider_id text, OUT estimated numeric, OUT billed_total numeric,
                                        OUT excess numeric, OUT may_dispute boolean)
RETURNS SETOF record
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT p.e ->> 'provider_id', (p.e ->> 'total')::numeric, b.amount, d.excess, d.may_dispute
      FROM pg_catalog.jsonb_array_elements(gfe -> 'providers') WITH ORDINALITY AS p (e, o)
     CROSS JOIN LATERAL (SELECT coalesce((billed ->> (p.e ->> 'provider_id'))::numeric, 0::numeric) AS amount) b
     CROSS JOIN LATERAL @extschema@.gfe_dispute((p.e ->> 'total')::numeric, b.amount) d
     ORDER BY p.o;
END;
COMMENT ON FUNCTION @extschema@.gfe_dispute(jsonb, jsonb) IS
    'The $400 rule per provider of a Good Faith Estimate (a result of costshare.good_faith_estimate in the costshare format): billed is a JSON object of provider_id -> the patient''s billed total from that provider (a provider not named was billed 0); one row per provider listed on the GFE, saying whether the patient may dispute (billed at least 400.00 above that provider''s GFE total).';
