import Foundation

extension BiquadCoefficients {
  /// Second-order all-pass (RBJ Audio EQ Cookbook): unit magnitude at every frequency, phase
  /// falling through −180° at `centerHz`.
  ///
  /// With `q` = 1/√2 it equals the sum of a Linkwitz–Riley 4th-order low-pass and high-pass at
  /// the same frequency, `(s² − √2 s + 1) / (s² + √2 s + 1)`: the phase a crossover band must
  /// be given so that bands split further up still sum flat.
  public static func allPass(centerHz: Double, q: Double, sampleRate: Double) -> Self {
    precondition(centerHz > 0 && centerHz < sampleRate / 2, "Filter frequency must lie between 0 Hz and Nyquist.")
    precondition(q > 0, "Filter Q must be greater than 0.")
    let w = 2 * Double.pi * centerHz / sampleRate
    let (cosW, alpha) = (cos(w), sin(w) / (2 * q))
    return Self(
      b0: 1 - alpha, b1: -2 * cosW, b2: 1 + alpha,
      a0: 1 + alpha, a1: -2 * cosW, a2: 1 - alpha)
  }
}
