import DubplateCatalog
import DubplateDSP

/// Renders an ``AlbumAnalysis`` as the album section of `dubplate analyze --album`: album
/// loudness and range, then one row per track with its offset from the album and why it
/// stands out.
public struct AlbumTextReport {
  public init() {}

  /// The report as lines of text, ending without a trailing newline.
  public func render(_ album: AlbumAnalysis) -> String {
    var lines = [
      "Album (\(album.tracks.count) tracks)",
      TextLayout.row("Integrated", TextLayout.measurement(album.integrated, unit: "LUFS", missing: "gated")),
      TextLayout.row("Loudness range", TextLayout.measurement(album.range, unit: "LU", missing: "too short")),
      "  Tracks, integrated loudness re album:",
    ]
    for track in album.tracks {
      let offset = TextLayout.measurement(track.loudnessOffset, unit: "LU", signed: true, missing: "-")
      let note = track.flags.isEmpty ? "" : "  stands out: " + reasons(track)
      lines.append("  " + offset + "  " + track.file + note)
    }
    return lines.joined(separator: "\n")
  }

  private func reasons(_ track: AlbumAnalysis.Track) -> String {
    track.flags.map { flag in
      switch flag {
      case .loudness:
        return "loudness"
      case .tonalBalance:
        let bands = NamedBand.allCases.compactMap { band -> String? in
          guard let offset = track.bandOffsets[band], abs(offset) > AlbumAnalysis.tonalBalanceToleranceDB else {
            return nil
          }
          return "\(band.rawValue) \(TextLayout.number(offset, width: 0, signed: true)) dB"
        }
        return "tonal balance (" + bands.joined(separator: ", ") + ")"
      }
    }.joined(separator: "; ")
  }
}
