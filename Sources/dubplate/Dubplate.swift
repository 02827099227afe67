import ArgumentParser

/// The `dubplate` command: measure a mixdown, judge it, master it.
@main
struct Dubplate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dubplate",
    abstract: "Measure, judge and master a mixdown.",
    discussion: """
      Loudness follows ITU-R BS.1770-4 and EBU R128 (Tech 3341, Tech 3342); true peak is \
      measured by 4x oversampling below 96 kHz.
      """,
    version: "0.1.0",
    subcommands: [Analyze.self, Suggest.self, Compare.self, Master.self, Profile.self, Explain.self])
}
