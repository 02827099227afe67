import DubplateAnalysis
import DubplateAudio
import DubplateReports
import XCTest

/// The analyze page: which sections and chart series appear, and what replaces a chart that
/// does not apply (mono, shorter than 3 s, silence).
final class AnalysisHTMLReportTests: XCTestCase {
  private func page(_ analysis: TrackAnalysis, codecs: [CodecPreview]? = nil) -> ReportStructure {
    ReportStructure(html: AnalysisHTMLReport().render([AnalysisDocument(analysis: analysis, table: ReportFixtures.table, codecs: codecs)]))
  }

  func testStereoTrackHasEverySectionAndSeries() throws {
    let structure = page(ReportFixtures.stereo)
    XCTAssertEqual(structure.sections, ["loudness", "spectrum", "stereo", "dynamics", "platforms"])
    XCTAssertEqual(structure.chartKinds, ["loudness", "spectrum", "correlation", "width", "dynamics"])
    let loudness = try XCTUnwrap(structure.chart("loudness"))
    XCTAssertEqual(Array(loudness.legend.prefix(2)), ["momentary max per second (400 ms)", "short-term (3 s)"])
    XCTAssertTrue(loudness.legend.contains { $0.hasPrefix("integrated −") }, "\(loudness.legend)")
    XCTAssertTrue(loudness.legend.contains("−14.0\u{2009}LUFS: spotify normal"), "\(loudness.legend)")
    XCTAssertTrue(loudness.legend.contains("−16.0\u{2009}LUFS: apple-music"), "\(loudness.legend)")
    XCTAssertFalse(loudness.legend.contains { $0.hasPrefix("target") }, "analyze has no target")
    XCTAssertEqual(structure.chart("spectrum")?.legend, ["mix.wav"])
    XCTAssertEqual(structure.chart("correlation")?.legend, ["correlation per second"])
    XCTAssertEqual(structure.notes, [])
    ReportStructure.assertChartsAreDrawnAndDescribed(structure)
  }

  func testAxesAreLabelledWithUnits() throws {
    let structure = page(ReportFixtures.stereo)
    let loudness = try XCTUnwrap(structure.chart("loudness")).html
    XCTAssertTrue(loudness.contains(">Time (s)</text>") && loudness.contains(">Loudness (LUFS)</text>"))
    let spectrum = try XCTUnwrap(structure.chart("spectrum")).html
    XCTAssertTrue(spectrum.contains(">Frequency (Hz)</text>") && spectrum.contains(">Band level re integrated loudness (dB)</text>"))
    XCTAssertTrue(try XCTUnwrap(structure.chart("width")).html.contains(">Side/mid (dB)</text>"))
    XCTAssertTrue(try XCTUnwrap(structure.chart("dynamics")).html.contains(">Ratio (dB)</text>"))
  }

  func testMonoFileOmitsTheStereoChartsWithANote() {
    let structure = page(ReportFixtures.mono)
    XCTAssertEqual(structure.chartKinds, ["loudness", "spectrum", "dynamics"])
    XCTAssertTrue(structure.sections.contains("stereo"))
    XCTAssertEqual(structure.notes, ["Mono file: there is no stereo image, so the stereo charts are omitted."])
  }

  func testShortFileOmitsTheLoudnessCurveWithANote() {
    let structure = page(ReportFixtures.short)
    XCTAssertEqual(structure.chartKinds, ["spectrum", "correlation", "width", "dynamics"])
    XCTAssertTrue(structure.notes.contains { $0.hasPrefix("Shorter than 3 s: the loudness curve is omitted") }, "\(structure.notes)")
  }

  func testSilentFileSaysSo() {
    let html = AnalysisHTMLReport().render([AnalysisDocument(analysis: ReportFixtures.silent, table: ReportFixtures.table)])
    let structure = ReportStructure(html: html)
    XCTAssertEqual(structure.chartKinds, [])
    XCTAssertTrue(html.contains("<p class=\"verdict\">Digital silence: loudness and peaks are undefined.</p>"))
    XCTAssertTrue(structure.notes.contains("The file is digital silence: there is no loudness to plot."), "\(structure.notes)")
    XCTAssertTrue(structure.notes.contains("The file is digital silence: there is no spectrum to plot."))
    XCTAssertTrue(structure.sections.contains("warnings"))
  }

  func testFileNameIsEscapedEverywhere() {
    var analysis = ReportFixtures.stereo
    analysis.file = "mixes/<loud> & \"final\" 'v2'.wav"
    let html = AnalysisHTMLReport().render([AnalysisDocument(analysis: analysis, table: ReportFixtures.table)])
    XCTAssertFalse(html.contains("<loud>"))
    XCTAssertFalse(html.contains("\"final\""))
    XCTAssertTrue(html.contains("<li>mixes/&lt;loud&gt; &amp; &quot;final&quot; &#39;v2&#39;.wav</li>"))
    XCTAssertTrue(html.contains("<title>Analysis: &lt;loud&gt; &amp; &quot;final&quot; &#39;v2&#39;.wav</title>"))
  }

  func testCodecSectionOnlyWithTheCodecPreview() {
    XCTAssertFalse(page(ReportFixtures.stereo).sections.contains("codecs"))
    let codecs = [
      CodecPreview(codec: "mp3", bitrateKbps: 320, truePeakDBTP: 0.4, overs: 12, safeCeilingDBTP: -1.5, skipped: nil),
      CodecPreview(codec: "opus", bitrateKbps: 128, truePeakDBTP: nil, overs: nil, safeCeilingDBTP: nil, skipped: "Opus needs 48 kHz."),
    ]
    let html = AnalysisHTMLReport().render([AnalysisDocument(analysis: ReportFixtures.stereo, table: ReportFixtures.table, codecs: codecs)])
    XCTAssertEqual(ReportStructure(html: html).sections.last, "codecs")
    XCTAssertTrue(html.contains("<td>skipped: Opus needs 48 kHz.</td>"))
  }

  func testSeveralFilesGetOneGroupOfSectionsEach() {
    let documents = [ReportFixtures.stereo, ReportFixtures.mono].map { AnalysisDocument(analysis: $0, table: ReportFixtures.table) }
    let structure = ReportStructure(html: AnalysisHTMLReport().render(documents))
    XCTAssertEqual(structure.sections, [
      "f1", "f1-loudness", "f1-spectrum", "f1-stereo", "f1-dynamics", "f1-platforms",
      "f2", "f2-loudness", "f2-spectrum", "f2-stereo", "f2-dynamics", "f2-platforms",
    ])
    XCTAssertEqual(Set(structure.charts.map(\.id)).count, structure.charts.count, "chart ids are unique on the page")
  }

  /// Self-contained: no script, no style sheet or image from elsewhere, no URL but the SVG namespace.
  func testPageFetchesNothing() {
    let html = AnalysisHTMLReport().render([AnalysisDocument(analysis: ReportFixtures.stereo, table: ReportFixtures.table)])
    for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "url(", "@import"] {
      XCTAssertFalse(html.contains(forbidden), forbidden)
    }
    let urls = ReportStructure.captures(#"(https?://[^"\s]+)"#, in: html)
    XCTAssertEqual(Set(urls), ["http://www.w3.org/2000/svg"])
    XCTAssertTrue(html.contains("@media (prefers-color-scheme:dark)") && html.contains("@media print"))
  }
}
