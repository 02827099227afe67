import Foundation

/// Clipping and DC offset: absolute rules, the physics decides.
enum HygieneRules {
  /// |mean| above this (1 % of full scale, −40 dBFS) is a DC offset worth removing: below it
  /// the headroom lost is under 0.1 dB, and asymmetric kicks in real mixes reach 0.005.
  static let dcOffsetThreshold = 0.01

  static func findings(_ context: JudgementContext) -> [Suggestion] {
    let analysis = context.analysis
    var findings: [Suggestion] = []
    let dynamics = analysis.dynamics
    if dynamics.clippedRuns > 0 {
      let reduction = min(12, max(1, ((analysis.loudness.truePeak ?? 0) + 3).rounded()))
      let first = dynamics.firstClipsSeconds.first.map { String(format: "%.2f s", $0) } ?? "the start"
      findings.append(Suggestion(
        code: .clipping, severity: .problem,
        message: "\(dynamics.clippedSamples) samples sit flat at full scale in \(dynamics.clippedRuns) runs (first at \(first)): that is audible distortion.",
        advice: "Re-export with the master fader about \(Int(reduction)) dB lower, or back off the clipper or limiter on the mix bus.",
        measured: Double(dynamics.clippedRuns), expected: 0...0,
        action: .gain(gainDB: -reduction), weight: 10 + log10(Double(dynamics.clippedSamples))))
    }
    if let worst = dynamics.dcOffset.map(abs).max(), worst > dcOffsetThreshold {
      findings.append(Suggestion(
        code: .dcOffset, severity: worst > 0.03 ? .problem : .warning,
        message: String(format: "The waveform sits %.1f %% of full scale off zero (DC offset): it wastes headroom and clicks at edits.", worst * 100),
        advice: "High-pass at 20 Hz (or use a DC filter) before any compression.",
        measured: worst * 100, expected: 0...(dcOffsetThreshold * 100),
        action: .eq(shape: .highPass, hz: 20, gainDB: nil, q: 0.7), weight: 5 + worst * 100))
    }
    return findings
  }
}
