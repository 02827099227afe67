/// One finding of the judge: what is off, by how much, and the move that fixes it.
///
/// `code` is stable (see ``SuggestionCode``); scripts and tests key on it, never on the prose.
public struct Suggestion: Sendable, Equatable, Codable {
  /// Stable identifier, e.g. `spectrum.low-mid.excess`.
  public var code: String
  public var severity: Severity
  /// Why: the measured value against the expected range, in one sentence.
  public var message: String
  /// What to do, in one sentence a beginner can act on.
  public var advice: String
  /// The measured value (for spectral codes: the deviation from the profile's median, dB).
  public var measured: Double?
  /// The acceptable range on the same scale as `measured`.
  public var expected: [Double]?
  /// The move, with parameters to dial in.
  public var action: SuggestionAction?
  /// How much the change would matter; findings are ranked by severity, then this.
  public var weight: Double

  public init(
    code: SuggestionCode, severity: Severity, message: String, advice: String, measured: Double?,
    expected: ClosedRange<Double>?, action: SuggestionAction?, weight: Double
  ) {
    self.code = code.rawValue
    self.severity = severity
    self.message = message
    self.advice = advice
    self.measured = measured.map(Self.rounded)
    self.expected = expected.map { [Self.rounded($0.lowerBound), Self.rounded($0.upperBound)] }
    self.action = action
    self.weight = Self.rounded(weight)
  }

  /// One decimal is all a meter reading or a knob needs; it also keeps JSON stable.
  static func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}

/// How much a finding matters.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
  /// Worth knowing; a matter of taste or of small size.
  case info
  /// Likely audible or likely to cost loudness on a platform.
  case warning
  /// A defect: clipping, phase cancellation, overs, or a large deviation.
  case problem

  private var rank: Int {
    switch self {
    case .info: 0
    case .warning: 1
    case .problem: 2
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
