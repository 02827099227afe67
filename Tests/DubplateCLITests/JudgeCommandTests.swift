import DubplateAudio
import DubplateDSP
import DubplateTestSupport
import Foundation
import XCTest

/// `suggest`, `compare`, `profile` and `explain` as a user runs them.
final class JudgeCommandTests: XCTestCase {
  private var folder: TemporaryFolder!

  override func setUpWithError() throws { folder = try TemporaryFolder() }
  override func tearDown() { folder = nil }

  private func write(_ buffer: AudioBuffer, named name: String) throws -> String {
    try TestAudio.write(buffer, to: folder.path(name), sampleRate: 44_100, bitDepth: .pcm24)
  }

  private func mix(_ variation: UInt64, seconds: Double = 5) -> AudioBuffer {
    ProgrammeSynthesizer(seconds: seconds).mix(variation: variation)
  }

  func testGenreAutoSaysWhichProfileItChose() throws {
    let input = try write(mix(1), named: "mix.wav")
    let result = try CommandRunner.run(["suggest", input])
    XCTAssertEqual(result.exitStatus, 0, result.standardError)
    XCTAssertTrue(result.standardOutput.contains("Genre auto: nearest profile is "), result.standardOutput)
    XCTAssertTrue(result.standardOutput.contains("confidence"), result.standardOutput)
  }

  func testUnknownGenreListsTheKnownOnes() throws {
    let input = try write(mix(1), named: "mix.wav")
    let result = try CommandRunner.run(["suggest", input, "--genre", "polka"])
    XCTAssertEqual(result.exitStatus, 64)
    XCTAssertTrue(result.standardError.contains("known genres: acoustic, ambient, edm"), result.standardError)
  }

  func testMalformedProfileNamesTheField() throws {
    let input = try write(mix(1), named: "mix.wav")
    let profile = folder.path("broken.json")
    try Data(#"{"schema": "dubplate.profile/1", "name": "x"}"#.utf8).write(to: URL(fileURLWithPath: profile))
    let result = try CommandRunner.run(["suggest", input, "--genre", profile])
    XCTAssertEqual(result.exitStatus, 64)
    XCTAssertTrue(result.standardError.contains("is malformed at \"description\""), result.standardError)
  }

  func testShortMixSaysWhichChecksWereSkipped() throws {
    let input = try write(mix(1, seconds: 2), named: "short.wav")
    let result = try CommandRunner.run(["suggest", input, "--genre", "edm", "--format", "json"])
    XCTAssertEqual(result.exitStatus, 0, result.standardError)
    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    XCTAssertEqual(json["schema"] as? String, "dubplate.suggestions/1")
    XCTAssertTrue((json["skipped"] as? [String])?.contains { $0.contains("shorter than 3 s") } == true, "\(json["skipped"] ?? "")")
  }

  func testMonoMixAgainstStereoReferencesSkipsStereo() throws {
    let reference = try write(mix(2), named: "ref.wav")
    let mono = try write(AudioBuffer(channels: [mix(3).channels[0]]), named: "mono.wav")
    let result = try CommandRunner.run(["compare", mono, reference, "--format", "json"])
    XCTAssertEqual(result.exitStatus, 0, result.standardError)
    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    XCTAssertEqual(json["schema"] as? String, "dubplate.comparison/1")
    XCTAssertEqual((json["references"] as? [Any])?.count, 1)
    XCTAssertNotNil(json["deltas"] as? [String: Any])
    XCTAssertTrue((json["skipped"] as? [String])?.contains("stereo: the file is mono.") == true)
    XCTAssertTrue((json["notes"] as? [String])?.contains { $0.contains("stereo checks skipped") } == true, "\(json["notes"] ?? "")")
  }

  func testProfileBuildSkipsUnreadableFilesAndListsThem() throws {
    let tracks = folder.url.appendingPathComponent("tracks")
    try FileManager.default.createDirectory(at: tracks, withIntermediateDirectories: true)
    for variation in 1...3 { _ = try write(mix(UInt64(variation), seconds: 4), named: "tracks/t\(variation).wav") }
    FileManager.default.createFile(atPath: tracks.appendingPathComponent("broken.wav").path, contents: Data("not audio".utf8))
    let output = folder.path("mine.json")
    let result = try CommandRunner.run(["profile", "build", tracks.path, "--name", "My Genre", "-o", output])
    XCTAssertEqual(result.exitStatus, 0, result.standardError)
    XCTAssertTrue(result.standardError.contains("skipped: ") && result.standardError.contains("broken.wav"), result.standardError)
    XCTAssertTrue(result.standardOutput.contains("3 tracks used"), result.standardOutput)
    let shown = try CommandRunner.run(["profile", "show", output])
    XCTAssertTrue(shown.standardOutput.hasPrefix("my-genre: "), shown.standardOutput)
    let again = try CommandRunner.run(["profile", "build", tracks.path, "--name", "x", "-o", output])
    XCTAssertEqual(again.exitStatus, 64, "an existing profile is not overwritten without --force")
    let onTerminal = try PseudoTerminal.run(["profile", "build", tracks.path, "--name", "x", "-o", folder.path("tty.json")])
    XCTAssertTrue(onTerminal.standardOutput.contains("profile build: analysing 4 files ["), onTerminal.standardOutput)
    XCTAssertTrue(onTerminal.standardOutput.contains("100%"), onTerminal.standardOutput)
    let quiet = try PseudoTerminal.run(["profile", "build", tracks.path, "--name", "x", "-o", folder.path("q.json"), "--quiet"])
    XCTAssertFalse(quiet.standardOutput.contains("analysing 4 files ["), quiet.standardOutput)
    XCTAssertFalse(result.standardError.contains("analysing"), "no bar on a piped standard error")
    let nothing = folder.url.appendingPathComponent("nothing")
    try FileManager.default.createDirectory(at: nothing, withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: nothing.appendingPathComponent("bad.wav").path, contents: Data("x".utf8))
    let none = try CommandRunner.run(["profile", "build", nothing.path, "--name", "none", "-o", folder.path("none.json")])
    XCTAssertEqual(none.exitStatus, 1, "nothing usable is a failure")
  }

  func testExplainDocumentsEveryCodeAndRefusesUnknownOnes() throws {
    let one = try CommandRunner.run(["explain", "stereo.low-end-wide"])
    XCTAssertEqual(one.exitStatus, 0)
    XCTAssertTrue(one.standardOutput.contains("Source:"), one.standardOutput)
    XCTAssertEqual(try CommandRunner.run(["explain", "spectrum.treble.excess"]).exitStatus, 64)
    let all = try CommandRunner.run(["explain", "--format", "jsonl"])
    XCTAssertEqual(all.standardOutput.split(separator: "\n").count, 23)
  }
}
