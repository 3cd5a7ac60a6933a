-- 66_x12_figures.sql: a 271 deductible or out-of-pocket amount is labelled by its EB06 time period
-- qualifier (the engine's cs_x12_271_figure_of): a period's total, what remains, what is met, or a
-- per-unit figure (27 per visit, 26 per episode, ...) that is never a period total.  load_271 sums
-- only 'total' and 'remaining' into snapshots, so a per-visit deductible is no longer taken as the
-- plan year's.

ALTER TABLE @extschema@.eligibility_benefit
    DROP CONSTRAINT eligibility_benefit_figure_check,
    ADD CONSTRAINT eligibility_benefit_figure_check CHECK (figure IN (
        'total', 'remaining', 'met', 'per_visit', 'per_episode', 'per_admission', 'per_hour', 'per_day',
        'per_24_hours', 'per_week', 'per_month', 'outlier', 'exceeded', 'not_exceeded', 'other'));
COMMENT ON COLUMN @extschema@.eligibility_benefit.figure IS
    'For a deductible or out-of-pocket benefit, and a limitation with an amount and no quantity (a plan-paid dollar maximum; 32 and 33 then say its lifetime''s, see time_period), what the amount is by EB06: total (21, 22, 23, 25, 32 or not sent), remaining (29, 33), met (24), per_visit (27), per_episode (26), per_admission (36), per_hour (6), per_day (7), per_24_hours (13), per_week (35), per_month (34), outlier (28), exceeded (30), not_exceeded (31), other (any other code); NULL for other benefits. Only total, remaining and met are period figures.';
