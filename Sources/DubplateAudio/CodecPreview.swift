/// What one lossy codec does to a track's peaks: its true peak and overs after encoding and
/// decoding, and the ceiling that would have kept it at or under 0 dBTP.
///
/// JSON: every key is present; values that do not exist (a skipped codec, a silent track) are
/// `null`, and `skipped` holds the reason a codec was not run (else `null`).
public struct CodecPreview: Sendable, Equatable, Codable {
  /// `mp3`, `vorbis` or `opus`.
  public var codec: String
  /// Bitrate asked of the encoder (MP3, Opus) or measured from the encoded size (Vorbis), kbps.
  public var bitrateKbps: Int?
  /// True peak of the decoded signal (4× oversampled), dBTP.
  public var truePeakDBTP: Double?
  /// Oversampled values above 0 dBTP in the decoded signal, over all channels (see ``TruePeakOverCounter``).
  public var overs: Int?
  /// The true-peak ceiling a master should be limited to for this codec to stay clean:
  /// `0 − max(0, rise) − 0.1 dB`, where rise = codec true peak − source true peak, then,
  /// when the codec came within 0.1 dB of 0 dBTP, checked (and lowered) by up to three more
  /// round trips of the source scaled to it (see ``CodecRoundTrip``).
  public var safeCeilingDBTP: Double?
  /// Why the codec was not run, or `nil`.
  public var skipped: String?

  /// Margin kept under 0 dBTP by ``safeCeilingDBTP``, dB: encoders are not exactly linear, so
  /// lowering a master by the rise alone can leave a stray over.
  public static let ceilingMarginDB = 0.1

  public init(
    codec: String, bitrateKbps: Int?, truePeakDBTP: Double?, overs: Int?, safeCeilingDBTP: Double?,
    skipped: String?
  ) {
    self.codec = codec
    self.bitrateKbps = bitrateKbps
    self.truePeakDBTP = truePeakDBTP.flatMap { $0.isFinite ? $0 : nil }
    self.overs = overs
    self.safeCeilingDBTP = safeCeilingDBTP.flatMap { $0.isFinite ? $0 : nil }
    self.skipped = skipped
  }

  /// A codec that was not run, and why.
  public static func skipped(_ codec: LossyCodec, reason: String, channelCount: Int) -> CodecPreview {
    CodecPreview(
      codec: codec.name, bitrateKbps: codec.nominalBitrateKbps(channelCount: channelCount), truePeakDBTP: nil,
      overs: nil, safeCeilingDBTP: nil, skipped: reason)
  }

  /// The ceiling that keeps the codec's output at or under 0 dBTP, given the source's and the
  /// decoded signal's true peaks (dBTP). The codec's overshoot is taken to scale with level,
  /// so limiting the master `rise` dB lower lowers the decoded peak by as much. `nil` when
  /// either peak is undefined (silence).
  public static func safeCeilingDBTP(sourceTruePeakDBTP: Double, codecTruePeakDBTP: Double) -> Double? {
    guard sourceTruePeakDBTP.isFinite, codecTruePeakDBTP.isFinite else { return nil }
    return -max(0, codecTruePeakDBTP - sourceTruePeakDBTP) - ceilingMarginDB
  }

  private enum CodingKeys: String, CodingKey {
    case codec, bitrateKbps, truePeakDBTP, overs, safeCeilingDBTP, skipped
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(codec, forKey: .codec)
    try container.encode(bitrateKbps, forKey: .bitrateKbps)
    try container.encode(truePeakDBTP, forKey: .truePeakDBTP)
    try container.encode(overs, forKey: .overs)
    try container.encode(safeCeilingDBTP, forKey: .safeCeilingDBTP)
    try container.encode(skipped, forKey: .skipped)
  }
}
