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

  /// Writes `text` to `path` atomically: to a temporary file in the same folder, flushed to
  /// disk, then renamed. On failure (e.g. disk full) the temporary file is removed, `path` is
  /// left as it was, and one line with the system's reason is printed.
  static func write(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).dubplate-tmp-\(UUID().uuidString.prefix(8))").path
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    var failure = descriptor < 0 ? errno : 0
    if descriptor >= 0 {
      failure = FileDescriptor.writeAll(Array(text.utf8), to: descriptor)
      if failure == 0 && fsync(descriptor) != 0 { failure = errno }
      if close(descriptor) != 0 && failure == 0 { failure = errno }
      if failure == 0 && rename(temporary, path) != 0 { failure = errno }
      if failure != 0 { unlink(temporary) }
    }
    guard failure == 0 else {
      printError("cannot write \"\(path)\": \(FileDescriptor.reason(failure)).")
      throw ExitCode.failure
    }
  }
}
