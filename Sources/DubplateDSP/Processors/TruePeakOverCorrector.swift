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
/// raised-cosine ramps of 0.5 ms each side; then everything is measured again, since a dip
/// can change its neighbours. Dips never touch the 24 frames after the sent samples, so sent
/// values stay as measured; the wait leaves room for three dips in a chain. Every dip is
/// counted in ``correctionCount``.
final class TruePeakOverCorrector {
  /// Frames a sample waits in this stage.
  let latencyFrames: Int
  /// Dips applied so far.
  private(set) var correctionCount = 0
  /// Blocks that still held an over after `maximumDipsPerBlock` dips (expected: never).
  private(set) var unresolvedBlockCount = 0

  private static let contextFrames = 64
  private static let supportFrames = 24
  private static let maximumDipsPerBlock = 100
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
    var dips = 0
    while let over = largestOver() {
      guard dips < Self.maximumDipsPerBlock else {
        unresolvedBlockCount += 1
        return
      }
      applyDip(at: over.frame, gain: dipTarget / over.magnitude)
      dips += 1
      correctionCount += 1
    }
  }

  /// The frame (index into `buffers`) with the largest oversampled value above the limit,
  /// among the waiting frames whose values are complete; `nil` if there is none.
  private func largestOver() -> (frame: Int, magnitude: Double)? {
    verifier.reset()
    var largest: Float = 0
    for channel in 0..<channelCount {
      largest = max(largest, buffers[channel].withUnsafeBufferPointer {
        verifier.maximumMagnitude(feeding: $0, channel: channel, skippingBelow: Float(overLimit))
      })
    }
    guard Double(largest) > overLimit else { return nil }
    verifier.reset()
    let frameCount = buffers[0].count
    let factor = verifier.factor, delay = verifier.latencyFrames
    let firstFrame = Self.contextFrames, endFrame = frameCount - delay
    var peaks = [Float](repeating: 0, count: frameCount)
    for channel in 0..<channelCount {
      let values = verifier.upsample(buffers[channel], channel: channel)
      for frame in firstFrame..<endFrame {
        for phase in 0..<factor {
          peaks[frame] = max(peaks[frame], abs(values[(frame + delay) * factor + phase]))
        }
      }
    }
    var best: (frame: Int, magnitude: Double)?
    for frame in firstFrame..<endFrame where Double(peaks[frame]) > (best?.magnitude ?? overLimit) {
      best = (frame, Double(peaks[frame]))
    }
    return best
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
