import DubplateAudio
import DubplateMastering

/// The "Platforms" and "Codecs" sections at the bottom of every page: what each streaming
/// service's normalisation and each lossy codec does to the track.
enum PreviewSections {
  /// Both sections for `document`'s previews (the codec section only when the preview ran,
  /// or with `codecNote` saying why it did not).
  static func sections(idPrefix: String, document: AnalysisDocument, codecNote: String? = nil) -> [HTMLSection] {
    var platforms = document.notes.map(HTMLText.note).joined()
    if !document.platforms.isEmpty {
      platforms += HTMLText.table(
        header: ["Service", "Reference", "Gain applied", "True peak after"],
        rows: document.platforms.map { row in
          [row.mode.map { "\(row.service) (\($0))" } ?? row.service, HTMLText.measurement(row.referenceLUFS, unit: "LUFS"),
           HTMLText.measurement(row.gainDB, unit: "dB", signed: true), HTMLText.measurement(row.peakAfterDBTP, unit: "dBTP")]
        },
        caption: "The gain each service's loudness normalisation applies to this track, and the resulting true peak.")
    }
    var sections = [HTMLSection(id: idPrefix + "platforms", title: "Platforms", body: platforms)]
    if let codecs = document.codecs {
      let table = HTMLText.table(
        header: ["Codec", "Bitrate", "True peak after", "Overs", "Safe ceiling"],
        rows: codecs.map { row in
          let bitrate = row.bitrateKbps.map { "\($0) kbps" } ?? "n/a"
          if let reason = row.skipped { return [row.codec, bitrate, "skipped: \(reason)", "", ""] }
          return [row.codec, bitrate, HTMLText.measurement(row.truePeakDBTP, unit: "dBTP"), row.overs.map(String.init) ?? "n/a",
                  HTMLText.measurement(row.safeCeilingDBTP, unit: "dBTP")]
        },
        caption: "True peak and overs (oversampled values above 0 dBTP) after encoding and decoding, and the ceiling that keeps each codec clean.")
      sections.append(HTMLSection(id: idPrefix + "codecs", title: "Codecs", body: table))
    } else if let codecNote {
      sections.append(HTMLSection(id: idPrefix + "codecs", title: "Codecs", body: HTMLText.note(codecNote)))
    }
    return sections
  }
}
