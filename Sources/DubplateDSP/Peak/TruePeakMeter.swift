/// Maximum true-peak level per channel (ITU-R BS.1770-4 Annex 2), as EBU Tech 3341 asks.
///
/// The signal is oversampled by ``PolyphaseOversampler`` (4× below 96 kHz, 2× below
/// 192 kHz, none above) and the largest absolute value kept. The input samples are part of
/// the oversampled signal, so the true peak is never below the sample peak. Annex 2's 12.04 dB
/// input attenuation is for fixed-point headroom and is not needed in Float. Blocks of any
/// length may be fed; the reading always includes the samples fed so far, with the
/// interpolator's tail computed as if silence followed.
public final class TruePeakMeter {
  private let oversampler: PolyphaseOversampler
  private var runningPeaks: [Float]

  /// A meter for `channelCount` channels at `sampleRate` Hz.
  public init(sampleRate: Double, channelCount: Int) {
    precondition(sampleRate > 0, "The sample rate must be positive.")
    oversampler = PolyphaseOversampler(sampleRate: sampleRate, channelCount: channelCount)
    runningPeaks = [Float](repeating: 0, count: channelCount)
  }

  /// Measures the next block; it must have the meter's channel count.
  ///
  /// Stretches that provably cannot raise a channel's peak are skipped (see
  /// ``PolyphaseOversampler/maximumMagnitude(feeding:channel:skippingBelow:)``); the
  /// reading is the same as without skipping.
  public func process(_ buffer: AudioBuffer) {
    precondition(
      buffer.channelCount == runningPeaks.count,
      "The buffer has \(buffer.channelCount) channels; the meter expects \(runningPeaks.count).")
    for channel in 0..<buffer.channelCount {
      let peak = buffer.channels[channel].withUnsafeBufferPointer {
        oversampler.maximumMagnitude(
          feeding: $0, channel: channel, skippingBelow: runningPeaks[channel])
      }
      runningPeaks[channel] = max(runningPeaks[channel], peak)
    }
  }

  /// 4, 2 or 1: 4 below 96 kHz, 2 below 192 kHz, 1 (none) at 192 kHz and above.
  public var oversamplingFactor: Int { oversampler.factor }

  /// Highest absolute value of the oversampled signal per channel, linear (1.0 = 0 dBTP).
  public var truePeakPerChannel: [Double] {
    runningPeaks.indices.map { channel in
      Double(max(runningPeaks[channel], oversampler.maximumMagnitudeOfTail(channel: channel)))
    }
  }

  /// Maximum over channels, linear.
  public var truePeak: Double { truePeakPerChannel.max() ?? 0 }

  /// ``truePeak`` in dBTP; `-infinity` for silence.
  public var truePeakDBTP: Double { Decibels.fromAmplitude(truePeak) }
}
