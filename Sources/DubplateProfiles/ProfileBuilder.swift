import DubplateAnalysis
import DubplateDSP

/// Builds a ``GenreProfile`` from the analyses of the tracks that represent a genre.
///
/// Outlier rule (Tukey's fences): with five or more usable tracks, a track is left out when
/// its integrated loudness, or its spectral distance from the set (RMS over the six named
/// bands of its loudness-normalised level minus the set's median), lies more than 1.5
/// inter-quartile ranges outside the quartiles of the set. Tracks without integrated loudness
/// (silent, shorter than 400 ms) are never usable. Left-out tracks are named in the provenance.
public struct ProfileBuilder {
  public var name: String
  public var description: String
  /// Targets to record; by default the median integrated loudness (capped at −8 LUFS) and −1 dBTP.
  public var targets: GenreProfile.Targets?

  public init(name: String, description: String, targets: GenreProfile.Targets? = nil) {
    self.name = name
    self.description = description
    self.targets = targets
  }

  /// The profile of `analyses`, with `sources` and `licence` recorded in its provenance.
  public func build(
    from analyses: [TrackAnalysis], sources: [String], licence: String, notes: String = "",
    rejectingOutliers: Bool = true
  ) throws(ProfileError) -> GenreProfile {
    let usable = analyses.filter { $0.loudness.integrated != nil }
    guard !usable.isEmpty else { throw .noUsableTracks(skipped: analyses.count) }
    let (kept, excluded) = rejectingOutliers ? Self.rejectOutliers(usable) : (usable, [])

    func distribution(_ value: (TrackAnalysis) -> Double?, fallback: Double) -> Distribution {
      Distribution(values: kept.compactMap(value)) ?? .convention(median: fallback, halfRange: 0)
    }
    let features = GenreProfile.Features(
      integrated: distribution({ $0.loudness.integrated }, fallback: -14),
      range: distribution({ $0.loudness.range }, fallback: 6),
      plr: distribution({ $0.loudness.plr }, fallback: 10),
      psr: distribution({ $0.loudness.psr }, fallback: 8),
      crestFactor: distribution({ $0.dynamics.crestFactor }, fallback: 12),
      width: distribution({ $0.stereo?.width }, fallback: -12),
      imageWidth: distribution({ $0.stereo?.imageWidth.map { max($0, -40) } ?? ($0.stereo == nil ? nil : -40) }, fallback: -10),
      correlation: distribution({ $0.stereo?.correlation }, fallback: 0.8),
      lowEndCorrelation: distribution({ $0.stereo?.lowEndCorrelation }, fallback: 0.95),
      tilt: distribution({ $0.spectrum.tilt }, fallback: -4.5))
    let namedBands = GenreProfile.NamedBandDistributions { band in
      distribution({ $0.spectrum.normalizedNamedBands[band] }, fallback: 0)
    }
    let bandCenters = kept.max { $0.spectrum.normalizedBands.count < $1.spectrum.normalizedBands.count }?
      .spectrum.normalizedBands.map(\.hz) ?? []
    let bands = bandCenters.compactMap { hz -> GenreProfile.BandDistribution? in
      let values = kept.compactMap { analysis in analysis.spectrum.normalizedBands.first { $0.hz == hz }?.db }
      return Distribution(values: values).map { GenreProfile.BandDistribution(hz: hz, level: $0) }
    }
    let medianLoudness = features.integrated.median
    return GenreProfile(
      name: name, description: description,
      targets: targets ?? .init(integratedLUFS: (min(-8, medianLoudness) * 2).rounded() / 2, truePeakCeilingDBTP: -1),
      features: features, namedBands: namedBands, bands: bands,
      provenance: .init(
        method: "measured", trackCount: kept.count, sources: sources, licence: licence,
        notes: notes, excluded: excluded))
  }

  /// Splits `analyses` into kept tracks and the descriptions of those Tukey's fences leave out.
  static func rejectOutliers(_ analyses: [TrackAnalysis]) -> (kept: [TrackAnalysis], excluded: [String]) {
    guard analyses.count >= 5 else { return (analyses, []) }
    let medians = NamedBand.allCases.map { band in
      Distribution(values: analyses.compactMap { $0.spectrum.normalizedNamedBands[band] })?.median
    }
    func spectralDistance(_ analysis: TrackAnalysis) -> Double {
      var sum = 0.0
      var count = 0
      for (index, band) in NamedBand.allCases.enumerated() {
        guard let median = medians[index], let value = analysis.spectrum.normalizedNamedBands[band] else { continue }
        sum += (value - median) * (value - median)
        count += 1
      }
      return count > 0 ? (sum / Double(count)).squareRoot() : 0
    }
    let loudness = analyses.map { $0.loudness.integrated! }
    let distances = analyses.map(spectralDistance)
    let loudnessFences = fences(loudness)
    let distanceFences = fences(distances)
    var kept: [TrackAnalysis] = []
    var excluded: [String] = []
    for (index, analysis) in analyses.enumerated() {
      if !loudnessFences.contains(loudness[index]) {
        excluded.append("\(analysis.file): integrated loudness outside Tukey's fences")
      } else if !distanceFences.contains(distances[index]) {
        excluded.append("\(analysis.file): spectral balance outside Tukey's fences")
      } else {
        kept.append(analysis)
      }
    }
    return (kept, excluded)
  }

  /// [Q1 − 1.5·IQR, Q3 + 1.5·IQR] of `values`.
  static func fences(_ values: [Double]) -> ClosedRange<Double> {
    let sorted = values.sorted()
    let q1 = Distribution.percentile(sorted, 0.25)
    let q3 = Distribution.percentile(sorted, 0.75)
    let iqr = q3 - q1
    return (q1 - 1.5 * iqr)...(q3 + 1.5 * iqr)
  }
}
