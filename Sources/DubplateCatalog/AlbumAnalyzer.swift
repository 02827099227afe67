import DubplateAnalysis
import DubplateDSP

/// Measures a set of tracks as one album: album loudness by gating every track's blocks
/// together, then the tracks whose loudness or tonal balance stands out from the rest.
public enum AlbumAnalyzer {
  /// The album reading of `tracks`, each analysed with its loudness meter
  /// (``TrackAnalyzer/analyzeWithLoudnessMeter(fileAt:blockFrames:)``), in the order given.
  public static func analyze(_ tracks: [(analysis: TrackAnalysis, loudnessMeter: LoudnessMeter)]) -> AlbumAnalysis {
    let meters = tracks.map(\.loudnessMeter)
    let integrated = LoudnessMeter.integratedLoudness(poolingBlocksOf: meters).finiteOrNil
    let hasRangeBlocks = meters.contains { !$0.loudnessRangeBlockEnergies.isEmpty }
    let range = hasRangeBlocks && integrated != nil ? LoudnessMeter.loudnessRange(poolingBlocksOf: meters) : nil
    let medians = medianBands(tracks.map(\.analysis.spectrum.normalizedNamedBands))
    let albumTracks = tracks.map { track in
      self.track(track.analysis, albumIntegrated: integrated, medianBands: medians)
    }
    return AlbumAnalysis(integrated: integrated, range: range, medianNormalizedBands: medians, tracks: albumTracks)
  }

  private static func track(
    _ analysis: TrackAnalysis, albumIntegrated: Double?, medianBands: NamedBandValues
  ) -> AlbumAnalysis.Track {
    let loudnessOffset = analysis.loudness.integrated.flatMap { own in albumIntegrated.map { own - $0 } }
    var bandOffsets = NamedBandValues()
    for band in NamedBand.allCases {
      if let own = analysis.spectrum.normalizedNamedBands[band], let median = medianBands[band] {
        let floor = AlbumAnalysis.tonalBalanceFloorDB
        bandOffsets[band] = max(own, floor) - max(median, floor)
      }
    }
    var flags: [AlbumAnalysis.Flag] = []
    if let loudnessOffset, abs(loudnessOffset) > AlbumAnalysis.loudnessToleranceLU { flags.append(.loudness) }
    if NamedBand.allCases.contains(where: { abs(bandOffsets[$0] ?? 0) > AlbumAnalysis.tonalBalanceToleranceDB }) {
      flags.append(.tonalBalance)
    }
    return AlbumAnalysis.Track(
      file: analysis.file, integrated: analysis.loudness.integrated, loudnessOffset: loudnessOffset,
      bandOffsets: bandOffsets, flags: flags)
  }

  /// Per band, the median of the defined values (mean of the middle two for an even count).
  static func medianBands(_ values: [NamedBandValues]) -> NamedBandValues {
    var medians = NamedBandValues()
    for band in NamedBand.allCases {
      let sorted = values.compactMap { $0[band] }.sorted()
      guard !sorted.isEmpty else { continue }
      let middle = sorted.count / 2
      medians[band] = sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }
    return medians
  }
}
