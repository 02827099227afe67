#!/usr/bin/env bash
# Fuzzes Dubplate's decoding and analysis path with libFuzzer for a bounded time.
# Builds the fuzz package in Fuzz/ (release, --sanitize=fuzzer --sanitize=address: every module
# is coverage-instrumented and checked by AddressSanitizer), seeds it with the malformed-file
# corpus plus its good WAV/AIFF/FLAC/float files and Fuzz/audio.dict (chunk identifiers), and
# runs one fork-mode job that keeps going after a crash, timeout or out-of-memory, so one run
# lists every finding. (libsndfile itself is not instrumented: coverage guides the fuzzer through
# Dubplate's Swift code, the dictionary through the container headers.)
# Usage: bash Scripts/fuzz.sh [SECONDS]   (default 300). Work files: $FUZZ_DIR
# (default /tmp/dubplate-fuzz): seeds/, corpus/ (grows between runs), findings/, fuzz.log.
# Prints executions, coverage and findings; exits 1 if there was any finding.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
work=${FUZZ_DIR:-/tmp/dubplate-fuzz}
mkdir -p "$work/corpus" "$work/findings"
rm -rf "$work/seeds"
python3 Scripts/make-malformed-corpus.py "$work/seeds" >/dev/null
(cd Fuzz && swift build -c release --sanitize=fuzzer --sanitize=address --disable-dead-strip \
  -Xswiftc -sanitize-coverage=edge,indirect-calls,trace-cmp,inline-8bit-counters,pc-table) >"$work/build.log" 2>&1 || {
  echo "fuzz build failed (see $work/build.log):"
  grep -E "error:" "$work/build.log" | head -10
  exit 2
}
fuzzer=Fuzz/.build/release/DecodeAnalyzeFuzzer
before=$(ls "$work/findings" | wc -l)
# Seeded and single-job, so a run is repeatable; inputs up to 128 KB (the largest seed, a float WAV, is 88 KB);
# an input slower than 30 s is a hang, one needing more than 2 GB an out-of-memory finding.
ASAN_OPTIONS=detect_leaks=0 "$fuzzer" "$work/corpus" "$work/seeds" \
  -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  -dict=Fuzz/audio.dict -seed=20261129 -max_total_time="$seconds" -max_len=131072 -timeout=30 -rss_limit_mb=2048 \
  -artifact_prefix="$work/findings/" >"$work/fuzz.log" 2>&1
status=$?
stats=$(grep -E "^#[0-9]+: cov:" "$work/fuzz.log" | tail -1)
executions=$(sed -E 's/^#([0-9]+):.*/\1/' <<<"$stats")
after=$(ls "$work/findings" | wc -l)
echo "libFuzzer ran $seconds s (exit $status): ${executions:-0} executions; last stats: ${stats:-none}"
echo "corpus: $(ls "$work/corpus" | wc -l) inputs; new findings: $((after - before)) (total in $work/findings: $after)"
grep -E "^(==[0-9]+==ERROR|SUMMARY:|Fatal error|.*: Fatal error:)" "$work/fuzz.log" | sort | uniq -c | head -20
ls -t "$work/findings" | head -$((after - before))
[[ $after -eq $before ]]
