/// Sample-level dynamics and hygiene of a stream: sample peak, RMS, crest factor, DC offset,
/// clipped runs and leading/trailing silence.
///
/// Fed blocks of any length in order; every figure covers all samples fed so far. Sums are
/// kept in Double. A block whose peak stays below the clip level (or the silence threshold)
/// skips the per-sample clipping (or silence) scan.
public final class DynamicsMeter {
  /// Level a frame must exceed in some channel not to count as silence: -60 dBFS.
  public static let silenceThreshold = Float(Decibels.toAmplitude(-60))
  /// How many clipped-run start times are kept.
  public static let maximumListedClippedRuns = 10

  private let sampleRate: Double
  private let clipLevel: Float
  private var frameCount = 0
  private var peaks: [Float]
  private var sums: [Double]
  private var sumsOfSquares: [Double]
  private var clippingDetectors: [ClippingDetector]
  private var clippedRunStartFrames: [Int] = []
  private var firstAudibleFrame: Int?
  private var lastAudibleFrame: Int?

  /// `clipLevel`: the absolute sample value counted as full scale (e.g. 32767/32768 for
  /// 16-bit files, 1.0 for float files).
  public init(sampleRate: Double, channelCount: Int, clipLevel: Float) {
    precondition(sampleRate > 0, "The sample rate must be positive.")
    precondition(channelCount > 0, "A meter needs at least one channel.")
    self.sampleRate = sampleRate
    self.clipLevel = clipLevel
    peaks = [Float](repeating: 0, count: channelCount)
    sums = [Double](repeating: 0, count: channelCount)
    sumsOfSquares = [Double](repeating: 0, count: channelCount)
    clippingDetectors = Array(repeating: ClippingDetector(), count: channelCount)
  }

  /// Measures the next block; it must have the meter's channel count.
  public func process(_ buffer: AudioBuffer) {
    precondition(
      buffer.channelCount == peaks.count,
      "The buffer has \(buffer.channelCount) channels; the meter expects \(peaks.count).")
    let startFrame = frameCount
    for channel in 0..<buffer.channelCount {
      buffer.channels[channel].withUnsafeBufferPointer { samples in
        let peak = MaximumMagnitude.of(samples)
        peaks[channel] = max(peaks[channel], peak)
        let (sum, sumOfSquares) = Self.sums(samples)
        sums[channel] += sum
        sumsOfSquares[channel] += sumOfSquares
        if peak >= clipLevel {
          clippingDetectors[channel].scan(
            samples, startFrame: startFrame, clipLevel: clipLevel, runStarted: listClippedRun)
        } else {
          clippingDetectors[channel].skipBlock()
        }
        if peak > Self.silenceThreshold { noteAudibleFrames(samples, startFrame: startFrame) }
      }
    }
    frameCount += buffer.frameCount
  }

  /// Number of frames (samples per channel) processed.
  public var processedFrameCount: Int { frameCount }

  /// Highest |sample| per channel, linear.
  public var samplePeakPerChannel: [Double] { peaks.map(Double.init) }

  /// Highest |sample| over all channels, linear.
  public var samplePeak: Double { samplePeakPerChannel.max() ?? 0 }

  /// Mean square per channel (Double accumulation), linear; 0 before any frame.
  public var meanSquarePerChannel: [Double] {
    sumsOfSquares.map { frameCount > 0 ? $0 / Double(frameCount) : 0 }
  }

  /// RMS over all channels: `sqrt(mean over channels of mean square)`, linear.
  public var rms: Double {
    let meanSquares = meanSquarePerChannel
    return (meanSquares.reduce(0, +) / Double(meanSquares.count)).squareRoot()
  }

  /// Crest factor in dB, `20·log10(samplePeak / rms)`; nil when silent.
  public var crestFactorDB: Double? {
    let rms = self.rms
    guard rms > 0 else { return nil }
    return Decibels.fromAmplitude(samplePeak / rms)
  }

  /// Mean value per channel (DC offset), linear; 0 before any frame.
  public var dcOffsetPerChannel: [Double] {
    sums.map { frameCount > 0 ? $0 / Double(frameCount) : 0 }
  }

  /// Samples that belong to runs of three or more consecutive samples at or beyond the clip
  /// level (runs found per channel, summed over channels).
  public var clippedSampleCount: Int { clippingDetectors.reduce(0) { $0 + $1.clippedSampleCount } }

  /// Number of clipped runs, summed over channels.
  public var clippedRunCount: Int { clippingDetectors.reduce(0) { $0 + $1.runCount } }

  /// Start times in seconds of the first (at most 10) clipped runs, in time order. A run in
  /// each of two channels at the same moment is listed once per channel, as it is counted.
  public var firstClippedRunSeconds: [Double] {
    clippedRunStartFrames.map { Double($0) / sampleRate }
  }

  /// Time before the first frame in which any channel exceeds -60 dBFS; the whole duration
  /// when none does.
  public var leadingSilenceSeconds: Double {
    Double(firstAudibleFrame ?? frameCount) / sampleRate
  }

  /// Time after the last frame in which any channel exceeds -60 dBFS; the whole duration
  /// when none does.
  public var trailingSilenceSeconds: Double {
    guard let last = lastAudibleFrame else { return Double(frameCount) / sampleRate }
    return Double(frameCount - 1 - last) / sampleRate
  }

  // MARK: - Per-block work

  /// Sum and sum of squares in Double, with four partial sums so the additions overlap:
  /// lane `j` of the SIMD4 accumulators sums the samples whose index is `j` modulo 4.
  private static func sums(_ samples: UnsafeBufferPointer<Float>) -> (Double, Double) {
    var sum = SIMD4<Double>.zero, sumOfSquares = SIMD4<Double>.zero
    let blocked = samples.count & ~3
    var i = 0
    if let base = samples.baseAddress {
      let input = UnsafeRawPointer(base)
      while i < blocked {
        let x = SIMD4<Double>(input.loadUnaligned(fromByteOffset: 4 * i, as: SIMD4<Float>.self))
        sum += x
        sumOfSquares += x * x
        i += 4
      }
    }
    while i < samples.count {
      let x = Double(samples[i])
      sum.x += x
      sumOfSquares.x += x * x
      i += 1
    }
    return ((sum.x + sum.y) + (sum.z + sum.w), (sumOfSquares.x + sumOfSquares.y) + (sumOfSquares.z + sumOfSquares.w))
  }

  /// Keeps the earliest `maximumListedClippedRuns` run starts, in time order.
  private func listClippedRun(startFrame: Int) {
    let index = clippedRunStartFrames.firstIndex { $0 > startFrame } ?? clippedRunStartFrames.count
    guard index < Self.maximumListedClippedRuns else { return }
    clippedRunStartFrames.insert(startFrame, at: index)
    if clippedRunStartFrames.count > Self.maximumListedClippedRuns {
      clippedRunStartFrames.removeLast()
    }
  }

  /// Moves the first/last audible frame to include this block's audible samples.
  private func noteAudibleFrames(_ samples: UnsafeBufferPointer<Float>, startFrame: Int) {
    let threshold = Self.silenceThreshold
    // Blocks come in time order: only this block's other channels can move the first frame.
    if (firstAudibleFrame ?? Int.max) >= startFrame,
      let first = samples.firstIndex(where: { abs($0) > threshold })
    {
      firstAudibleFrame = min(firstAudibleFrame ?? Int.max, startFrame + first)
    }
    if let last = samples.lastIndex(where: { abs($0) > threshold }) {
      lastAudibleFrame = max(lastAudibleFrame ?? Int.min, startFrame + last)
    }
  }
}
