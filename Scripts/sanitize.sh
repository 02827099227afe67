#!/usr/bin/env bash
# Runs the whole test suite once under AddressSanitizer, then once under ThreadSanitizer.
# Each sanitizer builds into its own scratch folder (.build-asan, .build-tsan), so the normal
# .build is kept. Exits non-zero if a build fails, a test fails or a sanitizer reports.
# Usage: bash Scripts/sanitize.sh [address|thread]...   (default: address thread)
# Logs go to $SANITIZE_LOGS (default /tmp/dubplate-sanitize): <sanitizer>-build.log, -test.log.
set -uo pipefail
cd "$(dirname "$0")/.."
logs=${SANITIZE_LOGS:-/tmp/dubplate-sanitize}
mkdir -p "$logs"
sanitizers=("$@")
[[ ${#sanitizers[@]} -eq 0 ]] && sanitizers=(address thread)
# halt_on_error stops a test process at the first report, so a finding cannot scroll by unseen.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1}
status=0
for sanitizer in "${sanitizers[@]}"; do
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
  findings=$(grep -c -E "^(==[0-9]+==ERROR|WARNING: ThreadSanitizer|SUMMARY: (Address|Thread|Undefined)Sanitizer)" "$logs/$sanitizer-test.log")
  executed=$(grep -E "Executed [0-9]+ tests" "$logs/$sanitizer-test.log" | tail -1 | sed 's/^[[:space:]]*//')
  echo "$sanitizer: exit $rc, $executed; sanitizer reports: $findings; $(($(date +%s) - start)) s (log $logs/$sanitizer-test.log)"
  grep -E "SUMMARY: .*Sanitizer" "$logs/$sanitizer-test.log" | sort | uniq -c | head -20
  [[ $rc -ne 0 || $findings -ne 0 ]] && status=1
done
exit $status
