import DubplateProfiles

/// Stereo image: phase, width and low-end mono compatibility of the first two channels.
enum StereoRules {
  /// dB of width outside the profile's p10–p90 range before the image is called narrow or wide.
  static let widthMargin = 3.0
  /// A side-to-mid ratio below this is close to mono whatever the genre, dB.
  static let nearlyMonoDB = -30.0
  /// A side-to-mid ratio above this has no centre whatever the genre: the side is as loud as the mid, dB.
  static let noCentreDB = 0.0
  /// Crossover under which the low end should be mono, Hz.
  static let monoBelowHz = 120.0

  static func findings(_ context: JudgementContext, skipped: inout [String]) -> [Suggestion] {
    guard let stereo = context.analysis.stereo else {
      skipped.append("stereo: the file is mono.")
      return []
    }
    var findings: [Suggestion] = []
    let profile = context.profile.features
    // Negative correlation with a normal image above 250 Hz (side below mid) comes from the
    // low end alone: that is a wide or out-of-phase bass, reported below, not a flipped channel.
    let imageIsNormal = (stereo.imageWidth ?? -.infinity) < 0
    let bassOnlyOutOfPhase = imageIsNormal && (stereo.lowEndCorrelation ?? 1) < 0
    let polarityFlipped = (stereo.correlation ?? 1) < 0 && !bassOnlyOutOfPhase
    if polarityFlipped, let correlation = stereo.correlation {
      findings.append(Suggestion(
        code: .stereoPhase, severity: .problem,
        message: "Left and right are out of phase (correlation \(oneDecimal(correlation))): the mix will largely cancel in mono.",
        advice: "Flip the polarity of one channel (or of the part that was flipped) and listen in mono.",
        measured: correlation, expected: 0...1, action: .polarity(channel: "right"), weight: 10 - correlation * 5))
    } else if !bassOnlyOutOfPhase, let p5 = stereo.correlationP5, p5 < -0.3 {
      findings.append(Suggestion(
        code: .stereoPhase, severity: .warning,
        message: "Part of the track is out of phase (5th-percentile correlation \(oneDecimal(p5))): it will thin out or vanish in mono.",
        advice: "Find the passage with a correlation meter; check wideners and polarity of the parts playing there.",
        measured: p5, expected: -0.3...1, action: nil, weight: 4 - p5 * 3))
    }
    // A whole-track polarity flip also inverts the low end: one finding, not two. And when
    // the bass band sits 10 dB under the genre's 10th percentile the finding is "no bass"
    // (a spectral deficit), not the width of what little is left.
    let lowEndMissing = context.analysis.spectrum.normalizedNamedBands.bass
      .map { $0 < context.profile.namedBands.bass.p10 - 10 } ?? true
    if !polarityFlipped, !lowEndMissing, let lowEnd = stereo.lowEndCorrelation {
      let threshold = min(profile.lowEndCorrelation.p10 - 0.1, 0.9)
      if lowEnd < threshold {
        findings.append(Suggestion(
          code: .stereoLowEndWide, severity: lowEnd < 0.3 ? .problem : .warning,
          message: "The low end is not mono (correlation below 150 Hz \(oneDecimal(lowEnd)), expected at least \(oneDecimal(threshold))): bass will cancel on mono systems.",
          advice: "Make everything below about \(Int(monoBelowHz)) Hz mono (side high-pass), and keep kick and bass centred.",
          measured: lowEnd, expected: threshold...1, action: .stereo(sideGainDB: nil, monoBelowHz: monoBelowHz),
          weight: (threshold - lowEnd) * 10))
      }
    }
    findings += widthFindings(stereo.imageWidth, profile.imageWidth, context)
    return findings
  }

  private static func widthFindings(_ width: Double?, _ distribution: Distribution, _ context: JudgementContext) -> [Suggestion] {
    let measured = max(width ?? -40, -40)
    let range = context.range(distribution, margin: widthMargin)
    if measured < max(range.lowerBound, nearlyMonoDB) {
      let nearlyMono = measured < nearlyMonoDB
      let sideGain = nearlyMono ? nil : Suggestion.rounded(min(6, distribution.median - measured))
      return [Suggestion(
        code: .stereoNarrow, severity: nearlyMono ? .warning : .info,
        message: width.map { "The image is narrow (above 250 Hz the side sits \(oneDecimal(-$0)) dB below the mid), under \(context.rangeOwner) range." }
          ?? "The mix is mono: left and right are identical.",
        advice: nearlyMono
          ? "Pan parts apart or use double-tracked parts; side gain cannot widen a mono signal."
          : "Raise the side level by about \(oneDecimal(sideGain ?? 0)) dB, or pan parts wider.",
        measured: width, expected: range,
        action: sideGain.map { .stereo(sideGainDB: $0, monoBelowHz: nil) }, weight: max(range.lowerBound, nearlyMonoDB) - measured)]
    }
    if measured > min(range.upperBound, noCentreDB) {
      let sideGain = Suggestion.rounded(-min(6, measured - distribution.median))
      return [Suggestion(
        code: .stereoTooWide, severity: measured > noCentreDB ? .warning : .info,
        message: "The image is very wide (above 250 Hz the side sits only \(oneDecimal(-measured)) dB below the mid), above \(context.rangeOwner) range: the centre thins out and mono suffers.",
        advice: "Lower the side level by about \(oneDecimal(-sideGain)) dB, or narrow the widest parts.",
        measured: measured, expected: range, action: .stereo(sideGainDB: sideGain, monoBelowHz: nil),
        weight: measured - min(range.upperBound, noCentreDB))]
    }
    return []
  }
}
