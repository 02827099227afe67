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
    var svg = ""
    for tick in y.ticks {
      let position = y.position(tick)
      svg += "<line class=\"grid\" x1=\"\(c(margins.left))\" x2=\"\(c(width - margins.right))\" y1=\"\(c(position))\" y2=\"\(c(position))\"/>"
      svg += "<text x=\"\(c(margins.left - 6))\" y=\"\(c(position + 4))\" text-anchor=\"end\">\(HTMLText.escape(HTMLText.number(tick, decimals: LineChart.decimals(y.ticks))))</text>"
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
    svg += "<line class=\"axis\" x1=\"\(c(margins.left))\" x2=\"\(c(width - margins.right))\" y1=\"\(c(y.start))\" y2=\"\(c(y.start))\"/>"
    svg += "<line class=\"axis\" x1=\"\(c(margins.left))\" x2=\"\(c(margins.left))\" y1=\"\(c(y.start))\" y2=\"\(c(y.end))\"/>"
    svg += "<text class=\"axis-title\" x=\"\(c((margins.left + width - margins.right) / 2))\" y=\"\(c(height - 8))\" text-anchor=\"middle\">\(HTMLText.escape(categoryAxis.label))</text>"
    let middle = c((y.start + y.end) / 2)
    svg += "<text class=\"axis-title\" x=\"14\" y=\"\(middle)\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(middle))\">\(HTMLText.escape(valueAxis.label))</text>"
    return figure.html(content: svg)
  }
}
