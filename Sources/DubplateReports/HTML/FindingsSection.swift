import DubplateSuggestions

/// The "Findings" section: each finding of the judge, most important first, with why, what to
/// do and the move's parameters; then the checks that could not be made.
enum FindingsSection {
  /// The section for `report`.
  static func section(id: String, report: SuggestionReport) -> HTMLSection {
    var body = report.notes.map(HTMLText.note).joined()
    if report.suggestions.isEmpty {
      body += "<p>Nothing to change: every measure is inside \(HTMLText.escape(report.against))'s range.</p>"
    }
    body += "<ol class=\"findings\">"
    for suggestion in report.suggestions {
      body += "<li class=\"finding \(suggestion.severity.rawValue)\">"
        + "<p><strong>\(HTMLText.escape(suggestion.severity.rawValue))</strong> <span class=\"code\">\(HTMLText.escape(suggestion.code))</span></p>"
        + "<p>\(HTMLText.escape(suggestion.message))</p><p>→ \(HTMLText.escape(suggestion.advice))</p>"
        + (suggestion.action.map { "<p class=\"action\">Move: \(HTMLText.escape(text(of: $0)))</p>" } ?? "")
        + "</li>"
    }
    body += "</ol>"
    if !report.skipped.isEmpty {
      body += "<h3>Not checked</h3><ul>" + report.skipped.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ul>"
    }
    return HTMLSection(id: id, title: "Findings", body: body)
  }

  /// The move with its parameters in words, e.g. "EQ bell at 320 Hz, −3.0 dB, Q 1.0".
  static func text(of action: SuggestionAction) -> String {
    func db(_ value: Double?) -> String? { value.map { HTMLText.measurement($0, unit: "dB", signed: true) } }
    switch action {
    case .eq(let shape, let hz, let gainDB, let q):
      return (["EQ \(shape.rawValue) at \(SpectrumSection.frequencyText(hz)) Hz", db(gainDB), q.map { "Q \(HTMLText.number($0))" }]
        .compactMap { $0 }).joined(separator: ", ")
    case .gain(let gainDB):
      return "gain \(db(gainDB)!)"
    case .limiter(let ceilingDBTP, let gainDB):
      return "true-peak limiter, ceiling \(HTMLText.measurement(ceilingDBTP, unit: "dBTP"))" + (db(gainDB).map { ", gain into it \($0)" } ?? "")
    case .stereo(let sideGainDB, let monoBelowHz):
      return (["stereo", db(sideGainDB).map { "side \($0)" }, monoBelowHz.map { "mono below \(SpectrumSection.frequencyText($0)) Hz" }]
        .compactMap { $0 }).joined(separator: ", ")
    case .polarity(let channel):
      return "flip the polarity of the \(channel) channel"
    case .dynamics(let reduceLimitingDB, let targetPLR):
      return (["dynamics", reduceLimitingDB.map { "back the limiter off \(HTMLText.measurement($0, unit: "dB"))" },
        targetPLR.map { "aim for PLR \(HTMLText.measurement($0, unit: "dB"))" }].compactMap { $0 }).joined(separator: ", ")
    }
  }
}
