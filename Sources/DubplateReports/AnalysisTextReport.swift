import DubplateAnalysis
import DubplateDSP
import Foundation

/// Renders a ``TrackAnalysis`` as the aligned, human-readable report of `dubplate analyze`.
///
/// Undefined values are named for why they are undefined ("too short", "silent", "-inf"),
/// never printed as NaN. `verbose` adds the per-second loudness timeline.
public struct AnalysisTextReport {
  public var verbose: Bool

  public init(verbose: Bool = false) { self.verbose = verbose }

  /// The report as lines of text, ending without a trailing newline.
  public func render(_ analysis: TrackAnalysis) -> String {
    var lines = [analysis.file, "  " + formatLine(analysis.format)]
    lines += analysis.warnings.map { "  ! " + $0 }
    lines += [""] + loudnessSection(analysis)
    lines += [""] + dynamicsSection(analysis)
    lines += [""] + stereoSection(analysis)
    lines += [""] + spectrumSection(analysis)
    if verbose { lines += [""] + timelineSection(analysis.timeline) }
    return lines.joined(separator: "\n")
  }

  private func formatLine(_ format: TrackAnalysis.Format) -> String {
    let layout = format.channels == 1 ? "mono"
      : format.channels == 2 ? "stereo" : "\(format.channels) channels"
    let rate = TextLayout.grouped(Int(format.sampleRate.rounded()))
    return "\(format.container), \(format.encoding), \(rate) Hz, \(layout), "
      + "\(TextLayout.duration(format.durationSeconds)) (\(TextLayout.grouped(format.frames)) frames)"
  }

  private func loudnessSection(_ analysis: TrackAnalysis) -> [String] {
    let loudness = analysis.loudness
    let silent = loudness.samplePeak == nil
    let tooShortForIntegrated = analysis.format.durationSeconds < TrackAnalyzer.minimumIntegratedSeconds
    let tooShortForRange = analysis.format.durationSeconds < TrackAnalyzer.minimumRangeSeconds
    let integratedMissing = silent ? "silent" : tooShortForIntegrated ? "too short" : "gated"
    let rangeMissing = silent ? "silent" : tooShortForRange ? "too short" : "gated"
    let peakMissing = "-inf"
    return [
      TextLayout.heading("Loudness", note: "ITU-R BS.1770-4 / EBU R128"),
      TextLayout.row("Integrated", TextLayout.measurement(loudness.integrated, unit: "LUFS", missing: integratedMissing)),
      TextLayout.row("Loudness range", TextLayout.measurement(loudness.range, unit: "LU", missing: rangeMissing)),
      TextLayout.row("Momentary max", TextLayout.measurement(loudness.momentaryMax, unit: "LUFS", missing: silent ? "silent" : "too short")),
      TextLayout.row("Short-term max", TextLayout.measurement(loudness.shortTermMax, unit: "LUFS", missing: silent ? "silent" : "too short")),
      TextLayout.row("True peak", TextLayout.measurement(loudness.truePeak, unit: "dBTP", missing: peakMissing)
        + "  (\(loudness.truePeakOversampling)x oversampled)"),
      TextLayout.row("Sample peak", TextLayout.measurement(loudness.samplePeak, unit: "dBFS", missing: peakMissing)),
      TextLayout.row("PLR (peak to loudness)", TextLayout.measurement(loudness.plr, unit: "dB", missing: "n/a")),
      TextLayout.row("PSR (peak to short-term)", TextLayout.measurement(loudness.psr, unit: "dB", missing: "n/a")),
    ]
  }

  private func dynamicsSection(_ analysis: TrackAnalysis) -> [String] {
    let dynamics = analysis.dynamics
    let roles = analysis.format.channelLayout
    let dc = dynamics.dcOffset.enumerated().map { index, value in
      "\(channelLabel(roles, index)) \(String(format: "%+.5f", value))"
    }.joined(separator: "  ")
    let clipping = dynamics.clippedRuns == 0 ? "none"
      : "\(dynamics.clippedSamples) samples in \(dynamics.clippedRuns) runs, first at "
        + dynamics.firstClipsSeconds.prefix(3).map { TextLayout.duration($0) }.joined(separator: ", ")
    return [
      "Dynamics",
      TextLayout.row("RMS", TextLayout.measurement(dynamics.rms, unit: "dBFS", missing: "-inf")),
      TextLayout.row("Crest factor", TextLayout.measurement(dynamics.crestFactor, unit: "dB", missing: "n/a")),
      TextLayout.row("DC offset", dc),
      TextLayout.row("Clipping", clipping),
      TextLayout.row("Silence", String(format: "%.2f s at the start, %.2f s at the end",
        dynamics.leadingSilenceSeconds, dynamics.trailingSilenceSeconds)),
    ] + (dynamics.nonFiniteSamples > 0
      ? [TextLayout.row("NaN/Inf samples", "\(dynamics.nonFiniteSamples) (measured as silence)")] : [])
  }

