import DubplateAnalysis
import DubplateProfiles

/// What a master should sound like: a loudness target and, optionally, a genre profile or
/// reference tracks whose tone, loudness, width and dynamics it should approach.
public struct MasteringGoal: Sendable {
  /// Aspects of the references to match (`--match`).
  public enum Aspect: String, Sendable, CaseIterable, Codable {
    case tone, loudness, width, dynamics
  }

  /// A reference's analysis and its long-term spectra (for the matching EQ).
  public struct Reference: Sendable {
    public var analysis: TrackAnalysis
    public var spectra: LongTermSpectra

    public init(analysis: TrackAnalysis, spectra: LongTermSpectra) {
      self.analysis = analysis
      self.spectra = spectra
    }
  }

  /// Integrated loudness of the master, LUFS.
  public var targetLUFS: Double
  /// Highest true peak, dBTP.
  public var ceilingDBTP: Double
  /// Genre profile to steer tone, width and dynamics toward (its central range).
  public var profile: GenreProfile?
  /// Reference tracks to match.
  public var references: [Reference]
  /// Which aspects of the references to match.
  public var match: Set<Aspect>
  /// Share of each correction to apply, 0…1 (`--amount` in percent).
  public var amount: Double
  /// Three-band instead of single-band compression.
  public var multiband: Bool
  /// Whether a true-peak limiter ends the chain.
  public var limiter: Bool
  /// Integer bit depth of the output (16 or 24), or `nil` for 32-bit float: TPDF dither is
  /// added only when it is 16, i.e. fewer bits than the 24-bit mantissa of the processing.
  public var outputBitDepth: Int?
  /// The master's sample rate, Hz, when it is not the mix's (the mix is converted first).
  public var sampleRateHz: Double?

  public init(
    targetLUFS: Double, ceilingDBTP: Double, profile: GenreProfile? = nil, references: [Reference] = [],
    match: Set<Aspect> = Set(Aspect.allCases), amount: Double = 1, multiband: Bool = false, limiter: Bool = true,
    outputBitDepth: Int? = 24, sampleRateHz: Double? = nil
  ) {
    self.targetLUFS = targetLUFS
    self.ceilingDBTP = ceilingDBTP
    self.profile = profile
    self.references = references
    self.match = match
    self.amount = amount
    self.multiband = multiband
    self.limiter = limiter
    self.outputBitDepth = outputBitDepth
    self.sampleRateHz = sampleRateHz
  }
}
