#!/usr/bin/env python3
"""Degrade-and-restore bench: `dubplate master --reference` beside Matchering.

For each original track, five damaged copies are made (32-bit float WAV, not level-matched,
so a damage that raises the level also has to be undone by the restorer):
  level -9 dB; low shelf +5 dB at 150 Hz with high shelf -6 dB at 4 kHz; bell +6 dB at 300 Hz
  (Q 1); bell +6 dB at 3 kHz (Q 1); side -9 dB (M = (L + R) / 2, S = (L - R) / 2).
Filters are RBJ cookbook biquads (shelves with slope 1). Each damaged copy is restored with
the original as reference by both tools, each run as its own process under /usr/bin/time:
  dubplate master DAMAGED -o RESTORED --reference ORIGINAL --force --format json
  python3 -c 'matchering.process(target=DAMAGED, reference=ORIGINAL, results=[pcm24(RESTORED)])'
(Matchering's time includes starting Python and importing its libraries, as a CLI's does.)
Each restored file is measured against the original:
  spectral error  long-term average spectra (Welch, 8192-point Hann, 50 % overlap, power summed
                  over channels) in 1/3-octave bands at the ISO centres 31.5 Hz-16 kHz (edges
                  +-1/6 octave), each normalised by its mean band level in dB over 100 Hz-10 kHz;
                  error = RMS over the 28 bands of the dB differences
  loudness error  |I(restored) - I(original)| in LU, both by libebur128
  true peak       of the restored file, by libebur128 (4x) and 16x oversampled (scipy)
  side/mid error  |S/M(restored) - S/M(original)| in dB, S/M = side energy / mid energy
Prints one line per run, then per damage the medians and worst cases, then time and memory.
Each tool runs REPEATS times per damaged copy (environment variable, default 3), the two taking
turns; its median wall time, CPU time and peak memory count.
Runs where dubplate's report declares a compromise (e.g. a reference too loud to reach under
the ceiling without more than 6 dB of limiting) are marked, and the compromises listed.
Usage: degrade_restore.py DUBPLATE EBUR128_MEASURE WORKDIR FILE [FILE ...]
"""
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np
import soundfile
from scipy import signal

from meters import ebur128, side_to_mid_db, true_peak_16x
from suggest_defects import filtered, rbj

ISO_THIRD_OCTAVE_CENTRES_HZ = np.array([
    31.5, 40, 50, 63, 80, 100, 125, 160, 200, 250, 315, 400, 500, 630, 800, 1000, 1250, 1600, 2000,
    2500, 3150, 4000, 5000, 6300, 8000, 10000, 12500, 16000])
CEILING_DBTP = -1.0
REPEATS = int(os.environ.get("REPEATS", "3"))
SPECTRAL_LIMIT_DB = 0.5
LOUDNESS_LIMIT_LU = 0.1
MATCHERING_RUN = (
    "import sys, matchering\n"
    "matchering.process(target=sys.argv[1], reference=sys.argv[2], results=[matchering.pcm24(sys.argv[3])])\n")


def side_gain(x, gain_db):
    """x with its side signal scaled by gain_db and its mid untouched."""
    mid, side = (x[:, 0] + x[:, 1]) / 2, (x[:, 0] - x[:, 1]) / 2 * 10 ** (gain_db / 20)
    return np.stack([mid + side, mid - side], axis=1)


DAMAGES = [
    ("level -9 dB", lambda x, fs: x * 10 ** (-9 / 20)),
    ("LS +5@150 HS -6@4k", lambda x, fs: filtered(filtered(x, rbj("lowshelf", 150, fs, 5)), rbj("highshelf", 4000, fs, -6))),
    ("bell +6 dB 300 Hz", lambda x, fs: filtered(x, rbj("peak", 300, fs, 6, 1.0))),
    ("bell +6 dB 3 kHz", lambda x, fs: filtered(x, rbj("peak", 3000, fs, 6, 1.0))),
    ("side -9 dB", lambda x, fs: side_gain(x, -9)),
]


def band_levels_db(x, fs):
    """1/3-octave long-term spectrum in dB, relative to its mean over the 100 Hz-10 kHz bands."""
    frequencies, power = signal.welch(x, fs, window="hann", nperseg=8192, noverlap=4096, axis=0)
    power = power.sum(axis=1)
    levels = []
    for centre in ISO_THIRD_OCTAVE_CENTRES_HZ:
        band = (frequencies >= centre * 2 ** (-1 / 6)) & (frequencies < centre * 2 ** (1 / 6))
        levels.append(10 * np.log10(max(float(power[band].sum()), 1e-30)))
    levels = np.array(levels)
    middle = (ISO_THIRD_OCTAVE_CENTRES_HZ >= 100) & (ISO_THIRD_OCTAVE_CENTRES_HZ <= 10000)
    return levels - levels[middle].mean()


