import DubplateSuggestions

/// What a batch of `suggest` found, counted as reports arrive: files judged and failed, and
/// the findings most files share, so a catalogue's recurring problem shows first.
struct SuggestionSummary {
  /// Files judged.
  private(set) var judgedCount = 0
  /// Files that could not be read or decoded.
  private(set) var failureCount = 0
  /// For each suggestion code, the number of files it was raised for.
  private(set) var fileCountByCode: [String: Int] = [:]

  /// How many codes the summary names.
  static let listedCodeCount = 5

  /// Counts one judged file (a code raised twice for one file counts once).
  mutating func add(_ report: SuggestionReport) {
    judgedCount += 1
    for code in Set(report.codes) { fileCountByCode[code, default: 0] += 1 }
  }

  /// Counts one file that failed.
  mutating func addFailure() { failureCount += 1 }

  /// The summary as short lines of text for standard error.
  var lines: [String] {
    let ranked = fileCountByCode.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
    let listed = ranked.prefix(Self.listedCodeCount).map { "\($0.key) \($0.value)" }
    return [
      "Summary: \(judgedCount + failureCount) files, \(judgedCount) judged, \(failureCount) failed",
      listed.isEmpty ? "Findings: none" : "Most frequent findings (files): " + listed.joined(separator: ", "),
    ]
  }
}
