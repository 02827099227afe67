/// A small deterministic random source (SplitMix64) so test signals are the same on every run.
public struct SeededRandom: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform value in [-1, 1).
  public mutating func nextBipolar() -> Double {
    Double(next() >> 11) / Double(1 << 52) - 1
  }

  /// A standard normal value (Box–Muller).
  public mutating func nextGaussian() -> Double {
    let u1 = max(Double(next() >> 11) / Double(1 << 53), 1e-300)
    let u2 = Double(next() >> 11) / Double(1 << 53)
    return (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
  }
}

#if canImport(Glibc)
  import Glibc
  @inline(__always) func _log(_ x: Double) -> Double { Glibc.log(x) }
  @inline(__always) func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#else
  import Foundation
  @inline(__always) func _log(_ x: Double) -> Double { Foundation.log(x) }
  @inline(__always) func _cos(_ x: Double) -> Double { Foundation.cos(x) }
#endif
