#!/usr/bin/env bash
# Benchmark: CPU time of `dubplate analyze` (release) beside libebur128 measuring integrated
# loudness, loudness range and true peak, on the same 4-minute stereo 44.1 kHz 16-bit file,
# in the same run; then the peak memory of analysing a 60-minute stereo 48 kHz file.
# Prints medians of CPU seconds (user + system) over RUNS runs and the ratio.
# Usage: bash Scripts/bench-analyze.sh [RUNS]   (default 7). Work files go to $BENCH_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
work=${BENCH_DIR:-/tmp/dubplate-bench}
mkdir -p "$work"
bash Scripts/install-dependencies.sh sox libsox-fmt-all fretsonfire-songs-muldjord
swift build -c release >/dev/null
gcc -O2 -o "$work/ebur128-measure" Scripts/bench/ebur128-measure.c -lebur128 -lsndfile -lm

songs=/usr/share/games/fretsonfire/data/songs/muldjord
four="$work/four-minutes-44k1-16bit.wav"
long="$work/sixty-minutes-48k-16bit.wav"
if [[ ! -f $four ]]; then
  # Real music (CC BY-SA 3.0, El Senator): two songs back to back, cut to exactly 240 s.
  sox "$songs/chaos_god/song.ogg" "$songs/internal_degeneration/song.ogg" -b 16 "$four" trim 0 240
fi
if [[ ! -f $long ]]; then
  sox "$four" -b 16 "$long" rate -v 48k repeat 14
fi

# Prints "user+system max-rss-kB" for one run of a command.
measure() {
  /usr/bin/time -f "%U %S %M" -o "$work/time.txt" "$@" >/dev/null
  awk '{ printf "%.3f %d\n", $1 + $2, $3 }' "$work/time.txt"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

: >"$work/dubplate.cpu"
: >"$work/ebur128.cpu"
for ((i = 0; i < runs; i++)); do
  measure .build/release/dubplate analyze --format json "$four" | cut -d' ' -f1 >>"$work/dubplate.cpu"
  measure "$work/ebur128-measure" "$four" | cut -d' ' -f1 >>"$work/ebur128.cpu"
done
dubplate_cpu=$(median <"$work/dubplate.cpu")
ebur128_cpu=$(median <"$work/ebur128.cpu")
echo "4-minute stereo 44.1 kHz 16-bit file, $runs runs each, median CPU seconds (user + system):"
echo "  dubplate analyze (everything): $dubplate_cpu s   [$(tr '\n' ' ' <"$work/dubplate.cpu")]"
echo "  libebur128 (I + LRA + TP):     $ebur128_cpu s   [$(tr '\n' ' ' <"$work/ebur128.cpu")]"
awk -v a="$dubplate_cpu" -v b="$ebur128_cpu" 'BEGIN { printf "  ratio dubplate / libebur128:   %.2f (target <= 0.50)\n", a / b }'
echo "  dubplate:   $(.build/release/dubplate analyze --format json "$four" | python3 -c 'import json,sys; l=json.load(sys.stdin)["loudness"]; print("integrated %.2f LUFS, range %.2f LU, true peak %.2f dBTP" % (l["integrated"], l["range"], l["truePeak"]))')"
echo "  libebur128: $("$work/ebur128-measure" "$four")"

read -r cpu rss < <(measure .build/release/dubplate analyze --format json "$long")
echo "60-minute stereo 48 kHz 16-bit file: $cpu CPU s, peak RSS $((rss / 1024)) MB (target < 64 MB)"
read -r cpu rss < <(measure .build/release/dubplate analyze --format json "$four")
echo "4-minute file for comparison: peak RSS $((rss / 1024)) MB"
