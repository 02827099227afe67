#!/usr/bin/env bash
# Renders every kind of HTML report (analyze, suggest --genre, suggest --reference, compare,
# master --reference) in headless Chromium and checks that each page logs no console error,
# fetches nothing from the network, draws every chart with data, and paints a screenshot that
# is not blank (light and dark). Installs Debian's chromium when missing; skips, exit 0, only
# when the browser cannot be installed. One line per check; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ] || ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1; then
    echo "skipped: the HTML report browser check needs Debian's chromium, which could not be installed (needs root and the network)."
    exit 0
  fi
fi

swift build --product dubplate >/dev/null
dubplate="$(swift build --show-bin-path)/dubplate"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
checker="$work/check.py"
cat >"$checker" <<'PY'
"""Checks one rendered report: console log, network log, DOM and screenshot, by name."""
import json, re, struct, sys, zlib
from html.parser import HTMLParser


def console(log_path):
    """Chromium logs each console message as ':CONSOLE:<line>] "<text>"' with --enable-logging --v=1."""
    messages = [line.strip() for line in open(log_path, errors="replace") if ":CONSOLE" in line]
    return (not messages, "no console messages" if not messages else "console: " + messages[0][:200])


def network(netlog_path):
    """Requests the page made are those whose network isolation key is the page's file:// site;
    the browser's own background requests carry other keys. Files load without URL requests,
    so any request of the page is a fetch from elsewhere."""
    text = open(netlog_path, errors="replace").read()
    try:
        log = json.loads(text)
    except ValueError:  # a browser that did not exit cleanly leaves the event list unclosed
        log = json.loads(text.rstrip().rstrip(",") + "]}")
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    fetched = sorted({event["params"]["url"] for event in log["events"]
                      if event["type"] == start_job and "file://" in event["params"].get("network_isolation_key", "")
                      and not event["params"]["url"].startswith(("file:", "data:"))})
    return (not fetched, "no network request" if not fetched else "fetched " + ", ".join(fetched))


class Charts(HTMLParser):
    """Collects each <figure class="chart">: its kind, text alternative and path data."""
    def __init__(self):
        super().__init__()
        self.charts, self.current, self.inside = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure" and "chart" in (attrs.get("class") or "").split():
            self.current = {"kind": attrs.get("data-chart"), "paths": [], "svg": None, "title": False, "desc": False}
            self.charts.append(self.current)
        elif self.current is not None:
            if tag == "svg":
                self.current["svg"] = attrs
            elif tag == "path":
                self.current["paths"].append(attrs.get("d") or "")
            elif tag in ("title", "desc"):
                self.current[tag] = True

    def handle_endtag(self, tag):
        if tag == "figure":
            self.current = None


def charts(dom_path, expected):
    parser = Charts()
    parser.feed(open(dom_path, errors="replace").read())
    problems = []
    kinds = [chart["kind"] for chart in parser.charts]
    for kind in expected.split(","):
        if kind not in kinds:
            problems.append(f"{kind} chart missing")
    for chart in parser.charts:
        svg = chart["svg"] or {}
        if svg.get("role") != "img" or not svg.get("aria-label") or not chart["title"] or not chart["desc"]:
            problems.append(f"{chart['kind']} chart lacks its text alternative")
        if not any(re.match(r"M-?\d+(\.\d+)? -?\d+(\.\d+)?", d) for d in chart["paths"]):
            problems.append(f"{chart['kind']} chart has no path with data")
    return (not problems, f"{len(kinds)} charts drawn ({', '.join(kinds)})" if not problems else "; ".join(problems))


def pixels(png_path):
    """Decodes an 8-bit RGB or RGBA PNG (what Chromium writes) into rows of (r, g, b)."""
    data = open(png_path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat = 8, b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), f"unsupported PNG (depth {depth}, colour type {colour})"
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    channels = 3 if colour == 2 else 4
    stride = width * channels
    raw, rows, previous = zlib.decompress(idat), [], bytearray(stride)
    for y in range(height):
        filter_type, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, up_left = previous[i], previous[i - channels] if i >= channels else 0
            if filter_type == 1: line[i] = (line[i] + left) & 255
            elif filter_type == 2: line[i] = (line[i] + up) & 255
            elif filter_type == 3: line[i] = (line[i] + (left + up) // 2) & 255
            elif filter_type == 4:
                estimate = left + up - up_left
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - up_left)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 255
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        previous = line
    return rows


def screenshot(png_path, scheme):
    rows = pixels(png_path)
    luminance = [0.2126 * r + 0.7152 * g + 0.0722 * b for row in rows for (r, g, b) in row]
    mean = sum(luminance) / len(luminance)
    deviation = (sum((value - mean) ** 2 for value in luminance) / len(luminance)) ** 0.5
    colours = len({pixel for row in rows for pixel in row})
    background = sum(rows[2][2]) / 3
    problems = []
    if deviation < 10 or colours < 50:
        problems.append(f"blank (luminance deviation {deviation:.1f}, {colours} colours)")
    if (scheme == "dark") != (background < 128):
        problems.append(f"background {background:.0f} does not follow the {scheme} colour scheme")
    return (not problems, f"{scheme} screenshot painted (luminance deviation {deviation:.1f}, {colours} colours)"
            if not problems else "; ".join(problems))


check = sys.argv[1]
ok, detail = {"console": lambda: console(sys.argv[2]), "network": lambda: network(sys.argv[2]),
              "charts": lambda: charts(sys.argv[2], sys.argv[3]),
              "screenshot": lambda: screenshot(sys.argv[2], sys.argv[3])}[check]()