  private func stereoSection(_ analysis: TrackAnalysis) -> [String] {
    guard let stereo = analysis.stereo else {
      return ["Stereo", "  Mono file: no stereo image to measure."]
    }
    let balanceNote = stereo.balance.map { abs($0) < 0.05 ? "  (centred)" : $0 > 0 ? "  (left louder)" : "  (right louder)" } ?? ""
    let p5 = stereo.correlationP5.map { "  (5th percentile " + String(format: "%.2f", $0) + ")" } ?? ""
    return [
      analysis.format.channels > 2 ? "Stereo (front left/right)" : "Stereo",
      TextLayout.row("Correlation", TextLayout.measurement(stereo.correlation, unit: "", decimals: 2, missing: "n/a") + p5),
      TextLayout.row("Low-end correlation", TextLayout.measurement(stereo.lowEndCorrelation, unit: "", decimals: 2, missing: "n/a") + "  (below 150 Hz)"),
      TextLayout.row("Width (side/mid)", TextLayout.measurement(stereo.width, unit: "dB", missing: "mono")
        + (stereo.imageWidth.map { "  (above 250 Hz " + TextLayout.number($0, width: 0) + " dB)" } ?? "")),
      TextLayout.row("Balance (L/R)", TextLayout.measurement(stereo.balance, unit: "dB", signed: true, missing: "n/a") + balanceNote),
    ]
  }

  private func spectrumSection(_ analysis: TrackAnalysis) -> [String] {
    let spectrum = analysis.spectrum
    var lines = [TextLayout.heading("Spectrum", note: "long-term average: band power, and power re integrated loudness")]
    for band in NamedBand.allCases {
      let label = "\(band.rawValue) \(hz(band.lowerHz))-\(hz(band.upperHz))"
      let level = TextLayout.measurement(spectrum.namedBands[band], unit: "dB", missing: "n/a")
      let normalized = spectrum.normalizedNamedBands[band].map { "   " + TextLayout.number($0, signed: true) + " re loudness" } ?? ""
      lines.append(TextLayout.row(label, level + normalized))
    }
    lines.append(TextLayout.row("Tilt (100 Hz-10 kHz)", TextLayout.measurement(spectrum.tilt, unit: "dB/octave", missing: "n/a")))
    lines.append("  1/3-octave bands:")
    let levels = spectrum.bands.compactMap(\.db)
    let top = levels.max() ?? 0
    for band in spectrum.bands {
      let label = "    " + hz(band.hz).padding(toLength: 6, withPad: " ", startingAt: 0)
      guard let db = band.db else {
        lines.append(label + "      -inf")
        continue
      }
      let bar = String(repeating: "#", count: max(0, Int(((db - top + 48) / 1.5).rounded())))
      lines.append(label + TextLayout.number(db, width: 8) + " dB  " + bar)
    }
    return lines
  }

  private func timelineSection(_ timeline: TrackAnalysis.Timeline) -> [String] {
    var lines = ["Loudness over time", "    second  short-term   momentary max"]
    for (index, shortTerm) in timeline.shortTermLUFS.enumerated() {
      let momentary = index < timeline.momentaryMaxLUFS.count ? timeline.momentaryMaxLUFS[index] : nil
      lines.append(
        "    " + TextLayout.number(Double(index + 1), decimals: 0, width: 6)
          + "  " + TextLayout.measurement(shortTerm, unit: "LUFS", missing: "-")
          + "  " + TextLayout.measurement(momentary, unit: "LUFS", missing: "-"))
    }
    return lines
  }

  private func hz(_ frequency: Double) -> String {
    func trimmed(_ value: Double) -> String {
      var text = String(format: "%.2f", value)
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
      return text
    }
    return frequency >= 1000 ? trimmed(frequency / 1000) + "k" : trimmed(frequency)
  }

  private func channelLabel(_ roles: [String], _ index: Int) -> String {
    let short: [String: String] = [
      "left": "L", "right": "R", "center": "C", "lowFrequencyEffects": "LFE",
      "leftSurround": "Ls", "rightSurround": "Rs", "mono": "M",
    ]
    return index < roles.count ? short[roles[index]] ?? "ch\(index + 1)" : "ch\(index + 1)"
  }
}
