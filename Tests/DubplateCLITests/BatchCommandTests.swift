import Foundation
import XCTest

/// `dubplate analyze` over a catalogue: folders, parallel jobs, a results file written
/// safely, error lines, resume, shards and the summary.
final class BatchCommandTests: XCTestCase {
  private var folder: TemporaryFolder!

  override func setUpWithError() throws { folder = try TemporaryFolder() }
  override func tearDown() { folder = nil }

  private func makeCatalogue() throws -> String { try TestAudio.writeCatalogue(at: folder.path("catalogue")) }

  private func jsonLines(_ path: String) throws -> [[String: Any]] {
    try TestAudio.jsonLines(try String(contentsOfFile: path, encoding: .utf8))
  }

  func testFolderGivesOneLinePerFileErrorLinesAndASummary() throws {
    let root = try makeCatalogue()
    // A folder link back to the root: following it would loop.
    try FileManager.default.createSymbolicLink(atPath: root + "/disc 2/loop", withDestinationPath: root)
    let output = root + "/results.jsonl"
    let result = try CommandRunner.run(["analyze", root, "--recursive", "--jobs", "2", "--format", "jsonl", "-o", output])
    XCTAssertEqual(result.exitStatus, 1, "a failed file fails the run at the end")
    XCTAssertEqual(result.standardOutput, "")
    let lines = try jsonLines(output)
    XCTAssertEqual(lines.count, 4, "each file once, the loop not followed")
    let errors = lines.filter { $0["error"] != nil }
    XCTAssertEqual(errors.count, 1)
    XCTAssertEqual(errors.first?["file"] as? String, root + "/broken.wav")
    XCTAssertEqual(
      Set(lines.compactMap { $0["schema"] as? String == "dubplate.analysis/1" ? $0["file"] as? String : nil }),
      [root + "/a.wav", root + "/disc 2/b.flac", root + "/disc 2/hot.wav"])
    let stderr = result.standardError
    XCTAssertTrue(stderr.contains("broken.wav"), stderr)
    XCTAssertTrue(stderr.contains("Summary: 4 files, 3 analysed, 1 failed"), stderr)
    XCTAssertTrue(stderr.contains("spotify (-14.0 LUFS) 1,"), stderr)
    XCTAssertTrue(stderr.contains("True peak above -1.0 dBTP: 1 files"), stderr)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasPrefix(".") }
    XCTAssertEqual(leftovers, [], "no temporary or lock file is left behind")
  }

  func testJobsOneAndTwoWriteTheSameLines() throws {
    let root = try makeCatalogue()
    let one = try CommandRunner.run(["analyze", root, "-r", "--jobs", "1", "--format", "jsonl"])
    let two = try CommandRunner.run(["analyze", root, "-r", "--jobs", "2", "--format", "jsonl"])
    XCTAssertEqual(one.exitStatus, 1)
    XCTAssertEqual(Set(one.standardOutput.split(separator: "\n")), Set(two.standardOutput.split(separator: "\n")))
    XCTAssertEqual(one.standardOutput.split(separator: "\n").count, 4)
  }

  func testResumeKeepsAnalysesAndRetriesOnlyMissingOrFailedFiles() throws {
    let root = try makeCatalogue()
    let output = folder.path("results.jsonl")
    let first = try CommandRunner.run(["analyze", root, "-r", "--format", "jsonl", "-o", output])
    XCTAssertEqual(first.exitStatus, 1)
    // The broken file is repaired; a.wav is broken now, so analysing it again would fail;
    // a new file arrives.
    try FileManager.default.removeItem(atPath: root + "/broken.wav")
    try TestAudio.write(TestAudio.tone(peakDBFS: -18, seconds: 1), to: root + "/broken.wav")
    FileManager.default.createFile(atPath: root + "/a.wav", contents: Data("gone bad".utf8))
    try TestAudio.write(TestAudio.tone(peakDBFS: -22, seconds: 1), to: root + "/new.wav")
    let resumed = try CommandRunner.run(["analyze", root, "-r", "--format", "jsonl", "-o", output, "--resume"])
    XCTAssertEqual(resumed.exitStatus, 0, resumed.standardError)
    let lines = try jsonLines(output)
    XCTAssertEqual(lines.filter { $0["error"] != nil }.count, 0, "the old error line is dropped")
    let files = lines.compactMap { $0["file"] as? String }
    XCTAssertEqual(files.count, 5)
    XCTAssertEqual(Set(files).count, 5)
    XCTAssertTrue(resumed.standardError.contains("Summary: 5 files, 5 analysed, 0 failed"), resumed.standardError)
  }

  func testSecondRunRefusesTheOutputUnlessForcedAndALiveRunBlocksIt() throws {
    let root = try makeCatalogue()
    let output = folder.path("results.jsonl")
    _ = try CommandRunner.run(["analyze", root, "-r", "--format", "jsonl", "-o", output])
    let before = try Data(contentsOf: URL(fileURLWithPath: output))
    let refused = try CommandRunner.run(["analyze", root, "-r", "--format", "jsonl", "-o", output])
    XCTAssertEqual(refused.exitStatus, 64)
    XCTAssertTrue(refused.standardError.contains("--force"), refused.standardError)
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: output)), before)

    // A run in progress holds the lock beside the output.
    let lock = open(folder.path(".results.jsonl.dubplate-lock"), O_CREAT | O_RDWR, 0o644)
    XCTAssertEqual(flock(lock, LOCK_EX | LOCK_NB), 0)
    let blocked = try CommandRunner.run(["analyze", root, "-r", "--format", "jsonl", "-o", output, "--force"])
    XCTAssertEqual(blocked.exitStatus, 1)
    XCTAssertTrue(blocked.standardError.contains("another dubplate run"), blocked.standardError)
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: output)), before)
    close(lock)

    let forced = try CommandRunner.run(["analyze", root, "-r", "--format", "jsonl", "-o", output, "--force"])
    XCTAssertEqual(forced.exitStatus, 1, "the broken file still fails")
    XCTAssertEqual(try jsonLines(output).count, 4)
  }

  func testFolderWithoutAudioIsOneClearErrorAndNoOutput() throws {
    let empty = folder.path("empty")
    try FileManager.default.createDirectory(atPath: empty + "/sub", withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: empty + "/notes.txt", contents: Data("liner notes".utf8))
    let result = try CommandRunner.run(["analyze", empty, "-r", "--format", "jsonl", "-o", folder.path("out.jsonl")])
    XCTAssertEqual(result.exitStatus, 1)
    XCTAssertEqual(result.standardError.split(separator: "\n").count, 1, result.standardError)
    XCTAssertTrue(result.standardError.contains("no audio files in"), result.standardError)
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path("out.jsonl")))
  }

  func testOutputInsideTheScannedFolderIsNotAnalysed() throws {
    let root = folder.path("inside")
    try TestAudio.write(TestAudio.tone(peakDBFS: -20, seconds: 1), to: root + "/a.wav")
    // An output named like audio is still never read back as an input.
    let output = root + "/results.wav"
    XCTAssertEqual(try CommandRunner.run(["analyze", root, "-r", "--format", "jsonl", "-o", output]).exitStatus, 0)
    let again = try CommandRunner.run(["analyze", root, "-r", "--format", "jsonl", "-o", output, "--resume"])
    XCTAssertEqual(again.exitStatus, 0, again.standardError)
    XCTAssertEqual(try jsonLines(output).count, 1)
  }

  /// Shards by FNV-1a 64 of the path inside the folder, mod 3, + 1; expected values computed
  /// independently (Python). The same split comes out of a copy of the catalogue elsewhere.
  func testShardsAreDisjointCoverEveryFileAndDoNotDependOnWhereTheFolderIs() throws {
    let expected = ["a.wav": 2, "b.wav": 3, "c.flac": 2, "disc 2/d.wav": 1, "disc 2/e.wav": 1, "f.aiff": 3]
    for location in ["here/catalogue", "there/deeper/copy"] {
      let root = folder.path(location)
      for name in expected.keys { try TestAudio.write(TestAudio.tone(peakDBFS: -20, seconds: 0.5), to: root + "/" + name) }
      var seen: [String: Int] = [:]
      for shard in 1...3 {
        let result = try CommandRunner.run(["analyze", root, "-r", "--shard", "\(shard)/3", "--format", "jsonl"])
        XCTAssertEqual(result.exitStatus, 0, result.standardError)
        for line in result.standardOutput.split(separator: "\n") {
          let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
          let file = try XCTUnwrap(object["file"] as? String)
          let relative = String(file.dropFirst(root.count + 1))
          XCTAssertNil(seen[relative], "\(relative) in two shards")
          seen[relative] = shard
        }
      }
      XCTAssertEqual(seen, expected, location)
    }
  }

  func testInterruptedRunLeavesThePreviousResultsAndNoTemporaryFile() throws {
    let root = folder.path("many")
    let tone = TestAudio.tone(peakDBFS: -20, seconds: 3)
    for index in 0..<40 { try TestAudio.write(tone, to: root + "/\(index).wav") }
    let output = folder.path("results.jsonl")
    try Data("previous results\n".utf8).write(to: URL(fileURLWithPath: output))
    func temporaryFiles() throws -> [String] {
      try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.contains("dubplate-tmp") }
    }
    // Interrupted once the run has written its first lines to the temporary file.
    let run = try CommandRunner.interrupt(
      ["analyze", root, "-r", "--jobs", "1", "--format", "jsonl", "-o", output, "--force"], when: { try !temporaryFiles().isEmpty },
      timeoutSeconds: 20)
    XCTAssertTrue(run.wasRunning, "the run should still be going when interrupted")
    XCTAssertEqual(run.exitStatus, 128 + SIGINT)
    XCTAssertEqual(try String(contentsOfFile: output, encoding: .utf8), "previous results\n")
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.hasPrefix(".") }, [])
  }

  func testBadShardIsAUsageError() throws {
    for bad in ["0/3", "4/3", "x"] {
      XCTAssertEqual(try CommandRunner.run(["analyze", folder.url.path, "-r", "--shard", bad]).exitStatus, 64, bad)
    }
  }
}
