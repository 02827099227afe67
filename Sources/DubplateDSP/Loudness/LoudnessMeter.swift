import Foundation

/// Measures programme loudness as specified by ITU-R BS.1770-4 and EBU Tech 3341/3342:
/// momentary (400 ms), short-term (3 s), gated integrated loudness and loudness range.
///
/// Feed planar blocks of any length with ``process(_:)``; every reading describes
/// everything processed so far, and splitting the audio into blocks differently
/// gives the same readings. Each channel is K-weighted (``KWeightingFilter``),
/// squared and summed into 10 ms sub-blocks of `round(sampleRate / 100)` frames;
/// the channels' sub-block energies are combined with the weights of BS.1770-4
/// Table 3 (``ChannelRole/loudnessWeight``), and loudness is
/// `−0.691 + 10·log10(Σ G_i·z_i)` (BS.1770-4 eq. 2). A 400 ms window is 40
/// sub-blocks, 3 s is 300; momentary and short-term loudness are evaluated at every
/// sub-block boundary, which gives the 10 ms step Tech 3341 cases 10 and 13 need.
/// Where the rate is not a multiple of 100 Hz the sub-block is rounded to whole
/// frames, so every window is off by at most half a frame per 10 ms (221 frames =
/// 10.023 ms, +0.23 %, at 22.05 kHz); at 32, 44.1, 48, 88.2 and 96 kHz it is exact.
///
/// Memory stays constant except for one Double per 100 ms (gating blocks) and a
/// few per second (loudness-range blocks and the per-second series): about 1 MB
/// for three hours. Silence and undefined readings are `-.infinity`, never NaN.
public final class LoudnessMeter {
  /// Sample rate the meter was built for, in Hz.
  public let sampleRate: Double
  /// The loudspeaker position of each channel; its count is the channel count.
  public let channelRoles: [ChannelRole]
  /// Frames in one 10 ms sub-block, `round(sampleRate / 100)`.
  public let subBlockFrameCount: Int
  /// Frames fed so far.
  public private(set) var processedFrameCount = 0

  static let momentarySubBlocks = 40
  static let shortTermSubBlocks = 300
  static let subBlocksPerSecond = 100
  /// Gating blocks start every 100 ms: 400 ms blocks overlapping by 75 % (BS.1770-4 Annex 1).
  static let gatingHopSubBlocks = 10
  /// Loudness-range blocks start every second, as libebur128 v1.2.6 takes them (see
  /// ``loudnessRange``).
  static let loudnessRangeHopSubBlocks = 100
  /// The absolute gate of BS.1770-4 and Tech 3342 as a mean-square energy: −70 LUFS.
  static let absoluteGateEnergy = energy(ofLoudness: -70)

  private let weights: [Double]
  private var filters: [KWeightingFilter]
  /// Sum of squared K-weighted samples of each channel in the sub-block still open.
  private var openSubBlockEnergies: [Double]
  private var openSubBlockFrameCount = 0
  /// Weighted sums of squares of the last 300 completed sub-blocks (a ring).
  private var recentSubBlockEnergies: [Double]
  private var completedSubBlockCount = 0
  /// Collects the sub-blocks one call completes; grown only when a call completes more
  /// than any before, so steady block sizes allocate nothing per call.
  private var completedScratch: [Double] = []
  /// The ring's last entries in time order followed by the sub-blocks one call completes,
  /// and the momentary and short-term window sums that end on each of those; grown like
  /// `completedScratch`.
  private var historyScratch: [Double] = []
  private var momentarySumScratch: [Double] = []
  private var shortTermSumScratch: [Double] = []

  /// Mean-square weighted energies of the 400 ms gating blocks that passed the absolute
  /// gate, one per 100 ms (BS.1770-4 Annex 1). Public so that several programmes can be
  /// gated together (album loudness, ``integratedLoudness(poolingBlocksOf:)``).
  public private(set) var gatingBlockEnergies: [Double] = []
  /// Mean-square weighted energies of the 3 s short-term blocks that passed the absolute
  /// gate, one per second (EBU Tech 3342, see ``loudnessRange``); pooled by
  /// ``loudnessRange(poolingBlocksOf:)``.
  public private(set) var loudnessRangeBlockEnergies: [Double] = []
  private var maximumMomentaryEnergy = 0.0
  private var maximumShortTermEnergy = 0.0
  private var maximumMomentaryEnergyThisSecond = 0.0

