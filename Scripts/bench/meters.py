"""Independent meters shared by the mastering benches (not part of Dubplate).

- `ebur128(measure, path)`: Debian's libebur128 through Scripts/bench/ebur128-measure.c
  (integrated LUFS, loudness range LU, true peak dBTP; libebur128's true peak oversamples 4x
  with a short interpolation filter).
- `true_peak_16x(x)`: a second opinion on the true peak, 16x oversampled with scipy's
  polyphase resampler (Kaiser-windowed sinc, 321 taps at the high rate; its passband ripple
  reads a full-scale sine within about 0.02 dB), in blocks so that a 4-minute stereo file
  needs tens of megabytes, not gigabytes.
- `side_to_mid_db(x)`: side energy over mid energy in dB, M = (L + R) / 2, S = (L - R) / 2.
"""
import re
import subprocess

import numpy as np
from scipy import signal

_EBUR128_LINE = re.compile(r"integrated (\S+) LUFS, range (\S+) LU, true peak (\S+) dBTP")


def ebur128(measure, path):
    """{"integrated", "range", "truePeak"} of a file as libebur128 measures them."""
    out = subprocess.run([str(measure), str(path)], capture_output=True, text=True, check=True).stdout
    match = _EBUR128_LINE.search(out)
    if not match:
        raise RuntimeError(f"unexpected ebur128-measure output: {out!r}")
    return dict(zip(("integrated", "range", "truePeak"), (float(v) for v in match.groups())))


def true_peak_16x(x, block=1 << 17, margin=64):
    """Highest |sample| of x (frames x channels) upsampled 16x, in dBTP.

    Each block is resampled with `margin` input samples of real signal either side (the
    filter reaches 10 input samples), and only its own stretch of the output is kept, so the
    result equals resampling the whole file at once; the file's ends see zeros, as a meter does.
    """
    up = 16
    peak = 0.0
    frames = x.shape[0]
    for channel in range(x.shape[1]):
        samples = np.ascontiguousarray(x[:, channel], dtype=np.float32)
        for start in range(0, frames, block):
            stop = min(frames, start + block)
            lo, hi = max(0, start - margin), min(frames, stop + margin)
            high_rate = signal.resample_poly(samples[lo:hi], up, 1)
            kept = high_rate[(start - lo) * up:(stop - lo) * up]
            peak = max(peak, float(np.max(np.abs(kept))))
    return 20 * np.log10(peak) if peak > 0 else -np.inf


def side_to_mid_db(x):
    """Side energy over mid energy in dB (-inf for a mono file, +inf for a side-only one)."""
    mid = (x[:, 0].astype(np.float64) + x[:, 1]) / 2
    side = (x[:, 0].astype(np.float64) - x[:, 1]) / 2
    mid_energy = float(np.dot(mid, mid))
    side_energy = float(np.dot(side, side))
    if side_energy == 0:
        return -np.inf
    if mid_energy == 0:
        return np.inf
    return 10 * np.log10(side_energy / mid_energy)
