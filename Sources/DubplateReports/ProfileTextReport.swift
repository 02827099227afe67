import DubplateDSP
import DubplateProfiles
import Foundation

/// Renders genre profiles for `dubplate profile list` and `dubplate profile show`.
public struct ProfileTextReport {
  public init() {}

  /// One line per profile: name, how it was made, track count, description.
  public func renderList(_ profiles: [GenreProfile]) -> String {
    let width = max(12, (profiles.map(\.name.count).max() ?? 0) + 2)
    return profiles.map { profile in
      let made = profile.provenance.method == "measured" ? "measured, \(profile.provenance.trackCount) tracks" : profile.provenance.method
      return profile.name.padding(toLength: width, withPad: " ", startingAt: 0)
        + "\(made.padding(toLength: 22, withPad: " ", startingAt: 0))  \(profile.description)"
    }.joined(separator: "\n")
  }

  /// The whole profile: targets, provenance and every distribution.
  public func render(_ profile: GenreProfile) -> String {
    var lines = [
      "\(profile.name): \(profile.description)",
      "  Targets: \(format(profile.targets.integratedLUFS)) LUFS integrated, ceiling \(format(profile.targets.truePeakCeilingDBTP)) dBTP",
      "  Made by: \(profile.provenance.method), \(profile.provenance.trackCount) tracks; licence: \(profile.provenance.licence)",
    ]
    lines += profile.provenance.sources.prefix(12).map { "    source: " + $0 }
    if profile.provenance.sources.count > 12 { lines.append("    … and \(profile.provenance.sources.count - 12) more") }
    if !profile.provenance.notes.isEmpty { lines.append("  Notes: " + profile.provenance.notes) }
    lines += profile.provenance.excluded.map { "    excluded: " + $0 }
    lines.append("")
    lines.append("  " + "feature".padding(toLength: 30, withPad: " ", startingAt: 0)
      + ["p10", "p25", "median", "p75", "p90"].map { $0.leftPadded(8) }.joined())
    func row(_ label: String, _ distribution: Distribution) {
      lines.append("  " + label.padding(toLength: 30, withPad: " ", startingAt: 0)
        + [distribution.p10, distribution.p25, distribution.median, distribution.p75, distribution.p90]
          .map { format($0).leftPadded(8) }.joined())
    }
    let features = profile.features
    row("Integrated (LUFS)", features.integrated)
    row("Loudness range (LU)", features.range)
    row("PLR (dB)", features.plr)
    row("PSR (dB)", features.psr)
    row("Crest factor (dB)", features.crestFactor)
    row("Width (side/mid, dB)", features.width)
    row("Width above 250 Hz (dB)", features.imageWidth)
    row("Correlation", features.correlation)
    row("Low-end correlation", features.lowEndCorrelation)
    row("Tilt (dB/octave)", features.tilt)
    for band in NamedBand.allCases { row("\(band.rawValue) (dB re loudness)", profile.namedBands[band]) }
    return lines.joined(separator: "\n")
  }

  private func format(_ value: Double) -> String { String(format: "%.1f", value) }
}

extension String {
  fileprivate func leftPadded(_ width: Int) -> String {
    String(repeating: " ", count: max(0, width - count)) + self
  }
}
