import Foundation

/// A one-line progress bar with percent and estimated time left, redrawn in place on standard
/// error, for long work.
///
/// Drawn only when standard error is a terminal (`isatty(2)`) and the user did not ask for
/// quiet; never when it is piped or redirected, so scripts and logs see no `\r` noise. The bar
/// is coloured only when ``TerminalStyle`` allows it (`NO_COLOR`, `--no-color`). Redraws at
/// most ten times a second; ``finish()`` erases the line.
final class ProgressBar {
  private let label: String
  private let isShown: Bool
  private let colored: Bool
  private let start = Date()
  private var lastDrawn = Date.distantPast
  private var drawnWidth = 0
  private static let barWidth = 24

  /// A bar titled `label`; it draws only if `isShown` (see ``shouldShow(quiet:)``).
  init(label: String, isShown: Bool, colored: Bool) {
    self.label = label
    self.isShown = isShown
    self.colored = colored
  }

  /// Whether progress belongs on standard error: it is a terminal and the user did not ask for quiet.
  static func shouldShow(quiet: Bool) -> Bool { !quiet && isatty(STDERR_FILENO) == 1 }

  /// Shows `fraction` (0…1) of the work done.
  func update(_ fraction: Double) {
    guard isShown else { return }
    let now = Date()
    guard now.timeIntervalSince(lastDrawn) >= 0.1 || fraction >= 1 else { return }
    lastDrawn = now
    let done = min(1, max(0, fraction))
    let filled = Int((done * Double(Self.barWidth)).rounded(.down))
    var bar = String(repeating: "#", count: filled) + String(repeating: "-", count: Self.barWidth - filled)
    if colored { bar = "\u{1B}[36m" + bar + "\u{1B}[0m" }
    let elapsed = now.timeIntervalSince(start)
    let eta = done > 0.01 ? Self.clock(elapsed * (1 - done) / done) : "--:--"
    let text = "\(label) [\(bar)] \(String(format: "%3d", Int(done * 100)))%  ETA \(eta)"
    drawnWidth = max(drawnWidth, text.count)
    write("\r" + text)
  }

  /// Erases the bar, leaving the cursor at the start of an empty line.
  func finish() {
    guard isShown, drawnWidth > 0 else { return }
    write("\r" + String(repeating: " ", count: drawnWidth) + "\r")
  }

  private func write(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }

  /// `m:ss` for a duration in seconds.
  private static func clock(_ seconds: Double) -> String {
    let whole = Int(seconds.rounded())
    return String(format: "%d:%02d", whole / 60, whole % 60)
  }
}
