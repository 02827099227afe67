import ArgumentParser
import DubplateProfiles
import DubplateReports

extension Dubplate {
  /// `dubplate compare`: a track beside its references, then the findings against them.
  struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Put a track beside its reference tracks: loudness, dynamics, tonal balance, width.")

    @Argument(help: "The mix or master, then one or more reference tracks.")
    var files: [String]

    @OptionGroup var judgement: JudgementOptions

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp(HTMLReportFile.help + " An existing file is never replaced.", valueName: "path"))
    var report: String?

    func validate() throws {
      if files.count < 2 { throw ValidationError("Give the mix and at least one reference track.") }
      if format == .jsonl { throw ValidationError("compare prints text or json.") }
      try HTMLReportFile.check(report, force: nil)
    }

    func run() throws {
      let mix = try AnalysisRunner.analyze(files[0])
      let basis = try JudgementBasis.resolve(genre: nil, references: Array(files.dropFirst()), for: mix)
      var report = judgement.engine.suggestions(for: mix, against: basis.profile)
      report.notes = basis.notes
      let comparison = ReferenceComparison(mix: mix, references: basis.references)
      switch format {
      case .text:
        print(ComparisonTextReport().render(comparison, mixName: files[0], referenceNames: Array(files.dropFirst())))
        print("")
        print(SuggestionTextReport().render(report, file: files[0], notes: basis.notes))
      case .json, .jsonl:
        print(try JSONReport.document(ComparisonDocument(mix: mix, references: basis.references, comparison: comparison, report: report)))
      }
      if let path = self.report {
        let page = ComparisonHTMLReport().render(
          comparison, document: HTMLReportFile.previews(for: mix), references: basis.references, report: report,
          profile: basis.profile)
        try HTMLReportFile.write(page, to: path)
      }
    }
  }
}
