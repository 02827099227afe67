/// Measures the stereo image of a track: L/R correlation, width, balance and low-end mono
/// compatibility.
///
/// Channels 0 and 1 are taken as left and right. Feed blocks of any length with
/// ``process(_:)``; all results describe everything processed so far and are independent
/// of how the audio was split. Correlation follows the phase-meter convention
/// `Σl·r / √(Σl²·Σr²)` (no mean removal): +1 for mono, −1 for one channel inverted, about
/// 0 for unrelated channels. Mid and side are `M = (L+R)/2`, `S = (L−R)/2`. Energies are
/// accumulated in Double.
///
/// The track is also cut into consecutive 400 ms blocks (a trailing partial block counts
/// towards the whole-track values only) for ``correlationPerBlock`` and
/// ``correlationPercentile5``, which catch short out-of-phase passages that the
/// whole-track figure averages away. It is also cut into whole seconds for
/// ``correlationPerSecond``, the curve a report plots beside the per-second loudness.
public final class StereoImageMeter {
  /// The length of a correlation block, in seconds.
  public static let blockSeconds = 0.4
  /// Blocks whose mean square is below this level in both channels are silent, in dBFS.
  public static let silenceGateDBFS = -70.0
  /// The crossover of the low-end correlation (4th-order Linkwitz–Riley low-pass), in Hz.
  public static let lowEndCutoffHz = 150.0

  /// The sample rate of the measured audio, in Hz.
  public let sampleRate: Double
  /// The number of samples in a 400 ms block.
  public let blockLength: Int
  /// The number of samples in one second of ``correlationPerSecond``.
  public let secondLength: Int

  private let silencePower = Decibels.toPower(StereoImageMeter.silenceGateDBFS)
  /// The two Butterworth stages of the low-end filter, left and right in the lanes.
  private var lowPass: (BiquadPair, BiquadPair)
  private var totals = ChannelPairSums()
  private var currentBlock = ChannelPairSums()
  private var currentBlockFill = 0
  private var currentSecond = ChannelPairSums()
  private var currentSecondFill = 0
  private var totalFrameCount = 0
  private var countedBlockCorrelations: [Double] = []

  /// Correlation of each complete 400 ms block in order, for plots: element `i` covers
  /// `0.4·i … 0.4·(i+1)` s. A block that is silent (below ``silenceGateDBFS`` in both
  /// channels) or has one channel at digital silence reads 0, where a phase meter's
  /// needle rests when there is no common signal.
  public private(set) var correlationPerBlock: [Double] = []

  /// Correlation of each whole second in order (element `i` covers `i … i+1` s), aligned
  /// with the loudness meter's per-second values; `nil` for a second that is silent (below
  /// ``silenceGateDBFS`` in both channels) or has one channel at digital silence.
  public private(set) var correlationPerSecond: [Double?] = []

  /// Prepares a meter for stereo audio at `sampleRate` Hz.
  public init(sampleRate: Double) {
    precondition(sampleRate > 2 * Self.lowEndCutoffHz, "The sample rate must exceed 300 Hz.")
    self.sampleRate = sampleRate
    blockLength = Int((Self.blockSeconds * sampleRate).rounded())
    secondLength = Int(sampleRate.rounded())
    let butterworth = BiquadCoefficients.lowPass(
      cutoffHz: Self.lowEndCutoffHz, q: 0.5.squareRoot(), sampleRate: sampleRate)
    lowPass = (BiquadPair(butterworth), BiquadPair(butterworth))
  }

  /// Adds a block of audio; channels 0 and 1 are left and right, any others are ignored.
  public func process(_ buffer: AudioBuffer) {
    precondition(buffer.channelCount >= 2, "The stereo image meter needs two channels.")
    buffer.channels[0].withUnsafeBufferPointer { left in
      buffer.channels[1].withUnsafeBufferPointer { right in
        var start = 0
        while start < left.count {
          let end = min(start + blockLength - currentBlockFill, start + secondLength - currentSecondFill, left.count)
          accumulate(left: left, right: right, range: start..<end)
          currentBlockFill += end - start
          currentSecondFill += end - start
          totalFrameCount += end - start
          if currentBlockFill == blockLength { closeBlock() }
          if currentSecondFill == secondLength { closeSecond() }
          start = end
        }
      }
    }
  }

  /// `Σl·r / √(Σl²·Σr²)` over the whole track; `nil` when a channel is silent.
  public var correlation: Double? { wholeTrack.correlation }

  /// The 5th percentile (linear interpolation between ranks) of the block correlations,
  /// silent blocks skipped; `nil` when no block counts.
  public var correlationPercentile5: Double? {
    guard !countedBlockCorrelations.isEmpty else { return nil }
    let sorted = countedBlockCorrelations.sorted()
    let position = 0.05 * Double(sorted.count - 1)
    let lower = Int(position.rounded(.down))
    let upper = min(lower + 1, sorted.count - 1)
    let fraction = position - Double(lower)
    return sorted[lower] + fraction * (sorted[upper] - sorted[lower])
  }

  /// Side-to-mid energy ratio `10·log10(Σs²/Σm²)` in dB: `-.infinity` for identical
  /// channels, `+.infinity` for channels that cancel exactly, `nil` when both are silent.
  public var widthDB: Double? {
    let sums = wholeTrack
    let midEnergy = max(sums.leftSquares + sums.rightSquares + 2 * sums.products, 0) / 4
    let sideEnergy = max(sums.leftSquares + sums.rightSquares - 2 * sums.products, 0) / 4
    guard midEnergy > 0 || sideEnergy > 0 else { return nil }
    return midEnergy > 0 ? Decibels.fromPower(sideEnergy / midEnergy) : .infinity
  }

