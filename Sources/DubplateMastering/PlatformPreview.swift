/// What one streaming service does to a track's level: the gain its loudness normalisation
/// applies and the true peak that results, by the rule in `Presets/platforms.json`.
///
/// The rule (each service's published or reported behaviour, sources in the table):
/// a track louder than the reference is turned down by `reference − I`. A quieter track is
/// left alone unless the service raises quiet tracks; Spotify Normal and Quiet raise it only
/// until its true peak reaches `raiseUntilPeakDBTP` (−1 dBTP), so the gain is
/// `min(reference − I, −1 − TP)`; Spotify Loud raises it to the reference regardless and its
/// limiter holds the peak at −1 dB, so the peak after is `min(TP + gain, −1)`. The limiter acts
/// on samples (dBFS); the preview treats its ceiling as a true-peak ceiling.
public struct PlatformPreview: Sendable, Equatable, Codable {
  /// Service as `Presets/platforms.json` names it: `spotify`, `apple-music`, `youtube`, …
  public var service: String
  /// Playback mode (`loud`, `normal`, `quiet` for Spotify); `nil` for services with one mode.
  public var mode: String?
  /// Level the service normalises to, LUFS.
  public var referenceLUFS: Double
  /// Gain the service applies to this track, dB (negative: turned down).
  public var gainDB: Double
  /// The track's true peak after that gain (and the player's limiter, if any), dBTP.
  public var peakAfterDBTP: Double

  public init(service: String, mode: String?, referenceLUFS: Double, gainDB: Double, peakAfterDBTP: Double) {
    self.service = service
    self.mode = mode
    self.referenceLUFS = referenceLUFS
    self.gainDB = gainDB
    self.peakAfterDBTP = peakAfterDBTP
  }

  /// The preview of `platform` for a track of integrated loudness `integratedLUFS` and true
  /// peak `truePeakDBTP` (both finite).
  public init(platform: PlatformTable.Platform, integratedLUFS: Double, truePeakDBTP: Double) {
    let fullGainDB = platform.referenceLUFS - integratedLUFS
    var gainDB: Double
    if fullGainDB <= 0 || (platform.raisesQuiet && platform.raiseUntilPeakDBTP == nil) {
      gainDB = fullGainDB
    } else if platform.raisesQuiet, let untilDBTP = platform.raiseUntilPeakDBTP {
      gainDB = max(0, min(fullGainDB, untilDBTP - truePeakDBTP))
    } else {
      gainDB = 0
    }
    if gainDB == 0 { gainDB = 0 }  // no "-0.0" in reports
    var peakAfterDBTP = truePeakDBTP + gainDB
    if let limiterDBFS = platform.limiterDBFS { peakAfterDBTP = min(peakAfterDBTP, limiterDBFS) }
    self.init(
      service: platform.service, mode: platform.mode, referenceLUFS: platform.referenceLUFS,
      gainDB: gainDB, peakAfterDBTP: peakAfterDBTP)
  }

  /// Previews for every service in `table`, in the table's order; empty when the loudness or
  /// the true peak is undefined (silence, or shorter than one 400 ms gating block).
  public static func previews(
    in table: PlatformTable, integratedLUFS: Double?, truePeakDBTP: Double?
  ) -> [PlatformPreview] {
    guard let integratedLUFS, let truePeakDBTP, integratedLUFS.isFinite, truePeakDBTP.isFinite else { return [] }
    return table.platforms.map { PlatformPreview(platform: $0, integratedLUFS: integratedLUFS, truePeakDBTP: truePeakDBTP) }
  }

  /// `mode` must encode as `null`, not be left out: the contract lists every key.
  private enum CodingKeys: String, CodingKey { case service, mode, referenceLUFS, gainDB, peakAfterDBTP }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(service, forKey: .service)
    try container.encode(mode, forKey: .mode)
    try container.encode(referenceLUFS, forKey: .referenceLUFS)
    try container.encode(gainDB, forKey: .gainDB)
    try container.encode(peakAfterDBTP, forKey: .peakAfterDBTP)
  }
}
