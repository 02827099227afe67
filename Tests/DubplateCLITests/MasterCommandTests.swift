import DubplateAudio
import DubplateDSP
import DubplateTestSupport
import Foundation
import XCTest

/// Runs `dubplate master` as a user would: targets hit, nothing lost, bad input refused.
final class MasterCommandTests: XCTestCase {
  private var folder: TemporaryFolder!

  override func setUpWithError() throws { folder = try TemporaryFolder() }
  override func tearDown() { folder = nil }

  private func write(_ buffer: AudioBuffer, named name: String, bitDepth: BitDepth = .pcm24, sampleRate: Double = 44_100) throws -> String {
    try TestAudio.write(buffer, to: folder.path(name), sampleRate: sampleRate, bitDepth: bitDepth)
  }

  private func mix(seconds: Double = 6, variation: UInt64 = 3) -> AudioBuffer {
    ProgrammeSynthesizer(sampleRate: 44_100, seconds: seconds).mix(variation: variation)
  }

  private func json(_ result: CommandResult) throws -> [String: Any] {
    XCTAssertEqual(result.exitStatus, 0, result.standardError)
    return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
  }

  func testMastersToTheTargetUnderTheCeiling() throws {
    let input = try write(mix(), named: "mix.wav")
    let output = folder.path("master.wav")
    let report = try json(try CommandRunner.run(["master", input, "-o", output, "--target-lufs", "-12", "--ceiling", "-1", "--format", "json"]))
    XCTAssertEqual(report["schema"] as? String, "dubplate.master/1")
    let after = try XCTUnwrap(report["after"] as? [String: Any])
    XCTAssertEqual(try XCTUnwrap(after["integrated"] as? Double), -12, accuracy: 0.1)
    XCTAssertLessThanOrEqual(try XCTUnwrap(after["truePeak"] as? Double), -1.0)
    let written = try AudioFileReader(path: output)
    XCTAssertEqual(written.info.frameCount, 6 * 44_100, "the master is exactly as long as the mix")
    XCTAssertEqual(written.info.sampleRate, 44_100)
  }

  func testTextReportShowsTheChainAndBeforeAfter() throws {
    let input = try write(mix(), named: "mix.wav")
    let result = try CommandRunner.run(["master", input, "-o", folder.path("m.wav")])
    XCTAssertEqual(result.exitStatus, 0, result.standardError)
    XCTAssertTrue(result.standardOutput.contains("True-peak limiter: ceiling -1.25 dBTP"), result.standardOutput)
    XCTAssertTrue(result.standardOutput.contains("0.25 dB under the -1.0 dBTP ceiling"), result.standardOutput)
    XCTAssertTrue(result.standardOutput.contains("why: "), result.standardOutput)
    XCTAssertTrue(result.standardOutput.contains("No target given: Spotify's -14 LUFS"), result.standardOutput)
    XCTAssertTrue(result.standardOutput.contains("Integrated (LUFS)"), result.standardOutput)
  }

  func testDryRunRendersNothing() throws {
    let input = try write(mix(), named: "mix.wav")
    let output = folder.path("never.wav")
    let result = try CommandRunner.run(["master", input, "-o", output, "--dry-run", "--genre", "rock"])
    XCTAssertEqual(result.exitStatus, 0, result.standardError)
    XCTAssertTrue(result.standardOutput.contains("dry run"), result.standardOutput)
    XCTAssertFalse(FileManager.default.fileExists(atPath: output))
  }

