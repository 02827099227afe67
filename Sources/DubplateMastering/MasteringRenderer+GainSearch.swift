import DubplateAnalysis
import DubplateDSP
import Foundation
import Synchronization

/// What one gain search found: the plan with its gain, the output of the pass it settled on,
/// and what a later search of a corrected plan can start from.
struct GainSearchOutcome {
  var plan: MasteringPlan
  var passes: Int
  var compromises: [String]
  var output: MasteringRenderer.Rendered
  var seed: GainSearchSeed
  /// The corrected plan ``MasteringRenderer/ToneCorrection/refine`` asked for after the first
  /// passes; the search stopped there, and `seed` points at the gain it would have tried next.
  var refinedPlan: MasteringPlan?
}

/// Where a search ended, for a search of a slightly changed plan (a refined EQ) to begin at.
struct GainSearchSeed {
  /// The gain chosen, dB, and the loudness (LUFS) and true peak (dBTP) before the gain it was found for.
  var gainDB: Double
  var preGainLoudnessLUFS: Double
  var preGainTruePeakDBTP: Double
  /// The last measured slope of output loudness over gain (limiting bends it below 1).
  var slope: Double
  /// The lowest gain found too heavy for the limiting cap, dB (∞ when none was).
  var lowestHeavyGainDB: Double
  /// The last measured slope of sustained limiting over gain (see ``MasteringRenderer/sustainedReductionDB(_:)``).
  var reductionSlope: Double
}

extension MasteringRenderer {
  /// Passes a seeded search may run: it starts next to its answer.
  static let maximumSeededPasses = 3
  /// Below this share of limited 100 ms stretches a first pass runs alone (and delivers): on
  /// the degrade-and-restore bench's 25 runs, first passes where this judged at most 0.92 % of
  /// stretches limited missed the target by at most 0.011 LU, those with 4.4 % or more by 0.23
  /// LU or more.
  static let fewLimitedStretchesShare = 0.015
  /// How far a stretch's true peak may sit above its sample peak, dB (on music, rarely more).
  static let samplePeakMarginDB = 0.5
  /// A search short of its target stops once sustained limiting is this close under the cap, dB:
  /// the last fraction of a dB of loudness is not worth another whole render.
  static let capSettlingDB = 0.25
  /// How far under the predicted cap gain the search aims, dB.
  static let capMarginDB = 0.05
  /// How far outside the pair's gains (a share of their spacing) their spectra are extrapolated.
  static let pairExtrapolation = 0.5

