import Foundation
import XCTest

/// `dubplate suggest` over a catalogue with the batch options `analyze` has: one
/// `dubplate.suggestions/1` line per file, error lines, resume, shards, progress and a summary.
final class SuggestBatchCommandTests: XCTestCase {
  private var folder: TemporaryFolder!

  override func setUpWithError() throws { folder = try TemporaryFolder() }
  override func tearDown() { folder = nil }

  private func makeCatalogue() throws -> String { try TestAudio.writeCatalogue(at: folder.path("catalogue")) }

  private func jsonLines(_ text: String) throws -> [[String: Any]] { try TestAudio.jsonLines(text) }

  func testFolderGivesOneSuggestionsLinePerFileAnErrorLineAndASummary() throws {
    let root = try makeCatalogue()
    let output = root + "/suggestions.jsonl"
    let result = try CommandRunner.run([
      "suggest", root, "--recursive", "--jobs", "2", "--format", "jsonl", "-o", output, "--genre", "edm",
    ])
    XCTAssertEqual(result.exitStatus, 1, "a failed file fails the run at the end")
    XCTAssertEqual(result.standardOutput, "")
    let lines = try jsonLines(try String(contentsOfFile: output, encoding: .utf8))
    XCTAssertEqual(lines.count, 4)
    XCTAssertEqual(lines.filter { $0["error"] != nil }.compactMap { $0["file"] as? String }, [root + "/broken.wav"])
    let reports = lines.filter { $0["schema"] as? String == "dubplate.suggestions/1" }
    XCTAssertEqual(Set(reports.compactMap { $0["file"] as? String }), [root + "/a.wav", root + "/disc 2/b.flac", root + "/disc 2/hot.wav"])
    XCTAssertTrue(reports.allSatisfy { $0["against"] as? String == "edm" && $0["suggestions"] is [Any] })
    let hot = try XCTUnwrap(reports.first { ($0["file"] as? String)?.hasSuffix("hot.wav") == true })
    let hotCodes = (hot["suggestions"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
    XCTAssertTrue(hotCodes.contains { $0.hasPrefix("loudness.") || $0.hasPrefix("peak.") }, "\(hotCodes)")
    XCTAssertTrue(result.standardError.contains("broken.wav"), result.standardError)
    XCTAssertTrue(result.standardError.contains("Summary: 4 files, 3 judged, 1 failed"), result.standardError)
    XCTAssertTrue(result.standardError.contains("Most frequent findings (files): "), result.standardError)
  }

  func testJobsOneAndTwoGiveTheSameLines() throws {
    let root = try makeCatalogue()
    let one = try CommandRunner.run(["suggest", root, "-r", "--jobs", "1", "--format", "jsonl", "--genre", "edm"])
    let two = try CommandRunner.run(["suggest", root, "-r", "--jobs", "2", "--format", "jsonl", "--genre", "edm"])
    XCTAssertEqual(one.exitStatus, 1)
    XCTAssertEqual(one.standardOutput.split(separator: "\n").count, 4)
    XCTAssertEqual(Set(one.standardOutput.split(separator: "\n")), Set(two.standardOutput.split(separator: "\n")))
  }

  func testResumeKeepsVerdictsAndJudgesOnlyMissingOrFailedFiles() throws {
    let root = try makeCatalogue()
    let output = folder.path("suggestions.jsonl")
    XCTAssertEqual(try CommandRunner.run(["suggest", root, "-r", "--format", "jsonl", "-o", output]).exitStatus, 1)
    let firstLines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
    // The broken file is repaired; a.wav is broken now, so judging it again would fail.
    try FileManager.default.removeItem(atPath: root + "/broken.wav")
    try TestAudio.write(TestAudio.tone(peakDBFS: -18, seconds: 1), to: root + "/broken.wav")
    FileManager.default.createFile(atPath: root + "/a.wav", contents: Data("gone bad".utf8))
    let resumed = try CommandRunner.run(["suggest", root, "-r", "--format", "jsonl", "-o", output, "--resume"])
    XCTAssertEqual(resumed.exitStatus, 0, resumed.standardError)
    let text = try String(contentsOfFile: output, encoding: .utf8)
    let lines = try jsonLines(text)
    XCTAssertEqual(lines.filter { $0["error"] != nil }.count, 0, "the old error line is dropped")
    XCTAssertEqual(Set(lines.compactMap { $0["file"] as? String }).count, 4)
    XCTAssertEqual(lines.count, 4)
    let kept = firstLines.filter { !$0.contains("\"error\"") }
    XCTAssertTrue(kept.allSatisfy { text.contains($0) }, "verdicts already written are kept byte for byte")
    XCTAssertTrue(resumed.standardError.contains("Summary: 4 files, 4 judged, 0 failed"), resumed.standardError)
  }

  func testShardsSplitTheCatalogueLikeAnalyze() throws {
    let root = try makeCatalogue()
    var suggested: [String] = []
    var analysed: [String] = []
    for shard in ["1/2", "2/2"] {
      let suggest = try CommandRunner.run(["suggest", root, "-r", "--shard", shard, "--format", "jsonl", "--genre", "edm"])
      let analyze = try CommandRunner.run(["analyze", root, "-r", "--shard", shard, "--format", "jsonl"])
      let files = { (text: String) in try self.jsonLines(text).compactMap { $0["file"] as? String }.sorted() }
      XCTAssertEqual(try files(suggest.standardOutput), try files(analyze.standardOutput), shard)
      suggested += try files(suggest.standardOutput)
      analysed += try files(analyze.standardOutput)
    }
    XCTAssertEqual(suggested.count, 4)
    XCTAssertEqual(Set(suggested).count, 4)
  }

  func testSeveralFilesAsJSONAreOneArrayNamingEachFile() throws {
    let root = try makeCatalogue()
    let result = try CommandRunner.run(["suggest", root + "/a.wav", root + "/disc 2/hot.wav", "--format", "json", "--genre", "edm"])
    XCTAssertEqual(result.exitStatus, 0, result.standardError)
    let array = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]])
    XCTAssertEqual(array.compactMap { $0["file"] as? String }.sorted(), [root + "/a.wav", root + "/disc 2/hot.wav"])
    XCTAssertTrue(result.standardError.contains("Summary: 2 files, 2 judged, 0 failed"), result.standardError)
  }

  func testProgressIsCountedOnATerminalOnly() throws {
    let root = try makeCatalogue()
    let shown = try PseudoTerminal.run(["suggest", root, "-r", "--jobs", "1", "--genre", "edm", "--format", "jsonl", "-o", folder.path("p.jsonl")])
    XCTAssertTrue(shown.standardOutput.contains("4/4 files"), shown.standardOutput)
    let piped = try CommandRunner.run(["suggest", root, "-r", "--jobs", "1", "--genre", "edm", "--format", "jsonl", "-o", folder.path("q.jsonl")])
    XCTAssertFalse(piped.standardError.contains("files\r") || piped.standardError.contains("/4 files"), piped.standardError)
  }

  func testBatchOptionMisuseIsAUsageError() throws {
    let root = try makeCatalogue()
    XCTAssertEqual(try CommandRunner.run(["suggest", root, "-r", "--resume", "-o", folder.path("x.jsonl")]).exitStatus, 64, "--resume needs jsonl")
    XCTAssertEqual(try CommandRunner.run(["suggest", root, "-r", "--shard", "3/2"]).exitStatus, 64)
    XCTAssertEqual(try CommandRunner.run(["suggest", root, "-r", "--jobs", "0"]).exitStatus, 64)
  }
}
