import Foundation

/// A stereo-linked RMS "glue" compressor: soft knee, attack and release in milliseconds,
/// programme-dependent release and make-up gain. No latency (no look-ahead).
///
/// Per frame:
/// 1. **Detector.** The largest squared sample across channels, averaged over a moving window
///    of ``rmsWindowMilliseconds``. Its level is `10·log10(2·meanSquare)` dB: RMS referred to a
///    full-scale sine (AES17), so a steady sine reads its peak level in dBFS, and a signal in
///    either channel alone reads what it would in both.
/// 2. **Static curve.** ``staticGainReductionDB(forInputLevelDB:)`` turns that level into the
///    target reduction.
/// 3. **Ballistics,** in dB (the "branching" smoother of Giannoulis, Massberg & Reiss, *Digital
///    Dynamic Range Compressor Design*, JAES 60(6), 2012): the reduction moves toward the target
///    with a one-pole of time constant ``attackMilliseconds`` while the target is higher and
///    ``releaseMilliseconds`` while it is lower, so a step covers 63 % after one time constant.
/// 4. **Programme-dependent release** (dual time constant, the two-capacitor model of classic
///    bus compressors): a slow state follows the reduction of step 3 with time constant
///    ``sustainedReleaseMilliseconds`` in both directions, and the larger of the two is applied.
///    A transient much shorter than that barely charges the slow state, so the reduction
///    recovers at ``releaseMilliseconds``; reduction held for about that long or more charges it,
///    and the recovery then takes about ``sustainedReleaseMilliseconds``, which keeps dense
///    passages from pumping. `nil` turns the slow state off.
/// 5. **Gain** `makeupDB − reduction`, the same for every channel, so the stereo image holds.
///
/// Invalid parameters stop the program (`precondition` with a sentence): they are programming
/// errors, since the command line validates what a user types before it builds a processor.
public final class Compressor: AudioProcessor {
  /// Detector level at the centre of the knee, above which the ratio applies, in dB (sine-peak referred).
  public let thresholdDB: Double
  /// Input dB above the threshold per output dB above it (1 = no compression).
  public let ratio: Double
  /// Time constant with which reduction grows, in ms.
  public let attackMilliseconds: Double
  /// Time constant with which reduction recovers after a transient, in ms.
  public let releaseMilliseconds: Double
  /// Time constant of the slow state that holds sustained reduction, in ms; `nil` for a single release.
  public let sustainedReleaseMilliseconds: Double?
  /// Width of the soft knee centred on the threshold, in dB (0 = hard knee).
  public let kneeDB: Double
  /// Gain added after compression, in dB.
  public let makeupDB: Double
  /// Length of the detector's moving RMS window, in ms.
  public let rmsWindowMilliseconds: Double

  /// The largest reduction applied since ``prepare(sampleRate:maximumBlockSize:channelCount:)``
  /// or ``reset()``, in dB (positive = reduced).
  public private(set) var maximumGainReductionDB = 0.0
  /// The reduction averaged over every frame processed since ``prepare(sampleRate:maximumBlockSize:channelCount:)``
  /// or ``reset()``, in dB; 0 before any frame (nothing was reduced).
  public var averageGainReductionDB: Double {
    framesMeasured > 0 ? gainReductionSumDB / Double(framesMeasured) : 0
  }

  private var channelCount = 0
  private var maximumBlockSize = 0
  private var attackCoefficient = 0.0
  private var releaseCoefficient = 0.0
  /// 1 when the slow state is off: it then stays at 0 and never wins the maximum.
  private var sustainedCoefficient = 1.0
  /// Mean squares below this give no reduction, so the logarithm is skipped for them.
  private var kneeStartMeanSquare = 0.0
  /// The detector's squared samples over the last window (a ring).
  private var window: [Double] = []
  private var windowIndex = 0
  private var windowSum = 0.0
  private var fastReductionDB = 0.0
  private var slowReductionDB = 0.0
  private var gainReductionSumDB = 0.0
  private var framesMeasured = 0
  /// Per-frame detector input, then per-frame linear gain, for one block.
  private var scratch: [Double] = []

