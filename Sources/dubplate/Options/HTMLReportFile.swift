import ArgumentParser
import DubplateAnalysis
import DubplateAudio
import DubplateMastering
import DubplateReports
import Foundation

/// `--report PATH`: where a command writes its HTML page, checked before any work is done
/// and written through ``FileOutput`` (a temporary file renamed into place), so a failed
/// run leaves no report behind and never a half-written one.
enum HTMLReportFile {
  /// Help text of every command's `--report` option.
  static let help = "Also write a self-contained HTML report (charts, no network access) to this file."

  /// Fails with a one-line error when the report cannot be written to `path` (see
  /// ``FileOutput/checkWritable(_:force:)``); `force` is `nil` for commands without `--force`.
  static func check(_ path: String?, force: Bool?) throws {
    guard let path else { return }
    try FileOutput.checkWritable(path, force: force)
  }

  /// Writes `html` to `path` atomically.
  static func write(_ html: String, to path: String) throws {
    try FileOutput.write(html, to: path)
  }

  /// `analysis` with the platform previews of the shipped table (or a note why there are
  /// none) and the given codec previews, as the report's bottom sections show them.
  static func previews(for analysis: TrackAnalysis, codecs: [CodecPreview]? = nil) -> AnalysisDocument {
    do {
      return AnalysisDocument(analysis: analysis, table: try PlatformTable.shipped(), codecs: codecs)
    } catch {
      return AnalysisDocument(analysis: analysis, table: nil, tableProblem: error.description, codecs: codecs)
    }
  }
}

/// The analyses `dubplate analyze` made, gathered from its worker threads for the report.
final class AnalysisDocumentCollector: @unchecked Sendable {
  private var documents: [AnalysisDocument] = []
  private let lock = NSLock()

  /// Keeps `document`; safe to call from any thread.
  func add(_ document: AnalysisDocument) {
    lock.withLock { documents.append(document) }
  }

  /// Every document kept, ordered by file path so the page does not depend on which job finished first.
  var sortedDocuments: [AnalysisDocument] {
    lock.withLock { documents.sorted { $0.analysis.file < $1.analysis.file } }
  }
}
