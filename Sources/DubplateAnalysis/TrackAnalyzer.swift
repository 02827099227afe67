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

  /// Builds the meters for a stream of `channelRoles.count` channels.
  /// - Parameter clipLevel: the absolute sample value that is full scale for the source encoding.
  public init(sampleRate: Double, channelRoles: [ChannelRole], clipLevel: Float = 1) {
    self.sampleRate = sampleRate
    self.channelRoles = channelRoles
    let channelCount = channelRoles.count
    loudnessMeter = LoudnessMeter(sampleRate: sampleRate, channelRoles: channelRoles)
    truePeakMeter = TruePeakMeter(sampleRate: sampleRate, channelCount: channelCount)
    dynamicsMeter = DynamicsMeter(sampleRate: sampleRate, channelCount: channelCount, clipLevel: clipLevel)
    spectrumAnalyzer = SpectrumAnalyzer(sampleRate: sampleRate, channelCount: channelCount)
    stereoMeter = channelCount >= 2 ? StereoImageMeter(sampleRate: sampleRate) : nil
  }

  /// Feeds one planar block to every meter. NaN and infinite samples are counted and measured as silence.
  public func process(_ block: AudioBuffer) {
    var buffer = block
    replaceNonFiniteSamples(in: &buffer)
    loudnessMeter.process(buffer)
    truePeakMeter.process(buffer)
    dynamicsMeter.process(buffer)
    spectrumAnalyzer.process(buffer)
    if let stereoMeter {
      stereoMeter.process(buffer.channelCount == 2 ? buffer : AudioBuffer(channels: Array(buffer.channels[0..<2])))
    }
  }

  /// Frames fed so far.
  public var processedFrameCount: Int { dynamicsMeter.processedFrameCount }

  private func replaceNonFiniteSamples(in buffer: inout AudioBuffer) {
    for channel in 0..<buffer.channelCount {
      let hasNonFinite = buffer.channels[channel].withUnsafeBufferPointer { samples in
        samples.contains { !$0.isFinite }
      }
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

// MARK: - Files

extension TrackAnalyzer {
  /// Analyses a file, decoding it once in blocks of `blockFrames`.
  /// - Parameter progress: called after each block with the fraction of frames done (0…1).
  /// - Throws: ``AudioFileError`` when the file cannot be opened or read.
  public static func analyze(
    fileAt path: String, blockFrames: Int = 32_768, progress: ((Double) -> Void)? = nil
  ) throws -> TrackAnalysis {
    try analyzeWithSpectra(fileAt: path, blockFrames: blockFrames, progress: progress).analysis
  }

  /// Analyses a file as ``analyze(fileAt:blockFrames:progress:)`` does and also returns its
  /// long-term mid/side spectra, for designing a matching EQ from the same single pass.
  public static func analyzeWithSpectra(
    fileAt path: String, blockFrames: Int = 32_768, progress: ((Double) -> Void)? = nil
  ) throws -> (analysis: TrackAnalysis, spectra: LongTermSpectra) {
    let reader = try AudioFileReader(path: path)
    let info = reader.info
    let analyzer = TrackAnalyzer(
      sampleRate: info.sampleRate, channelRoles: info.channelRoles, clipLevel: info.clipLevel)
    while let block = try reader.read(maximumFrames: blockFrames) {
      analyzer.process(block)
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
    return (analysis, analyzer.longTermSpectra())
  }
}
