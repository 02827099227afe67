import DubplateAnalysis
import DubplateDSP
import DubplateProfiles
import Foundation

/// Turns a mix's analysis and a ``MasteringGoal`` into a ``MasteringPlan``: which steps, with
/// which settings, and why. The gain to the target is found later, by rendering
/// (``MasteringRenderer``), because limiting changes loudness.
public struct MasteringPlanner: Sendable {
  /// DC beyond this (0.1 % of full scale) or sub-30 Hz energy above ``subsonicThresholdDB`` gets a high-pass.
  public static let dcThreshold = 0.001
  /// The clean-up high-pass for DC alone, Hz: second-order Butterworth, 0.017 dB off 20 Hz and
  /// 0.003 dB off the 31.5 Hz third-octave (at 10 Hz those were 0.26 and 0.04 dB, which a
  /// reference match then showed as a low-end error).
  public static let dcHighPassHz = 5.0
  /// Level of the 20 and 25 Hz 1/3-octave bands, dB re integrated loudness, above which rumble is removed.
  public static let subsonicThresholdDB = -30.0
  /// Largest move of the profile-steered EQ, dB.
  public static let maximumProfileEQDB = 4.0
  /// Largest move of the reference-matching EQ, dB (an empty band is not boosted without limit).
  public static let maximumMatchingEQDB = 9.0
  /// How far below the ceiling the limiter aims, dB. Our 4x meter (BS.1770-4 Annex 2) reads the
  /// limited output at the ceiling, but finer interpolation finds peaks up to 0.1 dB higher on
  /// heavily limited material (measured: 16x resampling and libebur128 read −0.91 and −0.84 dBTP
  /// for a −1 dBTP target); 0.25 dB keeps every meter we tried under the ceiling.
  public static let limiterMarginDB = 0.25

  public init() {}

  public func plan(for mix: TrackAnalysis, spectra: LongTermSpectra, goal: MasteringGoal) -> (plan: MasteringPlan, notes: [String]) {
    var steps: [MasteringStep] = []
    var notes: [String] = []
    if let step = cleanUp(mix, references: goal.references) { steps.append(step) }
    steps += tone(mix, spectra: spectra, goal: goal)
    if let step = dynamics(mix, goal: goal) { steps.append(step) }
    if mix.stereo == nil {
      notes.append("Mono input: stereo width and mono-bass stages are skipped; the master is mono.")
    } else if let step = stereo(mix, goal: goal) {
      steps.append(step)
    }
    steps.append(MasteringStep(.gain(gainDB: 0), reason: "Gain to \(oneDecimal(goal.targetLUFS)) LUFS, found by rendering."))
    if goal.limiter {
      steps.append(MasteringStep(
        .limiter(ceilingDBTP: goal.ceilingDBTP - Self.limiterMarginDB, lookaheadMilliseconds: 5, releaseMilliseconds: 100),
        reason: "Keeps true peaks \(String(format: "%.2f", Self.limiterMarginDB)) dB under the \(oneDecimal(goal.ceilingDBTP)) dBTP ceiling, so finer meters than the 4x standard one agree."))
    } else {
      notes.append("No limiter (--no-limiter): the gain stops where the true peak would pass the ceiling.")
    }
    if goal.outputBitDepth == 16 {
      steps.append(MasteringStep(.dither(bitDepth: 16, seed: 1), reason: "The 16-bit output has fewer bits than the 24-bit processing."))
    }
    let plan = MasteringPlan(
      sampleRate: goal.sampleRateHz ?? mix.format.sampleRate, channelCount: mix.format.channels, targetLUFS: goal.targetLUFS,
      ceilingDBTP: goal.ceilingDBTP, steps: steps)
    return (plan, notes)
  }

  // MARK: - Steps

