#!/usr/bin/env python3
"""Defect-injection bench for `dubplate suggest` on real music.

For each clean excerpt: judge it, then inject one known defect at a time (size drawn from a
range, seeded), level-match it back to the clean excerpt where the defect is not a level
defect, judge the damaged copy and check that the expected code appears. A finding in a
damaged copy that the clean copy did not have, that is neither the expected code nor a
direct consequence of the same damage, counts as an unrelated new finding. Consequences are
named per defect below: neighbouring bands of an EQ move, the DC that clipping, squashing or
a low shelf or low side boost (whose gain at 0 Hz is its full boost) leaves, the low energy a
side boost adds, and the band levels a mono fold-down loses with each band's side energy. True-peak overs that appear after
the level match are real overs of the damaged file; the table counts them both ways.
Two judges run on every copy: against the clean excerpt as `--reference` (what the mix was
before the damage), and against the track's genre preset with the clean loudness as target.
Prints a per-defect table for each and the totals. Usage:
  suggest_defects.py DUBPLATE WORKDIR GENRE:FILE [GENRE:FILE ...]
"""
import json
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyloudnorm
import soundfile
from scipy import signal

EXPECTED = {
    "too-quiet": ("loudness.too-quiet", set()),
    "hard-clipping": ("clipping", {"dynamics.over-compressed", "peak.true-peak-over", "loudness.too-loud", "dc-offset"}),
    "low-mid-bell": ("spectrum.low-mid.excess", {"spectrum.bass.excess", "spectrum.mid.excess"}),
    "high-mid-bell": ("spectrum.high-mid.excess", {"spectrum.mid.excess", "spectrum.air.excess"}),
    "high-shelf-cut": ("spectrum.air.deficit", {"spectrum.high-mid.deficit"}),
    "low-shelf-boost": ("spectrum.bass.excess", {"spectrum.sub.excess", "spectrum.low-mid.excess", "dc-offset"}),
    "high-pass": ("spectrum.bass.deficit", {"spectrum.sub.deficit", "spectrum.low-mid.deficit"}),
    "polarity-inverted": ("stereo.phase", {"stereo.too-wide", "stereo.low-end-wide"}),
    "folded-to-mono": ("stereo.narrow", {"spectrum.sub.deficit", "spectrum.sub.excess", "spectrum.high-mid.deficit"}),
    "low-end-side-boost": ("stereo.low-end-wide", {"stereo.too-wide", "spectrum.sub.excess", "spectrum.bass.excess", "dc-offset"}),
    "squashed": ("dynamics.over-compressed", {"peak.true-peak-over", "dc-offset"}),
    "dc-offset": ("dc-offset", set()),
}


def rbj(kind, f0, fs, gain_db=0.0, q=0.7071):
    """RBJ Audio EQ Cookbook biquad (b, a)."""
    a_gain = 10 ** (gain_db / 40)
    w0 = 2 * np.pi * f0 / fs
    alpha = np.sin(w0) / (2 * q)
    cos = np.cos(w0)
    if kind == "peak":
        b = [1 + alpha * a_gain, -2 * cos, 1 - alpha * a_gain]
        a = [1 + alpha / a_gain, -2 * cos, 1 - alpha / a_gain]
    elif kind in ("lowshelf", "highshelf"):
        s = 1 if kind == "lowshelf" else -1
        root = 2 * np.sqrt(a_gain) * alpha
        b = [a_gain * ((a_gain + 1) - s * (a_gain - 1) * cos + root), s * 2 * a_gain * ((a_gain - 1) - s * (a_gain + 1) * cos),
             a_gain * ((a_gain + 1) - s * (a_gain - 1) * cos - root)]
        a = [(a_gain + 1) + s * (a_gain - 1) * cos + root, -s * 2 * ((a_gain - 1) + s * (a_gain + 1) * cos),
             (a_gain + 1) + s * (a_gain - 1) * cos - root]
    elif kind == "highpass":
        b = [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2]
        a = [1 + alpha, -2 * cos, 1 - alpha]
    elif kind == "lowpass":
        b = [(1 - cos) / 2, 1 - cos, (1 - cos) / 2]
        a = [1 + alpha, -2 * cos, 1 - alpha]
    return np.array(b) / a[0], np.array(a) / a[0]


def filtered(x, ba):
    return signal.lfilter(ba[0], ba[1], x, axis=0)


