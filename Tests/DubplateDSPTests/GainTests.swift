import DubplateDSP
import DubplateTestSupport
import XCTest

final class GainTests: XCTestCase {
  func testScalesEveryChannelByTheGain() {
    let tone = SignalGenerator.sine(frequencyHz: 1000, peakDBFS: -3, frameCount: 2048, sampleRate: 48_000)
    let input = AudioBuffer(channels: [tone, tone.map { -$0 / 2 }])
    let gain = Gain(gainDB: -6)
    gain.prepare(sampleRate: 48_000, maximumBlockSize: 2048, channelCount: 2)
    var buffer = input
    gain.process(&buffer)
    for channel in 0..<2 {
      let changeDB =
        ToneFit.levelDB(of: buffer.channels[channel], frequencyHz: 1000, sampleRate: 48_000)
        - ToneFit.levelDB(of: input.channels[channel], frequencyHz: 1000, sampleRate: 48_000)
      XCTAssertEqual(changeDB, -6, accuracy: 1e-5)
    }
  }

  func testZeroDecibelsIsBitTransparent() {
    let noise = SignalGenerator.whiteNoise(rmsDBFS: -10, frameCount: 1000)
    let gain = Gain(gainDB: 0)
    gain.prepare(sampleRate: 44_100, maximumBlockSize: 1000, channelCount: 1)
    var buffer = AudioBuffer(channels: [noise])
    gain.process(&buffer)
    XCTAssertEqual(buffer.channels[0], noise)
  }

  func testDescription() {
    XCTAssertEqual(Gain(gainDB: -3).description, "Gain(gainDB: -3.0)")
    XCTAssertEqual(Gain(gainDB: 1.5).latencySamples, 0)
  }
}
