import Foundation

/// A tapering window for short-time spectra, with the sums needed to normalise power.
public struct Window: Sendable, Equatable {
  /// The window's samples, `w[0] … w[N−1]`.
  public let coefficients: [Float]
  /// `Σ w[n]²`: the window's energy, which sets the power scale of a windowed periodogram.
  public let sumOfSquares: Double

  /// The periodic Hann window `w[n] = 0.5 − 0.5·cos(2πn/N)`, `n = 0 … N−1`.
  ///
  /// Periodic (not symmetric) so that overlapping it at 50 % sums to a constant, as
  /// Welch averaging expects. Its energy is exactly `3N/8`.
  public static func hann(size: Int) -> Window {
    precondition(size > 0, "A window needs at least one sample.")
    let step = 2 * Double.pi / Double(size)
    let values = (0..<size).map { 0.5 - 0.5 * cos(step * Double($0)) }
    return Window(
      coefficients: values.map { Float($0) },
      sumOfSquares: values.reduce(0) { $0 + $1 * $1 })
  }

  /// The number of samples N.
  public var size: Int { coefficients.count }

  /// `1 / (N · Σw²)`: multiplying `|X[k]|²` of a windowed frame by this gives a two-sided
  /// power spectrum whose N bins sum, on average, to the signal's mean square (Parseval).
  /// Double the bins strictly between DC and Nyquist for a one-sided spectrum.
  public var periodogramScale: Double { 1 / (Double(size) * sumOfSquares) }
}
