import ArgumentParser
import DubplateReports

extension Dubplate {
  /// `dubplate analyze`: measure one or more files, or a whole catalogue, and print a report for each.
  struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Measure loudness, peaks, dynamics, spectrum and stereo image of audio files.")

    @Argument(help: "Audio files to measure (WAV, AIFF, FLAC, Ogg Vorbis, Opus, MP3), or folders with --recursive.")
    var files: [String]

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @Flag(name: .shortAndLong, help: "Also print loudness over time, second by second, and timings on standard error.")
    var verbose = false

    @Flag(help: "Also encode to MP3 (320 and 128 kbps), Ogg Vorbis and Opus and report the true peak after each codec.")
    var codecPreview = false

    @Flag(help: "Also measure the files as one album: album loudness and range, and the tracks that stand out.")
    var album = false

    @Option(help: ArgumentHelp(
      HTMLReportFile.help + " Several files share one page, one group of sections per file in path order; an existing report is replaced only with --force.",
      valueName: "path"))
    var report: String?

    @OptionGroup var batch: BatchOptions

    @OptionGroup var terminal: OutputOptions

    func validate() throws {
      if album && (batch.resume || batch.shard != nil) {
        throw ValidationError("--album needs every track in one run; it cannot be combined with --resume or --shard.")
      }
      if batch.resume && format != .jsonl { throw ValidationError("--resume needs --format jsonl.") }
      if report != nil && batch.resume {
        throw ValidationError("--report draws every file it analyses; it cannot be combined with --resume.")
      }
      if report != nil && report == batch.output { throw ValidationError("--report and --output must be different files.") }
      try HTMLReportFile.check(report, force: batch.force)
    }

    func run() throws {
      var previewer = AnalysisPreviewer(codecPreview: codecPreview, output: terminal, verbose: verbose)
      previewer.collector = report.map { _ in AnalysisDocumentCollector() }
      try BatchAnalysis(format: format, verbose: verbose, album: album, options: batch, previewer: previewer)
        .run(inputs: files)
      if let report, let documents = previewer.collector?.sortedDocuments, !documents.isEmpty {
        try HTMLReportFile.write(AnalysisHTMLReport().render(documents), to: report)
      }
    }
  }
}
