#!/usr/bin/env python3
"""Writes a corpus of malformed audio files for Dubplate's hardening checks.

Usage: python3 Scripts/make-malformed-corpus.py DIR

From four good files made here (a 16-bit WAV, a 32-bit float WAV, a 16-bit AIFF and, when
`sox` is installed, a FLAC; all 0.5 s of a stereo 1 kHz tone at 22.05 kHz) it derives:
every header truncation, wrong RIFF/data/SSND chunk sizes, absurd sample rates, channel
counts, bit depths and block alignments, zero frames, huge claimed lengths, seeded random
bytes behind a valid header, float files full of NaN/Inf/huge values, and FLAC STREAMINFO
fields set to impossible values. The good files are kept too (`good-*`). Everything is
deterministic: the same DIR content on every run. Python 3 standard library only.
"""

import math
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile

SAMPLE_RATE = 22_050
FRAMES = SAMPLE_RATE // 2
CHANNELS = 2


def tone():
    """Interleaved stereo samples in -1...1: a 1 kHz sine at -6 dBFS."""
    samples = []
    for frame in range(FRAMES):
        value = 0.5 * math.sin(2 * math.pi * 1000 * frame / SAMPLE_RATE)
        samples += [value] * CHANNELS
    return samples


def riff(fmt_body, data, extra_chunks=b""):
    """A RIFF/WAVE file with a `fmt ` chunk, optional extra chunks, then `data`."""
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt_body)) + fmt_body + extra_chunks
    body += b"data" + struct.pack("<I", len(data)) + data + (b"\0" if len(data) % 2 else b"")
    return b"RIFF" + struct.pack("<I", len(body)) + body


def wav_pcm16(samples):
    data = b"".join(struct.pack("<h", round(s * 32767)) for s in samples)
    fmt = struct.pack("<HHIIHH", 1, CHANNELS, SAMPLE_RATE, SAMPLE_RATE * CHANNELS * 2, CHANNELS * 2, 16)
    return riff(fmt, data)


def wav_float32(samples):
    data = b"".join(struct.pack("<f", s) for s in samples)
    fmt = struct.pack("<HHIIHHH", 3, CHANNELS, SAMPLE_RATE, SAMPLE_RATE * CHANNELS * 4, CHANNELS * 4, 32, 0)
    fact = b"fact" + struct.pack("<II", 4, FRAMES)
    return riff(fmt, data, fact)


def extended80(value):
    """An IEEE 754 80-bit extended float, big-endian, as AIFF's COMM sample rate."""
    if value == 0:
        return b"\0" * 10
    exponent = math.floor(math.log2(value))
    mantissa = int(value / 2 ** exponent * 2 ** 63)
    return struct.pack(">HQ", exponent + 16383, mantissa)


def aiff_pcm16(samples, rate_bytes=None):
    data = b"".join(struct.pack(">h", round(s * 32767)) for s in samples)
    comm = struct.pack(">hIh", CHANNELS, FRAMES, 16) + (rate_bytes or extended80(SAMPLE_RATE))
    ssnd = struct.pack(">II", 0, 0) + data
    body = b"AIFF" + b"COMM" + struct.pack(">I", len(comm)) + comm + b"SSND" + struct.pack(">I", len(ssnd)) + ssnd
    return b"FORM" + struct.pack(">I", len(body)) + body


def flac_from(wav_bytes, workdir):
    """The WAV converted by sox, or None when sox is missing or fails."""
    if shutil.which("sox") is None:
        return None
    source = os.path.join(workdir, "source.wav")
    target = os.path.join(workdir, "source.flac")
    with open(source, "wb") as handle:
        handle.write(wav_bytes)
    if subprocess.run(["sox", source, target], capture_output=True).returncode != 0:
        return None
    with open(target, "rb") as handle:
        return handle.read()


def put(data, offset, fmt, value):
    """A copy of `data` with `value` packed by struct format `fmt` at `offset`."""
    size = struct.calcsize(fmt)
    return data[:offset] + struct.pack(fmt, value) + data[offset + size:]


def chunk_offset(data, tag, start):
    """The offset of the first chunk named `tag` (its 4-byte id) after `start`."""
    return data.index(tag, start)


