/// What every chart draws the same way: grid lines with tick labels, the axis lines and the
/// axis titles (each with its unit), in SVG.
enum ChartFrame {
  /// Horizontal grid lines at `y`'s ticks from x = `left` to `right`, labelled left of `left`.
  static func horizontalGrid(_ y: ChartScale, left: Double, right: Double, label: (Double) -> String) -> String {
    let c = HTMLText.coordinate
    return y.ticks.map { tick in
      let position = y.position(tick)
      return "<line class=\"grid\" x1=\"\(c(left))\" x2=\"\(c(right))\" y1=\"\(c(position))\" y2=\"\(c(position))\"/>"
        + "<text x=\"\(c(left - 6))\" y=\"\(c(position + 4))\" text-anchor=\"end\">\(HTMLText.escape(label(tick)))</text>"
    }.joined()
  }

  /// Vertical grid lines at `x`'s ticks from y = `top` to `bottom`, labelled under `bottom`.
  static func verticalGrid(_ x: ChartScale, top: Double, bottom: Double, label: (Double) -> String) -> String {
    let c = HTMLText.coordinate
    return x.ticks.map { tick in
      let position = x.position(tick)
      return "<line class=\"grid\" x1=\"\(c(position))\" x2=\"\(c(position))\" y1=\"\(c(top))\" y2=\"\(c(bottom))\"/>"
        + "<text x=\"\(c(position))\" y=\"\(c(bottom + 16))\" text-anchor=\"middle\">\(HTMLText.escape(label(tick)))</text>"
    }.joined()
  }

  /// The bottom axis line from `left` to `right` at `bottom` with `xTitle` centred under it, and,
  /// when `yTitle` is given, the left axis line up to `top` with `yTitle` written upwards.
  static func axes(
    left: Double, right: Double, bottom: Double, top: Double, height: Double, xTitle: String, yTitle: String?
  ) -> String {
    let c = HTMLText.coordinate
    var svg = "<line class=\"axis\" x1=\"\(c(left))\" x2=\"\(c(right))\" y1=\"\(c(bottom))\" y2=\"\(c(bottom))\"/>"
    if let yTitle {
      svg += "<line class=\"axis\" x1=\"\(c(left))\" x2=\"\(c(left))\" y1=\"\(c(bottom))\" y2=\"\(c(top))\"/>"
    }
    svg += "<text class=\"axis-title\" x=\"\(c((left + right) / 2))\" y=\"\(c(height - 8))\" text-anchor=\"middle\">\(HTMLText.escape(xTitle))</text>"
    if let yTitle {
      let middle = c((bottom + top) / 2)
      svg += "<text class=\"axis-title\" x=\"14\" y=\"\(middle)\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(middle))\">\(HTMLText.escape(yTitle))</text>"
    }
    return svg
  }
}
