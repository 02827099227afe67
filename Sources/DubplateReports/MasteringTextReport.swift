import DubplateDSP
import DubplateMastering
import DubplateProfiles
import Foundation

/// Renders a ``MasteringReport``: the chain with its reasons, then before and after, the
/// limiter's work and any compromise.
public struct MasteringTextReport {
  public init() {}

  public func render(_ report: MasteringReport) -> String {
    var lines = [
      report.output.map { "\(report.input) -> \($0)" } ?? "\(report.input) (dry run: nothing rendered)",
      "  Target \(f(report.targetLUFS)) LUFS, ceiling \(f(report.ceilingDBTP)) dBTP",
      "",
      "Chain",
    ]
    for (index, step) in report.chain.steps.enumerated() {
      lines.append("  \(index + 1). \(step)")
      lines.append("     why: \(step.reason)")
    }
    lines += report.notes.map { "  note: " + $0 }
    lines.append("")
    lines.append(row("", ["before", report.after == nil ? "" : "after"]))
    let after = report.after
    func figure(_ label: String, _ decimals: Int = 1, _ value: (ReferenceComparison.Figures) -> Double?) {
      lines.append(row(label, [text(value(report.before), decimals), after.map { text(value($0), decimals) } ?? ""]))
    }
    figure("Integrated (LUFS)") { $0.integrated }
    figure("Loudness range (LU)") { $0.range }
    figure("True peak (dBTP)") { $0.truePeak }
    figure("PLR (dB)") { $0.plr }
    figure("Tilt (dB/octave)", 2) { $0.tilt }
    for band in NamedBand.allCases { figure("\(band.rawValue) (dB re loudness)") { $0.namedBands[band] } }
    figure("Width above 250 Hz (dB)") { $0.imageWidth }
    if let limiter = report.limiter {
      lines.append("")
      lines.append("Limiter: maximum gain reduction \(f(limiter.maximumGainReductionDB)) dB, average \(f(limiter.averageGainReductionDB)) dB (over limited frames); \(report.passes) measuring pass\(report.passes == 1 ? "" : "es")")
    }
    if !report.compromises.isEmpty {
      lines.append("")
      lines += report.compromises.map { "Compromise: " + $0 }
    }
    return lines.joined(separator: "\n")
  }

  private func row(_ label: String, _ cells: [String]) -> String {
    "  " + label.padding(toLength: 28, withPad: " ", startingAt: 0)
      + cells.map { String(repeating: " ", count: max(0, 9 - $0.count)) + $0 }.joined()
  }

  private func text(_ value: Double?, _ decimals: Int) -> String {
    value.map { TextLayout.number($0, decimals: decimals, width: 0) } ?? "n/a"
  }

  private func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
