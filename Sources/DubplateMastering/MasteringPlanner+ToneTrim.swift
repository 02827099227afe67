import DubplateAnalysis
import DubplateDSP
import Foundation
import Synchronization

extension MasteringPlanner {
  /// Largest move of the tone trim, dB: it corrects what limiting moved and what the matching
  /// EQ's coarser filter left, not the mix (a larger error calls for a corrected matching EQ
  /// before the limiter, ``refinedTone(of:rendered:goal:)``).
  public static let maximumToneTrimDB = 1.5
  /// Smallest tone error (dB, in a 1/3-octave band up to ``refinementUpperHz``) worth a trim.
  public static let toneTrimThresholdDB = 0.02
  /// How far under the limiter's ceiling the trim's true-peak guard holds, dB: the trim lifts
  /// highs, where the 4× grid under-reads a true peak most, and this keeps a 16× reading as far
  /// under the ceiling as the limiter's own output (−1.05 dBTP on an EDM restore at −1.0,
  /// where the guard at the limiter's ceiling left −1.00).
  public static let truePeakGuardMarginDB = 0.05

  /// A linear-phase trim after the limiter that takes a rendered reference match's remaining
  /// long-term spectral error (mid and side, 1/3-octave bands) to the references': limiting
  /// turns down the loud moments, and with them the spectrum of what is loud (a kick, a
  /// cymbal), so a limited master sits up to a few tenths of a dB off the spectrum its matching
  /// EQ set. Placed after the limiter, the trim is not undone by it. Its curve is fitted to its
  /// own realised response (the window's smoothing included), its level set so the K-weighted
  /// power (BS.1770-4 loudness, ungated) is unchanged, and a ``TruePeakGuard`` just under the
  /// limiter's ceiling follows it, since lifting a band lifts some limited peaks. Returns `plan`
  /// with both after its limiter, or `nil` when the goal does not match tone at full amount,
  /// the plan has no limiter, or the largest 1/3-octave band error lies outside
  /// ``toneTrimThresholdDB``…``maximumToneTrimDB``.
  public func toneTrim(of plan: MasteringPlan, rendered: LongTermSpectra, goal: MasteringGoal) -> MasteringPlan? {
    guard goal.match.contains(.tone), goal.amount == 1, !goal.references.isEmpty,
      let limiterIndex = plan.steps.firstIndex(where: { if case .limiter = $0.processing { true } else { false } }),
      case .limiter(let ceilingDBTP, _, _) = plan.steps[limiterIndex].processing
    else { return nil }
    let (midError, sideError) = matchingCurves(from: rendered, goal: goal, designer: Self.toneTrimDesigner)
    let largestErrorDB = Self.largestErrorDB(midError, sideError)
    guard (Self.toneTrimThresholdDB...Self.maximumToneTrimDB).contains(largestErrorDB) else { return nil }
    typealias Curve = [(frequencyHz: Double, gainDB: Double)]
    func capped(_ curve: Curve) -> Curve {
      curve.map { ($0.frequencyHz, min(max($0.gainDB, -Self.maximumToneTrimDB), Self.maximumToneTrimDB)) }
    }
    let taps = Self.toneTrimTapCount(sampleRate: plan.sampleRate)
    @Sendable func response(_ curve: Curve) -> [Double] {
      LinearPhaseFIR(curve: curve, tapCount: taps).powerResponse(
        sampleRate: plan.sampleRate, binWidthHz: rendered.binWidthHz, binCount: rendered.mid.count)
    }
    // Mid and side responses are designed on both cores.
    func trimmed(_ mid: Curve, _ side: Curve?) -> LongTermSpectra {
      let curves = rendered.side == nil ? [mid] : [mid, side ?? mid]
      let responses = Mutex<[[Double]]>(Array(repeating: [], count: curves.count))
      ParallelWork.run(count: curves.count) { index in
        let designed = response(curves[index])
        responses.withLock { $0[index] = designed }
      }
      let (midResponse, sideResponse) = responses.withLock { ($0[0], $0.last!) }
      return LongTermSpectra(
        binWidthHz: rendered.binWidthHz, mid: zip(rendered.mid, midResponse).map(*),
        side: rendered.side.map { spectrum in zip(spectrum, sideResponse).map(*) })
    }
    // Each round adds what the last curve's realised response left of the error.
    var mid = capped(midError), side = sideError.map(capped)
    for _ in 0..<Self.toneTrimFittingRounds {
      let (midLeft, sideLeft) = matchingCurves(from: trimmed(mid, side), goal: goal, designer: Self.toneTrimDesigner)
      mid = capped(zip(mid, midLeft).map { ($0.frequencyHz, $0.gainDB + $1.gainDB) })
      if let sideLeft { side = capped(zip(side ?? mid, sideLeft).map { ($0.frequencyHz, $0.gainDB + $1.gainDB) }) }
    }
    let offsetDB = -kWeightedPowerChangeDB(from: rendered, to: trimmed(mid, side), sampleRate: plan.sampleRate)
    func levelled(_ curve: Curve) -> [MasteringStep.CurvePoint] {
      curve.map { MasteringStep.CurvePoint(hz: $0.frequencyHz, gainDB: (($0.gainDB + offsetDB) * 1000).rounded() / 1000) }
    }
    var plan = plan
    plan.steps.insert(contentsOf: [
      MasteringStep(
        .matchingEQ(midCurve: levelled(mid), sideCurve: side.map(levelled), tapCount: taps),
        reason: "Tone trim after the limiter: limiting left the long-term spectrum up to \(String(format: "%.2f", largestErrorDB)) dB off the reference's (1/3-octave bands); put back within ±\(oneDecimal(Self.maximumToneTrimDB)) dB, loudness kept."),
      MasteringStep(
        .truePeakGuard(ceilingDBTP: ceilingDBTP - Self.truePeakGuardMarginDB),
        reason: "The trim lifts some limited peaks a fraction of a dB; dips of about 1.6 ms put them back under the limiter's ceiling (\(String(format: "%.2f", Self.truePeakGuardMarginDB)) dB below it, so finer meters agree)."),
    ], at: limiterIndex + 1)
    return plan
  }

  /// The trim's bands: 1/3 octave wide, centred on the IEC 61260 base-ten-like series
  /// `1000 · 2^(n/3)` Hz from 19.7 Hz up, as a third-octave analyser reads a spectrum; errors
  /// are measured uncapped (the cap is the trim's, ``maximumToneTrimDB``).
  static let toneTrimDesigner = MatchingEQDesigner(
    maximumGainDB: maximumMatchingEQDB, lowerHz: 1000 * pow(2, -17.0 / 3),
    smoothingOctaves: 1.0 / 3, pointsPerOctave: 3)

  /// Rounds of fitting the trim's curve to its realised response.
  static let toneTrimFittingRounds = 6

  /// The trim's taps: 16 383 at 44.1/48 kHz, whose Blackman window smooths over about 16 Hz,
  /// so the 31.5–63 Hz bands are trimmed apart (the matching EQ's 4 095 smooth over 65 Hz).
  /// Twice as many restored six of the bench's damaged copies no closer (within 0.0001 dB) and
  /// cost 0.02–0.03 s more per master.
  static func toneTrimTapCount(sampleRate: Double) -> Int {
    16_384 * max(1, Int((sampleRate / 48_000).rounded())) - 1
  }

  /// How much the K-weighted power (mid plus side) of `after` exceeds `before`'s, dB.
  private func kWeightedPowerChangeDB(from before: LongTermSpectra, to after: LongTermSpectra, sampleRate: Double) -> Double {
    let kWeighting = KWeightingFilter(sampleRate: sampleRate)
    var powerBefore = 0.0, powerAfter = 0.0
    for bin in 1..<before.mid.count {
      let weight = Decibels.toPower(kWeighting.magnitudeDB(atHz: Double(bin) * before.binWidthHz, sampleRate: sampleRate))
      powerBefore += weight * (before.mid[bin] + (before.side?[bin] ?? 0))
      powerAfter += weight * (after.mid[bin] + (after.side?[bin] ?? 0))
    }
    return powerBefore > 0 && powerAfter > 0 ? 10 * log10(powerAfter / powerBefore) : 0
  }
}
