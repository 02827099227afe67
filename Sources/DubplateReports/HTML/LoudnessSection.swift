import DubplateAnalysis
import DubplateMastering

/// The "Loudness" section: the loudness figures, and loudness over time with the integrated
/// loudness, the target and each platform's reference level as lines.
enum LoudnessSection {
  /// Shortest track whose loudness curve is drawn: one short-term (3 s) window, EBU Tech 3341.
  static let minimumCurveSeconds = 3.0

  /// The section for `tracks` (one, or before and after of a master).
  /// - Parameters:
  ///   - targetLUFS: the loudness the track is judged or mastered against, if any.
  ///   - platforms: the platform previews whose reference levels are drawn.
  static func section(id: String, tracks: [ReportTrack], targetLUFS: Double?, platforms: [PlatformPreview]) -> HTMLSection {
    var body = HTMLText.table(
      header: [""] + tracks.map(\.label),
      rows: [
        ["Integrated"] + tracks.map { HTMLText.measurement($0.analysis.loudness.integrated, unit: "LUFS") },
        ["Loudness range"] + tracks.map { HTMLText.measurement($0.analysis.loudness.range, unit: "LU") },
        ["True peak"] + tracks.map { HTMLText.measurement($0.analysis.loudness.truePeak, unit: "dBTP") },
        ["Sample peak"] + tracks.map { HTMLText.measurement($0.analysis.loudness.samplePeak, unit: "dBFS") },
        ["Momentary max"] + tracks.map { HTMLText.measurement($0.analysis.loudness.momentaryMax, unit: "LUFS") },
        ["Short-term max"] + tracks.map { HTMLText.measurement($0.analysis.loudness.shortTermMax, unit: "LUFS") },
      ])
    guard let primary = ReportTrack.primary(of: tracks) else { return HTMLSection(id: id, title: "Loudness", body: body) }
    if primary.analysis.format.durationSeconds < minimumCurveSeconds {
      body += HTMLText.note("Shorter than 3 s: the loudness curve is omitted (short-term loudness needs a 3 s window).")
    } else if primary.analysis.loudness.momentaryMax == nil {
      body += HTMLText.note("The file is digital silence: there is no loudness to plot.")
    } else {
      body += chart(id: id + "-chart", tracks: tracks, targetLUFS: targetLUFS, platforms: platforms)
    }
    return HTMLSection(id: id, title: "Loudness", body: body)
  }

  private static func chart(id: String, tracks: [ReportTrack], targetLUFS: Double?, platforms: [PlatformPreview]) -> String {
    var series: [ChartSeries] = []
    var rules: [ChartRule] = []
    let named = tracks.count > 1
    for track in tracks {
      let prefix = named ? "\(track.label): " : ""
      let timeline = track.analysis.timeline
      let colours = track.role == .before ? (6, 6) : (1, 2)
      if track.role != .before {
        series.append(ChartSeries(
          name: prefix + "momentary max per second (400 ms)",
          points: timeline.momentaryMaxLUFS.enumerated().map { (Double($0.offset) + 0.5, $0.element) },
          colour: colours.0, thin: true))
      }
      series.append(ChartSeries(
        name: prefix + "short-term (3 s)",
        points: timeline.shortTermLUFS.enumerated().map { (Double($0.offset) + 1, $0.element) },
        colour: colours.1, dashed: track.role == .before))
      if let integrated = track.analysis.loudness.integrated {
        rules.append(ChartRule(label: "\(HTMLText.number(integrated)) integrated", value: integrated, colour: 3,
          legend: prefix + "integrated \(HTMLText.measurement(integrated, unit: "LUFS"))"))
      }
    }
    if let targetLUFS {
      rules.append(ChartRule(label: "\(HTMLText.number(targetLUFS)) target", value: targetLUFS, colour: 5,
        legend: "target \(HTMLText.measurement(targetLUFS, unit: "LUFS"))"))
    }
    rules += platformRules(platforms)
    let values = series.flatMap(\.values)
    let seconds = Double(tracks.map { $0.analysis.timeline.momentaryMaxLUFS.count }.max() ?? 0)
    let low = max(values.min() ?? -30, (values.max() ?? 0) - 45)
    let yDomain = ChartScale.domain(around: values.filter { $0 >= low }, including: rules.map(\.value), padding: 2, fallback: -30...0)
    let primary = ReportTrack.primary(of: tracks)!.analysis
    let summary = [
      primary.loudness.integrated.map { "Integrated \(HTMLText.measurement($0, unit: "LUFS"))" },
      primary.loudness.shortTermMax.map { "short-term up to \(HTMLText.measurement($0, unit: "LUFS"))" },
      primary.loudness.range.map { "loudness range \(HTMLText.measurement($0, unit: "LU"))" },
      targetLUFS.map { "target \(HTMLText.measurement($0, unit: "LUFS"))" },
    ].compactMap { $0 }.joined(separator: ", ") + " over \(HTMLText.number(primary.format.durationSeconds)) s."
    return LineChart(
      figure: ChartFigure(
        id: id, kind: "loudness", title: "Loudness over time",
        description: "Momentary-maximum and short-term loudness per second in LUFS against time in seconds, with the integrated loudness, the target and the platforms' reference levels as horizontal lines.",
        summary: summary, legend: [], width: 760, height: 320),
      xAxis: ChartAxis(title: "Time", unit: "s"), yAxis: ChartAxis(title: "Loudness", unit: "LUFS"),
      xDomain: 0...max(seconds, 1), yDomain: yDomain, series: series, rules: rules
    ).html()
  }

  /// One line per reference level, naming every service (and mode) that normalises to it.
  static func platformRules(_ platforms: [PlatformPreview]) -> [ChartRule] {
    var levels: [Double] = []
    var names: [Double: [String]] = [:]
    for platform in platforms {
      if names[platform.referenceLUFS] == nil { levels.append(platform.referenceLUFS) }
      names[platform.referenceLUFS, default: []].append(platform.mode.map { "\(platform.service) \($0)" } ?? platform.service)
    }
    return levels.map { level in
      ChartRule(label: "\(HTMLText.number(level)) \(names[level]!.count == 1 ? names[level]![0] : "platforms")", value: level, colour: 4,
        legend: "\(HTMLText.measurement(level, unit: "LUFS")): \(names[level]!.joined(separator: ", "))")
    }
  }
}
