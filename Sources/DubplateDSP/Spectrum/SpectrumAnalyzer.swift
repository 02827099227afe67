/// Long-term average spectrum of a whole track, read out in 1/3-octave and named bands.
///
/// Welch's method: a periodic Hann window of ``fftSize`` samples, hop `fftSize/2` (50 %
/// overlap), the power of every frame averaged over all frames and over all channels
/// (Double accumulators). Feed blocks of any length with ``process(_:)``; results depend
/// only on the samples, not on how they were split. Only the last `fftSize − hop` samples
/// per channel are kept between blocks, so memory does not grow with track length.
///
/// **Level convention.** The averaged spectrum is scaled so that its bins from DC to
/// Nyquist sum to the signal's mean square (full-scale square wave = 1 = 0 dB). A band's
/// level is `10·log10` of the power in the band; each bin's power goes to a band in
/// proportion to the part of the bin's width the band covers. So a sine of peak −20 dBFS
/// reads −23.01 dB in its band, and the named bands of white noise with RMS `r` sum to
/// `r²` times the fraction of 0…Nyquist they cover. Bands narrower than the Hann main
/// lobe (4 bins, `4·sampleRate/fftSize` Hz) blur into their neighbours: at 44.1 kHz and
/// 8192 points, that is the bands below about 100 Hz. Levels are `-.infinity` until a
/// full frame has been seen.
public final class SpectrumAnalyzer {
  /// The sample rate of the analysed audio, in Hz.
  public let sampleRate: Double
  /// The number of channels every block must have.
  public let channelCount: Int
  /// The window and FFT length, in samples.
  public let fftSize: Int
  /// The number of FFT frames averaged so far (per channel).
  public private(set) var frameCountAnalyzed = 0

  private let hopSize: Int
  private let window: Window
  private let transforms: [RealFFT]
  /// Per channel: the samples after the last frame start, `pendingCount` of them.
  private var pending: [[Float]]
  private var pendingCount = 0
  /// `Σ |X[k]|²` over frames and channels.
  private var powerSums: [Double]
  /// Stereo only: `Σ Re(X_L[k]·conj(X_R[k]))` over frames, for mid and side spectra.
  private var crossSums: [Double]
  private let thirdOctaves: [(band: FrequencyBand, weights: BandWeights)]
  private let namedBands: [(name: NamedBand, weights: BandWeights)]

  /// Prepares an analyzer for `channelCount` channels at `sampleRate` Hz with
  /// `fftSize`-point frames (even, at least 16).
  public init(sampleRate: Double, channelCount: Int, fftSize: Int = 8192) {
    precondition(sampleRate > 0, "The sample rate must be positive.")
    precondition(channelCount > 0, "The analyzer needs at least one channel.")
    precondition(fftSize >= 16 && fftSize.isMultiple(of: 2), "The FFT size must be even and at least 16.")
    self.sampleRate = sampleRate
    self.channelCount = channelCount
    self.fftSize = fftSize
    hopSize = fftSize / 2
    window = .hann(size: fftSize)
    transforms = (0..<channelCount).map { _ in RealFFT(size: fftSize) }
    pending = Array(repeating: [Float](repeating: 0, count: fftSize), count: channelCount)
    let binCount = fftSize / 2 + 1
    powerSums = [Double](repeating: 0, count: binCount)
    crossSums = [Double](repeating: 0, count: channelCount == 2 ? binCount : 0)
    let binWidthHz = sampleRate / Double(fftSize)
    thirdOctaves = FrequencyBands.thirdOctaves(sampleRate: sampleRate).map {
      ($0, BandWeights(band: $0, binWidthHz: binWidthHz, binCount: binCount))
    }
    namedBands = NamedBand.allCases.compactMap { name in
      name.band(sampleRate: sampleRate).map {
        (name, BandWeights(band: $0, binWidthHz: binWidthHz, binCount: binCount))
      }
    }
  }

  /// Adds a block of audio (any length, ``channelCount`` channels) to the average.
  public func process(_ buffer: AudioBuffer) {
    precondition(buffer.channelCount == channelCount, "Expected \(channelCount) channels.")
    let blockCount = buffer.frameCount
    let streamCount = pendingCount + blockCount
    var frameStart = 0
    while frameStart + fftSize <= streamCount {
      for channel in 0..<channelCount {
        loadWindowedFrame(channel: channel, from: buffer.channels[channel], at: frameStart)
      }
      accumulateFrame()
      frameStart += hopSize
    }
    for channel in 0..<channelCount {
      keepTail(channel: channel, of: buffer.channels[channel], from: frameStart)
    }
    pendingCount = streamCount - frameStart
  }

