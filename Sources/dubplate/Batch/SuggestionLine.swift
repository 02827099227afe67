import DubplateSuggestions

/// One file's verdict as a batch writes it: the `dubplate.suggestions/1` report with the file it
/// is about added as `"file"`, so every line of a results file names its input (and `--resume`
/// can tell which files are done).
struct SuggestionLine: BatchResultLine, Encodable {
  /// The path as found.
  var file: String
  /// The verdict, encoded at the same level as ``file``.
  var report: SuggestionReport

  init(file: String, report: SuggestionReport) {
    self.file = file
    self.report = report
  }

  private enum CodingKeys: String, CodingKey { case file }

  /// Reads a line written by ``encode(to:)``; a line without a complete report (an error line,
  /// an analysis) fails to decode.
  init(from decoder: any Decoder) throws {
    file = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .file)
    report = try SuggestionReport(from: decoder)
  }

  func encode(to encoder: any Encoder) throws {
    try report.encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(file, forKey: .file)
  }
}
