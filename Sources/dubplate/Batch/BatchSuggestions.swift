import ArgumentParser
import DubplateAnalysis
import DubplateReports
import DubplateSuggestions
import Foundation

/// One run of `dubplate suggest`: judges every file found on `--jobs` threads against the same
/// basis, writes each verdict as it finishes (one `dubplate.suggestions/1` line per file with
/// `--format jsonl`), then the summary. One file given alone prints exactly as it always did.
struct BatchSuggestions {
  var format: ReportFormat
  var options: BatchOptions
  var quiet: Bool
  /// What every file is judged against, prepared once.
  var source: JudgementSource
  var engine: SuggestionEngine
  /// Where to write the HTML page of the (single) file judged, if anywhere.
  var reportPath: String?

  /// One judged file, with the warnings its analysis raised and, when asked for, its HTML page.
  private typealias Judged = (line: SuggestionLine, warnings: [String], page: String?)

  func run(inputs: [String]) throws {
    let plan = try BatchPlan<SuggestionLine>(inputs: inputs, options: options)
    let paths = plan.paths
    var failed = plan.hadFolderErrors
    var summary = SuggestionSummary()
    plan.kept.forEach { summary.add($0.value.report) }
    var judged = [SuggestionLine?](repeating: nil, count: paths.count)
    var reportCount = 0
    var page: String?
    plan.run(
      jobs: options.jobs, quiet: quiet, failureLines: format == .jsonl,
      work: { [source, engine, reportPath] index throws -> Judged in
        let analysis = try TrackAnalyzer.analyze(fileAt: paths[index])
        let basis = source.basis(for: analysis)
        var report = engine.suggestions(for: analysis, against: basis.profile)
        report.notes = basis.notes
        let page = reportPath.map { _ in
          SuggestionHTMLReport().render(
            report, document: HTMLReportFile.previews(for: analysis), profile: basis.profile, references: basis.references)
        }
        return (SuggestionLine(file: paths[index], report: report), analysis.warnings, page)
      },
      deliver: { index, result in
        switch result {
        case .success(let value):
          if !quiet { for warning in value.warnings { printError("warning: \(value.line.file): \(warning)") } }
          summary.add(value.line.report)
          judged[index] = value.line
          page = value.page ?? page
          emit(value.line, isFirst: reportCount == 0, to: plan.sink)
          reportCount += 1
        case .failure:
          summary.addFailure()
          failed = true
        }
      })

    if format == .json {
      let lines = judged.compactMap { $0 }
      if plan.kept.count + paths.count == 1 && options.output == nil && !options.recursive {
        if let only = lines.first { plan.sink.write(try JSONReport.document(only.report)) }
      } else {
        plan.sink.write(try JSONReport.document(lines))
      }
    }
    try plan.sink.finish()
    if let reportPath, let page { try HTMLReportFile.write(page, to: reportPath) }
    if options.output != nil || options.recursive || plan.kept.count + paths.count > 1 {
      for line in summary.lines { FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }
    if failed { throw ExitCode.failure }
  }

  /// Writes one verdict as soon as it is ready (a JSON document is written whole at the end).
  private func emit(_ line: SuggestionLine, isFirst: Bool, to sink: ReportSink) {
    switch format {
    case .text:
      sink.write((isFirst ? "" : "\n") + SuggestionTextReport().render(line.report, file: line.file, notes: line.report.notes))
    case .jsonl:
      if let text = try? JSONReport.line(line) { sink.write(text) }
    case .json:
      break
    }
  }
}
