/// An equaliser: an ordered list of ``EQBand``s run in series, one ``Biquad`` per band per channel.
///
/// Every band's response multiplies, so the EQ's response in dB is the sum of its bands'
/// (``magnitudeDB(atHz:sampleRate:)``). A single ``EQBand/subsonicHighPass(cutoffHz:)`` band
/// makes it the chain's DC and subsonic clean-up. No latency. Invalid bands stop the program
/// when they are built (see ``EQBand``); a band at or above Nyquist stops it at ``prepare(sampleRate:maximumBlockSize:channelCount:)``.
public final class ParametricEQ: AudioProcessor {
  /// The bands, applied in order.
  public let bands: [EQBand]

  private var filters: [[Biquad]] = []

  /// An EQ of `bands`; an empty list passes audio unchanged.
  public init(bands: [EQBand]) { self.bands = bands }

  /// Designs every band for `sampleRate` and gives each channel its own filters.
  public func prepare(sampleRate: Double, maximumBlockSize: Int, channelCount: Int) {
    precondition(sampleRate > 0 && channelCount > 0, "An EQ needs a positive sample rate and at least one channel.")
    let sections = bands.map { Biquad($0.coefficients(sampleRate: sampleRate)) }
    filters = Array(repeating: sections, count: channelCount)
  }

  /// Filters every channel through every band, in place.
  public func process(_ buffer: inout AudioBuffer) {
    precondition(
      buffer.channelCount == filters.count,
      "ParametricEQ was prepared for \(filters.count) channels, got \(buffer.channelCount).")
    if buffer.channelCount == 2 {
      // A stereo pair in SIMD lanes (bit-identical to one channel at a time); the channels are
      // moved out of the buffer, not copied, so both can be written at once.
      var (left, right) = ([Float](), [Float]())
      swap(&left, &buffer.channels[0])
      swap(&right, &buffer.channels[1])
      var (leftFilters, rightFilters) = (filters[0], filters[1])
      left.withUnsafeMutableBufferPointer { left in
        right.withUnsafeMutableBufferPointer { right in
          for band in bands.indices { BiquadPair.process(&leftFilters[band], &rightFilters[band], left, right) }
        }
      }
      (filters[0], filters[1]) = (leftFilters, rightFilters)
      swap(&left, &buffer.channels[0])
      swap(&right, &buffer.channels[1])
      return
    }
    for channel in 0..<buffer.channelCount {
      buffer.channels[channel].withUnsafeMutableBufferPointer { samples in
        for band in filters[channel].indices { filters[channel][band].process(samples) }
      }
    }
  }

  /// Clears every filter's memory.
  public func reset() {
    for channel in filters.indices {
      for band in filters[channel].indices { filters[channel][band].reset() }
    }
  }

  /// Always 0: the bands are recursive filters with no look-ahead.
  public var latencySamples: Int { 0 }

  /// The EQ's magnitude response in dB at `frequencyHz`: the sum of its bands' responses.
  public func magnitudeDB(atHz frequencyHz: Double, sampleRate: Double) -> Double {
    bands.reduce(0) { $0 + $1.coefficients(sampleRate: sampleRate).magnitudeDB(atHz: frequencyHz, sampleRate: sampleRate) }
  }

  /// Every band with its parameters and units.
  public var description: String {
    "ParametricEQ(bands: [\(bands.map(\.description).joined(separator: ", "))])"
  }
}
