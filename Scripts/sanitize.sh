#!/usr/bin/env bash
# Runs the whole test suite once under AddressSanitizer, then once under ThreadSanitizer.
# Each sanitizer builds into its own scratch folder (.build-asan, .build-tsan), so the normal
# .build is kept. Exits non-zero if a build fails, a test fails or a sanitizer reports.
# Usage: bash Scripts/sanitize.sh [address|thread]...   (default: address thread)
# Logs go to $SANITIZE_LOGS (default /tmp/dubplate-sanitize): <sanitizer>-build.log, -test.log
# and <sanitizer>-reports/ (one file per process that reported).
set -uo pipefail
cd "$(dirname "$0")/.."
logs=${SANITIZE_LOGS:-/tmp/dubplate-sanitize}
mkdir -p "$logs"
sanitizers=("$@")
[[ ${#sanitizers[@]} -eq 0 ]] && sanitizers=(address thread)
# Reports go to files (one per process), so those of the dubplate processes the CLI tests start
# are counted too, not only those in the test log; halt_on_error stops a process at its first
# report with exit 66, which no test takes for an expected failure (1 is the tool's own).
reports=$logs/reports
status=0
for sanitizer in "${sanitizers[@]}"; do
  rm -rf "$reports" && mkdir -p "$reports"
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1:exitcode=66:log_path=$reports/asan}
  export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:exitcode=66:log_path=$reports/tsan}
  scratch=.build-${sanitizer:0:1}san
  [[ $sanitizer == address ]] && scratch=.build-asan
  [[ $sanitizer == thread ]] && scratch=.build-tsan
  start=$(date +%s)
  if ! swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch" >"$logs/$sanitizer-build.log" 2>&1; then
    echo "$sanitizer: build failed (see $logs/$sanitizer-build.log)"
    tail -20 "$logs/$sanitizer-build.log"
    status=1
    continue
  fi
  swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" >"$logs/$sanitizer-test.log" 2>&1
  rc=$?
  findings=$(cat "$reports"/* "$logs/$sanitizer-test.log" 2>/dev/null | grep -c -E "^SUMMARY: (Address|Thread|Undefined)Sanitizer")
  executed=$(grep -E "Executed [0-9]+ tests" "$logs/$sanitizer-test.log" | tail -1 | sed 's/^[[:space:]]*//')
  echo "$sanitizer: exit $rc, $executed; sanitizer reports: $findings; $(($(date +%s) - start)) s (log $logs/$sanitizer-test.log)"
  cat "$reports"/* "$logs/$sanitizer-test.log" 2>/dev/null | grep -E "^SUMMARY: .*Sanitizer" | sort | uniq -c | head -20
  rm -rf "$logs/$sanitizer-reports" && cp -r "$reports" "$logs/$sanitizer-reports"
  [[ $rc -ne 0 || $findings -ne 0 ]] && status=1
done
exit $status