  func testSavedChainReplaysBitIdentically() throws {
    let input = try write(mix(), named: "mix.wav")
    let first = folder.path("first.wav")
    let second = folder.path("second.wav")
    let chain = folder.path("chain.json")
    XCTAssertEqual(try CommandRunner.run(["master", input, "-o", first, "--genre", "edm", "--bit-depth", "16", "--save-chain", chain]).exitStatus, 0)
    let replay = try CommandRunner.run(["master", input, "-o", second, "--chain", chain, "--bit-depth", "16"])
    XCTAssertEqual(replay.exitStatus, 0, replay.standardError)
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: first)), try Data(contentsOf: URL(fileURLWithPath: second)))
    XCTAssertTrue(replay.standardOutput.contains("TPDF dither to 16-bit"), replay.standardOutput)
  }

  func testNothingIsLost() throws {
    let input = try write(mix(seconds: 2), named: "mix.wav")
    let inputBytes = try Data(contentsOf: URL(fileURLWithPath: input))
    let sameAsInput = try CommandRunner.run(["master", input, "-o", input, "--force"])
    XCTAssertEqual(sameAsInput.exitStatus, 64)
    let existing = folder.path("existing.wav")
    FileManager.default.createFile(atPath: existing, contents: Data("keep me".utf8))
    let refused = try CommandRunner.run(["master", input, "-o", existing])
    XCTAssertEqual(refused.exitStatus, 64)
    XCTAssertTrue(refused.standardError.contains("--force"), refused.standardError)
    XCTAssertEqual(try String(contentsOfFile: existing, encoding: .utf8), "keep me")
    XCTAssertEqual(try CommandRunner.run(["master", input, "-o", existing, "--force"]).exitStatus, 0)
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: input)), inputBytes, "the input is never modified")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.contains("dubplate-tmp") }
    XCTAssertEqual(leftovers, [])
  }

  func testSilentInputIsNothingToMaster() throws {
    let input = try write(AudioBuffer(channelCount: 2, frameCount: 44_100), named: "silence.wav")
    let output = folder.path("out.wav")
    let result = try CommandRunner.run(["master", input, "-o", output])
    XCTAssertEqual(result.exitStatus, 1)
    XCTAssertTrue(result.standardError.contains("nothing to master"), result.standardError)
    XCTAssertFalse(FileManager.default.fileExists(atPath: output))
  }

  func testMonoStaysMonoAndSurroundIsRefused() throws {
    let mono = try write(AudioBuffer(channels: [mix().channels[0]]), named: "mono.wav")
    let output = folder.path("mono-master.wav")
    let result = try CommandRunner.run(["master", mono, "-o", output, "--format", "json"])
    let report = try json(result)
    XCTAssertTrue((report["notes"] as? [String])?.contains { $0.hasPrefix("Mono input") } == true, "\(report["notes"] ?? "")")
    XCTAssertEqual(try AudioFileReader(path: output).info.channelCount, 1)
    let six = try write(AudioBuffer(channels: Array(repeating: mix(seconds: 1).channels[0], count: 6)), named: "six.wav")
    let refused = try CommandRunner.run(["master", six, "-o", folder.path("six-master.wav")])
    XCTAssertEqual(refused.exitStatus, 1)
    XCTAssertTrue(refused.standardError.contains("only mono and stereo"), refused.standardError)
  }

  func testUnreachableTargetIsACompromiseNotASilentSwitch() throws {
    let input = try write(mix(), named: "mix.wav")
    let report = try json(try CommandRunner.run(["master", input, "-o", folder.path("loud.wav"), "--target-lufs", "-3", "--format", "json"]))
    let compromises = try XCTUnwrap(report["compromises"] as? [String])
    XCTAssertTrue(compromises.first?.contains("--allow-heavy-limiting") == true, "\(compromises)")
    let after = try XCTUnwrap(report["after"] as? [String: Any])
    XCTAssertLessThanOrEqual(try XCTUnwrap(after["truePeak"] as? Double), -1.0)
    // It settles as loud as the cap allows: sustained limiting (the 90th percentile of the
    // per-100 ms reduction) just under 6 dB, found in a few passes.
    let history = try XCTUnwrap((report["limiter"] as? [String: Any])?["reductionPerTenthSecondDB"] as? [Double]).sorted()
    let sustainedDB = history[min(history.count - 1, Int(0.9 * Double(history.count)))]
    XCTAssertLessThanOrEqual(sustainedDB, 6.0)
    XCTAssertGreaterThanOrEqual(sustainedDB, 5.7)
    XCTAssertLessThanOrEqual(try XCTUnwrap(report["passes"] as? Int), 4)
  }

  /// A copy 9 dB down restored to its loud original: the limiter works on much of the track,
  /// so a tone trim after it puts back what it moved; the master stays under the ceiling and
  /// its saved chain replays it bit for bit.
  func testALoudReferenceMatchIsTrimmedAfterTheLimiterAndReplaysExactly() throws {
    var original = mix(seconds: 8, variation: 11)
    let peak = original.channels.flatMap { $0 }.map(abs).max()!
    for channel in 0..<2 { original.channels[channel] = original.channels[channel].map { $0 / peak * 0.99 } }
    var quiet = original
    for channel in 0..<2 { quiet.channels[channel] = quiet.channels[channel].map { $0 * Float(Decibels.toAmplitude(-9)) } }
    let reference = try write(original, named: "original.wav", bitDepth: .float32)
    let input = try write(quiet, named: "quiet.wav", bitDepth: .float32)
    let (output, replay, chain) = (folder.path("restored.wav"), folder.path("replay.wav"), folder.path("chain.json"))
    let report = try json(try CommandRunner.run(["master", input, "-o", output, "--reference", reference, "--save-chain", chain, "--format", "json"]))
    let steps = try XCTUnwrap((report["chain"] as? [String: Any])?["steps"] as? [[String: Any]])
    let kinds = steps.compactMap { ($0["processing"] as? [String: Any])?.keys.first }
    XCTAssertEqual(Array(kinds.suffix(3)), ["limiter", "matchingEQ", "truePeakGuard"], "\(kinds)")
    XCTAssertTrue((report["notes"] as? [String])?.contains { $0.hasPrefix("A tone trim after the limiter") } == true, "\(report["notes"] ?? "")")
    let after = try XCTUnwrap(report["after"] as? [String: Any])
    XCTAssertLessThanOrEqual(try XCTUnwrap(after["truePeak"] as? Double), -1.0)
    _ = try json(try CommandRunner.run(["master", input, "-o", replay, "--chain", chain, "--format", "json"]))
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: replay)), try Data(contentsOf: URL(fileURLWithPath: output)))
  }

  func testReferenceMatchingMovesTheToneTowardTheReference() throws {
    let clean = mix(variation: 5)
    var damaged = clean
    for channel in 0..<2 {
      var bell = Biquad(.peaking(centerHz: 300, gainDB: 6, q: 1, sampleRate: 44_100))
      bell.process(&damaged.channels[channel])
    }
    let reference = try write(clean, named: "reference.wav")
    let input = try write(damaged, named: "damaged.wav")
    let report = try json(try CommandRunner.run(["master", input, "-o", folder.path("restored.wav"), "--reference", reference, "--format", "json"]))
    let before = try XCTUnwrap((report["before"] as? [String: Any])?["namedBands"] as? [String: Double])
    let after = try XCTUnwrap((report["after"] as? [String: Any])?["namedBands"] as? [String: Double])
    let referenceAnalysis = try json(try CommandRunner.run(["analyze", reference, "--format", "json"]))
    let target = try XCTUnwrap(((referenceAnalysis["spectrum"] as? [String: Any])?["normalizedNamedBands"] as? [String: Double])?["low-mid"])
    XCTAssertLessThan(abs(after["low-mid"]! - target), abs(before["low-mid"]! - target) / 3, "low mids restored toward the reference")
  }
}