def spectral_error_db(levels, reference_levels):
    return float(np.sqrt(np.mean((levels - reference_levels) ** 2)))


def timed(command, time_file):
    """(exit status, stdout, stderr, wall s, CPU s, peak RSS MB) of one command run under /usr/bin/time."""
    run = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", str(time_file), *command],
                         capture_output=True, text=True)
    wall, user, system, rss_kb = time_file.read_text().split()[-4:]
    return run.returncode, run.stdout, run.stderr, float(wall), float(user) + float(system), int(rss_kb) / 1024


class Original:
    """The measures of the original track that every restored copy is compared with."""

    def __init__(self, path, measure):
        self.path = path
        self.x, self.fs = soundfile.read(path, dtype="float64", always_2d=True)
        self.levels = band_levels_db(self.x, self.fs)
        self.integrated = ebur128(measure, path)["integrated"]
        self.side_to_mid = side_to_mid_db(self.x)


def restore(tool, dubplate, damaged, original, output, work):
    """Restores the damaged copy with one tool, the original as reference; see timed()."""
    if tool == "dubplate":
        command = [dubplate, "master", str(damaged), "-o", str(output), "--reference", str(original), "--force",
                   "--format", "json"]
    else:
        command = [sys.executable, "-c", MATCHERING_RUN, str(damaged), str(original), str(output)]
    if output.exists():
        output.unlink()
    return timed(command, work / f"{tool}.time")


def judge(original, output, measure):
    """Measures of one restored file against the original."""
    y, fs = soundfile.read(output, dtype="float64", always_2d=True)
    meter = ebur128(measure, output)
    return {
        "spectral": spectral_error_db(band_levels_db(y, fs), original.levels),
        "loudness": abs(meter["integrated"] - original.integrated),
        "tp4": meter["truePeak"],
        "tp16": true_peak_16x(y),
        "sidemid": abs(side_to_mid_db(y) - original.side_to_mid),
    }


def median(values):
    return statistics.median(values) if values else float("nan")


def worst(values):
    return max(values) if values else float("nan")


