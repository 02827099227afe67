import DubplateAudio
import DubplateDSP

/// Runs every meter over one stream of audio in a single pass and assembles a ``TrackAnalysis``.
///
/// Loudness, true peak, dynamics, spectrum and stereo meters are all fed from the same
/// decoded blocks, so a file is decoded once and memory does not grow with its length.
/// Use ``analyze(fileAt:blockFrames:progress:)`` for files, or feed blocks yourself with
/// ``process(_:)`` and call ``finish(file:format:warnings:)``.
public final class TrackAnalyzer {
  /// The sample rate the meters were built for, in Hz.
  public let sampleRate: Double
  /// The loudspeaker position of each channel.
  public let channelRoles: [ChannelRole]

  let loudnessMeter: LoudnessMeter
  let truePeakMeter: TruePeakMeter
  let dynamicsMeter: DynamicsMeter
  let spectrumAnalyzer: SpectrumAnalyzer
  let stereoMeter: StereoImageMeter?
  private(set) var nonFiniteSampleCount = 0
  /// Runs the spectrum and stereo meters beside the others when the analyzer may use two cores.
  private let companion: CompanionThread?

  /// Builds the meters for a stream of `channelRoles.count` channels.
  /// - Parameter clipLevel: the absolute sample value that is full scale for the source encoding.
  /// - Parameter threads: 2 to split every block's metering over two cores (loudness, true
  ///   peak and dynamics on the caller's thread; spectrum and stereo on a companion), for a
  ///   file analysed alone; 1 when other work already keeps the cores busy.
  public init(sampleRate: Double, channelRoles: [ChannelRole], clipLevel: Float = 1, threads: Int = 1) {
    self.sampleRate = sampleRate
    self.channelRoles = channelRoles
    let channelCount = channelRoles.count
    loudnessMeter = LoudnessMeter(sampleRate: sampleRate, channelRoles: channelRoles)
    truePeakMeter = TruePeakMeter(sampleRate: sampleRate, channelCount: channelCount)
    dynamicsMeter = DynamicsMeter(sampleRate: sampleRate, channelCount: channelCount, clipLevel: clipLevel)
    spectrumAnalyzer = SpectrumAnalyzer(sampleRate: sampleRate, channelCount: channelCount)
    stereoMeter = channelCount >= 2 ? StereoImageMeter(sampleRate: sampleRate) : nil
    companion = threads > 1 ? CompanionThread() : nil
  }

  /// Feeds one planar block to every meter. NaN and infinite samples are counted and measured as silence.
  /// - Parameter callerWork: other work on the block (writing it to a file) that runs on the
  ///   caller's thread beside the level meters while the companion runs the image meters, so a
  ///   two-core analyzer and that work share the cores without a third thread.
  public func process(_ block: AudioBuffer, alongside callerWork: () -> Void = {}) {
    var buffer = block
    replaceNonFiniteSamples(in: &buffer)
    let (spectrumAnalyzer, stereoMeter) = (spectrumAnalyzer, stereoMeter)
    let imageMeters = { [buffer] in
      spectrumAnalyzer.process(buffer)
      if let stereoMeter {
        stereoMeter.process(buffer.channelCount == 2 ? buffer : AudioBuffer(channels: Array(buffer.channels[0..<2])))
      }
    }
    let levelMeters = {
      self.loudnessMeter.process(buffer)
      self.truePeakMeter.process(buffer)
      self.dynamicsMeter.process(buffer)
    }
    if let companion {
      companion.run(imageMeters) {
        callerWork()
        levelMeters()
      }
    } else {
      callerWork()
      levelMeters()
      imageMeters()
    }
  }

  /// Frames fed so far.
  public var processedFrameCount: Int { dynamicsMeter.processedFrameCount }

  /// The integrated loudness (ITU-R BS.1770-4) of everything fed so far, LUFS; −∞ while no
  /// block passes the gates.
  public var integratedLoudnessLUFS: Double { loudnessMeter.integratedLoudness }

  private func replaceNonFiniteSamples(in buffer: inout AudioBuffer) {
    for channel in 0..<buffer.channelCount {
      let hasNonFinite = buffer.channels[channel].withUnsafeBufferPointer(Self.containsNonFinite)
      guard hasNonFinite else { continue }
      buffer.channels[channel].withUnsafeMutableBufferPointer { samples in
        for index in samples.indices where !samples[index].isFinite {
          samples[index] = 0
          nonFiniteSampleCount += 1
        }
      }
    }
  }
}

