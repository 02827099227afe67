import ArgumentParser
import DubplateAnalysis
import Foundation

/// A results file written the safe way while a batch runs: lines are appended to a hidden
/// temporary file in the same folder and the file is renamed over `path` only when the run
/// ends, so an interrupted run leaves the previous results intact and no half-written file
/// under the final name (Ctrl-C and SIGTERM also remove the temporary file). A lock beside
/// the file makes a second run writing the same path refuse while the first is still going.
final class ResultFile {
  /// The final path.
  let path: String
  private let temporaryURL: URL
  private let lockURL: URL
  private let lockDescriptor: Int32
  /// The temporary file's descriptor; -1 once closed.
  private var descriptor: Int32
  private var holdsLock = true

  /// Takes the lock and opens the temporary file, refusing an existing `path` unless
  /// `force` or `resume`; with `resume`, `keptLines` are written first.
  init(path: String, force: Bool, resume: Bool, keptLines: [String]) throws {
    try FileOutput.checkWritable(path, force: force || resume)
    self.path = path
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    lockURL = folder.appendingPathComponent(".\(url.lastPathComponent).dubplate-lock")
    lockDescriptor = open(lockURL.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
    guard lockDescriptor >= 0 else {
      printError("cannot write in the folder of \"\(path)\": \(String(cString: strerror(errno))).")
      throw ExitCode.failure
    }
    guard flock(lockDescriptor, LOCK_EX | LOCK_NB) == 0 else {
      close(lockDescriptor)
      printError("another dubplate run is writing \"\(path)\"; wait for it or choose another output.")
      throw ExitCode.failure
    }
    temporaryURL = folder.appendingPathComponent(".\(url.lastPathComponent).dubplate-tmp-\(UUID().uuidString.prefix(8))")
    InterruptCleanup.arm(temporaryPath: temporaryURL.path, lockPath: lockURL.path, output: path)
    let descriptor = open(temporaryURL.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      let reason = String(cString: strerror(errno))
      InterruptCleanup.disarm()
      unlink(lockURL.path)
      close(lockDescriptor)
      printError("cannot create a temporary file beside \"\(path)\": \(reason).")
      throw ExitCode.failure
    }
    self.descriptor = descriptor
    for line in keptLines { try append(line) }
  }

  /// Appends one line (a newline is added) straight to the temporary file. A failed write
  /// (e.g. disk full) abandons the file after one error line with the system's reason.
  func append(_ line: String) throws {
    let failure = FileDescriptor.writeAll(Array((line + "\n").utf8), to: descriptor)
    if failure != 0 { try fail(reason: FileDescriptor.reason(failure)) }
  }

  /// Flushes the temporary file to disk and renames it over `path`.
  func commit() throws {
    let closed = fsync(descriptor) == 0 && close(descriptor) == 0
    if closed { descriptor = -1 }
    guard closed, rename(temporaryURL.path, path) == 0 else { try fail(reason: String(cString: strerror(errno))) }
    releaseLock()
  }

  /// Removes the temporary file and leaves `path` as it was.
  func abandon() {
    if descriptor >= 0 { close(descriptor) }
    descriptor = -1
    unlink(temporaryURL.path)
    releaseLock()
  }

  /// Abandons the file and fails the run with one line naming the output and `reason`.
  private func fail(reason: String) throws -> Never {
    abandon()
    printError("cannot write \"\(path)\": \(reason).")
    throw ExitCode.failure
  }

  private func releaseLock() {
    guard holdsLock else { return }
    holdsLock = false
    InterruptCleanup.disarm()
    unlink(lockURL.path)
    close(lockDescriptor)
  }

  /// The lines of an earlier results file that decode as a complete `Line` (an analysis or a
  /// suggestion report), with their values; error lines and a half-written last line are left
  /// out, so their files are done again. An absent file has none.
  static func completedLines<Line: Decodable>(in path: String, as type: Line.Type) -> [(line: String, value: Line)] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    let decoder = JSONDecoder()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
      guard let value = try? decoder.decode(Line.self, from: Data(line.utf8)) else { return nil }
      return (String(line), value)
    }
  }
}