def inject(name, x, fs, rng):
    """The damaged copy, a description, and whether it changes level on purpose."""
    draw = lambda lo, hi: rng.uniform(lo, hi)
    if name == "too-quiet":
        g = -draw(10, 15)
        return x * 10 ** (g / 20), f"gain {g:.1f} dB", True
    if name == "hard-clipping":
        d = draw(6, 10)
        return np.clip(x * 10 ** (d / 20), -1, 1), f"driven {d:.1f} dB into full scale", True
    if name == "low-mid-bell":
        f, g = draw(250, 450), draw(5, 8)
        return filtered(x, rbj("peak", f, fs, g, 1.0)), f"bell +{g:.1f} dB at {f:.0f} Hz", False
    if name == "high-mid-bell":
        f, g = draw(2500, 4500), draw(5, 8)
        return filtered(x, rbj("peak", f, fs, g, 1.0)), f"bell +{g:.1f} dB at {f:.0f} Hz", False
    if name == "high-shelf-cut":
        f, g = draw(4000, 8000), -draw(6, 10)
        return filtered(x, rbj("highshelf", f, fs, g)), f"high shelf {g:.1f} dB at {f:.0f} Hz", False
    if name == "low-shelf-boost":
        f, g = draw(80, 150), draw(6, 10)
        return filtered(x, rbj("lowshelf", f, fs, g)), f"low shelf +{g:.1f} dB at {f:.0f} Hz", False
    if name == "high-pass":
        f = draw(150, 250)
        return filtered(filtered(x, rbj("highpass", f, fs)), rbj("highpass", f, fs)), f"24 dB/oct high-pass at {f:.0f} Hz", False
    if name == "polarity-inverted":
        y = x.copy()
        y[:, 1] = -y[:, 1]
        return y, "right channel inverted", False
    if name == "folded-to-mono":
        m = x.mean(axis=1, keepdims=True)
        return np.hstack([m, m]), "folded to mono", False
    if name == "low-end-side-boost":
        g = draw(8, 12)
        mid, side = (x[:, 0] + x[:, 1]) / 2, (x[:, 0] - x[:, 1]) / 2
        lp = rbj("lowpass", 150, fs)
        side_low = filtered(filtered(side, lp), lp)
        # A widener on the bass: the boosted low side plus a 10 ms-delayed copy of the low mid.
        mid_low = filtered(filtered(mid, lp), lp)
        delay = int(0.010 * fs)
        added = side_low * (10 ** (g / 20) - 1) + 0.5 * np.concatenate([np.zeros(delay), mid_low[:-delay]])
        side = side + added
        return np.stack([mid + side, mid - side], axis=1), f"side below 150 Hz +{g:.1f} dB plus 0.5 x delayed low mid", False
    if name == "squashed":
        d = draw(6, 9)
        y = np.tanh(x * 10 ** (d / 20))
        return y, f"tanh squash, {d:.1f} dB drive", False
    if name == "dc-offset":
        o = draw(0.02, 0.05)
        return x + o, f"DC offset +{o:.3f}", False
    raise ValueError(name)


def judge(dubplate, path, mode, genre, target, reference):
    against = ["--reference", str(reference)] if mode == "reference" else ["--genre", genre, "--target-lufs", f"{target:.2f}"]
    out = subprocess.run([dubplate, "suggest", str(path), *against, "--format", "json"],
                         capture_output=True, text=True, check=True)
    return [s["code"] for s in json.loads(out.stdout)["suggestions"]]


def main():
    dubplate, work = sys.argv[1], Path(sys.argv[2])
    tracks = [argument.split(":", 1) for argument in sys.argv[3:]]
    rng = random.Random(2026)
    modes = ("reference", "genre")
    rows = {mode: {name: {"found": 0, "total": 0, "unrelated": 0} for name in EXPECTED} for mode in modes}
    misses = {mode: [] for mode in modes}
    for genre, file in tracks:
        x, fs = soundfile.read(file, dtype="float64", always_2d=True)
        meter = pyloudnorm.Meter(fs)
        clean_lufs = meter.integrated_loudness(x)
        clean_path = work / "clean.wav"
        soundfile.write(clean_path, x, fs, subtype="FLOAT")
        clean_codes = {mode: set(judge(dubplate, clean_path, mode, genre, clean_lufs, clean_path)) for mode in modes}
        for name, (expected, consequences) in EXPECTED.items():
            y, description, changes_level = inject(name, x, fs, rng)
            if not changes_level:
                y = y * 10 ** ((clean_lufs - meter.integrated_loudness(y)) / 20)
            path = work / "damaged.wav"
            subtype = "PCM_16" if name == "hard-clipping" else "FLOAT"
            soundfile.write(path, y, fs, subtype=subtype)
            for mode in modes:
                codes = judge(dubplate, path, mode, genre, clean_lufs, clean_path)
                row = rows[mode][name]
                row["total"] += 1
                if expected in codes:
                    row["found"] += 1
                else:
                    misses[mode].append(f"{Path(file).name} [{genre}] {name} ({description}): got {codes}")
                unrelated = [c for c in codes if c != expected and c not in consequences and c not in clean_codes[mode]]
                row["unrelated"] += len(unrelated)
                row["overs"] = row.get("overs", 0) + unrelated.count("peak.true-peak-over")
                if unrelated:
                    print(f"  {mode}: unrelated: {Path(file).name} {name} ({description}): {unrelated}")
    for mode in modes:
        table = rows[mode]
        print(f"\nJudged against {'the clean excerpt as --reference' if mode == 'reference' else 'the genre preset (clean loudness as target)'}: "
              f"{len(tracks)} clean excerpts, {sum(r['total'] for r in table.values())} damaged variants")
        print(f"{'defect':22} {'detected':>9} {'unrelated new':>14} {'of them TP overs':>17}")
        for name, row in table.items():
            print(f"{name:22} {row['found']:>4}/{row['total']:<4} {row['unrelated']:>10} {row.get('overs', 0):>14}")
        found = sum(r["found"] for r in table.values())
        total = sum(r["total"] for r in table.values())
        unrelated = sum(r["unrelated"] for r in table.values())
        overs = sum(r.get("overs", 0) for r in table.values())
        print(f"{'all':22} {found:>4}/{total:<4} {unrelated:>10} {overs:>14}   detection {100 * found / total:.1f} %, "
              f"unrelated {unrelated / total:.3f} per variant, {(unrelated - overs) / total:.3f} without TP overs "
              f"(targets >= 95 %, <= 0.1)")
        for miss in misses[mode]:
            print("  missed: " + miss)


if __name__ == "__main__":
    main()