  /// Finds the gain whose limited output meets the target: a first pass at the gain the
  /// unlimited signal needs (or where `seed` points), then secant steps on the measured
  /// (gain → loudness) curve, which limiting bends below a slope of 1. Unless heavy limiting
  /// is allowed, a pass whose limiter takes more than ``maximumLimitingDB`` in over a tenth of
  /// the track (``sustainedReductionDB(_:)``) is too heavy: the gain backs off below it and the
  /// render settles short of the target, saying so. Without a limiter the gain stops where the
  /// true peak would pass the ceiling. Sustained limiting grows at most 1 dB per dB of gain, so
  /// its measured slope places the gain where it reaches the cap, and the search never aims past it.
  ///
  /// With a `tone` correction, the first pass (or pair) and the chosen pass are checked: when
  /// ``MasteringRenderer/ToneCorrection/refine`` asks for a corrected plan, the search stops
  /// and returns that plan, seeded to go on where it stopped (a seeded search gets no `tone`).
  ///
  /// A pass that runs alone follows a secant step or a seed, so it is likely the last: it
  /// delivers (writes and measures the master) as it renders, and a pass that is not chosen
  /// drops its file. The pair only measures (their spectra too, for the tone check); should
  /// one of them be chosen, it is rendered once more, delivering.
  ///
  /// A limiter that works on more than a few stretches of the track moves its long-term
  /// spectrum (it turns down the loud moments, and with them what is loud: a kick, a cymbal);
  /// with a `tone` correction, ``MasteringRenderer/ToneCorrection/trim`` puts it back after
  /// the limiter. The pair measures how the spectrum moves with the gain, and a trim fitted to
  /// the spectra expected at the next gain (``expectedSpectra(at:from:)``) joins the passes
  /// still to come, which deliver as before. Where that gain lies too far outside the pair,
  /// the later passes only measure, and the chosen one is rendered once more, delivering,
  /// with a trim fitted to its own spectra; so is a pair pass that is chosen.
  func searchForGain(
    _ pre: Rendered, plan: MasteringPlan, seed: GainSearchSeed?, tone: ToneCorrection? = nil,
    deliveries: MasteringDeliveries
  ) throws -> GainSearchOutcome {
    let refinement = tone?.refine
    let (preLoudness, preTruePeak) = (pre.loudness, pre.truePeak)
    let limiterCeiling = plan.steps.lazy.compactMap { step -> Double? in
      if case .limiter(let ceiling, _, _) = step.processing { ceiling } else { nil }
    }.first
    // The gain never asks the limiter for more than `largestPeakReductionDB`, even when heavy
    // limiting is allowed, nor leaves the gain stage's range.
    let peakBoundGain = min(
      limiterCeiling.map { $0 + Self.largestPeakReductionDB - preTruePeak } ?? plan.ceilingDBTP - preTruePeak,
      Gain.rangeDB.upperBound)
    let capsLimiting = limiterCeiling != nil && !allowHeavyLimiting
    // A seed found for another pre-gain signal moves with it: by the change in loudness, and,
    // where limiting took 1 − s of each dB of gain (s the measured slope), by what peaks that
    // rose by δ dB cost, about (1 − s)·δ LU, won back at s LU per dB.
    let shift = seed.map { seed in
      let s = max(0.25, seed.slope)
      return ((1 - s) * (preTruePeak - seed.preGainTruePeakDBTP) + seed.preGainLoudnessLUFS - preLoudness) / s
    } ?? 0
    var gain = min(seed.map { $0.gainDB + shift } ?? plan.targetLUFS - preLoudness, peakBoundGain)
    var slope = seed?.slope ?? 1
    var lowestHeavyGain = seed.map { $0.lowestHeavyGainDB + shift } ?? .infinity
    var reductionSlope = seed?.reductionSlope ?? 1
    var lastLimited: (gain: Double, reductionDB: Double)?
    var capGain = Double.infinity
    var refinementChecked = false
    var settledAtCap = false
    let passLimit = seed == nil ? Self.maximumPasses : Self.maximumSeededPasses
    // What a search of a corrected plan starts from, with this search's measurements so far.
    func seedAt(_ gain: Double) -> GainSearchSeed {
      GainSearchSeed(
        gainDB: gain, preGainLoudnessLUFS: preLoudness, preGainTruePeakDBTP: preTruePeak, slope: slope,
        lowestHeavyGainDB: lowestHeavyGain, reductionSlope: reductionSlope)
    }
    var passes = 0
    var previous: (gain: Double, loudness: Double)?
    var best: (gain: Double, error: Double, output: Rendered)?
    // The least heavy of the too-heavy passes, kept only while no acceptable pass exists.
    var heaviest: (gain: Double, output: Rendered)?
    // When the first gain drives the limiter, a second gain is tried on the other core at the
    // same time: limiting costs loudness, so the answer lies above the first guess, and the two
    // points give the secant its slope at once. (A seeded search starts next to its answer, and
    // where the limiter will touch only a few peaks the first guess is the answer.)
    var pending: [(gain: Double, output: Rendered)] = []
    let limitsMuch = limiterCeiling.map { ceiling in
      preTruePeak + gain > ceiling && !limitsFewStretches(pre, gain: gain, limiterCeilingDBTP: ceiling)
    } ?? false
    let trimsTone = tone != nil && limitsMuch
    // Set when the trim cannot be fitted ahead: later passes then only measure.
    var measuresOnly = false
    // The plan the passes render: `plan`, until a tone trim joins it after the pair.
    var searchPlan = plan
    var pairSpectra: [(gain: Double, spectra: LongTermSpectra)] = []
    if let limiterCeiling, seed == nil, limitsMuch {
      let gains = [gain, min(gain + max(0.25, (preTruePeak + gain - limiterCeiling) / 2), peakBoundGain)]
      let outputs = Mutex<[Rendered?]>([nil, nil])
      let preBuffer = pre.buffer
      let checksTone = refinement != nil || trimsTone
      ParallelWork.run(count: 2) { index in
        let output = renderOutputStages(
          preBuffer, plan: plan.settingGain(gains[index], reason: ""), pipelined: false,
          stage: index == 0 ? "limiting, passes 1-2" : nil, measureSpectra: checksTone)
        outputs.withLock { $0[index] = output }
      }
      pending = outputs.withLock { results in zip(gains, results).map { ($0, $1!) } }
      if trimsTone { pairSpectra = pending.map { ($0.gain, $0.output.longTermSpectra) } }
    }
    while passes < passLimit {
      let output: Rendered
      if !pending.isEmpty {
        (gain, output) = pending.removeFirst()
      } else {
        let passPlan = searchPlan.settingGain(gain, reason: "")
        // Without a file to deliver to (say it could not be opened), the pass only measures;
        // the chosen pass is then written afterwards, where the failure is reported.
        let delivery = measuresOnly ? nil : try? deliveries.make(plan: passPlan)
        output = renderOutputStages(
          pre.buffer, plan: passPlan, pipelined: true,
          stage: delivery == nil ? "limiting, pass \(passes + 1)" : "limiting and writing, pass \(passes + 1)",
          delivery: delivery, measureSpectra: delivery == nil && (refinement != nil || trimsTone))
      }
      passes += 1
      let error = plan.targetLUFS - output.loudness
      let reductionDB = sustainedReductionDB(output)
      let isHeavy = capsLimiting && reductionDB > maximumLimitingDB
      if isHeavy {
        lowestHeavyGain = min(lowestHeavyGain, gain)
        if best == nil && (heaviest == nil || gain <= heaviest!.gain) { heaviest = (gain, output) }
      } else if best == nil || abs(error) < abs(best!.error) {
        best = (gain, error, output)
        heaviest = nil
      }
      if capsLimiting && reductionDB > 0 {
        if let lastLimited, abs(gain - lastLimited.gain) > 1e-6 {
          reductionSlope = min(1, max(0.25, (reductionDB - lastLimited.reductionDB) / (gain - lastLimited.gain)))
        }
        lastLimited = (gain, reductionDB)
        capGain = gain + (maximumLimitingDB - reductionDB) / reductionSlope
      }
      if let previous, gain != previous.gain {
        slope = min(1, max(0.05, (output.loudness - previous.loudness) / (gain - previous.gain)))
      }
      if !isHeavy && abs(error) <= Self.toleranceLU { break }
      previous = (gain, output.loudness)
      if !pending.isEmpty { continue }
      // Too quiet with limiting already at the cap: as loud as the cap allows.
      if !isHeavy && error > 0 && reductionDB >= maximumLimitingDB - Self.capSettlingDB {
        settledAtCap = true
        break
      }
      var next = isHeavy ? capGain - Self.capMarginDB : min(gain + error / slope, peakBoundGain, capGain - Self.capMarginDB)
      if next >= lowestHeavyGain {
        // Between the best acceptable gain and the lowest known too-heavy one.
        guard let best, lowestHeavyGain - best.gain > 0.1 else { break }
        next = (best.gain + lowestHeavyGain) / 2
      }
      if abs(next - gain) < 1e-6 { break }  // at the peak bound and still short: the compromise below says so
      gain = next
      if let tone, pairSpectra.count == 2 {
        // A trim for what the limiter moves, or, for more than a trim puts back, a refinement.
        if let expected = expectedSpectra(at: gain, from: pairSpectra) {
          if let trimmed = tone.trim(plan, expected) {
            searchPlan = trimmed
            refinementChecked = true
          }
        } else {
          measuresOnly = true
        }
        pairSpectra = []
      }
      if let refinement, !refinementChecked, let kept = best?.output ?? heaviest?.output {
        refinementChecked = true
        guard let refinedPlan = refinement(plan, kept.longTermSpectra) else { continue }
        return GainSearchOutcome(
          plan: plan, passes: passes, compromises: [], output: kept, seed: seedAt(gain), refinedPlan: refinedPlan)
      }
    }
    var chosen = best ?? heaviest.map { ($0.gain, plan.targetLUFS - $0.output.loudness, $0.output) }!
    if let tone, pairSpectra.count == 2, let trimmed = tone.trim(plan, chosen.output.longTermSpectra) {
      // The pair found the gain: the trim is fitted to the chosen pass's own spectra, and that
      // gain rendered once more with it, delivering.
      searchPlan = trimmed
    } else if let refinement, let refinedPlan = refinement(plan, chosen.output.longTermSpectra) {
      // What the search chose has its tone checked too (the first check saw an earlier pass).
      return GainSearchOutcome(
        plan: plan, passes: passes, compromises: [], output: chosen.output, seed: seedAt(chosen.gain), refinedPlan: refinedPlan)
    }
    let compromises = compromises(
      plan: plan, chosen: (chosen.gain, chosen.error, chosen.output), passes: passes,
      limited: lowestHeavyGain.isFinite || settledAtCap, atPeakBound: chosen.gain >= peakBoundGain - 1e-9, hasLimiter: limiterCeiling != nil)
    var chosenPlan = searchPlan.settingGain(chosen.gain, reason: gainReason(plan, capped: !compromises.isEmpty))
    if measuresOnly, let trimmed = tone?.trim(chosenPlan, chosen.output.longTermSpectra) {
      // The trim could not be fitted ahead: it is fitted to the chosen pass's own spectra.
      chosenPlan = trimmed
    }
    if chosen.output.delivery == nil {
      // A pass that only measured (one of the pair, or one whose file could not be opened):
      // the same gain once more, delivering; the same samples, so the same measurements.
      chosen.output = renderOutputStages(
        pre.buffer, plan: chosenPlan, pipelined: true, stage: "limiting and writing",
        delivery: try deliveries.make(plan: chosenPlan))
    }
    return GainSearchOutcome(
      plan: chosenPlan, passes: passes, compromises: compromises, output: chosen.output, seed: seedAt(chosen.gain),
      refinedPlan: nil)
  }