def main():
    dubplate, measure, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    tools = ("dubplate", "matchering")
    results = {(tool, name): [] for tool in tools for name, _ in DAMAGES}
    baseline = {name: [] for name, _ in DAMAGES}
    failures = []
    compromised = set()
    print(f"{'track':24} {'damage':19} {'dmg':>5} | {'spectral dB':>11} | {'loudness LU':>11} | "
          f"{'dubplate TP 4x/16x':>18} | {'matchering TP':>13} | {'S/M err dB':>11} | {'wall s':>10} | {'peak MB':>10}")
    print(f"{'':24} {'':19} {'':>5} | {'dub':>5} {'mg':>5} | {'dub':>5} {'mg':>5} | {'':>18} | {'4x/16x':>13} | "
          f"{'dub':>5} {'mg':>5} | {'dub':>4} {'mg':>5} | {'dub':>4} {'mg':>5}")
    for path in (Path(p) for p in sys.argv[4:]):
        original = Original(path, measure)
        for name, damage in DAMAGES:
            damaged_path = work / "damaged.wav"
            damaged = damage(original.x, original.fs)
            soundfile.write(damaged_path, damaged, original.fs, subtype="FLOAT")
            baseline[name].append(spectral_error_db(band_levels_db(damaged, original.fs), original.levels))
            row = {}
            # Each tool restores the copy REPEATS times, the tools taking turns; the medians of
            # its wall time, CPU time and peak memory count (a shared machine's stalls hit
            # single runs), and the output of its last run (the same every time) is measured.
            runs = {tool: [] for tool in tools}
            for _ in range(REPEATS):
                for tool in tools:
                    runs[tool].append(restore(tool, dubplate, damaged_path, path, work / f"restored-{tool}.wav", work))
            for tool in tools:
                output = work / f"restored-{tool}.wav"
                status, stdout, stderr = runs[tool][-1][:3]
                wall, cpu, rss = (statistics.median(run[index] for run in runs[tool]) for index in (3, 4, 5))
                if any(run[0] != 0 for run in runs[tool]) or not output.exists():
                    last = (stderr.strip().splitlines() or ["no message"])[-1][:100]
                    failures.append(f"{tool}: {path.stem} {name}: exit {status}: {last}")
                    row[tool] = None
                    continue
                compromises = json.loads(stdout).get("compromises", []) if tool == "dubplate" else []
                row[tool] = dict(judge(original, output, measure), wall=wall, cpu=cpu, rss=rss,
                                 compromise=bool(compromises))
                compromised.update(compromises)
                results[(tool, name)].append(row[tool])

            def cell(tool, key, width, digits=2):
                return f"{row[tool][key]:{width}.{digits}f}" if row[tool] else f"{'fail':>{width}}"

            dub_tp = f"{cell('dubplate', 'tp4', 6)}/{cell('dubplate', 'tp16', 6)}" if row["dubplate"] else "fail"
            mg_tp = f"{cell('matchering', 'tp4', 6)}/{cell('matchering', 'tp16', 6)}" if row["matchering"] else "fail"
            print(f"{path.stem[:24]:24} {name:19} {baseline[name][-1]:5.2f} | {cell('dubplate', 'spectral', 5)} "
                  f"{cell('matchering', 'spectral', 5)} | {cell('dubplate', 'loudness', 5)} {cell('matchering', 'loudness', 5)} | "
                  f"{dub_tp:>18} | {mg_tp:>13} | {cell('dubplate', 'sidemid', 5)} {cell('matchering', 'sidemid', 5)} | "
                  f"{cell('dubplate', 'wall', 4, 1)} {cell('matchering', 'wall', 5, 1)} | "
                  f"{cell('dubplate', 'rss', 4, 0)} {cell('matchering', 'rss', 5, 0)}"
                  f"{'  (dubplate: compromise declared)' if row['dubplate'] and row['dubplate']['compromise'] else ''}",
                  flush=True)
    summarise(results, baseline, failures, len(sys.argv) - 4)
    for text in sorted(compromised):
        print("  dubplate compromise: " + text)


