import Foundation

/// The exact last stage of ``TruePeakLimiter``: it measures the limited signal with the same
/// oversampler as ``TruePeakMeter`` and removes any value still above the ceiling.
///
/// Samples wait here for ``latencyFrames`` frames. Each block, the waiting samples (after 64
/// frames of already-sent context) are oversampled as the meter does it (4× below 96 kHz,
/// 2× below 192 kHz, none above: bit-identical values, whatever the block sizes). While some
/// value exceeds the ceiling, the largest one, at frame `f` with magnitude `q`, is removed by
/// a gain dip: a flat gain `ceiling·(1 − 10⁻⁵)/q` over frames `f ± 24` (the whole span of
/// input samples that value is made from, so it is scaled exactly), joined to unity by
/// raised-cosine ramps of 0.5 ms each side; then the values that dip can have changed (its
/// frames, widened by the oversampler's history) are measured again, bit-identical to a
/// measurement of the whole block, so a block with many overs costs about one pass. Dips
/// never touch the 24 frames after the sent samples, so sent values stay as measured; the wait
/// leaves room for three dips in a chain. Every dip is counted in ``correctionCount``.
final class TruePeakOverCorrector {
  /// Frames a sample waits in this stage.
  let latencyFrames: Int
  /// Dips applied so far.
  private(set) var correctionCount = 0
  /// Blocks that still held an over after `maximumDipsPerBlock` dips (expected: never).
  private(set) var unresolvedBlockCount = 0

  private static let contextFrames = 64
  private static let supportFrames = 24
  /// A dip re-measures about 200 frames, so even this many cost less than one pass over a block
  /// (a tone trim's guard meets a few dozen overs in some blocks of a loud master).
  private static let maximumDipsPerBlock = 1000
  private let overLimit: Double
  private let dipTarget: Double
  private let rampFrames: Int
  private let channelCount: Int
  private let verifier: PolyphaseOversampler
  /// Per channel: context, then the waiting samples.
  private var buffers: [[Float]]
  /// Dip gains for the frames after the newest one, which have not arrived yet.
  private var carryGains: [Double]

  init(ceilingLinear: Double, sampleRate: Double, channelCount: Int) {
    overLimit = ceilingLinear * (1 - 1e-6)
    dipTarget = ceilingLinear * (1 - 1e-5)
    rampFrames = max(8, Int((0.0005 * sampleRate).rounded()))
    self.channelCount = channelCount
    verifier = PolyphaseOversampler(sampleRate: sampleRate, channelCount: channelCount)
    let support = Self.supportFrames
    latencyFrames = 3 * support + rampFrames + 2 * (2 * support + rampFrames)
    buffers = []
    carryGains = []
    reset()
  }

  /// Empties the stage (as if new) and zeroes the counters.
  func reset() {
    buffers = Array(
      repeating: [Float](repeating: 0, count: Self.contextFrames + latencyFrames),
      count: channelCount)
    carryGains = [Double](repeating: 1, count: Self.supportFrames + rampFrames + 1)
    correctionCount = 0
    unresolvedBlockCount = 0
  }

  /// Takes a block of limited samples and replaces it with the corrected block
  /// ``latencyFrames`` frames earlier.
  func process(_ block: inout AudioBuffer) {
    let frameCount = block.frameCount
    for channel in 0..<channelCount {
      block.channels[channel].withUnsafeMutableBufferPointer { samples in
        for frame in 0..<min(frameCount, carryGains.count) where carryGains[frame] != 1 {
          samples[frame] = Float(Double(samples[frame]) * carryGains[frame])
        }
      }
      buffers[channel].append(contentsOf: block.channels[channel])
    }
    let kept = max(carryGains.count - frameCount, 0)
    carryGains = Array(carryGains.suffix(kept))
      + [Double](repeating: 1, count: carryGains.count - kept)
    correctOvers()
    let context = Self.contextFrames
    for channel in 0..<channelCount {
      buffers[channel].withUnsafeBufferPointer { waiting in
        block.channels[channel].withUnsafeMutableBufferPointer { output in
          output.baseAddress!.update(from: waiting.baseAddress! + context, count: frameCount)
        }
      }
      buffers[channel].removeFirst(frameCount)
    }
  }

