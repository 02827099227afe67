import CFFTW

/// A forward real-to-complex FFT of a fixed size, run by FFTW in single precision.
///
/// The instance owns its FFTW plan and its input and output arrays (allocated with
/// `fftwf_alloc_*`, so SIMD-aligned); the plan is made with `FFTW_ESTIMATE` and made and
/// destroyed under ``FFTWPlanner``'s lock. Executing is thread-safe in FFTW, but an
/// instance's arrays are not shared state you may touch from two threads: give each
/// thread its own `RealFFT`.
///
/// The transform is unnormalised: `X[k] = Σ x[n]·e^(−2πikn/N)` for `k = 0 … N/2`.
public final class RealFFT {
  /// The transform length N, in samples (even).
  public let size: Int
  /// The number of complex output bins, `N/2 + 1` (DC … Nyquist).
  public let binCount: Int

  private let input: UnsafeMutablePointer<Float>
  private let output: UnsafeMutablePointer<fftwf_complex>
  private let plan: fftwf_plan

  /// Plans a transform of `size` samples; `size` must be even and at least 2.
  public init(size: Int) {
    precondition(size >= 2 && size.isMultiple(of: 2), "An FFT size must be even and at least 2.")
    precondition(size <= Int(Int32.max), "An FFT size must fit FFTW's 32-bit length.")
    self.size = size
    binCount = size / 2 + 1
    guard let input = fftwf_alloc_real(size), let output = fftwf_alloc_complex(size / 2 + 1)
    else { fatalError("FFTW could not allocate the arrays of a \(size)-point FFT.") }
    input.initialize(repeating: 0, count: size)
    self.input = input
    self.output = output
    let plan = FFTWPlanner.withLock {
      fftwf_plan_dft_r2c_1d(Int32(size), input, output, UInt32(FFTW_ESTIMATE))
    }
    guard let plan else { fatalError("FFTW could not plan a \(size)-point real FFT.") }
    self.plan = plan
  }

  deinit {
    FFTWPlanner.withLock { fftwf_destroy_plan(plan) }
    fftwf_free(input)
    fftwf_free(output)
  }

  /// Lets `fill` write the `size` input samples, then runs the transform.
  ///
  /// The input keeps its previous contents until `fill` overwrites them.
  public func transform(_ fill: (UnsafeMutableBufferPointer<Float>) -> Void) {
    fill(UnsafeMutableBufferPointer(start: input, count: size))
    fftwf_execute(plan)
  }

  /// Hands `body` the spectrum of the last transform as interleaved pairs
  /// (re₀, im₀, re₁, im₁, …), `2 · binCount` values.
  public func withSpectrum<Result>(_ body: (UnsafeBufferPointer<Float>) throws -> Result) rethrows
    -> Result
  {
    let values = UnsafeRawPointer(output).assumingMemoryBound(to: Float.self)
    return try body(UnsafeBufferPointer(start: values, count: 2 * binCount))
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
