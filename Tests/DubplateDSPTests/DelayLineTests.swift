import DubplateDSP
import DubplateTestSupport
import XCTest

final class DelayLineTests: XCTestCase {
  /// The output is the input shifted by exactly `delayFrames`, whatever the block sizes.
  func testDelaysEveryChannelByExactlyItsFrames() {
    let input = AudioBuffer(channels: [
      SignalGenerator.whiteNoise(rmsDBFS: -10, frameCount: 5_000, seed: 1),
      SignalGenerator.whiteNoise(rmsDBFS: -10, frameCount: 5_000, seed: 2),
    ])
    for delay in [0, 1, 37, 4_096] {
      let line = DelayLine(delayFrames: delay)
      line.prepare(sampleRate: 48_000, maximumBlockSize: 1_000, channelCount: 2)
      var output = [[Float]](repeating: [], count: 2)
      var start = 0
      for size in [1, 999, 13, 1_000, 2_987] {
        var block = input.slice(start..<(start + size))
        line.process(&block)
        for channel in 0..<2 { output[channel] += block.channels[channel] }
        start += size
      }
      for channel in 0..<2 {
        XCTAssertEqual(Array(output[channel][..<delay]), [Float](repeating: 0, count: delay))
        XCTAssertEqual(Array(output[channel][delay...]), Array(input.channels[channel][..<(5_000 - delay)]))
      }
    }
  }

  /// The renderer removes the delay: same length, same samples; reset makes a replay identical.
  func testLatencyCompensationAlignsAndKeepsTheLength() {
    let input = AudioBuffer(channels: [SignalGenerator.whiteNoise(rmsDBFS: -10, frameCount: 3_001, seed: 5)])
    let line = DelayLine(delayFrames: 700)
    for blockSize in [1, 256, 699, 700, 5_000] {
      line.prepare(sampleRate: 44_100, maximumBlockSize: blockSize, channelCount: 1)
      XCTAssertEqual(LatencyCompensation.render(line, input: input, blockSize: blockSize), input)
      line.reset()
      XCTAssertEqual(LatencyCompensation.render(line, input: input, blockSize: blockSize), input)
    }
    XCTAssertEqual(line.description, "DelayLine(delay: 700 frames)")
  }
}
