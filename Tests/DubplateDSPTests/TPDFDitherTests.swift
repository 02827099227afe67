import DubplateDSP
import DubplateTestSupport
import XCTest

final class TPDFDitherTests: XCTestCase {
  private let sampleRate = 44_100.0
  private let frames = 88_200

  /// A stereo sine at `peakDBFS` (1 kHz left, 1.5 kHz right).
  private func stereoTone(_ peakDBFS: Double) -> AudioBuffer {
    AudioBuffer(channels: [1000.0, 1500].map {
      SignalGenerator.sine(frequencyHz: $0, peakDBFS: peakDBFS, frameCount: frames, sampleRate: sampleRate)
    })
  }

  private func dithered(_ input: AudioBuffer, bitDepth: Int, seed: UInt64, blockSize: Int = 4096) -> AudioBuffer {
    let dither = TPDFDither(bitDepth: bitDepth, seed: seed)
    dither.prepare(sampleRate: sampleRate, maximumBlockSize: blockSize, channelCount: input.channelCount)
    var channels = Array(repeating: [Float](), count: input.channelCount)
    var start = 0
    while start < input.frameCount {
      var block = input.slice(start..<min(start + blockSize, input.frameCount))
      dither.process(&block)
      for channel in channels.indices { channels[channel] += block.channels[channel] }
      start += blockSize
    }
    return AudioBuffer(channels: channels)
  }

  /// Output minus input, every channel, in Double.
  private func addedNoise(_ output: AudioBuffer, _ input: AudioBuffer) -> [Double] {
    zip(output.channels.joined(), input.channels.joined()).map { Double($0) - Double($1) }
  }

  /// TPDF of ±1 LSB has variance LSB²/6: RMS `2^−(N−1)/√6`.
  func testDerivedNoiseLevels() {
    XCTAssertEqual(TPDFDither.noiseRMSDBFS(bitDepth: 16), -98.09, accuracy: 0.005)
    XCTAssertEqual(TPDFDither.noiseRMSDBFS(bitDepth: 24), -146.26, accuracy: 0.005)
    XCTAssertEqual(
      TPDFDither.noiseRMSDBFS(bitDepth: 16), 20 * log10(pow(2, -15.0)) - 10 * log10(6.0), accuracy: 1e-9)
    XCTAssertEqual(TPDFDither.leastSignificantBit(bitDepth: 16), 1.0 / 32_768)
  }

  /// The dither adds zero-mean noise of the derived RMS, bounded by ±1 LSB, triangular (75 % of
  /// it within ±½ LSB), uncorrelated with the signal and between the channels. Over 176 400
  /// samples the RMS estimate's standard error is 0.009 dB (triangular kurtosis 2.4) and the
  /// 75 % share's is 0.1 %: the tolerances are over five of them.
  func testAddsOnlyNoiseOfTheDerivedLevel() {
    for (bitDepth, levelDB) in [(16, -20.0), (24, -60.0)] {
      let input = stereoTone(levelDB)
      let noise = addedNoise(dithered(input, bitDepth: bitDepth, seed: 7), input)
      let lsb = TPDFDither.leastSignificantBit(bitDepth: bitDepth)
      let count = Double(noise.count)
      let rmsDB = 10 * log10(noise.reduce(0) { $0 + $1 * $1 } / count)
      XCTAssertEqual(rmsDB, TPDFDither.noiseRMSDBFS(bitDepth: bitDepth), accuracy: 0.05, "\(bitDepth)-bit")
      XCTAssertLessThan(abs(noise.reduce(0, +) / count), 0.01 * lsb, "\(bitDepth)-bit mean")
      XCTAssertLessThanOrEqual(noise.map(abs).max()!, lsb * 1.0001, "\(bitDepth)-bit peak")
      let inner = Double(noise.filter { abs($0) < lsb / 2 }.count) / count
      XCTAssertEqual(inner, 0.75, accuracy: 0.005, "\(bitDepth)-bit triangular shape")
      let signal = input.channels.joined().map(Double.init)
      XCTAssertLessThan(abs(correlation(noise, signal)), 0.01, "\(bitDepth)-bit noise vs signal")
      let half = noise.count / 2
      XCTAssertLessThan(abs(correlation(Array(noise[..<half]), Array(noise[half...]))), 0.02, "\(bitDepth)-bit left vs right")
    }
  }

  /// What dither is for: after the writer's rounding to 16 bits the total error is LSB/2 RMS
  /// (−96.33 dBFS: LSB²/6 + LSB²/12) whatever the signal, and a −100 dBFS tone, below half a
  /// step, survives at its level instead of rounding to silence.
  func testRoundedOutputHasSignalIndependentErrorAndKeepsTonesBelowOneStep() {
    let lsb = TPDFDither.leastSignificantBit(bitDepth: 16)
    func rounded(_ buffer: AudioBuffer) -> AudioBuffer {
      AudioBuffer(channels: buffer.channels.map { $0.map { Float((Double($0) / lsb).rounded() * lsb) } })
    }
    for levelDB in [-20.0, -100] {
      let input = stereoTone(levelDB)
      let output = rounded(dithered(input, bitDepth: 16, seed: 3))
      let error = addedNoise(output, input)
      let rmsDB = 10 * log10(error.reduce(0) { $0 + $1 * $1 } / Double(error.count))
      XCTAssertEqual(rmsDB, 20 * log10(lsb / 2), accuracy: 0.05, "\(levelDB) dBFS")
      let toneDB = ToneFit.levelDB(of: output.channels[0], frequencyHz: 1000, sampleRate: sampleRate)
      XCTAssertEqual(toneDB, levelDB, accuracy: 0.5, "\(levelDB) dBFS tone after rounding")
    }
    let undithered = rounded(stereoTone(-100))
    XCTAssertTrue(undithered.channels[0].allSatisfy { $0 == 0 }, "without dither the tone rounds away")
  }

  /// The same seed replays bit-identically (a new instance, another block size, or after reset);
  /// another seed gives other noise.
  func testSeededReplayIsBitIdentical() {
    let input = stereoTone(-30)
    let first = dithered(input, bitDepth: 16, seed: 42)
    XCTAssertEqual(dithered(input, bitDepth: 16, seed: 42, blockSize: 1000), first)
    let dither = TPDFDither(bitDepth: 16, seed: 42)
    dither.prepare(sampleRate: sampleRate, maximumBlockSize: frames, channelCount: 2)
    var once = input
    dither.process(&once)
    dither.reset()
    var again = input
    dither.process(&again)
    XCTAssertEqual(once, first)
    XCTAssertEqual(again, first)
    let other = dithered(input, bitDepth: 16, seed: 43)
    let differing = zip(other.channels[0], first.channels[0]).filter { $0 != $1 }.count
    XCTAssertGreaterThan(differing, frames * 9 / 10)
  }

  func testDescription() {
    XCTAssertEqual(TPDFDither(bitDepth: 16, seed: 9).description, "TPDFDither(bitDepth: 16, seed: 9, noiseRMSDBFS: -98.09)")
    XCTAssertEqual(TPDFDither(bitDepth: 24).latencySamples, 0)
  }

  private func correlation(_ a: [Double], _ b: [Double]) -> Double {
    let (meanA, meanB) = (a.reduce(0, +) / Double(a.count), b.reduce(0, +) / Double(b.count))
    var (ab, aa, bb) = (0.0, 0.0, 0.0)
    for (x, y) in zip(a, b) {
      ab += (x - meanA) * (y - meanB)
      aa += (x - meanA) * (x - meanA)
      bb += (y - meanB) * (y - meanB)
    }
    return ab / (aa * bb).squareRoot()
  }
}
