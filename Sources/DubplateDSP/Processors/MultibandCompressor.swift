/// A compressor per frequency band: a ``LinkwitzRileyCrossover`` splits the block, each band's
/// ``Compressor`` works on its own band (stereo-linked within it), and the bands are summed.
///
/// Three bands (two crossovers) is the usual mastering split, but any count the crossover
/// makes works. With every ratio at 1 and no make-up the output is the crossover's all-pass
/// sum: the input's magnitude at every frequency, phase-shifted only. No latency. Invalid
/// parameters stop the program (`precondition`).
public final class MultibandCompressor: AudioProcessor {
  /// The band splitter.
  public let crossover: LinkwitzRileyCrossover
  /// One compressor per band, lowest band first; read their reduction statistics for reports.
  public let bandCompressors: [Compressor]

  private var bands: [AudioBuffer] = []
  private var channelCount = 0

  /// Bands split at `crossoverFrequenciesHz` (ascending), compressed by `bandCompressors`
  /// (one more than there are crossovers).
  public init(crossoverFrequenciesHz: [Double], bandCompressors: [Compressor]) {
    precondition(
      bandCompressors.count == crossoverFrequenciesHz.count + 1,
      "A multiband compressor needs one compressor per band: \(crossoverFrequenciesHz.count + 1), not \(bandCompressors.count).")
    precondition(
      Set(bandCompressors.map { ObjectIdentifier($0) }).count == bandCompressors.count,
      "Each band needs its own Compressor instance; one instance cannot hold two bands' state.")
    crossover = LinkwitzRileyCrossover(crossoverFrequenciesHz: crossoverFrequenciesHz)
    self.bandCompressors = bandCompressors
  }

  /// Prepares the crossover and every band's compressor.
  public func prepare(sampleRate: Double, maximumBlockSize: Int, channelCount: Int) {
    crossover.prepare(sampleRate: sampleRate, channelCount: channelCount)
    for compressor in bandCompressors {
      compressor.prepare(sampleRate: sampleRate, maximumBlockSize: maximumBlockSize, channelCount: channelCount)
    }
    self.channelCount = channelCount
    bands = Array(
      repeating: AudioBuffer(channelCount: channelCount, frameCount: maximumBlockSize),
      count: crossover.bandCount)
  }

  /// Splits, compresses each band and writes the sum back in place. Band buffers are
  /// reallocated only when the block length changes.
  public func process(_ buffer: inout AudioBuffer) {
    precondition(channelCount > 0, "MultibandCompressor.prepare must be called before process.")
    crossover.split(buffer, into: &bands)
    for band in bands.indices { bandCompressors[band].process(&bands[band]) }
    let frameCount = buffer.frameCount
    for channel in 0..<buffer.channelCount {
      buffer.channels[channel].withUnsafeMutableBufferPointer { output in
        bands[0].channels[channel].withUnsafeBufferPointer { first in
          for frame in 0..<frameCount { output[frame] = first[frame] }
        }
        for band in 1..<bands.count {
          bands[band].channels[channel].withUnsafeBufferPointer { source in
            for frame in 0..<frameCount { output[frame] += source[frame] }
          }
        }
      }
    }
  }

  /// Clears the crossover's filters and every compressor's state and statistics.
  public func reset() {
    crossover.reset()
    for compressor in bandCompressors { compressor.reset() }
  }

  /// Always 0: neither the crossover nor the compressors look ahead.
  public var latencySamples: Int { 0 }

  /// The crossover frequencies, then each band's range and compressor, one per line.
  public var description: String {
    let edges = crossover.crossoverFrequenciesHz
    let lines = bandCompressors.indices.map { band -> String in
      let range =
        band == 0 ? "below \(edges[0]) Hz"
        : band == edges.count ? "above \(edges[band - 1]) Hz" : "\(edges[band - 1])–\(edges[band]) Hz"
      return "  band \(band + 1) (\(range)): \(bandCompressors[band])"
    }
    return "MultibandCompressor(crossoverFrequenciesHz: \(edges),\n\(lines.joined(separator: ",\n")))"
  }
}
