import ArgumentParser
import Foundation

/// Where a batch run's reports go: standard output, written unbuffered so a pipe sees every
/// result as it finishes, or a ``ResultFile``. A write failure stops further writes and
/// fails the run at ``finish()`` after the temporary file was removed.
final class ReportSink {
  private let file: ResultFile?
  private var writeFailed = false

  /// Standard output when `file` is `nil`.
  init(file: ResultFile?) { self.file = file }

  /// Writes one report or line; a newline is added.
  func write(_ text: String) {
    guard !writeFailed else { return }
    if let file {
      do { try file.append(text) } catch { writeFailed = true }
    } else {
      FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
  }

  /// Renames the results file into place, or fails the run if a write failed.
  func finish() throws {
    if writeFailed { throw ExitCode.failure }
    try file?.commit()
  }
}
