import DubplateAnalysis
import DubplateDSP
import DubplateProfiles
import DubplateTestSupport
import XCTest

final class ProfileBuilderTests: XCTestCase {
  private func tracks() -> [TrackAnalysis] {
    (0..<8).map { (index: Int) -> TrackAnalysis in
      let shift: Double = Double(index % 3) * 0.5 - 0.5
      let bands: [NamedBand: Double] = AnalysisFixture.defaultBands.mapValues { $0 + shift }
      let integrated: Double = -10 - Double(index % 4) * 0.5
      return AnalysisFixture.track(file: "t\(index).wav", integrated: integrated, imageWidth: -12 + Double(index % 3), namedBands: bands)
    }
  }

  func testDistributionsComeFromTheTracks() throws {
    let profile = try ProfileBuilder(name: "test", description: "Eight tracks.")
      .build(from: tracks(), sources: ["a"], licence: "CC0")
    XCTAssertEqual(profile.schema, "dubplate.profile/1")
    XCTAssertEqual(profile.provenance.trackCount, 8)
    XCTAssertEqual(profile.provenance.method, "measured")
    XCTAssertEqual(profile.features.integrated.median, -10.75, accuracy: 1e-9)
    XCTAssertEqual(profile.namedBands.bass.median, -7, accuracy: 0.26)
    XCTAssertLessThanOrEqual(profile.features.integrated.p10, profile.features.integrated.p90)
    XCTAssertEqual(profile.targets.truePeakCeilingDBTP, -1)
    XCTAssertEqual(profile.bands.count, FrequencyBands.thirdOctaves(sampleRate: 44_100).count)
  }

  func testTukeyFencesDropALoudnessAndASpectralOutlier() throws {
    var analyses = tracks()
    analyses.append(AnalysisFixture.track(file: "whisper.wav", integrated: -35))
    analyses.append(AnalysisFixture.track(file: "dark.wav", integrated: -10.5, namedBands: [.sub: -2, .bass: 3, .lowMid: -20, .mid: -25, .highMid: -30, .air: -40]))
    let profile = try ProfileBuilder(name: "test", description: "").build(from: analyses, sources: [], licence: "")
    XCTAssertEqual(profile.provenance.excluded.count, 2, "\(profile.provenance.excluded)")
    XCTAssertEqual(profile.provenance.trackCount, 8)
    XCTAssertTrue(profile.provenance.excluded[0].hasPrefix("whisper.wav: integrated loudness"))
    XCTAssertTrue(profile.provenance.excluded[1].hasPrefix("dark.wav: spectral balance"))
  }

  func testFewTracksAreAllKeptAndSilentTracksAreUnusable() throws {
    let few = Array(tracks().prefix(3)) + [AnalysisFixture.track(file: "silent.wav", integrated: nil)]
    let profile = try ProfileBuilder(name: "few", description: "").build(from: few, sources: [], licence: "")
    XCTAssertEqual(profile.provenance.trackCount, 3)
    XCTAssertThrowsError(try ProfileBuilder(name: "none", description: "")
      .build(from: [AnalysisFixture.track(integrated: nil)], sources: [], licence: "")) { error in
      XCTAssertEqual(error as? ProfileError, .noUsableTracks(skipped: 1))
    }
  }
}
