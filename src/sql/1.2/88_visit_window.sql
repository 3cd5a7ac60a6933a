-- 88_visit_window.sql — visit limits over a rolling window (issue 10, "visit limits counted over a
-- rolling window ('20 visits in any 12 months') besides the benefit period"). When a benefit states a
-- window, its visit_limit counts the member's visits in the visit_window_days days ending on the date of
-- service (the engine's cs_in_rolling_window), across benefit periods: the new year does not reset it.
-- The deductible and out-of-pocket still count by the benefit period.

ALTER TABLE @extschema@.benefit ADD COLUMN visit_window_days integer
    CONSTRAINT benefit_visit_window_days_range CHECK (visit_window_days BETWEEN 1 AND 3660);
COMMENT ON COLUMN @extschema@.benefit.visit_window_days IS
    'When set, visit_limit counts the member''s visits in the visit_window_days days ending on the date of service (e.g. 365: "20 visits in any 12 months"), across benefit periods; NULL: the benefit period (reset at its start). 1..3660.';
