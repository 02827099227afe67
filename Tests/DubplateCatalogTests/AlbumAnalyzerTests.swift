import DubplateAnalysis
import DubplateCatalog
import DubplateDSP
import DubplateTestSupport
import XCTest

/// Album loudness pools every track's gating blocks; tracks more than 3 LU from the album or
/// with a normalised band more than 3 dB from the album median are flagged.
final class AlbumAnalyzerTests: XCTestCase {
  private func meter(rmsDBFS: Double, seconds: Double, seed: UInt64) -> LoudnessMeter {
    let meter = LoudnessMeter(sampleRate: 48_000, channelRoles: [.left, .right])
    let noise = SignalGenerator.pinkNoise(rmsDBFS: rmsDBFS, frameCount: Int(seconds * 48_000), seed: seed)
    meter.process(AudioBuffer(channels: [noise, noise]))
    return meter
  }

  private func track(_ name: String, rmsDBFS: Double, bands: [NamedBand: Double] = AnalysisFixture.defaultBands)
    -> (analysis: TrackAnalysis, loudnessMeter: LoudnessMeter)
  {
    let meter = meter(rmsDBFS: rmsDBFS, seconds: 4, seed: UInt64(name.utf8.count))
    return (AnalysisFixture.track(file: name, integrated: meter.integratedLoudness, namedBands: bands), meter)
  }

  func testLoudAndBrightOutliersAreFlaggedAndTheRestAreNot() throws {
    var bassHeavy = AnalysisFixture.defaultBands
    bassHeavy[.bass] = -7 + 4.5
    let tracks = [
      track("one.wav", rmsDBFS: -18), track("two.wav", rmsDBFS: -18.5), track("three.wav", rmsDBFS: -17.5),
      track("quiet.wav", rmsDBFS: -26), track("boomy.wav", rmsDBFS: -18, bands: bassHeavy),
    ]
    let album = AlbumAnalyzer.analyze(tracks)
    XCTAssertEqual(album.schema, "dubplate.album/1")
    let albumLUFS = try XCTUnwrap(album.integrated)
    XCTAssertEqual(albumLUFS, LoudnessMeter.integratedLoudness(poolingBlocksOf: tracks.map(\.loudnessMeter)), accuracy: 1e-12)
    XCTAssertEqual(album.tracks.map(\.file), tracks.map(\.analysis.file))
    XCTAssertEqual(album.tracks.map(\.flags), [[], [], [], [.loudness], [.tonalBalance]])
    XCTAssertEqual(try XCTUnwrap(album.tracks[4].bandOffsets.bass), 4.5, accuracy: 1e-9)
    XCTAssertEqual(try XCTUnwrap(album.medianNormalizedBands.bass), -7, accuracy: 1e-9)
    let quietOffset = try XCTUnwrap(album.tracks[3].loudnessOffset)
    XCTAssertEqual(quietOffset, tracks[3].analysis.loudness.integrated! - albumLUFS, accuracy: 1e-9)
    XCTAssertLessThan(quietOffset, -3)
    XCTAssertNotNil(album.range)
  }

  func testSilentTracksLeaveTheAlbumUndefinedNotNaN() throws {
    let silent = LoudnessMeter(sampleRate: 48_000, channelRoles: [.left, .right])
    silent.process(AudioBuffer(channelCount: 2, frameCount: 48_000))
    let album = AlbumAnalyzer.analyze([(AnalysisFixture.track(file: "silence.wav", integrated: nil), silent)])
    XCTAssertNil(album.integrated)
    XCTAssertNil(album.range)
    XCTAssertEqual(album.tracks.first?.flags, [])
    XCTAssertNil(album.tracks.first?.loudnessOffset)
  }

  func testBandsFarBelowTheProgrammeAreNotCompared() throws {
    var nearlyEmptyAir = AnalysisFixture.defaultBands
    nearlyEmptyAir[.air] = -70
    var otherNoiseFloor = AnalysisFixture.defaultBands
    otherNoiseFloor[.air] = -55
    var noAir = AnalysisFixture.defaultBands
    noAir[.air] = -60
    let album = AlbumAnalyzer.analyze([
      track("a.wav", rmsDBFS: -18, bands: nearlyEmptyAir), track("b.wav", rmsDBFS: -18, bands: otherNoiseFloor),
      track("c.wav", rmsDBFS: -18, bands: noAir), track("bright.wav", rmsDBFS: -18),
    ])
    XCTAssertEqual(album.tracks.map(\.flags), [[], [], [], [.tonalBalance]])
    XCTAssertEqual(try XCTUnwrap(album.tracks[3].bandOffsets.air), -19 - AlbumAnalysis.tonalBalanceFloorDB, accuracy: 1e-9)
  }
}
