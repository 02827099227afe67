/// The loudspeaker position of a channel, in the vocabulary of ITU-R BS.1770-4 Table 4.
///
/// The role decides a channel's weight in loudness: front channels 1.0, surround
/// channels 1.41 (+1.5 dB), the LFE channel excluded (BS.1770-4, Annex 1, Table 3).
public enum ChannelRole: String, Sendable, Codable, CaseIterable {
  case left, right, center, lowFrequencyEffects, leftSurround, rightSurround
  /// Mono programme: one channel weighted 1.0.
  case mono
  /// A channel with no standard position (counted with weight 1.0).
  case other

  /// Weighting G_i of BS.1770-4 Table 3.
  public var loudnessWeight: Double {
    switch self {
    case .leftSurround, .rightSurround: return 1.41
    case .lowFrequencyEffects: return 0
    default: return 1
    }
  }

  /// Default roles for a channel count, in WAVE order: 1 mono, 2 L R, 3 L R C,
  /// 4 L R Ls Rs, 5 L R C Ls Rs, 6 L R C LFE Ls Rs (5.1), 8 adds Ls Rs as 7.1's rear pair.
  public static func defaultLayout(channelCount: Int) -> [ChannelRole] {
    switch channelCount {
    case 1: return [.mono]
    case 2: return [.left, .right]
    case 3: return [.left, .right, .center]
    case 4: return [.left, .right, .leftSurround, .rightSurround]
    case 5: return [.left, .right, .center, .leftSurround, .rightSurround]
    case 6: return [.left, .right, .center, .lowFrequencyEffects, .leftSurround, .rightSurround]
    case 8:
      return [
        .left, .right, .center, .lowFrequencyEffects, .leftSurround, .rightSurround,
        .leftSurround, .rightSurround,
      ]
    default: return Array(repeating: .other, count: channelCount)
    }
  }
}
