import ArgumentParser
import DubplateAnalysis
import DubplateProfiles
import DubplateReports
import DubplateSuggestions

extension Dubplate {
  /// `dubplate suggest`: judge a track against a genre profile or references.
  struct Suggest: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare a track with a genre profile or reference tracks and propose concrete moves.")

    @Argument(help: "The mix or master to judge.")
    var file: String

    @Option(help: "Genre profile: a name from 'dubplate profile list', 'auto' for the nearest, or a path to a profile .json.")
    var genre: String?

    @Option(parsing: .upToNextOption, help: "Reference tracks to judge against instead of a genre profile.")
    var reference: [String] = []

    @OptionGroup var judgement: JudgementOptions

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp(HTMLReportFile.help + " An existing file is never replaced.", valueName: "path"))
    var report: String?

    func validate() throws {
      if genre != nil && !reference.isEmpty {
        throw ValidationError("Give either --genre or --reference, not both.")
      }
      if format == .jsonl { throw ValidationError("suggest prints text or json.") }
      try HTMLReportFile.check(report, force: nil)
    }

    func run() throws {
      let analysis = try AnalysisRunner.analyze(file)
      let basis = try JudgementBasis.resolve(genre: genre, references: reference, for: analysis)
      var report = judgement.engine.suggestions(for: analysis, against: basis.profile)
      report.notes = basis.notes
      switch format {
      case .text: print(SuggestionTextReport().render(report, file: file, notes: basis.notes))
      case .json, .jsonl: print(try JSONReport.document(report))
      }
      if let path = self.report {
        let page = SuggestionHTMLReport().render(
          report, document: HTMLReportFile.previews(for: analysis), profile: basis.profile, references: basis.references)
        try HTMLReportFile.write(page, to: path)
      }
    }
  }
}
