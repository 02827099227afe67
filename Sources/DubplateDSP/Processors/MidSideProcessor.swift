import Dispatch

/// Runs one processor on the mid and another on the side of a stereo signal: mid/side EQ,
/// compression or limiting in a mastering chain.
///
/// `M = (L + R)/2`, `S = (L − R)/2`; ``midProcessor`` and ``sideProcessor`` each process a
/// one-channel block; the output is `L = M' + S'`, `R = M' − S'`. With identity processors the
/// output equals the input (to Float rounding). The two paths may have different latencies
/// (say linear-phase FIRs of different lengths): the shorter one is delayed by a
/// ``DelayLine`` of the difference, so mid and side stay aligned, and ``latencySamples`` is the
/// larger of the two.
///
/// Mid/side only means something for exactly two channels: prepared for any other count, the
/// processor passes audio through unchanged with no latency, and says so in ``description``.
public final class MidSideProcessor: AudioProcessor {
  /// The processor of the mid signal `(L + R)/2`, run on one channel.
  public let midProcessor: any AudioProcessor
  /// The processor of the side signal `(L − R)/2`, run on one channel.
  public let sideProcessor: any AudioProcessor
  /// Whether the processor was prepared for other than two channels and passes audio unchanged.
  public private(set) var isPassThrough = false
  /// Frames by which the output lags the input: the larger path latency (0 when passing
  /// through, or until prepared).
  public private(set) var latencySamples = 0

  private var preparedChannelCount = 0
  /// Delays that bring each path up to ``latencySamples``.
  private var midAlignment = DelayLine(delayFrames: 0)
  private var sideAlignment = DelayLine(delayFrames: 0)
  /// One-channel scratch blocks for the mid and side, reused while the block size stays.
  private var midBlock = AudioBuffer(channelCount: 1, frameCount: 0)
  private var sideBlock = AudioBuffer(channelCount: 1, frameCount: 0)

  /// A mid/side processor; `mid` and `side` must be different instances (each keeps the state
  /// of its own signal).
  public init(mid: any AudioProcessor, side: any AudioProcessor) {
    precondition(mid !== side, "Mid and side need separate processor instances; each holds its own signal's state.")
    midProcessor = mid
    sideProcessor = side
  }

  /// Prepares both paths for one channel and sizes the alignment delays; any channel count
  /// other than 2 makes a pass-through.
  public func prepare(sampleRate: Double, maximumBlockSize: Int, channelCount: Int) {
    precondition(channelCount > 0, "A mid/side processor needs at least one channel.")
    preparedChannelCount = channelCount
    isPassThrough = channelCount != 2
    guard !isPassThrough else {
      latencySamples = 0
      return
    }
    for processor in [midProcessor, sideProcessor] {
      processor.prepare(sampleRate: sampleRate, maximumBlockSize: maximumBlockSize, channelCount: 1)
    }
    let (midLatency, sideLatency) = (midProcessor.latencySamples, sideProcessor.latencySamples)
    latencySamples = max(midLatency, sideLatency)
    midAlignment = DelayLine(delayFrames: latencySamples - midLatency)
    sideAlignment = DelayLine(delayFrames: latencySamples - sideLatency)
    for delay in [midAlignment, sideAlignment] {
      delay.prepare(sampleRate: sampleRate, maximumBlockSize: maximumBlockSize, channelCount: 1)
    }
  }

  /// Splits the block into mid and side, runs each path, and rebuilds left and right in place.
  public func process(_ buffer: inout AudioBuffer) {
    precondition(preparedChannelCount > 0, "MidSideProcessor.prepare must be called before process.")
    precondition(
      buffer.channelCount == preparedChannelCount,
      "MidSideProcessor was prepared for \(preparedChannelCount) channels, got \(buffer.channelCount).")
    guard !isPassThrough else { return }
    let frameCount = buffer.frameCount
    if midBlock.frameCount != frameCount {
      midBlock = AudioBuffer(channelCount: 1, frameCount: frameCount)
      sideBlock = AudioBuffer(channelCount: 1, frameCount: frameCount)
    }
    buffer.channels.withUnsafeMutableBufferPointer { channels in
      channels[0].withUnsafeBufferPointer { left in
        channels[1].withUnsafeBufferPointer { right in
          midBlock.channels[0].withUnsafeMutableBufferPointer { mid in
            sideBlock.channels[0].withUnsafeMutableBufferPointer { side in
              for frame in 0..<frameCount {
                mid[frame] = 0.5 * (left[frame] + right[frame])
                side[frame] = 0.5 * (left[frame] - right[frame])
              }
            }
          }
        }
      }
    }
    if frameCount >= Self.parallelBlockFrames {
      // The paths share nothing: the side runs on a second core while the mid runs here.
      let paths = Paths(self)
      DispatchQueue.concurrentPerform(iterations: 2) { paths.process(mid: $0 == 0) }
    } else {
      processMid()
      processSide()
    }
    buffer.channels.withUnsafeMutableBufferPointer { channels in
      channels[0].withUnsafeMutableBufferPointer { left in
        channels[1].withUnsafeMutableBufferPointer { right in
          midBlock.channels[0].withUnsafeBufferPointer { mid in
            sideBlock.channels[0].withUnsafeBufferPointer { side in
              for frame in 0..<frameCount {
                left[frame] = mid[frame] + side[frame]
                right[frame] = mid[frame] - side[frame]
              }
            }
          }
        }
      }
    }
  }

  /// Clears both paths and the alignment delays.
  /// Blocks from this length on run their two paths on two cores (each path's linear-phase
  /// FIR costs far more than the hand-off).
  static let parallelBlockFrames = 4096

  private func processMid() {
    midProcessor.process(&midBlock)
    midAlignment.process(&midBlock)
  }

  private func processSide() {
    sideProcessor.process(&sideBlock)
    sideAlignment.process(&sideBlock)
  }

  /// The processor handed to the two threads of one block. Unchecked `Sendable`: the mid
  /// thread touches only the mid path's processors and block, the side thread the side's.
  private struct Paths: @unchecked Sendable {
    let processor: MidSideProcessor
    init(_ processor: MidSideProcessor) { self.processor = processor }
    func process(mid: Bool) { mid ? processor.processMid() : processor.processSide() }
  }

  public func reset() {
    for processor in [midProcessor, sideProcessor, midAlignment, sideAlignment] {
      processor.reset()
    }
  }

  /// Both paths with their latencies, the alignment delays, and the pass-through state when
  /// prepared for other than two channels.
  public var description: String {
    let paths = "mid: \(midProcessor), side: \(sideProcessor)"
    if isPassThrough {
      return "MidSideProcessor(pass-through: prepared for \(preparedChannelCount) "
        + "channel\(preparedChannelCount == 1 ? "" : "s"), mid/side needs exactly 2; \(paths))"
    }
    return "MidSideProcessor(latency: \(latencySamples) frames (mid delayed \(midAlignment.delayFrames), "
      + "side delayed \(sideAlignment.delayFrames)), \(paths))"
  }
}
