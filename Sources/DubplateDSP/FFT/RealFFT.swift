/// A forward real-to-complex FFT of a fixed size, run by FFTW in single precision.
///
/// The instance owns its FFTW plan and SIMD-aligned arrays (``FFTWRealPlan``). Executing is
/// thread-safe in FFTW, but an instance's arrays are not shared state you may touch from two
/// threads: give each thread its own `RealFFT`.
///
/// The transform is unnormalised: `X[k] = Σ x[n]·e^(−2πikn/N)` for `k = 0 … N/2`.
public final class RealFFT {
  /// The transform length N, in samples (even).
  public var size: Int { plan.size }
  /// The number of complex output bins, `N/2 + 1` (DC … Nyquist).
  public var binCount: Int { plan.binCount }

  private let plan: FFTWRealPlan

  /// Plans a transform of `size` samples; `size` must be even and at least 2.
  public init(size: Int) {
    plan = FFTWRealPlan(size: size, direction: .forward)
  }

  /// Lets `fill` write the `size` input samples, then runs the transform.
  ///
  /// The input keeps its previous contents until `fill` overwrites them.
  public func transform(_ fill: (UnsafeMutableBufferPointer<Float>) -> Void) {
    fill(UnsafeMutableBufferPointer(start: plan.samples, count: size))
    plan.execute()
  }

  /// Hands `body` the spectrum of the last transform as interleaved pairs
  /// (re₀, im₀, re₁, im₁, …), `2 · binCount` values.
  public func withSpectrum<Result>(_ body: (UnsafeBufferPointer<Float>) throws -> Result) rethrows
    -> Result
  {
    try body(UnsafeBufferPointer(start: plan.bins, count: 2 * binCount))
  }

  /// The spectrum of `samples` (exactly `size` of them), as separate real and imaginary parts.
  public func forward(_ samples: [Float]) -> (real: [Float], imaginary: [Float]) {
    precondition(samples.count == size, "RealFFT.forward needs exactly \(size) samples.")
    transform { destination in
      samples.withUnsafeBufferPointer { source in
        for i in 0..<source.count { destination[i] = source[i] }
      }
    }
    return withSpectrum { pairs in
      let real = (0..<binCount).map { pairs[2 * $0] }
      let imaginary = (0..<binCount).map { pairs[2 * $0 + 1] }
      return (real, imaginary)
    }
  }
}
