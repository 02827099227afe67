import DubplateAnalysis
import DubplateProfiles
import DubplateSuggestions

/// Renders `dubplate suggest --report`: the findings with their moves, then the track's
/// loudness against the target, its spectrum against the genre profile's ranges (or the
/// references' curves), stereo, dynamics against the profile, and the platform previews.
public struct SuggestionHTMLReport {
  public init() {}

  /// The page for `report` on `document`'s track, judged against `profile` (built from
  /// `references` when any are given, whose curves the spectrum then shows instead of ranges).
  public func render(
    _ report: SuggestionReport, document: AnalysisDocument, profile: GenreProfile, references: [TrackAnalysis]
  ) -> String {
    let analysis = document.analysis
    let main = ReportTrack(label: ReportFacts.name(analysis.file), analysis: analysis, role: .main)
    let referenceTracks = references.map { ReportTrack(label: ReportFacts.name($0.file), analysis: $0, role: .reference) }
    let sections = [FindingsSection.section(id: "findings", report: report)]
      + ReportFacts.warnings(id: "warnings", analysis)
      + [
        LoudnessSection.section(id: "loudness", tracks: [main], targetLUFS: report.targetLUFS, platforms: document.platforms),
        SpectrumSection.section(id: "spectrum", tracks: [main] + referenceTracks, profile: references.isEmpty ? profile : nil),
        StereoSection.section(id: "stereo", tracks: [main] + referenceTracks),
        DynamicsSection.section(id: "dynamics", tracks: [main], profile: profile),
      ]
      + PreviewSections.sections(idPrefix: "", document: document)
    let stage = report.stage == .master
      ? "master stage: target \(HTMLText.measurement(report.targetLUFS, unit: "LUFS")), ceiling \(HTMLText.measurement(report.ceilingDBTP, unit: "dBTP"))"
      : "mix stage"
    return HTMLPage(
      title: "Suggestions: \(ReportFacts.name(analysis.file))", verdict: Self.verdict(report),
      facts: [analysis.file, "against \(report.against)", stage, ReportFacts.format(of: analysis)],
      sections: sections
    ).render()
  }

  /// "3 findings against techno: 1 problem, 2 warnings", or that there is nothing to change.
  static func verdict(_ report: SuggestionReport) -> String {
    guard !report.suggestions.isEmpty else { return "Nothing to change against \(report.against)." }
    let counts = Severity.allCases.reversed().compactMap { severity -> String? in
      let count = report.suggestions.filter { $0.severity == severity }.count
      return count == 0 ? nil : "\(count) \(severity.rawValue)\(count == 1 || severity == .info ? "" : "s")"
    }
    let total = report.suggestions.count
    return "\(total) finding\(total == 1 ? "" : "s") against \(report.against): \(counts.joined(separator: ", "))."
  }
}
