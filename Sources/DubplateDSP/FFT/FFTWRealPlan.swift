import CFFTW

/// The FFTW side of a real FFT of `size` points, forward or inverse: a SIMD-aligned real array
/// of `size` samples, a complex array of `size/2 + 1` bins, and one plan between them, made
/// with `FFTW_ESTIMATE` and made and destroyed under ``FFTWPlanner``'s lock. Both arrays start
/// zeroed. ``RealFFT`` and ``InverseRealFFT`` are the views callers use.
final class FFTWRealPlan {
  /// Which way the plan transforms.
  enum Direction { case forward, inverse }

  /// The transform length N, in samples (even).
  let size: Int
  /// The number of complex bins, `N/2 + 1` (DC … Nyquist).
  let binCount: Int
  /// The `size` time-domain samples.
  let samples: UnsafeMutablePointer<Float>
  /// The bins as interleaved pairs (re₀, im₀, re₁, im₁, …), `2 · binCount` values.
  let bins: UnsafeMutablePointer<Float>
  private let complex: UnsafeMutablePointer<fftwf_complex>
  private let plan: fftwf_plan

  /// Plans a `direction` transform of `size` samples; `size` must be even and at least 2.
  init(size: Int, direction: Direction) {
    precondition(size >= 2 && size.isMultiple(of: 2), "An FFT size must be even and at least 2.")
    precondition(size <= Int(Int32.max), "An FFT size must fit FFTW's 32-bit length.")
    self.size = size
    binCount = size / 2 + 1
    guard let samples = fftwf_alloc_real(size), let complex = fftwf_alloc_complex(size / 2 + 1)
    else { fatalError("FFTW could not allocate the arrays of a \(size)-point FFT.") }
    samples.initialize(repeating: 0, count: size)
    bins = UnsafeMutableRawPointer(complex).bindMemory(to: Float.self, capacity: 2 * binCount)
    bins.initialize(repeating: 0, count: 2 * binCount)
    self.samples = samples
    self.complex = complex
    let plan = FFTWPlanner.withLock {
      switch direction {
      case .forward: fftwf_plan_dft_r2c_1d(Int32(size), samples, complex, UInt32(FFTW_ESTIMATE))
      case .inverse: fftwf_plan_dft_c2r_1d(Int32(size), complex, samples, UInt32(FFTW_ESTIMATE))
      }
    }
    guard let plan else { fatalError("FFTW could not plan a \(size)-point real FFT.") }
    self.plan = plan
  }

  deinit {
    FFTWPlanner.withLock { fftwf_destroy_plan(plan) }
    fftwf_free(samples)
    fftwf_free(complex)
  }

  /// Runs the transform on the arrays' current contents.
  func execute() { fftwf_execute(plan) }
}
