import CSoxr

/// Converts a whole buffer to another sample rate with libsoxr: very high quality (28-bit,
/// passband to 91.3 % of the lower Nyquist), linear phase, its own delay removed, so the
/// output is time-aligned with the input and `round(frames · outputRate / inputRate)` frames
/// long. Deterministic: the same input gives bit-identical output, which `--chain` replays rely on.
public enum SampleRateConverter {
  /// Why a conversion failed: libsoxr's own message.
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// The frames a conversion of `frameCount` frames gives.
  public static func outputFrameCount(_ frameCount: Int, from inputRateHz: Double, to outputRateHz: Double) -> Int {
    Int((Double(frameCount) * outputRateHz / inputRateHz).rounded())
  }

  /// `buffer` (at `inputRateHz`) at `outputRateHz`.
  public static func convert(_ buffer: AudioBuffer, from inputRateHz: Double, to outputRateHz: Double) throws(Failure) -> AudioBuffer {
    precondition(inputRateHz > 0 && outputRateHz > 0, "Sample rates must be positive.")
    let channelCount = buffer.channelCount
    let outputFrames = outputFrameCount(buffer.frameCount, from: inputRateHz, to: outputRateHz)
    guard buffer.frameCount > 0, outputFrames > 0 else { return AudioBuffer(channelCount: channelCount, frameCount: outputFrames) }
    let outputs = (0..<channelCount).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: outputFrames) }
    defer { outputs.forEach { $0.deallocate() } }
    var (ioSpec, qualitySpec) = specs()
    var runtimeSpec = soxr_runtime_spec(2)
    var framesRead = 0, framesWritten = 0
    let error: soxr_error_t? = withChannelPointers(buffer.channels) { inputs in
      inputs.withUnsafeBufferPointer { inputPointers in
        outputs.withUnsafeBufferPointer { outputPointers in
          soxr_oneshot(
            inputRateHz, outputRateHz, UInt32(channelCount),
            UnsafeRawPointer(inputPointers.baseAddress!), buffer.frameCount, &framesRead,
            UnsafeMutableRawPointer(mutating: outputPointers.baseAddress!), outputFrames, &framesWritten,
            &ioSpec, &qualitySpec, &runtimeSpec)
        }
      }
    }
    if let error { throw Failure(description: String(cString: error)) }
    guard framesWritten == outputFrames else {
      throw Failure(description: "libsoxr gave \(framesWritten) of the \(outputFrames) frames expected.")
    }
    return AudioBuffer(channels: outputs.map { Array(UnsafeBufferPointer(start: $0, count: outputFrames)) })
  }

  /// The settings both converters use: planar 32-bit float in and out, very high quality,
  /// linear phase.
  static func specs() -> (io: soxr_io_spec_t, quality: soxr_quality_spec_t) {
    (soxr_io_spec(SOXR_FLOAT32_S, SOXR_FLOAT32_S), soxr_quality_spec(UInt(SOXR_VHQ), UInt(SOXR_LINEAR_PHASE)))
  }

  /// Calls `body` with a pointer to each channel's samples, valid for the call.
  static func withChannelPointers<Result>(
    _ channels: [[Float]], _ body: ([UnsafePointer<Float>]) -> Result
  ) -> Result {
    func collect(_ index: Int, _ pointers: [UnsafePointer<Float>]) -> Result {
      guard index < channels.count else { return body(pointers) }
      return channels[index].withUnsafeBufferPointer { collect(index + 1, pointers + [$0.baseAddress!]) }
    }
    return collect(0, [])
  }
}
