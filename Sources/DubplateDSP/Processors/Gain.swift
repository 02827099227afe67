/// A fixed gain in dB applied to every channel. Stateless, no latency.
///
/// Invalid gains stop the program (`precondition`).
public final class Gain: AudioProcessor {
  /// The gain, in dB (positive = louder).
  public let gainDB: Double

  private let amplitude: Float
  private var preparedChannelCount = 0

  /// The gains a `Gain` can apply, dB.
  public static let rangeDB = -96.0...48

  /// A gain of `gainDB`, within ``rangeDB``.
  public init(gainDB: Double) {
    precondition(Self.rangeDB.contains(gainDB), "Gain must lie between -96 and +48 dB, not \(gainDB).")
    self.gainDB = gainDB
    amplitude = Float(Decibels.toAmplitude(gainDB))
  }

  /// Remembers the channel count, to check blocks against it.
  public func prepare(sampleRate: Double, maximumBlockSize: Int, channelCount: Int) {
    precondition(channelCount > 0, "A gain needs at least one channel.")
    preparedChannelCount = channelCount
  }

  /// Scales every sample in place.
  public func process(_ buffer: inout AudioBuffer) {
    precondition(
      buffer.channelCount == preparedChannelCount,
      "Gain was prepared for \(preparedChannelCount) channels, got \(buffer.channelCount).")
    let amplitude = self.amplitude
    for channel in 0..<buffer.channelCount {
      buffer.channels[channel].withUnsafeMutableBufferPointer { samples in
        for frame in samples.indices { samples[frame] *= amplitude }
      }
    }
  }

  /// Nothing to clear: a gain has no state.
  public func reset() {}

  /// Always 0.
  public var latencySamples: Int { 0 }

  /// The gain with its unit, e.g. `Gain(gainDB: -3.0)`.
  public var description: String { "Gain(gainDB: \(gainDB))" }
}
