import DubplateAnalysis
import DubplateProfiles
import DubplateSuggestions

/// The `dubplate.comparison/1` contract: the mix's and references' full analyses, the
/// compared figures' deltas (mix minus the references' mean) and the judge's findings.
public struct ComparisonDocument: Sendable, Codable {
  public var schema = "dubplate.comparison/1"
  public var mix: TrackAnalysis
  public var references: [TrackAnalysis]
  public var referenceMean: ReferenceComparison.Figures
  public var deltas: ReferenceComparison.Figures
  public var suggestions: [Suggestion]
  public var skipped: [String]
  public var notes: [String]

  public init(mix: TrackAnalysis, references: [TrackAnalysis], comparison: ReferenceComparison, report: SuggestionReport) {
    self.mix = mix
    self.references = references
    referenceMean = comparison.referenceMean
    deltas = comparison.deltas
    suggestions = report.suggestions
    skipped = report.skipped
    notes = report.notes
  }
}
