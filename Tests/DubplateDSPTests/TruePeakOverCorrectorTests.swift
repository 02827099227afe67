@testable import DubplateDSP
import DubplateTestSupport
import XCTest

/// The limiter's exact stage on its own, fed overs the smooth gain would normally have removed.
final class TruePeakOverCorrectorTests: XCTestCase {
  /// A −6 dBFS tone with sparse inter-sample overs (pairs of samples at ±0.95, whose
  /// interpolated peak is above 0 dBTP): every over is dipped below the ceiling, and away
  /// from the dips the signal is the input delayed by `latencyFrames`.
  func testSparseOversAreRemovedAndTheRestPassesUnchanged() {
    for sampleRate in [44_100.0, 96_000] {
      let frameCount = 20_000
      var signal = SignalGenerator.sine(
        frequencyHz: 441, peakDBFS: -6, frameCount: frameCount, sampleRate: sampleRate)
      let overStarts = stride(from: 1_500, to: frameCount - 500, by: 3_001).map { $0 }
      for start in overStarts { (signal[start], signal[start + 1]) = (0.95, -0.95) }
      let input = AudioBuffer(channels: [signal, signal.map { $0 * 0.5 }])
      let ceilingDBTP = -0.5
      let corrector = TruePeakOverCorrector(
        ceilingLinear: Decibels.toAmplitude(ceilingDBTP), sampleRate: sampleRate, channelCount: 2)
      let inputMeter = TruePeakMeter(sampleRate: sampleRate, channelCount: 2)
      inputMeter.process(input)
      let latency = corrector.latencyFrames
      var output = [[Float]](repeating: [], count: 2)
      let padded = AudioBuffer(channels: input.channels.map { $0 + [Float](repeating: 0, count: latency) })
      var start = 0
      for size in [3, 1000, 4097, 17, 20_000] where start < padded.frameCount {
        var block = padded.slice(start..<min(start + size, padded.frameCount))
        corrector.process(&block)
        for channel in 0..<2 { output[channel] += block.channels[channel] }
        start += block.frameCount
      }
      let aligned = AudioBuffer(channels: output.map { Array($0[latency...]) })
      let meter = TruePeakMeter(sampleRate: sampleRate, channelCount: 2)
      meter.process(aligned)
      print(String(format: "corrector at %.1f kHz: in %.3f dBTP, out %.4f dBTP, %d dips",
                   sampleRate / 1000, inputMeter.truePeakDBTP, meter.truePeakDBTP,
                   corrector.correctionCount))
      XCTAssertGreaterThan(inputMeter.truePeakDBTP, 0)
      XCTAssertLessThanOrEqual(meter.truePeakDBTP, ceilingDBTP)
      XCTAssertGreaterThanOrEqual(corrector.correctionCount, overStarts.count)
      XCTAssertEqual(corrector.unresolvedBlockCount, 0)
      // Frames more than 0.6 ms from any over are untouched.
      let reach = 24 + Int((0.0006 * sampleRate).rounded()) + 2
      for frame in 0..<frameCount where overStarts.allSatisfy({ abs(frame - $0) > reach }) {
        XCTAssertEqual(aligned.channels[0][frame], input.channels[0][frame], "frame \(frame)")
      }
    }
  }

  /// Sixty overs packed into one 16 384-frame block (each dip re-measures only its own
  /// neighbourhood): all are removed, and the output is the same bit for bit whether the
  /// block arrives whole or in 977-frame pieces.
  func testDenseOversInOneBlockAreAllRemovedWhateverTheSplit() {
    let sampleRate = 48_000.0, frameCount = 16_384
    var signal = SignalGenerator.sine(frequencyHz: 997, peakDBFS: -8, frameCount: frameCount, sampleRate: sampleRate)
    let overStarts = stride(from: 200, to: frameCount - 200, by: 265).map { $0 }
    for (index, start) in overStarts.enumerated() {
      let level = Float(0.9 + 0.002 * Double(index % 7))
      (signal[start], signal[start + 1]) = (level, -level)
    }
    let ceilingDBTP = -1.0
    func corrected(blockSize: Int) -> (output: [[Float]], dips: Int, unresolved: Int) {
      let corrector = TruePeakOverCorrector(
        ceilingLinear: Decibels.toAmplitude(ceilingDBTP), sampleRate: sampleRate, channelCount: 2)
      let padded = signal + [Float](repeating: 0, count: corrector.latencyFrames)
      let input = AudioBuffer(channels: [padded, padded.map { -0.7 * $0 }])
      var output = [[Float]](repeating: [], count: 2)
      var start = 0
      while start < input.frameCount {
        var block = input.slice(start..<min(start + blockSize, input.frameCount))
        corrector.process(&block)
        for channel in 0..<2 { output[channel] += block.channels[channel] }
        start += block.frameCount
      }
      return (output.map { Array($0[corrector.latencyFrames...]) }, corrector.correctionCount, corrector.unresolvedBlockCount)
    }
    let whole = corrected(blockSize: frameCount + 10_000)
    let pieces = corrected(blockSize: 977)
    let meter = TruePeakMeter(sampleRate: sampleRate, channelCount: 2)
    meter.process(AudioBuffer(channels: whole.output))
    print(String(format: "dense overs: %d overs, %d dips, out %.4f dBTP", overStarts.count, whole.dips, meter.truePeakDBTP))
    XCTAssertGreaterThanOrEqual(whole.dips, overStarts.count)
    XCTAssertEqual(whole.unresolved, 0)
    XCTAssertLessThanOrEqual(meter.truePeakDBTP, ceilingDBTP)
    XCTAssertEqual(whole.output, pieces.output)
    XCTAssertEqual(whole.dips, pieces.dips)
  }
}
