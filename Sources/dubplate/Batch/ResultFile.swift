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
  private let handle: FileHandle
  private var holdsLock = true
  private let interruptSources: [DispatchSourceSignal]

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
    interruptSources = Self.cleanUpOnInterrupt(temporaryPath: temporaryURL.path, lockPath: lockURL.path, path: path)
    guard FileManager.default.createFile(atPath: temporaryURL.path, contents: nil),
      let handle = try? FileHandle(forWritingTo: temporaryURL)
    else {
      unlink(lockURL.path)
      close(lockDescriptor)
      printError("cannot create a temporary file beside \"\(path)\".")
      throw ExitCode.failure
    }
    self.handle = handle
    for line in keptLines { try append(line) }
  }

  /// On Ctrl-C or SIGTERM: remove the temporary and lock files, say that `path` is as it
  /// was, and exit with 128 + the signal's number, as shells report an interrupted command.
  private static func cleanUpOnInterrupt(temporaryPath: String, lockPath: String, path: String) -> [DispatchSourceSignal] {
    [SIGINT, SIGTERM].map { signalNumber in
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
      source.setEventHandler {
        unlink(temporaryPath)
        unlink(lockPath)
        printError("interrupted; \"\(path)\" was left as it was.")
        exit(128 + signalNumber)
      }
      source.resume()
      return source
    }
  }

  /// Appends one line (a newline is added) straight to the temporary file.
  func append(_ line: String) throws {
    do {
      try handle.write(contentsOf: Data((line + "\n").utf8))
    } catch {
      abandon()
      printError("cannot write \"\(path)\": \(error.localizedDescription)")
      throw ExitCode.failure
    }
  }

  /// Flushes the temporary file to disk and renames it over `path`.
  func commit() throws {
    do {
      try handle.synchronize()
      try handle.close()
    } catch {
      abandon()
      printError("cannot write \"\(path)\": \(error.localizedDescription)")
      throw ExitCode.failure
    }
    guard rename(temporaryURL.path, path) == 0 else {
      let reason = String(cString: strerror(errno))
      abandon()
      printError("cannot write \"\(path)\": \(reason)")
      throw ExitCode.failure
    }
    releaseLock()
  }

  /// Removes the temporary file and leaves `path` as it was.
  func abandon() {
    try? handle.close()
    try? FileManager.default.removeItem(at: temporaryURL)
    releaseLock()
  }

  private func releaseLock() {
    guard holdsLock else { return }
    holdsLock = false
    for source in interruptSources { source.cancel() }
    for signalNumber in [SIGINT, SIGTERM] { signal(signalNumber, SIG_DFL) }
    unlink(lockURL.path)
    close(lockDescriptor)
  }

  /// The lines of an earlier results file that hold a complete analysis, with those
  /// analyses; error lines and a half-written last line are left out, so their files are
  /// analysed again. An absent file has none.
  static func completedAnalyses(in path: String) -> [(line: String, analysis: TrackAnalysis)] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    let decoder = JSONDecoder()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
      guard let analysis = try? decoder.decode(TrackAnalysis.self, from: Data(line.utf8)) else { return nil }
      return (String(line), analysis)
    }
  }
}
