/// A block of audio held planar: one `[Float]` per channel, every channel the same length.
///
/// Meters and processors take planar blocks so that per-channel filters run over
/// contiguous memory; the file layer deinterleaves once when it decodes.
/// Samples are linear, full scale = ±1.0.
public struct AudioBuffer: Sendable, Equatable {
  /// The samples of each channel, in the file's channel order.
  public var channels: [[Float]]

  /// Wraps planar channels. All channels must have the same length.
  public init(channels: [[Float]]) {
    precondition(!channels.isEmpty, "An audio buffer needs at least one channel.")
    precondition(
      channels.allSatisfy { $0.count == channels[0].count },
      "All channels of an audio buffer must have the same length.")
    self.channels = channels
  }

  /// A buffer of silence.
  public init(channelCount: Int, frameCount: Int) {
    self.init(channels: Array(repeating: [Float](repeating: 0, count: frameCount), count: channelCount))
  }

  /// Deinterleaves `interleaved` (frame-major: L R L R …) into planar channels.
  public init(interleaved: [Float], channelCount: Int) {
    precondition(channelCount > 0 && interleaved.count % channelCount == 0)
    let frameCount = interleaved.count / channelCount
    var planar = [[Float]]()
    planar.reserveCapacity(channelCount)
    interleaved.withUnsafeBufferPointer { source in
      for channel in 0..<channelCount {
        planar.append([Float](unsafeUninitializedCapacity: frameCount) { destination, count in
          for frame in 0..<frameCount { destination[frame] = source[frame * channelCount + channel] }
          count = frameCount
        })
      }
    }
    self.init(channels: planar)
  }

  /// Number of channels.
  public var channelCount: Int { channels.count }

  /// Number of sample frames (samples per channel).
  public var frameCount: Int { channels[0].count }

  /// The samples interleaved frame by frame (L R L R …), as files store them.
  public func interleaved() -> [Float] {
    let channelCount = self.channelCount
    let frameCount = self.frameCount
    return [Float](unsafeUninitializedCapacity: frameCount * channelCount) { destination, count in
      for channel in 0..<channelCount {
        channels[channel].withUnsafeBufferPointer { source in
          for frame in 0..<frameCount { destination[frame * channelCount + channel] = source[frame] }
        }
      }
      count = frameCount * channelCount
    }
  }

  /// Frames `range` of every channel, as a new buffer.
  public func slice(_ range: Range<Int>) -> AudioBuffer {
    AudioBuffer(channels: channels.map { Array($0[range]) })
  }
}
