import CFFTW

/// An inverse complex-to-real FFT of a fixed size, run by FFTW in single precision: the
/// counterpart of ``RealFFT`` for FIR design and fast convolution.
///
/// The instance owns its FFTW plan and its arrays (allocated with `fftwf_alloc_*`); the plan
/// is made with `FFTW_ESTIMATE` and made and destroyed under ``FFTWPlanner``'s lock. FFTW's
/// c2r transform overwrites its input, so ``transform(_:)`` lets the caller refill the whole
/// spectrum every time.
///
/// The transform is unnormalised: `x[n] = Σ X[k]·e^(+2πikn/N)` over the full Hermitian
/// spectrum, so a forward then inverse transform multiplies by N.
public final class InverseRealFFT {
  /// The transform length N, in samples (even).
  public let size: Int
  /// The number of complex input bins, `N/2 + 1` (DC … Nyquist).
  public let binCount: Int

  private let input: UnsafeMutablePointer<fftwf_complex>
  private let output: UnsafeMutablePointer<Float>
  private let plan: fftwf_plan

  /// Plans a transform of `size` samples; `size` must be even and at least 2.
  public init(size: Int) {
    precondition(size >= 2 && size.isMultiple(of: 2), "An FFT size must be even and at least 2.")
    precondition(size <= Int(Int32.max), "An FFT size must fit FFTW's 32-bit length.")
    self.size = size
    binCount = size / 2 + 1
    guard let input = fftwf_alloc_complex(size / 2 + 1), let output = fftwf_alloc_real(size)
    else { fatalError("FFTW could not allocate the arrays of a \(size)-point inverse FFT.") }
    UnsafeMutableRawPointer(input).bindMemory(to: Float.self, capacity: size + 2)
      .initialize(repeating: 0, count: size + 2)
    output.initialize(repeating: 0, count: size)
    self.input = input
    self.output = output
    let plan = FFTWPlanner.withLock {
      fftwf_plan_dft_c2r_1d(Int32(size), input, output, UInt32(FFTW_ESTIMATE))
    }
    guard let plan else { fatalError("FFTW could not plan a \(size)-point inverse real FFT.") }
    self.plan = plan
  }

  deinit {
    FFTWPlanner.withLock { fftwf_destroy_plan(plan) }
    fftwf_free(input)
    fftwf_free(output)
  }

  /// Lets `fill` write the spectrum as interleaved pairs (re₀, im₀, re₁, im₁, …),
  /// `2 · binCount` values, then runs the transform. Write every value: the previous
  /// transform has overwritten them.
  public func transform(_ fill: (UnsafeMutableBufferPointer<Float>) -> Void) {
    let values = UnsafeMutableRawPointer(input).assumingMemoryBound(to: Float.self)
    fill(UnsafeMutableBufferPointer(start: values, count: 2 * binCount))
    fftwf_execute(plan)
  }

  /// Hands `body` the `size` time-domain samples of the last transform.
  public func withSamples<Result>(_ body: (UnsafeBufferPointer<Float>) throws -> Result) rethrows
    -> Result
  {
    try body(UnsafeBufferPointer(start: output, count: size))
  }
}
