/// Finds clipped runs in one channel: three or more consecutive samples of the same value at
/// or beyond the clip level (a flat top), followed across block boundaries.
///
/// Three is the usual threshold of clip detectors (a single full-scale sample is a legal
/// peak; a flat top of several is the mark of a clipped waveform). The samples must be equal,
/// not merely over the level: a float file's overs above 1.0 are a varying waveform that a
/// later gain change can still recover, so they are reported as peaks, not as clipping.
struct ClippingDetector: Sendable {
  /// Consecutive samples that make a run count as clipping.
  static let minimumRunLength = 3

  /// Samples that belong to counted runs.
  private(set) var clippedSampleCount = 0
  /// Number of counted runs.
  private(set) var runCount = 0
  /// Length of the run still open at the end of the last block, and the frame it began at.
  private var openRunLength = 0
  private var openRunStartFrame = 0
  /// The value of the open run's samples.
  private var openRunValue: Float = 0

  /// Scans `samples`, whose first sample is frame `startFrame` of the stream, and calls
  /// `runStarted(frame)` once for every run as soon as it reaches the minimum length.
  mutating func scan(
    _ samples: UnsafeBufferPointer<Float>, startFrame: Int, clipLevel: Float,
    runStarted: (Int) -> Void
  ) {
    for (offset, sample) in samples.enumerated() {
      guard abs(sample) >= clipLevel else {
        openRunLength = 0
        continue
      }
      if openRunLength == 0 || sample != openRunValue {
        openRunStartFrame = startFrame + offset
        openRunValue = sample
        openRunLength = 0
      }
      openRunLength += 1
      if openRunLength == Self.minimumRunLength {
        clippedSampleCount += Self.minimumRunLength
        runCount += 1
        runStarted(openRunStartFrame)
      } else if openRunLength > Self.minimumRunLength {
        clippedSampleCount += 1
      }
    }
  }

  /// Records a block with no sample at the clip level: any open run ends.
  mutating func skipBlock() { openRunLength = 0 }
}
