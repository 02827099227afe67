import ArgumentParser
import DubplateAnalysis
import DubplateAudio
import DubplateMastering
import DubplateProfiles
import DubplateReports
import Foundation

extension Dubplate {
  /// `dubplate master`: render a master to a loudness target, a genre, a platform or references.
  struct Master: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Render a master: EQ, compression, stereo control and a true-peak limiter, to a target.",
      discussion: """
        Default target: Spotify's -14 LUFS integrated with true peaks at or below -1 dBTP. The \
        output keeps the input's sample rate and length; an existing file is only replaced with \
        --force, and the input is never overwritten.
        """)

    @Argument(help: "The mix to master.")
    var input: String

    @Option(name: .shortAndLong, help: "Where to write the master (.wav, .aif, .aiff or .flac).")
    var output: String?

    @Option(parsing: .unconditional, help: "Integrated loudness of the master, in LUFS.")
    var targetLUFS: Double?

    @Option(parsing: .unconditional, help: "Highest true peak allowed, in dBTP.")
    var ceiling: Double?

    @Option(help: "Take loudness target and ceiling from a service: spotify, spotify-loud, spotify-quiet, apple-music, youtube, tidal, amazon-music, deezer.")
    var platform: String?

    @Option(help: "Steer tone, width and dynamics toward a genre profile (a name or a profile .json).")
    var genre: String?

    @Option(parsing: .upToNextOption, help: "Reference tracks to match.")
    var reference: [String] = []

    @Option(help: "What to match of the references: a comma-separated list of tone, loudness, width, dynamics.")
    var match: String = "tone,loudness,width,dynamics"

    @Option(help: "How much of each correction to apply, in percent (0-100).")
    var amount: Double = 100

    @Option(help: "Output sample format: 16, 24 or 32f (default: the input's; 24 for lossy inputs).")
    var bitDepth: BitDepth?

    @Option(help: "Sample rate of the master in Hz, 8000-768000 (default: the input's). The mix is converted (libsoxr, very high quality) before any processing.")
    var sampleRate: Int?

    @Flag(help: "Use a three-band compressor instead of a single-band one.")
    var multiband = false

    @Flag(help: "Leave out the true-peak limiter (the gain then stops at the ceiling).")
    var noLimiter = false

    @Flag(help: "Let the limiter reduce peaks by more than 6 dB to reach the target.")
    var allowHeavyLimiting = false

    @Flag(help: "Print the planned chain with every parameter and its reason; render nothing.")
    var dryRun = false

    @Option(help: "Write the chain (with the gain found) to this .json file.")
    var saveChain: String?

    @Option(help: "Replay a chain saved with --save-chain exactly (same input gives bit-identical output).")
    var chain: String?

    @Flag(help: "Overwrite existing output files.")
    var force = false

    @Option(help: ArgumentHelp(
      HTMLReportFile.help + " It includes the codec preview of the written master.", valueName: "path"))
    var report: String?

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @Flag(name: .shortAndLong, help: "Also print each stage's time on standard error.")
    var verbose = false

    @OptionGroup var terminal: OutputOptions

    func validate() throws {
      if output == nil && !dryRun { throw ValidationError("Give an output file with -o, or --dry-run.") }
      if let output {
        if URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath().path
          == URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath().path
        {
          throw ValidationError("The output must not be the input; Dubplate never overwrites an input.")
        }
        try FileOutput.checkWritable(output, force: force)
      }
      if let saveChain { try FileOutput.checkWritable(saveChain, force: force) }
      if let report, [input, output, saveChain].contains(report) {
        throw ValidationError("--report must be a file of its own, not the input, the output or the saved chain.")
      }
      try HTMLReportFile.check(report, force: force)
      if chain != nil && (genre != nil || !reference.isEmpty || platform != nil || targetLUFS != nil) {
        throw ValidationError("--chain replays a saved chain; it cannot be combined with --genre, --reference, --platform or --target-lufs.")
      }
      if genre != nil && !reference.isEmpty { throw ValidationError("Give either --genre or --reference, not both.") }
      if !(0...100).contains(amount) { throw ValidationError("--amount must lie between 0 and 100 (percent).") }
      if let targetLUFS, !(-40...0).contains(targetLUFS) { throw ValidationError("--target-lufs must lie between -40 and 0 LUFS.") }
      if let ceiling, !(-20...0).contains(ceiling) { throw ValidationError("--ceiling must lie between -20 and 0 dBTP.") }
      if let sampleRate, !(8_000...768_000).contains(sampleRate) { throw ValidationError("--sample-rate must lie between 8000 and 768000 Hz.") }
      _ = try matchedAspects()
      if format == .jsonl { throw ValidationError("master prints text or json.") }
    }

    private func matchedAspects() throws -> Set<MasteringGoal.Aspect> {
      var aspects = Set<MasteringGoal.Aspect>()
      for name in match.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
        guard let aspect = MasteringGoal.Aspect(rawValue: name) else {
          throw ValidationError("Unknown --match aspect \"\(name)\"; use tone, loudness, width or dynamics.")
        }
        aspects.insert(aspect)
      }
      return aspects
    }

    func run() throws {
      let session = try MasteringSession(command: self, match: matchedAspects())
      try session.run()
    }
  }
}

extension BitDepth: ExpressibleByArgument {}
