import DubplateDSP

/// The averaged per-bin power spectra a matching EQ is designed from (not part of the JSON
/// contract): mid `(L+R)/2` and side `(L−R)/2` for stereo, the channel average for mono.
public struct LongTermSpectra: Sendable, Equatable {
  /// Spacing of the bins, Hz; bin `k` is centred on `k · binWidthHz`.
  public var binWidthHz: Double
  /// Power per bin of the mid signal (or of the mono signal), DC … Nyquist.
  public var mid: [Double]
  /// Power per bin of the side signal; `nil` for mono.
  public var side: [Double]?

  public init(binWidthHz: Double, mid: [Double], side: [Double]?) {
    self.binWidthHz = binWidthHz
    self.mid = mid
    self.side = side
  }
}

extension LongTermSpectra {
  /// The spectra of everything `analyzer` was fed.
  public init(of analyzer: SpectrumAnalyzer) {
    if let (mid, side) = analyzer.averageMidSidePowerSpectra() {
      self.init(binWidthHz: analyzer.binWidthHz, mid: mid, side: side)
    } else {
      self.init(binWidthHz: analyzer.binWidthHz, mid: analyzer.averagePowerSpectrum(), side: nil)
    }
  }
}

extension TrackAnalyzer {
  /// The long-term mid/side spectra of everything fed so far.
  public func longTermSpectra() -> LongTermSpectra { LongTermSpectra(of: spectrumAnalyzer) }
}
