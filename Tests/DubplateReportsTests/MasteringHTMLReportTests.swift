import DubplateAnalysis
import DubplateAudio
import DubplateMastering
import DubplateProfiles
import DubplateReports
import XCTest

/// The master page: the chain, before/after overlays, the limiter's gain reduction, and the
/// previews of the written master; a dry run says what it cannot show.
final class MasteringHTMLReportTests: XCTestCase {
  private func outcome(dryRun: Bool) -> MasteringOutcome {
    let before = ReportFixtures.stereo, after = ReportFixtures.louder
    let chain = MasteringPlan(
      sampleRate: 44_100, channelCount: 2, targetLUFS: -10, ceilingDBTP: -1,
      steps: [
        MasteringStep(.gain(gainDB: 4), reason: "Gain that brings the limited output to -10.0 LUFS."),
        MasteringStep(.limiter(ceilingDBTP: -1.25, lookaheadMilliseconds: 5, releaseMilliseconds: 100), reason: "Keeps true peaks under the ceiling."),
      ])
    let report = MasteringReport(
      input: "mix.wav", output: dryRun ? nil : "master.wav", targetLUFS: -10, ceilingDBTP: -1, chain: chain,
      before: ReferenceComparison.Figures(before), after: dryRun ? nil : ReferenceComparison.Figures(after),
      limiter: dryRun ? nil : .init(maximumGainReductionDB: 2.5, averageGainReductionDB: 0.8, reductionPerTenthSecondDB: (0..<60).map { Double($0 % 10) / 4 }),
      passes: 2, compromises: [], notes: [])
    return MasteringOutcome(report: report, beforeAnalysis: before, afterAnalysis: dryRun ? nil : after, referenceAnalyses: [ReportFixtures.reference])
  }

  func testMasterShowsBeforeAfterAndTheLimiter() throws {
    let codecs = [CodecPreview(codec: "mp3", bitrateKbps: 320, truePeakDBTP: -0.6, overs: 0, safeCeilingDBTP: -0.5, skipped: nil)]
    let html = MasteringHTMLReport().render(
      outcome(dryRun: false), previews: AnalysisDocument(analysis: ReportFixtures.louder, table: ReportFixtures.table, codecs: codecs))
    let structure = ReportStructure(html: html)
    XCTAssertEqual(structure.sections, ["chain", "loudness", "limiter", "spectrum", "stereo", "dynamics", "platforms", "codecs"])
    XCTAssertEqual(structure.chartKinds, ["loudness", "gain-reduction", "spectrum", "correlation", "width", "dynamics"])
    let loudness = try XCTUnwrap(structure.chart("loudness")).legend
    XCTAssertEqual(Array(loudness.prefix(3)), ["before: short-term (3 s)", "after: momentary max per second (400 ms)", "after: short-term (3 s)"])
    XCTAssertTrue(loudness.contains("target −10.0\u{2009}LUFS"))
    XCTAssertEqual(structure.chart("spectrum")?.legend, ["before", "after", "ref.wav"])
    XCTAssertEqual(structure.chart("correlation")?.legend, ["before: correlation per second", "after: correlation per second"])
    XCTAssertEqual(structure.chart("gain-reduction")?.legend, ["gain reduction per 100 ms"])
    XCTAssertTrue(html.contains("why: Keeps true peaks under the ceiling."))
    ReportStructure.assertChartsAreDrawnAndDescribed(structure)
  }

  func testDryRunSaysWhatItCannotShow() {
    let html = MasteringHTMLReport().render(
      outcome(dryRun: true), previews: AnalysisDocument(analysis: ReportFixtures.stereo, table: ReportFixtures.table))
    let structure = ReportStructure(html: html)
    XCTAssertFalse(structure.chartKinds.contains("gain-reduction"))
    XCTAssertEqual(Array(structure.chart("loudness")?.legend.prefix(2) ?? []), ["momentary max per second (400 ms)", "short-term (3 s)"])
    XCTAssertEqual(structure.notes, [
      "Dry run: nothing was rendered, so there is no gain reduction to show.", "Dry run: there is no master to encode.",
    ])
  }
}
