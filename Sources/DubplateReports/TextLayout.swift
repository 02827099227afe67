import Foundation

/// Small formatting helpers shared by the text reports: fixed decimals, aligned rows, durations.
enum TextLayout {
  /// Width of the label column in every text report.
  static let labelWidth = 24

  /// A report row: the label padded to the label column, then the value.
  static func row(_ label: String, _ value: String) -> String {
    "  " + label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + value
  }

  /// A section heading, with an optional note right-aligned after it.
  static func heading(_ title: String, note: String? = nil) -> String {
    guard let note else { return title }
    return title.padding(toLength: labelWidth + 2, withPad: " ", startingAt: 0) + note
  }

  /// `value` with `decimals` places, right-aligned in `width` characters; `+` shown when `signed`.
  static func number(_ value: Double, decimals: Int = 1, width: Int = 7, signed: Bool = false) -> String {
    let halfStep = 0.5 * pow(10, Double(-decimals))
    let shown = abs(value) < halfStep ? 0 : value  // never print "-0.0"
    let text = String(format: signed ? "%+.\(decimals)f" : "%.\(decimals)f", shown)
    return String(repeating: " ", count: max(0, width - text.count)) + text
  }

  /// A measurement with its unit, or `missing` (right-aligned in the number column) when undefined.
  static func measurement(_ value: Double?, unit: String, decimals: Int = 1, signed: Bool = false, missing: String) -> String {
    guard let value else { return String(repeating: " ", count: max(0, 7 - missing.count)) + missing }
    return number(value, decimals: decimals, signed: signed) + (unit.isEmpty ? "" : " " + unit)
  }

  /// `m:ss.ss` (or `h:mm:ss.ss`) for a duration in seconds.
  static func duration(_ seconds: Double) -> String {
    let hours = Int(seconds / 3600)
    let minutes = Int(seconds.truncatingRemainder(dividingBy: 3600) / 60)
    let rest = seconds - Double(hours * 3600 + minutes * 60)
    let secondsText = String(format: "%05.2f", rest)
    return hours > 0 ? String(format: "%d:%02d:", hours, minutes) + secondsText : "\(minutes):" + secondsText
  }

  /// An integer with thin grouping (10 584 000).
  static func grouped(_ value: Int) -> String {
    let digits = String(value)
    var result = ""
    for (index, character) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { result += " " }
      result.append(character)
    }
    return result
  }
}