def summarise(results, baseline, failures, track_count):
    def values(tool, name, key):
        return [r[key] for r in results[(tool, name)]]

    print(f"\nPer damage ({track_count} tracks; spectral error = RMS dB over 28 third-octave bands, level-normalised; "
          f"'damaged' = the damaged copy before restoring):")
    header = (f"{'damage':19} {'damaged':>7} | {'spectral med/worst dB':>23} | {'loudness med/worst LU':>23} | "
              f"{'dub TP':>12} | {'mg TP 4x/16x':>12} | {'S/M err med dB':>14} | targets")
    print(header)
    print(f"{'':19} {'median':>7} | {'dubplate':>11} {'matchering':>11} | {'dubplate':>11} {'matchering':>11} | "
          f"{'overs/worst':>12} | {'median max':>12} | {'dub':>6} {'mg':>7} |")
    print("-" * (len(header) + 40))
    for name, _ in DAMAGES:
        dub_spec, mg_spec = values("dubplate", name, "spectral"), values("matchering", name, "spectral")
        dub_loud, mg_loud = values("dubplate", name, "loudness"), values("matchering", name, "loudness")
        dub_peaks = [max(r["tp4"], r["tp16"]) for r in results[("dubplate", name)]]
        mg_peaks = [max(r["tp4"], r["tp16"]) for r in results[("matchering", name)]]
        overs = sum(p > CEILING_DBTP for p in dub_peaks)
        verdicts = [
            f"med {'<=' if median(dub_spec) <= median(mg_spec) else '>'} mg",
            f"runs > {SPECTRAL_LIMIT_DB} dB: {sum(v > SPECTRAL_LIMIT_DB for v in dub_spec)}",
            f"loud {sum(v <= LOUDNESS_LIMIT_LU for v in dub_loud)}/{len(dub_loud)} <= {LOUDNESS_LIMIT_LU} LU "
            f"({sum(r['loudness'] > LOUDNESS_LIMIT_LU and r['compromise'] for r in results[('dubplate', name)])} "
            f"misses declared)",
            f"overs {overs}",
        ]
        print(f"{name:19} {median(baseline[name]):7.2f} | {median(dub_spec):5.2f}/{worst(dub_spec):5.2f} "
              f"{median(mg_spec):5.2f}/{worst(mg_spec):5.2f} | {median(dub_loud):5.2f}/{worst(dub_loud):5.2f} "
              f"{median(mg_loud):5.2f}/{worst(mg_loud):5.2f} | {overs:4d}/{worst(dub_peaks):6.2f} | "
              f"{median(mg_peaks):5.2f} {worst(mg_peaks):6.2f} | {median(values('dubplate', name, 'sidemid')):6.2f} "
              f"{median(values('matchering', name, 'sidemid')):7.2f} | {', '.join(verdicts)}")
    every = {tool: [r for name, _ in DAMAGES for r in results[(tool, name)]] for tool in ("dubplate", "matchering")}
    dub, mg = every["dubplate"], every["matchering"]
    print(f"(TP columns: the higher of libebur128 4x and 16x; dubplate 'overs' = runs above {CEILING_DBTP:.1f} dBTP)")
    print(f"\n{'damage':19} | {'median wall s':>26} | {'median peak RSS MB':>26}")
    print(f"{'':19} | {'dubplate':>8} {'Matchering':>10} {'ratio':>6} | {'dubplate':>8} {'Matchering':>10} {'ratio':>6}")
    for name, _ in DAMAGES:
        line = f"{name:19}"
        for key in ("wall", "rss"):
            d, m = median(values("dubplate", name, key)), median(values("matchering", name, key))
            line += f" | {d:8.2f} {m:10.2f} {m / d if d else float('nan'):5.1f}x"
        print(line)
    print(f"\nAll runs: dubplate {len(dub)}, Matchering {len(mg)} completed; failures {len(failures)}")
    print(f"  spectral error dB   median/worst: dubplate {median([r['spectral'] for r in dub]):.2f}/"
          f"{worst([r['spectral'] for r in dub]):.2f}, Matchering {median([r['spectral'] for r in mg]):.2f}/"
          f"{worst([r['spectral'] for r in mg]):.2f}; dubplate runs > {SPECTRAL_LIMIT_DB} dB: "
          f"{sum(r['spectral'] > SPECTRAL_LIMIT_DB for r in dub)}   (target: dubplate median <= Matchering's per "
          f"damage, no run > {SPECTRAL_LIMIT_DB} dB)")
    print(f"  loudness error LU   median/worst: dubplate {median([r['loudness'] for r in dub]):.2f}/"
          f"{worst([r['loudness'] for r in dub]):.2f}, Matchering {median([r['loudness'] for r in mg]):.2f}/"
          f"{worst([r['loudness'] for r in mg]):.2f}; dubplate runs > {LOUDNESS_LIMIT_LU} LU: "
          f"{sum(r['loudness'] > LOUDNESS_LIMIT_LU for r in dub)} (with a declared compromise "
          f"{sum(r['loudness'] > LOUDNESS_LIMIT_LU and r['compromise'] for r in dub)})   "
          f"(target: dubplate <= {LOUDNESS_LIMIT_LU} LU)")
    print(f"  true peak dBTP      worst 4x/16x: dubplate {worst([r['tp4'] for r in dub]):.2f}/"
          f"{worst([r['tp16'] for r in dub]):.2f} ({sum(max(r['tp4'], r['tp16']) > CEILING_DBTP for r in dub)} overs), "
          f"Matchering {worst([r['tp4'] for r in mg]):.2f}/{worst([r['tp16'] for r in mg]):.2f} "
          f"(median {median([max(r['tp4'], r['tp16']) for r in mg]):.2f})   (target: 0 dubplate overs)")
    print(f"  side/mid error dB   median/worst: dubplate {median([r['sidemid'] for r in dub]):.2f}/"
          f"{worst([r['sidemid'] for r in dub]):.2f}, Matchering {median([r['sidemid'] for r in mg]):.2f}/"
          f"{worst([r['sidemid'] for r in mg]):.2f}")
    for key, unit, label, target in (("wall", "s", "wall time", 10), ("cpu", "s", "CPU time (user+sys)", None),
                                     ("rss", "MB", "peak RSS", 5)):
        d, m = median([r[key] for r in dub]), median([r[key] for r in mg])
        note = f"   (target: >= {target}x)" if target else ""
        print(f"  {label:20} median: dubplate {d:.2f} {unit} (worst {worst([r[key] for r in dub]):.2f}), "
              f"Matchering {m:.2f} {unit} (worst {worst([r[key] for r in mg]):.2f}); "
              f"Matchering / dubplate {m / d if d else float('nan'):.1f}x{note}")
    for failure in failures:
        print("  failed: " + failure)


if __name__ == "__main__":
    main()
