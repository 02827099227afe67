import DubplateProfiles
import Foundation

/// Streaming services' loudness rules, from `Presets/platforms.json` (each row with its source and date).
public struct PlatformTable: Sendable, Codable {
  /// One service (and mode, for Spotify).
  public struct Platform: Sendable, Codable, Equatable {
    public var service: String
    public var mode: String?
    /// Level the service normalises to, LUFS.
    public var referenceLUFS: Double
    /// True-peak ceiling advised for uploads, dBTP.
    public var ceilingDBTP: Double
    /// Whether quieter tracks are turned up.
    public var raisesQuiet: Bool
    /// Quiet tracks are raised only while their true peak stays at or below this, dBTP.
    public var raiseUntilPeakDBTP: Double?
    public var source: String

    /// `spotify` (normal mode), `spotify-loud`, `apple-music`, …
    public var name: String { mode.map { $0 == "normal" ? service : "\(service)-\($0)" } ?? service }
  }

  public var schema: String
  public var platforms: [Platform]

  /// Reads the table shipped in `Presets/platforms.json`.
  public static func shipped() throws(MasteringError) -> PlatformTable {
    guard let root = ProfileLibrary.presetsRoot(),
      let data = FileManager.default.contents(atPath: root.appendingPathComponent("platforms.json").path)
    else {
      throw .presetMissing(reason: "Presets/platforms.json was not found; set DUBPLATE_PRESETS to the Presets folder.")
    }
    do { return try JSONDecoder().decode(PlatformTable.self, from: data) } catch {
      throw .presetMissing(reason: "Presets/platforms.json is malformed: \(error)")
    }
  }

  /// The platform called `name` (`spotify`, `spotify-loud`, `apple-music`, …).
  public func platform(named name: String) -> Platform? {
    platforms.first { $0.name == name.lowercased() }
  }
}
