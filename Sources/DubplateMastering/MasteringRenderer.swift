import DubplateAnalysis
import DubplateAudio
import DubplateDSP
import Foundation
import Synchronization

/// Renders a ``MasteringPlan`` to a file, finding the gain that hits the loudness target.
///
/// The stages before the gain run once, into memory. The output stages (gain, true-peak
/// limiter) then run in measuring passes: each pass meters the result's integrated loudness
/// (BS.1770-4) and true peak, and the gain moves by the remaining error until loudness is
/// within ``toleranceLU`` of the target (limiting lowers loudness, so one pass is rarely
/// enough). The final pass adds dither and writes the file. Output is time-aligned with the
/// input and exactly as long (latency compensated).
public struct MasteringRenderer: Sendable {
  /// How close the measured loudness must come to the target, LU (the product promise is 0.1).
  public static let toleranceLU = 0.05
  /// Most measuring passes before the renderer settles for the best gain found.
  public static let maximumPasses = 6

  /// Peak reduction the limiter may be asked for before the renderer stops short of the target, dB.
  public var maximumLimitingDB: Double
  /// Lifts ``maximumLimitingDB``.
  public var allowHeavyLimiting: Bool
  /// Frames per processing block.
  public var blockFrames = 8192

  public init(maximumLimitingDB: Double = 6, allowHeavyLimiting: Bool = false) {
    self.maximumLimitingDB = maximumLimitingDB
    self.allowHeavyLimiting = allowHeavyLimiting
  }

  /// What a render did.
  public struct Result: Sendable {
    /// The plan as rendered, with the gain that was found.
    public var plan: MasteringPlan
    /// Measuring passes run (0 for a replayed chain).
    public var passes: Int
    /// The limiter's largest and average (over limited frames) gain reduction, dB.
    public var limiterMaximumReductionDB: Double?
    public var limiterAverageReductionDB: Double?
    /// Largest reduction per 100 ms, dB, for plots.
    public var limiterReductionHistoryDB: [Double]
    /// Where the render stopped short of the goal, in one sentence each.
    public var compromises: [String]
  }

  /// Renders the file read by `reader` through `plan` into `writer` (which is finished on
  /// success and cancelled on failure), feeding `writtenAnalyzer` the samples exactly as the
  /// file stores them, so the master is measured without decoding it again.
  /// - Parameter searchGain: find the gain for the plan's target; `false` replays the plan's gain exactly.
  /// - Parameter inputLevels: the input's integrated loudness (LUFS) and true peak (dBTP), from
  ///   its analysis; used as they are when no stage runs before the gain.
  public func render(
    reader: AudioFileReader, inputLevels: (loudnessLUFS: Double, truePeakDBTP: Double), plan: MasteringPlan,
    searchGain: Bool, writer: AudioFileWriter, writtenAnalyzer: TrackAnalyzer
  ) throws -> Result {
    let pre: Rendered
    do { pre = try renderPreGainStages(reader, inputLevels: inputLevels, plan: plan) } catch {
      writer.cancel()
      throw error
    }
    guard pre.loudness.isFinite else {
      writer.cancel()
      throw MasteringError.nothingToMaster
    }
    var plan = plan
    var compromises: [String] = []
    var passes = 0
    var kept: Rendered?
    if searchGain {
      (plan, passes, compromises, kept) = searchForGain(pre, plan: plan)
    }
    // The search keeps the output of the pass it settled on; a replay renders it now.
    let final = kept ?? renderOutputStages(pre.buffer, plan: plan, pipelined: true)
    let dither = MasteringChainBuilder.dither(plan)
    dither?.prepare(sampleRate: plan.sampleRate, maximumBlockSize: blockFrames, channelCount: plan.channelCount)
    do {
      var start = 0
      while start < final.buffer.frameCount {
        var block = final.buffer.slice(start..<min(final.buffer.frameCount, start + blockFrames))
        dither?.process(&block)
        try writer.write(block)
        writtenAnalyzer.process(writer.format.bitDepth.stored(block))
        start += block.frameCount
      }
      try writer.finish()
    } catch {
      writer.cancel()
      throw error
    }
    return Result(
      plan: plan, passes: passes,
      limiterMaximumReductionDB: final.limiter?.maximumGainReductionDB, limiterAverageReductionDB: final.limiter?.averageGainReductionDB,
      limiterReductionHistoryDB: final.limiter?.gainReductionHistoryDB ?? [], compromises: compromises)
  }

