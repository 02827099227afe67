import DubplateDSP
import DubplateTestSupport
import XCTest

final class ParametricEQTests: XCTestCase {
  private let sampleRates = [44_100.0, 48_000, 96_000]

  /// The level change a sine of `frequencyHz` gets from `bands`, in dB, read by a tone fit over
  /// the last 0.25 s of 0.5 s (the filters' transients are gone by then).
  private func measuredGainDB(_ bands: [EQBand], atHz frequencyHz: Double, sampleRate: Double) -> Double {
    let input = SignalGenerator.sine(frequencyHz: frequencyHz, peakDBFS: -12, seconds: 0.5, sampleRate: sampleRate)
    let eq = ParametricEQ(bands: bands)
    eq.prepare(sampleRate: sampleRate, maximumBlockSize: input.count, channelCount: 1)
    var buffer = AudioBuffer(channels: [input])
    eq.process(&buffer)
    let tail = (input.count / 2)..<input.count
    return ToneFit.levelDB(of: buffer.channels[0][tail], frequencyHz: frequencyHz, sampleRate: sampleRate)
      - ToneFit.levelDB(of: input[tail], frequencyHz: frequencyHz, sampleRate: sampleRate)
  }

  func testBellBoostsSixDecibelsAtItsCentre() {
    let bell = [EQBand(shape: .bell, frequencyHz: 1000, gainDB: 6, q: 1)]
    for sampleRate in sampleRates {
      XCTAssertEqual(measuredGainDB(bell, atHz: 1000, sampleRate: sampleRate), 6, accuracy: 0.1, "\(sampleRate) Hz")
      XCTAssertEqual(measuredGainDB(bell, atHz: 100, sampleRate: sampleRate), 0, accuracy: 0.1, "\(sampleRate) Hz")
      XCTAssertEqual(measuredGainDB(bell, atHz: 10_000, sampleRate: sampleRate), 0, accuracy: 0.1, "\(sampleRate) Hz")
    }
  }

  /// An RBJ shelf reaches its full gain far from the corner and half of it at the corner.
  func testShelvesReachTheirGainAwayFromTheCornerAndHalfOfItAtTheCorner() {
    let low = [EQBand(shape: .lowShelf, frequencyHz: 100, gainDB: 4, q: 0.7071)]
    let high = [EQBand(shape: .highShelf, frequencyHz: 8000, gainDB: -3, q: 0.7071)]
    for sampleRate in sampleRates {
      XCTAssertEqual(measuredGainDB(low, atHz: 20, sampleRate: sampleRate), 4, accuracy: 0.15, "\(sampleRate) Hz")
      XCTAssertEqual(measuredGainDB(low, atHz: 100, sampleRate: sampleRate), 2, accuracy: 0.1, "\(sampleRate) Hz")
      XCTAssertEqual(measuredGainDB(low, atHz: 5000, sampleRate: sampleRate), 0, accuracy: 0.1, "\(sampleRate) Hz")
      XCTAssertEqual(measuredGainDB(high, atHz: 8000, sampleRate: sampleRate), -1.5, accuracy: 0.1, "\(sampleRate) Hz")
      XCTAssertEqual(measuredGainDB(high, atHz: 200, sampleRate: sampleRate), 0, accuracy: 0.1, "\(sampleRate) Hz")
    }
    XCTAssertEqual(measuredGainDB(high, atHz: 20_000, sampleRate: 96_000), -3, accuracy: 0.15)
  }

  /// Butterworth (Q 1/√2) pass filters are −3.01 dB at the cutoff; the subsonic clean-up
  /// passes the audible band untouched.
  func testPassFiltersAreThreeDecibelsDownAtTheCutoff() {
    let highPass = [EQBand.subsonicHighPass(cutoffHz: 25)]
    let lowPass = [EQBand(shape: .lowPass, frequencyHz: 12_000, q: 0.7071)]
    for sampleRate in sampleRates {
      XCTAssertEqual(measuredGainDB(highPass, atHz: 25, sampleRate: sampleRate), -3.01, accuracy: 0.1, "\(sampleRate) Hz")
      XCTAssertEqual(measuredGainDB(highPass, atHz: 1000, sampleRate: sampleRate), 0, accuracy: 0.1, "\(sampleRate) Hz")
      XCTAssertLessThan(measuredGainDB(highPass, atHz: 5, sampleRate: sampleRate), -24, "\(sampleRate) Hz")
      XCTAssertEqual(measuredGainDB(lowPass, atHz: 12_000, sampleRate: sampleRate), -3.01, accuracy: 0.1, "\(sampleRate) Hz")
      XCTAssertEqual(measuredGainDB(lowPass, atHz: 1000, sampleRate: sampleRate), 0, accuracy: 0.1, "\(sampleRate) Hz")
    }
  }

