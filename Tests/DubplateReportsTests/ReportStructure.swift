import DubplateAnalysis
import DubplateDSP
import DubplateMastering
import DubplateProfiles
import DubplateTestSupport
import Foundation
import XCTest

/// What a report page is made of, read back from its HTML: the sections, the charts with
/// their legends and path data, and the notes. The structure tests compare these, not pixels.
struct ReportStructure {
  /// One chart: its kind (`data-chart`), its legend entries and the `d` of each SVG path.
  struct Chart {
    var id: String
    var kind: String
    var legend: [String]
    var paths: [String]
    var html: String
  }

  var sections: [String]
  var charts: [Chart]
  var notes: [String]

  init(html: String) {
    sections = Self.captures(#"<section id="([^"]+)""#, in: html)
    notes = Self.captures(#"<p class="note">([^<]*)</p>"#, in: html)
    charts = html.components(separatedBy: "<figure class=\"chart\"").dropFirst().map { part in
      let figure = part.components(separatedBy: "</figure>")[0]
      return Chart(
        id: Self.captures(#"id="([^"]+)""#, in: figure).first ?? "",
        kind: Self.captures(#"data-chart="([^"]+)""#, in: figure).first ?? "",
        legend: Self.captures(#"<span class="swatch [^"]*"></span>([^<]*)</li>"#, in: figure),
        paths: Self.captures(#"<path [^>]*d="([^"]*)""#, in: figure),
        html: figure)
    }
  }

  /// The kinds of chart in page order.
  var chartKinds: [String] { charts.map(\.kind) }

  /// The first chart of `kind`.
  func chart(_ kind: String) -> Chart? { charts.first { $0.kind == kind } }

  /// The first capture group of every match of `pattern`.
  static func captures(_ pattern: String, in text: String) -> [String] {
    let expression = try! NSRegularExpression(pattern: pattern)
    return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
      Range(match.range(at: 1), in: text).map { String(text[$0]) }
    }
  }

  /// Fails unless every chart has a text alternative and at least one path with numbers.
  static func assertChartsAreDrawnAndDescribed(_ structure: ReportStructure, file: StaticString = #filePath, line: UInt = #line) {
    for chart in structure.charts {
      XCTAssertTrue(chart.html.contains("role=\"img\""), chart.id, file: file, line: line)
      XCTAssertTrue(chart.html.contains("aria-label=\""), chart.id, file: file, line: line)
      XCTAssertTrue(chart.html.contains("<title id=\"\(chart.id)-title\">"), chart.id, file: file, line: line)
      XCTAssertTrue(chart.html.contains("<desc id=\"\(chart.id)-desc\">"), chart.id, file: file, line: line)
      XCTAssertTrue(chart.html.contains("<figcaption>"), chart.id, file: file, line: line)
      XCTAssertTrue(chart.paths.contains { $0.range(of: #"^M\d+(\.\d)? \d+(\.\d)?"#, options: .regularExpression) != nil },
        "\(chart.id) has no path with data", file: file, line: line)
    }
  }
}

/// Analyses and tables the report tests share, synthesised once.
enum ReportFixtures {
  static let sampleRate = 44_100.0

  /// A 6 s stereo programme (kick, bass, chords, hats).
  static let stereo = analyzeInMemory(
    ProgrammeSynthesizer(sampleRate: sampleRate, seconds: 6).mix(variation: 1), sampleRate: sampleRate, name: "mix.wav")

  /// The same programme 4 dB louder: a stand-in for the master.
  static let louder: TrackAnalysis = {
    var buffer = ProgrammeSynthesizer(sampleRate: sampleRate, seconds: 6).mix(variation: 1)
    let gain = Float(Decibels.toAmplitude(4))
    buffer.channels = buffer.channels.map { $0.map { $0 * gain } }
    return analyzeInMemory(buffer, sampleRate: sampleRate, name: "master.wav")
  }()

  /// Another variation, as a reference track.
  static let reference = analyzeInMemory(
    ProgrammeSynthesizer(sampleRate: sampleRate, seconds: 6).mix(variation: 7), sampleRate: sampleRate, name: "ref.wav")

  /// The left channel of the programme alone: a mono file.
  static let mono = analyzeInMemory(
    AudioBuffer(channels: [ProgrammeSynthesizer(sampleRate: sampleRate, seconds: 6).mix(variation: 1).channels[0]]),
    sampleRate: sampleRate, name: "mono.wav")

  /// 2 s of the programme: too short for a loudness curve.
  static let short = analyzeInMemory(
    ProgrammeSynthesizer(sampleRate: sampleRate, seconds: 2).mix(variation: 1), sampleRate: sampleRate, name: "short.wav")

  /// 4 s of stereo digital silence.
  static let silent = analyzeInMemory(
    SignalGenerator.dualMono(SignalGenerator.silence(seconds: 4, sampleRate: sampleRate)), sampleRate: sampleRate, name: "silent.wav")

  /// Two services in the shape of `Presets/platforms.json`.
  static let table = try! JSONDecoder().decode(PlatformTable.self, from: Data("""
    {"schema": "dubplate.platforms/1", "platforms": [
      {"service": "spotify", "mode": "normal", "referenceLUFS": -14, "ceilingDBTP": -1, "raisesQuiet": true,
       "raiseUntilPeakDBTP": -1, "source": "test"},
      {"service": "apple-music", "mode": null, "referenceLUFS": -16, "ceilingDBTP": -1, "raisesQuiet": false,
       "raiseUntilPeakDBTP": null, "source": "test"}]}
    """.utf8))

  /// A profile with ranges, built from the programme and its reference.
  static let profile = try! ReferenceSet.profile(from: [stereo, reference])
}
