import Foundation

/// Escaping and number formatting for the HTML reports.
///
/// Everything that comes from outside the program (file names, profile names, finding
/// prose) goes through ``escape(_:)`` before it reaches the page, in text and in attributes.
enum HTMLText {
  /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references, safe in element
  /// content and in quoted attribute values.
  static func escape(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.count)
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      default: result.append(character)
      }
    }
    return result
  }

  /// `value` with `decimals` places and a typographic minus (never "−0.0"); `+` shown when `signed`.
  static func number(_ value: Double, decimals: Int = 1, signed: Bool = false) -> String {
    TextLayout.number(value, decimals: decimals, width: 0, signed: signed).replacingOccurrences(of: "-", with: "−")
  }

  /// A measurement with its unit, or "n/a" when undefined.
  static func measurement(_ value: Double?, unit: String, decimals: Int = 1, signed: Bool = false) -> String {
    guard let value else { return "n/a" }
    return number(value, decimals: decimals, signed: signed) + (unit.isEmpty ? "" : "\u{2009}" + unit)
  }

  /// A coordinate for SVG attributes and path data: ASCII, one decimal.
  static func coordinate(_ value: Double) -> String { String(format: "%.1f", value) }

  /// A table of `rows` under `header`, every cell escaped; the first column is a row header.
  static func table(header: [String], rows: [[String]], caption: String? = nil) -> String {
    var html = "<table>"
    if let caption { html += "<caption>\(escape(caption))</caption>" }
    html += "<thead><tr>" + header.map { "<th scope=\"col\">\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
    for row in rows {
      html += "<tr>" + row.enumerated().map { index, cell in
        index == 0 ? "<th scope=\"row\">\(escape(cell))</th>" : "<td>\(escape(cell))</td>"
      }.joined() + "</tr>"
    }
    return html + "</tbody></table>"
  }

  /// A paragraph of class `note`, escaped: what a reader should know about an omitted chart.
  static func note(_ text: String) -> String { "<p class=\"note\">\(escape(text))</p>" }
}
