-- privacy: refused writes and failed requests never echo member data (IDs, names, birth dates) in
-- their message, detail or hint: those texts end up in server logs.
SET client_min_messages = warning;
BEGIN;
INSERT INTO costshare.payer VALUES ('PRIV-PAYER', 'Privacy test payer', 'commercial');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('PRIV-PLAN', 'PRIV-PAYER', 'Privacy test plan');
INSERT INTO costshare.member VALUES ('PRIV-7731', 'Zebulon', 'Quackenbush', '1977-07-31');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage)
VALUES ('PRIV-7731', 'PRIV-7731', 'PRIV-FAM', 'PRIV-PLAN', '[2026-01-01,)');

CREATE FUNCTION pg_temp.attempt(q text) RETURNS TABLE (code text, message text, leaks boolean)
LANGUAGE plpgsql AS $$
DECLARE m text; d text; h text;
BEGIN
    EXECUTE q;
    RETURN QUERY SELECT 'ok'::text, NULL::text, false;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN QUERY SELECT code, m,
        concat_ws(' ', m, d, h) ~* '(PRIV-7731|Zebulon|Quackenbush|1977-07-31|PRIV-NEW|Ophelia)';
END $$;

SELECT label, (a).code, (a).message, (a).leaks
FROM (VALUES
  ('overlapping enrollment', $$INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage) VALUES ('PRIV-7731', 'PRIV-7731', 'PRIV-FAM', 'PRIV-PLAN', '[2026-06-01,2026-07-01)')$$),
  ('enrollment of an unknown member', $$INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage) VALUES ('PRIV-NEW', 'PRIV-NEW', 'PRIV-FAM', 'PRIV-PLAN', '[2026-01-01,)')$$),
  ('enrollment without a start', $$INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage) VALUES ('PRIV-7731', 'PRIV-7731', 'PRIV-FAM', 'PRIV-PLAN', '(,2026-01-01)')$$),
  ('self enrollment with another subscriber', $$INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship) VALUES ('PRIV-7731', 'PRIV-9999', 'PRIV-FAM', 'PRIV-PLAN', '[2030-01-01,)', 'self')$$),
  ('member with an empty id', $$INSERT INTO costshare.member VALUES ('', 'Ophelia', 'Quackenbush', '1980-01-01')$$),
  ('duplicate member', $$INSERT INTO costshare.member VALUES ('PRIV-7731', 'Zebulon', 'Quackenbush', '1977-07-31')$$),
  ('estimate for an unknown member', $$SELECT costshare.estimate('PRIV-NEW', '2026-03-01', '90837')$$),
  ('claim line for a member without coverage', $$SELECT costshare.post_claim_line('C-PRIV', 1, 1, 'final', 'PRIV-7731', 'PRIV-PLAN', '2025-03-01', 10, 0, 0)$$),
  ('claim line with a bad key', $$SELECT costshare.post_claim_line('', 0, 1, 'final', 'PRIV-7731', 'PRIV-PLAN', '2026-03-01', 10, 0, 0)$$),
  ('accumulate with a NULL allowed', $$SELECT costshare.accumulate('PRIV-7731', date '2026-03-01', NULL::numeric, costshare.terms()) OVER ()$$)
) v(label, q), LATERAL (SELECT x FROM pg_temp.attempt(v.q) x) t(a)
ORDER BY label;
ROLLBACK;
