import ArgumentParser
import DubplateReports
import DubplateSuggestions

extension Dubplate {
  /// `dubplate explain`: what a finding's code means and the rule behind it.
  struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Explain a finding's code: what it means, how it is measured, the rule of thumb and its source.")

    @Argument(help: "A code such as spectrum.low-mid.excess; omit it to list every code.")
    var code: String?

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    func validate() throws {
      if let code, !SuggestionCode.all.contains(SuggestionCode(rawValue: code)) {
        throw ValidationError("Unknown code \"\(code)\". Known codes: \(SuggestionCode.all.map(\.rawValue).joined(separator: ", ")).")
      }
    }

    func run() throws {
      let codes = code.map { [SuggestionCode(rawValue: $0)] } ?? SuggestionCode.all
      let explanations = codes.map(\.explanation)
      switch format {
      case .text:
        print(explanations.map { explanation in
          """
          \(explanation.code)
            Meaning:  \(explanation.meaning)
            Measured: \(explanation.measurement)
            Rule:     \(explanation.ruleOfThumb)
            Source:   \(explanation.source)
          """
        }.joined(separator: "\n\n"))
      case .json where code == nil: print(try JSONReport.document(explanations))
      case .json: print(try JSONReport.document(explanations[0]))
      case .jsonl: for explanation in explanations { print(try JSONReport.line(explanation)) }
      }
    }
  }
}
