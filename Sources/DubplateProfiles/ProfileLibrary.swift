import Foundation

/// Finds and loads genre profiles: the presets shipped in `Presets/` and the user's own.
///
/// Search order for a name: the user's folder (`$DUBPLATE_PROFILES`, else
/// `$XDG_CONFIG_HOME/dubplate/profiles`, else `~/.config/dubplate/profiles`), then the presets
/// folder (`$DUBPLATE_PRESETS/genres`, else the first `Presets/genres/` folder found walking up
/// from the executable, which is the repository's when run from `.build/`). A user's profile with a
/// preset's name shadows the preset. A value ending in `.json` is read as a path.
/// (`$DUBPLATE_PRESETS` names the `Presets/` folder itself, which holds `genres/`.)
public struct ProfileLibrary: Sendable {
  /// Folders searched, in order.
  public var folders: [URL]

  public init(folders: [URL]) { self.folders = folders }

  /// The user's folder followed by the presets folder, as described above.
  public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> ProfileLibrary {
    ProfileLibrary(folders: [userFolder(environment: environment)] + (presetsFolder(environment: environment).map { [$0] } ?? []))
  }

  /// Where the user's own profiles live.
  public static func userFolder(environment: [String: String]) -> URL {
    if let explicit = environment["DUBPLATE_PROFILES"] { return URL(fileURLWithPath: explicit) }
    let config = environment["XDG_CONFIG_HOME"].map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config")
    return config.appendingPathComponent("dubplate/profiles")
  }

  /// The shipped genre presets (`Presets/genres`), if they can be found.
  public static func presetsFolder(environment: [String: String]) -> URL? {
    presetsRoot(environment: environment)?.appendingPathComponent("genres")
  }

  /// The shipped `Presets/` folder: `$DUBPLATE_PRESETS`, else the first `Presets/` holding a
  /// `genres/` folder found walking up from the executable (the repository's, from `.build/`).
  public static func presetsRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
    if let explicit = environment["DUBPLATE_PRESETS"] { return URL(fileURLWithPath: explicit) }
    var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
      .deletingLastPathComponent()
    for _ in 0..<6 {
      let candidate = folder.appendingPathComponent("Presets")
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("genres").path, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        return candidate
      }
      folder.deleteLastPathComponent()
    }
    return nil
  }

  /// Names of every profile found (first folder wins), sorted.
  public func names() -> [String] {
    Array(Set(profileFiles().map(\.name))).sorted()
  }

  /// Loads every profile found (first folder wins for a name), sorted by name. Unreadable
  /// files are returned as errors beside the good ones.
  public func all() -> (profiles: [GenreProfile], errors: [ProfileError]) {
    var seen = Set<String>()
    var profiles: [GenreProfile] = []
    var errors: [ProfileError] = []
    for file in profileFiles() where seen.insert(file.name).inserted {
      do { profiles.append(try Self.load(path: file.url.path)) } catch { errors.append(error) }
    }
    return (profiles.sorted { $0.name < $1.name }, errors)
  }

  /// The profile named `nameOrPath` (or stored at that path when it ends in `.json`).
  public func profile(named nameOrPath: String) throws(ProfileError) -> GenreProfile {
    if nameOrPath.hasSuffix(".json") { return try Self.load(path: nameOrPath) }
    guard let file = profileFiles().first(where: { $0.name == nameOrPath.lowercased() }) else {
      throw .unknownGenre(name: nameOrPath, known: names())
    }
    return try Self.load(path: file.url.path)
  }

  /// Reads and checks one profile file.
  public static func load(path: String) throws(ProfileError) -> GenreProfile {
    guard let data = FileManager.default.contents(atPath: path) else { throw .notFound(path: path) }
    struct SchemaOnly: Decodable { var schema: String? }
    if let schema = (try? JSONDecoder().decode(SchemaOnly.self, from: data))?.schema,
      schema != GenreProfile.currentSchema
    {
      throw .wrongSchema(path: path, found: schema)
    }
    do {
      return try JSONDecoder().decode(GenreProfile.self, from: data)
    } catch let error as DecodingError {
      throw ProfileError.from(error, path: path)
    } catch {
      throw .malformed(path: path, field: "", reason: "\(error)")
    }
  }

  private func profileFiles() -> [(name: String, url: URL)] {
    folders.flatMap { folder -> [(name: String, url: URL)] in
      let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
      return files.filter { $0.pathExtension == "json" }
        .sorted { $0.lastPathComponent < $1.lastPathComponent }
        .map { ($0.deletingPathExtension().lastPathComponent.lowercased(), $0) }
    }
  }
}
