import CSndFile
import DubplateDSP

/// Sample format of a written file: 16- or 24-bit integer PCM, or 32-bit IEEE float.
///
/// The raw values are what a user types (`16`, `24`, `32f`).
public enum BitDepth: String, CaseIterable, Sendable, Codable {
  case pcm16 = "16", pcm24 = "24", float32 = "32f"

  /// Whether samples are integers, which clip at full scale (floats can exceed it).
  public var isInteger: Bool { self != .float32 }

  /// How the depth reads in a message: "16-bit", "24-bit", "32-bit float".
  public var displayName: String {
    switch self {
    case .pcm16: return "16-bit"
    case .pcm24: return "24-bit"
    case .float32: return "32-bit float"
    }
  }

  /// The integer code a file of this depth stores for `sample` (`bits`-bit integers: rounded to
  /// nearest, clipped to the code range, NaN as 0), as a Float; `nil` for float files.
  @inline(__always)
  static func code(for sample: Float, fullScale: Float) -> Float {
    let scaled = (sample * fullScale).rounded()
    return scaled.isNaN ? 0 : Swift.min(Swift.max(scaled, -fullScale), fullScale - 1)
  }

  /// Full scale in integer codes (2^(bits−1)); `nil` for float.
  var integerFullScale: Float? {
    switch self {
    case .pcm16: return Float(1 << 15)
    case .pcm24: return Float(1 << 23)
    case .float32: return nil
    }
  }

  /// `buffer` as a file of this depth stores it and libsndfile reads it back (code / full
  /// scale), so the written file can be measured without decoding it again.
  public func stored(_ buffer: AudioBuffer) -> AudioBuffer {
    guard let fullScale = integerFullScale else { return buffer }
    var stored = buffer
    for channel in 0..<stored.channelCount {
      stored.channels[channel].withUnsafeMutableBufferPointer { samples in
        for index in samples.indices { samples[index] = Self.code(for: samples[index], fullScale: fullScale) / fullScale }
      }
    }
    return stored
  }

  /// The libsndfile subtype (`SF_FORMAT_PCM_16`, `SF_FORMAT_PCM_24`, `SF_FORMAT_FLOAT`).
  var sndFileSubtype: Int {
    switch self {
    case .pcm16: return SF_FORMAT_PCM_16
    case .pcm24: return SF_FORMAT_PCM_24
    case .float32: return SF_FORMAT_FLOAT
    }
  }
}

/// The container and sample format ``AudioFileWriter`` writes: WAV, AIFF or FLAC at 16-bit,
/// 24-bit or (WAV and AIFF only) 32-bit float.
public struct OutputFormat: Sendable, Equatable {
  /// The file container Dubplate writes.
  public enum Container: String, CaseIterable, Sendable {
    case wav, aiff, flac

    /// How the container reads in a message: "WAV", "AIFF", "FLAC".
    public var displayName: String { rawValue.uppercased() }
  }

  /// The sample format, named as ``AudioFileWriter`` and users know it.
  public typealias BitDepth = DubplateAudio.BitDepth

  /// The file container.
  public var container: Container
  /// The sample format.
  public var bitDepth: BitDepth

  /// A container and sample format.
  /// - Throws: ``AudioFileError/unsupportedOutputFormat(path:reason:)`` for FLAC at 32-bit float
  ///   (FLAC stores integers only).
  public init(container: Container, bitDepth: BitDepth) throws(AudioFileError) {
    self.container = container
    self.bitDepth = bitDepth
    try validate(path: nil)
  }

  /// The format for an output path, the container chosen by its extension (`.wav`, `.wave`,
  /// `.aif`, `.aiff`, `.aifc`, `.flac`, any case).
  /// - Throws: ``AudioFileError/unsupportedOutputFormat(path:reason:)`` for any other extension,
  ///   or for FLAC at 32-bit float.
  public static func forPath(_ path: String, bitDepth: BitDepth) throws(AudioFileError) -> OutputFormat {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    let parts = name.split(separator: ".", omittingEmptySubsequences: false)
    let fileExtension = parts.count > 1 ? parts.last!.lowercased() : ""
    let container: Container
    switch fileExtension {
    case "wav", "wave": container = .wav
    case "aif", "aiff", "aifc": container = .aiff
    case "flac": container = .flac
    default:
      let shown = fileExtension.isEmpty ? "no extension" : "the extension \".\(fileExtension)\""
      throw .unsupportedOutputFormat(
        path: path, reason: "\(shown) names no format Dubplate writes; end the name in .wav, .aiff or .flac.")
    }
    let format = OutputFormat(unchecked: container, bitDepth: bitDepth)
    try format.validate(path: path)
    return format
  }

  /// Throws when the combination cannot be written (FLAC has no float samples).
  func validate(path: String?) throws(AudioFileError) {
    if container == .flac && bitDepth == .float32 {
      throw .unsupportedOutputFormat(
        path: path,
        reason: "FLAC cannot hold 32-bit float samples; choose 16- or 24-bit, or write WAV or AIFF.")
    }
  }

  /// The libsndfile format code; WAV with more than two channels is written as
  /// WAVE_FORMAT_EXTENSIBLE so the file carries its speaker mask.
  func sndFileFormat(channelCount: Int) -> Int32 {
    let major: Int
    switch container {
    case .wav: major = channelCount > 2 ? SF_FORMAT_WAVEX : SF_FORMAT_WAV
    case .aiff: major = SF_FORMAT_AIFF
    case .flac: major = SF_FORMAT_FLAC
    }
    return Int32(major | bitDepth.sndFileSubtype)
  }

  /// The container and encoding names a file of this format gets from ``AudioFileInfo``
  /// when read back ("WAV", "PCM 24-bit").
  public func names(channelCount: Int) -> (container: String, encoding: String) {
    let format = SndFileFormat(code: sndFileFormat(channelCount: channelCount))
    return (format.containerName, format.encodingName)
  }

  private init(unchecked container: Container, bitDepth: BitDepth) {
    self.container = container
    self.bitDepth = bitDepth
  }
}
