import DubplateAnalysis

/// Everything a finished (or dry-run) master produced: the `dubplate.master/1` report and the
/// full analyses behind its before/after figures, for renderers that draw curves and spectra.
public struct MasteringOutcome: Sendable {
  /// The report printed as text or JSON.
  public var report: MasteringReport
  /// The input's analysis.
  public var beforeAnalysis: TrackAnalysis
  /// The written master's analysis; `nil` for a dry run.
  public var afterAnalysis: TrackAnalysis?
  /// The references' analyses, in the order given (empty without references or when replaying a chain).
  public var referenceAnalyses: [TrackAnalysis]

  public init(
    report: MasteringReport, beforeAnalysis: TrackAnalysis, afterAnalysis: TrackAnalysis?, referenceAnalyses: [TrackAnalysis]
  ) {
    self.report = report
    self.beforeAnalysis = beforeAnalysis
    self.afterAnalysis = afterAnalysis
    self.referenceAnalyses = referenceAnalyses
  }
}
