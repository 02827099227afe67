import ArgumentParser
import Foundation

/// Writes text files the safe way: never over an existing file without `--force`, and
/// through a temporary file in the same folder renamed into place, so an interrupted run
/// leaves no half-written file under the final name.
enum FileOutput {
  /// Fails before any work is done when `path`'s folder is missing, is not a folder or is
  /// read-only, when `path` is a folder, or when it exists and `force` is off. `force` is
  /// `nil` for commands that have no `--force`: an existing file is then always refused.
  ///
  /// A folder without any write permission bit counts as read-only even for root, who could
  /// write there anyway: the user made it read-only on purpose.
  static func checkWritable(_ path: String, force: Bool?) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
      throw ValidationError("The folder of \"\(path)\" does not exist.")
    }
    guard isDirectory.boolValue else { throw ValidationError("\"\(folder)\" is not a folder, so \"\(path)\" cannot be written.") }
    var status = stat()
    if access(folder, W_OK | X_OK) != 0 || (stat(folder, &status) == 0 && status.st_mode & 0o222 == 0) {
      throw ValidationError("The folder of \"\(path)\" is read-only.")
    }
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      if isDirectory.boolValue { throw ValidationError("\"\(path)\" is a folder; give a file name.") }
      guard let force else { throw ValidationError("\"\(path)\" already exists; remove it or choose another name.") }
      if !force { throw ValidationError("\"\(path)\" already exists; add --force to overwrite it.") }
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
