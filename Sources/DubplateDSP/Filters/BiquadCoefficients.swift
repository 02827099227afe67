import Foundation

/// Normalised coefficients of a second-order IIR section (a0 = 1):
/// `y[n] = b0·x[n] + b1·x[n-1] + b2·x[n-2] − a1·y[n-1] − a2·y[n-2]`.
public struct BiquadCoefficients: Sendable, Equatable, Codable {
  public var b0, b1, b2, a1, a2: Double

  public init(b0: Double, b1: Double, b2: Double, a1: Double, a2: Double) {
    (self.b0, self.b1, self.b2, self.a1, self.a2) = (b0, b1, b2, a1, a2)
  }

  /// Normalises a section given with an explicit a0.
  init(b0: Double, b1: Double, b2: Double, a0: Double, a1: Double, a2: Double) {
    self.init(b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: a1 / a0, a2: a2 / a0)
  }

  /// The pass-through section.
  public static let identity = BiquadCoefficients(b0: 1, b1: 0, b2: 0, a1: 0, a2: 0)

  /// Magnitude response in dB at `frequencyHz`, evaluated on the unit circle.
  public func magnitudeDB(atHz frequencyHz: Double, sampleRate: Double) -> Double {
    let w = 2 * Double.pi * frequencyHz / sampleRate
    let (c1, s1, c2, s2) = (cos(w), sin(w), cos(2 * w), sin(2 * w))
    let numRe = b0 + b1 * c1 + b2 * c2, numIm = -(b1 * s1 + b2 * s2)
    let denRe = 1 + a1 * c1 + a2 * c2, denIm = -(a1 * s1 + a2 * s2)
    let power = (numRe * numRe + numIm * numIm) / (denRe * denRe + denIm * denIm)
    return 10 * log10(power)
  }
}

// MARK: - RBJ Audio EQ Cookbook designs (R. Bristow-Johnson), valid at any sample rate

extension BiquadCoefficients {
  /// Second-order low-pass; `q` = 1/√2 gives Butterworth.
  public static func lowPass(cutoffHz: Double, q: Double, sampleRate: Double) -> Self {
    let (cosW, alpha) = prewarp(cutoffHz, q: q, sampleRate: sampleRate)
    return Self(
      b0: (1 - cosW) / 2, b1: 1 - cosW, b2: (1 - cosW) / 2,
      a0: 1 + alpha, a1: -2 * cosW, a2: 1 - alpha)
  }

  /// Second-order high-pass; `q` = 1/√2 gives Butterworth.
  public static func highPass(cutoffHz: Double, q: Double, sampleRate: Double) -> Self {
    let (cosW, alpha) = prewarp(cutoffHz, q: q, sampleRate: sampleRate)
    return Self(
      b0: (1 + cosW) / 2, b1: -(1 + cosW), b2: (1 + cosW) / 2,
      a0: 1 + alpha, a1: -2 * cosW, a2: 1 - alpha)
  }

  /// Peaking (bell) filter: `gainDB` at `centerHz`, bandwidth set by `q`.
  public static func peaking(centerHz: Double, gainDB: Double, q: Double, sampleRate: Double) -> Self {
    let a = pow(10, gainDB / 40)
    let (cosW, alpha) = prewarp(centerHz, q: q, sampleRate: sampleRate)
    return Self(
      b0: 1 + alpha * a, b1: -2 * cosW, b2: 1 - alpha * a,
      a0: 1 + alpha / a, a1: -2 * cosW, a2: 1 - alpha / a)
  }

  /// Low shelf: `gainDB` below `cornerHz`, slope set by `q` (1/√2 = steepest without overshoot).
  public static func lowShelf(cornerHz: Double, gainDB: Double, q: Double, sampleRate: Double) -> Self {
    let a = pow(10, gainDB / 40)
    let (cosW, alpha) = prewarp(cornerHz, q: q, sampleRate: sampleRate)
    let twoRootAAlpha = 2 * a.squareRoot() * alpha
    return Self(
      b0: a * ((a + 1) - (a - 1) * cosW + twoRootAAlpha),
      b1: 2 * a * ((a - 1) - (a + 1) * cosW),
      b2: a * ((a + 1) - (a - 1) * cosW - twoRootAAlpha),
      a0: (a + 1) + (a - 1) * cosW + twoRootAAlpha,
      a1: -2 * ((a - 1) + (a + 1) * cosW),
      a2: (a + 1) + (a - 1) * cosW - twoRootAAlpha)
  }

  /// High shelf: `gainDB` above `cornerHz`, slope set by `q`.
  public static func highShelf(cornerHz: Double, gainDB: Double, q: Double, sampleRate: Double) -> Self {
    let a = pow(10, gainDB / 40)
    let (cosW, alpha) = prewarp(cornerHz, q: q, sampleRate: sampleRate)
    let twoRootAAlpha = 2 * a.squareRoot() * alpha
    return Self(
      b0: a * ((a + 1) + (a - 1) * cosW + twoRootAAlpha),
      b1: -2 * a * ((a - 1) + (a + 1) * cosW),
      b2: a * ((a + 1) + (a - 1) * cosW - twoRootAAlpha),
      a0: (a + 1) - (a - 1) * cosW + twoRootAAlpha,
      a1: 2 * ((a - 1) - (a + 1) * cosW),
      a2: (a + 1) - (a - 1) * cosW - twoRootAAlpha)
  }

  private static func prewarp(_ frequencyHz: Double, q: Double, sampleRate: Double)
    -> (cosW: Double, alpha: Double)
  {
    precondition(frequencyHz > 0 && frequencyHz < sampleRate / 2, "Filter frequency must lie between 0 Hz and Nyquist.")
    precondition(q > 0, "Filter Q must be greater than 0.")
    let w = 2 * Double.pi * frequencyHz / sampleRate
    return (cos(w), sin(w) / (2 * q))
  }
}
