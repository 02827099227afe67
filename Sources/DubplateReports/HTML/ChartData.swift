/// A curve: one y per x; `nil` y values break the line (silence, undefined loudness).
struct ChartSeries {
  /// The legend entry, e.g. "Short-term (3 s)".
  var name: String
  /// The points in x order.
  var points: [(x: Double, y: Double?)]
  /// The colour slot, 1…6 (CSS classes `s1`…`s6`).
  var colour: Int
  /// Dashed for a secondary curve (the "before" of a master, a reference).
  var dashed = false
  /// Thinner for background curves (each of several references).
  var thin = false

  /// The finite y values, for summaries and axis ranges.
  var values: [Double] { points.compactMap(\.y).filter(\.isFinite) }
}

/// A filled range between two curves: a profile's p10–p90 or p25–p75 per frequency.
struct ChartBand {
  /// The legend entry, e.g. "techno p10–p90".
  var name: String
  /// The points in x order.
  var points: [(x: Double, low: Double, high: Double)]
  /// `true` for the inner (p25–p75) band, drawn darker.
  var inner: Bool
}

/// A horizontal reference line across the chart: a target, an integrated loudness, a platform level.
struct ChartRule {
  /// The label drawn at the right end of the line.
  var label: String
  /// The y value.
  var value: Double
  /// The colour slot, 1…6.
  var colour: Int
  /// The legend entry when it says more than the label (e.g. which platforms share a level).
  var legend: String? = nil
}

/// One axis's title and unit, e.g. "Time" in "s".
struct ChartAxis {
  var title: String
  var unit: String
  var spacing: ChartScale.Spacing = .linear

  /// "Time (s)": the title with its unit, as drawn beside the axis.
  var label: String { unit.isEmpty ? title : "\(title) (\(unit))" }
}
