import DubplateDSP

/// One value per named band (sub, bass, low-mid, mid, high-mid, air), written to JSON in
/// that order with the band names as keys; a band above Nyquist or without energy is `null`.
public struct NamedBandValues: Sendable, Equatable, Codable {
  @NullableNumber public var sub: Double?
  @NullableNumber public var bass: Double?
  @NullableNumber public var lowMid: Double?
  @NullableNumber public var mid: Double?
  @NullableNumber public var highMid: Double?
  @NullableNumber public var air: Double?

  private enum CodingKeys: String, CodingKey {
    case sub, bass, lowMid = "low-mid", mid, highMid = "high-mid", air
  }

  public init() {}

  /// Takes the values of a `[NamedBand: Double]` map; missing or non-finite entries are `nil`.
  public init(_ values: [NamedBand: Double]) {
    for band in NamedBand.allCases { self[band] = values[band] }
  }

  /// The value of one band.
  public subscript(band: NamedBand) -> Double? {
    get {
      switch band {
      case .sub: sub
      case .bass: bass
      case .lowMid: lowMid
      case .mid: mid
      case .highMid: highMid
      case .air: air
      }
    }
    set {
      switch band {
      case .sub: sub = newValue
      case .bass: bass = newValue
      case .lowMid: lowMid = newValue
      case .mid: mid = newValue
      case .highMid: highMid = newValue
      case .air: air = newValue
      }
    }
  }

  /// Each value shifted by `offset` (e.g. minus the integrated loudness).
  public func shifted(by offset: Double) -> NamedBandValues {
    var result = NamedBandValues()
    for band in NamedBand.allCases { result[band] = self[band].map { $0 + offset } }
    return result
  }
}
