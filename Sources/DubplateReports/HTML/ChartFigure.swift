/// Wraps a chart's SVG drawing in a `<figure>` with everything that makes it readable without
/// seeing it: `role="img"`, an `aria-label`, `<title>` and `<desc>` inside the SVG, a legend
/// as text, and a one-paragraph summary of what the chart shows.
struct ChartFigure {
  /// Unique on the page; the SVG's title and description ids derive from it.
  var id: String
  /// The kind of chart, written to `data-chart` (e.g. `loudness`, `spectrum`) for tests and scripts.
  var kind: String
  /// The chart's name, e.g. "Loudness over time".
  var title: String
  /// What is plotted against what, for screen readers.
  var description: String
  /// The numbers a reader would take from the chart, in a sentence or two.
  var summary: String
  /// Legend entries: the name and the swatch's CSS classes.
  var legend: [(name: String, swatch: String)]
  /// The SVG's width and height in user units.
  var width: Double
  var height: Double

  /// The figure with `content` (SVG elements) as the drawing.
  func html(content: String) -> String {
    let titleID = "\(id)-title", descID = "\(id)-desc"
    let legendHTML = legend.isEmpty ? "" : "<ul class=\"legend\">" + legend.map {
      "<li><span class=\"swatch \(HTMLText.escape($0.swatch))\"></span>\(HTMLText.escape($0.name))</li>"
    }.joined() + "</ul>"
    return """
      <figure class="chart" id="\(HTMLText.escape(id))" data-chart="\(HTMLText.escape(kind))">\
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" \
      aria-label="\(HTMLText.escape(title + ": " + summary))" aria-describedby="\(descID)">\
      <title id="\(titleID)">\(HTMLText.escape(title))</title><desc id="\(descID)">\(HTMLText.escape(description))</desc>\
      \(content)</svg>\(legendHTML)<figcaption>\(HTMLText.escape(summary))</figcaption></figure>
      """
  }
}
