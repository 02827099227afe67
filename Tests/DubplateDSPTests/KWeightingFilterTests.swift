import DubplateDSP
import DubplateTestSupport
import Foundation
import XCTest

final class KWeightingFilterTests: XCTestCase {
  /// ITU-R BS.1770-4 Annex 1, Table 1 (pre-filter) at 48 kHz, as printed.
  private let table1 = BiquadCoefficients(
    b0: 1.53512485958697, b1: -2.69169618940638, b2: 1.19839281085285,
    a1: -1.69065929318241, a2: 0.73248077421585)
  /// ITU-R BS.1770-4 Annex 1, Table 2 (RLB high-pass) at 48 kHz, as printed.
  private let table2 = BiquadCoefficients(
    b0: 1.0, b1: -2.0, b2: 1.0, a1: -1.99004745483398, a2: 0.99007225036621)

  private let sampleRates = [44_100.0, 48_000, 96_000]
  private let namedFrequenciesHz = [20.0, 50, 100, 500, 997, 1000, 2000, 5000, 10_000, 15_000]

  func testDesignAt48kHzReproducesTheStandardsCoefficients() {
    let filter = KWeightingFilter(sampleRate: 48_000)
    assertCoefficients(filter.shelf, equal: table1, accuracy: 1e-6)
    assertCoefficients(filter.highPass, equal: table2, accuracy: 1e-6)
  }

  /// The digital response at f equals the analog prototype at the bilinear-warped
  /// frequency `tan(π f / fs) / tan(π f0 / fs)`, times the high-pass's pass-band gain `a0`.
  func testResponseIsTheWarpedAnalogPrototypeAtEveryRate() {
    for sampleRate in sampleRates {
      let filter = KWeightingFilter(sampleRate: sampleRate)
      for frequencyHz in namedFrequenciesHz {
        XCTAssertEqual(
          filter.magnitudeDB(atHz: frequencyHz, sampleRate: sampleRate),
          analogPrototypeDB(atHz: frequencyHz, sampleRate: sampleRate), accuracy: 1e-6,
          "\(frequencyHz) Hz at \(sampleRate) Hz")
      }
    }
  }

  /// At 44.1 and 96 kHz the derived filter stays within 0.03 dB of the standard's
  /// 48 kHz filter from 20 Hz to 15 kHz (the residue is bilinear warping and the
  /// rate-dependent high-pass gain); at 48 kHz it is the same filter.
  func testResponseMatchesTheStandardFilterAtNamedFrequencies() {
    for sampleRate in sampleRates {
      let filter = KWeightingFilter(sampleRate: sampleRate)
      for frequencyHz in namedFrequenciesHz {
        let standardDB =
          table1.magnitudeDB(atHz: frequencyHz, sampleRate: 48_000)
          + table2.magnitudeDB(atHz: frequencyHz, sampleRate: 48_000)
        XCTAssertEqual(
          filter.magnitudeDB(atHz: frequencyHz, sampleRate: sampleRate), standardDB,
          accuracy: sampleRate == 48_000 ? 1e-6 : 0.03, "\(frequencyHz) Hz at \(sampleRate) Hz")
      }
    }
  }

  /// Landmarks of the K curve at 48 kHz: −13.3 dB at 20 Hz, −1.13 dB at 100 Hz,
  /// +0.691 dB at 997 Hz (which the −0.691 of BS.1770-4 eq. 2 cancels, so a 997 Hz
  /// tone reads its own level) and the +4 dB shelf at 10 kHz.
  func testLandmarksOfTheKCurve() {
    let filter = KWeightingFilter(sampleRate: 48_000)
    XCTAssertEqual(filter.magnitudeDB(atHz: 20, sampleRate: 48_000), -13.28, accuracy: 0.01)
    XCTAssertEqual(filter.magnitudeDB(atHz: 100, sampleRate: 48_000), -1.13, accuracy: 0.01)
    XCTAssertEqual(filter.magnitudeDB(atHz: 997, sampleRate: 48_000), 0.691, accuracy: 0.001)
    XCTAssertEqual(filter.magnitudeDB(atHz: 10_000, sampleRate: 48_000), 4.04, accuracy: 0.01)
  }

