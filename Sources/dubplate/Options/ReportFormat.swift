import ArgumentParser

/// How a command prints its results.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  /// Aligned, human-readable text.
  case text
  /// One JSON document (an array when there are several inputs).
  case json
  /// One compact JSON object per line, per input.
  case jsonl
}
