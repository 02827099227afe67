import DubplateAnalysis
import DubplateDSP

/// A mix beside its references: the figures `dubplate compare` tabulates, with the mix's deltas
/// from the references' mean.
public struct ReferenceComparison: Sendable, Equatable, Codable {
  /// The compared features of one track, in the units of `dubplate.analysis/1`.
  public struct Figures: Sendable, Equatable, Codable {
    @NullableNumber public var integrated: Double?
    @NullableNumber public var range: Double?
    @NullableNumber public var truePeak: Double?
    @NullableNumber public var plr: Double?
    @NullableNumber public var tilt: Double?
    /// Loudness-normalised named bands, dB re integrated loudness.
    public var namedBands: NamedBandValues
    @NullableNumber public var width: Double?
    @NullableNumber public var imageWidth: Double?
    @NullableNumber public var lowEndCorrelation: Double?

    public init(_ analysis: TrackAnalysis) {
      integrated = analysis.loudness.integrated
      range = analysis.loudness.range
      truePeak = analysis.loudness.truePeak
      plr = analysis.loudness.plr
      tilt = analysis.spectrum.tilt
      namedBands = analysis.spectrum.normalizedNamedBands
      width = analysis.stereo?.width
      imageWidth = analysis.stereo?.imageWidth
      lowEndCorrelation = analysis.stereo?.lowEndCorrelation
    }

    init(mean figures: [Figures]) {
      func mean(_ value: (Figures) -> Double?) -> Double? {
        let values = figures.compactMap(value)
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
      }
      integrated = mean(\.integrated)
      range = mean(\.range)
      truePeak = mean(\.truePeak)
      plr = mean(\.plr)
      tilt = mean(\.tilt)
      var bands = NamedBandValues()
      for band in NamedBand.allCases { bands[band] = mean { $0.namedBands[band] } }
      namedBands = bands
      width = mean(\.width)
      imageWidth = mean(\.imageWidth)
      lowEndCorrelation = mean(\.lowEndCorrelation)
    }

    /// `self − other`, feature by feature (`nil` where either is undefined).
    func minus(_ other: Figures) -> Figures {
      func difference(_ a: Double?, _ b: Double?) -> Double? { a.flatMap { a in b.map { a - $0 } } }
      var result = self
      result.integrated = difference(integrated, other.integrated)
      result.range = difference(range, other.range)
      result.truePeak = difference(truePeak, other.truePeak)
      result.plr = difference(plr, other.plr)
      result.tilt = difference(tilt, other.tilt)
      for band in NamedBand.allCases { result.namedBands[band] = difference(namedBands[band], other.namedBands[band]) }
      result.width = difference(width, other.width)
      result.imageWidth = difference(imageWidth, other.imageWidth)
      result.lowEndCorrelation = difference(lowEndCorrelation, other.lowEndCorrelation)
      return result
    }
  }

  public var mix: Figures
  public var references: [Figures]
  /// Mean of the references, feature by feature.
  public var referenceMean: Figures
  /// Mix minus the references' mean.
  public var deltas: Figures

  public init(mix: TrackAnalysis, references: [TrackAnalysis]) {
    self.mix = Figures(mix)
    self.references = references.map(Figures.init)
    referenceMean = Figures(mean: self.references)
    deltas = self.mix.minus(referenceMean)
  }
}
