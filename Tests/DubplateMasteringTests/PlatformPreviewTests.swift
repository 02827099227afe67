import DubplateMastering
import XCTest

/// Platform gains against the worked examples of each service's rule (field notes,
/// "Preview rule dubplate can state"), with the shipped `Presets/platforms.json`.
final class PlatformPreviewTests: XCTestCase {
  private func previews(integratedLUFS: Double?, truePeakDBTP: Double?) throws -> [String: PlatformPreview] {
    let table = try PlatformTable.shipped()
    let rows = PlatformPreview.previews(in: table, integratedLUFS: integratedLUFS, truePeakDBTP: truePeakDBTP)
    /// Named as `--platform` names them: `spotify` (normal), `spotify-loud`, `tidal`, …
    func name(_ row: PlatformPreview) -> String {
      guard let mode = row.mode, mode != "normal" else { return row.service }
      return "\(row.service)-\(mode)"
    }
    return Dictionary(uniqueKeysWithValues: rows.map { (name($0), $0) })
  }

  func testALoudMasterIsTurnedDownByEachService() throws {
    let rows = try previews(integratedLUFS: -8, truePeakDBTP: -0.5)
    let expectedGainDB: [String: Double] = [
      "spotify": -6, "spotify-loud": -3, "spotify-quiet": -11, "apple-music": -8,
      "youtube": -6, "tidal": -6, "amazon-music": -6, "deezer": -7,
    ]
    XCTAssertEqual(Set(rows.keys), Set(expectedGainDB.keys))
    for (name, gainDB) in expectedGainDB {
      let row = try XCTUnwrap(rows[name])
      XCTAssertEqual(row.gainDB, gainDB, accuracy: 1e-9, name)
      XCTAssertEqual(row.peakAfterDBTP, -0.5 + gainDB, accuracy: 1e-9, name)
    }
    XCTAssertEqual(rows["spotify"]?.mode, "normal")
    XCTAssertNil(rows["tidal"]?.mode)
  }

  func testAQuietMasterIsRaisedOnlyUntilItsPeakReachesMinusOneOnSpotify() throws {
    let rows = try previews(integratedLUFS: -20, truePeakDBTP: -5)
    let normal = try XCTUnwrap(rows["spotify"])
    XCTAssertEqual(normal.gainDB, 4, accuracy: 1e-9, "plays at -16 LUFS, peaks at -1 dBTP")
    XCTAssertEqual(-20 + normal.gainDB, -16, accuracy: 1e-9)
    XCTAssertEqual(normal.peakAfterDBTP, -1, accuracy: 1e-9)
    XCTAssertEqual(try XCTUnwrap(rows["spotify-quiet"]).gainDB, 1, accuracy: 1e-9, "-19 LUFS is within reach")
    let loud = try XCTUnwrap(rows["spotify-loud"])
    XCTAssertEqual(loud.gainDB, 9, accuracy: 1e-9, "Loud raises to -11 LUFS regardless")
    XCTAssertEqual(loud.peakAfterDBTP, -1, accuracy: 1e-9, "and its limiter holds the peak at -1 dB")
    for name in ["apple-music", "youtube", "tidal", "amazon-music", "deezer"] {
      let row = try XCTUnwrap(rows[name])
      XCTAssertEqual(row.gainDB, 0, name)
      XCTAssertEqual(row.peakAfterDBTP, -5, accuracy: 1e-9, name)
    }
  }

  func testAQuietMasterAlreadyPeakingAboveMinusOneIsNotRaised() throws {
    let rows = try previews(integratedLUFS: -18, truePeakDBTP: -0.3)
    XCTAssertEqual(try XCTUnwrap(rows["spotify"]).gainDB, 0)
    XCTAssertEqual(try XCTUnwrap(rows["spotify"]).peakAfterDBTP, -0.3, accuracy: 1e-9)
  }

  func testUndefinedLoudnessGivesNoPreviews() throws {
    XCTAssertTrue(try previews(integratedLUFS: nil, truePeakDBTP: nil).isEmpty)
    XCTAssertTrue(try previews(integratedLUFS: nil, truePeakDBTP: -3).isEmpty)
    XCTAssertTrue(try previews(integratedLUFS: -.infinity, truePeakDBTP: -3).isEmpty)
  }

  func testModeIsWrittenAsNullForSingleModeServices() throws {
    let row = PlatformPreview(service: "tidal", mode: nil, referenceLUFS: -14, gainDB: -1, peakAfterDBTP: -2)
    let json = String(decoding: try JSONEncoder().encode(row), as: UTF8.self)
    XCTAssertTrue(json.contains("\"mode\":null"), json)
  }
}