  /// Correlation of L and R after a 4th-order Linkwitz–Riley low-pass at 150 Hz (two
  /// cascaded Butterworth biquads), the range where out-of-phase content vanishes on a
  /// mono club system or a cutting lathe; `nil` when either channel's low-passed mean
  /// square is below ``silenceGateDBFS`` (no low end).
  public var lowEndCorrelation: Double? {
    let sums = wholeTrack
    let threshold = silencePower * Double(totalFrameCount)
    guard sums.lowLeftSquares >= threshold, sums.lowRightSquares >= threshold else { return nil }
    return sums.lowProducts / (sums.lowLeftSquares * sums.lowRightSquares).squareRoot()
  }

  /// L/R balance `10·log10(ΣL²/ΣR²)` in dB, positive when the left is louder
  /// (`±.infinity` when one side is silent); `nil` when both are silent.
  public var balanceDB: Double? {
    let sums = wholeTrack
    guard sums.leftSquares > 0 || sums.rightSquares > 0 else { return nil }
    return sums.rightSquares > 0 ? Decibels.fromPower(sums.leftSquares / sums.rightSquares) : .infinity
  }
}

// MARK: - Accumulation

extension StereoImageMeter {
  private var wholeTrack: ChannelPairSums { totals.adding(currentBlock) }

  /// Adds `range` to the open block's and the open second's sums, sample by sample, so the
  /// result does not depend on how the audio was split. Left and right share SIMD2 lanes
  /// (filters, squares and sums); every lane adds in the same order as a scalar loop would.
  private func accumulate(
    left: UnsafeBufferPointer<Float>, right: UnsafeBufferPointer<Float>, range: Range<Int>
  ) {
    var block = currentBlock.lanes
    var second = currentSecond.lanes
    var (stage1, stage2) = lowPass
    for i in range {
      let x = SIMD2(Double(left[i]), Double(right[i]))
      let low = stage2.process(stage1.process(x))
      let squares = x * x
      let lowSquares = low * low
      let products = SIMD2(x.x, low.x) * SIMD2(x.y, low.y)
      block.squares += squares
      block.lowSquares += lowSquares
      block.products += products
      second.squares += squares
      second.lowSquares += lowSquares
      second.products += products
    }
    currentBlock = ChannelPairSums(block)
    currentSecond = ChannelPairSums(second)
    lowPass = (stage1, stage2)
  }

  private func closeBlock() {
    let gate = silencePower * Double(blockLength)
    let silent = currentBlock.leftSquares < gate && currentBlock.rightSquares < gate
    let blockCorrelation = currentBlock.correlation ?? 0
    correlationPerBlock.append(silent ? 0 : blockCorrelation)
    if !silent { countedBlockCorrelations.append(blockCorrelation) }
    totals = totals.adding(currentBlock)
    currentBlock = ChannelPairSums()
    currentBlockFill = 0
  }

  private func closeSecond() {
    let gate = silencePower * Double(secondLength)
    let silent = currentSecond.leftSquares < gate && currentSecond.rightSquares < gate
    correlationPerSecond.append(silent ? nil : currentSecond.correlation)
    currentSecond = ChannelPairSums()
    currentSecondFill = 0
  }
}

/// Running sums of one stretch of a stereo signal, full band and low-passed.
private struct ChannelPairSums {
  var leftSquares = 0.0, rightSquares = 0.0, products = 0.0
  var lowLeftSquares = 0.0, lowRightSquares = 0.0, lowProducts = 0.0

  /// Phase-meter correlation of the full-band sums; `nil` when a channel is silent.
  var correlation: Double? {
    guard leftSquares > 0, rightSquares > 0 else { return nil }
    return products / (leftSquares * rightSquares).squareRoot()
  }

  func adding(_ other: ChannelPairSums) -> ChannelPairSums {
    ChannelPairSums(
      leftSquares: leftSquares + other.leftSquares, rightSquares: rightSquares + other.rightSquares,
      products: products + other.products, lowLeftSquares: lowLeftSquares + other.lowLeftSquares,
      lowRightSquares: lowRightSquares + other.lowRightSquares,
      lowProducts: lowProducts + other.lowProducts)
  }
}

extension ChannelPairSums {
  /// The sums in SIMD2 lanes for the per-sample loop: `squares` holds (Σl², Σr²),
  /// `lowSquares` the same low-passed, `products` (Σl·r, Σlow l·low r).
  struct Lanes {
    var squares: SIMD2<Double>, lowSquares: SIMD2<Double>, products: SIMD2<Double>
  }

  var lanes: Lanes {
    Lanes(
      squares: SIMD2(leftSquares, rightSquares), lowSquares: SIMD2(lowLeftSquares, lowRightSquares),
      products: SIMD2(products, lowProducts))
  }

  init(_ lanes: Lanes) {
    (leftSquares, rightSquares) = (lanes.squares.x, lanes.squares.y)
    (lowLeftSquares, lowRightSquares) = (lanes.lowSquares.x, lanes.lowSquares.y)
    (products, lowProducts) = (lanes.products.x, lanes.products.y)
  }
}
