import DubplateDSP
import DubplateTestSupport
import XCTest

final class TruePeakMeterTests: XCTestCase {
  /// EBU Tech 3341 cases 15-23 read within +0.2/-0.4 dB of the expected true peak.
  func testEBUTruePeakCasesAt48kHz() { checkEBUCases(sampleRate: 48_000) }

  /// The same cases regenerated at 44.1 kHz (our extension of the EBU table).
  func testEBUTruePeakCasesAt44_1kHz() { checkEBUCases(sampleRate: 44_100) }

  private func checkEBUCases(sampleRate: Double) {
    for caseNumber in EBUTruePeakSignals.caseNumbers {
      let signal = EBUTruePeakSignals.signal(caseNumber: caseNumber, sampleRate: sampleRate)
      let meter = TruePeakMeter(sampleRate: sampleRate, channelCount: 2)
      meter.process(signal)
      let expected = EBUTruePeakSignals.expectedTruePeakDBTP(caseNumber: caseNumber)
      print(String(format: "EBU 3341-%d at %.1f kHz: %.3f dBTP (expected %.1f)",
                   caseNumber, sampleRate / 1000, meter.truePeakDBTP, expected))
      XCTAssert(
        isWithin(meter.truePeakDBTP, of: expected,
                 below: EBUTruePeakSignals.toleranceBelowDB,
                 above: EBUTruePeakSignals.toleranceAboveDB),
        "3341-\(caseNumber) at \(sampleRate) Hz read \(meter.truePeakDBTP) dBTP")
    }
  }

  func testOversamplingFactorFollowsTheSampleRate() {
    let expected: [(Double, Int)] = [
      (22_050, 4), (44_100, 4), (48_000, 4), (88_200, 4), (96_000, 2), (176_400, 2),
      (192_000, 1), (384_000, 1),
    ]
    for (sampleRate, factor) in expected {
      XCTAssertEqual(
        TruePeakMeter(sampleRate: sampleRate, channelCount: 1).oversamplingFactor, factor,
        "at \(sampleRate) Hz")
    }
  }

  /// Blocks of odd sizes give bit-identical readings to one block, at every factor.
  func testBlocksOfAnySizeGiveTheSameReadingAsOneBlock() {
    for sampleRate in [44_100.0, 96_000, 192_000] {
      let frameCount = 12_000
      let left = SignalGenerator.whiteNoise(rmsDBFS: -12, frameCount: frameCount, seed: 7)
      let right = SignalGenerator.sine(
        frequencyHz: sampleRate / 4.1, peakDBFS: -1, frameCount: frameCount,
        sampleRate: sampleRate, phaseRadians: 0.3)
      let whole = AudioBuffer(channels: [left, right])
      let reference = TruePeakMeter(sampleRate: sampleRate, channelCount: 2)
      reference.process(whole)

      let split = TruePeakMeter(sampleRate: sampleRate, channelCount: 2)
      let sizes = [1, 7, 333, 1000, 4099, 2, 1025]
      var start = 0
      var index = 0
      while start < frameCount {
        let end = min(frameCount, start + sizes[index % sizes.count])
        split.process(whole.slice(start..<end))
        start = end
        index += 1
      }
      XCTAssertEqual(split.truePeakPerChannel, reference.truePeakPerChannel, "at \(sampleRate) Hz")
      XCTAssertGreaterThan(reference.truePeak, 0)
    }
  }

  /// A full-scale 997 Hz sine reads 0 dBTP within 0.05 dB.
  func testFullScaleSineReadsZeroDBTP() {
    for sampleRate in [44_100.0, 48_000] {
      let sine = SignalGenerator.sine(
        frequencyHz: 997, peakDBFS: 0, seconds: 1, sampleRate: sampleRate, phaseRadians: 0.1)
      let meter = TruePeakMeter(sampleRate: sampleRate, channelCount: 2)
      meter.process(SignalGenerator.dualMono(sine))
      XCTAssertEqual(meter.truePeakDBTP, 0, accuracy: 0.05, "at \(sampleRate) Hz")
    }
  }

  /// The input samples are part of the oversampled signal, and the interpolator's tail is
  /// read at the end: a unit impulse in the very last sample reads exactly 1.
  func testImpulseInTheLastSampleReadsExactlyOne() {
    var samples = [Float](repeating: 0, count: 100)
    samples[99] = 1
    let meter = TruePeakMeter(sampleRate: 48_000, channelCount: 1)
    meter.process(AudioBuffer(channels: [samples]))
    XCTAssertEqual(meter.truePeak, 1)
  }

  func testSilenceReadsMinusInfinity() {
    let meter = TruePeakMeter(sampleRate: 44_100, channelCount: 2)
    XCTAssertEqual(meter.truePeakPerChannel, [0, 0])
    meter.process(AudioBuffer(channelCount: 2, frameCount: 5_000))
    XCTAssertEqual(meter.truePeak, 0)
    XCTAssertEqual(meter.truePeakDBTP, -.infinity)
  }

  /// Quiet stretches after a loud one are skipped, and the reading equals the one made
  /// with every value computed; a later, louder event is still found.
  func testSkippingQuietStretchesDoesNotChangeTheReading() {
    let sampleRate = 44_100.0
    let loud = SignalGenerator.whiteNoise(rmsDBFS: -6, frameCount: 3_000, seed: 3)
    let quiet = SignalGenerator.whiteNoise(rmsDBFS: -40, frameCount: 20_000, seed: 4)
    let louder = SignalGenerator.sine(
      frequencyHz: sampleRate / 4, peakDBFS: 3, frameCount: 64, sampleRate: sampleRate,
      phaseRadians: Double.pi / 4)
    let samples = SignalGenerator.concatenate([loud, quiet, louder, quiet])
    let meter = TruePeakMeter(sampleRate: sampleRate, channelCount: 1)
    for start in stride(from: 0, to: samples.count, by: 2_048) {
      let end = min(samples.count, start + 2_048)
      meter.process(AudioBuffer(channels: [Array(samples[start..<end])]))
    }
    let oversampler = PolyphaseOversampler(sampleRate: sampleRate, channelCount: 1)
    let unskipped = samples.withUnsafeBufferPointer {
      max(oversampler.maximumMagnitude(feeding: $0, channel: 0),
          oversampler.maximumMagnitudeOfTail(channel: 0))
    }
    XCTAssertEqual(meter.truePeak, Double(unskipped))
    XCTAssertGreaterThan(meter.truePeakDBTP, 2.5)
  }

  /// At 2× (96 kHz) and 1× (192 kHz) the meter still reads the EBU case 16 tone; without
  /// oversampling the reading is the sample peak.
  func testHighSampleRates() {
    let at96 = EBUTruePeakSignals.signal(caseNumber: 16, sampleRate: 96_000, toneSeconds: 0.2)
    let meter96 = TruePeakMeter(sampleRate: 96_000, channelCount: 2)
    meter96.process(at96)
    XCTAssert(
      isWithin(meter96.truePeakDBTP, of: -6, below: 0.4, above: 0.2), "\(meter96.truePeakDBTP)")

    let sine = SignalGenerator.sine(
      frequencyHz: 1_000, peakDBFS: -3, seconds: 0.1, sampleRate: 192_000, phaseRadians: 0.2)
    let meter192 = TruePeakMeter(sampleRate: 192_000, channelCount: 1)
    meter192.process(AudioBuffer(channels: [sine]))
    XCTAssertEqual(meter192.truePeak, Double(sine.map(abs).max()!))
  }
}
