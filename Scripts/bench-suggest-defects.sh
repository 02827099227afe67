#!/usr/bin/env bash
# Defect-injection bench for `dubplate suggest` on real music from Debian's free packages:
# 30 s from the middle of each track, 12 defects each, judged against the track's genre preset
# with the clean excerpt's loudness as target. Prints the per-defect detection table.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${BENCH_DIR:-/tmp/dubplate-bench}/defects
mkdir -p "$work"
bash Scripts/install-dependencies.sh sox libsox-fmt-all fretsonfire-songs-muldjord nexuiz-music hyperrogue-music singularity-music unzip
pip install -q numpy scipy soundfile pyloudnorm 2>/dev/null
swift build -c release >/dev/null

excerpt() {  # excerpt GENRE SOURCE NAME: 30 s from the middle, 44.1 kHz stereo float WAV
  local length middle
  length=$(soxi -D "$2")
  middle=$(python3 -c "print(max(0, $length / 2 - 15))")
  sox "$2" -c 2 -r 44100 -e floating-point -b 32 "$work/$3.wav" trim "$middle" 30 2>/dev/null
  tracks+=("$1:$work/$3.wav")
}
tracks=()
for song in /usr/share/games/fretsonfire/data/songs/muldjord/*/song.ogg; do
  excerpt metal "$song" "metal-$(basename "$(dirname "$song")")"
done
unzip -q -o -j /usr/share/games/nexuiz/data/music.pk3 'sound/cdtracks/*.ogg' -d "$work/nexuiz"
for name in brainsukker chaos-fog infight neuronal-diving subcities thru-the-mirror; do
  excerpt edm "$work/nexuiz/$name.ogg" "edm-$name"
done
for name in hr3-caves hr3-desert hr3-jungle hr-savino-ocean; do
  excerpt orchestral "/usr/share/hyperrogue/music/$name.ogg" "orchestral-$name"
done
for name in "A New Journey" "Aberrations" "Advanced Simulacra"; do
  excerpt ambient "/usr/share/games/singularity/music/$name.ogg" "ambient-${name// /-}"
done
python3 Scripts/bench/suggest_defects.py .build/release/dubplate "$work" "${tracks[@]}"
