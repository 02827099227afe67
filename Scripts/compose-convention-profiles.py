#!/usr/bin/env python3
"""Writes the 'mixed' genre presets: loudness by convention, spectrum and stereo measured.

Reads Presets/sources/conventions.json and the measured profiles it names (a measured preset,
or 'pool' = the profile of every measured track together), and writes Presets/genres/NAME.json.
The dynamics that follow from loudness (PLR, PSR, crest factor) are moved by the same amount
as the conventional PLR (ceiling minus integrated) differs from the measured set's PLR, since
a master made louder against the same ceiling loses that much peak-to-loudness ratio.
Usage: compose-convention-profiles.py CONVENTIONS MEASURED_DIR POOL_JSON OUTPUT_DIR
"""
import json
import sys
from pathlib import Path


def convention(median, half_range):
    return {"p10": median - half_range, "p25": median - half_range / 2, "median": median,
            "p75": median + half_range / 2, "p90": median + half_range}


def shifted(distribution, offset):
    return {key: round(value + offset, 3) for key, value in distribution.items()}


def main():
    conventions_path, measured_dir, pool_path, output_dir = map(Path, sys.argv[1:5])
    conventions = json.loads(conventions_path.read_text())
    for entry in conventions["profiles"]:
        source_name = entry["spectrumFrom"]
        source_path = pool_path if source_name == "pool" else measured_dir / f"{source_name}.json"
        source = json.loads(source_path.read_text())
        loudness = entry["integratedLUFS"]
        targets = entry["targets"]
        features = dict(source["features"])
        features["integrated"] = convention(loudness["median"], loudness["halfRange"])
        conventional_plr = targets["truePeakCeilingDBTP"] - loudness["median"]
        plr_offset = conventional_plr - source["features"]["plr"]["median"]
        for key in ("plr", "psr", "crestFactor"):
            features[key] = shifted(source["features"][key], plr_offset)
        profile = {
            "schema": "dubplate.profile/1",
            "name": entry["name"],
            "description": entry["description"],
            "targets": targets,
            "features": features,
            "namedBands": source["namedBands"],
            "bands": source["bands"],
            "provenance": {
                "method": "mixed",
                "trackCount": source["provenance"]["trackCount"],
                "sources": entry["sources"],
                "licence": source["provenance"]["licence"],
                "notes": (f"Integrated loudness and targets are convention ({conventions['about'].split('.')[0]}). "
                          f"Spectrum, stereo and loudness range are measured on the '{source_name}' set; "
                          f"PLR, PSR and crest factor are that set's, moved by {plr_offset:+.1f} dB to the conventional loudness."),
                "excluded": [],
            },
        }
        (output_dir / f"{entry['name']}.json").write_text(json.dumps(profile, indent=2) + "\n")
        print(f"wrote {output_dir / (entry['name'] + '.json')} (spectrum from {source_name}, PLR moved {plr_offset:+.1f} dB)")


if __name__ == "__main__":
    main()
