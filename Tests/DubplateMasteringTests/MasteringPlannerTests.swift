import DubplateAnalysis
import DubplateDSP
import DubplateMastering
import DubplateProfiles
import DubplateTestSupport
import XCTest

/// Which steps the planner chooses, with which settings, from which measurements.
final class MasteringPlannerTests: XCTestCase {
  private let spectra = LongTermSpectra(binWidthHz: 44_100 / 8192, mid: Array(repeating: 1e-6, count: 4097), side: Array(repeating: 1e-7, count: 4097))

  private func plan(_ mix: TrackAnalysis, _ goal: MasteringGoal) -> MasteringPlan {
    MasteringPlanner().plan(for: mix, spectra: spectra, goal: goal).plan
  }

  private func kinds(_ plan: MasteringPlan) -> [String] {
    plan.steps.map { step in
      switch step.processing {
      case .eq: "eq"
      case .matchingEQ: "matchingEQ"
      case .compressor: "compressor"
      case .multibandCompressor: "multiband"
      case .stereoWidth: "stereo"
      case .gain: "gain"
      case .limiter: "limiter"
      case .dither: "dither"
      }
    }
  }

  func testAPlainTargetIsGainAndLimiterOnly() {
    let result = plan(AnalysisFixture.track(), MasteringGoal(targetLUFS: -14, ceilingDBTP: -1))
    XCTAssertEqual(kinds(result), ["gain", "limiter"])
    guard case .limiter(let ceiling, _, _) = result.steps[1].processing else { return XCTFail() }
    XCTAssertEqual(ceiling, -1 - MasteringPlanner.limiterMarginDB)
  }

  func testDCOffsetGetsAHighPassWithItsReason() {
    let result = plan(AnalysisFixture.track(dcOffset: 0.004), MasteringGoal(targetLUFS: -14, ceilingDBTP: -1))
    XCTAssertEqual(kinds(result).first, "eq")
    XCTAssertTrue(result.steps[0].reason.contains("DC offset of 0.40 %"), result.steps[0].reason)
    // DC alone: the musical low end keeps its level (a reference match measures it to 0.01 dB).
    guard case .eq(let bands) = result.steps[0].processing, bands.count == 1 else { return XCTFail("\(result.steps[0])") }
    for sampleRate in [44_100.0, 96_000] {
      let coefficients = bands[0].coefficients(sampleRate: sampleRate)
      XCTAssertEqual(coefficients.magnitudeDB(atHz: 20, sampleRate: sampleRate), 0, accuracy: 0.02)
      XCTAssertEqual(coefficients.magnitudeDB(atHz: 31.5, sampleRate: sampleRate), 0, accuracy: 0.005)
      XCTAssertLessThan(coefficients.magnitudeDB(atHz: 0.1, sampleRate: sampleRate), -60)
    }
  }

  func testProfileEQMovesAreBroadAndCapped() throws {
    let profile = try ProfileBuilder(name: "flat", description: "").build(
      from: (0..<6).map { _ in AnalysisFixture.track() }, sources: [], licence: "")
    var bands = AnalysisFixture.defaultBands
    bands[.lowMid]! += 10
    let result = plan(AnalysisFixture.track(namedBands: bands), MasteringGoal(targetLUFS: -14, ceilingDBTP: -1, profile: profile))
    guard case .eq(let eqBands) = result.steps[0].processing else { return XCTFail("\(kinds(result))") }
    let lowMid = try XCTUnwrap(eqBands.first { $0.frequencyHz == 350 })
    XCTAssertEqual(lowMid.gainDB, -MasteringPlanner.maximumProfileEQDB)
  }

  func testDynamicMixGetsGlueCompressionTowardTheProfile() throws {
    let profile = try ProfileBuilder(name: "loud", description: "").build(
      from: (0..<6).map { _ in AnalysisFixture.track(integrated: -9, truePeak: -1) }, sources: [], licence: "")
    let dynamic = AnalysisFixture.track(integrated: -20, truePeak: -2)  // PLR 18 dB vs the profile's 8
    XCTAssertTrue(kinds(plan(dynamic, MasteringGoal(targetLUFS: -9, ceilingDBTP: -1, profile: profile))).contains("compressor"))
    XCTAssertTrue(kinds(plan(dynamic, MasteringGoal(targetLUFS: -9, ceilingDBTP: -1, profile: profile, multiband: true))).contains("multiband"))
    XCTAssertFalse(kinds(plan(AnalysisFixture.track(integrated: -9, truePeak: -1), MasteringGoal(targetLUFS: -9, ceilingDBTP: -1, profile: profile))).contains("compressor"))
  }

