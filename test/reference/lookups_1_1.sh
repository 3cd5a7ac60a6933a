#!/usr/bin/env bash
# test/reference/lookups_1_1.sh — print SQL that creates schema costshare_v11 holding the PL/pgSQL
# line_context(), accumulators() and estimate() of version 1.1, taken verbatim from the frozen script
# costshare--1.0--1.1.sql (the implementation the C lookups and the C estimate of 1.2 replaced); the
# 1.1 estimate calls the 1.1 line_context, which calls the 1.1 medicare_allowed and medicare_price (1.2
# made them C, issue 10; test/pgtap/medicare.sql compares them). test/pgtap/lookups.sql
# compares the two on every combination of a grid; test.sh loads this before pg_prove. (1.2 renamed the
# breakdown's reasons to adjustment_codes: the 1.1 estimate's read of it is renamed to match.)
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "SET client_min_messages = warning;"
echo "DROP SCHEMA IF EXISTS costshare_v11 CASCADE;"
echo "CREATE SCHEMA costshare_v11;"
for fn in accumulators line_context estimate medicare_price medicare_allowed; do
	awk -v start="CREATE FUNCTION @extschema@.$fn(" '
		index($0, start) == 1 { on = 1 }
		on { print }
		on && /^END \$\$;$/ { exit }' costshare--1.0--1.1.sql
done | sed -e 's/^CREATE FUNCTION @extschema@\./CREATE FUNCTION costshare_v11./' \
	-e 's/@extschema@\.accumulators(/costshare_v11.accumulators(/g' \
	-e 's/@extschema@\.medicare_allowed(/costshare_v11.medicare_allowed(/g' \
	-e 's/@extschema@\.medicare_price(/costshare_v11.medicare_price(/g' \
	-e 's/RETURNS @extschema@\.line_context$/RETURNS costshare.line_context/' \
	-e 's/RETURNS @extschema@\.estimate_result$/RETURNS costshare.estimate_result/' \
	-e 's/c := @extschema@\.line_context(/c := costshare_v11.line_context(/' \
	-e 's/@extschema@/costshare/g' \
	-e 's/b\.reasons, c\.acc, b\.acc_after/b.adjustment_codes, c.acc, b.acc_after/'
