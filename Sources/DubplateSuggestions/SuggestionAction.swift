/// A concrete move with parameters a user can dial into a plug-in.
///
/// JSON: `{"type": "eq", "shape": "bell", "hz": 320, "gainDB": -3.0, "q": 1.0}`; only the
/// keys that apply to the type are written.
public enum SuggestionAction: Sendable, Equatable, Codable {
  /// An EQ band.
  case eq(shape: EQShape, hz: Double, gainDB: Double?, q: Double?)
  /// A level change, dB.
  case gain(gainDB: Double)
  /// A true-peak limiter with this ceiling, and the gain into it.
  case limiter(ceilingDBTP: Double, gainDB: Double?)
  /// Mid/side moves: side gain, and/or mono below a crossover.
  case stereo(sideGainDB: Double?, monoBelowHz: Double?)
  /// Flip the polarity of one channel.
  case polarity(channel: String)
  /// Less (or more) dynamics control: back the limiter off by `reduceLimitingDB`, aim for `targetPLR`.
  case dynamics(reduceLimitingDB: Double?, targetPLR: Double?)

  /// Filter shapes of the ``eq(shape:hz:gainDB:q:)`` action.
  public enum EQShape: String, Sendable, Codable {
    case bell, lowShelf = "low-shelf", highShelf = "high-shelf", highPass = "high-pass", lowPass = "low-pass"
  }

  private enum CodingKeys: String, CodingKey {
    case type, shape, hz, gainDB, q, ceilingDBTP, sideGainDB, monoBelowHz, channel, reduceLimitingDB, targetPLR
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .eq(let shape, let hz, let gainDB, let q):
      try container.encode("eq", forKey: .type)
      try container.encode(shape, forKey: .shape)
      try container.encode(hz, forKey: .hz)
      try container.encodeIfPresent(gainDB, forKey: .gainDB)
      try container.encodeIfPresent(q, forKey: .q)
    case .gain(let gainDB):
      try container.encode("gain", forKey: .type)
      try container.encode(gainDB, forKey: .gainDB)
    case .limiter(let ceiling, let gainDB):
      try container.encode("limiter", forKey: .type)
      try container.encode(ceiling, forKey: .ceilingDBTP)
      try container.encodeIfPresent(gainDB, forKey: .gainDB)
    case .stereo(let sideGainDB, let monoBelowHz):
      try container.encode("stereo", forKey: .type)
      try container.encodeIfPresent(sideGainDB, forKey: .sideGainDB)
      try container.encodeIfPresent(monoBelowHz, forKey: .monoBelowHz)
    case .polarity(let channel):
      try container.encode("polarity", forKey: .type)
      try container.encode(channel, forKey: .channel)
    case .dynamics(let reduce, let target):
      try container.encode("dynamics", forKey: .type)
      try container.encodeIfPresent(reduce, forKey: .reduceLimitingDB)
      try container.encodeIfPresent(target, forKey: .targetPLR)
    }
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    switch try container.decode(String.self, forKey: .type) {
    case "eq":
      self = .eq(
        shape: try container.decode(EQShape.self, forKey: .shape), hz: try container.decode(Double.self, forKey: .hz),
        gainDB: try container.decodeIfPresent(Double.self, forKey: .gainDB),
        q: try container.decodeIfPresent(Double.self, forKey: .q))
    case "gain":
      self = .gain(gainDB: try container.decode(Double.self, forKey: .gainDB))
    case "limiter":
      self = .limiter(
        ceilingDBTP: try container.decode(Double.self, forKey: .ceilingDBTP),
        gainDB: try container.decodeIfPresent(Double.self, forKey: .gainDB))
    case "stereo":
      self = .stereo(
        sideGainDB: try container.decodeIfPresent(Double.self, forKey: .sideGainDB),
        monoBelowHz: try container.decodeIfPresent(Double.self, forKey: .monoBelowHz))
    case "polarity":
      self = .polarity(channel: try container.decode(String.self, forKey: .channel))
    case "dynamics":
      self = .dynamics(
        reduceLimitingDB: try container.decodeIfPresent(Double.self, forKey: .reduceLimitingDB),
        targetPLR: try container.decodeIfPresent(Double.self, forKey: .targetPLR))
    case let other:
      throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown action type \"\(other)\"")
    }
  }
}
