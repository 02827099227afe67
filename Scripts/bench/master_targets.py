#!/usr/bin/env python3
"""Target bench for `dubplate master`: does the master land on -14 LUFS under -1 dBTP?

For each real-music excerpt, four inputs: the excerpt as it is, 10 dB quieter, darker (RBJ
high shelf -6 dB at 3 kHz) and boomier (RBJ low shelf +6 dB at 120 Hz), the two tilted ones
level-matched back to the excerpt's integrated loudness (pyloudnorm). All are 32-bit float WAV,
so a tilt that lifts peaks past full scale reaches the master unclipped. Each input is mastered
with `--target-lufs -14 --ceiling -1 --force --format json`, then its output is measured by
meters Dubplate does not share code with: libebur128 (integrated, true peak 4x) and a 16x
oversampled true peak in scipy. A run passes when libebur128 reads within 0.1 LU of -14 LUFS and
both true peaks are at or below -1.0 dBTP. A run whose report declares a compromise (the
target needs more than 6 dB of limiting) is marked so and run again with
--allow-heavy-limiting; those retries are listed and totalled apart. Prints the table and the
totals; always exits 0.
Usage: master_targets.py DUBPLATE EBUR128_MEASURE WORKDIR FILE [FILE ...]
"""
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyloudnorm
import soundfile

from meters import ebur128, true_peak_16x
from suggest_defects import filtered, rbj

TARGET_LUFS = -14.0
CEILING_DBTP = -1.0
TOLERANCE_LU = 0.1


def variants(x, fs):
    """(name, signal) of the four inputs made from one excerpt."""
    meter = pyloudnorm.Meter(fs)
    loudness = meter.integrated_loudness(x)

    def matched(y):
        return y * 10 ** ((loudness - meter.integrated_loudness(y)) / 20)

    return [
        ("as-is", x),
        ("quiet -10 dB", x * 10 ** (-10 / 20)),
        ("HS -6 dB 3 kHz", matched(filtered(x, rbj("highshelf", 3000, fs, -6)))),
        ("LS +6 dB 120 Hz", matched(filtered(x, rbj("lowshelf", 120, fs, 6)))),
    ]


