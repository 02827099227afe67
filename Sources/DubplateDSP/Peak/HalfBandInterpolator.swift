import Foundation

/// One 2× interpolation stage: the value halfway between every two neighbouring samples,
/// from a Kaiser-windowed sinc of `tapCount` taps (a half-band filter's odd phase).
///
/// The even phase of a half-band filter whose cut-off is the input Nyquist frequency is the
/// input itself, so only the midpoints are computed. Their taps are symmetric, so each
/// product is taken once for the pair of inputs that share a tap ("folded" form):
/// `tapCount / 2` multiplications per midpoint.
struct HalfBandInterpolator: Sendable {
  /// Taps in one window, even and a multiple of 8 (the kernel takes four pairs per pass).
  let tapCount: Int
  /// The first half of the symmetric taps: `foldedTaps[k]` weighs inputs `k` and
  /// `tapCount - 1 - k` of a window.
  let foldedTaps: [Float]

  /// Designs the stage: tap `k` of a window is `sinc(t)·kaiser(t)` at
  /// `t = tapCount/2 - 1/2 - k`, the distance from the midpoint in input samples.
  init(tapCount: Int, kaiserBeta: Double) {
    precondition(tapCount > 0 && tapCount % 8 == 0, "The tap count must be a multiple of 8.")
    self.tapCount = tapCount
    let halfWidth = Double(tapCount) / 2
    foldedTaps = (0..<(tapCount / 2)).map { k in
      let t = halfWidth - 0.5 - Double(k)
      let sinc = sin(Double.pi * t) / (Double.pi * t)
      let ratio = t / halfWidth
      let window = Self.besselI0(kaiserBeta * (1 - ratio * ratio).squareRoot())
        / Self.besselI0(kaiserBeta)
      return Float(sinc * window)
    }
  }

  /// All `tapCount` taps of a window in order, in Double (for bounds and analysis).
  var taps: [Double] {
    let half = foldedTaps.map(Double.init)
    return half + half.reversed()
  }

  /// Writes `count` midpoints: `output[s]` lies halfway between `input[s + tapCount/2 - 1]`
  /// and `input[s + tapCount/2]`, and reads `input[s ..< s + tapCount]`.
  ///
  /// The loop runs over outputs, four tap pairs at a time, so each pass is a plain
  /// element-wise loop the optimiser vectorises without reordering any Float sum: every
  /// output is computed with the same operations whatever the block it falls in.
  func interpolateMidpoints(
    _ input: UnsafePointer<Float>, count: Int, into output: UnsafeMutablePointer<Float>
  ) {
    foldedTaps.withUnsafeBufferPointer { taps in
      for k in stride(from: 0, to: taps.count, by: 4) {
        let low = input + k
        let high = input + (tapCount - 4 - k)
        let c0 = taps[k], c1 = taps[k + 1], c2 = taps[k + 2], c3 = taps[k + 3]
        if k == 0 {
          for s in 0..<count {
            output[s] =
              (c0 * (low[s] + high[s + 3]) + c1 * (low[s + 1] + high[s + 2]))
              + (c2 * (low[s + 2] + high[s + 1]) + c3 * (low[s + 3] + high[s]))
          }
        } else {
          for s in 0..<count {
            output[s] +=
              (c0 * (low[s] + high[s + 3]) + c1 * (low[s + 1] + high[s + 2]))
              + (c2 * (low[s + 2] + high[s + 1]) + c3 * (low[s + 3] + high[s]))
          }
        }
      }
    }
  }

  /// The modified Bessel function of the first kind, order 0, by its power series.
  static func besselI0(_ x: Double) -> Double {
    var sum = 1.0
    var term = 1.0
    var k = 1.0
    while term > 1e-17 * sum {
      let factor = x / (2 * k)
      term *= factor * factor
      sum += term
      k += 1
    }
    return sum
  }
}