  /// The width of one FFT bin, `sampleRate / fftSize`, in Hz: bin `k` is centred on `k·binWidthHz`.
  public var binWidthHz: Double { sampleRate / Double(fftSize) }

  /// The averaged one-sided power per bin, DC … Nyquist (`fftSize/2 + 1` values), on the
  /// type's level convention (the bins sum to the mean square); all 0 before the first frame.
  /// For reference-matching EQ (``MatchingEQDesigner``).
  public func averagePowerSpectrum() -> [Double] { averagedSpectrum() }

  /// For stereo input only: the averaged one-sided power per bin of mid `(L+R)/2` and side
  /// `(L−R)/2`, same convention; `nil` unless the analyzer has exactly 2 channels.
  public func averageMidSidePowerSpectra() -> (mid: [Double], side: [Double])? {
    channelCount == 2 ? midAndSideSpectra() : nil
  }

  /// The total mean-square power of the spectrum (DC … Nyquist) in dB: the signal's
  /// mean square as the Welch average sees it.
  public func totalLevelDB() -> Double {
    Decibels.fromPower(averagedSpectrum().reduce(0, +))
  }

  /// 1/3-octave bands below Nyquist, in ascending order, with their levels (see the
  /// type's level convention).
  public func thirdOctaveBands() -> [BandLevel] {
    let spectrum = averagedSpectrum()
    return thirdOctaves.map { band, weights in
      BandLevel(
        centerHz: band.nominalCenterHz, lowerHz: band.lowerHz, upperHz: band.upperHz,
        levelDB: Decibels.fromPower(weights.power(of: spectrum)))
    }
  }

  /// Named-band levels, same convention; a band whose lower edge is at or above Nyquist
  /// is absent, and air stops at Nyquist.
  public func namedBandLevels() -> [NamedBand: Double] {
    let spectrum = averagedSpectrum()
    return Dictionary(uniqueKeysWithValues: namedBands.map { name, weights in
      (name, Decibels.fromPower(weights.power(of: spectrum)))
    })
  }

  /// Least-squares slope of the 1/3-octave band levels against `log2(frequency)` over the
  /// bands from 100 Hz to 10 kHz (nominal), at their exact centres, in dB per octave;
  /// `nil` if fewer than 3 of those bands have energy. Pink noise reads 0, white +3.01.
  public func spectralTilt() -> Double? {
    let points = zip(thirdOctaves, thirdOctaveBands())
      .filter { (100...10000).contains($0.0.band.nominalCenterHz) }
      .map { (frequencyHz: $0.0.band.centerHz, levelDB: $0.1.levelDB) }
    return SpectralTilt.slopeDBPerOctave(points)
  }

  /// For stereo input only: side-to-mid power ratio in dB per named band
  /// (M = (L+R)/2, S = (L−R)/2), for width-per-band plots; `nil` unless the analyzer has
  /// exactly 2 channels. `-.infinity` for a band that is mono, `+.infinity` for one
  /// whose channels cancel exactly; a band with no energy at all is absent.
  public func sideToMidRatioByNamedBand() -> [NamedBand: Double]? {
    guard channelCount == 2 else { return nil }
    let (mid, side) = midAndSideSpectra()
    var ratios = [NamedBand: Double]()
    for (name, weights) in namedBands {
      let midPower = weights.power(of: mid)
      let sidePower = weights.power(of: side)
      guard midPower > 0 || sidePower > 0 else { continue }
      ratios[name] = midPower > 0 ? Decibels.fromPower(sidePower / midPower) : .infinity
    }
    return ratios
  }

