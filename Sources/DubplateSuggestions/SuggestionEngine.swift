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
    findings = Self.keepingRootCauses(findings)
    findings.sort {
      ($0.severity, $0.weight, $1.code) > ($1.severity, $1.weight, $0.code)
    }
    return SuggestionReport(
      against: context.againstName, stage: stage, targetLUFS: context.targetLUFS,
      ceilingDBTP: context.ceilingDBTP, suggestions: findings, skipped: skipped)
  }
}

extension SuggestionEngine {
  /// Drops findings that are symptoms of another finding, so the user is sent to the cause:
  /// a large change in the low end moves loudness (and with it PLR and LRA), so "too dynamic"
  /// is not reported beside a sub or bass finding; and the width of a low end that is missing
  /// is not reported beside a bass deficit.
  static func keepingRootCauses(_ findings: [Suggestion]) -> [Suggestion] {
    let codes = Set(findings.map(\.code))
    let lowEndTonal = codes.contains { $0.hasPrefix("spectrum.sub.") || $0.hasPrefix("spectrum.bass.") }
    let bassMissing = codes.contains("spectrum.bass.deficit")
    return findings.filter { finding in
      switch finding.code {
      case SuggestionCode.tooDynamic.rawValue: !lowEndTonal
      case SuggestionCode.stereoLowEndWide.rawValue: !bassMissing
      default: true
      }
    }
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
