import ArgumentParser
import DubplateSuggestions

/// Options shared by the commands that judge a track: stage and overridden targets.
struct JudgementOptions: ParsableArguments {
  @Option(help: "What the track is: a mix before mastering, or a master.")
  var stage: SuggestionEngine.Stage = .master

  @Option(parsing: .unconditional, help: "Integrated loudness to aim for, in LUFS (overrides the profile's target).")
  var targetLUFS: Double?

  @Option(parsing: .unconditional, help: "Highest true peak allowed, in dBTP (overrides the profile's ceiling).")
  var ceiling: Double?

  func validate() throws {
    if let targetLUFS, !(-70...0).contains(targetLUFS) {
      throw ValidationError("--target-lufs must lie between -70 and 0 LUFS.")
    }
    if let ceiling, !(-20...0).contains(ceiling) {
      throw ValidationError("--ceiling must lie between -20 and 0 dBTP.")
    }
  }

  var engine: SuggestionEngine {
    SuggestionEngine(stage: stage, targetLUFS: targetLUFS, ceilingDBTP: ceiling)
  }
}

extension SuggestionEngine.Stage: ExpressibleByArgument {}
