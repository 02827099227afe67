import DubplateCatalog
import Foundation

/// The files a batch run analyses: the inputs expanded (folders only with `--recursive`),
/// the output file itself left out, and only the chosen shard kept.
struct BatchInputs {
  /// Files to analyse, in the order found.
  var files: [AudioFileFinder.Found]
  /// One line per folder that held no audio file.
  var emptyFolderErrors: [String]

  /// Expands `inputs`; a folder given without `recursive` stays as it is and fails to open
  /// with one error line, as any unreadable input does.
  static func collect(_ inputs: [String], recursive: Bool, excluding output: String?, shard: Shard?) -> BatchInputs {
    var files: [AudioFileFinder.Found] = []
    var errors: [String] = []
    for input in inputs {
      guard recursive else {
        files.append(AudioFileFinder.Found(path: input, label: input, relativePath: input))
        continue
      }
      let found = AudioFileFinder.files(in: [input])
      if found.isEmpty {
        errors.append("no audio files in \"\(input)\" (looked for \(AudioFileFinder.audioExtensions.sorted().joined(separator: ", "))).")
      }
      files += found
    }
    if let output {
      let excluded = canonicalPath(output)
      files.removeAll { canonicalPath($0.path) == excluded }
    }
    if let shard { files.removeAll { !shard.contains(relativePath: $0.relativePath) } }
    return BatchInputs(files: files, emptyFolderErrors: errors)
  }

  private static func canonicalPath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }
}
