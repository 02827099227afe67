import DubplateAudio
import DubplateDSP
import DubplateTestSupport
import Foundation
import XCTest

/// `dubplate master` on inputs that are not a plain stereo mix of the usual rate.
final class MasterEdgeCaseTests: XCTestCase {
  private var folder: TemporaryFolder!

  override func setUpWithError() throws { folder = try TemporaryFolder() }
  override func tearDown() { folder = nil }

  private func write(_ buffer: AudioBuffer, named name: String, sampleRate: Double, bitDepth: BitDepth = .pcm24) throws -> String {
    let path = folder.path(name)
    let writer = try AudioFileWriter(
      path: path, format: try OutputFormat.forPath(path, bitDepth: bitDepth), sampleRate: sampleRate, channelCount: buffer.channelCount)
    try writer.write(buffer)
    try writer.finish()
    return path
  }

  private func report(_ arguments: [String]) throws -> [String: Any] {
    let result = try CommandRunner.run(arguments + ["--format", "json"])
    XCTAssertEqual(result.exitStatus, 0, result.standardError)
    return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
  }

  private func steps(_ report: [String: Any]) -> [String] {
    ((report["chain"] as? [String: Any])?["steps"] as? [[String: Any]] ?? []).compactMap {
      ($0["processing"] as? [String: Any])?.keys.first
    }
  }

  func testVeryShortInputSaysWhy() throws {
    let input = try write(ProgrammeSynthesizer(seconds: 0.3).mix(variation: 1), named: "short.wav", sampleRate: 44_100)
    let result = try CommandRunner.run(["master", input, "-o", folder.path("out.wav")])
    XCTAssertEqual(result.exitStatus, 1)
    XCTAssertTrue(result.standardError.contains("too short to master"), result.standardError)
  }

  func testReferenceAtAnotherSampleRateIsUsedAndSaid() throws {
    let reference = try write(ProgrammeSynthesizer(sampleRate: 48_000, seconds: 5).mix(variation: 2), named: "ref.wav", sampleRate: 48_000)
    let input = try write(ProgrammeSynthesizer(sampleRate: 44_100, seconds: 5).mix(variation: 3), named: "mix.wav", sampleRate: 44_100)
    let output = folder.path("out.wav")
    let master = try report(["master", input, "-o", output, "--reference", reference])
    XCTAssertTrue((master["notes"] as? [String])?.contains { $0.contains("48000 Hz") } == true, "\(master["notes"] ?? "")")
    XCTAssertEqual(try AudioFileReader(path: output).info.sampleRate, 44_100, "the master keeps the mix's rate")
    XCTAssertTrue(steps(master).contains("matchingEQ"), "\(steps(master))")
  }

  func testPlatformSetsTheTarget() throws {
    let input = try write(ProgrammeSynthesizer(seconds: 5).mix(variation: 4), named: "mix.wav", sampleRate: 44_100)
    let master = try report(["master", input, "-o", folder.path("out.wav"), "--platform", "apple-music"])
    XCTAssertEqual(master["targetLUFS"] as? Double, -16)
    let after = try XCTUnwrap(master["after"] as? [String: Any])
    XCTAssertEqual(try XCTUnwrap(after["integrated"] as? Double), -16, accuracy: 0.1)
    let unknown = try CommandRunner.run(["master", input, "-o", folder.path("x.wav"), "--platform", "myspace"])
    XCTAssertEqual(unknown.exitStatus, 64)
    XCTAssertTrue(unknown.standardError.contains("known: spotify"), unknown.standardError)
  }

  func testDitherOnlyWhenBitsDrop() throws {
    let input = try write(ProgrammeSynthesizer(seconds: 3).mix(variation: 5), named: "mix.wav", sampleRate: 44_100)
    XCTAssertTrue(steps(try report(["master", input, "-o", folder.path("16.wav"), "--bit-depth", "16"])).contains("dither"))
    XCTAssertFalse(steps(try report(["master", input, "-o", folder.path("24.wav"), "--bit-depth", "24"])).contains("dither"))
    XCTAssertFalse(steps(try report(["master", input, "-o", folder.path("32.wav"), "--bit-depth", "32f"])).contains("dither"))
  }

  func testClippedInputIsMasteredWithAWarning() throws {
    var buffer = ProgrammeSynthesizer(seconds: 4).mix(variation: 6)
    for channel in 0..<2 { buffer.channels[channel] = buffer.channels[channel].map { max(-1, min(1, $0 * 4)) } }
    let input = try write(buffer, named: "clipped.wav", sampleRate: 44_100, bitDepth: .float32)
    let master = try report(["master", input, "-o", folder.path("out.wav")])
    XCTAssertTrue((master["notes"] as? [String])?.contains { $0.hasPrefix("Input: Clipping") } == true, "\(master["notes"] ?? "")")
  }
}
