import DubplateAudio
import DubplateDSP
import Foundation

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
    /// Loudness and true peak after the stages before the gain, LUFS / dBTP.
    public var preGainLoudnessLUFS: Double
    public var preGainTruePeakDBTP: Double
    /// Loudness and true peak of the written output, as metered while writing.
    public var outputLoudnessLUFS: Double
    public var outputTruePeakDBTP: Double
    /// The limiter's largest and average (over limited frames) gain reduction, dB.
    public var limiterMaximumReductionDB: Double?
    public var limiterAverageReductionDB: Double?
    /// Largest reduction per 100 ms, dB, for plots.
    public var limiterReductionHistoryDB: [Double]
    /// Where the render stopped short of the goal, in one sentence each.
    public var compromises: [String]
  }

  /// Renders `input` through `plan` into `writer` (which is finished on success and cancelled on failure).
  /// - Parameter searchGain: find the gain for the plan's target; `false` replays the plan's gain exactly.
  public func render(input: AudioBuffer, plan: MasteringPlan, searchGain: Bool, writer: AudioFileWriter) throws -> Result {
    let pre = renderPreGainStages(input, plan: plan)
    let preMeasurement = measure(pre, sampleRate: plan.sampleRate)
    guard preMeasurement.loudness.isFinite else {
      writer.cancel()
      throw MasteringError.nothingToMaster
    }
    var plan = plan
    var compromises: [String] = []
    var passes = 0
    if searchGain {
      (plan, passes, compromises) = searchForGain(pre, plan: plan, preLoudness: preMeasurement.loudness, preTruePeak: preMeasurement.truePeak)
    }
    let (output, limiter) = MasteringChainBuilder.outputStages(plan, includeDither: true)
    output.prepare(sampleRate: plan.sampleRate, maximumBlockSize: blockFrames, channelCount: plan.channelCount)
    let loudnessMeter = LoudnessMeter(sampleRate: plan.sampleRate, channelRoles: ChannelRole.defaultLayout(channelCount: plan.channelCount))
    let truePeakMeter = TruePeakMeter(sampleRate: plan.sampleRate, channelCount: plan.channelCount)
    var writeError: (any Error)?
    LatencyCompensation.render(
      output, frameCount: pre.frameCount, channelCount: plan.channelCount, blockSize: blockFrames,
      read: { pre.slice($0) },
      write: { block in
        loudnessMeter.process(block)
        truePeakMeter.process(block)
        if writeError == nil {
          do { try writer.write(block) } catch { writeError = error }
        }
      })
    if let writeError {
      writer.cancel()
      throw writeError
    }
    try writer.finish()
    return Result(
      plan: plan, passes: passes, preGainLoudnessLUFS: preMeasurement.loudness, preGainTruePeakDBTP: preMeasurement.truePeak,
      outputLoudnessLUFS: loudnessMeter.integratedLoudness, outputTruePeakDBTP: truePeakMeter.truePeakDBTP,
      limiterMaximumReductionDB: limiter?.maximumGainReductionDB, limiterAverageReductionDB: limiter?.averageGainReductionDB,
      limiterReductionHistoryDB: limiter?.gainReductionHistoryDB ?? [], compromises: compromises)
  }

  private func renderPreGainStages(_ input: AudioBuffer, plan: MasteringPlan) -> AudioBuffer {
    let chain = MasteringChainBuilder.preGainStages(plan)
    chain.prepare(sampleRate: plan.sampleRate, maximumBlockSize: blockFrames, channelCount: plan.channelCount)
    return LatencyCompensation.render(chain, input: input, blockSize: blockFrames)
  }

  /// Integrated loudness (LUFS) and true peak (dBTP) of a buffer.
  private func measure(_ buffer: AudioBuffer, sampleRate: Double) -> (loudness: Double, truePeak: Double) {
    let loudnessMeter = LoudnessMeter(sampleRate: sampleRate, channelRoles: ChannelRole.defaultLayout(channelCount: buffer.channelCount))
    let truePeakMeter = TruePeakMeter(sampleRate: sampleRate, channelCount: buffer.channelCount)
    var start = 0
    while start < buffer.frameCount {
      let block = buffer.slice(start..<min(buffer.frameCount, start + blockFrames * 8))
      loudnessMeter.process(block)
      truePeakMeter.process(block)
      start += block.frameCount
    }
    return (loudnessMeter.integratedLoudness, truePeakMeter.truePeakDBTP)
  }

  /// Finds the gain whose limited output meets the target: a first pass at the gain the
  /// unlimited signal needs, then secant steps on the measured (gain → loudness) curve, which
  /// limiting bends below a slope of 1. The gain never asks the limiter for more than
  /// ``maximumLimitingDB`` of peak reduction unless heavy limiting is allowed; without a
  /// limiter it stops where the true peak would pass the ceiling.
  private func searchForGain(_ pre: AudioBuffer, plan: MasteringPlan, preLoudness: Double, preTruePeak: Double)
    -> (MasteringPlan, Int, [String])
  {
    let hasLimiter = plan.steps.contains { if case .limiter = $0.processing { true } else { false } }
    let maximumGain = !hasLimiter
      ? plan.ceilingDBTP - preTruePeak
      : allowHeavyLimiting ? Double.infinity : plan.ceilingDBTP + maximumLimitingDB - preTruePeak
    var gain = min(plan.targetLUFS - preLoudness, maximumGain)
    var passes = 0
    var previous: (gain: Double, loudness: Double)?
    var best = (gain: gain, error: Double.infinity)
    while passes < Self.maximumPasses {
      let loudness = measureOutput(pre, plan: plan.settingGain(gain, reason: ""))
      passes += 1
      let error = plan.targetLUFS - loudness
      if abs(error) < abs(best.error) { best = (gain, error) }
      if abs(error) <= Self.toleranceLU { break }
      var slope = 1.0
      if let previous, gain != previous.gain {
        slope = min(1, max(0.05, (loudness - previous.loudness) / (gain - previous.gain)))
      }
      previous = (gain, loudness)
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
    return (plan.settingGain(best.gain, reason: gainReason(plan, capped: !compromises.isEmpty)), passes, compromises)
  }

  private func gainReason(_ plan: MasteringPlan, capped: Bool) -> String {
    capped
      ? "Gain toward \(oneDecimal(plan.targetLUFS)) LUFS, stopped short (see compromises)."
      : "Gain that brings the limited output to \(oneDecimal(plan.targetLUFS)) LUFS (found by rendering)."
  }

  /// Integrated loudness of the output stages' result, without writing anything.
  private func measureOutput(_ pre: AudioBuffer, plan: MasteringPlan) -> Double {
    let (output, _) = MasteringChainBuilder.outputStages(plan, includeDither: false)
    output.prepare(sampleRate: plan.sampleRate, maximumBlockSize: blockFrames, channelCount: plan.channelCount)
    let meter = LoudnessMeter(sampleRate: plan.sampleRate, channelRoles: ChannelRole.defaultLayout(channelCount: plan.channelCount))
    LatencyCompensation.render(
      output, frameCount: pre.frameCount, channelCount: plan.channelCount, blockSize: blockFrames,
      read: { pre.slice($0) }, write: { meter.process($0) })
    return meter.integratedLoudness
  }
}

/// Why a master could not be made.
public enum MasteringError: Error, CustomStringConvertible, Equatable {
  case nothingToMaster
  case unsupportedChannelCount(Int)
  case planDoesNotFit(reason: String)
  case presetMissing(reason: String)

  public var description: String {
    switch self {
    case .nothingToMaster:
      return "nothing to master: the input is silent (no 400 ms block above −70 LUFS)."
    case .unsupportedChannelCount(let count):
      return "only mono and stereo files are mastered; this one has \(count) channels."
    case .planDoesNotFit(let reason):
      return "the chain file does not fit this input: \(reason)"
    case .presetMissing(let reason):
      return reason
    }
  }
}
