#!/usr/bin/env bash
# Installs what Dubplate needs and runs the whole test suite (EBU conformance, libebur128
# comparisons, processors, CLI), then renders the HTML reports in headless Chromium. Exits
# non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-dependencies.sh
swift build --build-tests
swift test --skip-build
bash Scripts/check-html-reports.sh
