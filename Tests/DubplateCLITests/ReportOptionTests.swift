import DubplateTestSupport
import Foundation
import XCTest

/// `--report PATH` on analyze, suggest, compare and master: the page is written, a bad path is
/// refused before any work, and a failed run leaves no report behind.
final class ReportOptionTests: XCTestCase {
  private var folder: TemporaryFolder!

  override func setUpWithError() throws { folder = try TemporaryFolder() }
  override func tearDown() { folder = nil }

  private func tone(_ name: String, peakDBFS: Double = -12, seconds: Double = 4, frequencyHz: Double = 1000) throws -> String {
    try TestAudio.write(TestAudio.tone(peakDBFS: peakDBFS, seconds: seconds, frequencyHz: frequencyHz), to: folder.path(name))
  }

  private func page(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

  /// The files in the test folder, so a test can see that nothing (not even a temporary file) was left.
  private var folderContents: Set<String> { Set((try? FileManager.default.contentsOfDirectory(atPath: folder.url.path)) ?? []) }

  func testAnalyzeWritesThePageAndStillPrintsItsReport() throws {
    let input = try tone("mix.wav")
    let report = folder.path("mix.html")
    let result = try CommandRunner.run(["analyze", input, "--report", report])
    XCTAssertEqual(result.exitStatus, 0, result.standardError)
    XCTAssertTrue(result.standardOutput.contains("Integrated"), result.standardOutput)
    let html = try page(report)
    XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
    for chart in ["loudness", "spectrum", "correlation", "dynamics"] { XCTAssertTrue(html.contains("data-chart=\"\(chart)\""), chart) }
    XCTAssertEqual(folderContents, ["mix.wav", "mix.html"], "no temporary file is left")
  }

  func testAnalyzeOfSeveralFilesGivesOneGroupPerFile() throws {
    let first = try tone("a.wav"), second = try tone("b.wav", peakDBFS: -20)
    let report = folder.path("both.html")
    let result = try CommandRunner.run(["analyze", second, first, "--report", report])
    XCTAssertEqual(result.exitStatus, 0, result.standardError)
    let html = try page(report)
    XCTAssertTrue(html.contains("<section id=\"f1\" aria-labelledby=\"f1-h\"><h2 id=\"f1-h\">a.wav</h2>"), "path order")
    XCTAssertTrue(html.contains("<section id=\"f2\" aria-labelledby=\"f2-h\"><h2 id=\"f2-h\">b.wav</h2>"))
  }

  /// The input does not exist either: the report's folder is refused first, before any file is read.
  func testMissingFolderIsRefusedBeforeAnyWork() throws {
    for arguments in [
      ["analyze", folder.path("absent.wav")], ["suggest", folder.path("absent.wav"), "--genre", "pop"],
      ["compare", folder.path("absent.wav"), folder.path("absent-ref.wav")],
      ["master", folder.path("absent.wav"), "-o", folder.path("out.wav")],
    ] {
      let result = try CommandRunner.run(arguments + ["--report", folder.path("no-such-folder/report.html")])
      XCTAssertEqual(result.exitStatus, 64, "\(arguments[0]): \(result.standardError)")
      XCTAssertTrue(result.standardError.contains("The folder of \"\(folder.path("no-such-folder/report.html"))\" does not exist."), result.standardError)
      XCTAssertFalse(result.standardError.contains("absent.wav"), "no work was started: \(result.standardError)")
    }
  }

  func testParentThatIsAFileOrReadOnlyIsRefused() throws {
    let input = try tone("mix.wav")
    let notAFolder = folder.path("plain")
    FileManager.default.createFile(atPath: notAFolder, contents: Data("x".utf8))
    let underFile = try CommandRunner.run(["analyze", input, "--report", notAFolder + "/report.html"])
    XCTAssertEqual(underFile.exitStatus, 64)
    XCTAssertTrue(underFile.standardError.contains("is not a folder"), underFile.standardError)

    let readOnly = folder.path("locked")
    try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o555])
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: readOnly) }
    let locked = try CommandRunner.run(["analyze", input, "--report", readOnly + "/report.html"])
    XCTAssertEqual(locked.exitStatus, 64)
    XCTAssertTrue(locked.standardError.contains("is read-only"), locked.standardError)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: readOnly), [])
  }

  func testExistingReportIsReplacedOnlyWithForce() throws {
    let input = try tone("mix.wav")
    let report = folder.path("mix.html")
    FileManager.default.createFile(atPath: report, contents: Data("old".utf8))
    let refused = try CommandRunner.run(["analyze", input, "--report", report])
    XCTAssertEqual(refused.exitStatus, 64)
    XCTAssertEqual(try page(report), "old")
    let suggest = try CommandRunner.run(["suggest", input, "--genre", "pop", "--report", report])
    XCTAssertEqual(suggest.exitStatus, 64)
    XCTAssertTrue(suggest.standardError.contains("already exists; add --force"), suggest.standardError)
    XCTAssertEqual(try page(report), "old")
    let several = try CommandRunner.run(["suggest", input, input, "--genre", "pop", "--report", folder.path("two.html")])
    XCTAssertEqual(several.exitStatus, 64, "a page is for one file")
    let forced = try CommandRunner.run(["analyze", input, "--report", report, "--force"])
    XCTAssertEqual(forced.exitStatus, 0, forced.standardError)
    XCTAssertTrue(try page(report).hasPrefix("<!DOCTYPE html>"))
  }

  func testFailedRunLeavesNoReport() throws {
    let broken = folder.path("broken.wav")
    FileManager.default.createFile(atPath: broken, contents: Data("not audio".utf8))
    for arguments in [["analyze", broken], ["suggest", broken, "--genre", "pop"], ["master", broken, "-o", folder.path("out.wav")]] {
      let result = try CommandRunner.run(arguments + ["--report", folder.path("report.html")])
      XCTAssertEqual(result.exitStatus, 1, "\(arguments[0]): \(result.standardError)")
      XCTAssertEqual(folderContents, ["broken.wav"], arguments[0])
    }
  }

  func testSuggestCompareAndMasterWriteTheirPages() throws {
    let mix = try tone("mix.wav"), reference = try tone("ref.wav", peakDBFS: -6, frequencyHz: 440)
    let cases: [(arguments: [String], sections: [String])] = [
      (["suggest", mix, "--genre", "pop"], ["findings", "loudness", "spectrum", "dynamics"]),
      (["suggest", mix, "--reference", reference], ["findings", "spectrum"]),
      (["compare", mix, reference], ["figures", "findings", "spectrum"]),
      (["master", mix, "-o", folder.path("master.wav"), "--reference", reference], ["chain", "limiter", "platforms", "codecs"]),
    ]
    for (index, run) in cases.enumerated() {
      let report = folder.path("report-\(index).html")
      let result = try CommandRunner.run(run.arguments + ["--report", report])
      XCTAssertEqual(result.exitStatus, 0, "\(run.arguments[0]): \(result.standardError)")
      let html = try page(report)
      for section in run.sections { XCTAssertTrue(html.contains("<section id=\"\(section)\""), "\(run.arguments): \(section)") }
    }
  }

  func testHelpDocumentsTheReportForSeveralFiles() throws {
    let help = try CommandRunner.run(["analyze", "--help"]).standardOutput
    XCTAssertTrue(help.contains("--report <path>"), help)
    XCTAssertTrue(help.contains("one group of sections per file"), help)
  }
}
