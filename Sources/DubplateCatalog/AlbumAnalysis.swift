import DubplateAnalysis

/// Loudness of a set of tracks heard as one album, and the tracks that stand out from it:
/// the `dubplate.album/1` contract (README, "JSON contracts").
public struct AlbumAnalysis: Sendable, Equatable, Codable {
  /// Why a track stands out.
  public enum Flag: String, Sendable, Codable, CaseIterable {
    /// Integrated loudness more than ``AlbumAnalysis/loudnessToleranceLU`` from the album's.
    case loudness
    /// A loudness-normalised named band more than ``AlbumAnalysis/tonalBalanceToleranceDB``
    /// from the album's median.
    case tonalBalance = "tonal-balance"
  }

  /// One track as the album sees it.
  public struct Track: Sendable, Equatable, Codable {
    /// The path as the user gave it.
    public var file: String
    /// The track's own integrated loudness, LUFS.
    @NullableNumber public var integrated: Double?
    /// Track integrated − album integrated, LU.
    @NullableNumber public var loudnessOffset: Double?
    /// Track loudness-normalised band level − album median, per named band, dB, both taken
    /// no lower than ``AlbumAnalysis/tonalBalanceFloorDB``.
    public var bandOffsets: NamedBandValues
    /// Why the track stands out; empty when it sits with the rest.
    public var flags: [Flag]

    public init(file: String, integrated: Double?, loudnessOffset: Double?, bandOffsets: NamedBandValues, flags: [Flag]) {
      self.file = file
      self.integrated = integrated
      self.loudnessOffset = loudnessOffset
      self.bandOffsets = bandOffsets
      self.flags = flags
    }
  }

  /// Tracks further than this from the album's integrated loudness are flagged, LU.
  public static let loudnessToleranceLU = 3.0
  /// Tracks with a normalised band further than this from the album median are flagged, dB.
  public static let tonalBalanceToleranceDB = 3.0
  /// Normalised band levels below this (dB re integrated loudness) are taken as this before
  /// comparing: a band 40 dB under the programme hardly shapes its balance, and its
  /// measured level is the noise floor of the encoding rather than the music.
  public static let tonalBalanceFloorDB = -40.0

  /// Schema identifier.
  public var schema = "dubplate.album/1"
  /// Integrated loudness of every track's gating blocks gated together (BS.1770-4 Annex 1), LUFS.
  @NullableNumber public var integrated: Double?
  /// Loudness range of every track's short-term blocks pooled (EBU Tech 3342), LU;
  /// `nil` when no track is 3 s long.
  @NullableNumber public var range: Double?
  /// Median over tracks of each loudness-normalised named band (band dB − integrated LUFS), dB.
  public var medianNormalizedBands: NamedBandValues
  /// Each track, in the order given.
  public var tracks: [Track]

  public init(integrated: Double?, range: Double?, medianNormalizedBands: NamedBandValues, tracks: [Track]) {
    self.integrated = integrated
    self.range = range
    self.medianNormalizedBands = medianNormalizedBands
    self.tracks = tracks
  }
}