  /// For stereo input only: side-to-mid power ratio in dB over the named bands from low-mid
  /// up (250 Hz to 20 kHz): the width of the image where it lives, unaffected by how much
  /// mono low end the mix has. −∞ for mono, `nil` for non-stereo input or no energy there.
  public func sideToMidRatioAbove250Hz() -> Double? {
    guard channelCount == 2 else { return nil }
    let (mid, side) = midAndSideSpectra()
    var midPower = 0.0
    var sidePower = 0.0
    for (name, weights) in namedBands where name != .sub && name != .bass {
      midPower += weights.power(of: mid)
      sidePower += weights.power(of: side)
    }
    guard midPower > 0 || sidePower > 0 else { return nil }
    return midPower > 0 ? Decibels.fromPower(sidePower / midPower) : .infinity
  }
}

// MARK: - Framing and accumulation

extension SpectrumAnalyzer {
  /// Writes `window · stream[start ..< start + fftSize]` into the channel's FFT input,
  /// where the stream is the pending tail followed by `block`.
  private func loadWindowedFrame(channel: Int, from block: [Float], at start: Int) {
    let pendingCount = self.pendingCount
    let fftSize = self.fftSize
    pending[channel].withUnsafeBufferPointer { tail in
      block.withUnsafeBufferPointer { block in
        window.coefficients.withUnsafeBufferPointer { window in
          transforms[channel].transform { input in
            let fromTail = max(min(pendingCount - start, fftSize), 0)
            if fromTail > 0 {
              Self.multiply(window.baseAddress!, tail.baseAddress! + start, into: input.baseAddress!, count: fromTail)
            }
            if fromTail < fftSize {
              let blockStart = start - pendingCount + fromTail
              Self.multiply(
                window.baseAddress! + fromTail, block.baseAddress! + blockStart, into: input.baseAddress! + fromTail,
                count: fftSize - fromTail)
            }
          }
        }
      }
    }
  }

