import DubplateProfiles
import DubplateReports
import DubplateSuggestions
import XCTest

/// The compare page: the side-by-side figures, the findings, and the mix's charts with the references' curves.
final class ComparisonHTMLReportTests: XCTestCase {
  func testMixBesideItsReferences() throws {
    let mix = ReportFixtures.stereo, reference = ReportFixtures.reference
    let report = SuggestionReport(against: "reference", stage: .master, targetLUFS: -14, ceilingDBTP: -1, suggestions: [], skipped: [])
    let html = ComparisonHTMLReport().render(
      ReferenceComparison(mix: mix, references: [reference]), document: AnalysisDocument(analysis: mix, table: ReportFixtures.table),
      references: [reference], report: report, profile: ReportFixtures.profile)
    let structure = ReportStructure(html: html)
    XCTAssertEqual(structure.sections, ["figures", "findings", "loudness", "spectrum", "stereo", "dynamics", "platforms"])
    XCTAssertEqual(structure.chartKinds, ["loudness", "spectrum", "correlation", "width", "dynamics"])
    XCTAssertEqual(structure.chart("spectrum")?.legend, ["mix.wav", "ref.wav"])
    XCTAssertTrue(html.contains("<th scope=\"col\">ref 1</th><th scope=\"col\">ref mean</th><th scope=\"col\">delta</th>"))
    XCTAssertTrue(html.contains("references&#39; mean; nothing to change against reference.</p>"), html)
    ReportStructure.assertChartsAreDrawnAndDescribed(structure)
  }
}
