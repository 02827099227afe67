/// A second-order IIR section run in transposed direct form II with Double state.
///
/// Float samples in and out, Double arithmetic inside, so low-frequency sections at
/// high sample rates keep their accuracy. One instance filters one channel.
public struct Biquad: Sendable {
  public var coefficients: BiquadCoefficients
  private var z1 = 0.0
  private var z2 = 0.0

  public init(_ coefficients: BiquadCoefficients) { self.coefficients = coefficients }

  /// Filters one sample.
  @inline(__always)
  public mutating func process(_ x: Double) -> Double {
    let c = coefficients
    let y = c.b0 * x + z1
    z1 = c.b1 * x - c.a1 * y + z2
    z2 = c.b2 * x - c.a2 * y
    return y
  }

  /// Filters `samples` in place.
  public mutating func process(_ samples: inout [Float]) {
    samples.withUnsafeMutableBufferPointer { process($0) }
  }

  /// Filters a buffer in place.
  public mutating func process(_ samples: UnsafeMutableBufferPointer<Float>) {
    let c = coefficients
    var s1 = z1, s2 = z2
    for i in samples.indices {
      let x = Double(samples[i])
      let y = c.b0 * x + s1
      s1 = c.b1 * x - c.a1 * y + s2
      s2 = c.b2 * x - c.a2 * y
      samples[i] = Float(y)
    }
    z1 = s1
    z2 = s2
  }

  /// Filters two channels in place through `first` and `second` (same coefficients) in
  /// lockstep on the lanes of SIMD2: one channel's recursion is bound by the latency of its
  /// multiply-add chain, so two in one vector cost about as much as one. Each lane computes
  /// exactly what ``process(_:)-(UnsafeMutableBufferPointer<Float>)`` computes: bit-identical.
  public static func process(
    _ first: inout Biquad, _ second: inout Biquad,
    _ left: UnsafeMutableBufferPointer<Float>, _ right: UnsafeMutableBufferPointer<Float>
  ) {
    precondition(left.count == right.count, "Both channels must have the same length.")
    precondition(first.coefficients == second.coefficients, "Both filters must have the same coefficients.")
    let c = first.coefficients
    var s1 = SIMD2(first.z1, second.z1), s2 = SIMD2(first.z2, second.z2)
    for i in left.indices {
      let x = SIMD2(Double(left[i]), Double(right[i]))
      let y = c.b0 * x + s1
      s1 = c.b1 * x - c.a1 * y + s2
      s2 = c.b2 * x - c.a2 * y
      left[i] = Float(y.x)
      right[i] = Float(y.y)
    }
    (first.z1, second.z1) = (s1.x, s1.y)
    (first.z2, second.z2) = (s2.x, s2.y)
  }

  /// Clears the filter's memory.
  public mutating func reset() {
    z1 = 0
    z2 = 0
  }
}
