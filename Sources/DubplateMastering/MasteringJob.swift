import DubplateAnalysis
import DubplateAudio
import DubplateDSP
import DubplateProfiles
import Foundation
import Synchronization

/// Everything `dubplate master` was asked to do, already parsed and checked.
public struct MasteringRequest: Sendable {
  public var input: String
  /// `nil` for a dry run.
  public var output: String?
  public var targetLUFS: Double?
  public var ceilingDBTP: Double?
  public var platform: PlatformTable.Platform?
  public var profile: GenreProfile?
  public var referencePaths: [String]
  public var match: Set<MasteringGoal.Aspect>
  /// 0…1.
  public var amount: Double
  public var bitDepth: BitDepth?
  /// The master's sample rate, Hz; `nil` keeps the input's.
  public var sampleRateHz: Double?
  public var multiband: Bool
  public var limiter: Bool
  public var allowHeavyLimiting: Bool
  /// A saved chain to replay exactly.
  public var chain: MasteringPlan?
  public var overwrite: Bool
  /// Told how far the analysis and the render have come.
  public var progress: MasteringProgressHandler?

  public init(
    input: String, output: String?, targetLUFS: Double? = nil, ceilingDBTP: Double? = nil,
    platform: PlatformTable.Platform? = nil, profile: GenreProfile? = nil, referencePaths: [String] = [],
    match: Set<MasteringGoal.Aspect> = Set(MasteringGoal.Aspect.allCases), amount: Double = 1, bitDepth: BitDepth? = nil,
    sampleRateHz: Double? = nil, multiband: Bool = false, limiter: Bool = true, allowHeavyLimiting: Bool = false, chain: MasteringPlan? = nil,
    overwrite: Bool = false, progress: MasteringProgressHandler? = nil
  ) {
    self.progress = progress
    self.input = input
    self.output = output
    self.targetLUFS = targetLUFS
    self.ceilingDBTP = ceilingDBTP
    self.platform = platform
    self.profile = profile
    self.referencePaths = referencePaths
    self.match = match
    self.amount = amount
    self.bitDepth = bitDepth
    self.sampleRateHz = sampleRateHz
    self.multiband = multiband
    self.limiter = limiter
    self.allowHeavyLimiting = allowHeavyLimiting
    self.chain = chain
    self.overwrite = overwrite
  }
}

/// Runs a master from start to end: analyse the input (and references), plan, render to a
/// temporary file renamed into place, measuring the samples written for the after figures.
public enum MasteringJob {
  /// The default target when none is given: Spotify's normal mode.
  public static let defaultTargetLUFS = -14.0
  public static let defaultCeilingDBTP = -1.0

