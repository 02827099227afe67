import DubplateAnalysis
import DubplateProfiles

/// What a track is judged against: a named profile, the nearest profile, or references,
/// with the notes a user must see about that choice (never switched silently).
struct JudgementBasis {
  var profile: GenreProfile
  var references: [TrackAnalysis]
  var notes: [String]

  /// Resolves `--genre` / `--reference` for one track. No genre and no references means `auto`.
  static func resolve(genre: String?, references paths: [String], for analysis: TrackAnalysis) throws -> JudgementBasis {
    try JudgementSource(genre: genre, referencePaths: paths).basis(for: analysis)
  }
}