  /// The long-term spectra expected at `gain`, interpolated between the pair's in dB per bin
  /// (limiting moves the spectrum the more the harder it works, smoothly with the gain), or
  /// `nil` when `gain` lies more than half their spacing outside them, too far to extrapolate.
  private func expectedSpectra(at gain: Double, from pair: [(gain: Double, spectra: LongTermSpectra)]) -> LongTermSpectra? {
    let (low, high) = (pair[0], pair[1])
    let spacing = high.gain - low.gain
    guard abs(spacing) > 1e-9 else { return nil }
    let position = (gain - low.gain) / spacing
    guard (-Self.pairExtrapolation...(1 + Self.pairExtrapolation)).contains(position) else { return nil }
    func between(_ a: [Double], _ b: [Double]) -> [Double] {
      zip(a, b).map { a, b in a > 0 && b > 0 ? exp((1 - position) * log(a) + position * log(b)) : a }
    }
    return LongTermSpectra(
      binWidthHz: low.spectra.binWidthHz, mid: between(low.spectra.mid, high.spectra.mid),
      side: low.spectra.side.flatMap { lowSide in high.spectra.side.map { between(lowSide, $0) } })
  }

  /// Whether the limiter will reach into under ``fewLimitedStretchesShare`` of the 100 ms
  /// stretches of `pre` at `gain`, judged by their sample peaks plus ``samplePeakMarginDB``.
  private func limitsFewStretches(_ pre: Rendered, gain: Double, limiterCeilingDBTP: Double) -> Bool {
    guard let peakHistory = pre.peakHistory else { return false }
    let level = Decibels.toAmplitude(limiterCeilingDBTP - TruePeakLimiter.safetyMarginDB - gain - Self.samplePeakMarginDB)
    return peakHistory.shareAbove(Float(level)) < Self.fewLimitedStretchesShare
  }

