import DubplateAnalysis
import DubplateMastering

/// Renders `dubplate master --report`: the chain with its reasons, before/after overlays of
/// the loudness curve and the spectrum, the limiter's gain reduction over time, stereo and
/// dynamics before and after, and the platform and codec previews of the written master.
public struct MasteringHTMLReport {
  public init() {}

  /// The page for `outcome`. `previews` holds the platform and codec previews of the written
  /// master (of the input for a dry run, which has no master to encode).
  public func render(_ outcome: MasteringOutcome, previews: AnalysisDocument) -> String {
    let report = outcome.report
    // A dry run has only the input, drawn as the page's main track.
    var tracks = [ReportTrack(label: "before", analysis: outcome.beforeAnalysis, role: outcome.afterAnalysis == nil ? .main : .before)]
    if let after = outcome.afterAnalysis { tracks.append(ReportTrack(label: "after", analysis: after, role: .main)) }
    let references = outcome.referenceAnalyses.map { ReportTrack(label: ReportFacts.name($0.file), analysis: $0, role: .reference) }
    let sections = [MasteringSections.chain(id: "chain", report: report)]
      + [
        LoudnessSection.section(id: "loudness", tracks: tracks, targetLUFS: report.targetLUFS, platforms: previews.platforms),
        MasteringSections.limiter(id: "limiter", report: report),
        SpectrumSection.section(id: "spectrum", tracks: tracks + references, profile: nil),
        StereoSection.section(id: "stereo", tracks: tracks),
        DynamicsSection.section(id: "dynamics", tracks: tracks, profile: nil),
      ]
      + PreviewSections.sections(
        idPrefix: "", document: previews, codecNote: outcome.afterAnalysis == nil ? "Dry run: there is no master to encode." : nil)
    return HTMLPage(
      title: "Master: \(ReportFacts.name(report.output ?? report.input))", verdict: Self.verdict(outcome),
      facts: [report.output.map { "\(report.input) → \($0)" } ?? "\(report.input) (dry run)",
              "target \(HTMLText.measurement(report.targetLUFS, unit: "LUFS")), ceiling \(HTMLText.measurement(report.ceilingDBTP, unit: "dBTP"))",
              ReportFacts.format(of: outcome.afterAnalysis ?? outcome.beforeAnalysis)],
      sections: sections
    ).render()
  }

  /// What the master measures against its target and how hard the limiter worked.
  static func verdict(_ outcome: MasteringOutcome) -> String {
    let report = outcome.report
    guard let after = outcome.afterAnalysis else {
      return "Dry run: a chain of \(report.chain.steps.count) steps planned for \(HTMLText.measurement(report.targetLUFS, unit: "LUFS"))."
    }
    var verdict = "Mastered to \(HTMLText.measurement(after.loudness.integrated, unit: "LUFS")) integrated, true peak \(HTMLText.measurement(after.loudness.truePeak, unit: "dBTP"))"
      + " (target \(HTMLText.measurement(report.targetLUFS, unit: "LUFS")), ceiling \(HTMLText.measurement(report.ceilingDBTP, unit: "dBTP")))"
    if let limiter = report.limiter { verdict += "; limiter up to \(HTMLText.measurement(limiter.maximumGainReductionDB, unit: "dB"))" }
    if !report.compromises.isEmpty { verdict += "; \(report.compromises.count) compromise\(report.compromises.count == 1 ? "" : "s")" }
    return verdict + "."
  }
}
