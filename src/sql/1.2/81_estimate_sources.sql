-- 81_estimate_sources.sql: the attributes of costshare.estimate_result that say where the benefits came
-- from (the lead's part; added here identically so that helper h2's allowed_lines in part 89 is the last
-- attribute; the lead's version of this part replaces this one at the merge).
ALTER TYPE @extschema@.estimate_result ADD ATTRIBUTE benefit_source text, ADD ATTRIBUTE benefits_interchange text, ADD ATTRIBUTE benefits_as_of date, ADD ATTRIBUTE benefits_stale boolean, ADD ATTRIBUTE unknown_terms text[];
COMMENT ON COLUMN @extschema@.estimate_result.benefit_source IS 'Where the benefit terms came from (the lead''s part 81 defines it).';
COMMENT ON COLUMN @extschema@.estimate_result.benefits_interchange IS 'The 271 interchange the terms came from (the lead''s part 81 defines it).';
COMMENT ON COLUMN @extschema@.estimate_result.benefits_as_of IS 'The as-of date of that 271 (the lead''s part 81 defines it).';
COMMENT ON COLUMN @extschema@.estimate_result.benefits_stale IS 'Whether that 271 is stale (the lead''s part 81 defines it).';
COMMENT ON COLUMN @extschema@.estimate_result.unknown_terms IS 'Terms the source leaves unstated (the lead''s part 81 defines it).';
