import DubplateDSP

/// Builds the processors of a ``MasteringPlan``: the stages before the gain (clean-up, tone,
/// dynamics, stereo) and the output stages (gain, limiter, a tone trim and its true-peak guard
/// when the render added them, dither), so the gain can be searched by re-running only the
/// output stages.
enum MasteringChainBuilder {
  /// Processors for the steps before the gain step.
  static func preGainStages(_ plan: MasteringPlan) -> ProcessorChain {
    ProcessorChain(plan.steps.prefix { !isOutputStage($0) }.compactMap { processor(for: $0, channelCount: plan.channelCount) })
  }

  /// Processors for the gain step, the limiter and what follows it; the dither is left out (see
  /// ``dither(_:)``), so the gain search can keep a pass's output and dither it as it is written.
  static func outputStages(_ plan: MasteringPlan) -> (chain: ProcessorChain, limiter: TruePeakLimiter?) {
    var limiter: TruePeakLimiter?
    var processors: [any AudioProcessor] = []
    for step in plan.steps.drop(while: { !isOutputStage($0) }) {
      if case .dither = step.processing { continue }
      guard let processor = processor(for: step, channelCount: plan.channelCount) else { continue }
      if let found = processor as? TruePeakLimiter { limiter = found }
      processors.append(processor)
    }
    return (ProcessorChain(processors), limiter)
  }

  /// The plan's dither, if any (applied after the gain search settles).
  static func dither(_ plan: MasteringPlan) -> TPDFDither? {
    for step in plan.steps {
      if case .dither(let bits, let seed) = step.processing { return TPDFDither(bitDepth: bits, seed: seed) }
    }
    return nil
  }

  private static func isOutputStage(_ step: MasteringStep) -> Bool {
    switch step.processing {
    case .gain, .limiter, .truePeakGuard, .dither: true
    default: false
    }
  }

  private static func processor(for step: MasteringStep, channelCount: Int) -> (any AudioProcessor)? {
    switch step.processing {
    case .eq(let bands):
      return ParametricEQ(bands: bands)
    case .matchingEQ(let midCurve, let sideCurve, let taps):
      let mid = LinearPhaseFIR(curve: midCurve.map { ($0.hz, $0.gainDB) }, tapCount: taps)
      guard channelCount == 2 else { return mid }
      let side = LinearPhaseFIR(curve: (sideCurve ?? midCurve).map { ($0.hz, $0.gainDB) }, tapCount: taps)
      return MidSideProcessor(mid: mid, side: side)
    case .compressor(let threshold, let ratio, let attack, let release, let knee):
      return Compressor(thresholdDB: threshold, ratio: ratio, attackMilliseconds: attack, releaseMilliseconds: release, kneeDB: knee)
    case .multibandCompressor(let crossovers, let threshold, let ratio, let attack, let release, let knee):
      let compressors = (0...crossovers.count).map { _ in
        Compressor(thresholdDB: threshold, ratio: ratio, attackMilliseconds: attack, releaseMilliseconds: release, kneeDB: knee)
      }
      return MultibandCompressor(crossoverFrequenciesHz: crossovers, bandCompressors: compressors)
    case .stereoWidth(let sideGain, let monoBelow):
      return channelCount == 2 ? StereoWidth(sideGainDB: sideGain, monoBelowHz: monoBelow) : nil
    case .gain(let gain):
      return Gain(gainDB: gain)
    case .limiter(let ceiling, let lookahead, let release):
      return TruePeakLimiter(ceilingDBTP: ceiling, lookaheadMilliseconds: lookahead, releaseMilliseconds: release)
    case .truePeakGuard(let ceiling):
      return TruePeakGuard(ceilingDBTP: ceiling)
    case .dither(let bits, let seed):
      return TPDFDither(bitDepth: bits, seed: seed)
    }
  }
}
