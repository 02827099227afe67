#!/usr/bin/env bash
# Installs what Dubplate needs, builds it in release mode and analyses the bundled example.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-dependencies.sh
swift build -c release
.build/release/dubplate analyze Examples/chaos-god-excerpt.ogg
