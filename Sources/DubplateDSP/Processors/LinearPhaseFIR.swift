import Foundation

/// A linear-phase FIR equaliser designed from a target magnitude curve, run by partitioned FFT
/// convolution on every channel: the reference-matching EQ of the mastering chain.
///
/// **Curve.** Points `(frequencyHz, gainDB)`, interpolated linearly in dB on a log-frequency
/// axis and held flat below the first and above the last point (see ``gainDB(at:)``).
///
/// **Design** (at ``prepare(sampleRate:maximumBlockSize:channelCount:)``). The curve is
/// sampled on a grid of `16 384·k` bins (`k = 1` at 44.1/48 kHz), turned into a zero-phase
/// impulse by FFTW's inverse real FFT, shifted circularly by `(N − 1)/2`, cut to `N` taps and
/// tapered by a Blackman window. `N` is odd: `4096·k − 1` with `k = max(1, round(fs/48 000))`
/// (4 095 taps at 44.1/48 kHz, 8 191 at 88.2/96 kHz) unless given. The taps are symmetric,
/// so the phase is linear and every frequency is delayed by ``groupDelaySamples``. The
/// window smooths the curve over about `6·fs/N` Hz (65 Hz at 44.1 kHz).
///
/// **Convolution** (uniformly partitioned overlap-save with a direct-form head, so no block
/// delay is added). The first ``partitionFrames`` (128) taps run directly, sample by sample;
/// the rest are cut into partitions of 128 taps, each convolved in the frequency domain
/// (FFTW, 256 points) with the spectra of past 128-frame input blocks kept in a delay line.
/// Partition `j ≥ 1` only needs input at least 128 frames old, so its output for the next
/// block is ready when the current block completes. Block boundaries are fixed in the stream,
/// so any split of the input gives bit-identical output, and ``latencySamples`` is exactly
/// ``groupDelaySamples``, `(N − 1)/2`.
public final class LinearPhaseFIR: AudioProcessor {
  /// The target curve, sorted by frequency.
  public let curve: [(frequencyHz: Double, gainDB: Double)]
  /// The tap count asked for at construction; `nil` chooses it from the sample rate.
  public let requestedTapCount: Int?
  /// The designed taps (`N` of them, symmetric); empty until prepared.
  public private(set) var taps: [Double] = []
  /// The length of one partition (and of the direct-form head), in frames.
  public static let partitionFrames = 128

  private let forward = RealFFT(size: 2 * LinearPhaseFIR.partitionFrames)
  private let inverse = InverseRealFFT(size: 2 * LinearPhaseFIR.partitionFrames)
  /// The head taps `h[0 ..< 128]` reversed, for a forward dot product.
  private var reversedHead: [Float] = []
  /// Spectra of the tail partitions, interleaved pairs, 1/256 scaling included.
  private var partitionSpectra: [[Float]] = []
  /// Per channel: the previous input block then the current one (`2·128` frames).
  private var inputLines: [[Float]] = []
  /// Per channel: spectra of the last input-line transforms, newest at `spectrumPosition`.
  private var inputSpectra: [[[Float]]] = []
  private var spectrumPosition = 0
  /// Per channel: the tail partitions' output for the current block.
  private var tailOutputs: [[Float]] = []
  private var position = 0
  private var channelCount = 0

  /// A filter for `curve` (at least one point, positive frequencies); `tapCount`, if given,
  /// must be odd.
  public init(curve: [(frequencyHz: Double, gainDB: Double)], tapCount: Int? = nil) {
    precondition(!curve.isEmpty, "A curve needs at least one point.")
    precondition(curve.allSatisfy { $0.frequencyHz > 0 && $0.gainDB.isFinite },
                 "Curve points need a positive frequency and a finite gain.")
    precondition(tapCount.map { $0 >= 3 && $0 % 2 == 1 } ?? true, "The tap count must be odd.")
    self.curve = curve.sorted { $0.frequencyHz < $1.frequencyHz }
    requestedTapCount = tapCount
  }

  /// The default tap count at `sampleRate`: `4096·max(1, round(fs/48 000)) − 1`.
  public static func defaultTapCount(sampleRate: Double) -> Int {
    4096 * max(1, Int((sampleRate / 48_000).rounded())) - 1
  }

  /// The number of taps `N`; 0 until prepared.
  public var tapCount: Int { taps.count }
  /// The delay of the filter itself, `(N − 1)/2` frames.
  public var groupDelaySamples: Int { max(tapCount - 1, 0) / 2 }
  /// Frames by which the output lags the input: ``groupDelaySamples``.
  public var latencySamples: Int { groupDelaySamples }

  public var description: String {
    let points = curve.map { String(format: "%.1f Hz: %+.2f dB", $0.frequencyHz, $0.gainDB) }
    return "LinearPhaseFIR(taps: \(tapCount), window: Blackman, latency: \(latencySamples) frames, "
      + "curve: [\(points.joined(separator: ", "))])"
  }

  /// The curve's gain at `frequencyHz`, in dB: linear in dB against log frequency between
  /// points, flat outside them.
  public func gainDB(at frequencyHz: Double) -> Double {
    guard let upper = curve.firstIndex(where: { $0.frequencyHz >= frequencyHz }) else {
      return curve[curve.count - 1].gainDB
    }
    guard upper > 0, frequencyHz > 0 else { return curve[upper].gainDB }
    let low = curve[upper - 1], high = curve[upper]
    let position = log(frequencyHz / low.frequencyHz) / log(high.frequencyHz / low.frequencyHz)
    return low.gainDB + position * (high.gainDB - low.gainDB)
  }

  public func prepare(sampleRate: Double, maximumBlockSize: Int, channelCount: Int) {
    precondition(sampleRate > 0 && channelCount > 0)
    let tapCount = requestedTapCount ?? Self.defaultTapCount(sampleRate: sampleRate)
    taps = designTaps(tapCount: tapCount, sampleRate: sampleRate)
    let size = Self.partitionFrames
    reversedHead = (0..<size).map { $0 < tapCount ? Float(taps[size - 1 - $0]) : 0 }
    let partitionCount = (tapCount + size - 1) / size - 1
    let scale = 1 / Float(2 * size)
    partitionSpectra = (1...max(partitionCount, 1)).map { partition in
      forward.transform { input in
        for i in 0..<(2 * size) {
          let tap = partition * size + i
          input[i] = i < size && tap < tapCount ? Float(taps[tap]) : 0
        }
      }
      return forward.withSpectrum { pairs in pairs.map { $0 * scale } }
    }
    self.channelCount = channelCount
    reset()
  }

  public func reset() {
    let size = Self.partitionFrames
    inputLines = Array(repeating: [Float](repeating: 0, count: 2 * size), count: channelCount)
    inputSpectra = Array(
      repeating: Array(
        repeating: [Float](repeating: 0, count: 2 * (size + 1)), count: partitionSpectra.count),
      count: channelCount)
    tailOutputs = Array(repeating: [Float](repeating: 0, count: size), count: channelCount)
    spectrumPosition = 0
    position = 0
  }

  public func process(_ buffer: inout AudioBuffer) {
    precondition(!taps.isEmpty, "Call prepare(sampleRate:maximumBlockSize:channelCount:) first.")
    precondition(buffer.channelCount == channelCount, "Expected \(channelCount) channels.")
    let size = Self.partitionFrames
    var done = 0
    let frameCount = buffer.frameCount
    while done < frameCount {
      let count = min(size - position, frameCount - done)
      for channel in 0..<channelCount {
        runHead(channel: channel, samples: &buffer.channels[channel], from: done, count: count)
      }
      position += count
      done += count
      if position == size {
        spectrumPosition = (spectrumPosition + 1) % partitionSpectra.count
        for channel in 0..<channelCount { advanceBlock(channel: channel) }
        position = 0
      }
    }
  }

