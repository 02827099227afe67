#!/usr/bin/env bash
# Runs `dubplate analyze --format json` over every file of the malformed corpus and checks
# each outcome: exit 0 with valid JSON free of NaN/Infinity, or exit 1 with exactly one line
# on standard error. A signal (crash), a timeout (hang) or anything else is a failure.
# Usage: bash Scripts/check-malformed-corpus.sh [DIR]
#   DIR defaults to /tmp/dubplate-malformed-corpus, made by Scripts/make-malformed-corpus.py
#   when missing. Binary: $DUBPLATE, else .build/release/dubplate, else .build/debug/dubplate
#   (built when neither exists). Per-file limit: $TIMEOUT_SECONDS (default 60).
set -uo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-/tmp/dubplate-malformed-corpus}
limit=${TIMEOUT_SECONDS:-60}
[[ -d $corpus ]] || python3 Scripts/make-malformed-corpus.py "$corpus"
dubplate=${DUBPLATE:-}
for candidate in .build/release/dubplate .build/debug/dubplate; do
  [[ -z $dubplate && -x $candidate ]] && dubplate=$candidate
done
if [[ -z $dubplate ]]; then
  swift build >/dev/null || exit 1
  dubplate=.build/debug/dubplate
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Parses standard input as JSON, refusing the NaN/Infinity literals Python would accept.
validate='import json, sys
def refuse(literal): raise ValueError(literal)
json.load(sys.stdin, parse_constant=refuse)'

total=0 analysed=0 refused=0 failures=0
for file in "$corpus"/*; do
  total=$((total + 1))
  timeout -s KILL "$limit" "$dubplate" analyze --format json "$file" >"$work/out" 2>"$work/err"
  status=$?
  errorLines=$(wc -l <"$work/err")
  problem=""
  if [[ $status -eq 0 ]]; then
    if python3 -c "$validate" <"$work/out" 2>"$work/json-err"; then
      analysed=$((analysed + 1))
    else
      problem="exit 0 but the JSON is invalid: $(tail -1 "$work/json-err")"
    fi
  elif [[ $status -eq 1 && $errorLines -eq 1 ]]; then
    refused=$((refused + 1))
  elif [[ $status -eq 137 ]]; then
    problem="hang: killed after $limit s"
  elif [[ $status -gt 128 ]]; then
    problem="crash: signal $((status - 128)): $(tail -2 "$work/err" | tr '\n' ' ')"
  else
    problem="exit $status with $errorLines lines on standard error: $(head -3 "$work/err" | tr '\n' ' ')"
  fi
  if [[ -n $problem ]]; then
    failures=$((failures + 1))
    echo "FAIL $(basename "$file"): $problem"
  fi
done
echo "$total files checked with $dubplate: $analysed analysed (valid JSON), $refused refused with one error line, $failures failures"
[[ $failures -eq 0 ]]
