@testable import DubplateDSP
import DubplateTestSupport
import XCTest

final class BiquadPairTests: XCTestCase {
  /// Each lane of the pair is the scalar ``Biquad`` bit for bit: the stereo meter's low-end
  /// figures must not move when its filters run in SIMD2 lanes.
  func testEachLaneEqualsAScalarBiquadExactly() {
    let coefficients = BiquadCoefficients.lowPass(cutoffHz: 150, q: 0.5.squareRoot(), sampleRate: 44_100)
    let left = SignalGenerator.whiteNoise(rmsDBFS: -12, frameCount: 5_000, seed: 3)
    let right = SignalGenerator.pinkNoise(rmsDBFS: -18, frameCount: 5_000, seed: 4)
    var pair = BiquadPair(coefficients)
    var (leftFilter, rightFilter) = (Biquad(coefficients), Biquad(coefficients))
    var mismatches = 0
    for index in 0..<left.count {
      let (l, r) = (Double(left[index]), Double(right[index]))
      let lanes = pair.process(SIMD2(l, r))
      if lanes.x != leftFilter.process(l) || lanes.y != rightFilter.process(r) { mismatches += 1 }
    }
    XCTAssertEqual(mismatches, 0)
  }
}
