import DubplateAnalysis
import DubplateDSP
import DubplateProfiles
import DubplateSuggestions
import DubplateTestSupport
import Foundation
import XCTest

/// Rule-level behaviour of the judge on hand-made analyses.
final class SuggestionEngineTests: XCTestCase {
  private let profile: GenreProfile = {
    let tracks = (0..<10).map { (index: Int) -> TrackAnalysis in
      let step = Double(index)
      let shift: Double = (step.truncatingRemainder(dividingBy: 5)) * 0.5 - 1
      let bands: [NamedBand: Double] = AnalysisFixture.defaultBands.mapValues { $0 + shift }
      let integrated: Double = -11 + step.truncatingRemainder(dividingBy: 3) * 0.5
      let width: Double = -12 + step.truncatingRemainder(dividingBy: 4)
      return AnalysisFixture.track(integrated: integrated, truePeak: -1.2, imageWidth: width, namedBands: bands)
    }
    return try! ProfileBuilder(name: "rock", description: "", targets: .init(integratedLUFS: -11, truePeakCeilingDBTP: -1))
      .build(from: tracks, sources: [], licence: "")
  }()

  func testAMixInsideTheProfileHasNoFindings() {
    let report = SuggestionEngine().suggestions(for: AnalysisFixture.track(integrated: -11, truePeak: -1.5, imageWidth: -11), against: profile)
    XCTAssertEqual(report.codes, [])
  }

  func testLowMidExcessProposesACutWithParameters() throws {
    var bands = AnalysisFixture.defaultBands
    bands[.lowMid]! += 6
    let report = SuggestionEngine().suggestions(for: AnalysisFixture.track(integrated: -11, truePeak: -1.5, imageWidth: -11, namedBands: bands), against: profile)
    XCTAssertEqual(report.codes, ["spectrum.low-mid.excess"])
    let finding = report.suggestions[0]
    XCTAssertTrue(finding.message.hasPrefix("Low mids (250-500 Hz) sit "), finding.message)
    XCTAssertTrue(finding.message.contains("the rock profile's range: the mix sounds muddy."), finding.message)
    guard case .eq(let shape, let hz, let gain, let q)? = finding.action else { return XCTFail("\(String(describing: finding.action))") }
    XCTAssertEqual(shape, .bell)
    XCTAssertTrue((250..<500).contains(hz))
    XCTAssertLessThan(gain!, -2)
    XCTAssertGreaterThanOrEqual(gain!, -6)
    XCTAssertEqual(q, 1)
  }

  func testQuietMixIsNotAlsoCalledDull() {
    let report = SuggestionEngine().suggestions(for: AnalysisFixture.track(integrated: -25, truePeak: -14, imageWidth: -11), against: profile)
    XCTAssertEqual(report.codes, ["loudness.too-quiet"])
    XCTAssertEqual(report.suggestions[0].severity, .problem)
    XCTAssertEqual(report.suggestions[0].action, .limiter(ceilingDBTP: -1, gainDB: 14))
  }

  func testMixStageGivesNoLoudnessAdviceButAsksForHeadroom() {
    let report = SuggestionEngine(stage: .mix).suggestions(for: AnalysisFixture.track(integrated: -11, truePeak: -0.5, imageWidth: -11), against: profile)
    XCTAssertEqual(report.codes, ["peak.true-peak-over"])
    XCTAssertTrue(report.suggestions[0].advice.contains("−6 and −3 dBFS"), report.suggestions[0].advice)
  }

  func testOverridesReplaceTheProfileTargets() {
    let report = SuggestionEngine(targetLUFS: -14, ceilingDBTP: -2).suggestions(for: AnalysisFixture.track(integrated: -11, truePeak: -1.5, imageWidth: -11), against: profile)
    XCTAssertEqual(Set(report.codes), ["loudness.too-loud", "peak.true-peak-over"])
    XCTAssertEqual(report.targetLUFS, -14)
    XCTAssertEqual(report.ceilingDBTP, -2)
  }

  func testPhysicsRulesAreAbsolute() {
    let report = SuggestionEngine().suggestions(
      for: AnalysisFixture.track(integrated: -11, truePeak: 0.4, correlation: -0.4, dcOffset: 0.04, clippedRuns: 12), against: profile)
    XCTAssertEqual(Array(report.codes.prefix(4)).sorted(), ["clipping", "dc-offset", "peak.true-peak-over", "stereo.phase"])
    XCTAssertTrue(report.suggestions.prefix(4).allSatisfy { $0.severity == .problem })
  }

  func testMonoMixSkipsStereoChecksAndSaysSo() {
    let report = SuggestionEngine().suggestions(for: AnalysisFixture.track(integrated: -11, truePeak: -1.5, mono: true), against: profile)
    XCTAssertFalse(report.codes.contains { $0.hasPrefix("stereo.") })
    XCTAssertTrue(report.skipped.contains("stereo: the file is mono."))
  }

  func testJSONContractAndDeterminism() throws {
    var bands = AnalysisFixture.defaultBands
    bands[.lowMid]! += 4.5
    let track = AnalysisFixture.track(integrated: -20, truePeak: -1.5, namedBands: bands)
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let first = try encoder.encode(SuggestionEngine().suggestions(for: track, against: profile))
    let second = try encoder.encode(SuggestionEngine().suggestions(for: track, against: profile))
    XCTAssertEqual(first, second)
    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: first) as? [String: Any])
    XCTAssertEqual(json["schema"] as? String, "dubplate.suggestions/1")
    XCTAssertEqual(json["against"] as? String, "rock")
    XCTAssertEqual(json["stage"] as? String, "master")
    let suggestions = try XCTUnwrap(json["suggestions"] as? [[String: Any]])
    let lowMid = try XCTUnwrap(suggestions.first { $0["code"] as? String == "spectrum.low-mid.excess" })
    XCTAssertEqual(lowMid["severity"] as? String, "warning")
    XCTAssertNotNil(lowMid["measured"] as? Double)
    XCTAssertEqual((lowMid["expected"] as? [Double])?.count, 2)
    let action = try XCTUnwrap(lowMid["action"] as? [String: Any])
    XCTAssertEqual(action["type"] as? String, "eq")
    XCTAssertEqual(action["shape"] as? String, "bell")
    XCTAssertEqual(Set(action.keys), ["type", "shape", "hz", "gainDB", "q"])
  }

  func testEveryCodeIsExplained() {
    for code in SuggestionCode.all {
      let explanation = code.explanation
      XCTAssertFalse(explanation.meaning.isEmpty || explanation.source.isEmpty || explanation.ruleOfThumb.isEmpty, code.rawValue)
    }
    XCTAssertEqual(SuggestionCode.all.count, 23)
  }
}
