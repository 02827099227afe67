import Foundation

/// A linear-phase FIR equaliser designed from a target magnitude curve, run by overlap-save FFT
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
/// **Convolution** (overlap-save with one large FFT). The input is cut into blocks of
/// ``hopFrames`` frames at fixed places in the stream. When a block is complete, the last
/// `N − 1` frames before it and the block itself (``fftSize`` frames, a power of two of at
/// least `4·N`) are transformed by FFTW, multiplied by the taps' spectrum and transformed
/// back; the last ``hopFrames`` values are the block's output (the first `N − 1` are
/// circular wrap-around and are dropped). That output is played while the next block comes
/// in, so it lags by one block. `4·N` gave the least FFT work per frame of the sizes
/// `2·N … 32·N` (FFTW, `FFTW_ESTIMATE`): at 4 095 taps, 16 384-point FFTs of 12 290 new
/// frames each, about 0.1 s of CPU for 4 minutes of stereo at 44.1 kHz. The block delay
/// (0.28 s there) suits offline rendering, not live monitoring. Block boundaries are fixed in
/// the stream, so any split of the input gives bit-identical output, and ``latencySamples``
/// is exactly ``hopFrames`` + ``groupDelaySamples`` (14 337 frames at 4 095 taps).
public final class LinearPhaseFIR: AudioProcessor {
  /// The target curve, sorted by frequency.
  public let curve: [(frequencyHz: Double, gainDB: Double)]
  /// The tap count asked for at construction; `nil` chooses it from the sample rate.
  public let requestedTapCount: Int?
  /// The designed taps (`N` of them, symmetric); empty until prepared.
  public private(set) var taps: [Double] = []
  /// The length of the convolution FFT: the smallest power of two of at least `4·N`; 0 until
  /// prepared.
  public private(set) var fftSize = 0
  /// The frames of new input per FFT, `fftSize − (N − 1)`: the block delay; 0 until prepared.
  public var hopFrames: Int { fftSize > 0 ? fftSize - (tapCount - 1) : 0 }

  private var forward: RealFFT?
  private var inverse: InverseRealFFT?
  /// The taps' spectrum at `fftSize` points, interleaved pairs, `1/fftSize` scaling included.
  private var tapSpectrum: [Float] = []
  /// Per channel: the `N − 1` frames before the current block, then the block (`fftSize`).
  private var inputBlocks: [[Float]] = []
  /// Per channel: the previous block's output, played while the current block fills.
  private var outputBlocks: [[Float]] = []
  /// Frames of the current block received so far.
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
  /// Frames by which the output lags the input: ``hopFrames`` + ``groupDelaySamples``.
  public var latencySamples: Int { hopFrames + groupDelaySamples }

  public var description: String {
    let points = curve.map { String(format: "%.1f Hz: %+.2f dB", $0.frequencyHz, $0.gainDB) }
    return "LinearPhaseFIR(taps: \(tapCount), window: Blackman, FFT: \(fftSize) points, "
      + "latency: \(latencySamples) frames, "
      + "curve: [\(points.joined(separator: ", "))])"
  }

  /// The curve's gain at `frequencyHz`, in dB: linear in dB against log frequency between
  /// points, flat outside them.
  public func gainDB(at frequencyHz: Double) -> Double {
    gainDB(at: frequencyHz, upper: curve.firstIndex { $0.frequencyHz >= frequencyHz } ?? curve.count)
  }

  /// ``gainDB(at:)`` given `upper`, the first curve point at or above `frequencyHz` (the
  /// point count when there is none), so ascending frequencies can walk the curve once.
  private func gainDB(at frequencyHz: Double, upper: Int) -> Double {
    guard upper < curve.count else { return curve[curve.count - 1].gainDB }
    guard upper > 0, frequencyHz > 0 else { return curve[upper].gainDB }
    let low = curve[upper - 1], high = curve[upper]
    let position = log(frequencyHz / low.frequencyHz) / log(high.frequencyHz / low.frequencyHz)
    return low.gainDB + position * (high.gainDB - low.gainDB)
  }

