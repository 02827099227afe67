import DubplateAnalysis

/// One analysed track drawn in a report's charts, and the part it plays there.
struct ReportTrack {
  /// What the track is to the reader.
  enum Role {
    /// The track the page is about (the mix, or the master after processing): solid lines.
    case main
    /// The input of a master, drawn under the result: dashed lines.
    case before
    /// A reference track: thin lines.
    case reference
  }

  /// The name in legends, e.g. "after" or a reference's file name.
  var label: String
  var analysis: TrackAnalysis
  var role: Role

  /// The track the page is about: the first `main` track, else the first.
  static func primary(of tracks: [ReportTrack]) -> ReportTrack? {
    tracks.first { $0.role == .main } ?? tracks.first
  }
}