  /// Short-term loudness sampled at the end of every whole second (t = 1 s, 2 s, …) in
  /// LUFS; `-.infinity` where silent or where fewer than 3 s had been processed. For plots.
  public private(set) var shortTermLoudnessPerSecond: [Double] = []
  /// The highest momentary loudness within each whole second, in LUFS. For plots.
  public private(set) var maximumMomentaryLoudnessPerSecond: [Double] = []

  /// A meter for `channelRoles.count` channels at `sampleRate` Hz; each channel is
  /// weighted by its role (BS.1770-4 Table 3: surrounds 1.41, LFE excluded).
  public init(sampleRate: Double, channelRoles: [ChannelRole]) {
    precondition(!channelRoles.isEmpty, "A loudness meter needs at least one channel.")
    precondition(sampleRate >= 8000, "A loudness meter needs a sample rate of at least 8 kHz.")
    self.sampleRate = sampleRate
    self.channelRoles = channelRoles
    subBlockFrameCount = Int((sampleRate / 100).rounded())
    weights = channelRoles.map(\.loudnessWeight)
    filters = Array(repeating: KWeightingFilter(sampleRate: sampleRate), count: channelRoles.count)
    openSubBlockEnergies = Array(repeating: 0, count: channelRoles.count)
    recentSubBlockEnergies = Array(repeating: 0, count: Self.shortTermSubBlocks)
  }

  // MARK: - Readings

  /// Loudness of the last 400 ms (the 40 latest complete sub-blocks), in LUFS;
  /// `-.infinity` if silent or fewer than 400 ms processed (Tech 3341 §2.1, "M").
  public var momentaryLoudness: Double {
    completedSubBlockCount >= Self.momentarySubBlocks
      ? Self.loudness(ofEnergy: windowEnergy(subBlocks: Self.momentarySubBlocks)) : -.infinity
  }

  /// Loudness of the last 3 s (the 300 latest complete sub-blocks), in LUFS;
  /// `-.infinity` if silent or fewer than 3 s processed (Tech 3341 §2.1, "S").
  public var shortTermLoudness: Double {
    completedSubBlockCount >= Self.shortTermSubBlocks
      ? Self.loudness(ofEnergy: windowEnergy(subBlocks: Self.shortTermSubBlocks)) : -.infinity
  }

  /// Highest momentary loudness so far, evaluated every 10 ms, in LUFS; `-.infinity` if none.
  public var maximumMomentaryLoudness: Double { Self.loudness(ofEnergy: maximumMomentaryEnergy) }

  /// Highest short-term loudness so far, evaluated every 10 ms, in LUFS; `-.infinity` if none.
  public var maximumShortTermLoudness: Double { Self.loudness(ofEnergy: maximumShortTermEnergy) }

  // MARK: - Processing

  /// Feeds a planar block of any length; its channel count must match the meter's.
  public func process(_ buffer: AudioBuffer) {
    precondition(
      buffer.channelCount == channelRoles.count,
      "The block has \(buffer.channelCount) channels; the meter expects \(channelRoles.count).")
    let frameCount = buffer.frameCount
    guard frameCount > 0 else { return }
    let completedCount = (openSubBlockFrameCount + frameCount) / subBlockFrameCount
    if completedScratch.count < completedCount {
      completedScratch = Array(repeating: 0, count: completedCount)
    } else {
      for index in 0..<completedCount { completedScratch[index] = 0 }
    }
    let framesToBoundary = subBlockFrameCount - openSubBlockFrameCount
    // Weighted channels go through the filters two at a time, in one loop.
    var pending: Int?
    for channel in 0..<channelRoles.count where weights[channel] > 0 {
      guard let first = pending else {
        pending = channel
        continue
      }
      pending = nil
      buffer.channels[first].withUnsafeBufferPointer { firstSamples in
        buffer.channels[channel].withUnsafeBufferPointer { secondSamples in
          completedScratch.withUnsafeMutableBufferPointer { completed in
            accumulateSquares(
              of: (firstSamples, secondSamples), channels: (first, channel), framesToBoundary: framesToBoundary,
              into: completed)
          }
        }
      }
    }
    if let channel = pending {
      buffer.channels[channel].withUnsafeBufferPointer { samples in
        completedScratch.withUnsafeMutableBufferPointer { completed in
          Self.accumulateSquares(
            of: samples, filter: &filters[channel], openEnergy: &openSubBlockEnergies[channel],
            framesToBoundary: framesToBoundary, subBlockFrameCount: subBlockFrameCount,
            weight: weights[channel], into: completed)
        }
      }
    }
    openSubBlockFrameCount = (openSubBlockFrameCount + frameCount) % subBlockFrameCount
    processedFrameCount += frameCount
    completeSubBlocks(count: completedCount)
  }

