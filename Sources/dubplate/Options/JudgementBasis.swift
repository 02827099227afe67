import ArgumentParser
import DubplateAnalysis
import DubplateProfiles

/// What a track is judged against: a named profile, the nearest profile, or references,
/// with the notes a user must see about that choice (never switched silently).
struct JudgementBasis {
  var profile: GenreProfile
  var references: [TrackAnalysis]
  var notes: [String]

  /// Resolves `--genre` / `--reference`. No genre and no references means `auto`.
  static func resolve(genre: String?, references paths: [String], for analysis: TrackAnalysis) throws -> JudgementBasis {
    if !paths.isEmpty {
      let references = try paths.map(AnalysisRunner.analyze)
      let profile: GenreProfile
      do { profile = try ReferenceSet.profile(from: references) } catch {
        printError(error.description)
        throw ExitCode.failure
      }
      return JudgementBasis(profile: profile, references: references, notes: formatNotes(analysis, references))
    }
    let library = ProfileLibrary.standard()
    let requested = genre ?? "auto"
    if requested.lowercased() == "auto" {
      let (profiles, errors) = library.all()
      for error in errors { printError("warning: \(error.description)") }
      let ranking = ProfileMatcher.rank(analysis, among: profiles)
      guard let best = ranking.first, let profile = profiles.first(where: { $0.name == best.name }) else {
        printError("no genre profiles found; set DUBPLATE_PRESETS to the Presets folder or give --genre PATH.json.")
        throw ExitCode.failure
      }
      let runnersUp = ranking.dropFirst().prefix(2).map { "\($0.name) \(percent($0.confidence))" }.joined(separator: ", ")
      let note = "Genre auto: nearest profile is \(best.name) (confidence \(percent(best.confidence))"
        + (runnersUp.isEmpty ? ")." : "; next: \(runnersUp)).")
      return JudgementBasis(profile: profile, references: [], notes: [note])
    }
    do {
      return JudgementBasis(profile: try library.profile(named: requested), references: [], notes: [])
    } catch {
      throw ValidationError(error.description)
    }
  }

  /// Notes on references whose format differs from the mix: the judgement uses only
  /// rate-independent features (normalised band levels below both Nyquist frequencies).
  private static func formatNotes(_ analysis: TrackAnalysis, _ references: [TrackAnalysis]) -> [String] {
    references.compactMap { reference in
      var differences: [String] = []
      if reference.format.sampleRate != analysis.format.sampleRate {
        differences.append("\(Int(reference.format.sampleRate)) Hz vs \(Int(analysis.format.sampleRate)) Hz")
      }
      if reference.format.channels != analysis.format.channels {
        differences.append("\(reference.format.channels) vs \(analysis.format.channels) channels")
      }
      guard !differences.isEmpty else { return nil }
      return "Reference \(reference.file) differs from the mix (\(differences.joined(separator: ", "))): judged on rate-independent features only"
        + (analysis.stereo == nil ? "; stereo checks skipped for the mono mix." : ".")
    }
  }

  private static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
}
