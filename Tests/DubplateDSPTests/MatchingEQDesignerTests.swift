import DubplateDSP
import DubplateTestSupport
import XCTest

final class MatchingEQDesignerTests: XCTestCase {
  private static let sampleRate = 44_100.0

  /// Pink noise against the same noise through a +5 dB low shelf at 150 Hz: the curve asks
  /// for the shelf (+5 dB at 50 Hz) and nothing at 2 kHz.
  func testCurveRecoversALowShelf() {
    let (target, reference, binWidthHz) = Self.spectra()
    let curve = MatchingEQDesigner().design(target: target, reference: reference, binWidthHz: binWidthHz)
    let at50 = gain(curve, at: 50), at2k = gain(curve, at: 2_000)
    print(String(format: "matching curve: %.2f dB at 50 Hz, %.2f dB at 2 kHz, %d points", at50, at2k, curve.count))
    XCTAssertEqual(at50, 5, accuracy: 0.5)
    XCTAssertEqual(at2k, 0, accuracy: 0.3)
    XCTAssertEqual(curve.first!.frequencyHz, 20, accuracy: 1e-9)
    XCTAssertLessThanOrEqual(curve.last!.frequencyHz, 20_000)
    XCTAssertGreaterThan(curve.last!.frequencyHz, 20_000 / pow(2, 1.0 / 6))
  }

  /// The cap bounds every point; amount 0.5 halves every point.
  func testCapAndAmount() {
    let (target, reference, binWidthHz) = Self.spectra()
    let full = MatchingEQDesigner().design(target: target, reference: reference, binWidthHz: binWidthHz)
    let capped = MatchingEQDesigner(maximumGainDB: 2)
      .design(target: target, reference: reference, binWidthHz: binWidthHz)
    XCTAssertEqual(capped.map(\.gainDB).max()!, 2, accuracy: 1e-12)
    XCTAssertTrue(capped.allSatisfy { abs($0.gainDB) <= 2 })
    let half = MatchingEQDesigner(amount: 0.5).design(target: target, reference: reference, binWidthHz: binWidthHz)
    for (whole, halved) in zip(full, half) {
      XCTAssertEqual(halved.gainDB, whole.gainDB / 2, accuracy: 1e-12)
    }
    XCTAssertEqual(gain(half, at: 50), gain(full, at: 50) / 2, accuracy: 1e-12)
  }

  private func gain(_ curve: [(frequencyHz: Double, gainDB: Double)], at frequencyHz: Double) -> Double {
    curve.min { abs(log2($0.frequencyHz / frequencyHz)) < abs(log2($1.frequencyHz / frequencyHz)) }!.gainDB
  }

  /// Long-term spectra of 12 s of pink noise and of the same noise through the shelf.
  private static func spectra() -> (target: [Double], reference: [Double], binWidthHz: Double) {
    let noise = SignalGenerator.pinkNoise(rmsDBFS: -20, frameCount: Int(12 * sampleRate), seed: 4)
    var shelved = noise
    var shelf = Biquad(.lowShelf(cornerHz: 150, gainDB: 5, q: 0.7071, sampleRate: sampleRate))
    shelf.process(&shelved)
    let targetAnalyzer = SpectrumAnalyzer(sampleRate: sampleRate, channelCount: 1)
    targetAnalyzer.process(AudioBuffer(channels: [noise]))
    let referenceAnalyzer = SpectrumAnalyzer(sampleRate: sampleRate, channelCount: 1)
    referenceAnalyzer.process(AudioBuffer(channels: [shelved]))
    return (targetAnalyzer.averagePowerSpectrum(), referenceAnalyzer.averagePowerSpectrum(),
            targetAnalyzer.binWidthHz)
  }
}
