import Foundation
import XCTest

/// Files and folders without read permission inside a batch. Root reads everything whatever
/// the modes, so as root the built binary runs as `nobody` (util-linux `setpriv`); the tests are
/// skipped when that user cannot run it.
final class PermissionTests: XCTestCase {
  private var folder: TemporaryFolder!

  override func setUpWithError() throws {
    folder = try TemporaryFolder()
    if getuid() == 0 {
      let probe = try runUnprivileged(["--version"])
      guard probe.exitStatus == 0 else {
        throw XCTSkip("user nobody cannot run the built dubplate (\(probe.standardError.prefix(200))); permission tests skipped.")
      }
    }
  }

  override func tearDownWithError() throws {
    // Give the modes back so the folder can be removed.
    if let enumerator = FileManager.default.enumerator(atPath: folder.url.path) {
      chmod(folder.url.path, 0o755)
      while let name = enumerator.nextObject() as? String { chmod(folder.path(name), 0o755) }
    }
    folder = nil
  }

  /// Runs `dubplate` as a user the file modes apply to: `nobody` when the tests run as root.
  private func runUnprivileged(_ arguments: [String]) throws -> CommandResult {
    guard getuid() == 0 else { return try CommandRunner.run(arguments) }
    let binary = CommandRunner.productsDirectory.appendingPathComponent("dubplate").path
    return try CommandRunner.run(
      executable: "/usr/bin/setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", binary] + arguments)
  }

  func testUnreadableFileAndFolderAreErrorLinesAndTheRunGoesOn() throws {
    let root = folder.path("catalogue")
    try TestAudio.write(TestAudio.tone(peakDBFS: -20, seconds: 1), to: root + "/a.wav")
    try TestAudio.write(TestAudio.tone(peakDBFS: -20, seconds: 1), to: root + "/locked.wav")
    try TestAudio.write(TestAudio.tone(peakDBFS: -20, seconds: 1), to: root + "/closed/c.wav")
    XCTAssertEqual(chmod(root + "/locked.wav", 0), 0)
    XCTAssertEqual(chmod(root + "/closed", 0), 0)
    let result = try runUnprivileged(["analyze", root, "-r", "--jobs", "2", "--format", "jsonl"])
    XCTAssertEqual(result.exitStatus, 1, result.standardError)
    let lines = try result.standardOutput.split(separator: "\n").map {
      try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    XCTAssertEqual(lines.count, 2, "the readable file is analysed, the locked one has its error line")
    let failure = try XCTUnwrap(lines.first { $0["error"] != nil })
    XCTAssertEqual(failure["file"] as? String, root + "/locked.wav")
    XCTAssertEqual(
      failure["error"] as? String, "cannot open \"\(root)/locked.wav\": Permission denied; check the file's permissions.")
    XCTAssertEqual(lines.first { $0["error"] == nil }?["file"] as? String, root + "/a.wav")
    let stderr = result.standardError
    XCTAssertTrue(stderr.contains("cannot read the folder \"\(root)/closed\": Permission denied; its files are skipped."), stderr)
    XCTAssertTrue(stderr.contains("Summary: 2 files, 1 analysed, 1 failed"), stderr)
  }

  func testUnreadableFolderGivenIsOneErrorLine() throws {
    let root = folder.path("closed")
    try TestAudio.write(TestAudio.tone(peakDBFS: -20, seconds: 1), to: root + "/a.wav")
    XCTAssertEqual(chmod(root, 0), 0)
    let result = try runUnprivileged(["suggest", root, "-r", "--format", "jsonl", "--genre", "edm"])
    XCTAssertEqual(result.exitStatus, 1)
    XCTAssertEqual(result.standardOutput, "")
    XCTAssertEqual(result.standardError, "dubplate: cannot read the folder \"\(root)\": Permission denied; its files are skipped.\n")
  }
}
