#!/usr/bin/env bash
# Installs the Debian packages Dubplate builds and tests against (run as root on Debian 12).
# Extra package names given as arguments are installed too (benchmarks add sox, music, …).
set -euo pipefail
packages=(libsndfile1-dev libfftw3-dev libsoxr-dev libebur128-dev "$@")
if ! dpkg -s "${packages[@]}" >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi
