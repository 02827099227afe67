import Foundation

/// Triangular-PDF dither for a given integer bit depth: adds noise only; the file writer then
/// rounds to the bit depth's grid.
///
/// Each sample gets `(u₁ + u₂)·LSB`, with `u₁, u₂` independent and uniform on [−½, ½) and
/// `LSB = 2^−(N−1)` (full scale ±1.0, as ``AudioBuffer`` and the writer define it). The sum is
/// triangular on (−1, 1) LSB, which makes the mean and the power of the later rounding error
/// independent of the signal (no distortion, no noise modulation). Its variance is
/// `2 · LSB²/12 = LSB²/6`, so the added noise's RMS is `2^−(N−1)/√6`:
/// −98.09 dBFS at 16 bits and −146.26 dBFS at 24 bits (``noiseRMSDBFS(bitDepth:)``); after the
/// writer's rounding (`LSB²/12` more) the total is `LSB/2`, −96.33 dBFS at 16 bits.
///
/// The noise is deterministic: every channel has its own SplitMix64 stream, its state drawn
/// from a SplitMix64 seeded with ``seed``, so the same seed gives bit-identical output whatever
/// the block sizes, and ``reset()`` restarts the streams. Float samples near full scale are
/// spaced 2^−24, half a 24-bit LSB, so at 24 bits the triangle is sampled on that grid there.
/// Invalid bit depths stop the program (`precondition`). No latency.
public final class TPDFDither: AudioProcessor {
  /// The integer bit depth the output will be rounded to.
  public let bitDepth: Int
  /// The seed of the noise streams.
  public let seed: UInt64

  private var generators: [SplitMix64] = []

  /// Dither for `bitDepth`-bit PCM (8…24; 16 and 24 are what the writer makes).
  public init(bitDepth: Int, seed: UInt64 = 1) {
    precondition((8...24).contains(bitDepth), "TPDF dither targets integer PCM of 8 to 24 bits, not \(bitDepth).")
    self.bitDepth = bitDepth
    self.seed = seed
  }

  /// The size of one quantisation step for `bitDepth` bits, full scale = 1.0.
  public static func leastSignificantBit(bitDepth: Int) -> Double { 1 / Double(1 << (bitDepth - 1)) }

  /// The RMS of the noise the dither adds, in dBFS: `20·log10(2^−(N−1)/√6)`.
  public static func noiseRMSDBFS(bitDepth: Int) -> Double {
    Decibels.fromAmplitude(leastSignificantBit(bitDepth: bitDepth) / 6.0.squareRoot())
  }

  /// Starts one noise stream per channel.
  public func prepare(sampleRate: Double, maximumBlockSize: Int, channelCount: Int) {
    precondition(channelCount > 0, "Dither needs at least one channel.")
    generators = Array(repeating: SplitMix64(state: 0), count: channelCount)
    reset()
  }

  /// Adds the noise in place.
  public func process(_ buffer: inout AudioBuffer) {
    precondition(
      buffer.channelCount == generators.count,
      "TPDFDither was prepared for \(generators.count) channels, got \(buffer.channelCount).")
    // Each 64-bit draw gives both uniforms: its high and low 32 bits, each scaled to [0, 1).
    let scale = Self.leastSignificantBit(bitDepth: bitDepth) / 4_294_967_296
    let lsb = Self.leastSignificantBit(bitDepth: bitDepth)
    for channel in 0..<buffer.channelCount {
      var generator = generators[channel]
      buffer.channels[channel].withUnsafeMutableBufferPointer { samples in
        for frame in samples.indices {
          let bits = generator.next()
          let noise = Double((bits >> 32) + (bits & 0xFFFF_FFFF)) * scale - lsb
          samples[frame] = Float(Double(samples[frame]) + noise)
        }
      }
      generators[channel] = generator
    }
  }

  /// Restarts every channel's noise stream from the seed.
  public func reset() {
    var seeder = SplitMix64(state: seed)
    for channel in generators.indices { generators[channel] = SplitMix64(state: seeder.next()) }
  }

  /// Always 0.
  public var latencySamples: Int { 0 }

  /// The parameters and the derived noise level.
  public var description: String {
    "TPDFDither(bitDepth: \(bitDepth), seed: \(seed), noiseRMSDBFS: \(String(format: "%.2f", Self.noiseRMSDBFS(bitDepth: bitDepth))))"
  }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a fast 64-bit generator with a 2⁶⁴ period.
private struct SplitMix64 {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
