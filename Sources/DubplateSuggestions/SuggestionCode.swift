import DubplateDSP

/// The stable identifier of a kind of finding. The vocabulary is closed: every code is
/// listed in ``all`` and documented in ``SuggestionCode/explanation``.
public struct SuggestionCode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
  public var rawValue: String

  public init(rawValue: String) { self.rawValue = rawValue }

  public var description: String { rawValue }

  public static let loudnessTooQuiet = SuggestionCode(rawValue: "loudness.too-quiet")
  public static let loudnessTooLoud = SuggestionCode(rawValue: "loudness.too-loud")
  public static let truePeakOver = SuggestionCode(rawValue: "peak.true-peak-over")
  public static let clipping = SuggestionCode(rawValue: "clipping")
  public static let dcOffset = SuggestionCode(rawValue: "dc-offset")
  public static let stereoPhase = SuggestionCode(rawValue: "stereo.phase")
  public static let stereoNarrow = SuggestionCode(rawValue: "stereo.narrow")
  public static let stereoTooWide = SuggestionCode(rawValue: "stereo.too-wide")
  public static let stereoLowEndWide = SuggestionCode(rawValue: "stereo.low-end-wide")
  public static let overCompressed = SuggestionCode(rawValue: "dynamics.over-compressed")
  public static let tooDynamic = SuggestionCode(rawValue: "dynamics.too-dynamic")

  /// `spectrum.<band>.excess` or `spectrum.<band>.deficit`.
  public static func spectrum(_ band: NamedBand, excess: Bool) -> SuggestionCode {
    SuggestionCode(rawValue: "spectrum.\(band.rawValue).\(excess ? "excess" : "deficit")")
  }

  /// Every code the judge can emit, in documentation order.
  public static let all: [SuggestionCode] =
    [.loudnessTooQuiet, .loudnessTooLoud, .truePeakOver, .clipping, .dcOffset]
    + NamedBand.allCases.flatMap { [spectrum($0, excess: true), spectrum($0, excess: false)] }
    + [.stereoPhase, .stereoNarrow, .stereoTooWide, .stereoLowEndWide, .overCompressed, .tooDynamic]
}
