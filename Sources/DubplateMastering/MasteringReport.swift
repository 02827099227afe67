import DubplateProfiles

/// What `dubplate master` did: the `dubplate.master/1` contract.
public struct MasteringReport: Sendable, Codable {
  public var schema = "dubplate.master/1"
  public var input: String
  /// `nil` for `--dry-run`.
  public var output: String?
  public var targetLUFS: Double
  public var ceilingDBTP: Double
  /// The chain with every parameter and the reason for each step.
  public var chain: MasteringPlan
  /// The input's figures (loudness-normalised bands, width above 250 Hz, …).
  public var before: ReferenceComparison.Figures
  /// The written master's figures, measured by re-analysing the file; `nil` for `--dry-run`.
  public var after: ReferenceComparison.Figures?
  public var limiter: LimiterSummary?
  /// Measuring passes the gain search ran.
  public var passes: Int
  /// Where the master stops short of the goal, one sentence each.
  public var compromises: [String]
  /// Other things the user should know (mono input, dither, skipped stages).
  public var notes: [String]

  public init(
    input: String, output: String?, targetLUFS: Double, ceilingDBTP: Double, chain: MasteringPlan,
    before: ReferenceComparison.Figures, after: ReferenceComparison.Figures?, limiter: LimiterSummary?, passes: Int,
    compromises: [String], notes: [String]
  ) {
    self.input = input
    self.output = output
    self.targetLUFS = targetLUFS
    self.ceilingDBTP = ceilingDBTP
    self.chain = chain
    self.before = before
    self.after = after
    self.limiter = limiter
    self.passes = passes
    self.compromises = compromises
    self.notes = notes
  }

  /// How hard the limiter worked.
  public struct LimiterSummary: Sendable, Codable {
    /// Largest gain reduction, dB.
    public var maximumGainReductionDB: Double
    /// Average gain reduction over the frames it reduced, dB.
    public var averageGainReductionDB: Double
    /// Largest reduction in each 100 ms, dB (for plots).
    public var reductionPerTenthSecondDB: [Double]

    public init(maximumGainReductionDB: Double, averageGainReductionDB: Double, reductionPerTenthSecondDB: [Double]) {
      self.maximumGainReductionDB = maximumGainReductionDB
      self.averageGainReductionDB = averageGainReductionDB
      self.reductionPerTenthSecondDB = reductionPerTenthSecondDB
    }
  }
}
