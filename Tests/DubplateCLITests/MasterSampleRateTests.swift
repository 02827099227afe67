import DubplateAudio
import DubplateDSP
import DubplateTestSupport
import Foundation
import XCTest

/// `dubplate master --sample-rate`: the mix is converted first, and every stage (the true-peak
/// limiter included) then runs at the master's rate.
final class MasterSampleRateTests: XCTestCase {
  private var folder: TemporaryFolder!

  override func setUpWithError() throws { folder = try TemporaryFolder() }
  override func tearDown() { folder = nil }

  private func mix(sampleRate: Double) throws -> String {
    let buffer = ProgrammeSynthesizer(sampleRate: sampleRate, seconds: 5).mix(variation: 5)
    return try TestAudio.write(buffer, to: folder.path("mix-\(Int(sampleRate)).wav"), sampleRate: sampleRate, bitDepth: .pcm24)
  }

  private func report(_ result: CommandResult) throws -> [String: Any] {
    XCTAssertEqual(result.exitStatus, 0, result.standardError)
    return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
  }

  /// Up and down: the master has the asked rate, the converted length, the target loudness
  /// and true peaks under the ceiling as the file stores them, and says it was converted.
  func testMasterIsConvertedAndStillHitsItsTargets() throws {
    for (inputRate, outputRate) in [(44_100.0, 48_000.0), (96_000.0, 44_100.0)] {
      let input = try mix(sampleRate: inputRate)
      let output = folder.path("master-\(Int(outputRate)).wav")
      let master = try report(try CommandRunner.run([
        "master", input, "-o", output, "--sample-rate", String(Int(outputRate)), "--target-lufs", "-14", "--format", "json",
      ]))
      let written = try AudioFileReader(path: output)
      XCTAssertEqual(written.info.sampleRate, outputRate)
      XCTAssertEqual(written.info.frameCount, Int(5 * outputRate), "5 s at the new rate")
      XCTAssertEqual((master["chain"] as? [String: Any])?["sampleRate"] as? Double, outputRate)
      let analysis = try report(try CommandRunner.run(["analyze", output, "--format", "json"]))
      let loudness = try XCTUnwrap(analysis["loudness"] as? [String: Any])
      XCTAssertEqual(try XCTUnwrap(loudness["integrated"] as? Double), -14, accuracy: 0.1)
      XCTAssertLessThanOrEqual(try XCTUnwrap(loudness["truePeak"] as? Double), -1.0)
      let notes = (master["notes"] as? [String] ?? []).joined(separator: " ")
      XCTAssertTrue(notes.contains("Converted from \(Int(inputRate)) Hz to \(Int(outputRate)) Hz"), notes)
    }
  }

  /// A converted master replays bit-identically (a 32-bit float file, header included) when
  /// the replay asks for the same rate; without it the chain is refused in one line.
  func testConvertedChainReplaysExactlyAtItsRate() throws {
    let input = try mix(sampleRate: 44_100)
    let (first, second, chain) = (folder.path("first.wav"), folder.path("second.wav"), folder.path("chain.json"))
    let arguments = ["--sample-rate", "48000", "--bit-depth", "32f"]
    XCTAssertEqual(try CommandRunner.run(["master", input, "-o", first, "--save-chain", chain] + arguments).exitStatus, 0)
    let replay = try CommandRunner.run(["master", input, "-o", second, "--chain", chain] + arguments)
    XCTAssertEqual(replay.exitStatus, 0, replay.standardError)
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: first)), try Data(contentsOf: URL(fileURLWithPath: second)))
    let refused = try CommandRunner.run(["master", input, "-o", folder.path("third.wav"), "--chain", chain])
    XCTAssertEqual(refused.exitStatus, 1)
    XCTAssertTrue(refused.standardError.contains("designed at 48000 Hz and this master runs at 44100 Hz"), refused.standardError)
    XCTAssertEqual(refused.standardError.split(separator: "\n").count, 1, refused.standardError)
  }

  func testRateOutsideTheSupportedRangeIsRefused() throws {
    let input = try mix(sampleRate: 44_100)
    let result = try CommandRunner.run(["master", input, "-o", folder.path("m.wav"), "--sample-rate", "1000"])
    XCTAssertEqual(result.exitStatus, 64)
    XCTAssertTrue(result.standardError.contains("--sample-rate must lie between 8000 and 768000 Hz"), result.standardError)
  }
}
