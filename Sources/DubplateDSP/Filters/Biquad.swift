/// A second-order IIR section run in transposed direct form II with Double state.
///
/// Float samples in and out, Double arithmetic inside, so low-frequency sections at
/// high sample rates keep their accuracy. One instance filters one channel.
public struct Biquad: Sendable {
  public var coefficients: BiquadCoefficients
  /// The section's state (``BiquadPair`` takes it over and hands it back).
  var z1 = 0.0
  var z2 = 0.0

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

  /// Clears the filter's memory.
  public mutating func reset() {
    z1 = 0
    z2 = 0
  }
}
