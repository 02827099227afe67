/// A measurement that may be undefined, stored as `Double?` and written to JSON as a number or `null`.
///
/// JSON cannot hold NaN or ±Infinity, and Swift's synthesised `Codable` would drop a `nil`
/// key altogether; the analysis contract promises every key with `null` where a value is
/// undefined (silence, too short, mono). Non-finite values are written as `null` too.
@propertyWrapper
public struct NullableNumber: Sendable, Equatable, Codable {
  private var value: Double?

  /// The value, or `nil` when undefined; assigning a non-finite value stores `nil`.
  public var wrappedValue: Double? {
    get { value }
    set { value = newValue.flatMap { $0.isFinite ? $0 : nil } }
  }

  public init(wrappedValue: Double?) {
    value = wrappedValue.flatMap { $0.isFinite ? $0 : nil }
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    value = container.decodeNil() ? nil : try container.decode(Double.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    if let value {
      try container.encode(value)
    } else {
      try container.encodeNil()
    }
  }
}

extension Double {
  /// `self` when finite, else `nil`: the bridge from meters (which say −∞ for silence) to the contract.
  public var finiteOrNil: Double? { isFinite ? self : nil }
}
