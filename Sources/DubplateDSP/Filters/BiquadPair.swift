/// Two ``Biquad``s with the same coefficients run in lockstep on the lanes of SIMD2.
///
/// Each lane computes exactly what ``Biquad/process(_:)-(Double)`` computes for its
/// channel, in the same operation order, so results are bit-identical to two biquads;
/// one vector instruction does the work of two scalar ones. (For the stereo meter's loop
/// this measured 13 % faster than four scalar ``Biquad``s; the K-weighting pair, by
/// contrast, compiles better as two scalar filters in one loop.)
struct BiquadPair {
  private let b0, b1, b2, a1, a2: Double
  private var z1 = SIMD2<Double>.zero
  private var z2 = SIMD2<Double>.zero

  /// A pair at rest with `coefficients` in both lanes.
  init(_ coefficients: BiquadCoefficients) {
    (b0, b1, b2, a1, a2) = (coefficients.b0, coefficients.b1, coefficients.b2, coefficients.a1, coefficients.a2)
  }

  /// Filters one sample of each channel (transposed direct form II, as ``Biquad``).
  @inline(__always)
  mutating func process(_ x: SIMD2<Double>) -> SIMD2<Double> {
    let y = b0 * x + z1
    z1 = b1 * x - a1 * y + z2
    z2 = b2 * x - a2 * y
    return y
  }
}

extension BiquadPair {
  /// Takes over the coefficients and the state of two biquads with the same coefficients.
  init(_ first: Biquad, _ second: Biquad) {
    precondition(first.coefficients == second.coefficients, "Both biquads must have the same coefficients.")
    self.init(first.coefficients)
    z1 = [first.z1, second.z1]
    z2 = [first.z2, second.z2]
  }

  /// Hands the state back to the two biquads.
  func store(into first: inout Biquad, _ second: inout Biquad) {
    (first.z1, second.z1) = (z1.x, z1.y)
    (first.z2, second.z2) = (z2.x, z2.y)
  }

  /// Filters two channels in place through `first` and `second` in lockstep: bit-identical
  /// to each biquad filtering its channel alone.
  static func process(
    _ first: inout Biquad, _ second: inout Biquad,
    _ left: UnsafeMutableBufferPointer<Float>, _ right: UnsafeMutableBufferPointer<Float>
  ) {
    precondition(left.count == right.count, "Both channels must have the same length.")
    var pair = BiquadPair(first, second)
    for i in left.indices {
      let y = pair.process(SIMD2(Double(left[i]), Double(right[i])))
      left[i] = Float(y.x)
      right[i] = Float(y.y)
    }
    pair.store(into: &first, &second)
  }
}
