/// Splits audio into frequency bands with 4th-order Linkwitz–Riley filters whose sum has a
/// flat magnitude response: the sum is an all-pass, so recombined bands only change phase.
///
/// Each crossover is a pair of squared Butterworth sections (LR4, 24 dB/octave, each side
/// −6.02 dB at the crossover, in phase there). The bands are cut in a chain, lowest first:
/// band *k* is the low-pass at crossover *k* of what the lower splits left, and the last band is
/// what remains. The low and high outputs of one crossover sum to that crossover's all-pass
/// `(s² − √2 s + 1) / (s² + √2 s + 1)`, so each band below crossover *k* also passes through the
/// all-pass of crossover *k* (``BiquadCoefficients/allPass(centerHz:q:sampleRate:)``): every band
/// then carries the same phase and the sum is the product of the all-passes.
///
/// Not an ``AudioProcessor`` itself (it turns one buffer into several) but it follows the same
/// life cycle: prepare, split blocks, reset. Invalid frequencies stop the program (`precondition`).
public final class LinkwitzRileyCrossover: CustomStringConvertible {
  /// The crossover frequencies, ascending, in Hz; there is one band more than crossovers.
  public let crossoverFrequenciesHz: [Double]

  /// The number of bands the crossover makes.
  public var bandCount: Int { crossoverFrequenciesHz.count + 1 }

  /// Per channel, per crossover: the two low-pass and two high-pass Butterworth sections.
  private var lowPasses: [[(Biquad, Biquad)]] = []
  private var highPasses: [[(Biquad, Biquad)]] = []
  /// Per channel, per band below the last: the all-passes of the crossovers above the band's own.
  private var allPasses: [[[Biquad]]] = []

  /// A crossover at `crossoverFrequenciesHz` (at least one, strictly ascending).
  public init(crossoverFrequenciesHz: [Double]) {
    precondition(!crossoverFrequenciesHz.isEmpty, "A crossover needs at least one crossover frequency.")
    precondition(
      crossoverFrequenciesHz.allSatisfy { $0 > 0 && $0.isFinite },
      "Crossover frequencies must be positive numbers of hertz, not \(crossoverFrequenciesHz).")
    precondition(
      zip(crossoverFrequenciesHz, crossoverFrequenciesHz.dropFirst()).allSatisfy { $0 < $1 },
      "Crossover frequencies must be strictly ascending, not \(crossoverFrequenciesHz).")
    self.crossoverFrequenciesHz = crossoverFrequenciesHz
  }

  /// Designs the filters for `sampleRate` (every crossover below Nyquist) and clears their state.
  public func prepare(sampleRate: Double, channelCount: Int) {
    precondition(channelCount > 0, "A crossover needs at least one channel.")
    precondition(
      crossoverFrequenciesHz.last! < sampleRate / 2,
      "Crossover frequencies \(crossoverFrequenciesHz) Hz must lie below Nyquist (\(sampleRate / 2) Hz).")
    let butterworthQ = 0.5.squareRoot()
    let lows = crossoverFrequenciesHz.map { hz in
      let section = Biquad(.lowPass(cutoffHz: hz, q: butterworthQ, sampleRate: sampleRate))
      return (section, section)
    }
    let highs = crossoverFrequenciesHz.map { hz in
      let section = Biquad(.highPass(cutoffHz: hz, q: butterworthQ, sampleRate: sampleRate))
      return (section, section)
    }
    let compensation = (0..<crossoverFrequenciesHz.count).map { band in
      crossoverFrequenciesHz[(band + 1)...].map {
        Biquad(.allPass(centerHz: $0, q: butterworthQ, sampleRate: sampleRate))
      }
    }
    lowPasses = Array(repeating: lows, count: channelCount)
    highPasses = Array(repeating: highs, count: channelCount)
    allPasses = Array(repeating: compensation, count: channelCount)
  }

  /// Writes the bands of `input` into `bands`, lowest first; `bands` is reshaped to
  /// ``bandCount`` buffers of the input's shape only when it does not have that shape already.
  public func split(_ input: AudioBuffer, into bands: inout [AudioBuffer]) {
    let (channelCount, frameCount) = (input.channelCount, input.frameCount)
    precondition(channelCount == lowPasses.count, "The crossover was prepared for \(lowPasses.count) channels, got \(channelCount).")
    if bands.count != bandCount || bands.contains(where: { $0.channelCount != channelCount || $0.frameCount != frameCount }) {
      bands = Array(repeating: AudioBuffer(channelCount: channelCount, frameCount: frameCount), count: bandCount)
    }
    let lastBand = bandCount - 1
    bands.withUnsafeMutableBufferPointer { outputs in
      for channel in 0..<channelCount {
        input.channels[channel].withUnsafeBufferPointer { source in
          // The last band starts as the input; each split moves its low part into band `split`.
          outputs[lastBand].channels[channel].withUnsafeMutableBufferPointer { remainder in
            for frame in 0..<frameCount { remainder[frame] = source[frame] }
            for split in 0..<lastBand {
              outputs[split].channels[channel].withUnsafeMutableBufferPointer { low in
                for frame in 0..<frameCount { low[frame] = remainder[frame] }
                lowPasses[channel][split].0.process(low)
                lowPasses[channel][split].1.process(low)
                for index in allPasses[channel][split].indices { allPasses[channel][split][index].process(low) }
                highPasses[channel][split].0.process(remainder)
                highPasses[channel][split].1.process(remainder)
              }
            }
          }
        }
      }
    }
  }

  /// Clears every filter's memory.
  public func reset() {
    for channel in lowPasses.indices {
      for split in lowPasses[channel].indices {
        lowPasses[channel][split].0.reset()
        lowPasses[channel][split].1.reset()
        highPasses[channel][split].0.reset()
        highPasses[channel][split].1.reset()
        for index in allPasses[channel][split].indices { allPasses[channel][split][index].reset() }
      }
    }
  }

  /// The crossover frequencies with their unit.
  public var description: String {
    "LinkwitzRileyCrossover(crossoverFrequenciesHz: \(crossoverFrequenciesHz))"
  }
}
