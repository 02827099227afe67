import CSndFile

/// A libsndfile format code (`SF_INFO.format`) split into container and encoding, with the
/// names and numeric facts Dubplate reports.
struct SndFileFormat: Equatable {
  /// The raw code: major type | subtype | endianness.
  let code: Int32

  /// The container part (`SF_FORMAT_TYPEMASK`), e.g. `SF_FORMAT_WAV`.
  var major: Int { Int(code) & SF_FORMAT_TYPEMASK }

  /// The encoding part (`SF_FORMAT_SUBMASK`), e.g. `SF_FORMAT_PCM_24`.
  var subtype: Int { Int(code) & SF_FORMAT_SUBMASK }

  /// Short container name: "WAV", "WAVEX", "AIFF", "FLAC", "OGG", "MPEG", …
  var containerName: String {
    switch major {
    case SF_FORMAT_WAV: return "WAV"
    case SF_FORMAT_WAVEX: return "WAVEX"
    case SF_FORMAT_AIFF: return "AIFF"
    case SF_FORMAT_FLAC: return "FLAC"
    case SF_FORMAT_OGG: return "OGG"
    case SF_FORMAT_MPEG: return "MPEG"
    case SF_FORMAT_W64: return "W64"
    case SF_FORMAT_RF64: return "RF64"
    case SF_FORMAT_CAF: return "CAF"
    case SF_FORMAT_AU: return "AU"
    default: return Self.libraryName(of: major) ?? "unknown"
    }
  }

  /// Encoding name: "PCM 16-bit", "float 32-bit", "Vorbis", "Opus", "MP3", …
  var encodingName: String {
    switch subtype {
    case SF_FORMAT_PCM_S8: return "PCM 8-bit"
    case SF_FORMAT_PCM_U8: return "PCM 8-bit unsigned"
    case SF_FORMAT_PCM_16: return "PCM 16-bit"
    case SF_FORMAT_PCM_24: return "PCM 24-bit"
    case SF_FORMAT_PCM_32: return "PCM 32-bit"
    case SF_FORMAT_FLOAT: return "float 32-bit"
    case SF_FORMAT_DOUBLE: return "float 64-bit"
    case SF_FORMAT_VORBIS: return "Vorbis"
    case SF_FORMAT_OPUS: return "Opus"
    case SF_FORMAT_MPEG_LAYER_I: return "MP1"
    case SF_FORMAT_MPEG_LAYER_II: return "MP2"
    case SF_FORMAT_MPEG_LAYER_III: return "MP3"
    case SF_FORMAT_ALAC_16, SF_FORMAT_ALAC_20, SF_FORMAT_ALAC_24, SF_FORMAT_ALAC_32:
      return "ALAC \(bitDepth ?? 0)-bit"
    default: return Self.libraryName(of: subtype) ?? "unknown"
    }
  }

  /// Bits per stored sample for PCM, ALAC and float encodings; nil for lossy and companded ones.
  var bitDepth: Int? {
    switch subtype {
    case SF_FORMAT_PCM_S8, SF_FORMAT_PCM_U8: return 8
    case SF_FORMAT_PCM_16, SF_FORMAT_ALAC_16: return 16
    case SF_FORMAT_ALAC_20: return 20
    case SF_FORMAT_PCM_24, SF_FORMAT_ALAC_24: return 24
    case SF_FORMAT_PCM_32, SF_FORMAT_ALAC_32, SF_FORMAT_FLOAT: return 32
    case SF_FORMAT_DOUBLE: return 64
    default: return nil
    }
  }

  /// Whether samples are stored as IEEE floats (and so may exceed ±1.0 without clipping).
  var isFloatingPoint: Bool { subtype == SF_FORMAT_FLOAT || subtype == SF_FORMAT_DOUBLE }

  /// The largest positive sample value the encoding can hold, after libsndfile's int→float
  /// conversion. With `SFC_SET_NORM_FLOAT` on (the default) libsndfile divides an N-bit
  /// integer by 2^(N-1), so positive full scale is (2^(N-1) − 1) / 2^(N-1), e.g. 32767/32768;
  /// negative full scale is exactly −1.0. Float and lossy encodings: 1.0.
  var clipLevel: Float {
    guard let bits = bitDepth, !isFloatingPoint else { return 1 }
    let fullScale = Double(sign: .plus, exponent: bits - 1, significand: 1)
    return Float((fullScale - 1) / fullScale)
  }

  /// libsndfile's own name for a major type or subtype (`SFC_GET_FORMAT_INFO`).
  private static func libraryName(of format: Int) -> String? {
    var info = SF_FORMAT_INFO(format: Int32(format), name: nil, extension: nil)
    let status = sf_command(nil, Int32(SFC_GET_FORMAT_INFO), &info, Int32(MemoryLayout<SF_FORMAT_INFO>.size))
    guard status == 0, let name = info.name else { return nil }
    return String(cString: name)
  }
}
