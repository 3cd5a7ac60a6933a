#!/usr/bin/env bash
# test/fuzz/run.sh — build the X12 libFuzzer harness (clang -fsanitize=fuzzer,address,undefined) and run
# it for a bounded time, seeded with every X12 file under ../shared/data (copied into a temporary
# corpus: the shared folder is never written), plus test/fuzz/regressions (inputs that once crashed it).  The last line says whether it passed.
#   FUZZ_SECONDS   how long to fuzz (default 60)
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
if [ $rc -ne 0 ] || ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* >/dev/null 2>&1; then
	mkdir -p "$keep"
	cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* "$keep/" 2>/dev/null
	cp "$work/log" "$keep/fuzz_x12.log"
	cp "$work/fuzz_x12" "$keep/fuzz_x12"
	grep -E 'ERROR|check failed|SUMMARY' "$work/log" | head -n 5 | sed 's/^/fuzz: /'
	# the first reproducer inline too, so a CI log alone is enough to replay it (base64 -d > file)
	for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
		[ -f "$f" ] && { echo "fuzz: reproducer $(basename "$f") (base64): $(head -c 3000 "$f" | base64 -w0)"; break; }
	done
	echo "fuzz: reproducers, the log and the harness are in $keep/ (replay: $keep/fuzz_x12 $keep/crash-...)"
	echo "fuzz: 0 passed, 1 failed"
	exit 1
fi
echo "fuzz: 1 passed, 0 failed"
