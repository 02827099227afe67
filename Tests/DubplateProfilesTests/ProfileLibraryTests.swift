import DubplateProfiles
import DubplateTestSupport
import Foundation
import XCTest

final class ProfileLibraryTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("dubplate-profiles-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("user"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("presets"), withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try FileManager.default.removeItem(at: folder) }

  private func write(_ profile: GenreProfile, to subfolder: String, as name: String) throws {
    let data = try JSONEncoder().encode(profile)
    try data.write(to: folder.appendingPathComponent("\(subfolder)/\(name).json"))
  }

  private func profile(named name: String, description: String) throws -> GenreProfile {
    try ProfileBuilder(name: name, description: description)
      .build(from: [AnalysisFixture.track()], sources: [], licence: "test")
  }

  private var library: ProfileLibrary {
    ProfileLibrary(folders: [folder.appendingPathComponent("user"), folder.appendingPathComponent("presets")])
  }

  func testUserProfilesShadowPresetsAndNamesAreListed() throws {
    try write(try profile(named: "rock", description: "preset"), to: "presets", as: "rock")
    try write(try profile(named: "metal", description: "preset"), to: "presets", as: "metal")
    try write(try profile(named: "rock", description: "mine"), to: "user", as: "rock")
    XCTAssertEqual(library.names(), ["metal", "rock"])
    XCTAssertEqual(try library.profile(named: "rock").description, "mine")
    XCTAssertEqual(library.all().profiles.map(\.name), ["metal", "rock"])
  }

  func testUnknownGenreListsTheKnownOnes() throws {
    try write(try profile(named: "rock", description: ""), to: "presets", as: "rock")
    XCTAssertThrowsError(try library.profile(named: "polka")) { error in
      XCTAssertEqual(error as? ProfileError, .unknownGenre(name: "polka", known: ["rock"]))
      XCTAssertTrue("\(error)".contains("known genres: rock"))
    }
  }

  func testMalformedProfileNamesTheField() throws {
    var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(try profile(named: "x", description: ""))) as! [String: Any]
    var features = json["features"] as! [String: Any]
    features.removeValue(forKey: "plr")
    json["features"] = features
    let path = folder.appendingPathComponent("broken.json").path
    try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
    XCTAssertThrowsError(try ProfileLibrary.load(path: path)) { error in
      XCTAssertEqual(error as? ProfileError, .malformed(path: path, field: "features.plr", reason: "missing."))
    }
  }

  func testWrongSchemaAndMissingFileAreRefused() throws {
    let path = folder.appendingPathComponent("old.json").path
    try Data(#"{"schema": "dubplate.profile/0"}"#.utf8).write(to: URL(fileURLWithPath: path))
    XCTAssertThrowsError(try ProfileLibrary.load(path: path)) { error in
      XCTAssertEqual(error as? ProfileError, .wrongSchema(path: path, found: "dubplate.profile/0"))
    }
    XCTAssertThrowsError(try ProfileLibrary.load(path: path + ".missing")) { error in
      XCTAssertEqual(error as? ProfileError, .notFound(path: path + ".missing"))
    }
  }

  func testShippedPresetsAllLoad() throws {
    let presets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Presets/genres").standardized
    let shipped = ProfileLibrary(folders: [presets]).all()
    XCTAssertEqual(shipped.errors, [])
    XCTAssertEqual(
      Set(shipped.profiles.map(\.name)),
      ["pop", "rock", "metal", "hip-hop", "edm", "acoustic", "orchestral", "ambient"])
    for profile in shipped.profiles {
      XCTAssertFalse(profile.provenance.sources.isEmpty, profile.name)
      XCTAssertTrue(["measured", "mixed"].contains(profile.provenance.method), profile.name)
    }
  }
}
