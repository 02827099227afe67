import DubplateDSP
import Foundation

/// EBU Tech 3341 (v4, Table 1) true-peak test signals, cases 15-23, synthesised at any rate.
///
/// All are stereo with the same signal in both channels, and "fs/4" etc. are relative to
/// the chosen rate. 0.50 FFS is written as -6.0 dB (0.5012) and 1.41 FFS as √2, as in the
/// EBU files. Ends fade linearly over 10 ms (irrelevant to the readings).
/// Expected maximum true peak: -6.0 dBTP for 15-18, +3.0 for 19, 0.0 for 20-23, each
/// within +0.2/-0.4 dB.
public enum EBUTruePeakSignals {
  /// The case numbers covered.
  public static let caseNumbers = 15...23

  /// The expected maximum true-peak level of `caseNumber`, dBTP.
  public static func expectedTruePeakDBTP(caseNumber: Int) -> Double {
    switch caseNumber {
    case 15...18: -6.0
    case 19: 3.0
    case 20...23: 0.0
    default: preconditionFailure("EBU Tech 3341 true-peak cases are 15 to 23.")
    }
  }

  /// Tolerance of every case: the reading may be 0.4 dB below and 0.2 dB above.
  public static let toleranceBelowDB = 0.4
  public static let toleranceAboveDB = 0.2

  /// The signal of `caseNumber` at `sampleRate`. Cases 15-19 last `toneSeconds`; cases
  /// 20-23 last 3.2 s plus the 4 samples of the inserted burst, as the EBU files do.
  public static func signal(
    caseNumber: Int, sampleRate: Double, toneSeconds: Double = 1
  ) -> AudioBuffer {
    let minus6dB = Decibels.toAmplitude(-6)
    let sqrt2 = 2.0.squareRoot()
    var samples: [Float]
    switch caseNumber {
    case 15:
      samples = tone(divisor: 4, amplitude: minus6dB, phaseDegrees: 0, toneSeconds, sampleRate)
    case 16:
      samples = tone(divisor: 4, amplitude: minus6dB, phaseDegrees: 45, toneSeconds, sampleRate)
    case 17:
      samples = tone(divisor: 6, amplitude: minus6dB, phaseDegrees: 60, toneSeconds, sampleRate)
    case 18:
      samples = tone(divisor: 8, amplitude: minus6dB, phaseDegrees: 67.5, toneSeconds, sampleRate)
    case 19:
      samples = tone(divisor: 4, amplitude: sqrt2, phaseDegrees: 45, toneSeconds, sampleRate)
    case 20...23: samples = burst(decimationOffset: caseNumber - 20, sampleRate: sampleRate)
    default: preconditionFailure("EBU Tech 3341 true-peak cases are 15 to 23.")
    }
    SignalGenerator.applyFades(&samples, seconds: 0.010, sampleRate: sampleRate)
    return SignalGenerator.dualMono(samples)
  }

  /// Cases 15-19: `amplitude · sin(2π n / divisor + phase)`.
  private static func tone(
    divisor: Double, amplitude: Double, phaseDegrees: Double, _ seconds: Double,
    _ sampleRate: Double
  ) -> [Float] {
    let count = Int((seconds * sampleRate).rounded())
    let phase = phaseDegrees * Double.pi / 180
    return (0..<count).map { Float(amplitude * sin(2 * Double.pi * Double($0) / divisor + phase)) }
  }

  // MARK: - Cases 20-23

  /// Rate multiple at which cases 20-23 are made before low-pass and decimation.
  private static let generationFactor = 4
  /// Taps, Kaiser β and cut-off (× the final rate) of the anti-alias low-pass.
  private static let lowPassTapCount = 1023
  private static let lowPassKaiserBeta = 9.0
  private static let lowPassCutoffRatio = 0.49

  /// Cases 20-23. At 4·fs: an fs/6 sine of 0.50 FFS whose rising zero crossing nearest
  /// 1.51 s is followed by one period of an fs/4 sine of 1.00 FFS (16 samples at 4·fs, 4 at
  /// fs), after which the fs/6 sine resumes from its rising zero crossing (phase-continuous
  /// on both sides). This tone, extended indefinitely on both sides, is low-passed (1023-tap
  /// Kaiser-windowed sinc, β = 9, cut-off 0.49·fs, zero phase), decimated by 4 starting at
  /// `decimationOffset`, and cut to 3.2 s plus 4 samples.
  ///
  /// Away from the burst the low-passed tone is the tone times the filter's gain at fs/6
  /// (the filter is symmetric, so it adds no phase): the convolution is only evaluated where
  /// the filter's span reaches the burst.
  private static func burst(decimationOffset: Int, sampleRate: Double) -> [Float] {
    let factor = generationFactor
    let sinePeriod = 6 * factor
    let burstLength = 4 * factor
    let burstStart = Int((1.51 * sampleRate * Double(factor) / Double(sinePeriod)).rounded())
      * sinePeriod
    let toneAmplitude = Decibels.toAmplitude(-6)
    let sineStep = 2 * Double.pi / Double(sinePeriod)
    func generated(_ t: Int) -> Double {
      if t < burstStart { return toneAmplitude * sin(sineStep * Double(t)) }
      if t < burstStart + burstLength {
        return sin(2 * Double.pi * Double(t - burstStart) / Double(burstLength))
      }
      return toneAmplitude * sin(sineStep * Double(t - burstLength))
    }
    let taps = lowPassTaps()
    let half = lowPassTapCount / 2
    let gainAtTone = taps.enumerated().reduce(0) {
      $0 + $1.element * cos(sineStep * Double($1.offset - half))
    }
    let outputCount = Int((3.2 * sampleRate).rounded()) + burstLength / factor
    return (0..<outputCount).map { n in
      let t = n * factor + decimationOffset
      if t + half < burstStart {
        return Float(gainAtTone * toneAmplitude * sin(sineStep * Double(t)))
      }
      if t - half >= burstStart + burstLength {
        return Float(gainAtTone * toneAmplitude * sin(sineStep * Double(t - burstLength)))
      }
      var sum = 0.0
      for (k, tap) in taps.enumerated() { sum += tap * generated(t + k - half) }
      return Float(sum)
    }
  }

  /// Kaiser-windowed sinc low-pass, unity gain at DC, at the 4·fs rate.
  private static func lowPassTaps() -> [Double] {
    let cutoff = lowPassCutoffRatio / Double(generationFactor)  // cycles per 4·fs sample
    let half = Double(lowPassTapCount / 2)
    let raw = (0..<lowPassTapCount).map { k -> Double in
      let m = Double(k) - half
      let sinc = m == 0 ? 1 : sin(2 * Double.pi * cutoff * m) / (2 * Double.pi * cutoff * m)
      let ratio = m / half
      return sinc * besselI0(lowPassKaiserBeta * max(0, 1 - ratio * ratio).squareRoot())
    }
    let sum = raw.reduce(0, +)
    return raw.map { $0 / sum }
  }

  /// The modified Bessel function of the first kind, order 0 (power series), for Kaiser
  /// windows in test signals and reference resamplers. Kept separate from the meter's own so
  /// that the tests do not share code with what they test.
  public static func besselI0(_ x: Double) -> Double {
    var sum = 1.0, term = 1.0, k = 1.0
    while term > 1e-17 * sum {
      term *= (x / (2 * k)) * (x / (2 * k))
      sum += term
      k += 1
    }
    return sum
  }
}