  public static func run(_ request: MasteringRequest) throws -> MasteringOutcome {
    // Opened first: its format sets the output's bit depth and the size of the decoded mix the
    // render starts from; a second round of the render decodes through it.
    let reader = try AudioFileReader(path: request.input)
    // The mix and the references are analysed side by side, one file per core; the mix's
    // samples are kept as its analysis decodes them.
    let paths = [request.input] + (request.chain == nil ? request.referencePaths : [])
    let decodedMix = request.output == nil ? nil : DecodedAudio(info: reader.info)
    let analyses = try analyzeConcurrently(paths, progress: request.progress, keeping: decodedMix)
    let (mix, spectra) = (analyses[0].analysis, analyses[0].spectra)
    let bitDepth = request.bitDepth ?? defaultBitDepth(reader.info)
    let sampleRate = request.sampleRateHz ?? reader.info.sampleRate
    guard mix.format.channels <= 2 else { throw MasteringError.unsupportedChannelCount(mix.format.channels) }
    guard mix.loudness.samplePeak != nil else { throw MasteringError.nothingToMaster }
    guard mix.loudness.integrated != nil else {
      throw mix.format.durationSeconds < TrackAnalyzer.minimumIntegratedSeconds
        ? MasteringError.tooShort(seconds: mix.format.durationSeconds) : MasteringError.nothingToMaster
    }
    // What the analysis found wrong with the input (clipping, truncation) is mastered anyway and said.
    var notes = mix.warnings.map { "Input: " + $0 }
    let referenceAnalyses = analyses.dropFirst().map(\.analysis)
    let plan: MasteringPlan
    var goal: MasteringGoal?
    if let chain = request.chain {
      if let problem = chain.problem(sampleRate: sampleRate, channelCount: mix.format.channels) {
        throw MasteringError.planDoesNotFit(reason: problem)
      }
      plan = chain
      notes.append("Replaying a saved chain exactly; no step was re-planned.")
    } else {
      let references = try analyses.dropFirst().map { analysis in
        guard analysis.analysis.loudness.integrated != nil else {
          throw MasteringError.planDoesNotFit(reason: "reference \(analysis.analysis.file) is silent or shorter than 400 ms.")
        }
        return analysis
      }
      for reference in references where reference.analysis.format.sampleRate != mix.format.sampleRate {
        notes.append("Reference \(reference.analysis.file) is \(Int(reference.analysis.format.sampleRate)) Hz: its spectrum was compared per Hz and the EQ designed at the master's \(Int(sampleRate)) Hz.")
      }
      var madeGoal = makeGoal(request, references: references, outputBitDepth: bitDepth, notes: &notes)
      if sampleRate != mix.format.sampleRate { madeGoal.sampleRateHz = sampleRate }
      goal = madeGoal
      let planned = MasteringPlanner().plan(for: mix, spectra: spectra, goal: madeGoal)
      plan = planned.plan
      notes += planned.notes
    }
    if plan.steps.contains(where: { if case .dither = $0.processing { true } else { false } }) {
      notes.append("TPDF dither added: the output is 16-bit.")
    }
    guard let outputPath = request.output else {
      let report = MasteringReport(
        input: request.input, output: nil, targetLUFS: plan.targetLUFS, ceilingDBTP: plan.ceilingDBTP, chain: plan,
        before: .init(mix), after: nil, limiter: nil, passes: 0, compromises: [], notes: notes)
      return MasteringOutcome(report: report, beforeAnalysis: mix, afterAnalysis: nil, referenceAnalyses: referenceAnalyses)
    }
    let format = try OutputFormat.forPath(outputPath, bitDepth: bitDepth)
    let openWriter = {
      try AudioFileWriter(
        path: outputPath, format: format, sampleRate: sampleRate, channelCount: reader.info.channelCount,
        overwrite: request.overwrite, protecting: [request.input] + request.referencePaths)
    }
    // Opened before any rendering, so a bad output path fails at once.
    let deliveries = MasteringDeliveries(
      opened: try openWriter(), openWriter: openWriter, channelRoles: reader.info.channelRoles,
      blockFrames: MasteringRenderer.writeBlockFrames)
    let renderer = MasteringRenderer(allowHeavyLimiting: request.allowHeavyLimiting, progress: request.progress)
    let tone = goal.map { goal in
      MasteringRenderer.ToneCorrection(
        refine: { plan, rendered in MasteringPlanner().refinedTone(of: plan, rendered: rendered, goal: goal) },
        trim: { plan, rendered in MasteringPlanner().toneTrim(of: plan, rendered: rendered, goal: goal) })
    }
    let converted = sampleRate == mix.format.sampleRate
      ? nil
      : try ConvertedMix(
        try decodedMix?.samples(frameCount: mix.format.frames) ?? reader.readAll(), from: mix.format.sampleRate, to: sampleRate)
    if converted != nil {
      notes.append("Converted from \(Int(mix.format.sampleRate)) Hz to \(Int(sampleRate)) Hz before processing (libsoxr, very high quality, linear phase).")
    }
    let result = try renderer.render(
      reader: reader, decodedInput: decodedMix, convertedInput: converted?.samples,
      inputLevels: converted?.levels ?? (mix.loudness.integrated!, mix.loudness.truePeak ?? -.infinity),
      inputFrameCount: converted?.samples.frameCount ?? mix.format.frames, plan: plan,
      searchGain: request.chain == nil, tone: tone, deliveries: deliveries)
    if result.refined {
      notes.append("The matching EQ was corrected once from the rendered master's spectrum and the master rendered again.")
    }
    if let dips = result.truePeakGuardDips {
      notes.append("A tone trim after the limiter put back what limiting moved in the long-term spectrum; its true-peak guard made \(dips) short gain \(dips == 1 ? "dip" : "dips").")
    }
    let written = result.delivery.writer
    let names = format.names(channelCount: reader.info.channelCount)
    let after = result.delivery.analyzer.finish(
      file: outputPath,
      format: TrackAnalysis.Format(
        sampleRate: sampleRate, channels: reader.info.channelCount, frames: written.framesWritten,
        durationSeconds: Double(written.framesWritten) / sampleRate,
        container: names.container, encoding: names.encoding,
        channelLayout: reader.info.channelRoles.map(\.rawValue)),
      warnings: [])
    let limiter = result.limiterMaximumReductionDB.map {
      MasteringReport.LimiterSummary(
        maximumGainReductionDB: $0, averageGainReductionDB: result.limiterAverageReductionDB ?? 0,
        reductionPerTenthSecondDB: result.limiterReductionHistoryDB.map { ($0 * 100).rounded() / 100 })
    }
    let report = MasteringReport(
      input: request.input, output: outputPath, targetLUFS: result.plan.targetLUFS, ceilingDBTP: result.plan.ceilingDBTP,
      chain: result.plan, before: .init(mix), after: .init(after), limiter: limiter, passes: result.passes,
      compromises: result.compromises, notes: notes)
    return MasteringOutcome(report: report, beforeAnalysis: mix, afterAnalysis: after, referenceAnalyses: referenceAnalyses)
  }

