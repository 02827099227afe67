import DubplateDSP
import DubplateTestSupport
import XCTest

final class StereoImageMeterTests: XCTestCase {
  private func measure(_ left: [Float], _ right: [Float], sampleRate: Double = 48000) -> StereoImageMeter {
    let meter = StereoImageMeter(sampleRate: sampleRate)
    meter.process(AudioBuffer(channels: [left, right]))
    return meter
  }

  /// Identical channels: correlation 1, no side signal at all, centred.
  func testIdenticalChannelsAreMono() {
    let noise = SignalGenerator.pinkNoise(rmsDBFS: -20, frameCount: 48000, seed: 1)
    let meter = measure(noise, noise)
    XCTAssertEqual(meter.correlation!, 1, accuracy: 1e-12)
    XCTAssertEqual(meter.widthDB, -.infinity)
    XCTAssertEqual(meter.balanceDB!, 0, accuracy: 1e-12)
    XCTAssertEqual(meter.lowEndCorrelation!, 1, accuracy: 1e-12)
    XCTAssertEqual(meter.correlationPercentile5!, 1, accuracy: 1e-12)
  }

  /// One channel inverted: correlation −1, no mid signal, width +∞.
  func testInvertedChannelReadsMinusOne() {
    let noise = SignalGenerator.pinkNoise(rmsDBFS: -20, frameCount: 48000, seed: 2)
    let meter = measure(noise, noise.map { -$0 })
    XCTAssertEqual(meter.correlation!, -1, accuracy: 1e-12)
    XCTAssertEqual(meter.widthDB, .infinity)
    XCTAssertEqual(meter.lowEndCorrelation!, -1, accuracy: 1e-12)
  }

  /// Two independent noises: correlation about 0 (within 0.05), side and mid equal.
  func testIndependentNoisesAreUncorrelated() {
    let left = SignalGenerator.whiteNoise(rmsDBFS: -20, frameCount: 5 * 48000, seed: 3)
    let right = SignalGenerator.whiteNoise(rmsDBFS: -20, frameCount: 5 * 48000, seed: 4)
    let meter = measure(left, right)
    XCTAssertEqual(meter.correlation!, 0, accuracy: 0.05)
    XCTAssertEqual(meter.widthDB!, 0, accuracy: 0.2)
    XCTAssertEqual(meter.lowEndCorrelation!, 0, accuracy: 0.05)
    XCTAssertEqual(meter.correlationPerBlock.count, 12)
    XCTAssertTrue(meter.correlationPerBlock.allSatisfy { abs($0) < 0.05 })
  }

  /// A 60 Hz tone inverted in one channel under in-phase 3 kHz highs: the whole-band
  /// correlation stays positive, the low-end correlation reads −1.
  func testLowEndCorrelationCatchesAnInvertedSubTone() {
    let sampleRate = 48000.0
    let bass = SignalGenerator.sine(frequencyHz: 60, peakDBFS: -20, seconds: 3, sampleRate: sampleRate)
    let highs = SignalGenerator.sine(frequencyHz: 3000, peakDBFS: -10, seconds: 3, sampleRate: sampleRate)
    let left = zip(bass, highs).map { $0 + $1 }
    let right = zip(bass, highs).map { -$0 + $1 }
    let meter = measure(left, right, sampleRate: sampleRate)
    XCTAssertGreaterThan(meter.correlation!, 0.8)
    XCTAssertLessThan(meter.lowEndCorrelation!, -0.99)
  }

  /// A channel 6 dB down reads ±6.0 dB of balance, positive when the left is louder.
  func testBalanceOfAChannelSixDBDown() {
    let noise = SignalGenerator.pinkNoise(rmsDBFS: -20, frameCount: 48000, seed: 5)
    let quieter = noise.map { $0 * Float(Decibels.toAmplitude(-6)) }
    XCTAssertEqual(measure(noise, quieter).balanceDB!, 6.0, accuracy: 0.01)
    XCTAssertEqual(measure(quieter, noise).balanceDB!, -6.0, accuracy: 0.01)
  }

