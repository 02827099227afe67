import Foundation

/// One frequency band: an interval of the spectrum and the label it is shown with.
public struct FrequencyBand: Sendable, Equatable, Codable {
  /// The label, in Hz: the ISO 266 nominal frequency for a 1/3-octave band (e.g. 31.5).
  public var nominalCenterHz: Double
  /// The lower edge, in Hz.
  public var lowerHz: Double
  /// The upper edge, in Hz.
  public var upperHz: Double

  /// A band from its label and edges.
  public init(nominalCenterHz: Double, lowerHz: Double, upperHz: Double) {
    (self.nominalCenterHz, self.lowerHz, self.upperHz) = (nominalCenterHz, lowerHz, upperHz)
  }

  /// The geometric centre `√(lower·upper)`, in Hz: the exact base-10 centre of a 1/3-octave band.
  public var centerHz: Double { (lowerHz * upperHz).squareRoot() }
}

/// The band tables of the spectrum analysis: ISO 266 1/3-octave bands from 20 Hz to 20 kHz.
public enum FrequencyBands {
  /// ISO 266 nominal centre frequencies of the 1/3-octave series, 20 Hz … 20 kHz, in Hz.
  public static let thirdOctaveNominalCentersHz: [Double] = [
    20, 25, 31.5, 40, 50, 63, 80, 100, 125, 160, 200, 250, 315, 400, 500, 630, 800,
    1000, 1250, 1600, 2000, 2500, 3150, 4000, 5000, 6300, 8000, 10000, 12500, 16000, 20000,
  ]

  /// The 1/3-octave bands whose upper edge lies below Nyquist, ascending.
  ///
  /// Base-10 series (ISO 266, IEC 61260-1): exact centres `1000·10^(n/10)` for
  /// `n = −17 … 13`, edges a twentieth of a decade either side (`centre·10^(±1/20)`).
  public static func thirdOctaves(sampleRate: Double) -> [FrequencyBand] {
    let nyquistHz = sampleRate / 2
    return thirdOctaveNominalCentersHz.enumerated().compactMap { index, nominal in
      let exactCenterHz = 1000 * pow(10, Double(index - 17) / 10)
      let band = FrequencyBand(
        nominalCenterHz: nominal,
        lowerHz: exactCenterHz * pow(10, -1.0 / 20),
        upperHz: exactCenterHz * pow(10, 1.0 / 20))
      return band.upperHz < nyquistHz ? band : nil
    }
  }
}
