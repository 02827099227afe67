import ArgumentParser

/// How much a command tells the user on standard error besides its report.
struct OutputOptions: ParsableArguments {
  @Flag(name: .shortAndLong, help: "Print no progress, warnings or timings on standard error (errors still are).")
  var quiet = false

  @Flag(help: "Never colour the output (colour is also off when NO_COLOR is set or standard error is not a terminal).")
  var noColor = false
}
