/// Renders `dubplate analyze --report`: one self-contained HTML page with, for each file, its
/// loudness over time, spectrum, stereo image, dynamics and the platform (and codec) previews.
///
/// Several files share one page, one group of sections per file in the order given, each
/// section's title starting with the file's name.
public struct AnalysisHTMLReport {
  public init() {}

  /// The page for `documents` (at least one).
  public func render(_ documents: [AnalysisDocument]) -> String {
    precondition(!documents.isEmpty, "A report needs at least one analysis.")
    guard documents.count > 1 else {
      let document = documents[0]
      return HTMLPage(
        title: "Analysis: \(ReportFacts.name(document.analysis.file))",
        verdict: ReportFacts.loudnessVerdict(document.analysis, platforms: document.platforms),
        facts: [document.analysis.file, ReportFacts.format(of: document.analysis)],
        sections: sections(for: document, idPrefix: "", titlePrefix: "")
      ).render()
    }
    var sections: [HTMLSection] = []
    for (index, document) in documents.enumerated() {
      let name = ReportFacts.name(document.analysis.file)
      sections.append(HTMLSection(
        id: "f\(index + 1)", title: name,
        body: "<p class=\"verdict\">\(HTMLText.escape(ReportFacts.loudnessVerdict(document.analysis, platforms: document.platforms)))</p>"
          + "<p class=\"note\">\(HTMLText.escape(document.analysis.file)): \(HTMLText.escape(ReportFacts.format(of: document.analysis)))</p>"))
      sections += self.sections(for: document, idPrefix: "f\(index + 1)-", titlePrefix: name + ": ")
    }
    let integrated = documents.compactMap(\.analysis.loudness.integrated)
    let verdict = integrated.isEmpty
      ? "\(documents.count) files; none has a defined loudness."
      : "\(documents.count) files, from \(HTMLText.measurement(integrated.min(), unit: "LUFS")) to \(HTMLText.measurement(integrated.max(), unit: "LUFS")) integrated."
    return HTMLPage(title: "Analysis of \(documents.count) files", verdict: verdict, facts: [], sections: sections).render()
  }

  private func sections(for document: AnalysisDocument, idPrefix: String, titlePrefix: String) -> [HTMLSection] {
    let track = [ReportTrack(label: ReportFacts.name(document.analysis.file), analysis: document.analysis, role: .main)]
    let sections = ReportFacts.warnings(id: idPrefix + "warnings", document.analysis)
      + [
        LoudnessSection.section(id: idPrefix + "loudness", tracks: track, targetLUFS: nil, platforms: document.platforms),
        SpectrumSection.section(id: idPrefix + "spectrum", tracks: track, profile: nil),
        StereoSection.section(id: idPrefix + "stereo", tracks: track),
        DynamicsSection.section(id: idPrefix + "dynamics", tracks: track, profile: nil),
      ]
      + PreviewSections.sections(idPrefix: idPrefix, document: document)
    return sections.map { HTMLSection(id: $0.id, title: titlePrefix + $0.title, body: $0.body) }
  }
}
