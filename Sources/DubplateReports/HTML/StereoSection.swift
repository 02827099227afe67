import DubplateAnalysis
import DubplateDSP

/// The "Stereo" section: the stereo figures, the L/R correlation per second, and the
/// side-to-mid width of each named band. A mono file gets a note instead.
enum StereoSection {
  /// The section for `tracks`; the width bars are the primary track's.
  static func section(id: String, tracks: [ReportTrack]) -> HTMLSection {
    guard let primary = ReportTrack.primary(of: tracks), let stereo = primary.analysis.stereo else {
      return HTMLSection(id: id, title: "Stereo", body: HTMLText.note("Mono file: there is no stereo image, so the stereo charts are omitted."))
    }
    let stereoTracks = tracks.filter { $0.analysis.stereo != nil }
    var body = HTMLText.table(
      header: [""] + stereoTracks.map(\.label),
      rows: [
        ["Correlation"] + stereoTracks.map { HTMLText.measurement($0.analysis.stereo?.correlation, unit: "", decimals: 2) },
        ["Correlation, 5th percentile"] + stereoTracks.map { HTMLText.measurement($0.analysis.stereo?.correlationP5, unit: "", decimals: 2) },
        ["Low-end correlation (< 150 Hz)"] + stereoTracks.map { HTMLText.measurement($0.analysis.stereo?.lowEndCorrelation, unit: "", decimals: 2) },
        ["Width (side/mid)"] + stereoTracks.map { HTMLText.measurement($0.analysis.stereo?.width, unit: "dB") },
        ["Width above 250 Hz"] + stereoTracks.map { HTMLText.measurement($0.analysis.stereo?.imageWidth, unit: "dB") },
        ["Balance (L/R)"] + stereoTracks.map { HTMLText.measurement($0.analysis.stereo?.balance, unit: "dB", signed: true) },
      ])
    let curves = stereoTracks.filter { $0.role != .reference }
    if curves.contains(where: { ($0.analysis.timeline.correlation ?? []).contains { $0 != nil } }) {
      body += correlationChart(id: id + "-correlation", tracks: curves, stereo: stereo)
    } else {
      body += HTMLText.note(primary.analysis.format.durationSeconds < 1
        ? "Shorter than 1 s: the correlation curve is omitted (one value per second)."
        : "No second has sound in both channels: the correlation curve is omitted.")
    }
    if NamedBand.allCases.contains(where: { stereo.widthByBand[$0] != nil }) {
      body += widthChart(id: id + "-width", label: primary.label, widths: stereo.widthByBand)
    } else {
      body += HTMLText.note("The channels are identical (no side signal): the width per band is omitted.")
    }
    return HTMLSection(id: id, title: "Stereo", body: body)
  }

  private static func correlationChart(id: String, tracks: [ReportTrack], stereo: TrackAnalysis.Stereo) -> String {
    let named = tracks.count > 1
    let series = tracks.map { track in
      ChartSeries(
        name: named ? "\(track.label): correlation per second" : "correlation per second",
        points: (track.analysis.timeline.correlation ?? []).enumerated().map { (Double($0.offset) + 0.5, $0.element) },
        colour: track.role == .before ? 6 : 1, dashed: track.role == .before)
    }
    let values = series.flatMap(\.values)
    let seconds = Double(tracks.map { $0.analysis.timeline.correlation?.count ?? 0 }.max() ?? 1)
    let summary = "Per second from \(HTMLText.number(values.min() ?? 0, decimals: 2)) to \(HTMLText.number(values.max() ?? 0, decimals: 2))"
      + "; whole track \(HTMLText.measurement(stereo.correlation, unit: "", decimals: 2))"
      + (values.contains { $0 < 0 } ? "; some seconds are out of phase (below 0), which cancels in mono." : ".")
    return LineChart(
      figure: ChartFigure(
        id: id, kind: "correlation", title: "Stereo correlation over time",
        description: "Left/right correlation of each second, from −1 (out of phase) through 0 (unrelated) to +1 (mono), against time in seconds.",
        summary: summary, legend: [], width: 760, height: 240),
      xAxis: ChartAxis(title: "Time", unit: "s"), yAxis: ChartAxis(title: "Correlation", unit: "−1…+1"),
      xDomain: 0...max(seconds, 1), yDomain: -1...1, series: series
    ).html()
  }

  private static func widthChart(id: String, label: String, widths: NamedBandValues) -> String {
    let bars = NamedBand.allCases.map { (name: $0.rawValue, value: widths[$0]) }
    let values = bars.compactMap(\.value)
    let widest = bars.filter { $0.value != nil }.max { $0.value! < $1.value! }
    let lowest = min(-30, (values.min() ?? -30) - 3)
    return BarChart(
      figure: ChartFigure(
        id: id, kind: "width", title: "Width per band",
        description: "Side-to-mid energy ratio in dB for each named band (sub 20–60 Hz, bass 60–250, low-mid 250–500, mid 500–2k, high-mid 2k–6k, air 6k–20k); higher is wider, 0 dB is as much side as mid.",
        summary: widest.map { "Widest band: \($0.name) at \(HTMLText.measurement($0.value, unit: "dB")) side/mid." } ?? "",
        legend: [(label, "s3")], width: 760, height: 260),
      valueAxis: ChartAxis(title: "Side/mid", unit: "dB"), categoryAxis: ChartAxis(title: "Band", unit: ""),
      bars: bars, valueDomain: lowest...max(0, (values.max() ?? 0) + 3), colour: 3
    ).html()
  }
}
