import Foundation

/// Why a profile could not be loaded, built or found. Each description is one line.
public enum ProfileError: Error, CustomStringConvertible, Equatable {
  case notFound(path: String)
  case malformed(path: String, field: String, reason: String)
  case wrongSchema(path: String, found: String)
  case unknownGenre(name: String, known: [String])
  case noUsableTracks(skipped: Int)

  public var description: String {
    switch self {
    case .notFound(let path):
      return "profile \"\(path)\" does not exist."
    case .malformed(let path, let field, let reason):
      return "profile \"\(path)\" is malformed at \(field.isEmpty ? "the top level" : "\"\(field)\""): \(reason)"
    case .wrongSchema(let path, let found):
      return "profile \"\(path)\" has schema \"\(found)\"; this Dubplate reads \"\(GenreProfile.currentSchema)\"."
    case .unknownGenre(let name, let known):
      return "unknown genre \"\(name)\"; known genres: \(known.joined(separator: ", ")) (or give a path to a profile .json)."
    case .noUsableTracks(let skipped):
      return "no usable tracks to build a profile from (\(skipped) skipped)."
    }
  }
}

extension ProfileError {
  /// Turns a `DecodingError` into a one-line error naming the JSON field at fault.
  static func from(_ error: DecodingError, path: String) -> ProfileError {
    func field(_ codingPath: [any CodingKey]) -> String {
      codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        .replacingOccurrences(of: ".[", with: "[")
    }
    switch error {
    case .keyNotFound(let key, let context):
      return .malformed(path: path, field: field(context.codingPath + [key]), reason: "missing.")
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      return .malformed(path: path, field: field(context.codingPath), reason: context.debugDescription)
    case .dataCorrupted(let context):
      return .malformed(path: path, field: field(context.codingPath), reason: "not valid JSON.")
    @unknown default:
      return .malformed(path: path, field: "", reason: "\(error)")
    }
  }
}
