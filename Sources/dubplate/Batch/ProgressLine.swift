import Foundation

/// A one-line `done/total` counter redrawn in place on standard error, shown only when
/// standard error is a terminal (and not with `--quiet`) so logs and pipes stay clean.
struct ProgressLine {
  private let total: Int
  private let isShown: Bool

  init(total: Int, quiet: Bool) {
    self.total = total
    isShown = !quiet && total > 1 && isatty(STDERR_FILENO) == 1
  }

  /// Redraws the counter after `done` files.
  func update(done: Int) {
    guard isShown else { return }
    FileHandle.standardError.write(Data("\r\(done)/\(total) files".utf8))
  }

  /// Erases the counter before the summary is printed.
  func clear() {
    guard isShown else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }
}
