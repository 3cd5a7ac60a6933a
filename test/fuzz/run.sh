#!/usr/bin/env bash
# test/fuzz/run.sh — build the two libFuzzer harnesses (clang -fsanitize=fuzzer,address,undefined) and run
# each for a bounded time: the X12 harness seeded with every X12 file under ../shared/data (copied into a
# temporary corpus: the shared folder is never written), plus test/fuzz/regressions (inputs that once
# crashed it); the engine harness (test/fuzz/fuzz_engine.c: adjudication, the plan-paid maximum,
# coordination by every method and the ledger's sums, with their properties) from an empty corpus.
# The last line says how many of the two passed.
#   FUZZ_SECONDS   how long to fuzz each harness (default 60)
#   FUZZ_KEEP      a folder to keep crash reproducers and the log in (default build/fuzz)
# Needs clang's libFuzzer runtime (Debian: libclang-rt-14-dev).
set -u
cd "$(dirname "$0")/../.." || exit 1
seconds=${FUZZ_SECONDS:-60}
keep=${FUZZ_KEEP:-build/fuzz}
work=$(mktemp -d "${TMPDIR:-/tmp}/costshare-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

fail() {
	echo "fuzz: $1"
	echo "fuzz: 0 passed, 1 failed"
	exit 1
}

sources="test/fuzz/fuzz_x12.c src/engine/cs_x12.c src/engine/cs_x12_270.c src/engine/cs_x12_271.c src/engine/cs_x12_835.c src/engine/cs_error.c src/engine/cs_date.c"
# shellcheck disable=SC2086
clang -std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Werror -Isrc/engine -o "$work/fuzz_x12" $sources ||
	fail "the harness does not build (clang with libFuzzer is needed: apt-get install libclang-rt-14-dev)"

mkdir -p "$work/corpus"
seeds=0
for f in ../shared/data/x12-*/*; do
	case "$f" in *LICENSE* | *.json) continue ;; esac
	[ -f "$f" ] || continue
	cp "$f" "$work/corpus/$(basename "$f")"
	seeds=$((seeds + 1))
done
[ "$seeds" -gt 0 ] || fail "no seed files under ../shared/data/x12-*"
# inputs that once crashed the harness (test/fuzz/regressions): replayed first, on every run
for f in test/fuzz/regressions/*; do
	[ -f "$f" ] && cp "$f" "$work/corpus/regression-$(basename "$f")"
done
# one seed for the builder property: eight lines of valid 270 fields
printf 'SENDER1\nRECEIVER1\nREF-1\nACME HEALTH\nMIND WELL CLINIC\nDOE\nJANE\nW123456789\n' >"$work/corpus/fields-270"

"$work/fuzz_x12" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=1024 \
	-dict=test/fuzz/x12.dict -artifact_prefix="$work/" -print_final_stats=1 "$work/corpus" >"$work/log" 2>&1
rc=$?

grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' "$work/log" | sed 's/^/fuzz: /'
echo "fuzz: $seeds seed files, corpus now $(find "$work/corpus" -type f | wc -l) inputs, ${seconds}s"
failed=0
report_failure() {	# harness name, work dir
	mkdir -p "$keep"
	cp "$2"/crash-* "$2"/leak-* "$2"/timeout-* "$2"/oom-* "$keep/" 2>/dev/null
	cp "$2/log" "$keep/$1.log"
	cp "$2/$1" "$keep/$1"
	grep -E 'ERROR|check failed|SUMMARY|property broken' "$2/log" | head -n 5 | sed 's/^/fuzz: /'
	# the first reproducer inline too, so a CI log alone is enough to replay it (base64 -d > file)
	for f in "$2"/crash-* "$2"/leak-* "$2"/timeout-* "$2"/oom-*; do
		[ -f "$f" ] && { echo "fuzz: reproducer $1 $(basename "$f") (base64): $(head -c 3000 "$f" | base64 -w0)"; break; }
	done
	echo "fuzz: reproducers, the log and the harness are in $keep/ (replay: $keep/$1 $keep/crash-...)"
	failed=$((failed + 1))
}
if [ $rc -ne 0 ] || ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* >/dev/null 2>&1; then
	report_failure fuzz_x12 "$work"
fi

# the engine's money rules
ework="$work/engine"
mkdir -p "$ework/corpus"
esources="test/fuzz/fuzz_engine.c src/engine/cs_adjudicate.c src/engine/cs_cob.c src/engine/cs_ledger.c src/engine/cs_money.c src/engine/cs_error.c src/engine/cs_date.c src/engine/cs_x12_payer.c src/engine/cs_eligibility.c src/engine/cs_benefit271.c src/engine/cs_price271.c"
# shellcheck disable=SC2086
if clang -std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Werror -Isrc/engine -o "$ework/fuzz_engine" $esources; then
	"$ework/fuzz_engine" -max_total_time="$seconds" -max_len=512 -timeout=10 -rss_limit_mb=1024 \
		-artifact_prefix="$ework/" -print_final_stats=1 "$ework/corpus" >"$ework/log" 2>&1
	erc=$?
	grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' "$ework/log" | sed 's/^/fuzz: engine /'
	echo "fuzz: engine harness, corpus now $(find "$ework/corpus" -type f | wc -l) inputs, ${seconds}s"
	if [ $erc -ne 0 ] || ls "$ework"/crash-* "$ework"/leak-* "$ework"/timeout-* "$ework"/oom-* >/dev/null 2>&1; then
		report_failure fuzz_engine "$ework"
	fi
else
	echo "fuzz: the engine harness does not build"
	failed=$((failed + 1))
fi
echo "fuzz: $((2 - failed)) passed, $failed failed"
[ "$failed" = 0 ]
