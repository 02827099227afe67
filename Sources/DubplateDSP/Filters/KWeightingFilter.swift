import Foundation

/// The K-weighting filter of ITU-R BS.1770-4 (Annex 1, Tables 1 and 2) for one channel,
/// derived for any sample rate.
///
/// Two second-order stages run in one loop: a high shelf of about +4 dB above
/// 1.5 kHz that models the acoustic effect of the head (the "pre-filter"), then
/// the revised low-frequency B-curve (RLB) high-pass at about 38 Hz. The stages
/// are the bilinear transforms of analog prototypes, pre-warped at their own
/// corner frequency via `K = tan(π f0 / fs)`, with the prototype constants
/// libebur128's `ebur128_init_filter` fits to the 48 kHz coefficients of the
/// standard. At 48 kHz they reproduce Tables 1 and 2 to better than 1e-8.
///
/// The high-pass numerator is `1, −2, 1`, exactly as Table 2 gives it, not
/// normalised by its `a0 = 1 + K/Q + K²`; the stage therefore passes high
/// frequencies with a gain of `a0` (+0.043 dB at 48 kHz, +0.047 dB at 44.1 kHz).
/// libebur128 does the same, and the −0.691 dB of BS.1770-4 eq. 2 is calibrated
/// against it. The state is Double; the stages run in direct form I, sharing the
/// shelf's output history as the high-pass's input history.
public struct KWeightingFilter: Sendable {
  /// The pre-filter shelf of stage 1 (Table 1 at 48 kHz).
  public let shelf: BiquadCoefficients
  /// The RLB high-pass of stage 2 (Table 2 at 48 kHz).
  public let highPass: BiquadCoefficients

  // Direct-form-I history.
  var input1 = 0.0, input2 = 0.0
  var shelved1 = 0.0, shelved2 = 0.0
  var output1 = 0.0, output2 = 0.0

  /// Designs both stages for `sampleRate` (Hz).
  public init(sampleRate: Double) {
    shelf = Self.shelfCoefficients(sampleRate: sampleRate)
    highPass = Self.highPassCoefficients(sampleRate: sampleRate)
  }

  // MARK: - Design

  /// Corner frequency of the stage-1 shelf's analog prototype, in Hz (libebur128's fit).
  public static let shelfCornerHz = 1681.974450955533
  /// Gain of the stage-1 shelf well above its corner, in dB.
  public static let shelfGainDB = 3.999843853973347
  /// Q of the stage-1 shelf.
  public static let shelfQ = 0.7071752369554196
  /// Exponent that gives the shelf's mid-band numerator coefficient `Vb = Vh^x`.
  public static let shelfMidBandExponent = 0.4996667741545416
  /// Corner frequency of the stage-2 RLB high-pass's analog prototype, in Hz.
  public static let highPassCornerHz = 38.13547087602444
  /// Q of the stage-2 RLB high-pass.
  public static let highPassQ = 0.5003270373238773

  /// Stage 1: bilinear transform of `(Vh s² + Vb s/Q + 1) / (s² + s/Q + 1)`,
  /// `s` normalised to the corner frequency.
  public static func shelfCoefficients(sampleRate: Double) -> BiquadCoefficients {
    precondition(sampleRate > 2 * shelfCornerHz, "K-weighting needs a sample rate above 3.4 kHz.")
    let k = tan(Double.pi * shelfCornerHz / sampleRate)
    let vh = pow(10, shelfGainDB / 20)
    let vb = pow(vh, shelfMidBandExponent)
    let a0 = 1 + k / shelfQ + k * k
    return BiquadCoefficients(
      b0: (vh + vb * k / shelfQ + k * k) / a0,
      b1: 2 * (k * k - vh) / a0,
      b2: (vh - vb * k / shelfQ + k * k) / a0,
      a1: 2 * (k * k - 1) / a0,
      a2: (1 - k / shelfQ + k * k) / a0)
  }

  /// Stage 2: the poles of the bilinear-transformed `s² / (s² + s/Q + 1)` over the
  /// numerator `1, −2, 1` of BS.1770-4 Table 2.
  public static func highPassCoefficients(sampleRate: Double) -> BiquadCoefficients {
    let k = tan(Double.pi * highPassCornerHz / sampleRate)
    let a0 = 1 + k / highPassQ + k * k
    return BiquadCoefficients(
      b0: 1, b1: -2, b2: 1,
      a1: 2 * (k * k - 1) / a0,
      a2: (1 - k / highPassQ + k * k) / a0)
  }

  /// Magnitude response of both stages at `frequencyHz`, in dB.
  public func magnitudeDB(atHz frequencyHz: Double, sampleRate: Double) -> Double {
    shelf.magnitudeDB(atHz: frequencyHz, sampleRate: sampleRate)
      + highPass.magnitudeDB(atHz: frequencyHz, sampleRate: sampleRate)
  }

  // MARK: - Processing

  /// Filters one sample through both stages.
  @inline(__always)
  public mutating func process(_ x: Double) -> Double {
    let s = shelf
    let h = highPass
    let shelved = s.b0 * x + s.b1 * input1 + s.b2 * input2 - s.a2 * shelved2 - s.a1 * shelved1
    let y = h.b0 * shelved + h.b1 * shelved1 + h.b2 * shelved2 - h.a2 * output2 - h.a1 * output1
    input2 = input1
    input1 = x
    shelved2 = shelved1
    shelved1 = shelved
    output2 = output1
    output1 = y
    return y
  }

  /// K-weights `samples` in place.
  public mutating func process(_ samples: UnsafeMutableBufferPointer<Float>) {
    for i in samples.indices { samples[i] = Float(process(Double(samples[i]))) }
    flushTinyState()
  }

  /// Clears the state once all of it has decayed below 1e-15 (−300 dB), so the tail
  /// after a signal stops never lingers in subnormal numbers, which are slow on x86
  /// and are kept alive by rounding (a tail stuck near −6.8e−322 was seen; metering four
  /// minutes of silence after noise took three times as long without this). Call it
  /// between blocks, as libebur128 flushes between its blocks.
  public mutating func flushTinyState() {
    let largest = max(
      abs(input1), abs(input2), abs(shelved1), abs(shelved2), abs(output1), abs(output2))
    if largest < 1e-15 { reset() }
  }

  /// Clears the filter's memory.
  public mutating func reset() {
    (input1, input2, shelved1, shelved2, output1, output2) = (0, 0, 0, 0, 0, 0)
  }
}
