import DubplateProfiles

/// Dynamics: over-compression (PLR, crest factor) and excess dynamics (LRA, PLR).
enum DynamicsRules {
  /// dB outside the profile's p10–p90 range before a master is called over-compressed: a
  /// limiter's change of PLR is audible from about 2 dB.
  static let margin = 2.0
  /// dB (or LU) beyond the range before extra dynamics are mentioned: wider than ``margin``
  /// because more dynamics is a matter of taste, while lost peaks are damage.
  static let tooDynamicMargin = 3.0
  /// Below this PLR a master is over-limited for any genre, dB.
  static let minimumPLR = 6.0

  static func findings(_ context: JudgementContext, skipped: inout [String]) -> [Suggestion] {
    let analysis = context.analysis
    let features = context.profile.features
    var findings: [Suggestion] = []
    guard let plr = analysis.loudness.plr else {
      skipped.append("dynamics: PLR is undefined (silent or shorter than 400 ms).")
      return []
    }
    let plrRange = context.range(features.plr, margin: margin)
    let crestLow = analysis.dynamics.crestFactor.map { $0 < features.crestFactor.p10 - margin } ?? false
    if plr < plrRange.lowerBound || plr < minimumPLR || crestLow {
      let reduce = Suggestion.rounded(max(1, features.plr.median - plr))
      findings.append(Suggestion(
        code: .overCompressed, severity: plr < minimumPLR ? .warning : .info,
        message: "Peak-to-loudness ratio is \(oneDecimal(plr)) dB, under \(context.rangeOwner) range of \(oneDecimal(features.plr.p10))–\(oneDecimal(features.plr.p90)) dB: peaks were limited away and the track sounds flat.",
        advice: "Back the limiter (or clipper) off by about \(oneDecimal(reduce)) dB; normalising platforms will not reward the extra loudness.",
        measured: plr, expected: plrRange,
        action: .dynamics(reduceLimitingDB: reduce, targetPLR: Suggestion.rounded(features.plr.median)),
        weight: max(plrRange.lowerBound - plr, minimumPLR - plr, 0.5) + 1))
    }
    if let range = analysis.loudness.range {
      let lraRange = context.range(features.range, margin: tooDynamicMargin)
      let plrUpper = features.plr.p90 + tooDynamicMargin
      if range > lraRange.upperBound || plr > plrUpper {
        let byRange = range > lraRange.upperBound
        findings.append(Suggestion(
          code: .tooDynamic, severity: .info,
          message: byRange
            ? "Loudness range is \(oneDecimal(range)) LU, above \(context.rangeOwner) \(oneDecimal(features.range.p10))–\(oneDecimal(features.range.p90)) LU: quiet passages may vanish in a car or on a phone."
            : "Peak-to-loudness ratio is \(oneDecimal(plr)) dB, above \(context.rangeOwner) range: the track will sound quieter than others at the same peak level.",
          advice: byRange
            ? "Ride the quiet sections up, or use gentle bus compression (2:1, slow attack, 2–3 dB of gain reduction)."
            : "Add gentle compression and limiting to bring PLR toward \(oneDecimal(features.plr.median)) dB.",
          measured: byRange ? range : plr, expected: byRange ? lraRange : plrRange.lowerBound...plrUpper,
          action: .dynamics(reduceLimitingDB: nil, targetPLR: Suggestion.rounded(features.plr.median)),
          weight: byRange ? range - lraRange.upperBound : plr - plrUpper))
      }
    } else {
      skipped.append("dynamics: loudness range is undefined (shorter than 3 s).")
    }
    return findings
  }
}
