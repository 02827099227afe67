import DubplateDSP

/// What a code means, how it is measured and the rule of thumb behind it (`dubplate explain`).
public struct CodeExplanation: Sendable, Equatable, Codable {
  public var code: String
  public var meaning: String
  public var measurement: String
  public var ruleOfThumb: String
  public var source: String
}

extension SuggestionCode {
  /// The documentation of this code.
  public var explanation: CodeExplanation {
    if rawValue.hasPrefix("spectrum."), let band = NamedBand.allCases.first(where: { rawValue.hasPrefix("spectrum.\($0.rawValue).") }) {
      return spectralExplanation(band, excess: rawValue.hasSuffix(".excess"))
    }
    let (meaning, measurement, rule, source): (String, String, String, String) =
      switch self {
      case .loudnessTooQuiet:
        ("The track is quieter than its target; platforms that do not turn quiet tracks up (YouTube, Tidal) will play it quieter than others.",
         "Integrated loudness (ITU-R BS.1770-4, gated) more than 1 LU below the target.",
         "Raise the level into a true-peak limiter until the target is met; check the limiter is not working more than a few dB.",
         "Spotify for Artists, 'Loudness normalization' (−14 LUFS reference); MeterPlugs on Tidal and YouTube.")
      case .loudnessTooLoud:
        ("The track is louder than its target: every platform will turn it down, so the extra loudness only costs dynamics.",
         "Integrated loudness more than 1 LU above the target.",
         "Lower the limiter's input gain; loudness above the service level is turned down, not rewarded.",
         "Spotify for Artists, 'Loudness normalization'; AES TD1008 (2021).")
      case .truePeakOver:
        ("Inter-sample peaks exceed the ceiling: lossy encoding and cheap DACs may clip.",
         "True peak (BS.1770-4 Annex 2, 4x oversampling) above the ceiling (master) or above −3 dBTP (mix headroom).",
         "Limit true peaks at −1 dBTP (−2 dBTP for masters louder than −14 LUFS); leave 3–6 dB of headroom in a mix for mastering.",
         "Spotify for Artists; PreSonus blog (2020); SoundCloud help (mix peaks −3 to −6 dB).")
      case .clipping:
        ("Runs of samples sit at full scale: the waveform was cut flat, which is audible distortion and cannot be undone downstream.",
         "Three or more consecutive samples at the file's full-scale value, in any channel.",
         "Re-export from the session with the master fader lower or the clipper/limiter backed off.",
         "EBU R128 practice; any clip meter (three consecutive full-scale samples).")
      case .dcOffset:
        ("The waveform is shifted off zero: it wastes headroom and clicks at edits.",
         "Mean sample value of any channel beyond ±0.01 (1 % of full scale, −40 dBFS).",
         "High-pass at 10–20 Hz (or a DC filter) before any dynamics.",
         "iZotope Ozone 7 manual, p. 82 (DC offset).")
      case .stereoPhase:
        ("Left and right cancel each other: the mix collapses on mono speakers, phones and clubs.",
         "L/R correlation below 0 over the track, or its 5th percentile over 400 ms blocks below −0.3.",
         "Check for a channel with flipped polarity or a widener; flip polarity or narrow the culprit.",
         "Aumixys stereo guide (correlation +1 mono, 0…+1 healthy, < 0 phase problems).")
      case .stereoNarrow:
        ("The image is narrower than the genre usually is.",
         "Side-to-mid energy ratio above 250 Hz below the profile's 10th percentile minus 3 dB, or nearly mono (below −30 dB).",
         "Widen with panning, double-tracked parts or gentle side gain; side gain cannot widen a mono mix.",
         "Measured genre ranges (profile provenance).")
      case .stereoTooWide:
        ("The side signal is unusually strong: the mix loses its centre and cancels in mono.",
         "Side-to-mid energy ratio above 250 Hz over the profile's 90th percentile plus 3 dB, or above 0 dB (side as loud as mid).",
         "Lower the side level or the width of the widest elements.",
         "Musicproductionwiki, 'mono compatibility'; measured genre ranges.")
      case .stereoLowEndWide:
        ("The low end is not mono: bass energy in the side channel cancels on mono systems and cannot be cut to vinyl.",
         "L/R correlation below 150 Hz (4th-order Linkwitz–Riley) under the profile's range, or below 0.8.",
         "High-pass the side channel (mono below ~120 Hz); keep kick and bass centred.",
         "Aumixys stereo guide (side HPF 100–200 Hz); MAAT 2BC multiCORR notes.")
      case .overCompressed:
        ("Peaks have been limited away: the track will sound flat and will not gain loudness on normalising platforms.",
         "PLR (true peak − integrated) or crest factor below the profile's range, or PLR below 6 dB.",
         "Back the limiter off; PLR ≤ 13 dB is already enough to play at full level on Tidal.",
         "MeterPlugs on Tidal (PLR ≤ 13 dB); Spotify for Artists; Deruty, Sound On Sound 2011.")
      case .tooDynamic:
        ("Loud and quiet passages are further apart than the genre usually is: quiet parts may vanish in cars and on phones.",
         "Loudness range (EBU Tech 3342) or PLR more than 3 dB (LU) above the profile's 90th percentile.",
         "Ride the quiet sections up or use gentle bus compression (2:1, slow attack).",
         "Measured genre ranges; Kirchberger & Russo 2016 (dynamic range by genre).")
      default:
        ("Unknown code.", "", "", "")
      }
    return CodeExplanation(code: rawValue, meaning: meaning, measurement: measurement, ruleOfThumb: rule, source: source)
  }

