import DubplateAnalysis
import DubplateCatalog
import DubplateTestSupport
import XCTest

/// The end-of-run summary counts files, failures, the loudness spread, platform excesses and overs.
final class BatchSummaryTests: XCTestCase {
  private func summary() -> BatchSummary {
    var summary = BatchSummary()
    for (integrated, truePeak) in [(-8.0, 0.3), (-14.0, -1.0), (-12.5, -0.4), (-20.0, -3.0)] {
      summary.add(AnalysisFixture.track(integrated: integrated, truePeak: truePeak))
    }
    summary.add(AnalysisFixture.track(integrated: nil, truePeak: nil))
    summary.addFailure()
    return summary
  }

  func testCountsAndLoudnessSpread() throws {
    let summary = summary()
    XCTAssertEqual(summary.fileCount, 6)
    XCTAssertEqual(summary.analysedCount, 5)
    XCTAssertEqual(summary.failureCount, 1)
    XCTAssertEqual(try XCTUnwrap(summary.medianIntegratedLUFS), -13.25, accuracy: 1e-12)
    XCTAssertEqual(summary.minimumIntegratedLUFS, -20)
    XCTAssertEqual(summary.maximumIntegratedLUFS, -8)
    XCTAssertEqual(summary.truePeakOverCount, 2, "−1.0 dBTP exactly is not an over")
    XCTAssertEqual(summary.louderCount(than: -14), 2, "−14.0 LUFS exactly is not louder than −14")
    XCTAssertEqual(summary.louderCount(than: -11), 1)
  }

  func testLinesNameEveryPlatformWithItsCount() {
    let lines = summary().lines(platforms: [
      .init(name: "spotify", referenceLUFS: -14), .init(name: "apple-music", referenceLUFS: -16),
    ])
    XCTAssertEqual(lines, [
      "Summary: 6 files, 5 analysed, 1 failed",
      "Integrated loudness: median -13.2 LUFS, min -20.0 LUFS, max -8.0 LUFS (4 defined)",
      "Louder than the platform reference: spotify (-14.0 LUFS) 2, apple-music (-16.0 LUFS) 3",
      "True peak above -1.0 dBTP: 2 files",
    ])
  }

  func testEmptyRunHasNoMedian() {
    XCTAssertNil(BatchSummary().medianIntegratedLUFS)
    XCTAssertEqual(BatchSummary().lines(platforms: [])[1], "Integrated loudness: none defined")
  }
}