  /// 2 s out of phase inside 20 s in phase: the whole-track correlation stays high, the
  /// 5th percentile of 400 ms blocks reads −1, and the per-block list shows where.
  func testPercentileCatchesAShortOutOfPhaseSection() {
    let sampleRate = 16000.0
    let noise = SignalGenerator.pinkNoise(rmsDBFS: -20, frameCount: Int(20 * sampleRate), seed: 6)
    let flipped = (Int(8 * sampleRate)..<Int(10 * sampleRate))
    let right = noise.indices.map { flipped.contains($0) ? -noise[$0] : noise[$0] }
    let meter = measure(noise, right, sampleRate: sampleRate)
    XCTAssertGreaterThan(meter.correlation!, 0.7)
    XCTAssertEqual(meter.correlationPercentile5!, -1, accuracy: 1e-9)
    XCTAssertEqual(meter.correlationPerBlock.count, 50)
    let outOfPhase = meter.correlationPerBlock.indices.filter { meter.correlationPerBlock[$0] < 0 }
    XCTAssertEqual(outOfPhase, Array(20..<25))
  }

  /// Silent blocks are left out of the percentile and read 0 in the per-block list;
  /// all-silent input has no values at all.
  func testSilenceIsSkippedOrNil() {
    let sampleRate = 8000.0
    let block = Int(0.4 * sampleRate)
    let tone = SignalGenerator.sine(frequencyHz: 100, peakDBFS: -10, frameCount: 2 * block, sampleRate: sampleRate)
    let withGap = tone + [Float](repeating: 0, count: 2 * block) + tone
    let meter = measure(withGap, withGap.map { -$0 }, sampleRate: sampleRate)
    XCTAssertEqual(meter.correlationPerBlock.count, 6)
    XCTAssertEqual(meter.correlationPerBlock[2], 0)
    XCTAssertEqual(meter.correlationPerBlock[3], 0)
    XCTAssertEqual(meter.correlationPercentile5!, -1, accuracy: 1e-9)

    let silent = measure([Float](repeating: 0, count: 8000), [Float](repeating: 0, count: 8000))
    XCTAssertNil(silent.correlation)
    XCTAssertNil(silent.correlationPercentile5)
    XCTAssertNil(silent.widthDB)
    XCTAssertNil(silent.lowEndCorrelation)
    XCTAssertNil(silent.balanceDB)

    let highsOnly = SignalGenerator.sine(frequencyHz: 8000, peakDBFS: -20, frameCount: 48000, sampleRate: 48000)
    XCTAssertNil(measure(highsOnly, highsOnly).lowEndCorrelation)
    let leftOnly = measure(highsOnly, [Float](repeating: 0, count: 48000))
    XCTAssertNil(leftOnly.correlation)
    XCTAssertEqual(leftOnly.balanceDB, .infinity)
  }

  /// Feeding the audio in odd-sized blocks gives exactly the result of one block.
  func testBlockSizesDoNotChangeTheResult() {
    let left = SignalGenerator.pinkNoise(rmsDBFS: -20, frameCount: 50000, seed: 7)
    let right = SignalGenerator.whiteNoise(rmsDBFS: -20, frameCount: 50000, seed: 8)
    let whole = measure(left, right)
    let pieces = StereoImageMeter(sampleRate: 48000)
    var start = 0
    for size in [1, 19199, 7, 30000, 793] {
      let end = min(start + size, 50000)
      pieces.process(AudioBuffer(channels: [Array(left[start..<end]), Array(right[start..<end])]))
      start = end
    }
    XCTAssertEqual(start, 50000)
    XCTAssertEqual(whole.correlation, pieces.correlation)
    XCTAssertEqual(whole.lowEndCorrelation, pieces.lowEndCorrelation)
    XCTAssertEqual(whole.correlationPerBlock, pieces.correlationPerBlock)
    XCTAssertEqual(whole.correlationPerSecond, pieces.correlationPerSecond)
    XCTAssertEqual(whole.widthDB, pieces.widthDB)
  }

  /// Per second: one value per whole second (a trailing partial second has none), +1 for
  /// an in-phase second, −1 for an inverted one, `nil` for a silent one.
  func testCorrelationPerSecondFollowsEachSecond() {
    let sampleRate = 48000.0
    let noise = SignalGenerator.pinkNoise(rmsDBFS: -20, frameCount: 48000, seed: 9)
    let silence = SignalGenerator.silence(seconds: 1, sampleRate: sampleRate)
    let left = SignalGenerator.concatenate([noise, noise, silence, Array(noise[0..<24000])])
    let right = SignalGenerator.concatenate([noise, noise.map { -$0 }, silence, Array(noise[0..<24000])])
    let perSecond = measure(left, right, sampleRate: sampleRate).correlationPerSecond
    XCTAssertEqual(perSecond.count, 3)
    XCTAssertEqual(perSecond[0]!, 1, accuracy: 1e-12)
    XCTAssertEqual(perSecond[1]!, -1, accuracy: 1e-12)
    XCTAssertNil(perSecond[2])
  }
}