  func testWideLowEndIsMadeMonoAndMonoInputSkipsStereo() {
    let wide = plan(AnalysisFixture.track(lowEndCorrelation: 0.4), MasteringGoal(targetLUFS: -14, ceilingDBTP: -1))
    XCTAssertTrue(wide.steps.contains { $0.processing == .stereoWidth(sideGainDB: 0, monoBelowHz: 120) })
    let mono = MasteringPlanner().plan(for: AnalysisFixture.track(mono: true), spectra: spectra, goal: MasteringGoal(targetLUFS: -14, ceilingDBTP: -1))
    XCTAssertFalse(kinds(mono.plan).contains("stereo"))
    XCTAssertTrue(mono.notes.contains { $0.hasPrefix("Mono input") })
  }

  func testReferencesGiveAMatchingEQForMidAndSide() {
    var brighter = spectra
    brighter.mid = brighter.mid.enumerated().map { index, power in index > 500 ? power * 4 : power }
    let reference = MasteringGoal.Reference(analysis: AnalysisFixture.track(), spectra: brighter)
    let result = plan(AnalysisFixture.track(), MasteringGoal(targetLUFS: -14, ceilingDBTP: -1, references: [reference]))
    guard case .matchingEQ(let mid, let side, _) = result.steps[0].processing else { return XCTFail("\(kinds(result))") }
    XCTAssertNotNil(side)
    let high = mid.last { $0.hz < 15_000 }!.gainDB
    let low = mid.first { $0.hz > 100 }!.gainDB
    XCTAssertGreaterThan(high - low, 5, "the mix is brightened toward the reference")
  }

  func testPlanValidationRefusesAForeignRateAndBadValues() {
    let result = plan(AnalysisFixture.track(), MasteringGoal(targetLUFS: -14, ceilingDBTP: -1))
    XCTAssertNil(result.problem(sampleRate: 44_100, channelCount: 2))
    XCTAssertEqual(result.problem(sampleRate: 48_000, channelCount: 2), "it was designed at 44100 Hz and this master runs at 48000 Hz (the input's rate, or --sample-rate).")
    var broken = result
    broken.steps[0] = MasteringStep(.gain(gainDB: 200), reason: "")
    XCTAssertEqual(broken.problem(sampleRate: 44_100, channelCount: 2), "step 1: gain must lie between −96 and +48 dB.")
  }

  func testRefinementAddsWhatTheRenderedMasterStillMisses() throws {
    let reference = MasteringGoal.Reference(analysis: AnalysisFixture.track(), spectra: spectra)
    let goal = MasteringGoal(targetLUFS: -14, ceilingDBTP: -1, references: [reference])
    let planner = MasteringPlanner()
    let base = plan(AnalysisFixture.track(), goal)
    XCTAssertNil(planner.refinedTone(of: base, rendered: spectra, goal: goal), "a master that matches needs no second round")
    // The rendered master lacks 3 dB between 1 and 2 kHz (mid and side alike).
    let dip = { (power: [Double]) in power.enumerated().map { bin, value in (1000...2000).contains(Double(bin) * self.spectra.binWidthHz) ? value / 2 : value } }
    let rendered = LongTermSpectra(binWidthHz: spectra.binWidthHz, mid: dip(spectra.mid), side: spectra.side.map(dip))
    let refined = try XCTUnwrap(planner.refinedTone(of: base, rendered: rendered, goal: goal))
    guard let step = refined.steps.first(where: { if case .matchingEQ = $0.processing { true } else { false } }),
      case .matchingEQ(let mid, let side, _) = step.processing
    else { return XCTFail("\(kinds(refined))") }
    let at1400 = try XCTUnwrap(mid.min { abs($0.hz - 1400) < abs($1.hz - 1400) })
    // Shape only: the references are level-matched over 100 Hz-10 kHz, so the rest of the
    // curve moves down a little with the dip's share of that power (the gain makes it up).
    let low = try XCTUnwrap(mid.first { $0.hz < 200 }).gainDB
    XCTAssertEqual(at1400.gainDB - low, 3, accuracy: 0.5)
    XCTAssertEqual(low, 0, accuracy: 0.5)
    XCTAssertNotNil(side)
    XCTAssertTrue(step.reason.contains("corrected once more"), step.reason)
    XCTAssertEqual(kinds(refined).filter { $0 == "matchingEQ" }.count, 1)
    var partly = goal
    partly.amount = 0.5
    XCTAssertNil(planner.refinedTone(of: base, rendered: rendered, goal: partly), "a blended match is not pulled to 100 %")
  }
}
