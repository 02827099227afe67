import Foundation

/// An x/y chart of curves, filled ranges and horizontal reference lines, with both axes
/// labelled with their units: loudness over time, the spectrum against a profile, the
/// correlation over time, the limiter's gain reduction.
struct LineChart {
  /// The figure's identity and text alternative.
  var figure: ChartFigure
  var xAxis: ChartAxis
  var yAxis: ChartAxis
  var xDomain: ClosedRange<Double>
  var yDomain: ClosedRange<Double>
  var series: [ChartSeries]
  var bands: [ChartBand] = []
  var rules: [ChartRule] = []
  /// How a tick value on the x axis is written (e.g. "1k" for 1000 Hz).
  var xTickText: (Double) -> String = { HTMLText.number($0, decimals: 0) }

  /// Left, right, top and bottom margins of the plot area, SVG units; the right one holds the rule labels.
  private let margins = (left: 62.0, right: 150.0, top: 12.0, bottom: 46.0)

  /// The chart as a `<figure>`.
  func html() -> String {
    var figure = self.figure
    figure.legend = bands.map { ($0.name, $0.inner ? "inner" : "outer") }
      + series.map { ($0.name, "s\($0.colour)") }
      + rules.map { ($0.legend ?? $0.label, "rule s\($0.colour)") }
    return figure.html(content: content(width: figure.width, height: figure.height))
  }

  private func content(width: Double, height: Double) -> String {
    let x = ChartScale(domain: xDomain, start: margins.left, end: width - margins.right, spacing: xAxis.spacing)
    let y = ChartScale(domain: yDomain, start: height - margins.bottom, end: margins.top, spacing: yAxis.spacing)
    var svg = axes(x: x, y: y, width: width, height: height)
    for band in bands {
      svg += "<path class=\"area \(band.inner ? "inner" : "outer")\" d=\"\(area(band, x: x, y: y))\"/>"
    }
    for line in series {
      let classes = ["line", "s\(line.colour)", line.dashed ? "dash" : "", line.thin ? "thin" : ""].filter { !$0.isEmpty }
      svg += "<path class=\"\(classes.joined(separator: " "))\" d=\"\(path(line.points, x: x, y: y))\"/>"
    }
    svg += ruleLines(x: x, y: y)
    return svg
  }

  /// Grid, axis lines, tick labels and axis titles.
  private func axes(x: ChartScale, y: ChartScale, width: Double, height: Double) -> String {
    ChartFrame.horizontalGrid(y, left: x.start, right: x.end) { HTMLText.number($0, decimals: Self.decimals(y.ticks)) }
      + ChartFrame.verticalGrid(x, top: y.end, bottom: y.start, label: xTickText)
      + ChartFrame.axes(left: x.start, right: x.end, bottom: y.start, top: y.end, height: height, xTitle: xAxis.label, yTitle: yAxis.label)
  }

  /// Path data for a curve; a `nil` value ends the current stretch and the next value starts a new one.
  private func path(_ points: [(x: Double, y: Double?)], x: ChartScale, y: ChartScale) -> String {
    var data: [String] = []
    var drawing = false
    for point in points {
      guard let value = point.y, value.isFinite else {
        drawing = false
        continue
      }
      data.append("\(drawing ? "L" : "M")\(HTMLText.coordinate(x.position(point.x))) \(HTMLText.coordinate(y.position(value)))")
      drawing = true
    }
    return data.joined(separator: " ")
  }

  /// Path data for a filled range: along the upper edge, back along the lower one.
  private func area(_ band: ChartBand, x: ChartScale, y: ChartScale) -> String {
    let upper = band.points.map { "\(HTMLText.coordinate(x.position($0.x))) \(HTMLText.coordinate(y.position($0.high)))" }
    let lower = band.points.reversed().map { "\(HTMLText.coordinate(x.position($0.x))) \(HTMLText.coordinate(y.position($0.low)))" }
    guard !upper.isEmpty else { return "" }
    return "M" + (upper + lower).joined(separator: " L") + " Z"
  }

  /// The reference lines, each labelled at the right; labels are pushed apart so they never overlap.
  private func ruleLines(x: ChartScale, y: ChartScale) -> String {
    let c = HTMLText.coordinate
    var svg = ""
    var labelPositions: [Double] = []
    for rule in rules.sorted(by: { $0.value > $1.value }) {
      let position = y.position(rule.value)
      svg += "<path class=\"rule s\(rule.colour)\" d=\"M\(c(x.start)) \(c(position)) L\(c(x.end)) \(c(position))\"/>"
      let labelY = max(position + 4, (labelPositions.last ?? -.infinity) + 13)
      labelPositions.append(labelY)
      svg += "<text x=\"\(c(x.end + 6))\" y=\"\(c(labelY))\">\(HTMLText.escape(rule.label))</text>"
    }
    return svg
  }

  /// Decimals that tell the tick values apart: the fewest (up to 3) that write the step exactly.
  static func decimals(_ ticks: [Double]) -> Int {
    guard ticks.count > 1 else { return 0 }
    let step = abs(ticks[1] - ticks[0])
    return (0...3).first { decimals in
      let scaled = step * pow(10, Double(decimals))
      return abs(scaled - scaled.rounded()) < 1e-6
    } ?? 3
  }
}
