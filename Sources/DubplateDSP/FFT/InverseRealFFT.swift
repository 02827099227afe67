/// An inverse complex-to-real FFT of a fixed size, run by FFTW in single precision: the
/// counterpart of ``RealFFT`` for FIR design and fast convolution.
///
/// The instance owns its FFTW plan and arrays (``FFTWRealPlan``). FFTW's c2r transform
/// overwrites its input, so ``transform(_:)`` lets the caller refill the whole spectrum
/// every time.
///
/// The transform is unnormalised: `x[n] = Σ X[k]·e^(+2πikn/N)` over the full Hermitian
/// spectrum, so a forward then inverse transform multiplies by N.
public final class InverseRealFFT {
  /// The transform length N, in samples (even).
  public var size: Int { plan.size }
  /// The number of complex input bins, `N/2 + 1` (DC … Nyquist).
  public var binCount: Int { plan.binCount }

  private let plan: FFTWRealPlan

  /// Plans a transform of `size` samples; `size` must be even and at least 2.
  public init(size: Int) {
    plan = FFTWRealPlan(size: size, direction: .inverse)
  }

  /// Lets `fill` write the spectrum as interleaved pairs (re₀, im₀, re₁, im₁, …),
  /// `2 · binCount` values, then runs the transform. Write every value: the previous
  /// transform has overwritten them.
  public func transform(_ fill: (UnsafeMutableBufferPointer<Float>) -> Void) {
    fill(UnsafeMutableBufferPointer(start: plan.bins, count: 2 * binCount))
    plan.execute()
  }

  /// Hands `body` the `size` time-domain samples of the last transform.
  public func withSamples<Result>(_ body: (UnsafeBufferPointer<Float>) throws -> Result) rethrows
    -> Result
  {
    try body(UnsafeBufferPointer(start: plan.samples, count: size))
  }
}
