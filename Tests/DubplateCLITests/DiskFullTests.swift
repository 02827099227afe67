import Foundation
import XCTest

/// Writing into a full disk: a 64 KB tmpfs mounted for each test (so the tests need root and
/// `mount`; they are skipped otherwise). Every output must fail with one clear line and a
/// non-zero exit, leave no partial file under the final name and no temporary file, and keep a
/// previous file at that name intact.
final class DiskFullTests: XCTestCase {
  private var folder: TemporaryFolder!
  private var mountPoint: String!

  override func setUpWithError() throws {
    guard getuid() == 0 else { throw XCTSkip("mounting a tiny tmpfs needs root; the disk-full tests are skipped.") }
    folder = try TemporaryFolder()
    mountPoint = folder.path("tiny")
    try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
    let mounted = try CommandRunner.run(executable: "/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint])
    guard mounted.exitStatus == 0 else {
      mountPoint = nil
      throw XCTSkip("cannot mount a 64 KB tmpfs (\(mounted.standardError.trimmingCharacters(in: .whitespacesAndNewlines))); the disk-full tests are skipped.")
    }
  }

  override func tearDownWithError() throws {
    if let mountPoint { _ = try CommandRunner.run(executable: "/bin/umount", [mountPoint]) }
    folder = nil
  }

  /// A small earlier file at `name` on the tiny disk, which a failed run must leave as it is.
  private func previousFile(_ name: String) throws -> (path: String, content: Data) {
    let path = mountPoint + "/" + name
    let content = Data("previous content\n".utf8)
    try content.write(to: URL(fileURLWithPath: path))
    return (path, content)
  }

  private func assertFailedCleanly(_ result: CommandResult, previous: (path: String, content: Data), file: StaticString = #filePath, line: UInt = #line) throws {
    XCTAssertEqual(result.exitStatus, 1, file: file, line: line)
    let errorLines = result.standardError.split(separator: "\n")
    XCTAssertEqual(errorLines.count, 1, result.standardError, file: file, line: line)
    XCTAssertTrue(
      errorLines.first?.contains("cannot write \"\(previous.path)\"") == true
        && errorLines.first?.contains("No space left on device") == true,
      result.standardError, file: file, line: line)
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: previous.path)), previous.content, "the previous file is intact", file: file, line: line)
    let left = try FileManager.default.contentsOfDirectory(atPath: mountPoint)
    XCTAssertEqual(left, [URL(fileURLWithPath: previous.path).lastPathComponent], "no temporary or lock file is left", file: file, line: line)
  }

  func testMasterIntoAFullDiskFailsWithOneLineAndLeavesNoPartialFile() throws {
    // 1 s of stereo 48 kHz: the 24-bit master needs 288 KB, more than the disk holds.
    let input = try TestAudio.write(TestAudio.tone(peakDBFS: -12, seconds: 1), to: folder.path("mix.wav"))
    let previous = try previousFile("master.wav")
    let result = try CommandRunner.run(["master", input, "-o", previous.path, "--force", "--bit-depth", "24"])
    try assertFailedCleanly(result, previous: previous)
  }

  func testProfileIntoAFullDiskFailsWithOneLineAndLeavesNoPartialFile() throws {
    let tracks = folder.path("tracks")
    for (index, peak) in [-20.0, -16.0, -12.0].enumerated() {
      try TestAudio.write(TestAudio.tone(peakDBFS: peak, seconds: 1), to: tracks + "/\(index).wav")
    }
    let previous = try previousFile("profile.json")
    // Fill the rest of the disk, so even a small JSON file cannot be written.
    XCTAssertTrue(FileManager.default.createFile(atPath: mountPoint + "/filler", contents: nil))
    let filler = try FileHandle(forWritingTo: URL(fileURLWithPath: mountPoint + "/filler"))
    while (try? filler.write(contentsOf: Data(count: 4_096))) != nil {}
    try filler.close()
    let result = try CommandRunner.run(["profile", "build", tracks, "--name", "full", "-o", previous.path, "--force"])
    try FileManager.default.removeItem(atPath: mountPoint + "/filler")
    try assertFailedCleanly(result, previous: previous)
  }

  func testResultsFileOverflowingTheDiskFailsWithOneLineAndLeavesNoPartialFile() throws {
    // 24 analyses of about 3.5 KB each overflow the 64 KB disk part-way through the run.
    let catalogue = folder.path("catalogue")
    let tone = TestAudio.tone(peakDBFS: -20, seconds: 0.5)
    for index in 0..<24 { try TestAudio.write(tone, to: catalogue + "/\(index).wav") }
    let previous = try previousFile("results.jsonl")
    let result = try CommandRunner.run(["analyze", catalogue, "-r", "--format", "jsonl", "-o", previous.path, "--force", "--quiet"])
    try assertFailedCleanly(result, previous: previous)
  }
}
