#!/usr/bin/env bash
# Batch bench for `dubplate analyze` (release): wall time of a 20-file catalogue with
# --jobs 1 and --jobs 2 (median of RUNS runs each) and their ratio, the peak RSS of both,
# then the peak RSS of one 3-hour stereo 48 kHz file.
# Material: 45 s excerpts of real music from Debian's free packages (El Senator's songs,
# CC BY-SA 3.0; Nexuiz's soundtrack, GPL-2+; HyperRogue's scores, CC BY-SA).
# Usage: bash Scripts/bench-batch.sh [RUNS]   (default 3). Work files go to $BENCH_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
work=${BENCH_DIR:-/tmp/dubplate-bench}/batch
mkdir -p "$work/catalogue"
bash Scripts/install-dependencies.sh sox libsox-fmt-all fretsonfire-songs-muldjord nexuiz-music hyperrogue-music unzip
swift build -c release >/dev/null
dubplate=.build/release/dubplate

excerpt() {  # excerpt SOURCE NAME: 45 s from the middle, 44.1 kHz stereo 16-bit WAV
  local length middle
  [[ -f "$work/catalogue/$2.wav" ]] && return
  length=$(soxi -D "$1")
  middle=$(python3 -c "print(max(0, $length / 2 - 22.5))")
  sox "$1" -c 2 -r 44100 -b 16 "$work/catalogue/$2.wav" trim "$middle" 45 2>/dev/null
}
for song in /usr/share/games/fretsonfire/data/songs/muldjord/*/song.ogg; do
  excerpt "$song" "metal-$(basename "$(dirname "$song")")"
done
unzip -q -o -j /usr/share/games/nexuiz/data/music.pk3 'sound/cdtracks/*.ogg' -d "$work/nexuiz"
for song in $(ls "$work"/nexuiz/*.ogg | head -12); do excerpt "$song" "edm-$(basename "$song" .ogg)"; done
for song in $(ls /usr/share/hyperrogue/music/*.ogg | head -4); do excerpt "$song" "orchestral-$(basename "$song" .ogg)"; done
count=$(ls "$work/catalogue"/*.wav | wc -l)

# Prints "wall-seconds max-rss-kB" for one run of a command.
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>&1 || true
  cat "$work/time.txt"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for jobs in 1 2; do
  : >"$work/jobs$jobs.txt"
  for ((i = 0; i < runs; i++)); do
    measure "$dubplate" analyze "$work/catalogue" --recursive --jobs "$jobs" --format jsonl \
      -o "$work/results.jsonl" --force >>"$work/jobs$jobs.txt"
  done
done
wall1=$(cut -d' ' -f1 "$work/jobs1.txt" | median)
wall2=$(cut -d' ' -f1 "$work/jobs2.txt" | median)
rss1=$(cut -d' ' -f2 "$work/jobs1.txt" | sort -n | tail -1)
rss2=$(cut -d' ' -f2 "$work/jobs2.txt" | sort -n | tail -1)
echo "$count files of 45 s (stereo 44.1 kHz 16-bit), $runs runs each, $(nproc) cores:"
echo "  --jobs 1: median wall $wall1 s [$(cut -d' ' -f1 "$work/jobs1.txt" | tr '\n' ' ')], peak RSS $((rss1 / 1024)) MB"
echo "  --jobs 2: median wall $wall2 s [$(cut -d' ' -f1 "$work/jobs2.txt" | tr '\n' ' ')], peak RSS $((rss2 / 1024)) MB"
awk -v a="$wall1" -v b="$wall2" 'BEGIN { printf "  throughput ratio jobs 2 / jobs 1: %.2fx (target >= 1.7x)\n", a / b }'
echo "  results: $(wc -l <"$work/results.jsonl") lines in $work/results.jsonl"

long="$work/three-hours-48k.wav"
if [[ ! -f $long ]]; then
  # 3 h = 240 copies of one 45 s excerpt, resampled to 48 kHz.
  sox "$work/catalogue/metal-chaos_god.wav" -b 16 "$long" rate -v 48k repeat 239
fi
read -r wall rss < <(measure "$dubplate" analyze --format json "$long")
echo "3-hour stereo 48 kHz file ($(soxi -d "$long")): wall $wall s, peak RSS $((rss / 1024)) MB (target < 64 MB)"
