import Foundation

/// Designs a reference-matching EQ curve: the gain that makes a target's long-term average
/// spectrum look like a reference's, for ``LinearPhaseFIR``.
///
/// Both spectra are one-sided power per bin on the same grid (``SpectrumAnalyzer``'s
/// ``SpectrumAnalyzer/averagePowerSpectrum()``, or its mid/side spectra: the designer works on
/// one signal, so a caller matching mid and side designs each separately). At points spaced
/// `1/pointsPerOctave` octave from `lowerHz` to `upperHz` (or Nyquist), each spectrum's power
/// is summed over a band `smoothingOctaves` wide centred there (bins split by the share of
/// their width inside the band), and the gain is `amount · 10·log10(reference / target)`,
/// then capped at `±maximumGainDB`. A point where either spectrum has no power gets 0 dB.
/// Outside the band the filter holds the end gains (flat extrapolation). No overall level is
/// matched here: loudness is set later in the chain, so only the shape matters.
public struct MatchingEQDesigner: Sendable {
  /// The largest boost or cut the curve may ask for, in dB.
  public var maximumGainDB: Double
  /// How much of the correction to apply, 0 (none) … 1 (all), before the cap.
  public var amount: Double
  /// The lowest curve point, in Hz.
  public var lowerHz: Double
  /// The highest curve point, in Hz (capped at Nyquist).
  public var upperHz: Double
  /// The width of the smoothing band around each point, in octaves.
  public var smoothingOctaves: Double
  /// Curve points per octave.
  public var pointsPerOctave: Int

  /// A designer; the defaults give a 1/3-octave-smoothed curve within ±9 dB from 20 Hz to 20 kHz.
  public init(
    maximumGainDB: Double = 9, amount: Double = 1, lowerHz: Double = 20, upperHz: Double = 20_000,
    smoothingOctaves: Double = 1.0 / 3, pointsPerOctave: Int = 6
  ) {
    precondition(maximumGainDB >= 0, "The maximum gain must not be negative.")
    precondition((0...1).contains(amount), "The amount must lie between 0 and 1.")
    precondition(lowerHz > 0 && upperHz > lowerHz, "The band must be positive and ascending.")
    precondition(smoothingOctaves > 0 && pointsPerOctave > 0)
    self.maximumGainDB = maximumGainDB
    self.amount = amount
    self.lowerHz = lowerHz
    self.upperHz = upperHz
    self.smoothingOctaves = smoothingOctaves
    self.pointsPerOctave = pointsPerOctave
  }

  /// The correction curve taking `target` towards `reference`: both power spectra of the same
  /// length with bins `binWidthHz` apart (bin `k` centred on `k·binWidthHz`).
  public func design(target: [Double], reference: [Double], binWidthHz: Double)
    -> [(frequencyHz: Double, gainDB: Double)]
  {
    precondition(target.count == reference.count && target.count >= 2, "The spectra must match.")
    precondition(binWidthHz > 0, "The bin width must be positive.")
    let nyquistHz = binWidthHz * Double(target.count - 1)
    let highestHz = min(upperHz, nyquistHz)
    var points: [(frequencyHz: Double, gainDB: Double)] = []
    var index = 0
    while true {
      let frequencyHz = lowerHz * pow(2, Double(index) / Double(pointsPerOctave))
      guard frequencyHz <= highestHz * (1 + 1e-9) else { break }
      let band = FrequencyBand(
        nominalCenterHz: frequencyHz, lowerHz: frequencyHz * pow(2, -smoothingOctaves / 2),
        upperHz: frequencyHz * pow(2, smoothingOctaves / 2))
      let weights = BandWeights(band: band, binWidthHz: binWidthHz, binCount: target.count)
      let targetPower = weights.power(of: target)
      let referencePower = weights.power(of: reference)
      let ratioDB =
        targetPower > 0 && referencePower > 0 ? 10 * log10(referencePower / targetPower) : 0
      points.append((frequencyHz, min(max(amount * ratioDB, -maximumGainDB), maximumGainDB)))
      index += 1
    }
    return points
  }
}

extension MatchingEQDesigner: CustomStringConvertible {
  /// Every parameter with its unit, for reports.
  public var description: String {
    String(
      format: "MatchingEQDesigner(cap: ±%.1f dB, amount: %.2f, band: %.0f–%.0f Hz, "
        + "smoothing: %.3f octave, %d points per octave)",
      maximumGainDB, amount, lowerHz, upperHz, smoothingOctaves, pointsPerOctave)
  }
}
