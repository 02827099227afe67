/// True peak and the count of overs of a stream: values of the oversampled signal (4× below
/// 96 kHz, as ``TruePeakMeter``, BS.1770-4 Annex 2) whose magnitude exceeds full scale (0 dBTP).
///
/// An over is one oversampled value above 1.0 in one channel, so a 1 ms excursion above 0 dBTP
/// of a 44.1 kHz stereo signal oversampled 4× can count up to 2 × 176 overs. Counting values
/// (not runs) makes the figure grow with how long and how often the signal is over, which is
/// what a converter or a player without headroom clips. The interpolator's tail is read at
/// ``finish()`` as if silence followed.
public final class TruePeakOverCounter {
  private let oversampler: PolyphaseOversampler
  private var largestMagnitude: Float = 0
  /// Oversampled values above full scale so far, over all channels.
  public private(set) var overCount = 0

  /// A counter for `channelCount` channels at `sampleRate` Hz.
  public init(sampleRate: Double, channelCount: Int) {
    precondition(sampleRate > 0, "The sample rate must be positive.")
    oversampler = PolyphaseOversampler(sampleRate: sampleRate, channelCount: channelCount)
  }

  /// Measures the next block; it must have the counter's channel count.
  public func process(_ buffer: AudioBuffer) {
    precondition(buffer.channelCount == oversampler.channelCount, "The buffer has the wrong channel count.")
    for channel in 0..<buffer.channelCount {
      count(oversampler.upsample(buffer.channels[channel], channel: channel))
    }
  }

  /// Flushes the interpolator's tail (as if silence followed); call once, after the last block.
  public func finish() {
    let silence = [Float](repeating: 0, count: 2 * oversampler.latencyFrames)
    for channel in 0..<oversampler.channelCount {
      count(oversampler.upsample(silence, channel: channel))
    }
  }

  /// Largest magnitude of the oversampled signal, dBTP (−∞ for digital silence).
  public var truePeakDBTP: Double { Decibels.fromAmplitude(Double(largestMagnitude)) }

  private func count(_ values: [Float]) {
    values.withUnsafeBufferPointer { samples in
      var largest = largestMagnitude
      var overs = 0
      for value in samples {
        let magnitude = abs(value)
        if magnitude > largest { largest = magnitude }
        if magnitude > 1 { overs += 1 }
      }
      largestMagnitude = largest
      overCount += overs
    }
  }
}
