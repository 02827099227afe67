/// The level of one band of a long-term average spectrum.
///
/// `levelDB` is the mean-square power of the signal within the band, `10·log10(power)`,
/// on the scale where a full-scale square wave is 0 dB: a sine of peak −20 dBFS reads
/// −23.01 dB in its band. `-.infinity` when the band holds no energy.
public struct BandLevel: Sendable, Equatable, Codable {
  /// The band's label in Hz: the ISO 266 nominal centre, e.g. 31.5.
  public var centerHz: Double
  /// The lower edge, in Hz.
  public var lowerHz: Double
  /// The upper edge, in Hz.
  public var upperHz: Double
  /// The band's mean-square power in dB (see the type's discussion); `-.infinity` if none.
  public var levelDB: Double

  /// A band level from its parts.
  public init(centerHz: Double, lowerHz: Double, upperHz: Double, levelDB: Double) {
    (self.centerHz, self.lowerHz, self.upperHz, self.levelDB) = (centerHz, lowerHz, upperHz, levelDB)
  }
}
