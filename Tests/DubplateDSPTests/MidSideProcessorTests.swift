import DubplateDSP
import DubplateTestSupport
import XCTest

final class MidSideProcessorTests: XCTestCase {
  private let sampleRate = 44_100.0

  private func stereoNoise(frameCount: Int) -> AudioBuffer {
    AudioBuffer(channels: [
      SignalGenerator.whiteNoise(rmsDBFS: -12, frameCount: frameCount, seed: 3),
      SignalGenerator.pinkNoise(rmsDBFS: -12, frameCount: frameCount, seed: 4),
    ])
  }

  private func largestDifference(_ a: [Float], _ b: [Float]) -> Float {
    zip(a, b).map { abs($0 - $1) }.max() ?? .infinity
  }

  /// Identity paths give back the input within 1e-6, also when one path is a pure delay: the
  /// other is delayed to match and the whole is `latencySamples` late.
  func testIdentityPathsReturnTheInputAfterTheLatency() {
    let input = stereoNoise(frameCount: 10_000)
    for (mid, side, latency) in [
      (Gain(gainDB: 0), Gain(gainDB: 0), 0), (DelayLine(delayFrames: 0), DelayLine(delayFrames: 37), 37),
    ] as [(AudioProcessor, AudioProcessor, Int)] {
      let processor = MidSideProcessor(mid: mid, side: side)
      processor.prepare(sampleRate: sampleRate, maximumBlockSize: 512, channelCount: 2)
      XCTAssertEqual(processor.latencySamples, latency)
      let output = LatencyCompensation.render(processor, input: input, blockSize: 512)
      for channel in 0..<2 {
        XCTAssertLessThan(largestDifference(output.channels[channel], input.channels[channel]), 1e-6)
      }
    }
  }

  /// A side path at −96 dB makes the output mono: the output's side is the input's, 96 dB
  /// down (±0.01 dB), and its mid is the input's within 1e-6.
  func testSilencedSideMakesTheOutputMono() {
    let input = stereoNoise(frameCount: 10_000)
    let processor = MidSideProcessor(mid: Gain(gainDB: 0), side: Gain(gainDB: -96))
    processor.prepare(sampleRate: sampleRate, maximumBlockSize: 1_000, channelCount: 2)
    var output = input
    processor.process(&output)
    func midAndSide(_ buffer: AudioBuffer) -> (mid: [Float], side: [Float]) {
      let (left, right) = (buffer.channels[0], buffer.channels[1])
      return (zip(left, right).map { ($0 + $1) / 2 }, zip(left, right).map { ($0 - $1) / 2 })
    }
    let (inputMid, inputSide) = midAndSide(input)
    let (outputMid, outputSide) = midAndSide(output)
    XCTAssertLessThan(largestDifference(outputMid, inputMid), 1e-6)
    func power(_ samples: [Float]) -> Double { samples.reduce(0) { $0 + Double($1) * Double($1) } }
    XCTAssertEqual(Decibels.fromPower(power(outputSide) / power(inputSide)), -96, accuracy: 0.01)
    XCTAssertLessThan(largestDifference(output.channels[0], output.channels[1]), 1e-4)
  }

  /// Linear-phase FIRs of 1 023 taps on the mid and 4 095 on the side have latencies of 3 585
  /// and 14 337 frames; an impulse on the left (half on the right) still comes out with both
  /// channels peaking at `latencySamples` and symmetric about it, which holds only if both
  /// paths' centres coincide.
  func testFIRsOfDifferentLengthsStayAligned() {
    let mid = LinearPhaseFIR(curve: [(500, 0), (1_000, 6), (2_000, 0)], tapCount: 1_023)
    let side = LinearPhaseFIR(curve: [(2_000, 0), (4_000, -6), (8_000, 0)], tapCount: 4_095)
    let processor = MidSideProcessor(mid: mid, side: side)
    processor.prepare(sampleRate: sampleRate, maximumBlockSize: 4_096, channelCount: 2)
    XCTAssertNotEqual(mid.latencySamples, side.latencySamples)
    let latency = processor.latencySamples
    XCTAssertEqual(latency, max(mid.latencySamples, side.latencySamples))
    let frameCount = latency + 3_000
    var left = [Float](repeating: 0, count: frameCount), right = left
    left[0] = 1
    right[0] = 0.5
    var output = AudioBuffer(channels: [left, right])
    processor.process(&output)
    for channel in 0..<2 {
      let response = output.channels[channel]
      let peak = response.indices.max { abs(response[$0]) < abs(response[$1]) }!
      XCTAssertEqual(peak, latency, "channel \(channel)")
      let asymmetry = (1...2_047).map { abs(response[latency - $0] - response[latency + $0]) }.max()!
      XCTAssertLessThan(asymmetry, 1e-6, "channel \(channel)")
    }
    XCTAssertTrue(processor.description.contains("latency: \(latency) frames"), processor.description)
  }

  /// Prepared for one channel, the processor passes audio unchanged with no latency and says so.
  func testNonStereoInputPassesThrough() {
    let processor = MidSideProcessor(mid: Gain(gainDB: -6), side: DelayLine(delayFrames: 10))
    processor.prepare(sampleRate: sampleRate, maximumBlockSize: 1_000, channelCount: 1)
    let input = AudioBuffer(channels: [SignalGenerator.whiteNoise(rmsDBFS: -12, frameCount: 1_000, seed: 5)])
    var output = input
    processor.process(&output)
    XCTAssertEqual(output, input)
    XCTAssertEqual(processor.latencySamples, 0)
    XCTAssertTrue(processor.isPassThrough)
    XCTAssertTrue(processor.description.contains("pass-through"), processor.description)
  }
}
