import DubplateDSP
import DubplateTestSupport
import XCTest

/// A test double with latency: delays every channel by a fixed number of frames.
private final class FixedDelay: AudioProcessor {
  let latencySamples: Int
  private var history: [[Float]] = []

  init(frames: Int) { latencySamples = frames }

  func prepare(sampleRate: Double, maximumBlockSize: Int, channelCount: Int) {
    history = Array(repeating: [Float](repeating: 0, count: latencySamples), count: channelCount)
  }

  func process(_ buffer: inout AudioBuffer) {
    for channel in buffer.channels.indices {
      let joined = history[channel] + buffer.channels[channel]
      buffer.channels[channel] = Array(joined[..<buffer.frameCount])
      history[channel] = Array(joined[buffer.frameCount...])
    }
  }

  func reset() {
    for channel in history.indices { history[channel] = [Float](repeating: 0, count: latencySamples) }
  }

  var description: String { "FixedDelay(latencySamples: \(latencySamples))" }
}

final class ProcessorChainTests: XCTestCase {
  private let sampleRate = 44_100.0

  /// A short stereo programme: pink noise, a bass tone and a loud burst, different per channel.
  private func programme() -> AudioBuffer {
    let frames = Int(0.75 * sampleRate)
    let bass = SignalGenerator.sine(frequencyHz: 55, peakDBFS: -12, frameCount: frames, sampleRate: sampleRate)
    let left = SignalGenerator.pinkNoise(rmsDBFS: -20, frameCount: frames, seed: 1)
    let right = SignalGenerator.pinkNoise(rmsDBFS: -20, frameCount: frames, seed: 2)
    let burst = (0..<frames).map { $0 > frames / 3 && $0 < frames / 2 ? Float(3) : 1 }
    return AudioBuffer(channels: [
      (0..<frames).map { (left[$0] + bass[$0]) * burst[$0] }, (0..<frames).map { (right[$0] + bass[$0]) * burst[$0] },
    ])
  }

  private func masteringChain() -> ProcessorChain {
    ProcessorChain([
      ParametricEQ(bands: [.subsonicHighPass(), EQBand(shape: .bell, frequencyHz: 300, gainDB: -2, q: 1)]),
      Compressor(thresholdDB: -24, ratio: 2),
      MultibandCompressor(
        crossoverFrequenciesHz: [120, 2500],
        bandCompressors: [Compressor(thresholdDB: -20, ratio: 3), Compressor(ratio: 1.5), Compressor(ratio: 1.5)]),
      StereoWidth(sideGainDB: 1, monoBelowHz: 120),
      Gain(gainDB: 2),
      TPDFDither(bitDepth: 16, seed: 5),
    ])
  }

  private func run(_ chain: ProcessorChain, _ input: AudioBuffer, blockSize: Int) -> AudioBuffer {
    var channels = Array(repeating: [Float](), count: input.channelCount)
    var start = 0
    while start < input.frameCount {
      var block = input.slice(start..<min(start + blockSize, input.frameCount))
      chain.process(&block)
      for channel in channels.indices { channels[channel] += block.channels[channel] }
      start += blockSize
    }
    return AudioBuffer(channels: channels)
  }

  /// Latency is the sum of the children's, through nesting, and the output really is late by it.
  func testLatencyIsTheSumOfTheChildren() {
    let inner = ProcessorChain([FixedDelay(frames: 5), ParametricEQ(bands: [])])
    let chain = ProcessorChain([Gain(gainDB: 0), FixedDelay(frames: 3), inner, StereoWidth()])
    XCTAssertEqual(inner.latencySamples, 5)
    XCTAssertEqual(chain.latencySamples, 8)
    XCTAssertEqual(masteringChain().latencySamples, 0)
    let input = programme()
    chain.prepare(sampleRate: sampleRate, maximumBlockSize: 512, channelCount: 2)
    let output = run(chain, input, blockSize: 512)
    for channel in 0..<2 {
      XCTAssertEqual(Array(output.channels[channel][8...]), Array(input.channels[channel].dropLast(8)))
      XCTAssertEqual(Array(output.channels[channel][..<8]), [Float](repeating: 0, count: 8))
    }
  }

  /// A whole mastering chain replays bit-identically after reset, and gives the same bits
  /// whatever the block size.
  func testResetReplaysBitIdenticallyAndBlockSizeDoesNotMatter() {
    let input = programme()
    let chain = masteringChain()
    chain.prepare(sampleRate: sampleRate, maximumBlockSize: 4096, channelCount: 2)
    let first = run(chain, input, blockSize: 4096)
    XCTAssertNotEqual(first, input)
    chain.reset()
    XCTAssertEqual(run(chain, input, blockSize: 4096), first)
    chain.reset()
    XCTAssertEqual(run(chain, input, blockSize: 1000), first)
  }

  func testDescriptionListsChildrenOnePerLine() {
    let chain = ProcessorChain([Gain(gainDB: -1), FixedDelay(frames: 4), ProcessorChain([Gain(gainDB: 2)])])
    XCTAssertEqual(
      chain.description,
      """
      ProcessorChain(latencySamples: 4):
        1. Gain(gainDB: -1.0)
        2. FixedDelay(latencySamples: 4)
        3. ProcessorChain(latencySamples: 0):
             1. Gain(gainDB: 2.0)
      """)
  }
}
