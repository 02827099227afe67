import DubplateAudio
import DubplateMastering

extension AnalysisTextReport {
  /// The analysis report followed by the "Platforms" section and, when the codec preview ran,
  /// the "Codecs" section.
  public func render(_ document: AnalysisDocument) -> String {
    var lines = [render(document.analysis), ""] + platformsSection(document.platforms)
    if let codecs = document.codecs { lines += [""] + codecsSection(codecs) }
    lines += document.notes.map { "  ! " + $0 }
    return lines.joined(separator: "\n")
  }

  private func platformsSection(_ platforms: [PlatformPreview]) -> [String] {
    var lines = [TextLayout.heading("Platforms", note: "reference, gain applied to this track, true peak after")]
    for row in platforms {
      let label = row.mode.map { "\(row.service) (\($0))" } ?? row.service
      lines.append(
        TextLayout.row(
          label,
          TextLayout.number(row.referenceLUFS) + " LUFS" + TextLayout.number(row.gainDB, width: 8, signed: true)
            + " dB" + TextLayout.number(row.peakAfterDBTP, width: 8) + " dBTP"))
    }
    return lines
  }

  private func codecsSection(_ codecs: [CodecPreview]) -> [String] {
    var lines = [TextLayout.heading("Codecs", note: "after encoding and decoding: true peak, overs, safe ceiling")]
    for row in codecs {
      let label = codecName(row.codec) + (row.bitrateKbps.map { " \($0) kbps" } ?? "")
      if let reason = row.skipped {
        lines.append(TextLayout.row(label, "skipped: " + reason))
        continue
      }
      lines.append(
        TextLayout.row(
          label,
          TextLayout.measurement(row.truePeakDBTP, unit: "dBTP", missing: "-inf")
            + (row.overs.map { TextLayout.number(Double($0), decimals: 0, width: 8) + " overs" } ?? "")
            + "   ceiling " + TextLayout.measurement(row.safeCeilingDBTP, unit: "dBTP", missing: "n/a")))
    }
    return lines
  }

  private func codecName(_ codec: String) -> String {
    switch codec {
    case "mp3": return "MP3"
    case "vorbis": return "Ogg Vorbis"
    case "opus": return "Opus"
    default: return codec
    }
  }
}
