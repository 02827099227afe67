import ArgumentParser

extension Dubplate {
  /// `dubplate suggest`: judge a track against a genre profile or references.
  struct Suggest: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare tracks with a genre profile or reference tracks and propose concrete moves.")

    @Argument(help: "The mixes or masters to judge, or folders with --recursive.")
    var files: [String]

    @Option(help: "Genre profile: a name from 'dubplate profile list', 'auto' for the nearest, or a path to a profile .json.")
    var genre: String?

    @Option(parsing: .upToNextOption, help: "Reference tracks to judge against instead of a genre profile.")
    var reference: [String] = []

    @OptionGroup var judgement: JudgementOptions

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp(
      HTMLReportFile.help + " One file only; an existing page is replaced only with --force.", valueName: "path"))
    var report: String?

    @OptionGroup var batch: BatchOptions

    @OptionGroup var terminal: OutputOptions

    func validate() throws {
      if genre != nil && !reference.isEmpty {
        throw ValidationError("Give either --genre or --reference, not both.")
      }
      if batch.resume && format != .jsonl { throw ValidationError("--resume needs --format jsonl.") }
      if report != nil
        && (files.count != 1 || batch.recursive || batch.output != nil || batch.shard != nil || format == .jsonl)
      {
        throw ValidationError("--report draws one file's page: give one file, without --recursive, -o, --shard or jsonl.")
      }
      try HTMLReportFile.check(report, force: batch.force)
    }

    func run() throws {
      let source = try JudgementSource(genre: genre, referencePaths: reference)
      try BatchSuggestions(
        format: format, options: batch, quiet: terminal.quiet, source: source, engine: judgement.engine, reportPath: report
      ).run(inputs: files)
    }
  }
}
