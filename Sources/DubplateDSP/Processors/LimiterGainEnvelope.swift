/// The smooth gain of ``TruePeakLimiter``: from the gain each frame needs, the gain it gets.
///
/// Three steps per frame, in the look-ahead (delayed) time of the limiter:
/// 1. **Hold** — a sliding minimum of the needed gain over `lookaheadFrames + 2·holdFrames`
///    frames (van Herk / Gil-Werman: the window spans the end of the last full block of
///    `windowFrames` frames, whose suffix minima are kept, and the start of the current one,
///    whose running minimum is kept; about three comparisons per frame and no data-dependent
///    branch), placed so that its output reaches the needed gain
///    `lookaheadFrames + holdFrames` frames before the peak and keeps it `holdFrames` after;
/// 2. **Release** — the reduction (`1 − gain`) falls back exponentially with a time constant
///    that is programme-dependent: `releaseSeconds · (1 + 3u)`, where `u` ∈ [0, 1] is the
///    share of the last second (a one-pole average, 1 s time constant) in which reduction
///    was asked for. Isolated peaks release at the set speed; dense, sustained limiting
///    releases up to 4× slower, which pumps and distorts less. Attack is never slowed:
///    the gain is the smaller of the held need and the releasing gain;
/// 3. **Attack ramp** — a moving average over `lookaheadFrames` frames, which turns every
///    drop into a straight ramp lasting the look-ahead: no step exceeds `depth / lookaheadFrames`.
///
/// Each needed gain lies inside the hold window of every averaged value, so the output never
/// exceeds the needed gain of any frame within `holdFrames` of it: an isolated peak sees a
/// flat gain across the whole span of the true-peak interpolator.
struct LimiterGainEnvelope {
  let lookaheadFrames: Int
  let holdFrames: Int
  /// Frames from a needed gain entering to the gain for the same frame leaving.
  var delayFrames: Int { lookaheadFrames + holdFrames - 1 }

  private let windowFrames: Int
  private let releaseSeconds: Double
  private let sampleRate: Double
  private let sustainCoefficient: Double
  /// Sliding minimum: the needed gains of the current block of `windowFrames` frames so far,
  /// the suffix minima of the previous block (all 1 before the stream: no need), the current
  /// block's running minimum and the frames it has received.
  private var blockValues: [Double]
  private var suffixMinima: [Double]
  private var prefixMinimum = 1.0
  private var blockPosition = 0
  /// Current reduction `1 − gain` after release, and the sustained-reduction share `u`.
  private var reduction = 0.0
  private var sustain = 0.0
  /// Moving-average ring of reductions, its sum and how many entries are non-zero (so the sum
  /// returns to exactly 0, and the gain to exactly 1, after a reduction has passed).
  private var averageRing: [Double]
  private var averagePosition = 0
  private var averageSum = 0.0
  private var nonZeroCount = 0

  init(lookaheadFrames: Int, holdFrames: Int, releaseSeconds: Double, sampleRate: Double) {
    precondition(lookaheadFrames >= 1 && holdFrames >= 0)
    self.lookaheadFrames = lookaheadFrames
    self.holdFrames = holdFrames
    self.releaseSeconds = releaseSeconds
    self.sampleRate = sampleRate
    windowFrames = lookaheadFrames + 2 * holdFrames
    sustainCoefficient = 1 / sampleRate
    blockValues = [Double](repeating: 1, count: windowFrames)
    suffixMinima = [Double](repeating: 1, count: windowFrames)
    averageRing = [Double](repeating: 0, count: lookaheadFrames)
  }

