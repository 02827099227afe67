import DubplateAnalysis
import DubplateAudio
import DubplateMastering
import DubplateReports
import DubplateTestSupport
import Foundation
import XCTest

/// The analyze document: the analysis's keys with `platforms`, `codecs` and `notes` beside
/// them in one flat JSON object, and the text sections that show them.
final class AnalysisDocumentTests: XCTestCase {
  /// Two services in the shape of `Presets/platforms.json`: one that raises quiet tracks, one that does not.
  private let table = try! JSONDecoder().decode(PlatformTable.self, from: Data("""
    {"schema": "dubplate.platforms/1", "platforms": [
      {"service": "spotify", "mode": "normal", "referenceLUFS": -14, "ceilingDBTP": -1, "raisesQuiet": true,
       "raiseUntilPeakDBTP": -1, "source": "test"},
      {"service": "tidal", "mode": null, "referenceLUFS": -14, "ceilingDBTP": -1, "raisesQuiet": false,
       "raiseUntilPeakDBTP": null, "source": "test"}]}
    """.utf8))

  private func object(_ document: AnalysisDocument) throws -> [String: Any] {
    let json = try JSONReport.document(document)
    return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
  }

  func testPreviewsSitBesideTheAnalysisKeys() throws {
    let codec = CodecPreview(codec: "mp3", bitrateKbps: 128, truePeakDBTP: 0.4, overs: 12, safeCeilingDBTP: -1.5, skipped: nil)
    let document = AnalysisDocument(
      analysis: AnalysisFixture.track(integrated: -8, truePeak: -0.5), table: table, codecs: [codec])
    let json = try object(document)
    XCTAssertEqual(json["schema"] as? String, "dubplate.analysis/1")
    XCTAssertNotNil(json["loudness"])
    let platforms = try XCTUnwrap(json["platforms"] as? [[String: Any]])
    XCTAssertEqual(platforms.count, 2)
    XCTAssertEqual(try XCTUnwrap(platforms[0]["gainDB"] as? Double), -6, accuracy: 1e-9)
    XCTAssertEqual(try XCTUnwrap(platforms[0]["peakAfterDBTP"] as? Double), -6.5, accuracy: 1e-9)
    XCTAssertTrue(platforms[1]["mode"] is NSNull)
    let codecs = try XCTUnwrap(json["codecs"] as? [[String: Any]])
    XCTAssertEqual(codecs.first?["overs"] as? Int, 12)
    XCTAssertTrue(codecs.first?["skipped"] is NSNull)
    XCTAssertEqual(json["notes"] as? [String], [])
  }

  func testUndefinedLoudnessLeavesPlatformsEmptyWithANote() throws {
    let document = AnalysisDocument(analysis: AnalysisFixture.track(integrated: nil, truePeak: nil), table: table)
    let json = try object(document)
    XCTAssertEqual((json["platforms"] as? [Any])?.count, 0)
    XCTAssertNil(json["codecs"])
    XCTAssertEqual((json["notes"] as? [String])?.count, 1)
    let text = AnalysisTextReport().render(document)
    XCTAssertTrue(text.contains("Platforms"), text)
    XCTAssertTrue(text.contains("  ! No platform preview: the integrated loudness is undefined"), text)
  }

  func testTextShowsOneRowPerServiceAndCodec() {
    let codecs = [
      CodecPreview(codec: "mp3", bitrateKbps: 320, truePeakDBTP: 0.4, overs: 12, safeCeilingDBTP: -1.5, skipped: nil),
      CodecPreview(codec: "opus", bitrateKbps: 128, truePeakDBTP: nil, overs: nil, safeCeilingDBTP: nil, skipped: "Opus needs 48 kHz."),
    ]
    let text = AnalysisTextReport().render(
      AnalysisDocument(analysis: AnalysisFixture.track(integrated: -8, truePeak: -0.5), table: table, codecs: codecs))
    let lines = text.split(separator: "\n").map(String.init)
    XCTAssertTrue(lines.contains("  spotify (normal)          -14.0 LUFS    -6.0 dB    -6.5 dBTP"), text)
    XCTAssertTrue(lines.contains("  tidal                     -14.0 LUFS    -6.0 dB    -6.5 dBTP"), text)
    XCTAssertTrue(lines.contains("  MP3 320 kbps                0.4 dBTP      12 overs   ceiling    -1.5 dBTP"), text)
    XCTAssertTrue(lines.contains("  Opus 128 kbps           skipped: Opus needs 48 kHz."), text)
  }
}