  /// ``accumulateSquares(of:filter:openEnergy:framesToBoundary:subBlockFrameCount:weight:into:)``
  /// for two channels at once (same sums, same order). One channel's recursion is bound by
  /// the latency of its multiply-add chain; two independent channels in one loop overlap,
  /// and the optimiser packs their identical scalar steps into SIMD2 lanes. (Writing the
  /// pair with SIMD2 state by hand made it split and reshuffle lanes: 24 % slower.)
  private func accumulateSquares(
    of samples: (UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>), channels: (Int, Int),
    framesToBoundary: Int, into completed: UnsafeMutableBufferPointer<Double>
  ) {
    var (first, second) = (filters[channels.0], filters[channels.1])
    var (firstEnergy, secondEnergy) = (openSubBlockEnergies[channels.0], openSubBlockEnergies[channels.1])
    let (firstWeight, secondWeight) = (weights[channels.0], weights[channels.1])
    let count = samples.0.count
    var start = 0
    var remaining = framesToBoundary
    var completedIndex = 0
    while start < count {
      let end = min(count, start + remaining)
      for index in start..<end {
        let firstY = first.process(Double(samples.0[index]))
        let secondY = second.process(Double(samples.1[index]))
        firstEnergy += firstY * firstY
        secondEnergy += secondY * secondY
      }
      if end - start == remaining {
        completed[completedIndex] += firstWeight * firstEnergy
        completed[completedIndex] += secondWeight * secondEnergy
        completedIndex += 1
        (firstEnergy, secondEnergy) = (0, 0)
        remaining = subBlockFrameCount
      } else {
        remaining -= end - start
      }
      start = end
    }
    first.flushTinyState()
    second.flushTinyState()
    (filters[channels.0], filters[channels.1]) = (first, second)
    (openSubBlockEnergies[channels.0], openSubBlockEnergies[channels.1]) = (firstEnergy, secondEnergy)
  }

  /// The per-sample work: K-weight one channel, square, and add into the open sub-block;
  /// at each sub-block boundary add the channel's weighted sum to `completed`.
  private static func accumulateSquares(
    of samples: UnsafeBufferPointer<Float>, filter: inout KWeightingFilter,
    openEnergy: inout Double, framesToBoundary: Int, subBlockFrameCount: Int,
    weight: Double, into completed: UnsafeMutableBufferPointer<Double>
  ) {
    var state = filter
    var energy = openEnergy
    var start = 0
    var remaining = framesToBoundary
    var completedIndex = 0
    while start < samples.count {
      let end = min(samples.count, start + remaining)
      for index in start..<end {
        let y = state.process(Double(samples[index]))
        energy += y * y
      }
      if end - start == remaining {
        completed[completedIndex] += weight * energy
        completedIndex += 1
        energy = 0
        remaining = subBlockFrameCount
      } else {
        remaining -= end - start
      }
      start = end
    }
    state.flushTinyState()
    filter = state
    openEnergy = energy
  }

