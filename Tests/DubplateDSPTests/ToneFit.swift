import Foundation

/// Measures the amplitude of a tone of known frequency by a least-squares fit of
/// `a·sin(ωn) + b·cos(ωn)`, exact for a pure sine over any window (no whole number of
/// periods needed), and the way the processor tests read a response at one frequency.
enum ToneFit {
  /// The fitted peak amplitude `√(a² + b²)` of `frequencyHz` in `samples`.
  static func amplitude<C: Collection>(of samples: C, frequencyHz: Double, sampleRate: Double) -> Double
  where C.Element == Float {
    let step = 2 * Double.pi * frequencyHz / sampleRate
    var (ss, sc, cc, xs, xc) = (0.0, 0.0, 0.0, 0.0, 0.0)
    for (n, sample) in samples.enumerated() {
      let (s, c, x) = (sin(step * Double(n)), cos(step * Double(n)), Double(sample))
      ss += s * s
      sc += s * c
      cc += c * c
      xs += x * s
      xc += x * c
    }
    let determinant = ss * cc - sc * sc
    let a = (xs * cc - xc * sc) / determinant
    let b = (xc * ss - xs * sc) / determinant
    return (a * a + b * b).squareRoot()
  }

  /// The fitted amplitude in dBFS (peak).
  static func levelDB<C: Collection>(of samples: C, frequencyHz: Double, sampleRate: Double) -> Double
  where C.Element == Float {
    20 * log10(amplitude(of: samples, frequencyHz: frequencyHz, sampleRate: sampleRate))
  }
}
