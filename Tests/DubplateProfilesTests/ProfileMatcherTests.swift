import DubplateAnalysis
import DubplateDSP
import DubplateProfiles
import DubplateTestSupport
import XCTest

final class ProfileMatcherTests: XCTestCase {
  private func profile(named name: String, bands: [NamedBand: Double], width: Double) throws -> GenreProfile {
    let tracks = (0..<6).map { (index: Int) -> TrackAnalysis in
      let shift: Double = Double(index % 3) * 0.4
      let shifted: [NamedBand: Double] = bands.mapValues { $0 + shift }
      return AnalysisFixture.track(imageWidth: width + Double(index % 2), namedBands: shifted)
    }
    return try ProfileBuilder(name: name, description: "").build(from: tracks, sources: [], licence: "")
  }

  func testTheNearestProfileWinsWithMostConfidence() throws {
    let bright = try profile(named: "bright", bands: [.sub: -20, .bass: -10, .lowMid: -12, .mid: -10, .highMid: -9, .air: -12], width: -8)
    let dark = try profile(named: "dark", bands: [.sub: -10, .bass: -4, .lowMid: -12, .mid: -15, .highMid: -20, .air: -28], width: -16)
    let track = AnalysisFixture.track(imageWidth: -15, namedBands: [.sub: -11, .bass: -4.5, .lowMid: -12, .mid: -15, .highMid: -19, .air: -27])
    let ranking = ProfileMatcher.rank(track, among: [bright, dark])
    XCTAssertEqual(ranking.map(\.name), ["dark", "bright"])
    XCTAssertGreaterThan(ranking[0].confidence, 0.9)
    XCTAssertEqual(ranking.map(\.confidence).reduce(0, +), 1, accuracy: 1e-9)
  }

  func testNoProfilesGiveNoMatch() {
    XCTAssertTrue(ProfileMatcher.rank(AnalysisFixture.track(), among: []).isEmpty)
  }
}