extension TrackAnalyzer {
  /// Whether any sample is NaN or infinite, i.e. has all eight exponent bits set: adding 1
  /// to the exponent field carries into the sign bit exactly then. An OR-reduction, which
  /// the optimiser vectorises (`contains(where:)` with `isFinite` ran one sample at a time).
  private static func containsNonFinite(_ samples: UnsafeBufferPointer<Float>) -> Bool {
    var carries: UInt32 = 0
    for sample in samples {
      carries |= (sample.bitPattern & 0x7F80_0000) &+ 0x0080_0000
    }
    return carries & 0x8000_0000 != 0
  }
}

// MARK: - Files

extension TrackAnalyzer {
  /// Analyses a file, decoding it once in blocks of `blockFrames`.
  /// - Parameter progress: called after each block with the fraction of frames done (0…1).
  /// - Throws: ``AudioFileError`` when the file cannot be opened or read.
  /// - Parameter threads: cores the metering may use (see ``init(sampleRate:channelRoles:clipLevel:threads:)``).
  public static func analyze(
    fileAt path: String, blockFrames: Int = 32_768, threads: Int = 1, progress: ((Double) -> Void)? = nil
  ) throws -> TrackAnalysis {
    try analyzeFile(path, blockFrames: blockFrames, threads: threads, progress: progress).0
  }

  /// Analyses a file as ``analyze(fileAt:blockFrames:progress:)`` does and also returns its
  /// long-term mid/side spectra, for designing a matching EQ from the same single pass.
  /// - Parameter decodedBlocks: given each block as decoded, in order (a master keeps them, so
  ///   the file is not decoded a second time).
  public static func analyzeWithSpectra(
    fileAt path: String, blockFrames: Int = 32_768, threads: Int = 1, progress: ((Double) -> Void)? = nil,
    decodedBlocks: ((AudioBuffer) -> Void)? = nil
  ) throws -> (analysis: TrackAnalysis, spectra: LongTermSpectra) {
    let (analysis, analyzer) = try analyzeFile(
      path, blockFrames: blockFrames, threads: threads, progress: progress, decodedBlocks: decodedBlocks)
    return (analysis, analyzer.longTermSpectra())
  }

  /// Analyses a file as ``analyze(fileAt:blockFrames:progress:)`` does and also returns its
  /// loudness meter, whose gating blocks several tracks pool for album loudness
  /// (``LoudnessMeter/integratedLoudness(poolingBlocksOf:)``).
  public static func analyzeWithLoudnessMeter(
    fileAt path: String, blockFrames: Int = 32_768
  ) throws -> (analysis: TrackAnalysis, loudnessMeter: LoudnessMeter) {
    let (analysis, analyzer) = try analyzeFile(path, blockFrames: blockFrames, threads: 1, progress: nil)
    return (analysis, analyzer.loudnessMeter)
  }

  /// Decodes a file once through a new analyzer and returns the analysis with the analyzer.
  private static func analyzeFile(
    _ path: String, blockFrames: Int, threads: Int, progress: ((Double) -> Void)?,
    decodedBlocks: ((AudioBuffer) -> Void)? = nil
  ) throws -> (TrackAnalysis, TrackAnalyzer) {
    let reader = try AudioFileReader(path: path)
    let info = reader.info
    let analyzer = TrackAnalyzer(
      sampleRate: info.sampleRate, channelRoles: info.channelRoles, clipLevel: info.clipLevel, threads: threads)
    while let block = try reader.read(maximumFrames: blockFrames) {
      analyzer.process(block)
      decodedBlocks?(block)
      if let progress, info.frameCount > 0 {
        progress(min(1, Double(reader.framesRead) / Double(info.frameCount)))
      }
    }
    guard reader.framesRead > 0 else { throw AudioFileError.noAudio(path: path) }
    let format = TrackAnalysis.Format(
      sampleRate: info.sampleRate, channels: info.channelCount, frames: reader.framesRead,
      durationSeconds: Double(reader.framesRead) / info.sampleRate, container: info.container,
      encoding: info.encoding, channelLayout: info.channelRoles.map(\.rawValue))
    let analysis = analyzer.finish(file: path, format: format, warnings: reader.truncationWarning.map { [$0] } ?? [])
    return (analysis, analyzer)
  }
}
