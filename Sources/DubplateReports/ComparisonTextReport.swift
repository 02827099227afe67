import DubplateDSP
import DubplateProfiles
import Foundation

/// Renders a ``ReferenceComparison`` as a side-by-side table: mix, each reference, their mean,
/// and the mix's delta from the mean.
public struct ComparisonTextReport {
  public init() {}

  public func render(_ comparison: ReferenceComparison, mixName: String, referenceNames: [String]) -> String {
    let columns = [comparison.mix] + comparison.references + [comparison.referenceMean, comparison.deltas]
    let headers = ["mix"] + referenceNames.indices.map { "ref \($0 + 1)" } + ["ref mean", "delta"]
    var lines = ["\(mixName) beside \(referenceNames.count) reference\(referenceNames.count == 1 ? "" : "s"):"]
    lines += referenceNames.enumerated().map { "  ref \($0.offset + 1): \($0.element)" }
    lines.append("")
    lines.append(cell("", width: 30) + headers.map { cell($0, width: 9, right: true) }.joined())
    func row(_ label: String, decimals: Int = 1, _ value: (ReferenceComparison.Figures) -> Double?) {
      let cells = columns.enumerated().map { index, figures -> String in
        guard let number = value(figures) else { return cell("n/a", width: 9, right: true) }
        let isDelta = index == columns.count - 1
        return cell(TextLayout.number(number, decimals: decimals, width: 9, signed: isDelta), width: 9, right: true)
      }
      lines.append(cell("  " + label, width: 30) + cells.joined())
    }
    row("Integrated (LUFS)") { $0.integrated }
    row("Loudness range (LU)") { $0.range }
    row("True peak (dBTP)") { $0.truePeak }
    row("PLR (dB)") { $0.plr }
    row("Tilt (dB/octave)", decimals: 2) { $0.tilt }
    for band in NamedBand.allCases {
      row("\(band.rawValue) (dB re loudness)") { $0.namedBands[band] }
    }
    row("Width (side/mid, dB)") { $0.width }
    row("Width above 250 Hz (dB)") { $0.imageWidth }
    row("Low-end correlation", decimals: 2) { $0.lowEndCorrelation }
    return lines.joined(separator: "\n")
  }

  private func cell(_ text: String, width: Int, right: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return right ? padding + text : text + padding
  }
}