def master(dubplate, source, output, extra=()):
    """(report JSON or None, error text, wall seconds) of one `dubplate master` run."""
    command = [dubplate, "master", str(source), "-o", str(output), "--target-lufs", str(TARGET_LUFS),
               "--ceiling", str(CEILING_DBTP), "--force", "--format", "json", *extra]
    start = time.monotonic()
    run = subprocess.run(command, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if run.returncode != 0:
        lines = (run.stderr.strip() or run.stdout.strip() or "no message").splitlines()
        return None, f"exit {run.returncode}: {lines[0][:70]}", seconds
    return json.loads(run.stdout), "", seconds


def checked(measure, label, before, output, report, failure, seconds):
    """Measures one master's output, prints its table line and returns its row."""
    if report is None:
        print(f"{label} {before['integrated']:8.2f} {'':>8} {'':>9} {'':>7} {'':>7} {'':>13} {seconds:5.1f}  "
              f"FAIL ({failure})")
        return {"failed": True, "compromise": False}
    after = ebur128(measure, output)
    mastered, _ = soundfile.read(output, dtype="float64", always_2d=True)
    peak_16x = true_peak_16x(mastered)
    error = abs(after["integrated"] - TARGET_LUFS)
    row = {"failed": False, "error": error, "tp4": after["truePeak"], "tp16": peak_16x, "seconds": seconds,
           "loud_ok": error <= TOLERANCE_LU, "tp4_ok": after["truePeak"] <= CEILING_DBTP,
           "tp16_ok": peak_16x <= CEILING_DBTP, "compromise": bool(report.get("compromises"))}
    row["passed"] = row["loud_ok"] and row["tp4_ok"] and row["tp16_ok"]
    says = {key: value if isinstance(value, (int, float)) else float("nan")
            for key, value in report.get("after", {}).items()}
    reasons = [text for ok, text in ((row["loud_ok"], "loudness"), (row["tp4_ok"] and row["tp16_ok"], "true peak"))
               if not ok]
    verdict = "pass" if not reasons else "FAIL (" + ", ".join(reasons) + ")"
    print(f"{label} {before['integrated']:8.2f} {after['integrated']:8.2f} {error:9.2f} {after['truePeak']:7.2f} "
          f"{peak_16x:7.2f} {says.get('integrated', np.nan):6.2f}/{says.get('truePeak', np.nan):6.2f} {seconds:5.1f}  "
          f"{verdict}{'; compromise declared' if row['compromise'] else ''}")
    return row


def totals(title, rows):
    done = [r for r in rows if not r["failed"]]
    passed = sum(r["passed"] for r in done)
    print(f"{title} {len(rows)}: passed {passed}, failed {len(rows) - passed} "
          f"(command failures {len(rows) - len(done)}, loudness off by > {TOLERANCE_LU} LU "
          f"{sum(not r['loud_ok'] for r in done)} [with a declared compromise "
          f"{sum(not r['loud_ok'] and r['compromise'] for r in done)}], TP over {CEILING_DBTP:.1f} dBTP by libebur128 "
          f"{sum(not r['tp4_ok'] for r in done)}, by 16x {sum(not r['tp16_ok'] for r in done)})")
    if done:
        errors = [r["error"] for r in done]
        print(f"  |error| LU: median {statistics.median(errors):.2f}, worst {max(errors):.2f}; "
              f"highest TP: libebur128 {max(r['tp4'] for r in done):.2f} dBTP, 16x {max(r['tp16'] for r in done):.2f} "
              f"dBTP; wall seconds per master: median {statistics.median(r['seconds'] for r in done):.2f}, "
              f"worst {max(r['seconds'] for r in done):.2f}")


def main():
    dubplate, measure, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    files = [Path(f) for f in sys.argv[4:]]
    header = (f"{'file':24} {'variant':23} {'in LUFS':>8} {'I LUFS':>8} {'|err| LU':>9} {'TP 4x':>7} "
              f"{'TP 16x':>7} {'says I/TP':>13} {'secs':>5}  result")
    print(f"dubplate master --target-lufs {TARGET_LUFS:g} --ceiling {CEILING_DBTP:g}: measured by libebur128 "
          f"(I, TP 4x) and scipy (TP 16x); pass = |I - ({TARGET_LUFS:g})| <= {TOLERANCE_LU} LU and both TP <= "
          f"{CEILING_DBTP:.1f} dBTP.")
    print("'says' = dubplate's own report; a run that declares a compromise is run again with "
          "--allow-heavy-limiting (variant '+heavy'), counted apart.")
    print(header)
    print("-" * len(header))
    rows, retries = [], []
    for file in files:
        x, fs = soundfile.read(file, dtype="float64", always_2d=True)
        for name, y in variants(x, fs):
            slug = name.split()[0].lower()
            source = work / f"{file.stem}-{slug}-in.wav"
            output = work / f"{file.stem}-{slug}-out.wav"
            soundfile.write(source, y, fs, subtype="FLOAT")
            before = ebur128(measure, source)
            row = checked(measure, f"{file.stem[:24]:24} {name:23}", before, output,
                          *master(dubplate, source, output))
            rows.append(row)
            if row["compromise"]:
                heavy = work / f"{file.stem}-{slug}-heavy-out.wav"
                retries.append(checked(measure, f"{file.stem[:24]:24} {name + ' +heavy':23}", before, heavy,
                                       *master(dubplate, source, heavy, ["--allow-heavy-limiting"])))
    print("-" * len(header))
    totals("runs", rows)
    if retries:
        totals("retries with --allow-heavy-limiting", retries)
    print(f"targets: every run within {TOLERANCE_LU} LU of {TARGET_LUFS:g} LUFS and <= {CEILING_DBTP:.1f} dBTP "
          f"by both meters")


if __name__ == "__main__":
    main()
