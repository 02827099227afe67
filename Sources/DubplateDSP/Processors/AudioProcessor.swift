/// The one contract every mastering processor follows (EQ, compressor, limiter, dither, chains).
///
/// Call ``prepare(sampleRate:maximumBlockSize:channelCount:)`` once before processing, then
/// ``process(_:)`` with planar blocks of any length up to the prepared maximum; the block is
/// transformed in place and keeps its frame count. A processor that looks ahead delays its
/// output by ``latencySamples`` frames; a chain reports the sum and the renderer trims it so
/// the output is time-aligned with the input. ``reset()`` clears all state (filter memories,
/// envelopes, delay lines) without changing parameters, so a second pass over the same input
/// gives bit-identical output. `description` prints every parameter with its unit.
public protocol AudioProcessor: AnyObject, CustomStringConvertible {
  /// Allocates state for a stream; must be called before ``process(_:)``.
  func prepare(sampleRate: Double, maximumBlockSize: Int, channelCount: Int)
  /// Processes one block in place.
  func process(_ buffer: inout AudioBuffer)
  /// Clears all internal state.
  func reset()
  /// Frames by which the output lags the input.
  var latencySamples: Int { get }
}
