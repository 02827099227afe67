/// Vertical bars, one per category, with the value axis labelled with its unit: the stereo
/// width per named band. Bars rise from the bottom of the value axis; a category without a
/// value shows "n/a" instead of a bar.
struct BarChart {
  /// The figure's identity and text alternative.
  var figure: ChartFigure
  var valueAxis: ChartAxis
  var categoryAxis: ChartAxis
  /// Each category's name and value.
  var bars: [(name: String, value: Double?)]
  var valueDomain: ClosedRange<Double>
  /// The colour slot of the bars, 1…6.
  var colour = 1

  private let margins = (left: 62.0, right: 20.0, top: 12.0, bottom: 46.0)

  /// The chart as a `<figure>`.
  func html() -> String {
    let c = HTMLText.coordinate
    let width = figure.width, height = figure.height
    let y = ChartScale(domain: valueDomain, start: height - margins.bottom, end: margins.top)
    let slot = (width - margins.left - margins.right) / Double(max(bars.count, 1))
    var svg = ChartFrame.horizontalGrid(y, left: margins.left, right: width - margins.right) {
      HTMLText.number($0, decimals: LineChart.decimals(y.ticks))
    }
    for (index, bar) in bars.enumerated() {
      let centre = margins.left + slot * (Double(index) + 0.5)
      let left = centre - slot * 0.3, right = centre + slot * 0.3
      if let value = bar.value {
        let top = y.position(value)
        svg += "<path class=\"bar s\(colour)\" d=\"M\(c(left)) \(c(y.start)) L\(c(left)) \(c(top)) L\(c(right)) \(c(top)) L\(c(right)) \(c(y.start)) Z\"/>"
        svg += "<text x=\"\(c(centre))\" y=\"\(c(top - 4))\" text-anchor=\"middle\">\(HTMLText.escape(HTMLText.number(value)))</text>"
      } else {
        svg += "<text x=\"\(c(centre))\" y=\"\(c(y.start - 4))\" text-anchor=\"middle\">n/a</text>"
      }
      svg += "<text x=\"\(c(centre))\" y=\"\(c(y.start + 16))\" text-anchor=\"middle\">\(HTMLText.escape(bar.name))</text>"
    }
    svg += ChartFrame.axes(
      left: margins.left, right: width - margins.right, bottom: y.start, top: y.end, height: height,
      xTitle: categoryAxis.label, yTitle: valueAxis.label)
    return figure.html(content: svg)
  }
}
