#!/usr/bin/env bash
# Degrade-and-restore bench: `dubplate master --reference` (release) beside Matchering (the
# Python reference-matching masterer, a peer installed here from PyPI, never a Dubplate
# dependency), in the same run on the same files. Five real tracks from Debian's free music
# packages (metal, two EDM, ambient, orchestral), whole or cut to their middle 240 s (the
# tracks run 136-240 s, about 18 minutes of music in all, to keep the run near 15 minutes), as
# 44.1 kHz stereo 32-bit float WAV. (Several Singularity tracks carry a DC offset of 5-30 % of
# full scale, which skews any RMS-based level match; the one used here has none.) Each gets five damages (see Scripts/bench/degrade_restore.py),
# and each damaged copy is restored by both tools with the original as reference: 25 runs each,
# each run repeated REPEATS times (default 3, the tools taking turns) for the median time and memory.
# Prints one line per run, the per-damage medians and worst cases of spectral, loudness and
# side/mid error and true peak, and the wall time, CPU time and peak memory of both tools.
# Usage: bash Scripts/bench-matchering.sh   Work files go to $BENCH_DIR (default /tmp/dubplate-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
work=${BENCH_DIR:-/tmp/dubplate-bench}/matchering
mkdir -p "$work"
bash Scripts/install-dependencies.sh sox libsox-fmt-all fretsonfire-songs-muldjord nexuiz-music hyperrogue-music singularity-music unzip
pip install -q numpy scipy soundfile pyloudnorm matchering 2>/dev/null
swift build -c release >/dev/null
gcc -O2 -o "$work/ebur128-measure" Scripts/bench/ebur128-measure.c -lebur128 -lsndfile -lm

track() {  # track SOURCE NAME: the middle 240 s (or all of it), 44.1 kHz stereo float WAV
  local length start
  length=$(soxi -D "$1")
  start=$(python3 -c "print(max(0, $length / 2 - 120))")
  sox "$1" -c 2 -e floating-point -b 32 "$work/$2.wav" trim "$start" 240 rate -v 44100 2>/dev/null
  files+=("$work/$2.wav")
}
files=()
unzip -q -o -j /usr/share/games/nexuiz/data/music.pk3 'sound/cdtracks/*.ogg' -d "$work/nexuiz"
track /usr/share/games/fretsonfire/data/songs/muldjord/internal_degeneration/song.ogg metal-internal_degeneration
track "$work/nexuiz/neuronal-diving.ogg" edm-neuronal-diving
track "$work/nexuiz/chaos-fog.ogg" edm-chaos-fog
track "/usr/share/games/singularity/music/Through Space.ogg" ambient-Through-Space
track /usr/share/hyperrogue/music/hr3-hell.ogg orchestral-hr3-hell
python3 Scripts/bench/degrade_restore.py .build/release/dubplate "$work/ebur128-measure" "$work" "${files[@]}"
