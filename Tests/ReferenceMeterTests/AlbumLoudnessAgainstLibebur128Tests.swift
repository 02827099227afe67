import CEBUR128
import DubplateDSP
import DubplateTestSupport
import Foundation
import XCTest

/// Compares album loudness — several tracks gated together with
/// ``LoudnessMeter/integratedLoudness(poolingBlocksOf:)`` and
/// ``LoudnessMeter/loudnessRange(poolingBlocksOf:)`` — with libebur128 v1.2.6's
/// `ebur128_loudness_global_multiple` and `ebur128_loudness_range_multiple`:
/// integrated within 0.02 LU, range within 0.1 LU.
final class AlbumLoudnessAgainstLibebur128Tests: XCTestCase {
  private let sampleRate = 48_000.0

  func testPooledGatingMatchesLibebur128MultipleStates() throws {
    let tracks = [
      levelSteps([-16, -18, -15, -17], seed: 1),
      levelSteps([-32, -26, -40, -30, -28], seed: 2),
      tone(peakDBFS: -24, seconds: 7),
    ]
    let meters = tracks.map { track -> LoudnessMeter in
      let meter = LoudnessMeter(sampleRate: sampleRate, channelRoles: [.left, .right])
      meter.process(track)
      return meter
    }
    let mode = Int32(bitPattern: EBUR128_MODE_I.rawValue | EBUR128_MODE_LRA.rawValue)
    var states: [UnsafeMutablePointer<ebur128_state>?] = try tracks.map { track in
      let state = try XCTUnwrap(ebur128_init(2, UInt(sampleRate), mode))
      XCTAssertEqual(ebur128_add_frames_float(state, track.interleaved(), track.frameCount), 0)
      return state
    }
    defer { for index in states.indices { ebur128_destroy(&states[index]) } }

    var integrated = 0.0
    var range = 0.0
    XCTAssertEqual(ebur128_loudness_global_multiple(&states, states.count, &integrated), 0)
    XCTAssertEqual(ebur128_loudness_range_multiple(&states, states.count, &range), 0)
    let ours = LoudnessMeter.integratedLoudness(poolingBlocksOf: meters)
    let ourRange = LoudnessMeter.loudnessRange(poolingBlocksOf: meters)
    print(String(format: "album vs libebur128: I %.4f (ours − theirs %+.1e), LRA %.4f (ours − theirs %+.1e)",
                 integrated, ours - integrated, range, ourRange - range))
    XCTAssertEqual(ours, integrated, accuracy: 0.02)
    XCTAssertEqual(ourRange, range, accuracy: 0.1)
    // Pooling is not averaging: the quiet track's blocks fall under the album's relative gate.
    let meanOfTracks = meters.map(\.integratedLoudness).reduce(0, +) / Double(meters.count)
    XCTAssertGreaterThan(abs(ours - meanOfTracks), 1, "album \(ours) vs mean of tracks \(meanOfTracks)")
    XCTAssertGreaterThan(range, 5, "the album should span a wide loudness range")
  }

  func testOneTrackPooledIsThatTrack() {
    let meter = LoudnessMeter(sampleRate: sampleRate, channelRoles: [.left, .right])
    meter.process(levelSteps([-20, -30, -25], seed: 3))
    XCTAssertEqual(LoudnessMeter.integratedLoudness(poolingBlocksOf: [meter]), meter.integratedLoudness)
    XCTAssertEqual(LoudnessMeter.loudnessRange(poolingBlocksOf: [meter]), meter.loudnessRange)
    XCTAssertEqual(LoudnessMeter.integratedLoudness(poolingBlocksOf: []), -.infinity)
    XCTAssertEqual(LoudnessMeter.loudnessRange(poolingBlocksOf: []), 0)
  }

  /// 2 s of pink noise per level, independent per channel.
  private func levelSteps(_ levelsDBFS: [Double], seed: UInt64) -> AudioBuffer {
    let frames = Int(2 * sampleRate)
    return AudioBuffer(channels: (0..<2).map { channel in
      levelsDBFS.enumerated().flatMap { index, level in
        SignalGenerator.pinkNoise(rmsDBFS: level, frameCount: frames, seed: seed * 100 + UInt64(10 * index + channel))
      }
    })
  }

  private func tone(peakDBFS: Double, seconds: Double) -> AudioBuffer {
    let samples = SignalGenerator.sine(frequencyHz: 440, peakDBFS: peakDBFS, seconds: seconds, sampleRate: sampleRate)
    return AudioBuffer(channels: [samples, samples])
  }
}
