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
  /// How close the measured loudness must come to the target, LU: the product promises 0.1,
  /// the measurement equals libebur128's to 1e-10 LU, and 16-bit dither and quantisation move
  /// a master's integrated loudness by about 1e-6 LU; each pass a wider tolerance saves is a
  /// whole render.
  public static let toleranceLU = 0.095
  /// The deepest peak cut the gain search ever asks of the limiter, dB.
  public static let largestPeakReductionDB = 24.0
  /// Most measuring passes before the renderer settles for the best gain found.
  public static let maximumPasses = 6

  /// Gain reduction the limiter may exceed in at most a tenth of the track before the renderer
  /// stops short of the target, dB (see ``sustainedReductionDB(_:)``).
  public var maximumLimitingDB: Double
  /// Lifts ``maximumLimitingDB``.
  public var allowHeavyLimiting: Bool
  /// Frames per processing block.
  public var blockFrames = 32_768
  /// Told of each stage's progress (rendering, each measuring pass, writing).
  public var progress: MasteringProgressHandler?

  public init(maximumLimitingDB: Double = 6, allowHeavyLimiting: Bool = false, progress: MasteringProgressHandler? = nil) {
    self.maximumLimitingDB = maximumLimitingDB
    self.allowHeavyLimiting = allowHeavyLimiting
    self.progress = progress
  }

  /// How a reference match's tone is checked on its limited passes: each correction looks at a
  /// rendered pass (the plan with its gain, and its long-term spectra) and returns the plan
  /// corrected, or `nil` when the master is close enough.
  public struct ToneCorrection: Sendable {
    /// A corrected matching EQ before the limiter, for an error the EQ left (the search starts again).
    public var refine: @Sendable (MasteringPlan, LongTermSpectra) -> MasteringPlan?
    /// A trim after the limiter, for what limiting moved (the chosen pass goes through it).
    public var trim: @Sendable (MasteringPlan, LongTermSpectra) -> MasteringPlan?

    public init(
      refine: @escaping @Sendable (MasteringPlan, LongTermSpectra) -> MasteringPlan?,
      trim: @escaping @Sendable (MasteringPlan, LongTermSpectra) -> MasteringPlan?
    ) {
      self.refine = refine
      self.trim = trim
    }
  }

  /// What a render did.
  public struct Result: Sendable {
    /// The plan as rendered, with the gain that was found.
    public var plan: MasteringPlan
    /// Measuring passes run (0 for a replayed chain).
    public var passes: Int
    /// Whether ``ToneCorrection/refine`` corrected the plan and the master was rendered a second time.
    public var refined: Bool
    /// The short dips of the true-peak guard after a tone trim, when the render added one.
    public var truePeakGuardDips: Int?
    /// The limiter's largest and average (over limited frames) gain reduction, dB.
    public var limiterMaximumReductionDB: Double?
    public var limiterAverageReductionDB: Double?
    /// Largest reduction per 100 ms, dB, for plots.
    public var limiterReductionHistoryDB: [Double]
    /// Where the render stopped short of the goal, in one sentence each.
    public var compromises: [String]
    /// The finished output file and the analysis of what it stores.
    var delivery: MasteringDelivery
  }

  /// Renders the file read by `reader` through `plan` into a file delivered by `deliveries`
  /// (renamed into place on success, removed on failure), measuring the samples exactly as the
  /// file stores them, so the master is measured without decoding it again.
  /// - Parameter searchGain: find the gain for the plan's target; `false` replays the plan's gain exactly.
  /// - Parameter inputLevels: the input's integrated loudness (LUFS) and true peak (dBTP), from
  ///   its analysis; used as they are when no stage runs before the gain.
  /// - Parameter inputFrameCount: the frames its analysis decoded.
  /// - Parameter decodedInput: those frames, when its analysis kept them; the first round of the
  ///   render then starts from them (in place) instead of decoding the file again.
  /// - Parameter convertedInput: the mix converted to the plan's sample rate (`--sample-rate`),
  ///   which every round then starts from instead of the file.
  func render(
    reader: AudioFileReader, decodedInput: DecodedAudio? = nil, convertedInput: AudioBuffer? = nil,
    inputLevels: (loudnessLUFS: Double, truePeakDBTP: Double), inputFrameCount: Int, plan: MasteringPlan, searchGain: Bool, tone: ToneCorrection? = nil,
    deliveries: MasteringDeliveries
  ) throws -> Result {
    do {
      return try render(
        reader: reader, decodedInput: decodedInput, convertedInput: convertedInput, inputLevels: inputLevels,
        inputFrameCount: inputFrameCount, plan: plan, searchGain: searchGain, tone: tone, delivering: deliveries)
    } catch {
      deliveries.cancel()
      throw error
    }
  }

  private func render(
    reader: AudioFileReader, decodedInput: DecodedAudio?, convertedInput: AudioBuffer?,
    inputLevels: (loudnessLUFS: Double, truePeakDBTP: Double), inputFrameCount: Int, plan: MasteringPlan, searchGain: Bool, tone: ToneCorrection?,
    delivering deliveries: MasteringDeliveries
  ) throws -> Result {
    let input = InputSource(reader: reader, decoded: convertedInput.map(DecodedAudio.init(holding:)) ?? decodedInput)
    var plan = plan
    var compromises: [String] = []
    var passes = 0
    var refined = false
    let final: Rendered
    if searchGain {
      var first: GainSearchOutcome? = try firstRound(
        input, inputLevels: inputLevels, frameCount: inputFrameCount, plan: plan, tone: tone,
        deliveries: deliveries)
      if let refinedPlan = first!.refinedPlan {
        // A second round from the top with the corrected plan, its search seeded by the first,
        // whose buffers (and any delivery) are released before the second allocates its own.
        let (seed, firstPasses) = (first!.seed, first!.passes)
        first = nil
        let pre = try renderPreGainStages(
          InputSource(reader: AudioFileReader(path: reader.path), decoded: convertedInput.map(DecodedAudio.init(holding:))),
          inputLevels: inputLevels, frameCount: inputFrameCount, plan: refinedPlan)
        first = try searchForGain(pre, plan: refinedPlan, seed: seed, deliveries: deliveries)
        first!.passes += firstPasses
        refined = true
      }
      (plan, passes, compromises, final) = (first!.plan, first!.passes, first!.compromises, first!.output)
    } else {
      // A replay renders the plan's gain as saved, delivering as it goes.
      let pre = try renderPreGainStages(input, inputLevels: inputLevels, frameCount: inputFrameCount, plan: plan).buffer
      final = renderOutputStages(
        replacing: consume pre, plan: plan, delivery: try deliveries.make(plan: plan))
    }
    guard let delivery = final.delivery else { preconditionFailure("Every chosen render delivers.") }
    try delivery.finish()
    return Result(
      plan: plan, passes: passes, refined: refined, truePeakGuardDips: final.truePeakGuard?.dipCount,
      limiterMaximumReductionDB: final.limiter?.maximumGainReductionDB, limiterAverageReductionDB: final.limiter?.averageGainReductionDB,
      limiterReductionHistoryDB: final.limiter?.gainReductionHistoryDB ?? [], compromises: compromises, delivery: delivery)
  }

  /// The largest block a delivery is handed (its dither is prepared for it): a render's
  /// blocks, ``blockFrames`` as it is by default.
  static let writeBlockFrames = 32_768

  /// A render's integrated loudness (LUFS) and true peak (dBTP), the limiter that made it, and
  /// its samples when kept (the stages before the gain; a gain pass keeps none, since it
  /// delivers as it renders or only measures). Unchecked `Sendable`: each pass creates its own
  /// limiter and hands it over only once the pass has ended, after which it is only read.
  struct Rendered: @unchecked Sendable {
    /// The samples, or no frames for a gain pass.
    var buffer: AudioBuffer
    var loudness: Double
    var truePeak: Double
    var limiter: TruePeakLimiter?
    /// The true-peak guard after the plan's tone trim, if it has one.
    var truePeakGuard: TruePeakGuard? = nil
    /// The file this pass wrote as it rendered, if it delivered.
    var delivery: MasteringDelivery?
    /// Its sample peaks per 100 ms, for the pre-gain render only.
    var peakHistory: SamplePeakHistory?
    /// Its long-term mid/side spectra, when the render measured them.
    var spectra: LongTermSpectra?

    /// The long-term mid/side spectra of the render: those its delivery measured on the file's
    /// samples (the same up to dither), else those it measured.
    var longTermSpectra: LongTermSpectra {
      guard let measured = delivery?.analyzer.longTermSpectra() ?? spectra else {
        preconditionFailure("A render whose spectra are asked for measures them or delivers.")
      }
      return measured
    }
  }

  /// Renders the stages before the gain and searches the gain; the pre-gain buffer is released on return.
  private func firstRound(
    _ input: InputSource, inputLevels: (loudnessLUFS: Double, truePeakDBTP: Double), frameCount: Int,
    plan: MasteringPlan, tone: ToneCorrection?, deliveries: MasteringDeliveries
  ) throws -> GainSearchOutcome {
    let pre = try renderPreGainStages(input, inputLevels: inputLevels, frameCount: frameCount, plan: plan)
    guard pre.loudness.isFinite else { throw MasteringError.nothingToMaster }
    return try searchForGain(pre, plan: plan, seed: nil, tone: tone, deliveries: deliveries)
  }

  /// The mix a render starts from: its samples as its analysis decoded them, if kept (taken
  /// once), else the file.
  private struct InputSource {
    var reader: AudioFileReader
    var decoded: DecodedAudio?
  }

  /// Runs the stages before the gain over the input — in place over decoded samples, or
  /// decoding the file block by block as the stages ask for it — metering the result on the
  /// way (true peak, loudness and sample peaks per 100 ms); with no such stage, takes the input
  /// as it is, with its analysis's levels.
  private func renderPreGainStages(
    _ input: InputSource, inputLevels: (loudnessLUFS: Double, truePeakDBTP: Double), frameCount: Int,
    plan: MasteringPlan
  ) throws -> Rendered {
    let chain = MasteringChainBuilder.preGainStages(plan)
    var decoded = input.decoded?.samples(frameCount: frameCount)
    guard !chain.processors.isEmpty else {
      let samples = try decoded ?? input.reader.readAll()
      let peakHistory = SamplePeakHistory(sampleRate: plan.sampleRate)
      peakHistory.process(samples)
      return Rendered(
        buffer: samples, loudness: inputLevels.loudnessLUFS, truePeak: inputLevels.truePeakDBTP, limiter: nil,
        peakHistory: peakHistory)
    }
    chain.prepare(sampleRate: plan.sampleRate, maximumBlockSize: blockFrames, channelCount: plan.channelCount)
    if let samples = decoded {
      decoded = nil  // the render's storage must be the samples' only owner, or writing copies them
      return render(
        chain, from: .inPlace, into: consume samples, plan: plan, limiter: nil, meterTruePeak: true, pipelined: true,
        stage: "shaping")
    }
    let reader = input.reader
    var decodingError: AudioFileError?
    let decoding = RenderSource.decoding { range in
      do throws(AudioFileError) {
        if let block = try reader.read(maximumFrames: range.count), block.frameCount == range.count { return block }
        decodingError = .readFailed(path: reader.path, reason: "it ended before the \(frameCount) frames its analysis read.")
      } catch {
        decodingError = error
      }
      return AudioBuffer(channelCount: plan.channelCount, frameCount: range.count)
    }
    let rendered = render(
      chain, from: decoding, into: .trackLong(channelCount: plan.channelCount, frameCount: frameCount), plan: plan,
      limiter: nil, meterTruePeak: true, pipelined: true, stage: "shaping")
    if let decodingError { throw decodingError }
    return rendered
  }

  /// Runs gain, limiter and what follows it over `pre`, measuring the output and writing it to
  /// `delivery`'s file, without keeping it: a pass that delivers needs its samples nowhere
  /// else, and one that only measures is rendered again, delivering, when it is chosen (a new
  /// track-long buffer per pass cost more CPU in page faults than the limiter's detection).
  /// - Parameter pipelined: meter on a second core (for a pass that runs alone; required to deliver).
  /// - Parameter stage: the progress stage to report, `nil` for none.
  /// - Parameter measureSpectra: also measure the output's long-term spectra (for a tone check).
  func renderOutputStages(
    _ pre: AudioBuffer, plan: MasteringPlan, pipelined: Bool, stage: String?, delivery: MasteringDelivery? = nil,
    measureSpectra: Bool = false
  ) -> Rendered {
    let (chain, limiter) = MasteringChainBuilder.outputStages(plan)
    chain.prepare(sampleRate: plan.sampleRate, maximumBlockSize: blockFrames, channelCount: plan.channelCount)
    var output = render(
      chain, from: .buffer(pre), into: nil, plan: plan, limiter: limiter, meterTruePeak: false, pipelined: pipelined,
      stage: stage, delivery: delivery, measureSpectra: measureSpectra)
    output.truePeakGuard = chain.processors.lazy.compactMap { $0 as? TruePeakGuard }.first
    return output
  }

  /// Runs gain and limiter over `pre` in place and to `delivery`'s file, for a replay's single pass.
  private func renderOutputStages(replacing pre: consuming AudioBuffer, plan: MasteringPlan, delivery: MasteringDelivery) -> Rendered {
    let (chain, limiter) = MasteringChainBuilder.outputStages(plan)
    chain.prepare(sampleRate: plan.sampleRate, maximumBlockSize: blockFrames, channelCount: plan.channelCount)
    return render(
      chain, from: .inPlace, into: pre, plan: plan, limiter: limiter, meterTruePeak: false, pipelined: true,
      stage: "limiting and writing", delivery: delivery)
  }

  /// Where a render's input frames come from.
  private enum RenderSource {
    /// A buffer as long as the output.
    case buffer(AudioBuffer)
    /// The output storage itself: each output frame is written after the input frame it
    /// replaces has been read.
    case inPlace
    /// Consecutive frame ranges, decoded on demand.
    case decoding((Range<Int>) -> AudioBuffer)

    /// The frames a buffer source holds; `nil` for the others.
    var frameCount: Int? {
      if case .buffer(let input) = self { input.frameCount } else { nil }
    }
  }

  /// Runs `chain` over `source` (latency compensated) and writes the output over `storage`,
  /// which is as long as the input (or keeps no samples when `storage` is `nil`; the source
  /// is then a buffer, whose length the output has). Meters loudness (and, when asked, true peak and sample peaks
  /// per 100 ms; otherwise the result's `truePeak` is −∞). Pipelined, each block is metered on a companion thread while
  /// the chain processes the next. With a `delivery` (pipelined only), each block is also
  /// dithered and written on this thread, and the companion runs the delivery's whole analysis,
  /// whose loudness of the samples as stored is the result's.
  private func render(
    _ chain: ProcessorChain, from source: RenderSource, into storage: consuming AudioBuffer?, plan: MasteringPlan,
    limiter: TruePeakLimiter?, meterTruePeak: Bool, pipelined: Bool, stage: String?, delivery: MasteringDelivery? = nil,
    measureSpectra: Bool = false
  ) -> Rendered {
    precondition(delivery == nil || pipelined, "A delivering render meters on its companion.")
    precondition(!measureSpectra || delivery == nil, "A delivering render's analysis measures its spectra.")
    let keepsSamples = storage != nil
    var output = storage ?? AudioBuffer(channelCount: plan.channelCount, frameCount: 0)
    guard keepsSamples || source.frameCount != nil else { preconditionFailure("A render that keeps no samples reads a buffer.") }
    let frameCount = keepsSamples ? output.frameCount : source.frameCount!, channelCount = plan.channelCount
    let report = stage.flatMap { stage in progress.map { progress in { (done: Int) in
      progress(MasteringProgress(stage: stage, fraction: Double(done) / Double(max(1, frameCount))))
    } } }
    var framesDone = 0
    let loudnessMeter = LoudnessMeter(sampleRate: plan.sampleRate, channelRoles: ChannelRole.defaultLayout(channelCount: plan.channelCount))
    let truePeakMeter = meterTruePeak ? TruePeakMeter(sampleRate: plan.sampleRate, channelCount: plan.channelCount) : nil
    let peakHistory = meterTruePeak ? SamplePeakHistory(sampleRate: plan.sampleRate) : nil
    let spectrumAnalyzer = measureSpectra ? SpectrumAnalyzer(sampleRate: plan.sampleRate, channelCount: channelCount) : nil
    let companion = pipelined ? CompanionThread() : nil
    LatencyCompensation.render(
      chain, frameCount: frameCount, channelCount: channelCount, blockSize: blockFrames,
      read: { range in
        switch source {
        case .buffer(let input): input.slice(range)
        case .inPlace: output.slice(range)
        case .decoding(let decode): decode(range)
        }
      },
      write: { block in
        if let delivery, let companion {
          let (toWrite, stored) = delivery.dithered(block)
          companion.begin { delivery.analyzer.process(stored) }
          delivery.write(toWrite)
        } else {
          let meter = {
            loudnessMeter.process(block)
            truePeakMeter?.process(block)
            peakHistory?.process(block)
            spectrumAnalyzer?.process(block)
          }
          if let companion { companion.begin(meter) } else { meter() }
        }
        for channel in 0..<channelCount where keepsSamples {
          output.channels[channel].withUnsafeMutableBufferPointer { destination in
            block.channels[channel].withUnsafeBufferPointer { samples in
              (destination.baseAddress! + framesDone).update(from: samples.baseAddress!, count: samples.count)
            }
          }
        }
        framesDone += block.frameCount
        report?(framesDone)
      })
    companion?.finish()
    return Rendered(
      buffer: output, loudness: delivery?.analyzer.integratedLoudnessLUFS ?? loudnessMeter.integratedLoudness,
      truePeak: truePeakMeter?.truePeakDBTP ?? -.infinity, limiter: limiter, delivery: delivery, peakHistory: peakHistory,
      spectra: spectrumAnalyzer.map(LongTermSpectra.init(of:)))
  }
}

/// Why a master could not be made.
public enum MasteringError: Error, CustomStringConvertible, Equatable {
  case nothingToMaster
  case tooShort(seconds: Double)
  case unsupportedChannelCount(Int)
  case planDoesNotFit(reason: String)
  case presetMissing(reason: String)
  case conversionFailed(reason: String)

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
    case .conversionFailed(let reason):
      return "the sample-rate conversion failed: \(reason)"
    }
  }
}