  /// The high-pass for DC and rumble. With references, rumble counts only where the mix has
  /// 6 dB more of it than the references: their low end is the goal, not a defect.
  private func cleanUp(_ mix: TrackAnalysis, references: [MasteringGoal.Reference]) -> MasteringStep? {
    let dc = mix.dynamics.dcOffset.map(abs).max() ?? 0
    func rumbleLevel(_ analysis: TrackAnalysis) -> Double {
      analysis.spectrum.normalizedBands.filter { $0.hz <= 25 }.compactMap(\.db).max() ?? -.infinity
    }
    let rumble = rumbleLevel(mix)
    let referenceRumble = references.map { rumbleLevel($0.analysis) }.max() ?? -.infinity
    let rumbleThreshold = max(Self.subsonicThresholdDB, referenceRumble + 6)
    guard dc > Self.dcThreshold || rumble > rumbleThreshold else { return nil }
    var why: [String] = []
    if dc > Self.dcThreshold { why.append(String(format: "DC offset of %.2f %% of full scale", dc * 100)) }
    if rumble > rumbleThreshold { why.append("energy at 20–25 Hz \(oneDecimal(rumble)) dB re loudness") }
    // DC alone needs only a high-pass low enough to leave the musical low end alone.
    let cutoffHz = rumble > rumbleThreshold ? 25.0 : Self.dcHighPassHz
    return MasteringStep(.eq(bands: [EQBand.subsonicHighPass(cutoffHz: cutoffHz)]), reason: "Removes " + why.joined(separator: " and ") + ".")
  }

  private func tone(_ mix: TrackAnalysis, spectra: LongTermSpectra, goal: MasteringGoal) -> [MasteringStep] {
    if !goal.references.isEmpty {
      guard goal.match.contains(.tone), let step = matchingEQ(spectra: spectra, goal: goal) else { return [] }
      return [step]
    }
    guard let profile = goal.profile, let offset = levelOffset(mix, profile) else { return [] }
    var bands: [EQBand] = []
    var reasons: [String] = []
    for band in NamedBand.allCases {
      guard let level = mix.spectrum.normalizedNamedBands[band].map({ $0 - offset }) else { continue }
      let distribution = profile.namedBands[band]
      let outside = level > distribution.p75 ? level - distribution.p75 : level < distribution.p25 ? level - distribution.p25 : 0
      let move = (max(-Self.maximumProfileEQDB, min(Self.maximumProfileEQDB, -outside * goal.amount)) * 2).rounded() / 2
      guard abs(move) >= 0.5 else { continue }
      bands.append(Self.broadBand(for: band, gainDB: move))
      reasons.append("\(band.rawValue) \(oneDecimal(outside >= 0 ? outside : outside)) dB outside the \(profile.name) inter-quartile range")
    }
    guard !bands.isEmpty else { return [] }
    return [MasteringStep(.eq(bands: bands), reason: "Broad moves toward the \(profile.name) profile: " + reasons.joined(separator: "; ") + ".")]
  }

  /// A gentle EQ band for a named band: shelves at the ends, wide bells in between.
  static func broadBand(for band: NamedBand, gainDB: Double) -> EQBand {
    switch band {
    case .sub: EQBand(shape: .lowShelf, frequencyHz: 60, gainDB: gainDB, q: 0.7071)
    case .bass: EQBand(shape: .bell, frequencyHz: 120, gainDB: gainDB, q: 0.8)
    case .lowMid: EQBand(shape: .bell, frequencyHz: 350, gainDB: gainDB, q: 1.0)
    case .mid: EQBand(shape: .bell, frequencyHz: 1000, gainDB: gainDB, q: 0.7)
    case .highMid: EQBand(shape: .bell, frequencyHz: 3500, gainDB: gainDB, q: 0.8)
    case .air: EQBand(shape: .highShelf, frequencyHz: 10000, gainDB: gainDB, q: 0.7071)
    }
  }

