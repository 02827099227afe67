import DubplateDSP
import DubplateTestSupport
import XCTest

final class DynamicsMeterTests: XCTestCase {
  /// A sine's RMS is its peak / √2: crest factor 3.01 dB; a constant adds its DC offset.
  func testSineLevelsCrestFactorAndDCOffset() {
    let sampleRate = 48_000.0
    let sine = SignalGenerator.sine(
      frequencyHz: 1_000, peakDBFS: -6, seconds: 1, sampleRate: sampleRate)
    let shifted = sine.map { $0 + 0.1 }
    let meter = DynamicsMeter(sampleRate: sampleRate, channelCount: 2, clipLevel: 1)
    meter.process(AudioBuffer(channels: [sine, shifted]))

    let amplitude = Decibels.toAmplitude(-6)
    XCTAssertEqual(meter.processedFrameCount, 48_000)
    XCTAssertEqual(meter.samplePeakPerChannel[0], amplitude, accuracy: 1e-6)
    XCTAssertEqual(meter.samplePeak, amplitude + 0.1, accuracy: 1e-6)
    XCTAssertEqual(meter.meanSquarePerChannel[0], amplitude * amplitude / 2, accuracy: 1e-7)
    XCTAssertEqual(
      meter.meanSquarePerChannel[1], amplitude * amplitude / 2 + 0.01, accuracy: 1e-7)
    XCTAssertEqual(meter.dcOffsetPerChannel[0], 0, accuracy: 1e-7)
    XCTAssertEqual(meter.dcOffsetPerChannel[1], 0.1, accuracy: 1e-7)
    XCTAssertEqual(
      meter.rms, ((meter.meanSquarePerChannel[0] + meter.meanSquarePerChannel[1]) / 2).squareRoot(),
      accuracy: 1e-12)

    let mono = DynamicsMeter(sampleRate: sampleRate, channelCount: 1, clipLevel: 1)
    mono.process(AudioBuffer(channels: [sine]))
    XCTAssertEqual(try XCTUnwrap(mono.crestFactorDB), 3.0103, accuracy: 0.001)
  }

  /// Runs of three or more samples at or beyond the clip level count, per channel, also when a
  /// block boundary splits them; shorter runs and samples just below the level do not.
  func testClippedRunsAcrossBlocks() {
    let sampleRate = 1_000.0
    let level: Float = 32_767 / 32_768
    var left = [Float](repeating: 0.5, count: 100)
    var right = [Float](repeating: -0.5, count: 100)
    for i in 10..<12 { left[i] = 1 }            // 2 samples: not a run
    for i in 20..<23 { left[i] = level }        // 3 at exactly the level: a run at 20
    for i in 30..<35 { left[i] = -1 }           // 5 negative: a run at 30
    for i in 48..<51 { right[i] = -1 }          // split 2 + 1 by the block boundary at 50
    for i in 60..<64 { right[i] = level.nextDown }  // just below the level: nothing
    for i in 70..<74 { right[i] = 1 }           // 4: a run at 70
    let buffer = AudioBuffer(channels: [left, right])
    let meter = DynamicsMeter(sampleRate: sampleRate, channelCount: 2, clipLevel: level)
    meter.process(buffer.slice(0..<50))
    meter.process(buffer.slice(50..<100))

    XCTAssertEqual(meter.clippedRunCount, 4)
    XCTAssertEqual(meter.clippedSampleCount, 3 + 5 + 3 + 4)
    XCTAssertEqual(meter.firstClippedRunSeconds, [0.020, 0.030, 0.048, 0.070])
  }

  /// Only the ten earliest runs are listed, in time order over all channels.
  func testAtMostTenClippedRunsAreListed() {
    let frameCount = 400
    var left = [Float](repeating: 0, count: frameCount)
    var right = [Float](repeating: 0, count: frameCount)
    for run in 0..<12 {
      for i in 0..<3 { left[30 * run + 15 + i] = 1 }   // runs at 15, 45, 75, ...
      for i in 0..<3 { right[30 * run + i] = -1 }      // runs at 0, 30, 60, ...
    }
    let meter = DynamicsMeter(sampleRate: 100, channelCount: 2, clipLevel: 1)
    for start in stride(from: 0, to: frameCount, by: 64) {
      meter.process(AudioBuffer(channels: [
        Array(left[start..<min(frameCount, start + 64)]),
        Array(right[start..<min(frameCount, start + 64)]),
      ]))
    }
    XCTAssertEqual(meter.clippedRunCount, 24)
    XCTAssertEqual(meter.clippedSampleCount, 72)
    let expected = (0..<10).map { Double(15 * $0) / 100 }
    XCTAssertEqual(meter.firstClippedRunSeconds.count, 10)
    for (measured, wanted) in zip(meter.firstClippedRunSeconds, expected) {
      XCTAssertEqual(measured, wanted, accuracy: 1e-12)
    }
  }