  /// The power gain `|H(f)|²` of the taps this filter designs at `sampleRate`, at the
  /// frequencies `k · binWidthHz` for `k` in `0..<binCount`: the response as realised (the
  /// window's smoothing included), for fitting a curve to a measured spectrum.
  /// `sampleRate / binWidthHz` must be a power of two (an analyzer's FFT length).
  public func powerResponse(sampleRate: Double, binWidthHz: Double, binCount: Int) -> [Double] {
    let tapCount = requestedTapCount ?? Self.defaultTapCount(sampleRate: sampleRate)
    let taps = designTaps(tapCount: tapCount, sampleRate: sampleRate)
    let gridSize = Int((sampleRate / binWidthHz).rounded())
    precondition(gridSize > 1 && gridSize & (gridSize - 1) == 0, "The bins must split the sample rate into a power of two.")
    var size = gridSize
    while size < tapCount { size *= 2 }
    let step = size / gridSize
    let transform = RealFFT(size: size)
    transform.transform { input in
      for i in 0..<size { input[i] = i < tapCount ? Float(taps[i]) : 0 }
    }
    return transform.withSpectrum { pairs in
      (0..<binCount).map { k in
        let index = min(k * step, size / 2)
        return Double(pairs[2 * index]) * Double(pairs[2 * index]) + Double(pairs[2 * index + 1]) * Double(pairs[2 * index + 1])
      }
    }
  }

  public func prepare(sampleRate: Double, maximumBlockSize: Int, channelCount: Int) {
    precondition(sampleRate > 0 && channelCount > 0)
    let tapCount = requestedTapCount ?? Self.defaultTapCount(sampleRate: sampleRate)
    let taps = designTaps(tapCount: tapCount, sampleRate: sampleRate)
    self.taps = taps
    var size = 2
    while size < 4 * tapCount { size *= 2 }
    let forward = RealFFT(size: size)
    self.forward = forward
    inverse = InverseRealFFT(size: size)
    fftSize = size
    forward.transform { input in
      for i in 0..<size { input[i] = i < tapCount ? Float(taps[i]) : 0 }
    }
    let scale = 1 / Float(size)
    tapSpectrum = forward.withSpectrum { pairs in pairs.map { $0 * scale } }
    self.channelCount = channelCount
    reset()
  }

  public func reset() {
    inputBlocks = Array(repeating: [Float](repeating: 0, count: fftSize), count: channelCount)
    outputBlocks = Array(repeating: [Float](repeating: 0, count: hopFrames), count: channelCount)
    position = 0
  }

  public func process(_ buffer: inout AudioBuffer) {
    precondition(!taps.isEmpty, "Call prepare(sampleRate:maximumBlockSize:channelCount:) first.")
    precondition(buffer.channelCount == channelCount, "Expected \(channelCount) channels.")
    let hop = hopFrames, history = tapCount - 1
    var done = 0
    let frameCount = buffer.frameCount
    while done < frameCount {
      let count = min(hop - position, frameCount - done)
      for channel in 0..<channelCount {
        // Each new frame goes into the block; the previous block's output takes its place.
        buffer.channels[channel].withUnsafeMutableBufferPointer { samples in
          inputBlocks[channel].withUnsafeMutableBufferPointer { input in
            outputBlocks[channel].withUnsafeBufferPointer { output in
              (input.baseAddress! + history + position)
                .update(from: samples.baseAddress! + done, count: count)
              (samples.baseAddress! + done).update(from: output.baseAddress! + position, count: count)
            }
          }
        }
      }
      position += count
      done += count
      if position == hop {
        for channel in 0..<channelCount { convolveBlock(channel: channel) }
        position = 0
      }
    }
  }

  /// At a block boundary: convolves the channel's input block with the taps in the frequency
  /// domain, keeps the valid last ``hopFrames`` values as the next output block, and moves the
  /// block's last `N − 1` frames to the front as the next block's history.
  private func convolveBlock(channel: Int) {
    guard let forward, let inverse else { return }
    let size = fftSize, hop = hopFrames, history = tapCount - 1, binCount = forward.binCount
    inputBlocks[channel].withUnsafeMutableBufferPointer { input in
      forward.transform { destination in
        destination.baseAddress!.update(from: input.baseAddress!, count: size)
      }
      input.baseAddress!.update(from: input.baseAddress! + hop, count: history)
    }
    inverse.transform { product in
      forward.withSpectrum { spectrum in
        tapSpectrum.withUnsafeBufferPointer { filter in
          for k in 0..<binCount {
            let (a, b) = (spectrum[2 * k], spectrum[2 * k + 1])
            let (c, d) = (filter[2 * k], filter[2 * k + 1])
            product[2 * k] = a * c - b * d
            product[2 * k + 1] = a * d + b * c
          }
        }
      }
    }
    inverse.withSamples { result in
      outputBlocks[channel].withUnsafeMutableBufferPointer { output in
        output.baseAddress!.update(from: result.baseAddress! + history, count: hop)
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
      var upper = 0
      for k in 0..<transform.binCount {
        let frequencyHz = max(Double(k), 0.5) * binWidthHz
        while upper < curve.count && curve[upper].frequencyHz < frequencyHz { upper += 1 }
        spectrum[2 * k] = Float(Decibels.toAmplitude(gainDB(at: frequencyHz, upper: upper)) / Double(gridSize))
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
