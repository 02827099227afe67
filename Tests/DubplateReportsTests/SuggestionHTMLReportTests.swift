import DubplateAnalysis
import DubplateReports
import DubplateSuggestions
import XCTest

/// The suggest page: findings with their moves first, the spectrum against the profile's
/// ranges (or the references' curves), the target on the loudness chart.
final class SuggestionHTMLReportTests: XCTestCase {
  private let report: SuggestionReport = {
    let finding = Suggestion(
      code: SuggestionCode(rawValue: "spectrum.low-mid.excess"), severity: .warning,
      message: "Low-mids sit 3.2 dB above the range.", advice: "Cut around 320 Hz.", measured: 3.2, expected: -1...1,
      action: .eq(shape: .bell, hz: 320, gainDB: -3, q: 1), weight: 3.2)
    return SuggestionReport(
      against: "2 references", stage: .master, targetLUFS: -14, ceilingDBTP: -1, suggestions: [finding],
      skipped: ["loudness range: shorter than 3 s"])
  }()

  private func page(references: [TrackAnalysis]) -> String {
    SuggestionHTMLReport().render(
      report, document: AnalysisDocument(analysis: ReportFixtures.stereo, table: ReportFixtures.table),
      profile: ReportFixtures.profile, references: references)
  }

  func testAgainstAProfileDrawsItsRanges() throws {
    let structure = ReportStructure(html: page(references: []))
    XCTAssertEqual(structure.sections, ["findings", "loudness", "spectrum", "stereo", "dynamics", "platforms"])
    XCTAssertEqual(structure.chartKinds, ["loudness", "spectrum", "correlation", "width", "dynamics"])
    let profile = ReportFixtures.profile.name
    XCTAssertEqual(structure.chart("spectrum")?.legend, ["\(profile) p10–p90", "\(profile) p25–p75", "\(profile) median", "mix.wav"])
    XCTAssertEqual(try XCTUnwrap(structure.chart("spectrum")).paths.count, 4, "two ranges, the median, the track")
    XCTAssertTrue(try XCTUnwrap(structure.chart("loudness")).legend.contains("target −14.0\u{2009}LUFS"))
    XCTAssertEqual(structure.chart("dynamics")?.legend, ["track", "\(profile) p10–p90", "\(profile) p25–p75", "\(profile) median"])
    ReportStructure.assertChartsAreDrawnAndDescribed(structure)
  }

  func testAgainstReferencesDrawsTheirCurves() throws {
    let structure = ReportStructure(html: page(references: [ReportFixtures.reference]))
    XCTAssertEqual(structure.chart("spectrum")?.legend, ["mix.wav", "ref.wav"])
  }

  func testFindingsShowTheMoveAndWhatWasNotChecked() {
    let html = page(references: [])
    XCTAssertTrue(html.contains("<p class=\"verdict\">1 finding against 2 references: 1 warning.</p>"), html)
    XCTAssertTrue(html.contains("<li class=\"finding warning\">"))
    XCTAssertTrue(html.contains("Move: EQ bell at 320 Hz, −3.0\u{2009}dB, Q 1.0"))
    XCTAssertTrue(html.contains("<h3>Not checked</h3><ul><li>loudness range: shorter than 3 s</li></ul>"))
  }
}
