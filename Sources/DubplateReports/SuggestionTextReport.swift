import DubplateSuggestions

/// Renders a ``SuggestionReport`` as a ranked list: each finding's why, then what to do.
public struct SuggestionTextReport {
  public init() {}

  public func render(_ report: SuggestionReport, file: String, notes: [String] = []) -> String {
    let stage = report.stage == .master
      ? "master stage, target \(TextLayout.number(report.targetLUFS, width: 0)) LUFS, ceiling \(TextLayout.number(report.ceilingDBTP, width: 0)) dBTP"
      : "mix stage"
    var lines = ["\(file) against \(report.against) (\(stage))"]
    lines += notes.map { "  " + $0 }
    if report.suggestions.isEmpty {
      lines.append("  Nothing to change: every measure is inside \(report.against)'s range.")
    }
    for (index, suggestion) in report.suggestions.enumerated() {
      lines.append("  \(index + 1). [\(suggestion.severity.rawValue)] \(suggestion.code)")
      lines.append("     " + suggestion.message)
      lines.append("     -> " + suggestion.advice)
    }
    if !report.skipped.isEmpty {
      lines.append("  Not checked:")
      lines += report.skipped.map { "    - " + $0 }
    }
    return lines.joined(separator: "\n")
  }
}
