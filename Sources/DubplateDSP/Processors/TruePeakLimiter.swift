import Foundation

/// A look-ahead true-peak limiter with linked channels: the output's true peak, as
/// ``TruePeakMeter`` measures it (ITU-R BS.1770-4 Annex 2), never exceeds `ceilingDBTP`.
///
/// **Detection.** The input is oversampled 4× at every sample rate (``PolyphaseOversampler``,
/// the meter's interpolator) and each frame's peak is the largest |value| over its four
/// phases and all channels. The gain that frame needs is `threshold / peak` (1 below the
/// threshold); the threshold sits ``safetyMarginDB`` below the ceiling. Stretches whose input
/// cannot make a value above the threshold (by the oversampler's ``PolyphaseOversampler/gainBound``)
/// are not interpolated: they need gain 1 whatever their values, so the result is the same.
///
/// **Gain.** One gain for all channels, from ``LimiterGainEnvelope``: held over the look-ahead
/// plus 24 frames either side of a peak (the interpolator's span, so an isolated peak is
/// scaled by a flat gain), ramped down linearly over the look-ahead (no click: the gain
/// changes by at most `(1 − lowest gain) / lookaheadFrames` per frame), released
/// exponentially with a programme-dependent time constant `releaseMilliseconds · (1 + 3u)`,
/// `u` the share of the last second spent limiting (sustained limiting releases up to 4×
/// slower).
///
/// **Exact stage.** A smoothly varying gain can still leave a value a hair above the
/// threshold; ``TruePeakOverCorrector`` measures the limited signal exactly as the meter does
/// and removes any value above the ceiling with a short gain dip (0.5 ms raised-cosine
/// ramps). ``correctionCount`` counts those dips.
///
/// **Latency** (``latencySamples``): look-ahead + 24 hold frames + 21 frames of detector delay
/// + the exact stage's wait (234 frames at 44.1 kHz). **Reports**: the reduction statistics
/// describe the smooth gain (not the dips) for the frames of the input stream, from its first
/// frame on, including any flushing frames a renderer adds.
public final class TruePeakLimiter: AudioProcessor {
  /// The highest true peak the output may have, in dBTP.
  public let ceilingDBTP: Double
  /// How far ahead the gain sees peaks coming: the length of its downward ramp, in ms.
  public let lookaheadMilliseconds: Double
  /// The release time constant for isolated peaks, in ms (up to 4× under sustained limiting).
  public let releaseMilliseconds: Double
  /// How far below the ceiling detection aims, in dB, so the exact stage rarely has work.
  public static let safetyMarginDB = 0.05

  /// The largest gain reduction so far, in dB (0 = none).
  public private(set) var maximumGainReductionDB = 0.0
  /// The mean gain reduction over the frames that had some (reduction > 0), in dB; 0 if none.
  public var averageGainReductionDB: Double {
    reducedFrameCount > 0 ? (reductionSumDB - Decibels.fromAmplitude(reductionProduct)) / Double(reducedFrameCount) : 0
  }
  /// The largest gain reduction in each 100 ms of input so far, in dB, for plots; the last
  /// entry covers the part of a 100 ms stretch processed so far.
  public var gainReductionHistoryDB: [Double] {
    bucketFrameCount > 0 ? completedHistoryDB + [bucketMaximumDB] : completedHistoryDB
  }
  /// Gain dips the exact stage has applied (the fallback; 0 when the smooth gain sufficed).
  public var correctionCount: Int { corrector?.correctionCount ?? 0 }
  /// Frames by which the output lags the input; 0 until prepared.
  public private(set) var latencySamples = 0

  private static let holdFrames = 24
  /// Frames whose needed gains are worked out together (all 1 when none is over the threshold).
  private static let gainGroupFrames = 64
  private var channelCount = 0
  private var detector: PolyphaseOversampler?
  private var corrector: TruePeakOverCorrector?
  private var envelope: LimiterGainEnvelope?
  private var initialEnvelope: LimiterGainEnvelope?
  private var thresholdLinear = 1.0
  /// The largest Float at or below the threshold: detection chunks whose values cannot exceed
  /// it need no gain, so they are not interpolated (exact: such a frame's gain is 1 anyway).
  private var detectionFloor: Float = 0
  /// Per-block scratch: each frame's detected peak, then its needed and smooth gain.
  private var peaks: [Float] = []
  private var gains: [Double] = []
  private var delayFrames = 0
  /// Planar ring of the input, `delayFrames` per channel, so samples meet their gain.
  private var delayRing: [Float] = []
  private var delayPosition = 0
  private var gainFramesSeen = 0
  private var reductionSumDB = 0.0
  /// The product of the gains below 1 not yet in ``reductionSumDB`` (carried across blocks, so
  /// the statistics do not depend on how the stream was split).
  private var reductionProduct = 1.0
  private var reducedFrameCount = 0
  private var completedHistoryDB: [Double] = []
  private var bucketMaximumDB = 0.0
  private var bucketFrameCount = 0
  private var bucketLength = 1