  /// A rendered buffer with its integrated loudness (LUFS) and true peak (dBTP), and the limiter
  /// that made it. Unchecked `Sendable`: each pass creates its own limiter and hands it over
  /// only once the pass has ended, after which it is only read.
  struct Rendered: @unchecked Sendable {
    var buffer: AudioBuffer
    var loudness: Double
    var truePeak: Double
    var limiter: TruePeakLimiter?
  }

  /// Decodes the input and runs the stages before the gain, metering the result on the way
  /// (or taking the input's levels when there is no such stage).
  private func renderPreGainStages(
    _ reader: AudioFileReader, inputLevels: (loudnessLUFS: Double, truePeakDBTP: Double), plan: MasteringPlan
  ) throws -> Rendered {
    let input = try reader.readAll()
    let chain = MasteringChainBuilder.preGainStages(plan)
    guard !chain.processors.isEmpty else {
      return Rendered(buffer: input, loudness: inputLevels.loudnessLUFS, truePeak: inputLevels.truePeakDBTP, limiter: nil)
    }
    chain.prepare(sampleRate: plan.sampleRate, maximumBlockSize: blockFrames, channelCount: plan.channelCount)
    return render(chain, input, plan: plan, limiter: nil, meterTruePeak: true, pipelined: true)
  }

  /// Runs gain and limiter (no dither) over `pre`, keeping the output.
  /// - Parameter pipelined: meter on a second core (for a pass that runs alone).
  private func renderOutputStages(_ pre: AudioBuffer, plan: MasteringPlan, pipelined: Bool) -> Rendered {
    let (chain, limiter) = MasteringChainBuilder.outputStages(plan)
    chain.prepare(sampleRate: plan.sampleRate, maximumBlockSize: blockFrames, channelCount: plan.channelCount)
    return render(chain, pre, plan: plan, limiter: limiter, meterTruePeak: false, pipelined: pipelined)
  }

  /// Runs `chain` over `input` (latency compensated), metering loudness (and, when asked, true
  /// peak; otherwise the result's `truePeak` is −∞) and keeping the output. Pipelined, each
  /// block is metered on a companion thread while the chain processes the next.
  private func render(
    _ chain: ProcessorChain, _ input: AudioBuffer, plan: MasteringPlan, limiter: TruePeakLimiter?, meterTruePeak: Bool,
    pipelined: Bool
  ) -> Rendered {
    let loudnessMeter = LoudnessMeter(sampleRate: plan.sampleRate, channelRoles: ChannelRole.defaultLayout(channelCount: plan.channelCount))
    let truePeakMeter = meterTruePeak ? TruePeakMeter(sampleRate: plan.sampleRate, channelCount: plan.channelCount) : nil
    let companion = pipelined ? CompanionThread() : nil
    var output = [[Float]](repeating: [], count: input.channelCount)
    for channel in output.indices { output[channel].reserveCapacity(input.frameCount) }
    LatencyCompensation.render(
      chain, frameCount: input.frameCount, channelCount: input.channelCount, blockSize: blockFrames,
      read: { input.slice($0) },
      write: { block in
        let meter = {
          loudnessMeter.process(block)
          truePeakMeter?.process(block)
        }
        if let companion { companion.begin(meter) } else { meter() }
        for channel in output.indices { output[channel].append(contentsOf: block.channels[channel]) }
      })
    companion?.finish()
    return Rendered(
      buffer: AudioBuffer(channels: output), loudness: loudnessMeter.integratedLoudness,
      truePeak: truePeakMeter?.truePeakDBTP ?? -.infinity,
      limiter: limiter)
  }