  private func correctOvers() {
    let endFrame = buffers[0].count - verifier.latencyFrames
    guard endFrame > Self.contextFrames, anyValueAboveLimit() else { return }
    var peaks = [Float](repeating: 0, count: endFrame)
    measurePeaks(Self.contextFrames..<endFrame, into: &peaks)
    // Frames once found above the limit, ascending; a dip re-measures only its neighbourhood.
    var candidates = (Self.contextFrames..<endFrame).filter { Double(peaks[$0]) > overLimit }
    var dips = 0
    while true {
      candidates.removeAll { Double(peaks[$0]) <= overLimit }
      // The largest over, the earliest of equals.
      guard let frame = candidates.max(by: { peaks[$0] < peaks[$1] || (peaks[$0] == peaks[$1] && $0 > $1) }) else { return }
      guard dips < Self.maximumDipsPerBlock else {
        unresolvedBlockCount += 1
        return
      }
      applyDip(at: frame, gain: dipTarget / Double(peaks[frame]))
      dips += 1
      correctionCount += 1
      // The dip changed frames `frame ± (supportFrames + rampFrames)`, and every value made
      // from them lies within the oversampler's history of those.
      let reach = Self.supportFrames + rampFrames + verifier.historyFrameCount
      let changed = max(frame - reach, Self.contextFrames)..<min(frame + reach + 1, endFrame)
      measurePeaks(changed, into: &peaks)
      let known = Set(candidates)
      candidates += changed.filter { Double(peaks[$0]) > overLimit && !known.contains($0) }
      candidates.sort()
    }
  }

  /// Whether any oversampled value of the waiting samples exceeds the limit: the common case,
  /// none, costs one skimming pass and no per-frame peaks.
  private func anyValueAboveLimit() -> Bool {
    verifier.reset()
    var largest: Float = 0
    for channel in 0..<channelCount {
      largest = max(largest, buffers[channel].withUnsafeBufferPointer {
        verifier.maximumMagnitude(feeding: $0, channel: channel, skippingBelow: Float(overLimit))
      })
    }
    return Double(largest) > overLimit
  }

  /// Sets `peaks[f]`, for each waiting frame `f` in `frames`, to the largest oversampled |value|
  /// of frame `f` over all channels, when it can exceed the limit (else to at most the limit).
  /// The oversampler starts ``contextFrames`` before the range, beyond its history, so the
  /// values are those of one pass over the whole stream, bit for bit.
  private func measurePeaks(_ frames: Range<Int>, into peaks: inout [Float]) {
    let start = frames.lowerBound - Self.contextFrames
    let delay = verifier.latencyFrames
    var framePeaks = [Float](repeating: 0, count: frames.upperBound + delay - start)
    verifier.reset()
    for channel in 0..<channelCount {
      buffers[channel].withUnsafeBufferPointer { samples in
        framePeaks.withUnsafeMutableBufferPointer { framePeaks in
          verifier.raiseFramePeaks(
            feeding: UnsafeBufferPointer(rebasing: samples[start..<(frames.upperBound + delay)]), channel: channel,
            into: framePeaks.baseAddress!, skippingBelow: Float(overLimit))
        }
      }
    }
    for frame in frames { peaks[frame] = framePeaks[frame - start + delay] }
  }

  /// Multiplies frames `center ± supportFrames` by `gain`, with raised-cosine ramps either
  /// side; frames not yet arrived get their share through `carryGains`.
  private func applyDip(at center: Int, gain: Double) {
    let support = Self.supportFrames
    let frameCount = buffers[0].count
    let firstAllowed = Self.contextFrames + support
    for frame in max(center - support - rampFrames, firstAllowed)...(center + support + rampFrames) {
      let rampPosition = abs(frame - center) - support
      let shape =
        rampPosition <= 0 ? 1 : 0.5 + 0.5 * cos(Double.pi * Double(rampPosition) / Double(rampFrames + 1))
      let weight = 1 - (1 - gain) * shape
      if frame < frameCount {
        for channel in 0..<channelCount {
          buffers[channel][frame] = Float(Double(buffers[channel][frame]) * weight)
        }
      } else {
        carryGains[frame - frameCount] *= weight
      }
    }
  }
}
