/// The six ranges producers talk about, from sub to air.
///
/// Edges in Hz: sub 20–60, bass 60–250, low-mid 250–500, mid 500–2000,
/// high-mid 2000–6000, air 6000–20000. Adjacent bands share an edge, so their powers add
/// up to the power between 20 Hz and 20 kHz (or Nyquist, if lower).
public enum NamedBand: String, CaseIterable, Sendable, Codable {
  case sub, bass, lowMid = "low-mid", mid, highMid = "high-mid", air

  /// The lower edge, in Hz.
  public var lowerHz: Double {
    switch self {
    case .sub: return 20
    case .bass: return 60
    case .lowMid: return 250
    case .mid: return 500
    case .highMid: return 2000
    case .air: return 6000
    }
  }

  /// The upper edge, in Hz (before capping at Nyquist).
  public var upperHz: Double {
    switch self {
    case .sub: return 60
    case .bass: return 250
    case .lowMid: return 500
    case .mid: return 2000
    case .highMid: return 6000
    case .air: return 20000
    }
  }

  /// The band as measured at `sampleRate`: upper edge capped at Nyquist; `nil` when the
  /// lower edge is at or above Nyquist.
  public func band(sampleRate: Double) -> FrequencyBand? {
    let nyquistHz = sampleRate / 2
    guard lowerHz < nyquistHz else { return nil }
    return FrequencyBand(
      nominalCenterHz: (lowerHz * upperHz).squareRoot(), lowerHz: lowerHz,
      upperHz: min(upperHz, nyquistHz))
  }
}
