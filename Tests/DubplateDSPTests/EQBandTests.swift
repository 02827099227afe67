import DubplateDSP
import Foundation
import XCTest

final class EQBandTests: XCTestCase {
  func testJSONRoundTripKeepsEveryBandExactly() throws {
    let bands = [
      EQBand.subsonicHighPass(cutoffHz: 28), EQBand(shape: .lowShelf, frequencyHz: 110, gainDB: 1.5, q: 0.7071),
      EQBand(shape: .bell, frequencyHz: 2500, gainDB: -2.25, q: 1.3),
      EQBand(shape: .highShelf, frequencyHz: 9000, gainDB: 1, q: 0.6),
      EQBand(shape: .lowPass, frequencyHz: 19_000, q: 0.7071),
    ]
    let json = try JSONEncoder().encode(bands)
    XCTAssertEqual(try JSONDecoder().decode([EQBand].self, from: json), bands)
    let text = String(decoding: try JSONEncoder().encode(bands[2]), as: UTF8.self)
    for key in ["\"shape\":\"bell\"", "\"frequencyHz\":2500", "\"gainDB\":-2.25", "\"q\":1.3"] {
      XCTAssertTrue(text.contains(key), "\(key) in \(text)")
    }
  }

  func testDecodingRejectsInvalidBandsWithAReason() {
    let cases = [
      (#"{"shape":"highPass","frequencyHz":30,"gainDB":3,"q":0.7}"#, "has no gain"),
      (#"{"shape":"bell","frequencyHz":-5,"gainDB":3,"q":1}"#, "positive number of hertz"),
      (#"{"shape":"bell","frequencyHz":1000,"gainDB":3,"q":0}"#, "Q must lie between"),
      (#"{"shape":"lowShelf","frequencyHz":100,"gainDB":40,"q":0.7}"#, "gain must lie between"),
    ]
    for (json, reason) in cases {
      XCTAssertThrowsError(try JSONDecoder().decode(EQBand.self, from: Data(json.utf8)), json) { error in
        guard case DecodingError.dataCorrupted(let context) = error else { return XCTFail("\(error)") }
        XCTAssertTrue(context.debugDescription.contains(reason), context.debugDescription)
      }
    }
    XCTAssertThrowsError(try JSONDecoder().decode(EQBand.self, from: Data(#"{"shape":"notch","frequencyHz":1000,"q":1}"#.utf8)))
  }

  /// A pass filter may leave its gain out of the JSON.
  func testPassFilterDecodesWithoutGain() throws {
    let band = try JSONDecoder().decode(EQBand.self, from: Data(#"{"shape":"highPass","frequencyHz":25,"q":0.7071}"#.utf8))
    XCTAssertEqual(band, EQBand.subsonicHighPass(cutoffHz: 25))
  }

  func testCoefficientsFollowTheShape() {
    let bell = EQBand(shape: .bell, frequencyHz: 1000, gainDB: 6, q: 1)
    XCTAssertEqual(bell.coefficients(sampleRate: 48_000).magnitudeDB(atHz: 1000, sampleRate: 48_000), 6, accuracy: 1e-9)
    XCTAssertEqual(bell.description, "EQBand(shape: bell, frequencyHz: 1000.0, gainDB: 6.0, q: 1.0)")
    XCTAssertEqual(
      EQBand(shape: .lowPass, frequencyHz: 5000, q: 0.7071).coefficients(sampleRate: 48_000)
        .magnitudeDB(atHz: 5000, sampleRate: 48_000), -3.01, accuracy: 0.01)
  }
}
