import Foundation

/// Runs the built `dubplate` under a pseudo-terminal with util-linux `script(1)`, so standard
/// output and standard error are a terminal (`isatty` true) as in an interactive shell.
enum PseudoTerminal {
  /// Everything the terminal showed (stdout and stderr interleaved, raw control characters
  /// kept) and the exit status. `environment` entries are set, `unset` names are removed.
  static func run(_ arguments: [String], environment: [String: String] = [:], unset: [String] = []) throws -> CommandResult {
    let binary = CommandRunner.productsDirectory.appendingPathComponent("dubplate").path
    let words = ["env"] + unset.flatMap { ["-u", $0] } + environment.map { "\($0.key)=\($0.value)" }
      + [binary] + arguments
    let command = words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
    return try CommandRunner.run(executable: "/usr/bin/script", ["-qfec", command, "/dev/null"])
  }
}
