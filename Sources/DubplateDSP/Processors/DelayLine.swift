/// A pure delay of a whole number of frames on every channel: aligns the parallel paths of a
/// chain (e.g. a dry signal with a limiter's look-ahead) and stands in for a latency in tests.
public final class DelayLine: AudioProcessor {
  /// The delay, in frames.
  public let delayFrames: Int
  private var rings: [[Float]] = []
  private var position = 0

  /// A delay of `delayFrames` (0 or more) frames.
  public init(delayFrames: Int) {
    precondition(delayFrames >= 0, "A delay cannot be negative.")
    self.delayFrames = delayFrames
  }

  public var description: String { "DelayLine(delay: \(delayFrames) frames)" }

  /// Equal to ``delayFrames``.
  public var latencySamples: Int { delayFrames }

  public func prepare(sampleRate: Double, maximumBlockSize: Int, channelCount: Int) {
    precondition(channelCount > 0, "A delay line needs at least one channel.")
    rings = Array(repeating: [Float](repeating: 0, count: delayFrames), count: channelCount)
    position = 0
  }

  public func process(_ buffer: inout AudioBuffer) {
    precondition(buffer.channelCount == rings.count, "Expected \(rings.count) channels.")
    guard delayFrames > 0 else { return }
    let delay = delayFrames
    var end = position
    for channel in 0..<rings.count {
      var cursor = position
      rings[channel].withUnsafeMutableBufferPointer { ring in
        buffer.channels[channel].withUnsafeMutableBufferPointer { samples in
          for frame in 0..<samples.count {
            let delayed = ring[cursor]
            ring[cursor] = samples[frame]
            samples[frame] = delayed
            cursor = cursor + 1 == delay ? 0 : cursor + 1
          }
        }
      }
      end = cursor
    }
    position = end
  }

  public func reset() {
    for channel in rings.indices {
      rings[channel] = [Float](repeating: 0, count: delayFrames)
    }
    position = 0
  }
}
