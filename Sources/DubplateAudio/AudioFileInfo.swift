import DubplateDSP

/// The format facts of an audio file, as libsndfile reports them when it opens the file.
public struct AudioFileInfo: Sendable, Codable, Equatable {
  /// Sample frames per second, in Hz.
  public var sampleRate: Double
  /// Number of interleaved channels.
  public var channelCount: Int
  /// Sample frames per channel as libsndfile reports them. For MP3 without gapless (Xing/LAME)
  /// information this is an estimate that may include encoder padding; for a truncated WAV or
  /// AIFF it is the number of frames actually present.
  public var frameCount: Int
  /// `frameCount / sampleRate`, in seconds.
  public var durationSeconds: Double
  /// Container name: "WAV", "WAVEX", "AIFF", "FLAC", "OGG", "MPEG", …
  public var container: String
  /// Sample encoding: "PCM 16-bit", "PCM 24-bit", "float 32-bit", "Vorbis", "Opus", "MP3", …
  public var encoding: String
  /// Bits per stored sample for PCM (8/16/24/32) and float (32/64) encodings; nil for lossy ones.
  public var bitDepth: Int?
  /// Whether samples are stored as floats, which can hold values beyond full scale.
  public var isFloatingPoint: Bool
  /// The loudspeaker role of each channel: from the file's channel map (WAVE_FORMAT_EXTENSIBLE
  /// mask, CAF layout) when it carries one, else ``ChannelRole/defaultLayout(channelCount:)``.
  public var channelRoles: [ChannelRole]
  /// The absolute sample value that is positive full scale once decoded to float: for N-bit PCM
  /// (2^(N-1) − 1) / 2^(N-1) (32767/32768 for 16-bit), because libsndfile divides by 2^(N-1);
  /// 1.0 for float and lossy encodings. A sample at or above it is at full scale (clipped).
  public var clipLevel: Float

  /// Creates format facts; `durationSeconds` is derived from the frame count and rate.
  public init(
    sampleRate: Double, channelCount: Int, frameCount: Int, container: String, encoding: String,
    bitDepth: Int?, isFloatingPoint: Bool, channelRoles: [ChannelRole], clipLevel: Float
  ) {
    self.sampleRate = sampleRate
    self.channelCount = channelCount
    self.frameCount = frameCount
    self.durationSeconds = sampleRate > 0 ? Double(frameCount) / sampleRate : 0
    self.container = container
    self.encoding = encoding
    self.bitDepth = bitDepth
    self.isFloatingPoint = isFloatingPoint
    self.channelRoles = channelRoles
    self.clipLevel = clipLevel
  }
}