def flac_header_length(data):
    """Bytes of the `fLaC` marker and every metadata block, i.e. where audio frames start."""
    offset = 4
    while offset + 4 <= len(data):
        last = data[offset] & 0x80
        length = int.from_bytes(data[offset + 1:offset + 4], "big")
        offset += 4 + length
        if last:
            break
    return offset


def set_streaminfo_bits(data, first_bit, width, value):
    """A copy of a FLAC file with STREAMINFO bits [first_bit, first_bit + width) set to `value`."""
    start = 8  # fLaC + the metadata block header
    block = int.from_bytes(data[start:start + 34], "big")
    shift = 34 * 8 - first_bit - width
    block = (block & ~(((1 << width) - 1) << shift)) | ((value & ((1 << width) - 1)) << shift)
    return data[:start] + block.to_bytes(34, "big") + data[start + 34:]


def corpus():
    """Yields (name, bytes) for every file of the corpus."""
    rng = random.Random(20261129)
    samples = tone()
    pcm = wav_pcm16(samples)
    flt = wav_float32(samples)
    aiff = aiff_pcm16(samples)
    with tempfile.TemporaryDirectory() as workdir:
        flac = flac_from(pcm, workdir)
    bases = [("wav16", "wav", pcm), ("float", "wav", flt), ("aiff16", "aiff", aiff)]
    if flac is not None:
        bases.append(("flac", "flac", flac))

    for name, ext, data in bases:
        yield f"good-{name}.{ext}", data
        if ext == "wav":
            header = chunk_offset(data, b"data", 12) + 8
        elif ext == "aiff":
            header = chunk_offset(data, b"SSND", 12) + 16
        else:
            header = flac_header_length(data)
        # Every cut inside the header and just after it, then a few cuts inside the audio.
        for length in list(range(0, header + 9)) + [len(data) // 3, len(data) // 2, len(data) - 1]:
            yield f"cut-{name}-{length:05d}.{ext}", data[:length]
        # Random bytes behind the valid header, several lengths.
        for round_ in range(4):
            noise = bytes(rng.getrandbits(8) for _ in range(1_000 + 3_001 * round_))
            yield f"noise-after-header-{name}-{round_}.{ext}", data[:header] + noise
        # The header alone: zero frames present.
        yield f"header-only-{name}.{ext}", data[:header]

    # WAV header fields (canonical layout: RIFF size 4, format tag 20, channels 22, rate 24,
    # byte rate 28, block align 32, bits 34; data size right after the `data` id).
    for name, data in [("wav16", pcm), ("float", flt)]:
        data_size_at = chunk_offset(data, b"data", 12) + 4
        fields = {
            "riff-size": (4, "<I", [0, 1, 36, len(data) * 2, 0x7FFFFFFF, 0xFFFFFFFF]),
            "format-tag": (20, "<H", [0, 2, 0x1234, 0xFFFE, 0xFFFF]),
            "channels": (22, "<H", [0, 3, 8, 255, 1024, 1025, 0xFFFF]),
            "rate": (24, "<I", [0, 1, 7_999, 768_001, 0x7FFFFFFF, 0xFFFFFFFF]),
            "byte-rate": (28, "<I", [0, 0xFFFFFFFF]),
            "block-align": (32, "<H", [0, 1, 3, 0xFFFF]),
            "bits": (34, "<H", [0, 1, 13, 64, 0xFFFF]),
            "data-size": (data_size_at, "<I", [0, 1, 3, 7, 1_000, len(data) * 4, 0x7FFFFFF0, 0xFFFFFFFF]),
            "fmt-size": (16, "<I", [0, 2, 15, 0xFFFFFFFF]),
        }
        for field, (offset, fmt, values) in fields.items():
            for value in values:
                yield f"{field}-{value}-{name}.wav", put(data, offset, fmt, value)
        # Zero frames: a valid header whose data chunk is empty.
        zero = riff(data[20:20 + struct.unpack("<I", data[16:20])[0]], b"")
        yield f"zero-frames-{name}.wav", zero
        # A huge claimed length with almost nothing behind it.
        yield f"huge-claim-{name}.wav", put(put(data, 4, "<I", 0xFFFFFFF0), data_size_at, "<I", 0xFFFFFFE0)[:data_size_at + 4 + 64]
        # An unknown chunk claiming more bytes than the file holds, before `data`.
        fmt_end = 20 + struct.unpack("<I", data[16:20])[0]
        yield f"bogus-chunk-{name}.wav", data[:fmt_end] + b"junk" + struct.pack("<I", 0x7FFFFFFF) + data[fmt_end:]
        yield f"second-fmt-{name}.wav", data[:fmt_end] + data[12:fmt_end] + data[fmt_end:]

    # Float WAV samples that are all non-finite or absurdly large.
    for label, value in [("nan", math.nan), ("inf", math.inf), ("minus-inf", -math.inf), ("huge", 3.0e38),
                         ("tiny", 1.0e-45)]:
        yield f"float-all-{label}.wav", wav_float32([value] * (FRAMES * CHANNELS))
    mixed = [[math.nan, math.inf, -math.inf, 0.5][i % 4] for i in range(FRAMES * CHANNELS)]
    yield "float-mixed-nan-inf.wav", wav_float32(mixed)
    signalling = riff(flt[20:20 + 18], struct.pack("<I", 0x7FA00000) * (FRAMES * CHANNELS))
    yield "float-signalling-nan.wav", signalling

    # AIFF fields: COMM channels 20, frames 22, bits 26, rate 28 (80-bit); SSND size and offset.
    ssnd = chunk_offset(aiff, b"SSND", 12)
    for value in [0, 3, 1025, 0x7FFF, -1]:
        yield f"aiff-channels-{value}.aiff", put(aiff, 20, ">h", value)
    for value in [0, 1, 0x7FFFFFFF, 0xFFFFFFFF]:
        yield f"aiff-frames-{value}.aiff", put(aiff, 22, ">I", value)
    for value in [0, 1, 13, 64, 0x7FFF]:
        yield f"aiff-bits-{value}.aiff", put(aiff, 26, ">h", value)
    rates = {"zero": b"\0" * 10, "one": extended80(1), "huge": extended80(1.0e12),
             "infinity": struct.pack(">HQ", 0x7FFF, 1 << 63), "nan": struct.pack(">HQ", 0x7FFF, 0xC000000000000000),
             "denormal": struct.pack(">HQ", 0, 1)}
    for label, rate in rates.items():
        yield f"aiff-rate-{label}.aiff", aiff[:28] + rate + aiff[38:]
    for value in [0, 7, 0x7FFFFFFF, 0xFFFFFFFF]:
        yield f"aiff-ssnd-size-{value}.aiff", put(aiff, ssnd + 4, ">I", value)
    for value in [1, 0x7FFFFFFF]:
        yield f"aiff-ssnd-offset-{value}.aiff", put(aiff, ssnd + 8, ">I", value)
    yield "aiff-form-size-huge.aiff", put(aiff, 4, ">I", 0xFFFFFFFF)

    # FLAC STREAMINFO (bits: min block 0-15, max block 16-31, min frame 32-55, max frame 56-79,
    # sample rate 80-99, channels-1 100-102, bits-1 103-107, total samples 108-143).
    if flac is not None:
        fields = {
            "min-block": (0, 16, [0, 1, 0xFFFF]),
            "max-block": (16, 16, [0, 1, 0xFFFF]),
            "rate": (80, 20, [0, 1, 7_999, 0xFFFFF]),
            "channels": (100, 3, [2, 7]),
            "bits": (103, 5, [0, 2, 31]),
            "total-samples": (108, 36, [0, 1, 0xFFFFFFFFF]),
        }
        for field, (first_bit, width, values) in fields.items():
            for value in values:
                yield f"flac-{field}-{value}.flac", set_streaminfo_bits(flac, first_bit, width, value)
        header = flac_header_length(flac)
        for index in range(6):
            noisy = bytearray(flac)
            for _ in range(8):
                position = rng.randrange(header, len(noisy))
                noisy[position] ^= 1 << rng.randrange(8)
            yield f"flac-frame-bitflips-{index}.flac", bytes(noisy)

    # Not audio at all, with audio extensions.
    yield "random-bytes.wav", bytes(rng.getrandbits(8) for _ in range(5_000))
    yield "text.flac", b"this is not a FLAC file\n" * 20
    yield "riff-only.wav", b"RIFF"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make-malformed-corpus.py DIR")
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    count = 0
    for name, data in corpus():
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(data)
        count += 1
    print(f"{count} files in {folder}")


if __name__ == "__main__":
    main()
