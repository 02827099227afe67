import DubplateAnalysis
import DubplateDSP
import Foundation

/// Picks the profile a track is closest to (`--genre auto`), with a confidence.
///
/// Distance is the root-mean-square of standardised differences over the six named bands of
/// the loudness-normalised spectrum, spectral tilt, image width (above 250 Hz), PLR and loudness range: each
/// difference from the profile's median is divided by the profile's spread (IQR / 1.35, the
/// standard deviation of a normal distribution with that IQR) or a floor, whichever is larger.
/// Confidence is the softmax of −distance²/2 over the candidates, so it reads as "how much
/// more likely this profile is than the others", not as an absolute certainty.
public enum ProfileMatcher {
  /// A candidate profile and how well the track fits it.
  public struct Match: Sendable, Equatable {
    public var name: String
    public var distance: Double
    /// 0…1, summing to 1 over the candidates.
    public var confidence: Double
  }

  /// The candidates ranked best first; empty when `profiles` is empty.
  public static func rank(_ analysis: TrackAnalysis, among profiles: [GenreProfile]) -> [Match] {
    let distances = profiles.map { distance(analysis, $0) }
    let best = distances.min() ?? 0
    let weights = distances.map { exp(-($0 * $0 - best * best) / 2) }
    let total = weights.reduce(0, +)
    return zip(profiles, zip(distances, weights))
      .map { Match(name: $0.name, distance: $1.0, confidence: total > 0 ? $1.1 / total : 0) }
      .sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }
  }

  /// Standardised RMS distance of `analysis` from `profile` over the features above.
  public static func distance(_ analysis: TrackAnalysis, _ profile: GenreProfile) -> Double {
    var terms: [Double] = []
    func add(_ value: Double?, _ distribution: Distribution, floor: Double) {
      guard let value else { return }
      let spread = max(distribution.interquartileRange / 1.35, floor)
      terms.append((value - distribution.median) / spread)
    }
    for band in NamedBand.allCases {
      add(analysis.spectrum.normalizedNamedBands[band], profile.namedBands[band], floor: 1.5)
    }
    add(analysis.spectrum.tilt, profile.features.tilt, floor: 0.5)
    add(analysis.stereo.map { max($0.imageWidth ?? -40, -40) }, profile.features.imageWidth, floor: 2)
    add(analysis.loudness.plr, profile.features.plr, floor: 1.5)
    add(analysis.loudness.range, profile.features.range, floor: 1.5)
    guard !terms.isEmpty else { return .infinity }
    return (terms.map { $0 * $0 }.reduce(0, +) / Double(terms.count)).squareRoot()
  }
}