  /// A limiter; call ``prepare(sampleRate:maximumBlockSize:channelCount:)`` before use.
  public init(
    ceilingDBTP: Double = -1, lookaheadMilliseconds: Double = 5, releaseMilliseconds: Double = 100
  ) {
    precondition(ceilingDBTP <= 0 && ceilingDBTP.isFinite, "The ceiling must be at most 0 dBTP.")
    precondition(lookaheadMilliseconds >= 0.1, "The look-ahead must be at least 0.1 ms.")
    precondition(releaseMilliseconds >= 1, "The release must be at least 1 ms.")
    self.ceilingDBTP = ceilingDBTP
    self.lookaheadMilliseconds = lookaheadMilliseconds
    self.releaseMilliseconds = releaseMilliseconds
  }

  public var description: String {
    String(
      format: "TruePeakLimiter(ceiling: %.2f dBTP, look-ahead: %.1f ms, release: %.0f ms "
        + "(up to 4× when sustained), channels linked, detection 4× oversampled, "
        + "safety margin: %.2f dB)",
      ceilingDBTP, lookaheadMilliseconds, releaseMilliseconds, Self.safetyMarginDB)
  }

  public func prepare(sampleRate: Double, maximumBlockSize: Int, channelCount: Int) {
    precondition(sampleRate > 0 && channelCount > 0 && maximumBlockSize > 0)
    self.channelCount = channelCount
    let lookaheadFrames = max(1, Int((lookaheadMilliseconds / 1000 * sampleRate).rounded()))
    let detector = PolyphaseOversampler(factor: 4, channelCount: channelCount)
    self.detector = detector
    thresholdLinear = Decibels.toAmplitude(ceilingDBTP - Self.safetyMarginDB)
    detectionFloor = Float(thresholdLinear)
    if Double(detectionFloor) > thresholdLinear { detectionFloor = detectionFloor.nextDown }
    peaks = [Float](repeating: 0, count: maximumBlockSize)
    gains = [Double](repeating: 1, count: maximumBlockSize)
    let envelope = LimiterGainEnvelope(
      lookaheadFrames: lookaheadFrames, holdFrames: Self.holdFrames,
      releaseSeconds: releaseMilliseconds / 1000, sampleRate: sampleRate)
    initialEnvelope = envelope
    delayFrames = detector.latencyFrames + envelope.delayFrames
    let corrector = TruePeakOverCorrector(
      ceilingLinear: Decibels.toAmplitude(ceilingDBTP), sampleRate: sampleRate,
      channelCount: channelCount)
    self.corrector = corrector
    latencySamples = delayFrames + corrector.latencyFrames
    bucketLength = max(1, Int((0.1 * sampleRate).rounded()))
    reset()
  }

  public func reset() {
    detector?.reset()
    corrector?.reset()
    envelope = initialEnvelope
    delayRing = [Float](repeating: 0, count: delayFrames * channelCount)
    delayPosition = 0
    gainFramesSeen = 0
    maximumGainReductionDB = 0
    reductionSumDB = 0
    reductionProduct = 1
    reducedFrameCount = 0
    completedHistoryDB = []
    bucketMaximumDB = 0
    bucketFrameCount = 0
  }

