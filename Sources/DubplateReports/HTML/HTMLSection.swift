/// One titled part of a report page (loudness, spectrum, stereo, …), already rendered.
struct HTMLSection {
  /// The fragment identifier, unique on the page, also used by the structure tests.
  var id: String
  /// The heading shown above the section.
  var title: String
  /// The section's body: escaped HTML.
  var body: String

  /// The section as an HTML `<section>` with its heading.
  var html: String {
    "<section id=\"\(HTMLText.escape(id))\" aria-labelledby=\"\(HTMLText.escape(id))-h\">"
      + "<h2 id=\"\(HTMLText.escape(id))-h\">\(HTMLText.escape(title))</h2>\(body)</section>"
  }
}