  /// Bands multiply: the measured response of a three-band EQ is the sum of the bands' own.
  func testBandsInSeriesAddTheirResponses() {
    let bands = [
      EQBand.subsonicHighPass(), EQBand(shape: .bell, frequencyHz: 300, gainDB: -4, q: 1.4),
      EQBand(shape: .highShelf, frequencyHz: 6000, gainDB: 2, q: 0.7071),
    ]
    let eq = ParametricEQ(bands: bands)
    for frequencyHz in [40.0, 300, 1000, 6000, 15_000] {
      let predictedDB = eq.magnitudeDB(atHz: frequencyHz, sampleRate: 48_000)
      XCTAssertEqual(measuredGainDB(bands, atHz: frequencyHz, sampleRate: 48_000), predictedDB, accuracy: 0.05, "\(frequencyHz) Hz")
    }
    XCTAssertEqual(eq.magnitudeDB(atHz: 300, sampleRate: 48_000), -4, accuracy: 0.1)
  }

  /// Each channel has its own filter memory, and reset clears it.
  func testChannelsAreIndependentAndResetReplaysBitIdentically() {
    let eq = ParametricEQ(bands: [EQBand(shape: .bell, frequencyHz: 2000, gainDB: 3, q: 2)])
    let tone = SignalGenerator.sine(frequencyHz: 440, peakDBFS: -6, frameCount: 4096, sampleRate: 48_000)
    let stereo = AudioBuffer(channels: [tone, [Float](repeating: 0, count: 4096)])
    eq.prepare(sampleRate: 48_000, maximumBlockSize: 4096, channelCount: 2)
    var first = stereo
    eq.process(&first)
    XCTAssertEqual(first.channels[1], stereo.channels[1], "silence in one channel stays silent")
    eq.reset()
    var second = stereo
    eq.process(&second)
    XCTAssertEqual(first, second)
  }

  func testStereoPairInSIMDLanesEqualsEachChannelAloneAcrossBlocks() {
    let bands = [EQBand(shape: .highPass, frequencyHz: 25, gainDB: 0, q: 0.7071), EQBand(shape: .bell, frequencyHz: 300, gainDB: -2.5, q: 1)]
    var random = SeededRandom(seed: 7)
    let left = (0..<5000).map { _ in Float(random.nextGaussian() * 0.2) }
    let right = SignalGenerator.sine(frequencyHz: 60, peakDBFS: -6, frameCount: 5000, sampleRate: 44_100)
    let stereo = ParametricEQ(bands: bands)
    stereo.prepare(sampleRate: 44_100, maximumBlockSize: 4096, channelCount: 2)
    var pair = AudioBuffer(channels: [left, right])
    // Two blocks of different lengths: the lanes' state must carry over.
    var head = pair.slice(0..<1234), tail = pair.slice(1234..<5000)
    stereo.process(&head)
    stereo.process(&tail)
    pair = AudioBuffer(channels: [head.channels[0] + tail.channels[0], head.channels[1] + tail.channels[1]])
    for (channel, input) in [left, right].enumerated() {
      let alone = ParametricEQ(bands: bands)
      alone.prepare(sampleRate: 44_100, maximumBlockSize: 5000, channelCount: 1)
      var buffer = AudioBuffer(channels: [input])
      alone.process(&buffer)
      XCTAssertEqual(pair.channels[channel], buffer.channels[0], "channel \(channel)")
    }
  }

  func testDescriptionListsEveryBandWithUnits() {
    let eq = ParametricEQ(bands: [EQBand.subsonicHighPass(cutoffHz: 25), EQBand(shape: .bell, frequencyHz: 1000, gainDB: 6, q: 1)])
    XCTAssertEqual(
      eq.description,
      "ParametricEQ(bands: [EQBand(shape: highPass, frequencyHz: 25.0, gainDB: 0.0, q: 0.7071), "
        + "EQBand(shape: bell, frequencyHz: 1000.0, gainDB: 6.0, q: 1.0)])")
    XCTAssertEqual(eq.latencySamples, 0)
  }
}
