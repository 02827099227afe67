import DubplateAnalysis
import DubplateDSP
import DubplateProfiles
import Foundation

/// Tonal balance: the six named bands of the loudness-normalised spectrum against the profile.
///
/// The track's band levels are first re-centred by the median deviation of its 1/3-octave
/// bands from the profile's, so one region pushed up shows as that region's excess rather than
/// as a deficit everywhere else (a shelf or a bell moves fewer than half of the ~30 bands, so
/// the median stays on the untouched ones), and a track mastered hotter or quieter is judged
/// by its shape alone.
/// A band is flagged when it lies more than ``margin`` outside the profile's p10–p90 range.
enum SpectrumRules {
  /// dB beyond the profile's p10–p90 range before a band is flagged: about the smallest
  /// broadband change a listener notices on a full mix, so a track is not called muddy for
  /// sitting a hair outside a range estimated from a few dozen recordings.
  static let margin = 2.0
  /// Share of the deviation from the profile's median that the suggested EQ move corrects:
  /// a broad EQ on a full mix moves the band by less than its gain, and a gentle move is
  /// safer than a literal match (Ozone 7 manual, p. 48: apply less than the matched curve).
  static let correctionShare = 0.6
  /// Largest EQ move suggested, dB.
  static let maximumGainDB = 6.0

  static func findings(_ context: JudgementContext, skipped: inout [String]) -> [Suggestion] {
    let spectrum = context.analysis.spectrum
    let available = NamedBand.allCases.filter { spectrum.normalizedNamedBands[$0] != nil }
    guard available.count >= 3 else {
      skipped.append("spectrum: no loudness-normalised spectrum (integrated loudness undefined or too few bands below Nyquist).")
      return []
    }
    let offset = levelOffset(context) ?? Distribution.percentile(
      available.map { spectrum.normalizedNamedBands[$0]! - context.profile.namedBands[$0].median }.sorted(), 0.5)
    return available.compactMap { band in
      finding(band: band, level: spectrum.normalizedNamedBands[band]! - offset, offset: offset, context)
    }
  }

  /// Median over the 1/3-octave bands of (track − profile median); `nil` with fewer than 8 bands in common.
  private static func levelOffset(_ context: JudgementContext) -> Double? {
    let profileMedians = Dictionary(uniqueKeysWithValues: context.profile.bands.map { ($0.hz, $0.level.median) })
    let deviations = context.analysis.spectrum.normalizedBands.compactMap { band -> Double? in
      guard let db = band.db, let median = profileMedians[band.hz] else { return nil }
      return db - median
    }
    return deviations.count >= 8 ? Distribution.percentile(deviations.sorted(), 0.5) : nil
  }

  private static func finding(band: NamedBand, level: Double, offset: Double, _ context: JudgementContext) -> Suggestion? {
    let distribution = context.profile.namedBands[band]
    let range = context.range(distribution, margin: margin)
    guard !range.contains(level) else { return nil }
    let excess = level > range.upperBound
    let beyond = excess ? level - distribution.p90 : distribution.p10 - level
    let fromMedian = level - distribution.median
    let gain = (max(-maximumGainDB, min(maximumGainDB, -fromMedian * correctionShare)) * 2).rounded() / 2
    let (shape, hz, q) = eqMove(band: band, excess: excess, offset: offset, context)
    let range10to90 = "\(hzLabel(band.lowerHz))-\(hzLabel(band.upperHz)) Hz"
    let verb = gain < 0 ? "Cut" : "Boost"
    let shapeText = shape == .bell ? String(format: "with a bell, Q %.1f", q ?? 1) : "with a \(shape.rawValue)"
    return Suggestion(
      code: .spectrum(band, excess: excess),
      severity: beyond >= 4 ? .problem : beyond >= margin ? .warning : .info,
      message: "\(band.displayName.prefix(1).uppercased() + band.displayName.dropFirst()) (\(range10to90)) sit "
        + "\(oneDecimal(beyond)) dB \(excess ? "above" : "below") \(context.rangeOwner) range: "
        + "the mix sounds \(excess ? band.excessCharacter : band.deficitCharacter).",
      advice: "\(verb) about \(oneDecimal(abs(gain))) dB at \(hzText(hz)) \(shapeText), on the mix bus or on the part that crowds this range.",
      measured: fromMedian,
      expected: (distribution.p10 - distribution.median)...(distribution.p90 - distribution.median),
      action: .eq(shape: shape, hz: hz, gainDB: gain, q: q),
      weight: beyond)
  }

  /// Where and how to EQ: the 1/3-octave band inside the named band that deviates most in
  /// the flagged direction (when the profile has band data), with a shape suited to the band.
  private static func eqMove(band: NamedBand, excess: Bool, offset: Double, _ context: JudgementContext)
    -> (SuggestionAction.EQShape, Double, Double?)
  {
    switch band {
    case .sub: return (.lowShelf, 60, 0.7)
    case .air: return (.highShelf, excess ? 8000 : 10000, 0.7)
    default: break
    }
    let profileBands = Dictionary(uniqueKeysWithValues: context.profile.bands.map { ($0.hz, $0.level.median) })
    let candidates = context.analysis.spectrum.normalizedBands.compactMap { measured -> (Double, Double)? in
      guard measured.hz >= band.lowerHz, measured.hz < band.upperHz, let db = measured.db,
        let median = profileBands[measured.hz]
      else { return nil }
      return (measured.hz, (db - offset - median) * (excess ? 1 : -1))
    }
    let center = candidates.max { $0.1 < $1.1 }?.0 ?? (band.lowerHz * band.upperHz).squareRoot()
    let q = switch band {
    case .bass: 0.8
    case .mid: 0.9
    default: 1.0
    }
    return (.bell, center, q)
  }

  /// 250, 2k, 20k: band edges as producers write them.
  private static func hzLabel(_ hz: Double) -> String {
    hz >= 1000 ? "\(Int(hz / 1000))k" : "\(Int(hz))"
  }

  private static func hzText(_ hz: Double) -> String {
    hz >= 1000 ? String(format: hz.truncatingRemainder(dividingBy: 1000) == 0 ? "%.0f kHz" : "%.1f kHz", hz / 1000) : String(format: "%.0f Hz", hz)
  }
}