  /// Records the first `count` sub-blocks of `completedScratch`, in order. Their window sums
  /// are taken together first (``windowSums(of:length:firstEnd:into:)``), from the ring's
  /// entries in time order followed by the new ones.
  private func completeSubBlocks(count: Int) {
    guard count > 0 else { return }
    let capacity = Self.shortTermSubBlocks
    let previousCount = min(completedSubBlockCount, capacity)
    if momentarySumScratch.count < count {
      historyScratch = Array(repeating: 0, count: capacity + count)
      momentarySumScratch = Array(repeating: 0, count: count)
      shortTermSumScratch = Array(repeating: 0, count: count)
    }
    let ringEnd = completedSubBlockCount % capacity
    historyScratch.withUnsafeMutableBufferPointer { history in
      for index in 0..<previousCount {
        history[index] = recentSubBlockEnergies[(ringEnd - previousCount + index + capacity) % capacity]
      }
      for index in 0..<count { history[previousCount + index] = completedScratch[index] }
    }
    historyScratch.withUnsafeBufferPointer { history in
      momentarySumScratch.withUnsafeMutableBufferPointer { sums in
        Self.windowSums(
          of: history, length: Self.momentarySubBlocks, firstEnd: previousCount + 1,
          into: UnsafeMutableBufferPointer(rebasing: sums[0..<count]))
      }
      shortTermSumScratch.withUnsafeMutableBufferPointer { sums in
        Self.windowSums(
          of: history, length: Self.shortTermSubBlocks, firstEnd: previousCount + 1,
          into: UnsafeMutableBufferPointer(rebasing: sums[0..<count]))
      }
    }
    for index in 0..<count {
      completeSubBlock(
        weightedEnergy: completedScratch[index], momentarySum: momentarySumScratch[index],
        shortTermSum: shortTermSumScratch[index])
    }
  }

  /// Records one finished 10 ms sub-block and updates every reading that ends on it, given
  /// the sums of the 40 and the 300 latest sub-block energies (0 where fewer are complete).
  private func completeSubBlock(weightedEnergy: Double, momentarySum: Double, shortTermSum: Double) {
    recentSubBlockEnergies[completedSubBlockCount % Self.shortTermSubBlocks] = weightedEnergy
    completedSubBlockCount += 1
    let count = completedSubBlockCount
    if count >= Self.momentarySubBlocks {
      let momentary = momentarySum / Double(Self.momentarySubBlocks * subBlockFrameCount)
      maximumMomentaryEnergy = max(maximumMomentaryEnergy, momentary)
      maximumMomentaryEnergyThisSecond = max(maximumMomentaryEnergyThisSecond, momentary)
      if (count - Self.momentarySubBlocks) % Self.gatingHopSubBlocks == 0,
        momentary >= Self.absoluteGateEnergy
      {
        gatingBlockEnergies.append(momentary)
      }
    }
    var shortTerm = 0.0
    if count >= Self.shortTermSubBlocks {
      shortTerm = shortTermSum / Double(Self.shortTermSubBlocks * subBlockFrameCount)
      maximumShortTermEnergy = max(maximumShortTermEnergy, shortTerm)
      if (count - Self.shortTermSubBlocks) % Self.loudnessRangeHopSubBlocks == 0,
        shortTerm >= Self.absoluteGateEnergy
      {
        loudnessRangeBlockEnergies.append(shortTerm)
      }
    }
    if count % Self.subBlocksPerSecond == 0 {
      shortTermLoudnessPerSecond.append(Self.loudness(ofEnergy: shortTerm))
      maximumMomentaryLoudnessPerSecond.append(
        Self.loudness(ofEnergy: maximumMomentaryEnergyThisSecond))
      maximumMomentaryEnergyThisSecond = 0
    }
  }

  /// Mean-square weighted energy of the latest `subBlocks` complete sub-blocks (≤ 300).
  private func windowEnergy(subBlocks: Int) -> Double {
    let capacity = Self.shortTermSubBlocks
    let end = completedSubBlockCount % capacity
    var sum = 0.0
    recentSubBlockEnergies.withUnsafeBufferPointer { ring in
      if subBlocks <= end {
        for index in (end - subBlocks)..<end { sum += ring[index] }
      } else {
        for index in (capacity - (subBlocks - end))..<capacity { sum += ring[index] }
        for index in 0..<end { sum += ring[index] }
      }
    }
    return sum / Double(subBlocks * subBlockFrameCount)
  }

  // MARK: - Energy and loudness

  /// BS.1770-4 eq. 2: `−0.691 + 10·log10(energy)`; `-.infinity` for zero energy.
  static func loudness(ofEnergy energy: Double) -> Double {
    energy > 0 ? -0.691 + 10 * log10(energy) : -.infinity
  }

  /// The weighted mean-square energy that reads `loudness` LUFS.
  static func energy(ofLoudness loudness: Double) -> Double {
    pow(10, (loudness + 0.691) / 10)
  }
}