  /// Median over the 1/3-octave bands of (mix − profile median), as the judge aligns levels.
  private func levelOffset(_ mix: TrackAnalysis, _ profile: GenreProfile) -> Double? {
    let medians = Dictionary(uniqueKeysWithValues: profile.bands.map { ($0.hz, $0.level.median) })
    let deviations = mix.spectrum.normalizedBands.compactMap { band in band.db.flatMap { db in medians[band.hz].map { db - $0 } } }
    guard deviations.count >= 8 else { return nil }
    return Distribution.percentile(deviations.sorted(), 0.5)
  }

  private func matchingEQ(spectra: LongTermSpectra, goal: MasteringGoal) -> MasteringStep? {
    let (midCurve, sideCurve) = matchingCurves(
      from: spectra, goal: goal, designer: MatchingEQDesigner(maximumGainDB: Self.maximumMatchingEQDB, amount: goal.amount))
    let largestMoveDB = (midCurve + (sideCurve ?? [])).map { abs($0.gainDB) }.max() ?? 0
    guard largestMoveDB >= 0.1 else { return nil }  // the tone already matches: no filter, no latency
    let taps = LinearPhaseFIR.defaultTapCount(sampleRate: spectra.binWidthHz * Double(2 * (spectra.mid.count - 1)))
    return MasteringStep(
      .matchingEQ(midCurve: curvePoints(midCurve), sideCurve: sideCurve.map(curvePoints), tapCount: taps),
      reason: matchingReason(goal, hasSide: sideCurve != nil, refined: false))
  }

  /// The mid and side curves (dB at Hz) that take `spectra` toward the references' long-term
  /// spectra, level-matched over 100 Hz–10 kHz; the side is scaled as the mid is, so width is
  /// matched too. No side curve for mono, or when width is not matched. `designer` sets the
  /// points, their smoothing and the cap.
  func matchingCurves(from spectra: LongTermSpectra, goal: MasteringGoal, designer: MatchingEQDesigner)
    -> (mid: [(frequencyHz: Double, gainDB: Double)], side: [(frequencyHz: Double, gainDB: Double)]?)
  {
    let referenceMid = SpectrumAveraging.mean(goal.references.map { $0.spectra.mid }, binWidths: goal.references.map(\.spectra.binWidthHz), onto: spectra.binWidthHz, count: spectra.mid.count)
    let midCurve = designer.design(
      target: spectra.mid, reference: SpectrumAveraging.levelMatched(referenceMid, to: spectra.mid, binWidthHz: spectra.binWidthHz),
      binWidthHz: spectra.binWidthHz)
    var sideCurve: [(frequencyHz: Double, gainDB: Double)]?
    let referenceSides = goal.references.compactMap { $0.spectra.side }
    if let side = spectra.side, referenceSides.count == goal.references.count, goal.match.contains(.width) {
      let referenceSide = SpectrumAveraging.mean(referenceSides, binWidths: goal.references.map(\.spectra.binWidthHz), onto: spectra.binWidthHz, count: side.count)
      let scale = SpectrumAveraging.levelRatio(referenceMid, to: spectra.mid, binWidthHz: spectra.binWidthHz)
      sideCurve = designer.design(target: side, reference: referenceSide.map { $0 * scale }, binWidthHz: spectra.binWidthHz)
    }
    return (midCurve, sideCurve)
  }

