#!/usr/bin/env bash
# Target bench for `dubplate master` (release) on real music from Debian's free packages:
# 75 s from the middle of 6 tracks (metal, EDM, orchestral, ambient), each as it is, 10 dB
# quieter, with a -6 dB high shelf at 3 kHz and with a +6 dB low shelf at 120 Hz (the tilted
# ones level-matched), as 44.1 kHz stereo 32-bit float WAV. Every file is mastered to -14 LUFS
# with a -1 dBTP ceiling and its output checked by libebur128 and a 16x oversampled true peak.
# Prints the per-file table and the totals (exit status 0 whatever the figures).
# Usage: bash Scripts/bench-master-targets.sh   Work files go to $BENCH_DIR (default /tmp/dubplate-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
work=${BENCH_DIR:-/tmp/dubplate-bench}/master-targets
mkdir -p "$work"
bash Scripts/install-dependencies.sh sox libsox-fmt-all fretsonfire-songs-muldjord nexuiz-music hyperrogue-music singularity-music unzip
pip install -q numpy scipy soundfile pyloudnorm 2>/dev/null
swift build -c release >/dev/null
gcc -O2 -o "$work/ebur128-measure" Scripts/bench/ebur128-measure.c -lebur128 -lsndfile -lm

excerpt() {  # excerpt SOURCE NAME: 75 s from the middle, 44.1 kHz stereo float WAV
  local length middle
  length=$(soxi -D "$1")
  middle=$(python3 -c "print(max(0, $length / 2 - 37.5))")
  sox "$1" -c 2 -e floating-point -b 32 "$work/$2.wav" trim "$middle" 75 rate -v 44100 2>/dev/null
  files+=("$work/$2.wav")
}
files=()
songs=/usr/share/games/fretsonfire/data/songs/muldjord
unzip -q -o -j /usr/share/games/nexuiz/data/music.pk3 'sound/cdtracks/*.ogg' -d "$work/nexuiz"
excerpt "$songs/chaos_god/song.ogg" metal-chaos_god
excerpt "$songs/mutilated_mime/song.ogg" metal-mutilated_mime
excerpt "$work/nexuiz/brainsukker.ogg" edm-brainsukker
excerpt "$work/nexuiz/subcities.ogg" edm-subcities
excerpt /usr/share/hyperrogue/music/hr3-jungle.ogg orchestral-hr3-jungle
excerpt "/usr/share/games/singularity/music/Aberrations.ogg" ambient-Aberrations
python3 Scripts/bench/master_targets.py .build/release/dubplate "$work/ebur128-measure" "$work" "${files[@]}"