  /// Takes the needed gain (0 < gain ≤ 1) of each next frame and replaces it with the smooth
  /// gain of the frame ``delayFrames`` earlier. One call per block, the rings held through
  /// unsafe pointers and wrapped by comparison, so the per-frame work is a few flops.
  ///
  /// Idle stretches take a shortcut with the same result, bit for bit: when the release and
  /// the average ring hold no reduction, the held minimum is 1 (this block's minimum so far
  /// and the previous block's suffix minimum from the next position on, which only grows
  /// with the position) and the frame needs gain 1, every frame up to the next need gets a
  /// held reduction of 0, a reduction of exactly 0 and gain 1; the rings advance holding 1s
  /// and 0s, and `sustain` decays frame by frame as in the full step.
  mutating func apply(toNeededGains gains: UnsafeMutableBufferPointer<Double>) {
    let windowFrames = self.windowFrames, lookaheadFrames = self.lookaheadFrames
    let releaseSeconds = self.releaseSeconds, sampleRate = self.sampleRate
    let sustainCoefficient = self.sustainCoefficient
    var (prefixMinimum, blockPosition) = (self.prefixMinimum, self.blockPosition)
    var (reduction, sustain) = (self.reduction, self.sustain)
    var (averagePosition, averageSum, nonZeroCount) = (self.averagePosition, self.averageSum, self.nonZeroCount)
    blockValues.withUnsafeMutableBufferPointer { blockValues in
      suffixMinima.withUnsafeMutableBufferPointer { suffixMinima in
        averageRing.withUnsafeMutableBufferPointer { averageRing in
          var frame = 0
          while frame < gains.count {
            // Idle: no reduction anywhere in the rings and this frame needs none. Then every
            // frame up to the next need gets gain 1 and only `sustain` moves, by the same
            // update as below with `heldReduction` 0.
            if reduction == 0 && nonZeroCount == 0 && gains[frame] == 1
              && (blockPosition == 0 || prefixMinimum == 1)
              && (blockPosition + 1 == windowFrames || suffixMinima[blockPosition + 1] == 1)
            {
              var end = frame + 1
              while end < gains.count && gains[end] == 1 { end += 1 }
              for _ in frame..<end { sustain += (0 - sustain) * sustainCoefficient }
              var remaining = end - frame
              while remaining > 0 {
                let step = min(remaining, windowFrames - blockPosition)
                (blockValues.baseAddress! + blockPosition).update(repeating: 1, count: step)
                blockPosition += step
                remaining -= step
                if blockPosition == windowFrames {
                  suffixMinima.baseAddress!.update(repeating: 1, count: windowFrames)
                  blockPosition = 0
                }
              }
              prefixMinimum = 1
              averagePosition = (averagePosition + end - frame) % lookaheadFrames
              averageSum = 0
              (gains.baseAddress! + frame).update(repeating: 0, count: end - frame)
              frame = end
              continue
            }
            defer { frame += 1 }
            let neededGain = gains[frame]
            // 1. Sliding minimum over the last `windowFrames` needed gains: the previous
            // block from the frame after this one's position on, then this block so far.
            blockValues[blockPosition] = neededGain
            prefixMinimum = blockPosition == 0 ? neededGain : min(prefixMinimum, neededGain)
            blockPosition += 1
            let heldMinimum: Double
            if blockPosition == windowFrames {
              heldMinimum = prefixMinimum
              var suffix = blockValues[windowFrames - 1]
              suffixMinima[windowFrames - 1] = suffix
              for index in stride(from: windowFrames - 2, through: 0, by: -1) {
                suffix = min(suffix, blockValues[index])
                suffixMinima[index] = suffix
              }
              blockPosition = 0
            } else {
              heldMinimum = min(suffixMinima[blockPosition], prefixMinimum)
            }
            let heldReduction = 1 - heldMinimum

            // 2. Programme-dependent release.
            sustain += ((heldReduction > 0 ? 1 : 0) - sustain) * sustainCoefficient
            let releaseFrames = releaseSeconds * (1 + 3 * sustain) * sampleRate
            reduction = max(heldReduction, reduction * (1 - 1 / max(releaseFrames, 1)))
            if reduction < 1e-9 { reduction = 0 }

            // 3. Moving average over the look-ahead.
            let leaving = averageRing[averagePosition]
            averageRing[averagePosition] = reduction
            averagePosition = averagePosition + 1 == lookaheadFrames ? 0 : averagePosition + 1
            if leaving != 0 { nonZeroCount -= 1 }
            if reduction != 0 { nonZeroCount += 1 }
            averageSum = nonZeroCount == 0 ? 0 : averageSum + reduction - leaving
            gains[frame] = averageSum
          }
        }
      }
    }
    let lookahead = Double(lookaheadFrames)
    for frame in 0..<gains.count { gains[frame] = min(1, 1 - gains[frame] / lookahead) }
    (self.prefixMinimum, self.blockPosition) = (prefixMinimum, blockPosition)
    (self.reduction, self.sustain) = (reduction, sustain)
    (self.averagePosition, self.averageSum, self.nonZeroCount) = (averagePosition, averageSum, nonZeroCount)
  }
}
