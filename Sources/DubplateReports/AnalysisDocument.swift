import DubplateAnalysis
import DubplateAudio
import DubplateMastering

/// What `dubplate analyze` prints for one file: the `dubplate.analysis/1` measurements with
/// the platform preview and, when asked for, the codec preview.
///
/// JSON: the analysis's keys, then `platforms` (always; empty when the loudness is undefined),
/// `codecs` (only with `--codec-preview`) and `notes` (why a preview is empty or partial).
public struct AnalysisDocument: Sendable, Encodable {
  /// The measurements.
  public var analysis: TrackAnalysis
  /// The gain each streaming service applies and the peak after it, in the table's order.
  public var platforms: [PlatformPreview]
  /// Each codec's true peak and overs after a round trip; `nil` when not asked for.
  public var codecs: [CodecPreview]?
  /// One-line notes about the previews.
  public var notes: [String]

  public init(analysis: TrackAnalysis, platforms: [PlatformPreview], codecs: [CodecPreview]?, notes: [String]) {
    self.analysis = analysis
    self.platforms = platforms
    self.codecs = codecs
    self.notes = notes
  }

  /// The document for `analysis` with platform previews from `table` (`nil` when the table
  /// could not be read, which `tableProblem` explains) and the given codec previews.
  public init(analysis: TrackAnalysis, table: PlatformTable?, tableProblem: String? = nil, codecs: [CodecPreview]? = nil) {
    var notes: [String] = []
    var platforms: [PlatformPreview] = []
    if let table {
      platforms = PlatformPreview.previews(
        in: table, integratedLUFS: analysis.loudness.integrated, truePeakDBTP: analysis.loudness.truePeak)
      if platforms.isEmpty {
        notes.append("No platform preview: the integrated loudness is undefined (silent, or shorter than 400 ms).")
      }
    } else {
      notes.append("No platform preview: \(tableProblem ?? "the platform table is missing.")")
    }
    self.init(analysis: analysis, platforms: platforms, codecs: codecs, notes: notes)
  }

  private enum CodingKeys: String, CodingKey { case platforms, codecs, notes }

  public func encode(to encoder: any Encoder) throws {
    try analysis.encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(platforms, forKey: .platforms)
    if let codecs { try container.encode(codecs, forKey: .codecs) }
    try container.encode(notes, forKey: .notes)
  }
}
