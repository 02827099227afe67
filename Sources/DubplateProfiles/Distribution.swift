/// How one feature is spread over the tracks a profile was built from: its percentiles.
///
/// Percentiles use linear interpolation between order statistics (the "type 7" rule of
/// R and NumPy's default), so a profile built from few tracks still has a smooth range.
public struct Distribution: Sendable, Equatable, Codable {
  public var p10: Double
  public var p25: Double
  public var median: Double
  public var p75: Double
  public var p90: Double

  public init(p10: Double, p25: Double, median: Double, p75: Double, p90: Double) {
    (self.p10, self.p25, self.median, self.p75, self.p90) = (p10, p25, median, p75, p90)
  }

  /// The distribution of `values`; `nil` when there are none. Non-finite values are ignored.
  public init?(values: [Double]) {
    let sorted = values.filter(\.isFinite).sorted()
    guard !sorted.isEmpty else { return nil }
    self.init(
      p10: Self.percentile(sorted, 0.10), p25: Self.percentile(sorted, 0.25),
      median: Self.percentile(sorted, 0.50), p75: Self.percentile(sorted, 0.75),
      p90: Self.percentile(sorted, 0.90))
  }

  /// A distribution stated by convention: a central value with a typical range either side.
  /// The inter-quartile range is half the 10–90 % range, as for a normal distribution (≈ 0.53).
  public static func convention(median: Double, halfRange: Double) -> Distribution {
    Distribution(
      p10: median - halfRange, p25: median - halfRange / 2, median: median,
      p75: median + halfRange / 2, p90: median + halfRange)
  }

  /// The q-th quantile (0…1) of ascending `sorted` values, interpolating linearly.
  public static func percentile(_ sorted: [Double], _ q: Double) -> Double {
    precondition(!sorted.isEmpty)
    let position = q * Double(sorted.count - 1)
    let lower = Int(position.rounded(.down))
    let upper = min(lower + 1, sorted.count - 1)
    let fraction = position - Double(lower)
    return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
  }

  /// Inter-quartile range, p75 − p25.
  public var interquartileRange: Double { p75 - p25 }

  /// The same distribution moved by `offset`.
  public func shifted(by offset: Double) -> Distribution {
    Distribution(p10: p10 + offset, p25: p25 + offset, median: median + offset, p75: p75 + offset, p90: p90 + offset)
  }
}
