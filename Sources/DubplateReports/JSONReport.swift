import Foundation

/// Encodes report values as JSON for scripts: pretty-printed documents, or one compact line
/// per value (JSON Lines). Keys are sorted, so the same input always prints the same bytes;
/// NaN and infinity never appear because every contract type writes undefined values as `null`.
public enum JSONReport {
  /// One pretty-printed JSON document.
  public static func document<Value: Encodable>(_ value: Value) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  /// One compact JSON line (no newline inside), for `--format jsonl`.
  public static func line<Value: Encodable>(_ value: Value) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }
}
