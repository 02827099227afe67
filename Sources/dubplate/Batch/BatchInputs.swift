import DubplateCatalog
import Foundation

/// The files a batch run analyses: the inputs expanded (folders only with `--recursive`),
/// the output file itself left out, and only the chosen shard kept.
struct BatchInputs {
  /// Files to analyse, in the order found.
  var files: [AudioFileFinder.Found]
  /// One line per folder that held no audio file or could not be opened (its files were not seen).
  var folderErrors: [String]

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
      let (found, unreadable) = AudioFileFinder.search([input])
      for folder in unreadable {
        errors.append("cannot read the folder \"\(folder.path)\": \(folder.reason); its files are skipped.")
      }
      if found.isEmpty && unreadable.first?.path != input {
        errors.append("no audio files in \"\(input)\" (looked for \(AudioFileFinder.audioExtensions.sorted().joined(separator: ", "))).")
      }
      files += found
    }
    if let output {
      let excluded = canonicalPath(output)
      files.removeAll { canonicalPath($0.path) == excluded }
    }
    if let shard { files.removeAll { !shard.contains(relativePath: $0.relativePath) } }
    return BatchInputs(files: files, folderErrors: errors)
  }

  private static func canonicalPath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }
}
