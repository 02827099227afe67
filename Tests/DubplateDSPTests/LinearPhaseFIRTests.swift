import DubplateDSP
import DubplateTestSupport
import Foundation
import XCTest

final class LinearPhaseFIRTests: XCTestCase {
  /// A flat curve passes sines through within 0.01 dB, delayed by exactly `latencySamples`.
  func testFlatCurveIsTransparentApartFromTheDelay() {
    let sampleRate = 44_100.0
    let filter = LinearPhaseFIR(curve: [(1_000, 0)])
    filter.prepare(sampleRate: sampleRate, maximumBlockSize: 4_096, channelCount: 1)
    XCTAssertEqual(filter.tapCount, 4_095)
    for frequencyHz in [40.0, 1_000, 15_000] {
      let gainDB = measuredGainDB(filter, frequencyHz: frequencyHz, sampleRate: sampleRate)
      XCTAssertEqual(gainDB, 0, accuracy: 0.01, "at \(frequencyHz) Hz")
    }
    let noise = SignalGenerator.whiteNoise(rmsDBFS: -12, frameCount: 20_000, seed: 9)
    filter.reset()
    let output = LatencyCompensation.render(filter, input: AudioBuffer(channels: [noise]), blockSize: 1_000)
    let largestError = zip(output.channels[0], noise).map { abs($0 - $1) }.max() ?? 1
    XCTAssertLessThan(largestError, 1e-5)
  }

  /// The power response a tone trim is fitted with is the response the filter really has:
  /// at named frequencies it agrees with sines measured through the filter within 0.01 dB.
  func testPowerResponseIsTheRealisedResponse() {
    let sampleRate = 44_100.0
    let curve: [(frequencyHz: Double, gainDB: Double)] = [(31.5, 0.4), (40, -0.3), (1_000, 0), (8_000, 0.5), (16_000, -0.2)]
    let filter = LinearPhaseFIR(curve: curve, tapCount: 32_767)
    let binWidthHz = sampleRate / 8_192
    let response = filter.powerResponse(sampleRate: sampleRate, binWidthHz: binWidthHz, binCount: 4_097)
    XCTAssertEqual(response.count, 4_097)
    filter.prepare(sampleRate: sampleRate, maximumBlockSize: 4_096, channelCount: 1)
    for bin in [6, 186, 1_486, 2_972] {
      let measured = measuredGainDB(filter, frequencyHz: Double(bin) * binWidthHz, sampleRate: sampleRate)
      XCTAssertEqual(10 * log10(response[bin]), measured, accuracy: 0.01, "at \(Double(bin) * binWidthHz) Hz")
    }
  }

  /// A +6 dB triangle (in dB against log frequency) at 1 kHz reads +6 ± 0.3 dB there and
  /// 0 ± 0.3 dB two octaves away either side.
  func testBellCurveGivesItsGainAtTheCentreAndNoneTwoOctavesAway() {
    let sampleRate = 48_000.0
    let filter = LinearPhaseFIR(curve: [(100, 0), (500, 0), (1_000, 6), (2_000, 0), (8_000, 0)])
    filter.prepare(sampleRate: sampleRate, maximumBlockSize: 4_096, channelCount: 1)
    let readings = [250.0, 1_000, 4_000].map { measuredGainDB(filter, frequencyHz: $0, sampleRate: sampleRate) }
    print(String(format: "FIR bell: %.3f dB at 250 Hz, %.3f dB at 1 kHz, %.3f dB at 4 kHz",
                 readings[0], readings[1], readings[2]))
    XCTAssertEqual(readings[0], 0, accuracy: 0.3)
    XCTAssertEqual(readings[1], 6, accuracy: 0.3)
    XCTAssertEqual(readings[2], 0, accuracy: 0.3)
  }

