/// The largest |sample| over all channels in each consecutive stretch of ``stretchSeconds``
/// (the last may be partial): where a signal's peaks sit over time, cheaply, for deciding how
/// much of a track a limiter will work on before running it.
public final class SamplePeakHistory {
  /// The length of a stretch, in seconds: the limiter's reports use the same 100 ms.
  public static let stretchSeconds = 0.1

  /// One value per completed stretch, linear (full scale = 1).
  private var peaks: [Float] = []
  private let stretchFrames: Int
  private var fill = 0
  private var current: Float = 0

  public init(sampleRate: Double) {
    precondition(sampleRate > 0, "The sample rate must be positive.")
    stretchFrames = max(1, Int((Self.stretchSeconds * sampleRate).rounded()))
  }

  /// Adds a block of any length.
  public func process(_ buffer: AudioBuffer) {
    var start = 0
    while start < buffer.frameCount {
      let count = min(stretchFrames - fill, buffer.frameCount - start)
      for channel in buffer.channels {
        channel.withUnsafeBufferPointer { samples in
          current = max(current, MaximumMagnitude.of(samples.baseAddress! + start, count: count))
        }
      }
      fill += count
      start += count
      if fill == stretchFrames { closeStretch() }
    }
  }

  /// The share (0…1) of the stretches so far (a partial last one included) whose peak
  /// exceeds `level` (linear); 0 when nothing was fed.
  public func shareAbove(_ level: Float) -> Double {
    let all = fill > 0 ? peaks + [current] : peaks
    guard !all.isEmpty else { return 0 }
    return Double(all.lazy.filter { $0 > level }.count) / Double(all.count)
  }

  private func closeStretch() {
    peaks.append(current)
    current = 0
    fill = 0
  }
}
