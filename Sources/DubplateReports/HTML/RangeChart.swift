import DubplateProfiles

/// Horizontal rows, one per measure, each showing the track's value as a bar from zero and,
/// where a profile gives one, the p10–p90 and p25–p75 ranges behind it with a tick at the
/// median: PLR, PSR and crest factor against a genre's range.
struct RangeChart {
  /// One measure: its name, the track's value, and the range it is judged against.
  struct Row {
    var name: String
    var value: Double?
    var range: Distribution?
  }

  /// The figure's identity and text alternative.
  var figure: ChartFigure
  var valueAxis: ChartAxis
  var rows: [Row]
  var valueDomain: ClosedRange<Double>

  private let margins = (left: 150.0, right: 30.0, top: 10.0, bottom: 46.0)

  /// The figure height that fits `rowCount` rows.
  static func height(rowCount: Int) -> Double { 56 + 34 * Double(rowCount) }

  /// The chart as a `<figure>`.
  func html() -> String {
    let c = HTMLText.coordinate
    let width = figure.width, height = figure.height
    let x = ChartScale(domain: valueDomain, start: margins.left, end: width - margins.right)
    let bottom = height - margins.bottom
    let rowHeight = (bottom - margins.top) / Double(max(rows.count, 1))
    var svg = ChartFrame.verticalGrid(x, top: margins.top, bottom: bottom) {
      HTMLText.number($0, decimals: LineChart.decimals(x.ticks))
    }
    for (index, row) in rows.enumerated() {
      let centre = margins.top + rowHeight * (Double(index) + 0.5)
      if let range = row.range {
        svg += rect(x.position(range.p10), x.position(range.p90), centre - 11, centre + 11, classes: "area outer")
        svg += rect(x.position(range.p25), x.position(range.p75), centre - 11, centre + 11, classes: "area inner")
        let median = x.position(range.median)
        svg += "<path class=\"marker\" d=\"M\(c(median)) \(c(centre - 13)) L\(c(median)) \(c(centre + 13))\"/>"
      }
      if let value = row.value {
        svg += rect(x.position(0), x.position(value), centre - 4, centre + 4, classes: "bar s2")
        svg += "<text x=\"\(c(max(x.position(0), x.position(value)) + 5))\" y=\"\(c(centre - 7))\">\(HTMLText.escape(HTMLText.number(value)))</text>"
      } else {
        svg += "<text x=\"\(c(x.position(0) + 5))\" y=\"\(c(centre + 4))\">n/a</text>"
      }
      svg += "<text x=\"\(c(margins.left - 8))\" y=\"\(c(centre + 4))\" text-anchor=\"end\">\(HTMLText.escape(row.name))</text>"
    }
    svg += ChartFrame.axes(
      left: margins.left, right: width - margins.right, bottom: bottom, top: margins.top, height: height,
      xTitle: valueAxis.label, yTitle: nil)
    return figure.html(content: svg)
  }

  /// Path data of a rectangle between two x and two y coordinates, in either order.
  private func rect(_ x1: Double, _ x2: Double, _ y1: Double, _ y2: Double, classes: String) -> String {
    let c = HTMLText.coordinate
    return "<path class=\"\(classes)\" d=\"M\(c(min(x1, x2))) \(c(y1)) L\(c(max(x1, x2))) \(c(y1)) L\(c(max(x1, x2))) \(c(y2)) L\(c(min(x1, x2))) \(c(y2)) Z\"/>"
  }
}