  /// Stores `count` samples in the channel's input line and replaces each by the head taps'
  /// output plus the tail partitions' output for that frame.
  private func runHead(channel: Int, samples: inout [Float], from start: Int, count: Int) {
    let size = Self.partitionFrames, position = self.position
    samples.withUnsafeMutableBufferPointer { samples in
      inputLines[channel].withUnsafeMutableBufferPointer { line in
        reversedHead.withUnsafeBufferPointer { head in
          tailOutputs[channel].withUnsafeBufferPointer { tail in
            for i in 0..<count {
              let frame = position + i
              line[size + frame] = samples[start + i]
              // Σ h[m]·x[n − m], m < 128, as a forward product over line[frame + 1 ... frame + 128].
              var sum: Float = 0
              let window = line.baseAddress! + frame + 1
              for k in 0..<size { sum += head[k] * window[k] }
              samples[start + i] = sum + tail[frame]
            }
          }
        }
      }
    }
  }

  /// At a block boundary: transforms the input line (previous and current block) into the
  /// spectrum delay line, sums every tail partition times its input spectrum, and keeps the
  /// last half of the inverse transform as the next block's tail output (overlap-save).
  private func advanceBlock(channel: Int) {
    let size = Self.partitionFrames
    let binCount = forward.binCount
    let partitionCount = partitionSpectra.count
    let newest = spectrumPosition
    inputLines[channel].withUnsafeMutableBufferPointer { line in
      forward.transform { input in
        for i in 0..<(2 * size) { input[i] = line[i] }
      }
      line.baseAddress!.update(from: line.baseAddress! + size, count: size)
    }
    forward.withSpectrum { spectrum in
      inputSpectra[channel][newest].withUnsafeMutableBufferPointer { stored in
        for i in 0..<(2 * binCount) { stored[i] = spectrum[i] }
      }
    }
    inverse.transform { sum in
      for i in 0..<(2 * binCount) { sum[i] = 0 }
      for partition in 0..<partitionCount {
        // Partition j + 1 meets the input spectrum j blocks older than the newest.
        let age = (newest - partition + partitionCount) % partitionCount
        partitionSpectra[partition].withUnsafeBufferPointer { filter in
          inputSpectra[channel][age].withUnsafeBufferPointer { input in
            for k in 0..<binCount {
              let (a, b) = (input[2 * k], input[2 * k + 1])
              let (c, d) = (filter[2 * k], filter[2 * k + 1])
              sum[2 * k] += a * c - b * d
              sum[2 * k + 1] += a * d + b * c
            }
          }
        }
      }
    }
    inverse.withSamples { result in
      tailOutputs[channel].withUnsafeMutableBufferPointer { tail in
        for i in 0..<size { tail[i] = result[size + i] }
      }
    }
  }

  /// Samples the curve, inverse-transforms it to a zero-phase impulse, centres it and windows it.
  private func designTaps(tapCount: Int, sampleRate: Double) -> [Double] {
    var gridSize = 1
    while gridSize < 4 * (tapCount + 1) { gridSize *= 2 }
    let transform = InverseRealFFT(size: gridSize)
    let binWidthHz = sampleRate / Double(gridSize)
    transform.transform { spectrum in
      for k in 0..<transform.binCount {
        let frequencyHz = max(Double(k), 0.5) * binWidthHz
        spectrum[2 * k] = Float(Decibels.toAmplitude(gainDB(at: frequencyHz)) / Double(gridSize))
        spectrum[2 * k + 1] = 0
      }
    }
    let center = (tapCount - 1) / 2
    let span = Double(tapCount - 1)
    return transform.withSamples { impulse in
      (0..<tapCount).map { n in
        let phase = 2 * Double.pi * Double(n) / span
        let window = 0.42 - 0.5 * cos(phase) + 0.08 * cos(2 * phase)
        return Double(impulse[(n - center + gridSize) % gridSize]) * window
      }
    }
  }
}
