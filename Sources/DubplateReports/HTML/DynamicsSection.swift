import DubplateAnalysis
import DubplateProfiles

/// The "Dynamics" section: PLR, PSR and crest factor as bars, against the profile's
/// p10–p90 and p25–p75 ranges when the track is judged against one.
enum DynamicsSection {
  /// The section for `tracks` (one, or a master's before and after) and an optional profile.
  static func section(id: String, tracks: [ReportTrack], profile: GenreProfile?) -> HTMLSection {
    let judged = tracks.filter { $0.role != .reference }
    guard let primary = ReportTrack.primary(of: judged), primary.analysis.loudness.truePeak != nil else {
      return HTMLSection(id: id, title: "Dynamics", body: HTMLText.note("The file is digital silence: there are no dynamics to measure."))
    }
    let named = judged.count > 1
    var rows: [RangeChart.Row] = []
    for track in judged {
      let suffix = named ? " (\(track.label))" : ""
      rows.append(.init(name: "PLR" + suffix, value: track.analysis.loudness.plr, range: profile?.features.plr))
      rows.append(.init(name: "PSR" + suffix, value: track.analysis.loudness.psr, range: profile?.features.psr))
      rows.append(.init(name: "Crest factor" + suffix, value: track.analysis.dynamics.crestFactor, range: profile?.features.crestFactor))
    }
    let values = rows.flatMap { [$0.value, $0.range?.p10, $0.range?.p90].compactMap { $0 } }
    let domain = min(0, (values.min() ?? 0) - 1)...max(20, (values.max() ?? 0) + 3)
    let legend: [(name: String, swatch: String)] = [("track", "s2")] + (profile.map {
      [("\($0.name) p10–p90", "outer"), ("\($0.name) p25–p75", "inner"), ("\($0.name) median", "rule")]
    } ?? [])
    let chart = RangeChart(
      figure: ChartFigure(
        id: id + "-chart", kind: "dynamics", title: "Dynamics",
        description: "Peak-to-loudness ratio (true peak minus integrated loudness), peak-to-short-term-loudness ratio and crest factor (sample peak minus RMS), in dB"
          + (profile.map { ", each against the \($0.name) profile's 10–90 % and 25–75 % ranges." } ?? "."),
        summary: summary(rows: rows, profile: profile), legend: legend,
        width: 760, height: RangeChart.height(rowCount: rows.count)),
      valueAxis: ChartAxis(title: "Ratio", unit: "dB"), rows: rows, valueDomain: domain)
    return HTMLSection(id: id, title: "Dynamics", body: chart.html())
  }

  /// Each value, and where it sits against the range when there is one.
  private static func summary(rows: [RangeChart.Row], profile: GenreProfile?) -> String {
    rows.map { row in
      let value = HTMLText.measurement(row.value, unit: "dB")
      guard let range = row.range, let measured = row.value else { return "\(row.name) \(value)" }
      let place = measured < range.p10 ? "below the range" : measured > range.p90 ? "above the range" : "within the range"
      return "\(row.name) \(value) (\(place) \(HTMLText.number(range.p10))–\(HTMLText.number(range.p90)) dB)"
    }.joined(separator: "; ") + "."
  }
}