  private func spectralExplanation(_ band: NamedBand, excess: Bool) -> CodeExplanation {
    let range = "\(Int(band.lowerHz))–\(Int(band.upperHz)) Hz"
    let character = excess ? band.excessCharacter : band.deficitCharacter
    return CodeExplanation(
      code: rawValue,
      meaning: "Too \(excess ? "much" : "little") energy in the \(band.displayName) (\(range)): the mix sounds \(character).",
      measurement: "Power in \(range) of the long-term average spectrum minus the integrated loudness, re-centred on the median deviation of its 1/3-octave bands from the profile, \(excess ? "above the profile's 90th" : "below its 10th") percentile by more than 2 dB.",
      ruleOfThumb: excess ? band.excessRule : band.deficitRule,
      source: "Kulka 1972 via Owsinski, 'Mixing Engineer's Handbook' (magic frequencies); melodymine 'problem frequencies'.")
  }
}

extension NamedBand {
  /// The band's name in prose.
  public var displayName: String {
    switch self {
    case .sub: "sub-bass"
    case .bass: "bass"
    case .lowMid: "low mids"
    case .mid: "mids"
    case .highMid: "high mids"
    case .air: "air"
    }
  }

  var excessCharacter: String {
    switch self {
    case .sub: "muddy and eats headroom"
    case .bass: "boomy"
    case .lowMid: "muddy"
    case .mid: "boxy or honky"
    case .highMid: "harsh"
    case .air: "brittle or sibilant"
    }
  }

  var deficitCharacter: String {
    switch self {
    case .sub: "thin on big systems"
    case .bass: "thin"
    case .lowMid: "hollow"
    case .mid: "scooped, with vocals pushed back"
    case .highMid: "dull, without presence"
    case .air: "dull and closed"
    }
  }

  var excessRule: String {
    switch self {
    case .sub: "High-pass everything that is not kick or bass; lower the sub with a low shelf."
    case .bass: "Cut 2–3 dB wide (Q 0.7–1) at the peak."
    case .lowMid: "Cut at the measured peak (80–400 Hz is the mud range) on the bus or the crowding stem."
    case .mid: "Narrow cut at the peak (400–1000 Hz boxy, 1–2 kHz tinny)."
    case .highMid: "Cut or use dynamic EQ at 2–4 kHz; keep vocal intelligibility."
    case .air: "Gentle high shelf down; de-ess sibilant parts rather than EQ the whole mix."
    }
  }

  var deficitRule: String {
    switch self {
    case .sub: "Low shelf up below 60 Hz, or a sub layer under the kick."
    case .bass: "Wide bell boost at the bass fundamental (Q 0.7–1)."
    case .lowMid: "Gentle wide boost; check nothing was high-passed too far."
    case .mid: "Wide boost around 1 kHz, or turn up the parts that carry the mids."
    case .highMid: "Wide boost around 3 kHz for presence."
    case .air: "High shelf up from 8–10 kHz."
    }
  }
}
