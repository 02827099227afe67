/// The judge's verdict on one track: the `dubplate.suggestions/1` contract.
public struct SuggestionReport: Sendable, Equatable, Codable {
  public var schema = "dubplate.suggestions/1"
  /// The profile name or a description of the references.
  public var against: String
  public var stage: SuggestionEngine.Stage
  /// The loudness target used, LUFS.
  public var targetLUFS: Double
  /// The true-peak ceiling used, dBTP.
  public var ceilingDBTP: Double
  /// Findings, most important first.
  public var suggestions: [Suggestion]
  /// Checks that could not be made, with why (e.g. "loudness range: shorter than 3 s").
  public var skipped: [String]
  /// Context a reader needs, e.g. which profile `--genre auto` chose and with what confidence.
  public var notes: [String] = []

  public init(
    against: String, stage: SuggestionEngine.Stage, targetLUFS: Double, ceilingDBTP: Double,
    suggestions: [Suggestion], skipped: [String]
  ) {
    self.against = against
    self.stage = stage
    self.targetLUFS = targetLUFS
    self.ceilingDBTP = ceilingDBTP
    self.suggestions = suggestions
    self.skipped = skipped
  }

  /// The codes of the findings, in rank order.
  public var codes: [String] { suggestions.map(\.code) }
}
