import Foundation

/// Expands files and folders given on the command line into audio file paths.
enum AudioFileFinder {
  /// Extensions taken as audio when searching folders (files named directly are always taken).
  static let audioExtensions: Set<String> = ["wav", "wave", "aif", "aiff", "flac", "ogg", "oga", "opus", "mp3"]

  /// A file to analyse and how to name it in a profile's provenance: the path as given for a
  /// file, or the folder's name followed by the path inside it, so temporary or machine-specific
  /// prefixes stay out of shipped profiles.
  struct Found: Equatable {
    var path: String
    var label: String
    /// The path inside the folder searched (the path as given for a file named directly):
    /// the same on every machine, so `--shard` hashes it.
    var relativePath: String
  }

  /// A folder the search could not open, with the system's reason.
  struct UnreadableFolder: Equatable {
    var path: String
    var reason: String
  }

  /// Every file given, and every audio file under the folders given, sorted within each folder.
  /// Symbolic links to files are taken; links to folders are not followed, so a link loop
  /// cannot trap the search. Folders that cannot be opened are skipped.
  static func files(in inputs: [String]) -> [Found] { search(inputs).files }

  /// What ``files(in:)`` returns, with the folders it could not open (e.g. no permission), so
  /// a batch can say which files it never saw instead of skipping them silently.
  static func search(_ inputs: [String]) -> (files: [Found], unreadableFolders: [UnreadableFolder]) {
    var result: [Found] = []
    var unreadable: [UnreadableFolder] = []
    for input in inputs {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue else {
        result.append(Found(path: input, label: input, relativePath: input))
        continue
      }
      let root = URL(fileURLWithPath: input).standardizedFileURL
      if let reason = openingFailure(root.path) {
        unreadable.append(UnreadableFolder(path: input, reason: reason))
        continue
      }
      let enumerator = FileManager.default.enumerator(
        at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
      var found: [String] = []
      while let url = enumerator?.nextObject() as? URL {
        if audioExtensions.contains(url.pathExtension.lowercased()),
          (try? url.resolvingSymlinksInPath().resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
        {
          found.append(url.path)
        } else if let reason = unreadableSubfolder(url) {
          unreadable.append(UnreadableFolder(path: url.path, reason: reason))
        }
      }
      result += found.sorted().map { path in
        let relativePath = String(path.dropFirst(root.path.count + 1))
        return Found(path: path, label: root.lastPathComponent + "/" + relativePath, relativePath: relativePath)
      }
    }
    return (result, unreadable)
  }

  /// Why a real folder (not a link to one) at `url` cannot be opened; `nil` for anything else.
  private static func unreadableSubfolder(_ url: URL) -> String? {
    var status = stat()
    guard lstat(url.path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else { return nil }
    return openingFailure(url.path)
  }

  /// The system's reason a folder cannot be listed, or `nil` when it can.
  private static func openingFailure(_ path: String) -> String? {
    guard let directory = opendir(path) else { return String(cString: strerror(errno)) }
    closedir(directory)
    return nil
  }
}