  /// An impulse comes out as the taps after one FFT block, its peak exactly `latencySamples`
  /// = ``hopFrames`` + `(N − 1)/2` late, symmetric about it (linear phase), silent elsewhere.
  func testLatencyIsOneBlockPlusHalfTheTapCountMinusOne() {
    for sampleRate in [44_100.0, 96_000] {
      let filter = LinearPhaseFIR(curve: [(200, -3), (3_000, 4)])
      filter.prepare(sampleRate: sampleRate, maximumBlockSize: 8_192, channelCount: 1)
      let tapCount = LinearPhaseFIR.defaultTapCount(sampleRate: sampleRate)
      XCTAssertEqual(filter.tapCount, tapCount)
      XCTAssertEqual(filter.fftSize, sampleRate < 48_000 ? 16_384 : 32_768)
      XCTAssertEqual(filter.hopFrames, filter.fftSize - (tapCount - 1))
      XCTAssertEqual(filter.groupDelaySamples, (tapCount - 1) / 2)
      XCTAssertEqual(filter.latencySamples, filter.hopFrames + filter.groupDelaySamples)
      var impulse = [Float](repeating: 0, count: filter.hopFrames + tapCount + 300)
      impulse[0] = 1
      var buffer = AudioBuffer(channels: [impulse])
      filter.process(&buffer)
      let response = buffer.channels[0]
      let peak = response.indices.max { abs(response[$0]) < abs(response[$1]) }!
      XCTAssertEqual(peak, filter.latencySamples)
      for offset in 1...filter.groupDelaySamples {
        XCTAssertEqual(response[peak - offset], response[peak + offset], accuracy: 1e-6)
      }
      let hop = filter.hopFrames
      XCTAssertEqual(response[..<hop].map { abs($0) }.max()!, 0)
      let echoedTaps = response[hop..<(hop + tapCount)]
      XCTAssertEqual(zip(echoedTaps, filter.taps).map { abs(Double($0) - $1) }.max()!, 0, accuracy: 1e-6)
      XCTAssertEqual(response[(hop + tapCount)...].map { abs($0) }.max()!, 0, accuracy: 1e-6)
    }
  }

  /// Blocks of odd sizes, crossing FFT block boundaries anywhere, give bit-identical output to
  /// one block.
  func testBlocksOfOddSizesGiveTheSameOutputAsOneBlock() {
    let filter = LinearPhaseFIR(curve: [(60, 3), (1_000, 0), (10_000, -4)])
    filter.prepare(sampleRate: 44_100, maximumBlockSize: 30_000, channelCount: 2)
    XCTAssertLessThan(filter.hopFrames, 15_000, "The input should span two FFT blocks.")
    let input = AudioBuffer(channels: [
      SignalGenerator.whiteNoise(rmsDBFS: -12, frameCount: 30_000, seed: 1),
      SignalGenerator.pinkNoise(rmsDBFS: -12, frameCount: 30_000, seed: 2),
    ])
    var whole = input
    filter.process(&whole)
    filter.reset()
    var pieces = [[Float]](repeating: [], count: 2)
    var start = 0
    for size in [1, 7, 4_097, 333, 12_345, 13_217] {
      var block = input.slice(start..<(start + size))
      filter.process(&block)
      for channel in 0..<2 { pieces[channel] += block.channels[channel] }
      start += size
    }
    XCTAssertEqual(AudioBuffer(channels: pieces), whole)
    XCTAssertTrue(filter.description.contains("10000.0 Hz: -4.00 dB"), filter.description)
  }

  /// The gain of a faded sine through `filter`, RMS out over RMS in on the settled part, in dB.
  private func measuredGainDB(_ filter: LinearPhaseFIR, frequencyHz: Double, sampleRate: Double) -> Double {
    filter.reset()
    var tone = SignalGenerator.sine(
      frequencyHz: frequencyHz, peakDBFS: -6, seconds: 1, sampleRate: sampleRate)
    SignalGenerator.applyFades(&tone, seconds: 0.05, sampleRate: sampleRate)
    let output = LatencyCompensation.render(filter, input: AudioBuffer(channels: [tone]), blockSize: 4_096)
    let settled = Int(0.2 * sampleRate)..<Int(0.8 * sampleRate)
    func meanSquare(_ samples: ArraySlice<Float>) -> Double {
      samples.reduce(0) { $0 + Double($1) * Double($1) } / Double(samples.count)
    }
    return Decibels.fromPower(meanSquare(output.channels[0][settled]) / meanSquare(tone[settled]))
  }
}
