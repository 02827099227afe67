import CSoxr

/// Converts a stream to another sample rate block by block with libsoxr, in constant memory,
/// with the settings of ``SampleRateConverter`` (very high quality, linear phase, delay
/// removed): feed blocks with ``process(_:)``, then take the rest with ``finish()``; all the
/// blocks returned, joined, equal what ``SampleRateConverter/convert(_:from:to:)`` gives for
/// the whole input (length `round(frames · outputRate / inputRate)`).
public final class StreamingSampleRateConverter {
  public let channelCount: Int
  private let ratio: Double
  private let resampler: soxr_t

  public init(from inputRateHz: Double, to outputRateHz: Double, channelCount: Int) throws(SampleRateConverter.Failure) {
    precondition(inputRateHz > 0 && outputRateHz > 0 && channelCount > 0)
    var (ioSpec, qualitySpec) = SampleRateConverter.specs()
    var runtimeSpec = soxr_runtime_spec(1)
    var error: soxr_error_t?
    guard let resampler = soxr_create(inputRateHz, outputRateHz, UInt32(channelCount), &error, &ioSpec, &qualitySpec, &runtimeSpec),
      error == nil
    else { throw SampleRateConverter.Failure(description: error.map { String(cString: $0) } ?? "libsoxr could not start.") }
    self.resampler = resampler
    self.channelCount = channelCount
    ratio = outputRateHz / inputRateHz
  }

  deinit { soxr_delete(resampler) }

  /// The converted frames that `block` completes (the first blocks give fewer, as the
  /// filter fills).
  public func process(_ block: AudioBuffer) throws(SampleRateConverter.Failure) -> AudioBuffer {
    precondition(block.channelCount == channelCount, "Expected \(channelCount) channels.")
    return try run(block)
  }

  /// The converted frames still held, at the end of the input.
  public func finish() throws(SampleRateConverter.Failure) -> AudioBuffer {
    try run(nil)
  }

  /// Feeds `block` (`nil` for the end of the input) and collects everything libsoxr gives back.
  private func run(_ block: AudioBuffer?) throws(SampleRateConverter.Failure) -> AudioBuffer {
    var collected = [[Float]](repeating: [], count: channelCount)
    let capacity = Int((Double(block?.frameCount ?? 0) * ratio).rounded(.up)) + 4_096
    let outputs = (0..<channelCount).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: capacity) }
    defer { outputs.forEach { $0.deallocate() } }
    var consumed = 0
    while true {
      var framesRead = 0, framesWritten = 0
      let error: soxr_error_t? = outputs.withUnsafeBufferPointer { outputPointers in
        let out = UnsafeMutableRawPointer(mutating: outputPointers.baseAddress!)
        guard let block else { return soxr_process(resampler, nil, 0, nil, out, capacity, &framesWritten) }
        return SampleRateConverter.withChannelPointers(block.channels) { channels in
          channels.map { $0 + consumed }.withUnsafeBufferPointer { inputPointers in
            soxr_process(
              resampler, UnsafeRawPointer(inputPointers.baseAddress!), block.frameCount - consumed, &framesRead, out, capacity,
              &framesWritten)
          }
        }
      }
      if let error { throw SampleRateConverter.Failure(description: String(cString: error)) }
      for channel in 0..<channelCount {
        collected[channel].append(contentsOf: UnsafeBufferPointer(start: outputs[channel], count: framesWritten))
      }
      consumed += framesRead
      if let block, consumed < block.frameCount, framesRead == 0, framesWritten == 0 {
        throw SampleRateConverter.Failure(description: "libsoxr took none of the \(block.frameCount - consumed) frames left.")
      }
      // Input left over, or a full output buffer that may have more behind it: go on.
      if let block, consumed < block.frameCount { continue }
      if framesWritten == capacity { continue }
      if block == nil && framesWritten > 0 { continue }
      break
    }
    return AudioBuffer(channels: collected)
  }
}
