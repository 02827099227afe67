/// Renders a stream through a processor so that the output is time-aligned with the input
/// and exactly as long: the first ``AudioProcessor/latencySamples`` output frames (the
/// processor's start-up delay) are dropped, and as many frames of silence are fed after the
/// input to flush the tail out.
public enum LatencyCompensation {
  /// Pulls `frameCount` input frames from `read` in blocks of at most `blockSize` and pushes
  /// the aligned output, `frameCount` frames in total and in order, to `write`.
  ///
  /// `read(range)` must return the input frames `range` (channel count as prepared);
  /// `write` receives blocks of any length (an empty block is never written). The processor
  /// must already be prepared for `blockSize` frames; it is not reset.
  public static func render(
    _ processor: AudioProcessor, frameCount: Int, channelCount: Int, blockSize: Int,
    read: (Range<Int>) -> AudioBuffer, write: (AudioBuffer) -> Void
  ) {
    precondition(blockSize > 0 && frameCount >= 0 && channelCount > 0)
    let latency = processor.latencySamples
    var toSkip = latency
    var fed = 0
    while fed < frameCount + latency {
      let count = min(blockSize, frameCount + latency - fed)
      let inputCount = max(0, min(count, frameCount - fed))
      var block = inputCount == count
        ? read(fed..<(fed + count))
        : padded(inputCount > 0 ? read(fed..<(fed + inputCount)) : nil, to: count, channelCount: channelCount)
      processor.process(&block)
      fed += count
      let skipped = min(toSkip, count)
      toSkip -= skipped
      if skipped < count { write(skipped == 0 ? block : block.slice(skipped..<count)) }
    }
  }

  /// Renders a whole buffer in blocks of `blockSize` and returns the aligned output, as long
  /// as `input`.
  public static func render(_ processor: AudioProcessor, input: AudioBuffer, blockSize: Int)
    -> AudioBuffer
  {
    var output = [[Float]](repeating: [], count: input.channelCount)
    for channel in output.indices { output[channel].reserveCapacity(input.frameCount) }
    render(
      processor, frameCount: input.frameCount, channelCount: input.channelCount,
      blockSize: blockSize, read: { input.slice($0) },
      write: { block in
        for channel in output.indices { output[channel].append(contentsOf: block.channels[channel]) }
      })
    return AudioBuffer(channels: output)
  }

  /// `head` (if any) followed by silence, `count` frames in all.
  private static func padded(_ head: AudioBuffer?, to count: Int, channelCount: Int) -> AudioBuffer {
    var block = AudioBuffer(channelCount: channelCount, frameCount: count)
    if let head {
      for channel in 0..<channelCount {
        block.channels[channel].replaceSubrange(0..<head.frameCount, with: head.channels[channel])
      }
    }
    return block
  }
}
