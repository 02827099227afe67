import Foundation

/// Whether Dubplate may colour what it draws on standard error.
///
/// Colour only on a terminal, and never when the user opted out with `--no-color` or by
/// setting `NO_COLOR` to any non-empty value (no-color.org).
enum TerminalStyle {
  /// Whether colour escape codes may be written to standard error.
  static func colorAllowed(noColorFlag: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
    guard !noColorFlag, isatty(STDERR_FILENO) == 1 else { return false }
    return (environment["NO_COLOR"] ?? "").isEmpty
  }
}
