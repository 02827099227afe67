import DubplateDSP
import DubplateTestSupport
import XCTest

final class SampleRateConverterTests: XCTestCase {
  /// A tone keeps its level and its timing (libsoxr's delay removed): the converted 1 kHz
  /// sine matches the same sine generated at the new rate, sample for sample.
  func testDownsampledSineKeepsLevelAndTiming() throws {
    let input = AudioBuffer(channels: [SignalGenerator.sine(frequencyHz: 1000, peakDBFS: -6, seconds: 1, sampleRate: 96_000)])
    let output = try SampleRateConverter.convert(input, from: 96_000, to: 44_100)
    XCTAssertEqual(output.frameCount, 44_100)
    let expected = SignalGenerator.sine(frequencyHz: 1000, peakDBFS: -6, frameCount: 44_100, sampleRate: 44_100)
    let middle = 4_410..<39_690  // away from the edges, where the filter sees the signal start and stop
    let errorPower = middle.map { Double(output.channels[0][$0] - expected[$0]) }.map { $0 * $0 }.reduce(0, +)
    let signalPower = middle.map { Double(expected[$0]) * Double(expected[$0]) }.reduce(0, +)
    XCTAssertLessThan(10 * log10(errorPower / signalPower), -100, "residual against the ideal sine, dB")
    XCTAssertEqual(ToneFit.levelDB(of: output.channels[0][middle], frequencyHz: 1000, sampleRate: 44_100), -6, accuracy: 0.001)
  }

  /// Upsampling keeps a 10 kHz tone's level, and the length follows the rate ratio.
  func testUpsampledToneKeepsLevel() throws {
    let input = AudioBuffer(channels: [SignalGenerator.sine(frequencyHz: 10_000, peakDBFS: -3, frameCount: 22_051, sampleRate: 44_100)])
    let output = try SampleRateConverter.convert(input, from: 44_100, to: 48_000)
    XCTAssertEqual(output.frameCount, SampleRateConverter.outputFrameCount(22_051, from: 44_100, to: 48_000))
    XCTAssertEqual(output.frameCount, 24_001)
    XCTAssertEqual(ToneFit.levelDB(of: output.channels[0][2_400..<21_600], frequencyHz: 10_000, sampleRate: 48_000), -3, accuracy: 0.001)
  }

  /// Content above the new Nyquist frequency is removed, not folded back as an alias.
  func testContentAboveTheNewNyquistIsRemoved() throws {
    let input = AudioBuffer(channels: [SignalGenerator.sine(frequencyHz: 30_000, peakDBFS: 0, seconds: 0.5, sampleRate: 96_000)])
    let output = try SampleRateConverter.convert(input, from: 96_000, to: 44_100)
    let peak = output.channels[0][2_205..<19_845].map { abs($0) }.max()!
    XCTAssertLessThan(Decibels.fromAmplitude(Double(peak)), -100)
  }

  /// Channels stay apart, and the same input converts to bit-identical output (what `--chain` replays need).
  func testChannelsStayApartAndConversionIsDeterministic() throws {
    let tone = SignalGenerator.sine(frequencyHz: 440, peakDBFS: -1, seconds: 0.5, sampleRate: 48_000)
    let input = AudioBuffer(channels: [tone, [Float](repeating: 0, count: tone.count)])
    let first = try SampleRateConverter.convert(input, from: 48_000, to: 44_100)
    let second = try SampleRateConverter.convert(input, from: 48_000, to: 44_100)
    XCTAssertEqual(first, second)
    XCTAssertEqual(first.channels[1].map { abs($0) }.max(), 0)
    XCTAssertEqual(ToneFit.levelDB(of: first.channels[0][2_205..<19_845], frequencyHz: 440, sampleRate: 44_100), -1, accuracy: 0.001)
  }

  /// Streamed in uneven blocks, a conversion gives the whole-buffer conversion's frames:
  /// the same length, and the same samples to within float rounding.
  func testStreamedConversionEqualsTheWholeBufferOne() throws {
    let tone = SignalGenerator.sine(frequencyHz: 3_000, peakDBFS: -3, frameCount: 44_100, sampleRate: 44_100)
    let noise = SignalGenerator.whiteNoise(rmsDBFS: -20, frameCount: 44_100, seed: 7)
    let input = AudioBuffer(channels: [tone, noise])
    let whole = try SampleRateConverter.convert(input, from: 44_100, to: 48_000)
    let stream = try StreamingSampleRateConverter(from: 44_100, to: 48_000, channelCount: 2)
    var streamed = [[Float]](repeating: [], count: 2)
    var start = 0
    for size in [1, 100, 4_097, 30_000, 44_100] where start < input.frameCount {
      let block = try stream.process(input.slice(start..<min(input.frameCount, start + size)))
      for channel in 0..<2 { streamed[channel] += block.channels[channel] }
      start += size
    }
    let rest = try stream.finish()
    for channel in 0..<2 { streamed[channel] += rest.channels[channel] }
    XCTAssertEqual(streamed[0].count, whole.frameCount)
    for channel in 0..<2 {
      let largestDifference = zip(streamed[channel], whole.channels[channel]).map { abs($0 - $1) }.max() ?? 1
      XCTAssertLessThan(largestDifference, 1e-5, "channel \(channel)")
    }
  }
}