  /// A rendered master's tone error against the references shrinks by correcting it once more:
  /// the limiter, compressor and stereo stages all move the long-term spectrum a little after
  /// the matching EQ has set it. Returns `plan` with the measured remaining error added to its
  /// matching EQ (capped as before), or `nil` when the largest remaining error up to
  /// ``refinementUpperHz`` is under ``refinementThresholdDB`` or the goal does not match tone
  /// at full amount.
  public func refinedTone(of plan: MasteringPlan, rendered: LongTermSpectra, goal: MasteringGoal) -> MasteringPlan? {
    guard goal.match.contains(.tone), goal.amount == 1, !goal.references.isEmpty else { return nil }
    let (midCorrection, sideCorrection) = matchingCurves(
      from: rendered, goal: goal, designer: MatchingEQDesigner(maximumGainDB: Self.maximumMatchingEQDB))
    guard Self.largestErrorDB(midCorrection, sideCorrection) >= Self.refinementThresholdDB else { return nil }
    var plan = plan
    let existing = plan.steps.firstIndex { if case .matchingEQ = $0.processing { true } else { false } }
    var midCurve = midCorrection, sideCurve = sideCorrection
    if let existing, case .matchingEQ(let mid, let side, _) = plan.steps[existing].processing {
      midCurve = summed(mid, midCorrection)
      sideCurve = sideCorrection.map { correction in side.map { summed($0, correction) } ?? correction }
    }
    let taps = LinearPhaseFIR.defaultTapCount(sampleRate: plan.sampleRate)
    let step = MasteringStep(
      .matchingEQ(midCurve: curvePoints(midCurve), sideCurve: sideCurve.map(curvePoints), tapCount: taps),
      reason: matchingReason(goal, hasSide: sideCurve != nil, refined: true))
    if let existing {
      plan.steps[existing] = step
    } else {
      // After the clean-up high-pass, before everything else, where the planner puts it.
      let afterCleanUp = plan.steps.firstIndex { if case .eq = $0.processing { false } else { true } } ?? 0
      plan.steps.insert(step, at: afterCleanUp)
    }
    return plan
  }

  /// Largest remaining tone error (dB, after smoothing) that a rendered reference match is left with.
  public static let refinementThresholdDB = 0.5
  /// Errors above this frequency do not call for a second render: there the long-term
  /// spectrum of most releases is a lossy encoder's low-pass and noise, not the mix (a 2.6 dB
  /// "error" at 18 kHz was seen on a track restored within 0.05 dB over 31.5 Hz–16 kHz).
  public static let refinementUpperHz = 16_000.0

  /// The largest move of a correction up to ``refinementUpperHz``, dB.
  static func largestErrorDB(_ mid: [(frequencyHz: Double, gainDB: Double)], _ side: [(frequencyHz: Double, gainDB: Double)]?) -> Double {
    (mid + (side ?? [])).filter { $0.frequencyHz <= refinementUpperHz }.map { abs($0.gainDB) }.max() ?? 0
  }

  /// `curve` plus `correction` point by point (both on the designer's frequency grid), capped.
  private func summed(_ curve: [MasteringStep.CurvePoint], _ correction: [(frequencyHz: Double, gainDB: Double)])
    -> [(frequencyHz: Double, gainDB: Double)]
  {
    zip(curve, correction).map { point, extra in
      (extra.frequencyHz, min(max(point.gainDB + extra.gainDB, -Self.maximumMatchingEQDB), Self.maximumMatchingEQDB))
    }
  }

  private func curvePoints(_ curve: [(frequencyHz: Double, gainDB: Double)]) -> [MasteringStep.CurvePoint] {
    curve.map { MasteringStep.CurvePoint(hz: $0.frequencyHz, gainDB: ($0.gainDB * 100).rounded() / 100) }
  }

  private func matchingReason(_ goal: MasteringGoal, hasSide: Bool, refined: Bool) -> String {
    let count = goal.references.count
    return "Matches the long-term spectrum of \(count == 1 ? "the reference" : "\(count) references") (1/3-octave smoothing, ±\(Int(Self.maximumMatchingEQDB)) dB cap, \(Int((goal.amount * 100).rounded())) %)"
      + (hasSide ? ", mid and side separately" : "")
      + (refined ? "; corrected once more from the rendered master's spectrum." : ".")
  }

