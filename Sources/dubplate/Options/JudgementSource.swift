import ArgumentParser
import DubplateAnalysis
import DubplateProfiles

/// What the tracks of one run are judged against, prepared once before any track: a named
/// profile, the profiles `--genre auto` picks the nearest from, or reference tracks analysed
/// into a profile. A batch of tracks then needs no profile reading or reference analysis per file.
enum JudgementSource {
  /// `--genre NAME` or `--genre PATH.json`.
  case profile(GenreProfile)
  /// `--genre auto` (or neither option): the nearest of these, track by track.
  case nearest([GenreProfile])
  /// `--reference FILES...`: their profile and their analyses.
  case references(GenreProfile, [TrackAnalysis])

  /// Resolves `--genre` / `--reference`; no genre and no references means `auto`. Fails the
  /// run (after one line on standard error) when a reference cannot be read or no profile exists.
  init(genre: String?, referencePaths paths: [String]) throws {
    if !paths.isEmpty {
      let references = try paths.map(AnalysisRunner.analyze)
      do { self = .references(try ReferenceSet.profile(from: references), references) } catch {
        printError(error.description)
        throw ExitCode.failure
      }
      return
    }
    let library = ProfileLibrary.standard()
    let requested = genre ?? "auto"
    if requested.lowercased() == "auto" {
      let (profiles, errors) = library.all()
      for error in errors { printError("warning: \(error.description)") }
      guard !profiles.isEmpty else {
        printError("no genre profiles found; set DUBPLATE_PRESETS to the Presets folder or give --genre PATH.json.")
        throw ExitCode.failure
      }
      self = .nearest(profiles)
      return
    }
    do { self = .profile(try library.profile(named: requested)) } catch { throw ValidationError(error.description) }
  }

  /// The basis for one track, with the notes its reader must see about that choice.
  func basis(for analysis: TrackAnalysis) -> JudgementBasis {
    switch self {
    case .profile(let profile):
      return JudgementBasis(profile: profile, references: [], notes: [])
    case .references(let profile, let references):
      return JudgementBasis(profile: profile, references: references, notes: Self.formatNotes(analysis, references))
    case .nearest(let profiles):
      let ranking = ProfileMatcher.rank(analysis, among: profiles)
      let best = ranking[0]
      let profile = profiles.first { $0.name == best.name } ?? profiles[0]
      let runnersUp = ranking.dropFirst().prefix(2).map { "\($0.name) \(Self.percent($0.confidence))" }.joined(separator: ", ")
      let note = "Genre auto: nearest profile is \(best.name) (confidence \(Self.percent(best.confidence))"
        + (runnersUp.isEmpty ? ")." : "; next: \(runnersUp)).")
      return JudgementBasis(profile: profile, references: [], notes: [note])
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
