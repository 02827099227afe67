import DubplateAnalysis
import DubplateDSP
import DubplateProfiles
import DubplateSuggestions
import DubplateTestSupport
import Foundation
import XCTest

/// Injects one known defect at a time into synthesised mixes and requires the judge to name it,
/// and not to name it (or anything else) for the clean mix.
final class DefectInjectionTests: XCTestCase {
  private static let sampleRate = 44_100.0
  private static let synthesizer = ProgrammeSynthesizer(sampleRate: sampleRate, seconds: 8)
  /// A profile built from sixteen variations of the synthesised genre.
  private static let profile: GenreProfile = {
    let analyses = (1...16).map { variation in
      analyzeInMemory(synthesizer.mix(variation: UInt64(variation)), sampleRate: sampleRate, name: "variation-\(variation)")
    }
    return try! ProfileBuilder(name: "synth", description: "Synthesised test genre.")
      .build(from: analyses, sources: analyses.map(\.file), licence: "generated")
  }()
  private static let clean = synthesizer.mix(variation: 100)
  private static let drawsPerDefect = 3

  private func judge(_ buffer: AudioBuffer) -> SuggestionReport {
    let analysis = analyzeInMemory(buffer, sampleRate: Self.sampleRate, name: "mix")
    return SuggestionEngine(stage: .master, targetLUFS: analysis.loudness.integrated.map { _ in Self.cleanLoudness })
      .suggestions(for: analysis, against: Self.profile)
  }

  /// The clean mix is the loudness target, so only the injected damage can move loudness.
  private static let cleanLoudness = analyzeInMemory(clean, sampleRate: sampleRate, name: "clean").loudness.integrated!

  func testCleanMixHasNoFindings() {
    let report = judge(Self.clean)
    XCTAssertEqual(report.codes, [], report.suggestions.map(\.message).joined(separator: "\n"))
  }

  func testEveryInjectedDefectIsFoundWithFewUnrelatedFindings() {
    let injector = DefectInjector(sampleRate: Self.sampleRate)
    var random = SeededRandom(seed: 2026)
    var unrelatedTotal = 0
    var variants = 0
    var table = ["defect                 found  unrelated  parameters"]
    for defect in InjectedDefect.allCases {
      var found = 0
      var unrelated = 0
      var parameters: [String] = []
      for _ in 0..<Self.drawsPerDefect {
        let (damaged, description) = injector.inject(defect, into: Self.clean, random: &random)
        let codes = judge(damaged).codes
        parameters.append(description)
        if codes.contains(defect.expectedCode) {
          found += 1
        } else {
          XCTFail("\(defect) (\(description)): expected \(defect.expectedCode), got \(codes)")
        }
        let extra = codes.filter { $0 != defect.expectedCode && !defect.consequentCodes.contains($0) }
        unrelated += extra.count
        if !extra.isEmpty { print("\(defect) (\(description)): unrelated \(extra)") }
        variants += 1
      }
      unrelatedTotal += unrelated
      table.append(
        defect.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)
          + " \(found)/\(Self.drawsPerDefect)    \(unrelated)          \(parameters.joined(separator: "; "))")
    }
    print(table.joined(separator: "\n"))
    let unrelatedPerVariant = Double(unrelatedTotal) / Double(variants)
    XCTAssertLessThanOrEqual(unrelatedPerVariant, 0.1, "unrelated findings per variant")
  }
}
