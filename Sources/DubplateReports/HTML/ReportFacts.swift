import DubplateAnalysis
import DubplateMastering
import Foundation

/// Header lines and verdict phrases the report pages share.
enum ReportFacts {
  /// "WAV, PCM 16-bit, 44 100 Hz, 2 channels, 3:12.40": the file's format in one line.
  static func format(of analysis: TrackAnalysis) -> String {
    let format = analysis.format
    return "\(format.container), \(format.encoding), \(TextLayout.grouped(Int(format.sampleRate))) Hz, "
      + "\(format.channels) channel\(format.channels == 1 ? "" : "s"), \(TextLayout.duration(format.durationSeconds))"
  }

  /// The loudness verdict of one track: integrated loudness, true peak and what Spotify
  /// (normal mode) does to it, or why loudness is undefined.
  static func loudnessVerdict(_ analysis: TrackAnalysis, platforms: [PlatformPreview]) -> String {
    let loudness = analysis.loudness
    guard let truePeak = loudness.truePeak else { return "Digital silence: loudness and peaks are undefined." }
    guard let integrated = loudness.integrated else {
      return "Integrated loudness undefined (too short or below the −70 LUFS gate); true peak \(HTMLText.measurement(truePeak, unit: "dBTP"))."
    }
    var verdict = "\(HTMLText.measurement(integrated, unit: "LUFS")) integrated, true peak \(HTMLText.measurement(truePeak, unit: "dBTP"))"
    if let plr = loudness.plr { verdict += ", PLR \(HTMLText.measurement(plr, unit: "dB"))" }
    if let spotify = platforms.first(where: { $0.service == "spotify" && ($0.mode ?? "normal") == "normal" }) {
      verdict += spotify.gainDB < 0
        ? "; Spotify turns it down \(HTMLText.measurement(-spotify.gainDB, unit: "dB"))"
        : spotify.gainDB > 0 ? "; Spotify raises it \(HTMLText.measurement(spotify.gainDB, unit: "dB"))" : "; Spotify plays it as it is"
    }
    if analysis.dynamics.clippedRuns > 0 { verdict += "; clipped in \(analysis.dynamics.clippedRuns) places" }
    return verdict + "."
  }

  /// The file name without its folder, as titles show it.
  static func name(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }

  /// The analysis's warnings as a section, or none when there are none.
  static func warnings(id: String, _ analysis: TrackAnalysis) -> [HTMLSection] {
    guard !analysis.warnings.isEmpty else { return [] }
    return [HTMLSection(id: id, title: "Warnings", body: "<ul>" + analysis.warnings.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ul>")]
  }
}
