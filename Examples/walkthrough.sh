#!/usr/bin/env bash
# A tour of Dubplate on the bundled excerpt: measure, judge, master, compare.
# Run `bash Scripts/demo.sh` once first (it installs the libraries and builds the release binary).
set -euo pipefail
cd "$(dirname "$0")/.."
dubplate=.build/release/dubplate
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mix=Examples/chaos-god-excerpt.ogg

echo "== 1. How does it measure?"
"$dubplate" analyze "$mix"
echo
echo "== 2. What should I change? (against the rock profile, as a master)"
"$dubplate" suggest "$mix" --genre rock
echo
echo "== 3. A master for Spotify, with the chain and its reasons"
"$dubplate" master "$mix" -o "$work/master.wav" --platform spotify
echo
echo "== 4. The master beside the mix"
"$dubplate" compare "$work/master.wav" "$mix"
