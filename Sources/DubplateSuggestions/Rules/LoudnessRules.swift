import Foundation

/// Integrated loudness against the target, and true peak against the ceiling (or mix headroom).
enum LoudnessRules {
  /// Integrated loudness may sit this far either side of the target, LU.
  static let loudnessTolerance = 1.0
  /// A mix should peak at or below this, dBTP, to leave the mastering engineer room.
  static let mixHeadroomDBTP = -3.0

  static func findings(_ context: JudgementContext, skipped: inout [String]) -> [Suggestion] {
    let loudness = context.analysis.loudness
    var findings: [Suggestion] = []
    if context.stage == .master {
      if let integrated = loudness.integrated {
        findings += loudnessFinding(integrated: integrated, truePeak: loudness.truePeak, context)
      } else {
        skipped.append("loudness: integrated loudness is undefined (silent or shorter than 400 ms).")
      }
    }
    guard let truePeak = loudness.truePeak else { return findings }
    let ceiling = context.stage == .master ? context.ceilingDBTP : mixHeadroomDBTP
    if truePeak > ceiling + 0.05 {
      let over = truePeak - ceiling
      let isMix = context.stage == .mix
      findings.append(Suggestion(
        code: .truePeakOver, severity: truePeak > 0 ? .problem : .warning,
        message: String(format: isMix
          ? "True peak reaches %.1f dBTP: the mix leaves %.1f dB less headroom than the %.0f dBTP a mastering engineer wants."
          : "True peak reaches %.1f dBTP, %.1f dB over the %.1f dBTP ceiling: lossy encoders and cheap converters will clip.",
          truePeak, over, ceiling),
        advice: isMix
          ? String(format: "Lower the mix bus by %.1f dB and take any limiter off it; aim for peaks between −6 and −3 dBFS.", over)
          : String(format: "Put a true-peak limiter last with its ceiling at %.1f dBTP.", ceiling),
        measured: truePeak, expected: -120...ceiling,
        action: isMix ? .gain(gainDB: -(over * 10).rounded(.up) / 10) : .limiter(ceilingDBTP: ceiling, gainDB: nil),
        weight: 6 + over))
    }
    return findings
  }

  private static func loudnessFinding(integrated: Double, truePeak: Double?, _ context: JudgementContext) -> [Suggestion] {
    let difference = integrated - context.targetLUFS
    guard abs(difference) > loudnessTolerance else { return [] }
    let quiet = difference < 0
    let gain = -difference
    let severity: Severity = abs(difference) > 6 ? .problem : abs(difference) > 3 ? .warning : .info
    let limiterNeeded = (truePeak ?? -120) + gain > context.ceilingDBTP
    return [Suggestion(
      code: quiet ? .loudnessTooQuiet : .loudnessTooLoud, severity: severity,
      message: String(format: quiet
        ? "Integrated loudness is %.1f LUFS, %.1f LU below the %.1f LUFS target: platforms that do not raise quiet tracks will play it quieter."
        : "Integrated loudness is %.1f LUFS, %.1f LU above the %.1f LUFS target: platforms will turn it down, so the extra loudness only costs dynamics.",
        integrated, abs(difference), context.targetLUFS),
      advice: quiet
        ? "Raise the level by \(oneDecimal(gain)) dB" + (limiterNeeded ? " into a true-peak limiter at \(oneDecimal(context.ceilingDBTP)) dBTP." : ".")
        : String(format: "Lower the limiter's input by %.1f dB.", -gain),
      measured: integrated, expected: (context.targetLUFS - loudnessTolerance)...(context.targetLUFS + loudnessTolerance),
      action: quiet && limiterNeeded ? .limiter(ceilingDBTP: context.ceilingDBTP, gainDB: Suggestion.rounded(gain)) : .gain(gainDB: Suggestion.rounded(gain)),
      weight: abs(difference))]
  }
}