  /// Filtering a sine changes its RMS by the designed magnitude (checks the sample loop).
  func testFilteringSinesMatchesTheMagnitudeResponse() {
    for sampleRate in sampleRates {
      for frequencyHz in [20.0, 1000, 10_000] {
        var filter = KWeightingFilter(sampleRate: sampleRate)
        var samples = SignalGenerator.sine(
          frequencyHz: frequencyHz, peakDBFS: -6, seconds: 1.5, sampleRate: sampleRate)
        let inputRMS = rms(samples[Int(sampleRate)...])
        samples.withUnsafeMutableBufferPointer { filter.process($0) }
        let gainDB = 20 * log10(rms(samples[Int(sampleRate)...]) / inputRMS)
        XCTAssertEqual(
          gainDB, filter.magnitudeDB(atHz: frequencyHz, sampleRate: sampleRate), accuracy: 0.01,
          "\(frequencyHz) Hz at \(sampleRate) Hz")
      }
    }
  }

  func testResetClearsTheMemory() {
    var filter = KWeightingFilter(sampleRate: 48_000)
    var impulse: [Float] = [1, 0, 0, 0]
    impulse.withUnsafeMutableBufferPointer { filter.process($0) }
    filter.reset()
    var silence: [Float] = [0, 0, 0, 0]
    silence.withUnsafeMutableBufferPointer { filter.process($0) }
    XCTAssertEqual(silence, [0, 0, 0, 0])
  }

  /// After a signal stops, the decaying state is flushed to exact zero between blocks
  /// instead of lingering in slow subnormal numbers.
  func testTailAfterTheSignalEndsInExactZeros() {
    var filter = KWeightingFilter(sampleRate: 44_100)
    var tone = SignalGenerator.sine(frequencyHz: 50, peakDBFS: 0, seconds: 0.5, sampleRate: 44_100)
    tone.withUnsafeMutableBufferPointer { filter.process($0) }
    var lastBlock = [Float]()
    for _ in 0..<100 {
      var silence = [Float](repeating: 0, count: 4410)
      silence.withUnsafeMutableBufferPointer { filter.process($0) }
      lastBlock = silence
    }
    XCTAssertEqual(filter.process(0), 0)
    XCTAssertTrue(lastBlock.allSatisfy { $0 == 0 })
  }

  // MARK: - Helpers

  /// The analog prototypes of both stages (constants as in libebur128), evaluated at the
  /// frequencies the bilinear transform maps `frequencyHz` to, in dB.
  private func analogPrototypeDB(atHz frequencyHz: Double, sampleRate: Double) -> Double {
    func warped(_ cornerHz: Double) -> Double {
      tan(Double.pi * frequencyHz / sampleRate) / tan(Double.pi * cornerHz / sampleRate)
    }
    let vh = pow(10, KWeightingFilter.shelfGainDB / 20)
    let vb = pow(vh, KWeightingFilter.shelfMidBandExponent)
    let shelfQ = KWeightingFilter.shelfQ
    let highPassQ = KWeightingFilter.highPassQ
    // |(Vh s² + Vb s/Q + 1) / (s² + s/Q + 1)| at s = jω: real parts 1 − Vh ω², 1 − ω².
    let ws = warped(KWeightingFilter.shelfCornerHz)
    let shelfPower =
      (pow(1 - vh * ws * ws, 2) + pow(vb * ws / shelfQ, 2))
      / (pow(1 - ws * ws, 2) + pow(ws / shelfQ, 2))
    let wh = warped(KWeightingFilter.highPassCornerHz)
    let highPassPower = pow(wh * wh, 2) / (pow(1 - wh * wh, 2) + pow(wh / highPassQ, 2))
    let k = tan(Double.pi * KWeightingFilter.highPassCornerHz / sampleRate)
    let passBandGain = 1 + k / highPassQ + k * k
    return 10 * log10(shelfPower * highPassPower) + 20 * log10(passBandGain)
  }

  private func rms(_ samples: ArraySlice<Float>) -> Double {
    (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
  }

  private func assertCoefficients(
    _ actual: BiquadCoefficients, equal expected: BiquadCoefficients, accuracy: Double,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertEqual(actual.b0, expected.b0, accuracy: accuracy, "b0", file: file, line: line)
    XCTAssertEqual(actual.b1, expected.b1, accuracy: accuracy, "b1", file: file, line: line)
    XCTAssertEqual(actual.b2, expected.b2, accuracy: accuracy, "b2", file: file, line: line)
    XCTAssertEqual(actual.a1, expected.a1, accuracy: accuracy, "a1", file: file, line: line)
    XCTAssertEqual(actual.a2, expected.a2, accuracy: accuracy, "a2", file: file, line: line)
  }
}
