import Foundation

/// Maps data values along one chart axis to SVG coordinates, linearly or logarithmically,
/// and chooses the tick values to label.
struct ChartScale {
  /// How values are spaced along the axis.
  enum Spacing {
    /// Equal steps for equal differences (time, dB).
    case linear
    /// Equal steps for equal ratios (frequency).
    case logarithmic
  }

  /// The data values at the two ends of the axis.
  var domain: ClosedRange<Double>
  /// The SVG coordinates of `domain.lowerBound` and `domain.upperBound` (may run backwards, as y does).
  var start: Double
  var end: Double
  var spacing: Spacing = .linear

  /// The SVG coordinate of `value`, clamped to the axis.
  func position(_ value: Double) -> Double {
    let clamped = min(max(value, domain.lowerBound), domain.upperBound)
    let fraction: Double
    switch spacing {
    case .linear:
      let span = domain.upperBound - domain.lowerBound
      fraction = span > 0 ? (clamped - domain.lowerBound) / span : 0.5
    case .logarithmic:
      let span = log10(domain.upperBound) - log10(domain.lowerBound)
      fraction = span > 0 ? (log10(clamped) - log10(domain.lowerBound)) / span : 0.5
    }
    return start + fraction * (end - start)
  }

  /// Values to label: 1–2–5 steps for about six linear ticks; 1, 2 and 5 per decade for a log axis.
  var ticks: [Double] {
    switch spacing {
    case .linear:
      let step = Self.niceStep(for: (domain.upperBound - domain.lowerBound) / 6)
      guard step > 0 else { return [domain.lowerBound] }
      var tick = (domain.lowerBound / step).rounded(.up) * step
      var result: [Double] = []
      while tick <= domain.upperBound + step * 1e-9 {
        result.append(abs(tick) < step * 1e-9 ? 0 : tick)
        tick += step
      }
      return result
    case .logarithmic:
      var result: [Double] = []
      var decade = pow(10, log10(domain.lowerBound).rounded(.down))
      while decade <= domain.upperBound {
        for multiple in [1.0, 2, 5] where (domain.lowerBound...domain.upperBound).contains(decade * multiple) {
          result.append(decade * multiple)
        }
        decade *= 10
      }
      return result
    }
  }

  /// The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above `rough`.
  static func niceStep(for rough: Double) -> Double {
    guard rough > 0, rough.isFinite else { return 0 }
    let magnitude = pow(10, log10(rough).rounded(.down))
    for multiple in [1.0, 2, 2.5, 5, 10] where multiple * magnitude >= rough { return multiple * magnitude }
    return 10 * magnitude
  }

  /// A domain around `values` widened by `padding` on each side, always including `including`;
  /// `fallback` when there are no values.
  static func domain(
    around values: [Double], including: [Double] = [], padding: Double, fallback: ClosedRange<Double>
  ) -> ClosedRange<Double> {
    let all = (values + including).filter(\.isFinite)
    guard let low = all.min(), let high = all.max() else { return fallback }
    return (low - padding)...(high + padding)
  }
}
