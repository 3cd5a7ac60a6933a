-- 89_remittance_allowed.sql: the allowed amount from the practice's own remittance history (issue 11).
--
-- When no fee_schedule row gives a line an amount and its plan is not a Medicare plan, the estimate
-- prices it on the median of the allowed amounts (835 AMT*B6) of the practice's posted lines of the
-- same payer, service code and rendering provider over costshare.remittance_window_days (default 365)
-- before the date of service, labelled allowed_source 'remittance_history' with the count of lines in
-- allowed_lines. The ledger now records each line's service code and provider (post_835 from SVC01 and
-- NM1*82 / N1*PE, post_claim_line from its new last arguments). The window and the median are the
-- engine's (src/engine/cs_remit.c); the lines are found by an index probe (src/glue/lookup.c), the same
-- for costshare.remittance_allowed() and for the estimate. See doc/remittance_allowed.md.

-- ---- the ledger: the line's service code and provider ----------------------------------------------

-- new nullable columns: the append-only ledger's existing rows are not rewritten (they are NULL: not
-- recorded, and count for no remittance median)
ALTER TABLE @extschema@.accumulator_ledger
    ADD COLUMN service_code text CONSTRAINT accumulator_ledger_service_code_check CHECK (service_code <> ''),
    ADD COLUMN provider_id text CONSTRAINT accumulator_ledger_provider_id_check CHECK (provider_id <> '');
COMMENT ON COLUMN @extschema@.accumulator_ledger.service_code IS
    'The line''s CPT/HCPCS code when the poster knows it (post_835: SVC01''s procedure code; post_claim_line: its service_code argument); NULL: not recorded. With payer_id and provider_id it finds the lines behind costshare.remittance_allowed.';
COMMENT ON COLUMN @extschema@.accumulator_ledger.provider_id IS
    'The rendering provider (costshare.provider.provider_id, the NPI) when the poster knows it and it is on file (post_835: the NM1*82 NPI when the remit names one, else the payee''s N1*PE NPI; post_claim_line: its provider argument); NULL: not recorded. Not a foreign key: the ledger is history and keeps the id when the provider row is later removed.';
COMMENT ON CONSTRAINT accumulator_ledger_service_code_check ON @extschema@.accumulator_ledger IS
    'A recorded service code is not empty (NULL: not recorded).';
COMMENT ON CONSTRAINT accumulator_ledger_provider_id_check ON @extschema@.accumulator_ledger IS
    'A recorded provider is not empty (NULL: not recorded).';

-- the lines of a payer and code (and provider) by date: what the remittance median reads; the estimate
-- probes it directly (src/glue/lookup.c), and the as-of estimate's copy of the ledger has it too
-- (LIKE ... INCLUDING INDEXES)
CREATE INDEX accumulator_ledger_remittance ON @extschema@.accumulator_ledger
    (payer_id, service_code, provider_id, service_date);
COMMENT ON INDEX @extschema@.accumulator_ledger_remittance IS
    'Finds the ledger lines of a payer, service code and provider by date of service: costshare.remittance_allowed and the estimate''s remittance-history allowed amount probe it.';

-- ---- the median ---------------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.remittance_allowed(payer_id text, service_code text, provider text, service_date date,
    OUT allowed numeric, OUT lines integer)
RETURNS record
AS 'MODULE_PATHNAME', 'costshare_remittance_allowed'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.remittance_allowed(text, text, text, date) IS
    'The allowed amount from the practice''s remittance history: the median (an even count: the mean of the middle two, half up to the cent) of the allowed amounts of the latest version of each ledger line of the payer and service code (the latest claim_version per payer, claim and line, when it is final, not reversed, pending or estimated, and has an allowed amount), rendered by provider (NULL: by any provider of the practice, or none recorded), with a date of service from costshare.remittance_window_days (default 365) days before service_date up to service_date; lines: how many lines the median is taken over. Fewer lines than costshare.remittance_min_lines (default 1): allowed NULL with the count found (0: none). The estimate uses the same rule when no fee row prices a line of a plan that is not Medicare (allowed_source remittance_history). Needs SELECT on costshare.accumulator_ledger or membership in costshare_estimator.';

-- ---- the estimate: the count behind the amount ---------------------------------------------------------

ALTER TYPE @extschema@.line_context ADD ATTRIBUTE allowed_lines integer;
COMMENT ON COLUMN @extschema@.line_context.allowed_lines IS
    'When the remittance history was consulted (no fee row gave an amount, the plan is not Medicare): the number of posted lines the allowed amount is the median of (allowed_source remittance_history), or, when fewer than costshare.remittance_min_lines were found, that number with allowed NULL; NULL when the history was not consulted.';
ALTER TYPE @extschema@.estimate_result ADD ATTRIBUTE allowed_lines integer;
COMMENT ON COLUMN @extschema@.estimate_result.allowed_lines IS
    'When the remittance history was consulted (no fee row gave an amount, the plan is not Medicare): the number of posted lines the allowed amount is the median of (allowed_source remittance_history, or billed when the charge was lower), or, when fewer than costshare.remittance_min_lines were found, that number with allowed NULL; NULL when the history was not consulted.';
COMMENT ON COLUMN @extschema@.estimate_result.allowed IS
    'The allowed amount the line is priced on, in dollars: the fee, the median of the practice''s remittance history (allowed_source remittance_history), or the billed charge when that is lower; NULL when no amount applies (no fee schedule row, no Medicare price, no remitted lines) or no coverage.';
COMMENT ON COLUMN @extschema@.estimate_result.allowed_source IS
    'Where allowed came from: fee_schedule, percent_of_medicare, medicare_fee_schedule, remittance_history (the median of the allowed amounts the payer remitted for the code and provider over costshare.remittance_window_days, allowed_lines lines), or billed (the charge was below it); NULL when allowed is NULL.';
COMMENT ON COLUMN @extschema@.line_context.allowed IS
    'The allowed amount from the fee schedule, Medicare, or the median of the practice''s remittance history, in dollars (before comparison with the charge); NULL when none applies.';
COMMENT ON COLUMN @extschema@.line_context.allowed_source IS
    'fee_schedule, percent_of_medicare, medicare_fee_schedule or remittance_history (allowed_lines lines); NULL when allowed is NULL.';
