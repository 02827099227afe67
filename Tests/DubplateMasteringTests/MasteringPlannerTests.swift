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
      case .truePeakGuard: "truePeakGuard"
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

  /// Limiting took 0.4 dB off the lows and 0.3 dB off the highs of a master matched to its
  /// reference; the trim after the limiter puts every 1/3-octave band back within 0.02 dB of
  /// the reference's shape, keeps the K-weighted level, and is followed by its true-peak guard.
  func testToneTrimPutsBackWhatLimitingMovedAndKeepsTheLevel() throws {
    let binWidthHz = spectra.binWidthHz
    let sloped = (0..<4097).map { bin in 1e-4 / max(1, Double(bin) * binWidthHz / 50) }
    let reference = LongTermSpectra(binWidthHz: binWidthHz, mid: sloped, side: sloped.map { $0 / 10 })
    let goal = MasteringGoal(targetLUFS: -14, ceilingDBTP: -1, references: [.init(analysis: AnalysisFixture.track(), spectra: reference)])
    let planner = MasteringPlanner()
    let base = planner.plan(for: AnalysisFixture.track(), spectra: reference, goal: goal).plan
    XCTAssertNil(planner.toneTrim(of: base, rendered: reference, goal: goal), "a master that matches needs no trim")
    func moved(_ power: [Double]) -> [Double] {
      power.enumerated().map { bin, value in
        let hz = Double(bin) * binWidthHz
        return value * Decibels.toPower(hz < 80 ? -0.4 : hz > 8_000 ? -0.3 : 0)
      }
    }
    let limited = LongTermSpectra(binWidthHz: binWidthHz, mid: moved(reference.mid), side: reference.side.map(moved))
    let trimmed = try XCTUnwrap(planner.toneTrim(of: base, rendered: limited, goal: goal))
    let limiterIndex = try XCTUnwrap(kinds(trimmed).firstIndex(of: "limiter"))
    XCTAssertEqual(Array(kinds(trimmed)[limiterIndex...].prefix(3)), ["limiter", "matchingEQ", "truePeakGuard"])
    guard case .limiter(let limiterCeiling, _, _) = trimmed.steps[limiterIndex].processing,
      case .matchingEQ(let mid, let side, let taps) = trimmed.steps[limiterIndex + 1].processing,
      case .truePeakGuard(let guardCeiling) = trimmed.steps[limiterIndex + 2].processing
    else { return XCTFail("\(kinds(trimmed))") }
    XCTAssertEqual(guardCeiling, limiterCeiling - MasteringPlanner.truePeakGuardMarginDB)
    func response(_ curve: [MasteringStep.CurvePoint]) -> [Double] {
      LinearPhaseFIR(curve: curve.map { ($0.hz, $0.gainDB) }, tapCount: taps)
        .powerResponse(sampleRate: 44_100, binWidthHz: binWidthHz, binCount: 4097)
    }
    let result = zip(limited.mid, response(mid)).map(*)
    let sideResult = zip(limited.side!, response(try XCTUnwrap(side))).map(*)
    // Shape: each 1/3-octave band against the reference's, after their mean difference.
    func bandErrorsDB(_ power: [Double], _ target: [Double]) -> [Double] {
      let errors = (-15...12).map { n -> Double in
        let centre = 1000 * pow(2, Double(n) / 3)
        let bins = (0..<4097).filter { abs(log2(Double($0) * binWidthHz / centre)) < 1.0 / 6 }
        return 10 * log10(bins.map { power[$0] }.reduce(0, +) / bins.map { target[$0] }.reduce(0, +))
      }
      let mean = errors.reduce(0, +) / Double(errors.count)
      return errors.map { $0 - mean }
    }
    XCTAssertLessThan(bandErrorsDB(result, reference.mid).map(abs).max()!, 0.02)
    XCTAssertLessThan(bandErrorsDB(sideResult, reference.side!).map(abs).max()!, 0.02)
    // Loudness: K-weighted power of mid plus side, ungated, as before the trim.
    let kWeighting = KWeightingFilter(sampleRate: 44_100)
    func kWeightedPower(_ mid: [Double], _ side: [Double]) -> Double {
      (1..<4097).map { bin in
        Decibels.toPower(kWeighting.magnitudeDB(atHz: Double(bin) * binWidthHz, sampleRate: 44_100)) * (mid[bin] + side[bin])
      }.reduce(0, +)
    }
    XCTAssertEqual(
      10 * log10(kWeightedPower(result, sideResult) / kWeightedPower(limited.mid, limited.side!)), 0, accuracy: 0.01)
    // More than a trim puts back (a 3 dB hole) is left to a corrected matching EQ; a blend is not trimmed.
    let holed = LongTermSpectra(
      binWidthHz: binWidthHz, mid: reference.mid.enumerated().map { ($0.offset * 10) / 4097 == 3 ? $0.element / 2 : $0.element },
      side: reference.side)
    XCTAssertNil(planner.toneTrim(of: base, rendered: holed, goal: goal))
    var partly = goal
    partly.amount = 0.5
    XCTAssertNil(planner.toneTrim(of: base, rendered: limited, goal: partly))
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
