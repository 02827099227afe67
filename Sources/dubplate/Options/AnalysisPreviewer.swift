import DubplateAnalysis
import DubplateAudio
import DubplateMastering
import DubplateReports
import Foundation

/// Measures one file for `dubplate analyze` and adds the platform preview and, when asked,
/// the codec preview; shows a progress bar for long work and, with `--verbose`, timings.
struct AnalysisPreviewer {
  /// Whether to run the lossy codecs (`--codec-preview`).
  var codecPreview: Bool
  var output: OutputOptions
  var verbose: Bool
  /// Whether a long file gets its own progress bar (off inside a batch, which counts files instead).
  var showsFileProgress = true
  /// Receives every document made, for `--report`; `nil` when no report is asked for.
  var collector: AnalysisDocumentCollector?

  /// The same previewer without per-file progress bars.
  func withoutFileProgress() -> AnalysisPreviewer {
    var previewer = self
    previewer.showsFileProgress = false
    return previewer
  }

  /// Analyses of files at least this long show a progress bar, seconds.
  static let analysisProgressSeconds = 30.0

  /// The shipped platform table, or why it could not be read (read once per run).
  private static let platformTable: Result<PlatformTable, MasteringError> = Result { () throws(MasteringError) in
    try PlatformTable.shipped()
  }

  /// The document `dubplate analyze` prints for `path`.
  /// - Throws: ``AudioFileError`` when the file cannot be read.
  func document(for path: String) throws -> AnalysisDocument {
    let showProgress = showsFileProgress && ProgressBar.shouldShow(quiet: output.quiet)
    let colored = TerminalStyle.colorAllowed(noColorFlag: output.noColor)
    let name = URL(fileURLWithPath: path).lastPathComponent
    let isLong = try showProgress
      ? AudioFileReader(path: path).info.durationSeconds >= Self.analysisProgressSeconds : false
    let analysisBar = ProgressBar(label: "\(name): analysing", isShown: isLong, colored: colored)
    let analysisStart = Date()
    // A file analysed alone (the only case with file progress) has both cores to itself.
    let analysis = try TrackAnalyzer.analyze(fileAt: path, threads: showsFileProgress ? 2 : 1, progress: analysisBar.update)
    analysisBar.finish()
    return try document(
      wrapping: analysis, path: path,
      timings: [String(format: "analysis %.2f s", Date().timeIntervalSince(analysisStart))])
  }

  /// The document for an analysis already made: adds the previews.
  func document(wrapping analysis: TrackAnalysis, path: String, timings: [String] = []) throws -> AnalysisDocument {
    let showProgress = showsFileProgress && ProgressBar.shouldShow(quiet: output.quiet)
    let colored = TerminalStyle.colorAllowed(noColorFlag: output.noColor)
    let name = URL(fileURLWithPath: path).lastPathComponent
    var timings = timings

    var codecs: [CodecPreview]?
    if codecPreview {
      let codecBar = ProgressBar(label: "\(name): codec preview", isShown: showProgress, colored: colored)
      let codecStart = Date()
      codecs = try CodecRoundTrip.preview(fileAt: path, progress: codecBar.update)
      codecBar.finish()
      timings.append(String(format: "codec preview %.2f s", Date().timeIntervalSince(codecStart)))
    }
    if verbose && !output.quiet { printError("timing: \(path): " + timings.joined(separator: ", ")) }

    let document: AnalysisDocument
    switch Self.platformTable {
    case .success(let table):
      document = AnalysisDocument(analysis: analysis, table: table, codecs: codecs)
    case .failure(let problem):
      document = AnalysisDocument(analysis: analysis, table: nil, tableProblem: problem.description, codecs: codecs)
    }
    collector?.add(document)
    return document
  }
}
