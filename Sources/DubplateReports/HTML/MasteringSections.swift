import DubplateMastering

/// The sections only a master's page has: the chain with the reason for each step, and the
/// limiter's gain reduction over time.
enum MasteringSections {
  /// The chain as an ordered list of steps, each with its reason, then the compromises and notes.
  static func chain(id: String, report: MasteringReport) -> HTMLSection {
    var body = "<ol class=\"chain\">" + report.chain.steps.map { step in
      "<li><strong>\(HTMLText.escape(step.description))</strong><br>why: \(HTMLText.escape(step.reason))</li>"
    }.joined() + "</ol>"
    if !report.compromises.isEmpty {
      body += "<h3>Compromises</h3><ul>" + report.compromises.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ul>"
    }
    body += report.notes.map(HTMLText.note).joined()
    return HTMLSection(id: id, title: "Chain", body: body)
  }

  /// The limiter's largest gain reduction in each 100 ms, drawn downwards from 0 dB.
  static func limiter(id: String, report: MasteringReport) -> HTMLSection {
    guard let limiter = report.limiter else {
      return HTMLSection(id: id, title: "Limiter", body: HTMLText.note(report.output == nil
        ? "Dry run: nothing was rendered, so there is no gain reduction to show."
        : "No limiter in the chain: there is no gain reduction to show."))
    }
    let reductions = limiter.reductionPerTenthSecondDB
    guard reductions.count >= 2 else {
      return HTMLSection(id: id, title: "Limiter", body: HTMLText.note("Too short for a gain-reduction curve (one value per 100 ms)."))
    }
    let deepest = max(1, reductions.max() ?? 0)
    let chart = LineChart(
      figure: ChartFigure(
        id: id + "-chart", kind: "gain-reduction", title: "Limiter gain reduction",
        description: "The true-peak limiter's largest gain reduction in each 100 ms, in dB below 0, against time in seconds.",
        summary: "Up to \(HTMLText.measurement(limiter.maximumGainReductionDB, unit: "dB")) of gain reduction, \(HTMLText.measurement(limiter.averageGainReductionDB, unit: "dB")) on average over the limited frames.",
        legend: [], width: 760, height: 220),
      xAxis: ChartAxis(title: "Time", unit: "s"), yAxis: ChartAxis(title: "Gain change", unit: "dB"),
      xDomain: 0...(Double(reductions.count) / 10), yDomain: -(deepest * 1.2)...0,
      series: [ChartSeries(name: "gain reduction per 100 ms", points: reductions.enumerated().map { (Double($0.offset) / 10 + 0.05, -$0.element) }, colour: 2)])
    return HTMLSection(id: id, title: "Limiter", body: chart.html())
  }
}