print(detail)
sys.exit(0 if ok else 1)
PY

# Test signals: an 8 s "mix" (bass, chords, noise, a slow swell; slightly wide) and a reference.
python3 - "$work" <<'PY'
import math, random, struct, sys, wave
random.seed(7)
def write(path, seconds, voice, rate=44100):
    with wave.open(path, "wb") as out:
        out.setnchannels(2); out.setsampwidth(2); out.setframerate(rate)
        frames = bytearray()
        for i in range(int(seconds * rate)):
            left, right = voice(i / rate)
            frames += struct.pack("<hh", int(max(-1, min(1, left)) * 32767), int(max(-1, min(1, right)) * 32767))
        out.writeframes(bytes(frames))
def mix(t):
    swell = 0.6 + 0.4 * math.sin(2 * math.pi * t / 8)
    bass = 0.35 * math.sin(2 * math.pi * 55 * t)
    chord = 0.12 * swell * (math.sin(2 * math.pi * 220 * t) + math.sin(2 * math.pi * 277 * t) + math.sin(2 * math.pi * 330 * t))
    return bass + chord + 0.04 * random.uniform(-1, 1), bass + 0.9 * chord + 0.04 * random.uniform(-1, 1)
def reference(t):
    bass = 0.45 * math.sin(2 * math.pi * 49 * t)
    lead = 0.2 * math.sin(2 * math.pi * 880 * t) * (0.5 + 0.5 * math.sin(2 * math.pi * t))
    return bass + lead + 0.08 * random.uniform(-1, 1), bass + lead + 0.08 * random.uniform(-1, 1)
write(sys.argv[1] + "/mix.wav", 8, mix)
write(sys.argv[1] + "/reference.wav", 8, reference)
PY

failures=0
report() {  # report LABEL OK|FAIL DETAIL
  printf '%-4s %-22s %s\n' "$2" "$1" "$3"
  [ "$2" = ok ] || failures=$((failures + 1))
}
run_check() {  # run_check LABEL CHECK ARGS...
  local label=$1; shift
  local detail
  if detail=$(python3 "$checker" "$@" 2>&1); then report "$label" ok "$detail"; else report "$label" FAIL "$detail"; fi
}
browser() {  # browser ARGS... : headless Chromium with the browser's own background traffic turned down
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$work/profile" \
    --disable-background-networking --disable-component-update --disable-sync --disable-extensions "$@"
}
render() {  # render LABEL HTML EXPECTED-CHARTS
  local label=$1 page=$2 expected=$3
  browser --enable-logging=stderr --v=1 --log-net-log="$page.netlog" --dump-dom "file://$page" >"$page.dom" 2>"$page.log" || true
  run_check "$label" console "$page.log"
  run_check "$label" network "$page.netlog"
  run_check "$label" charts "$page.dom" "$expected"
  browser --window-size=1000,1400 --screenshot="$page.png" "file://$page" >/dev/null 2>&1 || true
  run_check "$label" screenshot "$page.png" light
}

# The checks themselves must be able to fail: a page with a console error and a fetch.
canary="$work/canary.html"
printf '<!DOCTYPE html><p>canary</p><script>console.error("canary")</script><img src="http://127.0.0.1:9/x.png">' >"$canary"
browser --enable-logging=stderr --v=1 --log-net-log="$canary.netlog" --dump-dom "file://$canary" >/dev/null 2>"$canary.log" || true
if ! python3 "$checker" console "$canary.log" >/dev/null && ! python3 "$checker" network "$canary.netlog" >/dev/null; then
  report "canary page" ok "a console error and a network fetch are caught"
else
  report "canary page" FAIL "a console error or a network fetch went unnoticed: the checks below prove nothing"
fi

produce() {  # produce LABEL EXPECTED-CHARTS HTML DUBPLATE-ARGS... : makes one report and renders it
  local label=$1 expected=$2 page=$3; shift 3
  if "$dubplate" "$@" --report "$page" >/dev/null 2>"$page.stderr"; then
    render "$label" "$page" "$expected"
  else
    report "$label" FAIL "dubplate $1 failed: $(head -n 1 "$page.stderr")"
  fi
}

mix="$work/mix.wav" reference="$work/reference.wav"
common=loudness,spectrum,correlation,width,dynamics
produce "analyze" "$common" "$work/analyze.html" analyze "$mix" --codec-preview --quiet
if [ -f "$work/analyze.html" ]; then
  browser --window-size=1000,1400 --blink-settings=preferredColorScheme=0 --screenshot="$work/analyze-dark.png" \
    "file://$work/analyze.html" >/dev/null 2>&1 || true
  run_check "analyze" screenshot "$work/analyze-dark.png" dark
fi
produce "suggest --genre" "$common" "$work/suggest-genre.html" suggest "$mix" --genre pop
produce "suggest --reference" "$common" "$work/suggest-reference.html" suggest "$mix" --reference "$reference"
produce "compare" "$common" "$work/compare.html" compare "$mix" "$reference"
produce "master --reference" "loudness,gain-reduction,spectrum,correlation,width,dynamics" "$work/master.html" \
  master "$mix" -o "$work/master.wav" --reference "$reference"

if [ "$failures" -gt 0 ]; then
  echo "$failures HTML report check(s) failed."
  exit 1
fi
echo "All HTML report checks passed."
