#!/usr/bin/env bash
# Rebuilds Presets/genres/*.json from Debian's free music packages and the convention table
# (Presets/sources/conventions.json). Measured presets: metal, edm, ambient, orchestral.
# Mixed presets (loudness by convention, spectrum measured): rock, pop, hip-hop, acoustic.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-dependencies.sh fretsonfire-songs-muldjord nexuiz-music hyperrogue-music singularity-music unzip
swift build -c release >/dev/null
dubplate=.build/release/dubplate
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=Presets/genres
mkdir -p "$out" "$work/metal" "$work/nexuiz-music"

# Only the full mixes (song.ogg), not the separate guitar stems.
for song in /usr/share/games/fretsonfire/data/songs/muldjord/*/song.ogg; do
  ln -s "$song" "$work/metal/$(basename "$(dirname "$song")").ogg"
done
unzip -q -j /usr/share/games/nexuiz/data/music.pk3 'sound/cdtracks/*.ogg' -d "$work/nexuiz-music"
rm -f "$work/nexuiz-music/thunder.ogg"  # a 2-second sound effect, not music

"$dubplate" profile build "$work/metal" --force -o "$out/metal.json" --name metal \
  --description "Metal: measured on four full band mixes by El Senator (fretsonfire-songs-muldjord); a thin set." \
  --licence "CC BY-SA 3.0 (El Senator)"
"$dubplate" profile build "$work/nexuiz-music" --force -o "$out/edm.json" --name edm \
  --description "EDM: measured on the electronic soundtrack of Nexuiz (nexuiz-music)." \
  --licence "GPL-2+ (Nexuiz music authors)"
"$dubplate" profile build /usr/share/games/singularity/music --force -o "$out/ambient.json" --name ambient \
  --description "Ambient: measured on the ambient electronic soundtrack of Endgame: Singularity (singularity-music)." \
  --licence "CC BY-SA 3.0 (Max McCracken)"
"$dubplate" profile build /usr/share/hyperrogue/music --force -o "$out/orchestral.json" --name orchestral \
  --description "Orchestral: measured on orchestral-style game scores (hyperrogue-music); not concert recordings." \
  --licence "CC BY-SA 3.0 / 4.0 (Parrotte, Domina, Savino and others)"
"$dubplate" profile build "$work/metal" "$work/nexuiz-music" /usr/share/games/singularity/music /usr/share/hyperrogue/music \
  --force -o "$work/pool.json" --name pool --licence "mixed: CC BY-SA 3.0/4.0, GPL-2+"

python3 Scripts/compose-convention-profiles.py Presets/sources/conventions.json "$out" "$work/pool.json" "$out"
