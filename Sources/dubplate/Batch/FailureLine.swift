/// The JSON line of a file that could not be analysed, `{"error": ..., "file": ...}`, so a
/// results file accounts for every input.
struct FailureLine: Encodable {
  /// The path as found.
  var file: String
  /// The same one-line reason printed on standard error.
  var error: String
}
