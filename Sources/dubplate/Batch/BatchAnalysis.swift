import ArgumentParser
import DubplateAnalysis
import DubplateAudio
import DubplateCatalog
import DubplateDSP
import DubplateMastering
import DubplateReports
import Foundation

/// One run of `dubplate analyze`: finds the files, analyses them on `--jobs` threads,
/// writes each report as it finishes, then the album reading and the summary.
struct BatchAnalysis {
  var format: ReportFormat
  var verbose: Bool
  var album: Bool
  var options: BatchOptions
  /// Adds the platform (and, when asked, codec) previews to each analysis.
  var previewer: AnalysisPreviewer

  /// One analysed file with its previews, and its loudness meter when the album needs its blocks.
  private typealias Measured = (document: AnalysisDocument, loudnessMeter: LoudnessMeter?)

  func run(inputs: [String]) throws {
    let plan = try BatchPlan<TrackAnalysis>(inputs: inputs, options: options)
    let paths = plan.paths
    var failed = plan.hadFolderErrors
    var summary = BatchSummary()
    plan.kept.forEach { summary.add($0.value) }
    var measured = [Measured?](repeating: nil, count: paths.count)
    var reportCount = 0
    // One file alone shows its own progress bar; a batch shows the files-done counter instead.
    let previewer = paths.count == 1 ? previewer : previewer.withoutFileProgress()
    plan.run(
      jobs: options.jobs, quiet: previewer.output.quiet, failureLines: format == .jsonl,
      work: { [album] index throws -> Measured in
        if album {
          let (analysis, meter) = try TrackAnalyzer.analyzeWithLoudnessMeter(fileAt: paths[index])
          return (try previewer.document(wrapping: analysis, path: paths[index]), meter)
        }
        return (try previewer.document(for: paths[index]), nil)
      },
      deliver: { index, result in
        switch result {
        case .success(let value):
          summary.add(value.document.analysis)
          measured[index] = value
          emit(value.document, isFirst: reportCount == 0, to: plan.sink)
          reportCount += 1
        case .failure:
          summary.addFailure()
          failed = true
        }
      })

    let analysed = measured.compactMap { $0 }
    try finishDocuments(analysed, inputCount: paths.count + plan.kept.count, to: plan.sink)
    try plan.sink.finish()
    if options.output != nil || options.recursive || plan.kept.count + paths.count > 1 {
      for line in summary.lines(platforms: Self.platformReferences()) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
      }
    }
    if failed { throw ExitCode.failure }
  }

  /// Writes one analysis as soon as it is ready (JSON documents are written whole at the end).
  private func emit(_ document: AnalysisDocument, isFirst: Bool, to sink: ReportSink) {
    let analysis = document.analysis
    if format != .text && !previewer.output.quiet {
      for warning in analysis.warnings { printError("warning: \(analysis.file): \(warning)") }
    }
    switch format {
    case .text:
      sink.write((isFirst ? "" : "\n") + AnalysisTextReport(verbose: verbose).render(document))
    case .jsonl:
      if let line = try? JSONReport.line(document) { sink.write(line) }
    case .json:
      break
    }
  }

  /// The JSON document (one object for one file given, else an array, or the album
  /// document) and the album reading, after every file is done.
  private func finishDocuments(_ analysed: [Measured], inputCount: Int, to sink: ReportSink) throws {
    let albumAnalysis = album && !analysed.isEmpty
      ? AlbumAnalyzer.analyze(analysed.compactMap { item in item.loudnessMeter.map { (item.document.analysis, $0) } }) : nil
    switch format {
    case .text:
      if let albumAnalysis { sink.write("\n" + AlbumTextReport().render(albumAnalysis)) }
    case .jsonl:
      if let albumAnalysis { sink.write(try JSONReport.line(albumAnalysis)) }
    case .json:
      if let albumAnalysis {
        sink.write(try JSONReport.document(albumAnalysis))
      } else if inputCount == 1 && options.output == nil && !options.recursive {
        if let only = analysed.first { sink.write(try JSONReport.document(only.document)) }
      } else {
        sink.write(try JSONReport.document(analysed.map(\.document)))
      }
    }
  }

  /// Each platform's reference level from `Presets/platforms.json`, once per name; none if
  /// the table cannot be read (the summary then leaves the platform line out).
  private static func platformReferences() -> [BatchSummary.PlatformReference] {
    guard let table = try? PlatformTable.shipped() else { return [] }
    var seen = Set<String>()
    return table.platforms.compactMap { platform in
      guard seen.insert(platform.name).inserted else { return nil }
      return BatchSummary.PlatformReference(name: platform.name, referenceLUFS: platform.referenceLUFS)
    }
  }
}
