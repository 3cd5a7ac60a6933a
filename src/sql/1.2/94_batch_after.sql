-- 94_batch_after.sql: estimate_many estimates each line of a group after the group's earlier lines,
-- as if each had been posted (session 14). After 91: estimate_result has its last attributes here.
-- ---- estimate_many: every line after the earlier ones of its group (session 14) --------------------------
CREATE TYPE @extschema@.batch_step AS (
    estimate @extschema@.estimate_result,
    line     @extschema@.breakdown,
    postings @extschema@.batch_271_line[]
);
COMMENT ON TYPE @extschema@.batch_step IS 'One line of a costshare.estimate_many call (costshare.estimate_after): its estimate, the primary''s adjudicated line, and the ledger lines posting it would record.';
COMMENT ON COLUMN @extschema@.batch_step.estimate IS 'The line''s costshare.estimate result, as if the call''s earlier lines had been posted.';
COMMENT ON COLUMN @extschema@.batch_step.line IS 'The primary''s adjudicated line (from the plan design or the 271); NULL when the line is not priced.';
COMMENT ON COLUMN @extschema@.batch_step.postings IS 'What posting the line would record: the primary''s line, then each later payer''s own adjudication with what it paid (empty when the line is not priced); the call''s later lines count them as posted.';

CREATE FUNCTION @extschema@.estimate_after(
    member text, service_date date, service_code text, provider text, place_of_service text, billed numeric,
    earlier @extschema@.batch_271_line[])
RETURNS @extschema@.batch_step
AS 'MODULE_PATHNAME', 'costshare_estimate_after'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.estimate_after(text, date, text, text, text, numeric, @extschema@.batch_271_line[]) IS
    'Internal (costshare.estimate_many): costshare.estimate of a line as if the earlier lines (earlier, as costshare.batch_271_line rows) had been posted to the ledger after every snapshot and 271: the plan design''s accumulators, plan-paid maximums and benefit reserves of every payer, and the 271 pricing, count them as they count posted lines of their family, plan and payer. With its postings, so that a call''s next line can count this one. NULL earlier: none. A NULL element, member or date (22004), a date that is not finite (22023), an amount that is not a finite number of whole cents at least 0 (22003, 22023), negative visits (22003) or a multi-dimensional array (2202E) are refused.';