  /// `output[i] = window[i] · samples[i]` for `count` samples, eight lanes at a time (the
  /// same Float products a scalar loop makes).
  @inline(__always)
  private static func multiply(
    _ window: UnsafePointer<Float>, _ samples: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>,
    count: Int
  ) {
    var i = 0
    while i + 8 <= count {
      let w = UnsafeRawPointer(window + i).loadUnaligned(as: SIMD8<Float>.self)
      let x = UnsafeRawPointer(samples + i).loadUnaligned(as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(output + i).storeBytes(of: w * x, as: SIMD8<Float>.self)
      i += 8
    }
    while i < count {
      output[i] = window[i] * samples[i]
      i += 1
    }
  }

  /// Adds the power (and, for stereo, the cross power) of the current frame's spectra.
  private func accumulateFrame() {
    let binCount = fftSize / 2 + 1
    if channelCount == 2 {
      accumulateStereoFrame(binCount: binCount)
    } else {
      powerSums.withUnsafeMutableBufferPointer { sums in
        for transform in transforms {
          transform.withSpectrum { bins in
            let pairs = UnsafeRawPointer(bins.baseAddress!)
            let output = UnsafeMutableRawPointer(sums.baseAddress!)
            var k = 0
            while k + 4 <= binCount {
              let spectrum = pairs.loadUnaligned(fromByteOffset: 8 * k, as: SIMD8<Float>.self)
              let (re, im) = (spectrum.evenHalf, spectrum.oddHalf)
              let sum = output.loadUnaligned(fromByteOffset: 8 * k, as: SIMD4<Double>.self)
              output.storeBytes(of: sum + SIMD4<Double>(re * re + im * im), toByteOffset: 8 * k, as: SIMD4<Double>.self)
              k += 4
            }
            while k < binCount {
              let re = bins[2 * k], im = bins[2 * k + 1]
              sums[k] += Double(re * re + im * im)
              k += 1
            }
          }
        }
      }
    }
    frameCountAnalyzed += 1
  }

  /// Left and right power and their cross power in one pass over the bins, four bins at a
  /// time (the same Float products and Double sums as one bin at a time). For identical
  /// channels the cross term equals each power bit for bit, so the side spectrum is 0.
  private func accumulateStereoFrame(binCount: Int) {
    powerSums.withUnsafeMutableBufferPointer { powers in
      crossSums.withUnsafeMutableBufferPointer { crosses in
        transforms[0].withSpectrum { left in
          transforms[1].withSpectrum { right in
            let (leftPairs, rightPairs) = (UnsafeRawPointer(left.baseAddress!), UnsafeRawPointer(right.baseAddress!))
            let powerOutput = UnsafeMutableRawPointer(powers.baseAddress!)
            let crossOutput = UnsafeMutableRawPointer(crosses.baseAddress!)
            var k = 0
            while k + 4 <= binCount {
              let leftSpectrum = leftPairs.loadUnaligned(fromByteOffset: 8 * k, as: SIMD8<Float>.self)
              let rightSpectrum = rightPairs.loadUnaligned(fromByteOffset: 8 * k, as: SIMD8<Float>.self)
              let (leftRe, leftIm) = (leftSpectrum.evenHalf, leftSpectrum.oddHalf)
              let (rightRe, rightIm) = (rightSpectrum.evenHalf, rightSpectrum.oddHalf)
              let leftPower = SIMD4<Double>(leftRe * leftRe + leftIm * leftIm)
              let rightPower = SIMD4<Double>(rightRe * rightRe + rightIm * rightIm)
              let cross = SIMD4<Double>(leftRe * rightRe + leftIm * rightIm)
              let power = powerOutput.loadUnaligned(fromByteOffset: 8 * k, as: SIMD4<Double>.self)
              powerOutput.storeBytes(of: power + (leftPower + rightPower), toByteOffset: 8 * k, as: SIMD4<Double>.self)
              let crossSum = crossOutput.loadUnaligned(fromByteOffset: 8 * k, as: SIMD4<Double>.self)
              crossOutput.storeBytes(of: crossSum + cross, toByteOffset: 8 * k, as: SIMD4<Double>.self)
              k += 4
            }
            while k < binCount {
              let leftRe = left[2 * k], leftIm = left[2 * k + 1]
              let rightRe = right[2 * k], rightIm = right[2 * k + 1]
              let leftPower = leftRe * leftRe + leftIm * leftIm
              let rightPower = rightRe * rightRe + rightIm * rightIm
              powers[k] += Double(leftPower) + Double(rightPower)
              crosses[k] += Double(leftRe * rightRe + leftIm * rightIm)
              k += 1
            }
          }
        }
      }
    }
  }

  /// Keeps `stream[start...]` (pending tail, then `block`) as the channel's new tail.
  private func keepTail(channel: Int, of block: [Float], from start: Int) {
    let pendingCount = self.pendingCount
    pending[channel].withUnsafeMutableBufferPointer { tail in
      block.withUnsafeBufferPointer { block in
        // copyMemory is a memmove: the kept part of the tail may overlap its new place.
        let kept = max(pendingCount - start, 0)
        if kept > 0 {
          UnsafeMutableRawPointer(tail.baseAddress!).copyMemory(
            from: tail.baseAddress! + start, byteCount: kept * MemoryLayout<Float>.stride)
        }
        let firstRead = max(start - pendingCount, 0)
        if firstRead < block.count {
          UnsafeMutableRawPointer(tail.baseAddress! + kept).copyMemory(
            from: block.baseAddress! + firstRead, byteCount: (block.count - firstRead) * MemoryLayout<Float>.stride)
        }
      }
    }
  }

  /// One-sided power per bin, scaled so the bins sum to the mean square (see the type).
  private func averagedSpectrum() -> [Double] {
    scaledOneSided(powerSums, frameWeight: Double(channelCount))
  }

  /// One-sided mid and side power spectra from the left/right power and cross sums:
  /// `|M|² = (|L|² + |R|² + 2·Re(L·R̄))/4`, `|S|² = (|L|² + |R|² − 2·Re(L·R̄))/4`.
  private func midAndSideSpectra() -> (mid: [Double], side: [Double]) {
    let mid = zip(powerSums, crossSums).map { max(($0 + 2 * $1) / 4, 0) }
    let side = zip(powerSums, crossSums).map { max(($0 - 2 * $1) / 4, 0) }
    return (scaledOneSided(mid, frameWeight: 1), scaledOneSided(side, frameWeight: 1))
  }

  private func scaledOneSided(_ sums: [Double], frameWeight: Double) -> [Double] {
    guard frameCountAnalyzed > 0 else { return [Double](repeating: 0, count: sums.count) }
    let scale = window.periodogramScale / (Double(frameCountAnalyzed) * frameWeight)
    let lastBin = sums.count - 1
    return sums.enumerated().map { bin, sum in
      (bin == 0 || bin == lastBin ? 1 : 2) * scale * sum
    }
  }
}