  public func process(_ buffer: inout AudioBuffer) {
    guard let detector, let corrector, var envelope = envelope.take() else {
      preconditionFailure("Call prepare(sampleRate:maximumBlockSize:channelCount:) first.")
    }
    precondition(buffer.channelCount == channelCount, "Expected \(channelCount) channels.")
    let frameCount = buffer.frameCount
    if peaks.count < frameCount {
      peaks = [Float](repeating: 0, count: frameCount)
      gains = [Double](repeating: 1, count: frameCount)
    }
    let threshold = thresholdLinear, floor = detectionFloor
    // Each frame's peak over its four oversampled phases and all channels, then its need.
    // A channel's skipped chunk leaves values at or below the threshold out of the peak,
    // which changes no need: the peak decides only where it exceeds the threshold.
    peaks.withUnsafeMutableBufferPointer { peaks in
      gains.withUnsafeMutableBufferPointer { gains in
        let peaks = peaks.baseAddress!, gains = UnsafeMutableBufferPointer(rebasing: gains[..<frameCount])
        peaks.update(repeating: 0, count: frameCount)
        for channel in 0..<channelCount {
          buffer.channels[channel].withUnsafeBufferPointer { samples in
            detector.raiseFramePeaks(
              feeding: samples, channel: channel, into: peaks, skippingBelow: floor)
          }
        }
        // Groups of frames whose largest peak cannot exceed the threshold (NaN reads as
        // +infinity, so it goes the long way, where it gives gain 1) skip the divisions.
        for start in stride(from: 0, to: frameCount, by: Self.gainGroupFrames) {
          let end = min(frameCount, start + Self.gainGroupFrames)
          guard Double(MaximumMagnitude.of(peaks + start, count: end - start)) > threshold else {
            (gains.baseAddress! + start).update(repeating: 1, count: end - start)
            continue
          }
          for frame in start..<end {
            let peak = Double(peaks[frame])
            gains[frame] = peak > threshold ? threshold / peak : 1
          }
        }
        envelope.apply(toNeededGains: gains)
        applyDelayedGains(UnsafeBufferPointer(gains), to: &buffer)
        record(UnsafeBufferPointer(gains))
      }
    }
    self.envelope = envelope
    corrector.process(&buffer)
  }

  /// Replaces each sample by the sample `delayFrames` earlier times that frame's gain, in runs
  /// up to the ring's wrap so the loop vectorises. `Float(Double(x) · 1) == x`, so frames
  /// with gain 1 pass unchanged without a branch.
  private func applyDelayedGains(_ gains: UnsafeBufferPointer<Double>, to buffer: inout AudioBuffer) {
    let delay = delayFrames
    var position = delayPosition
    delayRing.withUnsafeMutableBufferPointer { ring in
      for channel in 0..<channelCount {
        position = delayPosition
        buffer.channels[channel].withUnsafeMutableBufferPointer { samples in
          var frame = 0
          while frame < samples.count {
            let run = min(samples.count - frame, delay - position)
            let slots = ring.baseAddress! + channel * delay + position
            let block = samples.baseAddress! + frame, blockGains = gains.baseAddress! + frame
            for index in 0..<run {
              let delayed = slots[index]
              slots[index] = block[index]
              block[index] = Float(Double(delayed) * blockGains[index])
            }
            frame += run
            position = position + run == delay ? 0 : position + run
          }
        }
      }
    }
    delayPosition = position
  }

  /// Adds the gains of input frames (those past the initial delay) to the statistics, one
  /// 100 ms bucket at a time in local variables.
  private func record(_ gains: UnsafeBufferPointer<Double>) {
    var frame = min(gains.count, max(0, delayFrames - gainFramesSeen))
    gainFramesSeen += gains.count
    var (sumDB, reducedCount, largestDB) = (reductionSumDB, reducedFrameCount, maximumGainReductionDB)
    var (bucketMaximum, bucketCount) = (bucketMaximumDB, bucketFrameCount)
    // Reductions in dB add up as the log of the gains' product, so a logarithm is taken
    // only when the product nears Double's range, and once per stretch for its maximum.
    var product = reductionProduct
    while frame < gains.count {
      let end = min(gains.count, frame + bucketLength - bucketCount)
      var smallest = 1.0
      for gain in gains[frame..<end] where gain < 1 {
        // Every gain below 1 is a reduction above 0 dB (log10 of at most 1 − 2⁻⁵³ is about −4.8e-17).
        reducedCount += 1
        smallest = min(smallest, gain)
        product *= gain
        if product < 1e-250 {
          sumDB -= Decibels.fromAmplitude(product)
          product = 1
        }
      }
      if smallest < 1 {
        let reductionDB = -Decibels.fromAmplitude(smallest)
        largestDB = max(largestDB, reductionDB)
        bucketMaximum = max(bucketMaximum, reductionDB)
      }
      bucketCount += end - frame
      frame = end
      if bucketCount == bucketLength {
        completedHistoryDB.append(bucketMaximum)
        bucketMaximum = 0
        bucketCount = 0
      }
    }
    reductionProduct = product
    (reductionSumDB, reducedFrameCount, maximumGainReductionDB) = (sumDB, reducedCount, largestDB)
    (bucketMaximumDB, bucketFrameCount) = (bucketMaximum, bucketCount)
  }
}
