import DubplateAnalysis
import Foundation
import XCTest

/// The JSON contract: every key present, `null` for undefined values, no NaN or infinity.
final class TrackAnalysisJSONTests: XCTestCase {
  private func sample(integrated: Double?, truePeak: Double) -> TrackAnalysis {
    TrackAnalysis(
      file: "x.wav",
      format: .init(sampleRate: 44_100, channels: 1, frames: 100, durationSeconds: 0.002, container: "WAV", encoding: "PCM 16-bit", channelLayout: ["mono"]),
      loudness: .init(integrated: integrated, range: nil, truePeak: truePeak, samplePeak: -.infinity, momentaryMax: .nan, shortTermMax: nil, plr: nil, psr: nil, truePeakOversampling: 4),
      dynamics: .init(crestFactor: nil, rms: nil, dcOffset: [0], clippedSamples: 0, clippedRuns: 0, firstClipsSeconds: [], leadingSilenceSeconds: 0, trailingSilenceSeconds: 0, nonFiniteSamples: 0),
      stereo: nil,
      spectrum: .init(bands: [.init(hz: 20, db: -.infinity)], namedBands: NamedBandValues(), tilt: nil, normalizedBands: [], normalizedNamedBands: NamedBandValues()),
      timeline: .init(shortTermLUFS: [nil, -20], momentaryMaxLUFS: []),
      warnings: [])
  }

  func testUndefinedValuesAreNullAndKeysStay() throws {
    let data = try JSONEncoder().encode(sample(integrated: nil, truePeak: -.infinity))
    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    XCTAssertTrue(json["stereo"] is NSNull)
    XCTAssertTrue((json["timeline"] as? [String: Any])?["correlation"] is NSNull, "mono: correlation over time is null")
    let loudness = try XCTUnwrap(json["loudness"] as? [String: Any])
    for key in ["integrated", "range", "truePeak", "samplePeak", "momentaryMax", "shortTermMax", "plr", "psr"] {
      XCTAssertTrue(loudness[key] is NSNull, key)
    }
    let named = try XCTUnwrap((json["spectrum"] as? [String: Any])?["namedBands"] as? [String: Any])
    XCTAssertEqual(named.count, 6)
    XCTAssertTrue(named["low-mid"] is NSNull)
    let text = String(decoding: data, as: UTF8.self)
    XCTAssertFalse(text.contains("nan") || text.contains("inf"), text)
  }

  func testRoundTripKeepsValues() throws {
    let original = sample(integrated: -14.2, truePeak: -1.0)
    let decoded = try JSONDecoder().decode(TrackAnalysis.self, from: JSONEncoder().encode(original))
    XCTAssertEqual(decoded, original)
    XCTAssertEqual(decoded.loudness.integrated, -14.2)
    XCTAssertNil(decoded.loudness.momentaryMax)
  }

  /// Analyses written before `timeline.correlation` existed still decode (e.g. a results file resumed).
  func testTimelineWithoutCorrelationDecodes() throws {
    let json = #"{"shortTermLUFS": [null, -20], "momentaryMaxLUFS": [-18]}"#
    let timeline = try JSONDecoder().decode(TrackAnalysis.Timeline.self, from: Data(json.utf8))
    XCTAssertNil(timeline.correlation)
    XCTAssertEqual(timeline.momentaryMaxLUFS, [-18])
  }
}