  /// A compressor; the defaults are a gentle 2:1 bus setting.
  public init(
    thresholdDB: Double = -18, ratio: Double = 2, attackMilliseconds: Double = 30,
    releaseMilliseconds: Double = 200, sustainedReleaseMilliseconds: Double? = 1000,
    kneeDB: Double = 6, makeupDB: Double = 0, rmsWindowMilliseconds: Double = 10
  ) {
    precondition((-96.0...0).contains(thresholdDB), "Compressor threshold must lie between -96 and 0 dB, not \(thresholdDB).")
    precondition(ratio >= 1, "Compressor ratio must be at least 1 (1 = no compression), not \(ratio).")
    precondition((0.1...1000).contains(attackMilliseconds), "Compressor attack must lie between 0.1 and 1000 ms, not \(attackMilliseconds).")
    precondition((1.0...10_000).contains(releaseMilliseconds), "Compressor release must lie between 1 and 10000 ms, not \(releaseMilliseconds).")
    if let sustained = sustainedReleaseMilliseconds {
      precondition(
        (releaseMilliseconds...30_000).contains(sustained),
        "Compressor sustained release must lie between the release (\(releaseMilliseconds) ms) and 30000 ms, not \(sustained).")
    }
    precondition((0.0...48).contains(kneeDB), "Compressor knee must lie between 0 and 48 dB, not \(kneeDB).")
    precondition((-24.0...48).contains(makeupDB), "Compressor make-up gain must lie between -24 and 48 dB, not \(makeupDB).")
    precondition((1.0...300).contains(rmsWindowMilliseconds), "Compressor RMS window must lie between 1 and 300 ms, not \(rmsWindowMilliseconds).")
    self.thresholdDB = thresholdDB
    self.ratio = ratio
    self.attackMilliseconds = attackMilliseconds
    self.releaseMilliseconds = releaseMilliseconds
    self.sustainedReleaseMilliseconds = sustainedReleaseMilliseconds
    self.kneeDB = kneeDB
    self.makeupDB = makeupDB
    self.rmsWindowMilliseconds = rmsWindowMilliseconds
  }

  /// The steady-state reduction for a detector level, in dB (≥ 0): none below the knee,
  /// `(1 − 1/ratio)·(x − T)` above it, and the quadratic `(1 − 1/ratio)·(x − T + W/2)² / (2W)`
  /// inside it (Giannoulis et al. 2012, eq. 4), which joins the two with matching slopes.
  public func staticGainReductionDB(forInputLevelDB levelDB: Double) -> Double {
    let overshootDB = levelDB - thresholdDB
    let slope = 1 - 1 / ratio
    if 2 * overshootDB < -kneeDB { return 0 }
    if kneeDB > 0, 2 * overshootDB <= kneeDB {
      let intoKneeDB = overshootDB + kneeDB / 2
      return slope * intoKneeDB * intoKneeDB / (2 * kneeDB)
    }
    return slope * overshootDB
  }

  /// Sets the time constants for `sampleRate` and clears all state.
  public func prepare(sampleRate: Double, maximumBlockSize: Int, channelCount: Int) {
    precondition(sampleRate > 0 && maximumBlockSize > 0 && channelCount > 0, "A compressor needs a positive sample rate, block size and channel count.")
    self.channelCount = channelCount
    self.maximumBlockSize = maximumBlockSize
    attackCoefficient = Self.onePoleCoefficient(milliseconds: attackMilliseconds, sampleRate: sampleRate)
    releaseCoefficient = Self.onePoleCoefficient(milliseconds: releaseMilliseconds, sampleRate: sampleRate)
    sustainedCoefficient = sustainedReleaseMilliseconds.map { Self.onePoleCoefficient(milliseconds: $0, sampleRate: sampleRate) } ?? 1
    kneeStartMeanSquare = Decibels.toPower(thresholdDB - kneeDB / 2) / 2
    window = [Double](repeating: 0, count: max(1, Int((rmsWindowMilliseconds * sampleRate / 1000).rounded())))
    scratch = [Double](repeating: 0, count: maximumBlockSize)
    reset()
  }

