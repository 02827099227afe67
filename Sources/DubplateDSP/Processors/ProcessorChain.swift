/// An ordered list of processors run one after another; itself an ``AudioProcessor``, so chains nest.
///
/// ``prepare(sampleRate:maximumBlockSize:channelCount:)`` and ``reset()`` go to every child in
/// order, and ``latencySamples`` is the sum of the children's: each child's delay adds to the
/// ones before it. A chain holds no state of its own.
public final class ProcessorChain: AudioProcessor {
  /// The processors, in the order they run.
  public let processors: [any AudioProcessor]

  /// A chain of `processors`, run first to last; an empty chain passes audio unchanged.
  public init(_ processors: [any AudioProcessor]) {
    precondition(
      Set(processors.map { ObjectIdentifier($0) }).count == processors.count,
      "A processor instance may appear only once in a chain; its state belongs to one place in the signal path.")
    self.processors = processors
  }

  /// Prepares every child for the same stream.
  public func prepare(sampleRate: Double, maximumBlockSize: Int, channelCount: Int) {
    for processor in processors {
      processor.prepare(sampleRate: sampleRate, maximumBlockSize: maximumBlockSize, channelCount: channelCount)
    }
  }

  /// Runs the block through every child in order, in place.
  public func process(_ buffer: inout AudioBuffer) {
    for processor in processors { processor.process(&buffer) }
  }

  /// Clears every child's state.
  public func reset() {
    for processor in processors { processor.reset() }
  }

  /// The sum of the children's latencies, in frames.
  public var latencySamples: Int { processors.reduce(0) { $0 + $1.latencySamples } }

  /// A header with the total latency, then each child on its own numbered line (a child's own
  /// continuation lines indented under it).
  public var description: String {
    let children = processors.enumerated().map { index, processor in
      "  \(index + 1). " + processor.description.split(separator: "\n", omittingEmptySubsequences: false)
        .joined(separator: "\n     ")
    }
    return (["ProcessorChain(latencySamples: \(latencySamples)):"] + children).joined(separator: "\n")
  }
}
