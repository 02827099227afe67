/// The skeleton every report page shares: a header with a one-line verdict, the sections,
/// and a footer naming the standards.
///
/// The page is one self-contained file: inline CSS (``HTMLPageStyle``), inline SVG charts,
/// no script and no external resource of any kind, so it opens offline and prints on paper.
struct HTMLPage {
  /// The document title and main heading, e.g. "Analysis: mix.wav".
  var title: String
  /// The verdict in one line, shown under the heading.
  var verdict: String
  /// Facts under the verdict (format, duration, what the track was judged against).
  var facts: [String]
  /// The page's content, in order.
  var sections: [HTMLSection]

  /// The whole HTML document.
  func render() -> String {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light dark">
    <title>\(HTMLText.escape(title))</title>
    <style>\(HTMLPageStyle.css)</style>
    </head>
    <body>
    <header>
    <h1>\(HTMLText.escape(title))</h1>
    <p class="verdict">\(HTMLText.escape(verdict))</p>
    \(facts.isEmpty ? "" : "<ul class=\"facts\">" + facts.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ul>")
    </header>
    <main>
    \(sections.map(\.html).joined(separator: "\n"))
    </main>
    <footer><p>Made by dubplate. Loudness per ITU-R BS.1770-4 and EBU R128 (Tech 3341, Tech 3342); \
    true peak by 4× oversampling below 96 kHz.</p></footer>
    </body>
    </html>

    """
  }
}
