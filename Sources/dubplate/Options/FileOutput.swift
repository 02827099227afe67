import ArgumentParser
import Foundation

/// Writes text files the safe way: never over an existing file without `--force`, and
/// through a temporary file in the same folder renamed into place, so an interrupted run
/// leaves no half-written file under the final name.
enum FileOutput {
  /// Fails before any work is done when `path` exists and `force` is off, or its folder is missing.
  static func checkWritable(_ path: String, force: Bool) throws {
    let url = URL(fileURLWithPath: path)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.deletingLastPathComponent().path, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw ValidationError("The folder of \"\(path)\" does not exist.")
    }
    if FileManager.default.fileExists(atPath: path) && !force {
      throw ValidationError("\"\(path)\" already exists; add --force to overwrite it.")
    }
  }

  /// Writes `text` to `path` atomically.
  static func write(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).dubplate-tmp-\(UUID().uuidString.prefix(8))")
    do {
      try Data(text.utf8).write(to: temporary)
      if rename(temporary.path, url.path) != 0 {
        throw CocoaError(.fileWriteUnknown)
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      printError("cannot write \"\(path)\": \(error.localizedDescription)")
      throw ExitCode.failure
    }
  }
}