  /// Where the search stopped short of the goal, in one sentence each.
  private func compromises(
    plan: MasteringPlan, chosen: (gain: Double, error: Double, output: Rendered), passes: Int, limited: Bool,
    atPeakBound: Bool, hasLimiter: Bool
  ) -> [String] {
    let reached = plan.targetLUFS - chosen.error
    if chosen.error > Self.toleranceLU && limited {
      return ["The target \(oneDecimal(plan.targetLUFS)) LUFS needs the limiter to take more than \(oneDecimal(maximumLimitingDB)) dB for over a tenth of the track; stopped at \(oneDecimal(reached)) LUFS, where it takes \(oneDecimal(sustainedReductionDB(chosen.output))) dB. Say --allow-heavy-limiting to go further."]
    }
    if chosen.error > Self.toleranceLU && atPeakBound {
      return [hasLimiter
        ? "The gain stops at \(String(format: "%+.1f", chosen.gain)) dB (peaks cut by up to \(oneDecimal(Self.largestPeakReductionDB)) dB, or the gain stage's +48 dB): \(oneDecimal(reached)) LUFS instead of \(oneDecimal(plan.targetLUFS))."
        : "Without a limiter the gain stops at \(String(format: "%+.1f", chosen.gain)) dB to keep true peaks under \(oneDecimal(plan.ceilingDBTP)) dBTP: \(oneDecimal(reached)) LUFS instead of \(oneDecimal(plan.targetLUFS))."]
    }
    if abs(chosen.error) > 0.1 {
      return ["Loudness settled \(oneDecimal(abs(chosen.error))) LU from the target after \(passes) passes."]
    }
    return []
  }

  /// The limiter's gain reduction exceeded in a tenth of the 100 ms stretches of `output`, dB:
  /// how hard it works on the music, where the deepest single cut only says how hard it hit
  /// the loudest transient (a dynamic mix brought to −14 LUFS may cut a few hits by 8 dB and
  /// sound untouched; a master squashed by 6 dB for 10 % of its length does not).
  func sustainedReductionDB(_ output: Rendered) -> Double {
    guard let history = output.limiter?.gainReductionHistoryDB, !history.isEmpty else { return 0 }
    let sorted = history.sorted()
    return sorted[min(sorted.count - 1, Int(0.9 * Double(sorted.count)))]
  }

  private func gainReason(_ plan: MasteringPlan, capped: Bool) -> String {
    capped
      ? "Gain toward \(oneDecimal(plan.targetLUFS)) LUFS, stopped short (see compromises)."
      : "Gain that brings the limited output to \(oneDecimal(plan.targetLUFS)) LUFS (found by rendering)."
  }
}
