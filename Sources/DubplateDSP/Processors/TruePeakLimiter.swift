import Foundation

/// A look-ahead true-peak limiter with linked channels: the output's true peak, as
/// ``TruePeakMeter`` measures it (ITU-R BS.1770-4 Annex 2), never exceeds `ceilingDBTP`.
///
/// **Detection.** The input is oversampled 4× at every sample rate (``PolyphaseOversampler``,
/// the meter's interpolator) and each frame's peak is the largest |value| over its four
/// phases and all channels. The gain that frame needs is `threshold / peak` (1 below the
/// threshold); the threshold sits ``safetyMarginDB`` below the ceiling.
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
    reducedFrameCount > 0 ? reductionSumDB / Double(reducedFrameCount) : 0
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
  private var channelCount = 0
  private var detector: PolyphaseOversampler?
  private var corrector: TruePeakOverCorrector?
  private var envelope: LimiterGainEnvelope?
  private var initialEnvelope: LimiterGainEnvelope?
  private var thresholdLinear = 1.0
  private var delayFrames = 0
  /// Planar ring of the input, `delayFrames` per channel, so samples meet their gain.
  private var delayRing: [Float] = []
  private var delayPosition = 0
  private var gainFramesSeen = 0
  private var reductionSumDB = 0.0
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
    reducedFrameCount = 0
    completedHistoryDB = []
    bucketMaximumDB = 0
    bucketFrameCount = 0
  }

  public func process(_ buffer: inout AudioBuffer) {
    guard let detector, let corrector, var envelope else {
      preconditionFailure("Call prepare(sampleRate:maximumBlockSize:channelCount:) first.")
    }
    precondition(buffer.channelCount == channelCount, "Expected \(channelCount) channels.")
    let frameCount = buffer.frameCount
    let threshold = thresholdLinear
    // Each frame's peak over its four oversampled phases and all channels, then its need.
    var gains = [Double](repeating: 0, count: frameCount)
    var peaks = [Float](repeating: 0, count: frameCount)
    peaks.withUnsafeMutableBufferPointer { peaks in
      for channel in 0..<channelCount {
        detector.upsample(buffer.channels[channel], channel: channel).withUnsafeBufferPointer { values in
          for frame in 0..<frameCount {
            var peak = peaks[frame]
            for phase in 0..<4 { peak = max(peak, abs(values[4 * frame + phase])) }
            peaks[frame] = peak
          }
        }
      }
      gains.withUnsafeMutableBufferPointer { gains in
        for frame in 0..<frameCount {
          let peak = Double(peaks[frame])
          gains[frame] = peak > threshold ? threshold / peak : 1
        }
        envelope.apply(toNeededGains: gains)
      }
    }
    self.envelope = envelope
    applyDelayedGains(gains, to: &buffer)
    record(gains)
    corrector.process(&buffer)
  }

  /// Replaces each sample by the sample `delayFrames` earlier times that frame's gain.
  private func applyDelayedGains(_ gains: [Double], to buffer: inout AudioBuffer) {
    let delay = delayFrames
    for channel in 0..<channelCount {
      var position = delayPosition
      delayRing.withUnsafeMutableBufferPointer { ring in
        buffer.channels[channel].withUnsafeMutableBufferPointer { samples in
          let base = channel * delay
          for frame in 0..<samples.count {
            let delayed = ring[base + position]
            ring[base + position] = samples[frame]
            samples[frame] = gains[frame] == 1 ? delayed : Float(Double(delayed) * gains[frame])
            position = position + 1 == delay ? 0 : position + 1
          }
        }
      }
      if channel == channelCount - 1 { delayPosition = position }
    }
  }

  /// Adds the gains of input frames (those past the initial delay) to the statistics.
  private func record(_ gains: [Double]) {
    for gain in gains {
      gainFramesSeen += 1
      guard gainFramesSeen > delayFrames else { continue }
      let reductionDB = gain < 1 ? -Decibels.fromAmplitude(gain) : 0
      if reductionDB > 0 {
        reductionSumDB += reductionDB
        reducedFrameCount += 1
        maximumGainReductionDB = max(maximumGainReductionDB, reductionDB)
      }
      bucketMaximumDB = max(bucketMaximumDB, reductionDB)
      bucketFrameCount += 1
      if bucketFrameCount == bucketLength {
        completedHistoryDB.append(bucketMaximumDB)
        bucketMaximumDB = 0
        bucketFrameCount = 0
      }
    }
  }
}