  /// The mix's progress is reported (the references are analysed beside it), and its decoded
  /// blocks go to `decodedMix`.
  private static func analyzeConcurrently(
    _ paths: [String], progress: MasteringProgressHandler?, keeping decodedMix: DecodedAudio?
  ) throws -> [MasteringGoal.Reference] {
    let results = Mutex<[Result<MasteringGoal.Reference, any Error>?]>(Array(repeating: nil, count: paths.count))
    ParallelWork.run(count: paths.count) { index in
      let result = Result { () throws -> MasteringGoal.Reference in
        // A mix mastered without references has both cores to itself.
        let report = index == 0 ? progress.map { progress in { progress(MasteringProgress(stage: "analysing", fraction: $0)) } } : nil
        let (analysis, spectra) = try TrackAnalyzer.analyzeWithSpectra(
          fileAt: paths[index], threads: paths.count == 1 ? 2 : 1, progress: report,
          decodedBlocks: index == 0 ? decodedMix.map { decoded in { decoded.append($0) } } : nil)
        return MasteringGoal.Reference(analysis: analysis, spectra: spectra)
      }
      results.withLock { $0[index] = result }
    }
    return try results.withLock { $0 }.map { try $0!.get() }
  }

  /// Target and ceiling by precedence: explicit options, then the references' loudness (when
  /// matched), the platform, the genre profile, then Spotify's −14 LUFS / −1 dBTP.
  private static func makeGoal(
    _ request: MasteringRequest, references: [MasteringGoal.Reference], outputBitDepth: BitDepth, notes: inout [String]
  ) -> MasteringGoal {
    let referenceLoudness = references.compactMap(\.analysis.loudness.integrated).sorted()
    let matchedLoudness = request.match.contains(.loudness) && !referenceLoudness.isEmpty
      ? Distribution.percentile(referenceLoudness, 0.5) : nil
    let target = request.targetLUFS ?? matchedLoudness ?? request.platform?.referenceLUFS
      ?? request.profile?.targets.integratedLUFS ?? defaultTargetLUFS
    let ceiling = request.ceilingDBTP ?? request.platform?.ceilingDBTP ?? request.profile?.targets.truePeakCeilingDBTP ?? defaultCeilingDBTP
    if request.targetLUFS == nil && matchedLoudness == nil && request.platform == nil && request.profile == nil {
      notes.append("No target given: Spotify's -14 LUFS with true peaks at or below -1 dBTP.")
    }
    return MasteringGoal(
      // Unrounded: a reference's loudness is matched, not its loudness to a tenth.
      targetLUFS: target, ceilingDBTP: ceiling, profile: request.profile, references: references,
      match: request.match, amount: request.amount, multiband: request.multiband, limiter: request.limiter,
      outputBitDepth: outputBitDepth == .pcm16 ? 16 : outputBitDepth == .pcm24 ? 24 : nil)
  }