  private func dynamics(_ mix: TrackAnalysis, goal: MasteringGoal) -> MasteringStep? {
    let targetPLR: Double?
    if !goal.references.isEmpty {
      targetPLR = goal.match.contains(.dynamics) ? median(goal.references.compactMap(\.analysis.loudness.plr)) : nil
    } else if let profile = goal.profile {
      targetPLR = profile.features.plr.median
    } else {
      // A plain loudness target allows at most ceiling − target of PLR; past that the limiter
      // would do all the work, so compression takes part of it.
      targetPLR = goal.limiter ? goal.ceilingDBTP - goal.targetLUFS : nil
    }
    guard let targetPLR, let plr = mix.loudness.plr, let shortTermMax = mix.loudness.shortTermMax else { return nil }
    let gap = (plr - targetPLR) * goal.amount
    guard gap > 2 else { return nil }
    let ratio = 1.5 + min(1.5, (gap - 2) / 4)
    let threshold = max(-60, min(-1, shortTermMax - 1))
    let settings = (threshold: (threshold * 10).rounded() / 10, ratio: (ratio * 100).rounded() / 100, attack: 30.0, release: 200.0, knee: 6.0)
    let reason = "PLR \(oneDecimal(plr)) dB is \(oneDecimal(plr - targetPLR)) dB above the target's \(oneDecimal(targetPLR)) dB: gentle glue compression on the loudest passages."
    if goal.multiband {
      return MasteringStep(.multibandCompressor(crossoversHz: [120, 2500], thresholdDB: settings.threshold, ratio: settings.ratio, attackMilliseconds: settings.attack, releaseMilliseconds: settings.release, kneeDB: settings.knee), reason: reason)
    }
    return MasteringStep(.compressor(thresholdDB: settings.threshold, ratio: settings.ratio, attackMilliseconds: settings.attack, releaseMilliseconds: settings.release, kneeDB: settings.knee), reason: reason)
  }

  private func stereo(_ mix: TrackAnalysis, goal: MasteringGoal) -> MasteringStep? {
    guard let stereo = mix.stereo else { return nil }
    var sideGain = 0.0
    var reasons: [String] = []
    if let width = stereo.imageWidth {
      if !goal.references.isEmpty, goal.match.contains(.width), !goal.match.contains(.tone),
        let referenceWidth = median(goal.references.compactMap(\.analysis.stereo?.imageWidth))
      {
        sideGain = max(-6, min(6, (referenceWidth - width) * goal.amount))
        reasons.append("width above 250 Hz \(oneDecimal(width)) dB vs the references' \(oneDecimal(referenceWidth)) dB")
      } else if goal.references.isEmpty, let profile = goal.profile {
        let distribution = profile.features.imageWidth
        if width < distribution.p25 || width > distribution.p75 {
          sideGain = max(-3, min(3, (distribution.median - width) * goal.amount))
          reasons.append("width above 250 Hz \(oneDecimal(width)) dB, outside the \(profile.name) inter-quartile range")
        }
      }
    }
    // Mono bass only where the goal has it: with references, only when their low end is mono.
    let lowEnd = stereo.lowEndCorrelation ?? 1
    let referenceLowEnd = median(goal.references.compactMap(\.analysis.stereo?.lowEndCorrelation))
    let goalWantsMonoBass = referenceLowEnd.map { $0 >= 0.8 } ?? true
    let monoBelow: Double? = lowEnd < 0.8 && goalWantsMonoBass ? 120 : nil
    if monoBelow != nil { reasons.append("low-end correlation \(String(format: "%.2f", lowEnd)) (below 0.8): mono below 120 Hz") }
    sideGain = (sideGain * 10).rounded() / 10
    guard abs(sideGain) >= 0.5 || monoBelow != nil else { return nil }
    return MasteringStep(.stereoWidth(sideGainDB: abs(sideGain) >= 0.5 ? sideGain : 0, monoBelowHz: monoBelow), reason: reasons.joined(separator: "; ") + ".")
  }

  private func median(_ values: [Double]) -> Double? {
    values.isEmpty ? nil : Distribution.percentile(values.sorted(), 0.5)
  }
}

/// `value` with one decimal.
func oneDecimal(_ value: Double) -> String { String(format: "%.1f", value) }
