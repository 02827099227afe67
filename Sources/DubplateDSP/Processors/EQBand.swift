/// One band of a ``ParametricEQ``: a filter shape, its frequency, gain and Q.
///
/// Codable, so a mastering chain's EQ can be saved as JSON and replayed exactly; decoding
/// rejects the values the initialiser rejects, with the same sentence. Invalid values given to
/// the initialiser stop the program (`precondition`): they are programming errors, since the
/// command line validates what a user types before it builds a band.
public struct EQBand: Sendable, Equatable, Codable, CustomStringConvertible {
  /// The filter shape, each an RBJ Audio EQ Cookbook second-order section.
  public enum Shape: String, Sendable, Codable, CaseIterable {
    /// Boost or cut of `gainDB` centred on the frequency, bandwidth set by Q.
    case bell
    /// `gainDB` below the corner frequency.
    case lowShelf
    /// `gainDB` above the corner frequency.
    case highShelf
    /// 12 dB/octave high-pass (Q 1/√2: Butterworth, −3 dB at the cutoff).
    case highPass
    /// 12 dB/octave low-pass (Q 1/√2: Butterworth, −3 dB at the cutoff).
    case lowPass

    /// Whether the shape has a gain; the pass filters have none.
    public var hasGain: Bool { self != .highPass && self != .lowPass }
  }

  /// The filter shape.
  public let shape: Shape
  /// Centre (bell), corner (shelves) or cutoff (pass filters) frequency, in Hz.
  public let frequencyHz: Double
  /// Boost (positive) or cut (negative) in dB; 0 for the pass filters.
  public let gainDB: Double
  /// Quality factor: bandwidth of a bell, slope of a shelf, resonance of a pass filter.
  public let q: Double

  /// The gain range a band accepts, in dB.
  public static let gainRangeDB = -24.0...24.0
  /// The Q range a band accepts.
  public static let qRange = 0.1...20.0

  /// A band. `gainDB` must be 0 for `.highPass` and `.lowPass`.
  public init(shape: Shape, frequencyHz: Double, gainDB: Double = 0, q: Double = 0.7071) {
    if let problem = Self.problem(shape: shape, frequencyHz: frequencyHz, gainDB: gainDB, q: q) {
      preconditionFailure(problem)
    }
    (self.shape, self.frequencyHz, self.gainDB, self.q) = (shape, frequencyHz, gainDB, q)
  }

  /// A subsonic and DC clean-up filter: a Butterworth high-pass at `cutoffHz` (20–30 Hz is usual).
  public static func subsonicHighPass(cutoffHz: Double = 25) -> EQBand {
    EQBand(shape: .highPass, frequencyHz: cutoffHz, q: 0.7071)
  }

  /// The band's coefficients at `sampleRate`; its frequency must lie below Nyquist.
  public func coefficients(sampleRate: Double) -> BiquadCoefficients {
    precondition(
      frequencyHz < sampleRate / 2,
      "EQ band frequency \(frequencyHz) Hz must lie below Nyquist (\(sampleRate / 2) Hz).")
    switch shape {
    case .bell: return .peaking(centerHz: frequencyHz, gainDB: gainDB, q: q, sampleRate: sampleRate)
    case .lowShelf: return .lowShelf(cornerHz: frequencyHz, gainDB: gainDB, q: q, sampleRate: sampleRate)
    case .highShelf: return .highShelf(cornerHz: frequencyHz, gainDB: gainDB, q: q, sampleRate: sampleRate)
    case .highPass: return .highPass(cutoffHz: frequencyHz, q: q, sampleRate: sampleRate)
    case .lowPass: return .lowPass(cutoffHz: frequencyHz, q: q, sampleRate: sampleRate)
    }
  }

  /// Every parameter with its unit, e.g. `EQBand(shape: bell, frequencyHz: 1000.0, gainDB: 6.0, q: 1.0)`.
  public var description: String {
    "EQBand(shape: \(shape.rawValue), frequencyHz: \(frequencyHz), gainDB: \(gainDB), q: \(q))"
  }

  // MARK: - Codable

  private enum CodingKeys: String, CodingKey { case shape, frequencyHz, gainDB, q }

  /// Decodes a band, throwing `DecodingError.dataCorrupted` with the reason for invalid values.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let shape = try container.decode(Shape.self, forKey: .shape)
    let frequencyHz = try container.decode(Double.self, forKey: .frequencyHz)
    let gainDB = try container.decodeIfPresent(Double.self, forKey: .gainDB) ?? 0
    let q = try container.decode(Double.self, forKey: .q)
    if let problem = Self.problem(shape: shape, frequencyHz: frequencyHz, gainDB: gainDB, q: q) {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(codingPath: decoder.codingPath, debugDescription: problem))
    }
    (self.shape, self.frequencyHz, self.gainDB, self.q) = (shape, frequencyHz, gainDB, q)
  }

  /// The sentence that says why these values make no band, or nil if they do.
  private static func problem(shape: Shape, frequencyHz: Double, gainDB: Double, q: Double) -> String? {
    if !(frequencyHz > 0 && frequencyHz.isFinite) {
      return "EQ band frequency must be a positive number of hertz, not \(frequencyHz)."
    }
    if !qRange.contains(q) {
      return "EQ band Q must lie between \(qRange.lowerBound) and \(qRange.upperBound), not \(q)."
    }
    if shape.hasGain, !gainRangeDB.contains(gainDB) {
      return "EQ band gain must lie between \(gainRangeDB.lowerBound) and \(gainRangeDB.upperBound) dB, not \(gainDB)."
    }
    if !shape.hasGain, gainDB != 0 {
      return "A \(shape.rawValue) band has no gain; gainDB must be 0, not \(gainDB)."
    }
    return nil
  }
}
