import Foundation

/// A fresh folder under the system temporary directory, removed with everything in it by
/// ``remove()`` (call it from `tearDown`).
final class TemporaryFolder {
  /// Absolute path of the folder, without a trailing slash.
  let path: String

  init() throws {
    let base = URL(fileURLWithPath: NSTemporaryDirectory())
      .appendingPathComponent("dubplate-audio-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    path = base.path
  }

  /// The path of `name` inside the folder.
  func file(_ name: String) -> String { "\(path)/\(name)" }

  /// The names of the entries in the folder, hidden ones included, sorted.
  func contents() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: path).sorted()
  }

  func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }
}