  /// The input's own sample format where the writer supports it; 24-bit for lossy and other inputs.
  static func defaultBitDepth(_ info: AudioFileInfo) -> BitDepth {
    if info.isFloatingPoint { return .float32 }
    return info.bitDepth == 16 ? .pcm16 : .pcm24
  }
}

/// The mix converted to the master's sample rate (`--sample-rate`), with the loudness (LUFS)
/// and true peak (dBTP) the gain search starts from: conversion moves intersample peaks.
struct ConvertedMix {
  var samples: AudioBuffer
  var levels: (loudnessLUFS: Double, truePeakDBTP: Double)

  init(_ mix: AudioBuffer, from inputRateHz: Double, to sampleRateHz: Double) throws(MasteringError) {
    do {
      samples = try SampleRateConverter.convert(mix, from: inputRateHz, to: sampleRateHz)
    } catch {
      throw .conversionFailed(reason: error.description)
    }
    let loudness = LoudnessMeter(sampleRate: sampleRateHz, channelRoles: ChannelRole.defaultLayout(channelCount: samples.channelCount))
    let truePeak = TruePeakMeter(sampleRate: sampleRateHz, channelCount: samples.channelCount)
    loudness.process(samples)
    truePeak.process(samples)
    levels = (loudness.integratedLoudness, truePeak.truePeakDBTP)
  }
}

/// A file's samples collected block by block as its analysis decodes them, into one track-long
/// buffer sized from its header. Unchecked `Sendable`: only the analysing thread appends, and
/// the buffer is read after that thread has finished.
final class DecodedAudio: @unchecked Sendable {
  private var buffer: AudioBuffer
  private var filled = 0
  private var overflowed = false

  init(info: AudioFileInfo) {
    buffer = .trackLong(channelCount: info.channelCount, frameCount: max(0, info.frameCount))
  }

  /// Samples already complete (a converted mix), handed over as they are.
  init(holding samples: AudioBuffer) {
    buffer = samples
    filled = samples.frameCount
  }

  func append(_ block: AudioBuffer) {
    guard !overflowed, block.channelCount == buffer.channelCount, filled + block.frameCount <= buffer.frameCount else {
      overflowed = true
      return
    }
    for channel in 0..<block.channelCount {
      buffer.channels[channel].withUnsafeMutableBufferPointer { destination in
        block.channels[channel].withUnsafeBufferPointer { samples in
          (destination.baseAddress! + filled).update(from: samples.baseAddress!, count: samples.count)
        }
      }
    }
    filled += block.frameCount
  }

  /// The samples, handed over once, when exactly `frameCount` frames came (the header's count
  /// can promise more than a truncated file holds); `nil` otherwise, and the render decodes.
  func samples(frameCount: Int) -> AudioBuffer? {
    guard !overflowed, filled == frameCount, filled == buffer.frameCount else { return nil }
    defer { buffer = AudioBuffer(channelCount: buffer.channelCount, frameCount: 0) }
    return buffer
  }
}