  /// Compresses one block in place.
  public func process(_ buffer: inout AudioBuffer) {
    precondition(channelCount > 0, "Compressor.prepare must be called before process.")
    precondition(buffer.channelCount == channelCount, "Compressor was prepared for \(channelCount) channels, got \(buffer.channelCount).")
    let frameCount = buffer.frameCount
    precondition(frameCount <= maximumBlockSize, "A block of \(frameCount) frames exceeds the prepared maximum of \(maximumBlockSize).")
    scratch.withUnsafeMutableBufferPointer { perFrame in
      for frame in 0..<frameCount { perFrame[frame] = 0 }
      for channel in 0..<channelCount {
        buffer.channels[channel].withUnsafeBufferPointer { samples in
          for frame in 0..<frameCount {
            let sample = Double(samples[frame])
            perFrame[frame] = max(perFrame[frame], sample * sample)
          }
        }
      }
      turnDetectorInputIntoGains(perFrame, frameCount: frameCount)
      for channel in 0..<channelCount {
        buffer.channels[channel].withUnsafeMutableBufferPointer { samples in
          for frame in 0..<frameCount { samples[frame] = Float(Double(samples[frame]) * perFrame[frame]) }
        }
      }
    }
  }

  /// Clears the detector window, both ballistic states and the reduction statistics.
  public func reset() {
    for index in window.indices { window[index] = 0 }
    windowIndex = 0
    windowSum = 0
    fastReductionDB = 0
    slowReductionDB = 0
    maximumGainReductionDB = 0
    gainReductionSumDB = 0
    framesMeasured = 0
  }

  /// Always 0: the compressor does not look ahead.
  public var latencySamples: Int { 0 }

  /// Every parameter with its unit.
  public var description: String {
    let sustained = sustainedReleaseMilliseconds.map { "\($0)" } ?? "off"
    return "Compressor(thresholdDB: \(thresholdDB), ratio: \(ratio), attackMilliseconds: \(attackMilliseconds), "
      + "releaseMilliseconds: \(releaseMilliseconds), sustainedReleaseMilliseconds: \(sustained), "
      + "kneeDB: \(kneeDB), makeupDB: \(makeupDB), rmsWindowMilliseconds: \(rmsWindowMilliseconds))"
  }

  // MARK: - Detector and ballistics

  /// Replaces each frame's squared detector input with the linear gain for that frame.
  private func turnDetectorInputIntoGains(_ perFrame: UnsafeMutableBufferPointer<Double>, frameCount: Int) {
    let decibelsToNepers = log(10.0) / 20
    let (attack, release, sustained) = (attackCoefficient, releaseCoefficient, sustainedCoefficient)
    var (index, sum) = (windowIndex, windowSum)
    var (fast, slow) = (fastReductionDB, slowReductionDB)
    var (peak, total) = (maximumGainReductionDB, 0.0)
    window.withUnsafeMutableBufferPointer { ring in
      let length = ring.count
      for frame in 0..<frameCount {
        sum += perFrame[frame] - ring[index]
        ring[index] = perFrame[frame]
        index += 1
        if index == length {
          // Re-add the window once per lap so rounding in the running sum cannot drift.
          index = 0
          sum = 0
          for value in ring { sum += value }
        }
        let meanSquare = sum / Double(length)
        let target =
          meanSquare > kneeStartMeanSquare
          ? staticGainReductionDB(forInputLevelDB: 10 * log10(2 * meanSquare)) : 0
        fast = target + (target > fast ? attack : release) * (fast - target)
        slow = fast + sustained * (slow - fast)
        let reduction = max(fast, slow)
        peak = max(peak, reduction)
        total += reduction
        perFrame[frame] = exp(decibelsToNepers * (makeupDB - reduction))
      }
    }
    (windowIndex, windowSum) = (index, sum)
    (fastReductionDB, slowReductionDB) = (fast, slow)
    maximumGainReductionDB = peak
    gainReductionSumDB += total
    framesMeasured += frameCount
  }

  /// The coefficient of a one-pole smoother that covers 63 % of a step in `milliseconds`.
  static func onePoleCoefficient(milliseconds: Double, sampleRate: Double) -> Double {
    exp(-1000 / (milliseconds * sampleRate))
  }
}
