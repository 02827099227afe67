/// How much of each FFT bin's power belongs to one frequency band.
///
/// Bin `k` stands for the interval `[(k − ½)·Δf, (k + ½)·Δf]`, clipped to `[0, Nyquist]`;
/// its weight is the fraction of that interval lying inside the band. Splitting bins this
/// way keeps narrow low bands (a few bins wide) from being quantised to whole bins, and
/// makes adjacent bands' powers add up exactly.
struct BandWeights: Sendable {
  /// The first bin with a non-zero weight.
  let firstBin: Int
  /// The weights of bins `firstBin, firstBin + 1, …`.
  let fractions: [Double]

  init(band: FrequencyBand, binWidthHz: Double, binCount: Int) {
    let nyquistHz = binWidthHz * Double(binCount - 1)
    let low = max(band.lowerHz, 0)
    let high = min(band.upperHz, nyquistHz)
    guard high > low else {
      (firstBin, fractions) = (0, [])
      return
    }
    let first = max(Int((low / binWidthHz + 0.5).rounded(.down)), 0)
    let last = min(Int((high / binWidthHz + 0.5).rounded(.down)), binCount - 1)
    firstBin = first
    fractions = (first...last).map { bin in
      let binLow = max((Double(bin) - 0.5) * binWidthHz, 0)
      let binHigh = min((Double(bin) + 0.5) * binWidthHz, nyquistHz)
      let overlap = min(binHigh, high) - max(binLow, low)
      return binHigh > binLow ? max(overlap, 0) / (binHigh - binLow) : 0
    }
  }

  /// The band's share of a one-sided power spectrum.
  func power(of spectrum: [Double]) -> Double {
    var sum = 0.0
    for (offset, fraction) in fractions.enumerated() { sum += fraction * spectrum[firstBin + offset] }
    return sum
  }
}