  /// Leading and trailing silence end at the first and last frame above -60 dBFS in any
  /// channel (here the second channel, measured after the first within each block).
  func testLeadingAndTrailingSilence() {
    let sampleRate = 1_000.0
    var left = [Float](repeating: 0.0005, count: 2_000)   // -66 dBFS: silence
    var right = [Float](repeating: 0, count: 2_000)
    for i in 700..<1_200 { left[i] = 0.25 }
    for i in 500..<1_500 { right[i] = i % 2 == 0 ? 0.0011 : -0.0011 }  // just above -60 dBFS
    let meter = DynamicsMeter(sampleRate: sampleRate, channelCount: 2, clipLevel: 1)
    let buffer = AudioBuffer(channels: [left, right])
    meter.process(buffer.slice(0..<1_000))
    meter.process(buffer.slice(1_000..<2_000))
    XCTAssertEqual(meter.leadingSilenceSeconds, 0.5, accuracy: 1e-12)
    XCTAssertEqual(meter.trailingSilenceSeconds, 0.5, accuracy: 1e-12)
    XCTAssertEqual(meter.clippedRunCount, 0)
    XCTAssertEqual(meter.firstClippedRunSeconds, [])
  }

  /// Silence: the whole duration is silent, RMS is 0, and the crest factor is undefined.
  func testSilenceAndNoInput() {
    let empty = DynamicsMeter(sampleRate: 44_100, channelCount: 2, clipLevel: 1)
    XCTAssertEqual(empty.processedFrameCount, 0)
    XCTAssertEqual(empty.rms, 0)
    XCTAssertNil(empty.crestFactorDB)
    XCTAssertEqual(empty.meanSquarePerChannel, [0, 0])
    XCTAssertEqual(empty.dcOffsetPerChannel, [0, 0])
    XCTAssertEqual(empty.leadingSilenceSeconds, 0)

    let silent = DynamicsMeter(sampleRate: 44_100, channelCount: 2, clipLevel: 1)
    silent.process(AudioBuffer(channelCount: 2, frameCount: 44_100))
    XCTAssertEqual(silent.samplePeak, 0)
    XCTAssertNil(silent.crestFactorDB)
    XCTAssertEqual(silent.leadingSilenceSeconds, 1, accuracy: 1e-12)
    XCTAssertEqual(silent.trailingSilenceSeconds, 1, accuracy: 1e-12)
  }

  /// Splitting the stream into blocks changes nothing but Double rounding.
  func testBlocksGiveTheSameFiguresAsOneBlock() {
    let noise = SignalGenerator.pinkNoise(rmsDBFS: -18, frameCount: 10_000, seed: 2)
    let buffer = AudioBuffer(channels: [noise, noise.map { $0 * 0.5 + 0.01 }])
    let whole = DynamicsMeter(sampleRate: 48_000, channelCount: 2, clipLevel: 1)
    whole.process(buffer)
    let split = DynamicsMeter(sampleRate: 48_000, channelCount: 2, clipLevel: 1)
    for start in stride(from: 0, to: 10_000, by: 777) {
      split.process(buffer.slice(start..<min(10_000, start + 777)))
    }
    XCTAssertEqual(split.samplePeakPerChannel, whole.samplePeakPerChannel)
    for channel in 0..<2 {
      XCTAssertEqual(
        split.meanSquarePerChannel[channel], whole.meanSquarePerChannel[channel], accuracy: 1e-12)
      XCTAssertEqual(
        split.dcOffsetPerChannel[channel], whole.dcOffsetPerChannel[channel], accuracy: 1e-12)
    }
    XCTAssertEqual(
      Decibels.fromAmplitude(whole.meanSquarePerChannel[0].squareRoot()), -18, accuracy: 0.01)
  }
}
