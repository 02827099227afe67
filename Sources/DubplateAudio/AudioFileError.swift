import Foundation

/// Why an audio file could not be read or written, with the path and what to do about it.
///
/// Every ``description`` is one line, fit to print after `Error: ` in the command-line tool.
public enum AudioFileError: Error, CustomStringConvertible, Equatable {
  /// Nothing exists at `path`.
  case notFound(path: String)
  /// `path` names a folder where a file was expected.
  case isDirectory(path: String)
  /// libsndfile refused to open the file; `reason` is its own message (`sf_strerror`).
  case cannotOpen(path: String, reason: String)
  /// The file holds 0 bytes.
  case empty(path: String)
  /// The file is valid audio but holds no sample frames.
  case noAudio(path: String)
  /// Decoding failed part-way through the file; `reason` is libsndfile's message.
  case readFailed(path: String, reason: String)
  /// The output file exists and overwriting was not allowed.
  case outputExists(path: String)
  /// The output path names the same file as one of the inputs.
  case outputIsInput(path: String)
  /// Creating, writing or finishing the output failed; `reason` says how (e.g. the disk is full).
  case cannotWrite(path: String, reason: String)
  /// The requested output format cannot be written; `path` is nil when no file was named yet.
  case unsupportedOutputFormat(path: String?, reason: String)

  /// The path the error is about, if any.
  public var path: String? {
    switch self {
    case .notFound(let path), .isDirectory(let path), .empty(let path), .noAudio(let path),
      .outputExists(let path), .outputIsInput(let path):
      return path
    case .cannotOpen(let path, _), .readFailed(let path, _), .cannotWrite(let path, _):
      return path
    case .unsupportedOutputFormat(let path, _):
      return path
    }
  }

  /// One line: what went wrong with which file, and what to do.
  public var description: String {
    switch self {
    case .notFound(let path):
      return "cannot open \"\(path)\": no such file; check the path."
    case .isDirectory(let path):
      return "cannot open \"\(path)\": it is a folder; name an audio file inside it."
    case .cannotOpen(let path, let reason):
      return "cannot open \"\(path)\": \(Self.oneLine(reason))"
    case .empty(let path):
      return "cannot open \"\(path)\": the file is empty (0 bytes); export or copy it again."
    case .noAudio(let path):
      return "cannot use \"\(path)\": the file holds no audio (0 frames); export it again."
    case .readFailed(let path, let reason):
      return "cannot read \"\(path)\": \(Self.oneLine(reason)) The file may be damaged; export it again."
    case .outputExists(let path):
      return "will not write \"\(path)\": the file exists; choose another name or allow overwriting."
    case .outputIsInput(let path):
      return "will not write \"\(path)\": it is one of the input files; choose another output name."
    case .cannotWrite(let path, let reason):
      return "cannot write \"\(path)\": \(Self.oneLine(reason))"
    case .unsupportedOutputFormat(let path, let reason):
      if let path { return "cannot write \"\(path)\": \(Self.oneLine(reason))" }
      return "unsupported output format: \(Self.oneLine(reason))"
    }
  }

  /// Joins a possibly multi-line library message into one line ending in a full stop.
  private static func oneLine(_ text: String) -> String {
    let joined = text.split(whereSeparator: \.isNewline)
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
      .joined(separator: " ")
    if joined.isEmpty { return "unknown error." }
    return joined.hasSuffix(".") ? joined : joined + "."
  }
}
