import CSndFile
import DubplateDSP

/// Translation between libsndfile channel-map positions (`SF_CHANNEL_MAP_*`) and
/// BS.1770-4 ``ChannelRole``s.
enum SndFileChannelMap {
  /// The roles of a file's channels from its channel map, or nil when the file carries none
  /// (plain WAV, AIFF, FLAC, WAVEX with a zero mask).
  static func roles(of file: OpaquePointer, channelCount: Int) -> [ChannelRole]? {
    var positions = [Int32](repeating: 0, count: channelCount)
    let byteCount = Int32(channelCount * MemoryLayout<Int32>.size)
    let found = sf_command(file, Int32(SFC_GET_CHANNEL_MAP_INFO), &positions, byteCount)
    guard found == SF_TRUE else { return nil }
    let roles = positions.map { role(of: Int($0)) }
    if channelCount == 1, roles[0] == .center || roles[0] == .mono { return [.mono] }
    return roles
  }

  /// The BS.1770-4 role of one libsndfile position; rear and side pairs are both surrounds.
  static func role(of position: Int) -> ChannelRole {
    switch position {
    case SF_CHANNEL_MAP_MONO: return .mono
    case SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_FRONT_LEFT: return .left
    case SF_CHANNEL_MAP_RIGHT, SF_CHANNEL_MAP_FRONT_RIGHT: return .right
    case SF_CHANNEL_MAP_CENTER, SF_CHANNEL_MAP_FRONT_CENTER: return .center
    case SF_CHANNEL_MAP_LFE: return .lowFrequencyEffects
    case SF_CHANNEL_MAP_REAR_LEFT, SF_CHANNEL_MAP_SIDE_LEFT: return .leftSurround
    case SF_CHANNEL_MAP_REAR_RIGHT, SF_CHANNEL_MAP_SIDE_RIGHT: return .rightSurround
    default: return .other
    }
  }

  /// The WAVE_FORMAT_EXTENSIBLE positions Dubplate writes for the multichannel layouts of
  /// ``ChannelRole/defaultLayout(channelCount:)``; nil for counts with no standard layout.
  static func defaultPositions(channelCount: Int) -> [Int32]? {
    let positions: [Int]
    switch channelCount {
    case 3: positions = [SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT, SF_CHANNEL_MAP_CENTER]
    case 4:
      positions = [
        SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT, SF_CHANNEL_MAP_REAR_LEFT,
        SF_CHANNEL_MAP_REAR_RIGHT,
      ]
    case 5:
      positions = [
        SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT, SF_CHANNEL_MAP_CENTER,
        SF_CHANNEL_MAP_REAR_LEFT, SF_CHANNEL_MAP_REAR_RIGHT,
      ]
    case 6:
      positions = [
        SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT, SF_CHANNEL_MAP_CENTER, SF_CHANNEL_MAP_LFE,
        SF_CHANNEL_MAP_REAR_LEFT, SF_CHANNEL_MAP_REAR_RIGHT,
      ]
    case 8:
      positions = [
        SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT, SF_CHANNEL_MAP_CENTER, SF_CHANNEL_MAP_LFE,
        SF_CHANNEL_MAP_REAR_LEFT, SF_CHANNEL_MAP_REAR_RIGHT, SF_CHANNEL_MAP_SIDE_LEFT,
        SF_CHANNEL_MAP_SIDE_RIGHT,
      ]
    default: return nil
    }
    return positions.map { Int32($0) }
  }
}
