import DubplateAnalysis
import DubplateProfiles
import Foundation

/// The "Spectrum" section: the 1/3-octave long-term spectrum, loudness-normalised (band level
/// minus integrated loudness), against a genre profile's p10–p90 and p25–p75 bands or against
/// reference tracks' curves.
enum SpectrumSection {
  /// The section for `tracks` (the main track, a master's before, references) and the
  /// profile whose ranges are drawn behind them (`nil` with references or without a profile).
  static func section(id: String, tracks: [ReportTrack], profile: GenreProfile?) -> HTMLSection {
    guard let primary = ReportTrack.primary(of: tracks) else { return HTMLSection(id: id, title: "Spectrum", body: "") }
    let normalised = primary.analysis.spectrum.normalizedBands.contains { $0.db != nil }
    let absolute = primary.analysis.spectrum.bands.contains { $0.db != nil }
    var body = ""
    if normalised {
      body = chart(id: id + "-chart", tracks: tracks, profile: profile, normalised: true)
    } else if absolute {
      body = HTMLText.note("The integrated loudness is undefined, so the spectrum is shown as absolute band levels and not compared with a profile.")
        + chart(id: id + "-chart", tracks: [primary], profile: nil, normalised: false)
    } else {
      body = HTMLText.note("The file is digital silence: there is no spectrum to plot.")
    }
    return HTMLSection(id: id, title: "Spectrum", body: body)
  }

  private static func chart(id: String, tracks: [ReportTrack], profile: GenreProfile?, normalised: Bool) -> String {
    let primary = ReportTrack.primary(of: tracks)!
    var bands: [ChartBand] = []
    var series: [ChartSeries] = []
    if let profile {
      bands.append(ChartBand(name: "\(profile.name) p10–p90", points: profile.bands.map { ($0.hz, $0.level.p10, $0.level.p90) }, inner: false))
      bands.append(ChartBand(name: "\(profile.name) p25–p75", points: profile.bands.map { ($0.hz, $0.level.p25, $0.level.p75) }, inner: true))
      series.append(ChartSeries(name: "\(profile.name) median", points: profile.bands.map { ($0.hz, $0.level.median) }, colour: 5, dashed: true, thin: true))
    }
    var referenceColour = 3
    for track in tracks {
      let curve = (normalised ? track.analysis.spectrum.normalizedBands : track.analysis.spectrum.bands).map { ($0.hz, $0.db) }
      switch track.role {
      case .main: series.append(ChartSeries(name: track.label, points: curve, colour: 1))
      case .before: series.append(ChartSeries(name: track.label, points: curve, colour: 6, dashed: true))
      case .reference:
        series.append(ChartSeries(name: track.label, points: curve, colour: referenceColour, thin: true))
        referenceColour = referenceColour == 5 ? 3 : referenceColour + 1
      }
    }
    let values = series.flatMap(\.values) + bands.flatMap { $0.points.flatMap { [$0.low, $0.high] } }
    let low = max(values.min() ?? -60, (values.max() ?? 0) - 60)
    return LineChart(
      figure: ChartFigure(
        id: id, kind: "spectrum", title: "Spectrum (1/3 octave)",
        description: normalised
          ? "Level of each third-octave band in dB relative to the integrated loudness, against frequency in Hz on a logarithmic axis"
            + (profile.map { ", with the \($0.name) profile's 10–90 % and 25–75 % ranges shaded." } ?? ".")
          : "Level of each third-octave band in dB against frequency in Hz on a logarithmic axis.",
        summary: summary(primary: primary.analysis, profile: profile, references: tracks.filter { $0.role == .reference }, normalised: normalised),
        legend: [], width: 760, height: 340),
      xAxis: ChartAxis(title: "Frequency", unit: "Hz", spacing: .logarithmic),
      yAxis: ChartAxis(title: normalised ? "Band level re integrated loudness" : "Band level", unit: "dB"),
      xDomain: 20...20_000, yDomain: ChartScale.domain(around: values.filter { $0 >= low }, padding: 3, fallback: -60...0),
      series: series, bands: bands, xTickText: frequencyText
    ).html()
  }

  /// "Outside the profile's p10–p90 range: …", or how far the track sits from the references' mean.
  private static func summary(primary: TrackAnalysis, profile: GenreProfile?, references: [ReportTrack], normalised: Bool) -> String {
    let tilt = primary.spectrum.tilt.map { "Tilt \(HTMLText.measurement($0, unit: "dB/octave", decimals: 2))." } ?? ""
    guard normalised else { return "Absolute band levels. " + tilt }
    if let profile {
      var outside: [String] = []
      for band in primary.spectrum.normalizedBands {
        guard let level = band.db, let range = profile.bands.first(where: { $0.hz == band.hz })?.level else { continue }
        if level > range.p90 {
          outside.append("\(frequencyText(band.hz)) Hz \(HTMLText.number(level - range.p90, signed: true)) dB above")
        } else if level < range.p10 {
          outside.append("\(frequencyText(band.hz)) Hz \(HTMLText.number(level - range.p10, signed: true)) dB below")
        }
      }
      let verdict = outside.isEmpty
        ? "Every band lies inside the \(profile.name) profile's p10–p90 range."
        : "Outside the \(profile.name) profile's p10–p90 range: \(outside.joined(separator: "; "))."
      return verdict + " " + tilt
    }
    if !references.isEmpty {
      var largest: (hz: Double, difference: Double)?
      for band in primary.spectrum.normalizedBands {
        guard let level = band.db else { continue }
        let others = references.compactMap { reference in reference.analysis.spectrum.normalizedBands.first { $0.hz == band.hz }?.db ?? nil }
        guard !others.isEmpty else { continue }
        let difference = level - others.reduce(0, +) / Double(others.count)
        if abs(difference) > abs(largest?.difference ?? 0) { largest = (band.hz, difference) }
      }
      let detail = largest.map { "Largest difference from the references' mean: \(HTMLText.number($0.difference, signed: true)) dB at \(frequencyText($0.hz)) Hz." } ?? ""
      return detail + " " + tilt
    }
    return tilt
  }

  /// "63", "1k", "12.5k": a frequency as a tick label, in Hz.
  static func frequencyText(_ hz: Double) -> String {
    guard hz >= 1000 else { return HTMLText.number(hz, decimals: 0) }
    let kilo = hz / 1000
    return (kilo.rounded() == kilo ? HTMLText.number(kilo, decimals: 0) : HTMLText.number(kilo, decimals: 1)) + "k"
  }
}
