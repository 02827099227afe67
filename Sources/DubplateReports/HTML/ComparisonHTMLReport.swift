import DubplateAnalysis
import DubplateDSP
import DubplateProfiles
import DubplateSuggestions

/// Renders `dubplate compare --report`: the mix beside its references (figures, mean and
/// delta), the findings against them, and the mix's charts with the references' curves.
public struct ComparisonHTMLReport {
  public init() {}

  /// The page for the mix in `document` beside `references`, with the judge's `report` and
  /// the `profile` built from the references (its ranges are drawn behind the dynamics).
  public func render(
    _ comparison: ReferenceComparison, document: AnalysisDocument, references: [TrackAnalysis],
    report: SuggestionReport, profile: GenreProfile
  ) -> String {
    let mix = document.analysis
    let main = ReportTrack(label: ReportFacts.name(mix.file), analysis: mix, role: .main)
    let referenceTracks = references.map { ReportTrack(label: ReportFacts.name($0.file), analysis: $0, role: .reference) }
    let sections = [figures(comparison, names: references.map { ReportFacts.name($0.file) }), FindingsSection.section(id: "findings", report: report)]
      + ReportFacts.warnings(id: "warnings", mix)
      + [
        LoudnessSection.section(id: "loudness", tracks: [main], targetLUFS: report.targetLUFS, platforms: document.platforms),
        SpectrumSection.section(id: "spectrum", tracks: [main] + referenceTracks, profile: nil),
        StereoSection.section(id: "stereo", tracks: [main] + referenceTracks),
        DynamicsSection.section(id: "dynamics", tracks: [main], profile: profile),
      ]
      + PreviewSections.sections(idPrefix: "", document: document)
    let delta = comparison.deltas.integrated.map {
      "The mix is \(HTMLText.measurement(abs($0), unit: "LU")) \($0 >= 0 ? "louder" : "quieter") than the references' mean; "
    } ?? "The loudness difference is undefined; "
    return HTMLPage(
      title: "Comparison: \(ReportFacts.name(mix.file))",
      verdict: delta + SuggestionHTMLReport.verdict(report).prefix(1).lowercased() + SuggestionHTMLReport.verdict(report).dropFirst(),
      facts: [mix.file, "\(references.count) reference\(references.count == 1 ? "" : "s")", ReportFacts.format(of: mix)],
      sections: sections
    ).render()
  }

  /// The side-by-side table: mix, each reference, their mean, and the mix's delta.
  private func figures(_ comparison: ReferenceComparison, names: [String]) -> HTMLSection {
    let columns = [comparison.mix] + comparison.references + [comparison.referenceMean, comparison.deltas]
    func row(_ label: String, decimals: Int = 1, _ value: (ReferenceComparison.Figures) -> Double?) -> [String] {
      [label] + columns.enumerated().map { index, figures in
        value(figures).map { HTMLText.number($0, decimals: decimals, signed: index == columns.count - 1) } ?? "n/a"
      }
    }
    var rows = [
      row("Integrated (LUFS)") { $0.integrated }, row("Loudness range (LU)") { $0.range },
      row("True peak (dBTP)") { $0.truePeak }, row("PLR (dB)") { $0.plr }, row("Tilt (dB/octave)", decimals: 2) { $0.tilt },
    ]
    rows += NamedBand.allCases.map { band in row("\(band.rawValue) (dB re loudness)") { $0.namedBands[band] } }
    rows += [
      row("Width (side/mid, dB)") { $0.width }, row("Width above 250 Hz (dB)") { $0.imageWidth },
      row("Low-end correlation", decimals: 2) { $0.lowEndCorrelation },
    ]
    let table = HTMLText.table(
      header: ["", "mix"] + names.indices.map { "ref \($0 + 1)" } + ["ref mean", "delta"], rows: rows,
      caption: "References: " + names.enumerated().map { "ref \($0.offset + 1) \($0.element)" }.joined(separator: ", "))
    return HTMLSection(id: "figures", title: "Beside the references", body: table)
  }
}
