import CSndFile

/// A lossy codec and setting that libsndfile 1.2 can encode, for the codec preview.
///
/// Settings reach the encoder through `SFC_SET_COMPRESSION_LEVEL` (0 = best quality, 1 = most
/// compressed), which libsndfile maps per codec:
/// - MP3 (LAME, constant bitrate via `SFC_SET_BITRATE_MODE` = `SF_BITRATE_MODE_CONSTANT`):
///   kbps = 320 − c·288 at 32 kHz and above (MPEG-1, 32–320 kbps), 160 − c·152 at 16–32 kHz
///   (MPEG-2), 64 − c·56 below (MPEG-2.5); LAME then uses the nearest legal rate. So 320 kbps
///   is c = 0 and 128 kbps is c = 2/3.
/// - Vorbis: quality q = 1 − c (VBR); the preview keeps libsndfile's default q = 0.4 (about
///   128 kbps for 44.1 kHz stereo).
/// - Opus: bits/s = ((1 − c)·250 000 + 6 000) per channel; the preview asks 64 kbps per channel.
///   libopus encodes at 8, 12, 16, 24 or 48 kHz only; a track at another rate is converted to
///   48 kHz first, as Opus encoders (opusenc, ffmpeg) do.
public enum LossyCodec: Sendable, Equatable {
  /// MPEG-1/2 Layer III at a constant bitrate, kbps.
  case mp3(bitrateKbps: Int)
  /// Ogg Vorbis at libsndfile's default quality.
  case vorbis
  /// Ogg Opus at 64 kbps per channel.
  case opus

  /// The codecs `dubplate analyze --codec-preview` tries, in report order.
  public static let previewSet: [LossyCodec] = [.mp3(bitrateKbps: 320), .mp3(bitrateKbps: 128), .vorbis, .opus]

  /// Sample rates libopus accepts, Hz.
  public static let opusSampleRates: Set<Int> = [8_000, 12_000, 16_000, 24_000, 48_000]

  /// Name in reports and JSON: `mp3`, `vorbis`, `opus`.
  public var name: String {
    switch self {
    case .mp3: return "mp3"
    case .vorbis: return "vorbis"
    case .opus: return "opus"
    }
  }

  /// Opus's target per channel, kbps.
  static let opusKbpsPerChannel = 64

  /// The bitrate asked of the encoder, kbps; `nil` for Vorbis (quality-driven VBR).
  public func nominalBitrateKbps(channelCount: Int) -> Int? {
    switch self {
    case .mp3(let kbps): return kbps
    case .vorbis: return nil
    case .opus: return Self.opusKbpsPerChannel * channelCount
    }
  }

  /// Why this codec cannot encode a track of this shape, or `nil` when it can be tried.
  public func unsupportedReason(sampleRate: Int, channelCount: Int) -> String? {
    switch self {
    case .mp3(let kbps):
      if channelCount > 2 { return "MP3 holds one or two channels; the track has \(channelCount)." }
      let largestKbps = Self.mp3Range(sampleRate: sampleRate).upperBound
      if kbps > largestKbps {
        return "MP3 at \(sampleRate) Hz reaches at most \(largestKbps) kbps."
      }
      return nil
    case .vorbis, .opus:
      return nil
    }
  }

  /// The rate the encoder runs at for a track at `sampleRate`: Opus's 48 kHz when libopus cannot
  /// take the track's own rate, else the track's.
  public func encodingSampleRate(trackSampleRate sampleRate: Int) -> Int {
    if case .opus = self, !Self.opusSampleRates.contains(sampleRate) { return 48_000 }
    return sampleRate
  }

  /// The libsndfile major type and subtype.
  var sndFileFormat: Int32 {
    switch self {
    case .mp3: return Int32(SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III)
    case .vorbis: return Int32(SF_FORMAT_OGG | SF_FORMAT_VORBIS)
    case .opus: return Int32(SF_FORMAT_OGG | SF_FORMAT_OPUS)
    }
  }

  /// The `SFC_SET_COMPRESSION_LEVEL` value for this setting, `nil` to keep libsndfile's default.
  func compressionLevel(sampleRate: Int) -> Double? {
    switch self {
    case .mp3(let kbps):
      let range = Self.mp3Range(sampleRate: sampleRate)
      // A hair under the exact level, so libsndfile's truncation to int lands on `kbps`.
      let exact = Double(range.upperBound - kbps) / Double(range.upperBound - range.lowerBound)
      return max(0, exact - 1e-9)
    case .vorbis:
      return nil
    case .opus:
      return 1 - Double(Self.opusKbpsPerChannel * 1000 - 6000) / 250_000
    }
  }

  /// The bitrates libsndfile maps compression levels onto at `sampleRate` (MPEG-1, 2 or 2.5).
  static func mp3Range(sampleRate: Int) -> ClosedRange<Int> {
    sampleRate >= 32_000 ? 32...320 : sampleRate >= 16_000 ? 8...160 : 8...64
  }
}
