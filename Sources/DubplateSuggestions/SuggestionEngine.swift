import DubplateAnalysis
import DubplateProfiles

/// Judges a ``TrackAnalysis`` against a genre profile or a set of references and returns
/// ranked findings with concrete moves.
///
/// Every rule reads the analysis' own features; nothing is re-measured here. Thresholds are
/// the profile's p10–p90 range widened by a per-feature margin where the profile has a spread,
/// and absolute where physics decides (clipping, DC, true peak, negative correlation). The
/// result is deterministic: the same input gives the same findings in the same order.
public struct SuggestionEngine: Sendable {
  /// What the findings are for.
  public enum Stage: String, Sendable, Codable, CaseIterable {
    /// Before mastering: headroom and balance, no loudness advice beyond "leave headroom".
    case mix
    /// A master: loudness, true peak and platform fit too.
    case master
  }

  public var stage: Stage
  /// Overrides the profile's integrated-loudness target, LUFS.
  public var targetLUFS: Double?
  /// Overrides the profile's true-peak ceiling, dBTP.
  public var ceilingDBTP: Double?

  public init(stage: Stage = .master, targetLUFS: Double? = nil, ceilingDBTP: Double? = nil) {
    self.stage = stage
    self.targetLUFS = targetLUFS
    self.ceilingDBTP = ceilingDBTP
  }

  /// The findings for `analysis` judged against `profile`.
  /// - Parameter againstName: how the report names what it judged against ("rock", "2 references").
  public func suggestions(
    for analysis: TrackAnalysis, against profile: GenreProfile, againstName: String? = nil
  ) -> SuggestionReport {
    let context = JudgementContext(
      analysis: analysis, profile: profile, stage: stage,
      targetLUFS: targetLUFS ?? profile.targets.integratedLUFS,
      ceilingDBTP: ceilingDBTP ?? profile.targets.truePeakCeilingDBTP,
      againstName: againstName ?? profile.name)
    var skipped: [String] = []
    var findings = HygieneRules.findings(context)
    findings += LoudnessRules.findings(context, skipped: &skipped)
    findings += SpectrumRules.findings(context, skipped: &skipped)
    findings += StereoRules.findings(context, skipped: &skipped)
    findings += DynamicsRules.findings(context, skipped: &skipped)
    findings.sort {
      ($0.severity, $0.weight, $1.code) > ($1.severity, $1.weight, $0.code)
    }
    return SuggestionReport(
      against: context.againstName, stage: stage, targetLUFS: context.targetLUFS,
      ceilingDBTP: context.ceilingDBTP, suggestions: findings, skipped: skipped)
  }
}

/// What every rule needs to know.
struct JudgementContext {
  var analysis: TrackAnalysis
  var profile: GenreProfile
  var stage: SuggestionEngine.Stage
  var targetLUFS: Double
  var ceilingDBTP: Double
  var againstName: String

  /// "the rock profile's" or "the references'".
  var rangeOwner: String {
    profile.provenance.method == "references" ? "the references'" : "the \(againstName) profile's"
  }

  /// The profile's p10–p90 range widened by `margin` on each side.
  func range(_ distribution: Distribution, margin: Double) -> ClosedRange<Double> {
    (distribution.p10 - margin)...(distribution.p90 + margin)
  }
}