  /// Finds the gain whose limited output meets the target: a first pass at the gain the
  /// unlimited signal needs, then secant steps on the measured (gain → loudness) curve, which
  /// limiting bends below a slope of 1. The gain never asks the limiter for more than
  /// ``maximumLimitingDB`` of peak reduction unless heavy limiting is allowed; without a
  /// limiter it stops where the true peak would pass the ceiling.
  private func searchForGain(_ pre: Rendered, plan: MasteringPlan) -> (MasteringPlan, Int, [String], Rendered?) {
    let (preLoudness, preTruePeak) = (pre.loudness, pre.truePeak)
    let hasLimiter = plan.steps.contains { if case .limiter = $0.processing { true } else { false } }
    let maximumGain = !hasLimiter
      ? plan.ceilingDBTP - preTruePeak
      : allowHeavyLimiting ? Double.infinity : plan.ceilingDBTP + maximumLimitingDB - preTruePeak
    var gain = min(plan.targetLUFS - preLoudness, maximumGain)
    var passes = 0
    var previous: (gain: Double, loudness: Double)?
    var best = (gain: gain, error: Double.infinity)
    var bestOutput: Rendered?
    // When the first gain drives the limiter, a second gain is tried on the other core at the
    // same time: limiting costs loudness, so the answer lies above the first guess, and the two
    // points give the secant its slope at once.
    var pending: [(gain: Double, output: Rendered)] = []
    let limiterCeiling = plan.steps.lazy.compactMap { step -> Double? in
      if case .limiter(let ceiling, _, _) = step.processing { ceiling } else { nil }
    }.first
    if let limiterCeiling, preTruePeak + gain > limiterCeiling {
      let depth = preTruePeak + gain - limiterCeiling
      let second = min(gain + max(0.25, depth / 2), maximumGain)
      if second > gain {
        let gains = [gain, second]
        let outputs = Mutex<[Rendered?]>([nil, nil])
        let preBuffer = pre.buffer
        ParallelWork.run(count: 2) { index in
          let output = renderOutputStages(preBuffer, plan: plan.settingGain(gains[index], reason: ""), pipelined: false)
          outputs.withLock { $0[index] = output }
        }
        pending = outputs.withLock { results in zip(gains, results).map { ($0, $1!) } }
      }
    }
    while passes < Self.maximumPasses {
      let output: Rendered
      if !pending.isEmpty {
        (gain, output) = pending.removeFirst()
      } else {
        output = renderOutputStages(pre.buffer, plan: plan.settingGain(gain, reason: ""), pipelined: true)
      }
      passes += 1
      let error = plan.targetLUFS - output.loudness
      if abs(error) < abs(best.error) {
        best = (gain, error)
        bestOutput = output
      }
      if abs(error) <= Self.toleranceLU { break }
      var slope = 1.0
      if let previous, gain != previous.gain {
        slope = min(1, max(0.05, (output.loudness - previous.loudness) / (gain - previous.gain)))
      }
      previous = (gain, output.loudness)
      if !pending.isEmpty { continue }
      let next = min(gain + error / slope, maximumGain)
      if next == gain { break }  // at the cap and still short: the compromise below says so
      gain = next
    }
    var compromises: [String] = []
    if best.error > Self.toleranceLU && best.gain >= maximumGain - 1e-9 {
      let reached = plan.targetLUFS - best.error
      compromises.append(
        hasLimiter
          ? "The target \(oneDecimal(plan.targetLUFS)) LUFS needs more than \(oneDecimal(maximumLimitingDB)) dB of peak limiting; stopped at \(oneDecimal(maximumLimitingDB)) dB and \(oneDecimal(reached)) LUFS. Say --allow-heavy-limiting to go further."
          : "Without a limiter the gain stops at \(String(format: "%+.1f", best.gain)) dB to keep true peaks under \(oneDecimal(plan.ceilingDBTP)) dBTP: \(oneDecimal(reached)) LUFS instead of \(oneDecimal(plan.targetLUFS)).")
    } else if abs(best.error) > 0.1 {
      compromises.append("Loudness settled \(oneDecimal(abs(best.error))) LU from the target after \(passes) passes.")
    }
    return (plan.settingGain(best.gain, reason: gainReason(plan, capped: !compromises.isEmpty)), passes, compromises, bestOutput)
  }

  private func gainReason(_ plan: MasteringPlan, capped: Bool) -> String {
    capped
      ? "Gain toward \(oneDecimal(plan.targetLUFS)) LUFS, stopped short (see compromises)."
      : "Gain that brings the limited output to \(oneDecimal(plan.targetLUFS)) LUFS (found by rendering)."
  }
}

/// Why a master could not be made.
public enum MasteringError: Error, CustomStringConvertible, Equatable {
  case nothingToMaster
  case tooShort(seconds: Double)
  case unsupportedChannelCount(Int)
  case planDoesNotFit(reason: String)
  case presetMissing(reason: String)

  public var description: String {
    switch self {
    case .nothingToMaster:
      return "nothing to master: the input is silent (no 400 ms block above −70 LUFS)."
    case .tooShort(let seconds):
      return String(format: "too short to master: %.2f s has no integrated loudness to set a target by (at least 0.4 s is needed).", seconds)
    case .unsupportedChannelCount(let count):
      return "only mono and stereo files are mastered; this one has \(count) channels."
    case .planDoesNotFit(let reason):
      return "the chain file does not fit this input: \(reason)"
    case .presetMissing(let reason):
      return reason
    }
  }
}
