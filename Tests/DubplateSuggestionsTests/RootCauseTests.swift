import DubplateAnalysis
import DubplateProfiles
import DubplateSuggestions
import DubplateTestSupport
import XCTest

/// Findings that are symptoms of another finding give way to the cause.
final class RootCauseTests: XCTestCase {
  private let reference = AnalysisFixture.track(integrated: -12, truePeak: -1.5, imageWidth: -10, lowEndCorrelation: 0.98)

  private func judge(_ track: TrackAnalysis) throws -> [String] {
    let profile = try ReferenceSet.profile(from: [reference])
    return SuggestionEngine().suggestions(for: track, against: profile).codes
  }

  func testOutOfPhaseBassIsALowEndFindingNotAFlippedChannel() throws {
    let codes = try judge(AnalysisFixture.track(integrated: -12, truePeak: -1.5, imageWidth: -10, correlation: -0.2, lowEndCorrelation: -0.6))
    XCTAssertTrue(codes.contains("stereo.low-end-wide"), "\(codes)")
    XCTAssertFalse(codes.contains("stereo.phase"), "\(codes)")
  }

  func testAFlippedChannelIsPhaseOnly() throws {
    let codes = try judge(AnalysisFixture.track(integrated: -12, truePeak: -1.5, imageWidth: 9, correlation: -0.8, lowEndCorrelation: -0.98))
    XCTAssertTrue(codes.contains("stereo.phase"), "\(codes)")
    XCTAssertFalse(codes.contains("stereo.low-end-wide"), "\(codes)")
  }

  func testMissingBassIsNotAlsoTooDynamicOrWideInTheLowEnd() throws {
    var bands = AnalysisFixture.defaultBands
    bands[.sub]! -= 15
    bands[.bass]! -= 12
    let codes = try judge(AnalysisFixture.track(
      integrated: -12, range: 14, truePeak: -1.5, imageWidth: -10, lowEndCorrelation: 0.5, namedBands: bands))
    XCTAssertTrue(codes.contains("spectrum.bass.deficit"), "\(codes)")
    XCTAssertFalse(codes.contains("dynamics.too-dynamic"), "\(codes)")
    XCTAssertFalse(codes.contains("stereo.low-end-wide"), "\(codes)")
  }
}
