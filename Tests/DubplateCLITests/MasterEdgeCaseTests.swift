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
    try TestAudio.write(buffer, to: folder.path(name), sampleRate: sampleRate, bitDepth: bitDepth)
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

  func testTruncatedInputIsMasteredAsFarAsItGoesAndSaid() throws {
    // A DC offset makes the chain start with the clean-up high-pass, so the render decodes the
    // file block by block; the header promises 4 s, 2 s are there.
    var buffer = ProgrammeSynthesizer(seconds: 4).mix(variation: 8)
    for channel in 0..<2 { buffer.channels[channel] = buffer.channels[channel].map { $0 * 0.5 + 0.02 } }
    let input = try write(buffer, named: "cut.wav", sampleRate: 44_100, bitDepth: .pcm16)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: input))
    try bytes.prefix(bytes.count - 2 * 44_100 * 4).write(to: URL(fileURLWithPath: input))
    let output = folder.path("out.wav")
    let master = try report(["master", input, "-o", output])
    XCTAssertTrue((master["notes"] as? [String])?.contains { $0.hasPrefix("Input: ") && $0.contains("truncated") } == true, "\(master["notes"] ?? "")")
    XCTAssertTrue(steps(master).first == "eq", "\(steps(master))")
    let written = try AudioFileReader(path: output)
    XCTAssertEqual(written.info.frameCount, try AudioFileReader(path: input).readAll().frameCount)
    XCTAssertEqual(try XCTUnwrap((master["after"] as? [String: Any])?["integrated"] as? Double), -14, accuracy: 0.1)
  }

  func testAVeryQuietInputStopsAtTheGainStagesRangeAndSaysSo() throws {
    // Under -62 LUFS: -14 needs more than the gain stage's +48 dB (this once hit a precondition).
    var buffer = ProgrammeSynthesizer(seconds: 4).mix(variation: 7)
    for channel in 0..<2 { buffer.channels[channel] = buffer.channels[channel].map { $0 * 0.002 } }
    let input = try write(buffer, named: "whisper.wav", sampleRate: 44_100, bitDepth: .float32)
    let master = try report(["master", input, "-o", folder.path("out.wav")])
    let before = try XCTUnwrap((master["before"] as? [String: Any])?["integrated"] as? Double)
    XCTAssertLessThan(before, -62)
    let compromises = try XCTUnwrap(master["compromises"] as? [String])
    XCTAssertTrue(compromises.first?.contains("+48 dB") == true, "\(compromises)")
  }

  func testDynamicMixReachesMinus14WhenOnlyItsHitsAreLimited() throws {
    // A mix 10 dB down with a full-scale click every 4 s: reaching -14 LUFS cuts the clicks by
    // far more than 6 dB, but the limiter rests in over nine tenths of the track: no compromise.
    let seconds = 12.0, sampleRate = 44_100.0
    var buffer = ProgrammeSynthesizer(sampleRate: sampleRate, seconds: seconds).mix(variation: 8)
    for channel in 0..<2 {
      buffer.channels[channel] = buffer.channels[channel].map { $0 * 0.3 }
      for click in stride(from: 1, to: Int(seconds), by: 4) {
        for offset in 0..<64 { buffer.channels[channel][click * Int(sampleRate) + offset] = offset % 2 == 0 ? 0.99 : -0.99 }
      }
    }
    let input = try write(buffer, named: "hits.wav", sampleRate: sampleRate, bitDepth: .float32)
    let output = folder.path("out.wav")
    let master = try report(["master", input, "-o", output])
    let limiter = try XCTUnwrap(master["limiter"] as? [String: Any])
    XCTAssertGreaterThan(try XCTUnwrap(limiter["maximumGainReductionDB"] as? Double), 6)
    XCTAssertEqual(master["compromises"] as? [String], [])
    let after = try XCTUnwrap(master["after"] as? [String: Any])
    XCTAssertEqual(try XCTUnwrap(after["integrated"] as? Double), -14, accuracy: 0.1)
    XCTAssertLessThanOrEqual(try XCTUnwrap(after["truePeak"] as? Double), -1)
  }

  func testOneClickToLimitTakesOnePassThatWritesTheMaster() throws {
    // Two steady tones with one full-scale click in 12 s: the limiter touches one 100 ms
    // stretch in 120, so the first gain is the answer and its pass writes the file (no pair,
    // no writing stage).
    let seconds = 12.0, sampleRate = 44_100.0
    var buffer = AudioBuffer(channels: [220.0, 330.0].map {
      SignalGenerator.sine(frequencyHz: $0, peakDBFS: -16, seconds: seconds, sampleRate: sampleRate)
    })
    for channel in 0..<2 {
      for offset in 0..<8 { buffer.channels[channel][5 * Int(sampleRate) + offset] = offset % 2 == 0 ? 0.99 : -0.99 }
    }
    let input = try write(buffer, named: "click.wav", sampleRate: sampleRate, bitDepth: .float32)
    let master = try report(["master", input, "-o", folder.path("out.wav")])
    XCTAssertEqual(master["passes"] as? Int, 1)
    XCTAssertGreaterThan(try XCTUnwrap((master["limiter"] as? [String: Any])?["maximumGainReductionDB"] as? Double), 1)
    XCTAssertEqual(try XCTUnwrap((master["after"] as? [String: Any])?["integrated"] as? Double), -14, accuracy: 0.1)
    let shown = try PseudoTerminal.run(["master", input, "-o", folder.path("shown.wav"), "--verbose"], unset: ["NO_COLOR"])
    XCTAssertTrue(shown.standardOutput.contains("limiting and writing, pass 1 ["), shown.standardOutput)
    XCTAssertFalse(shown.standardOutput.contains("passes 1-2"), shown.standardOutput)
  }

  func testInterruptedMasterLeavesTheOldOutputAndNoTemporaryFile() throws {
    let input = try write(ProgrammeSynthesizer(seconds: 30).mix(variation: 12), named: "mix.wav", sampleRate: 44_100)
    let output = folder.path("out.wav")
    try Data("previous master\n".utf8).write(to: URL(fileURLWithPath: output))
    func hiddenFiles() throws -> [String] {
      try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.hasPrefix(".") }
    }
    // Interrupted once the render has opened its temporary file.
    let run = try CommandRunner.interrupt(["master", input, "-o", output, "--force"]) { try !hiddenFiles().isEmpty }
    XCTAssertTrue(run.wasRunning, "the master should still be rendering when interrupted")
    XCTAssertEqual(run.exitStatus, 128 + SIGINT)
    XCTAssertEqual(try String(contentsOfFile: output, encoding: .utf8), "previous master\n")
    XCTAssertEqual(try hiddenFiles(), [])
    XCTAssertTrue(run.standardError.contains("interrupted; \"\(output)\" was left as it was."), run.standardError)
  }

  func testAfterFiguresAreThoseOfTheWrittenFile() throws {
    let input = try write(ProgrammeSynthesizer(seconds: 5).mix(variation: 9), named: "mix.wav", sampleRate: 44_100)
    for depth in ["16", "24", "32f"] {
      let output = folder.path("out-\(depth).wav")
      let after = try XCTUnwrap(try report(["master", input, "-o", output, "--bit-depth", depth])["after"] as? [String: Any])
      let analysis = try report(["analyze", output])
      let loudness = try XCTUnwrap(analysis["loudness"] as? [String: Any])
      for key in ["integrated", "truePeak", "range", "plr"] {
        XCTAssertEqual(after[key] as? Double, loudness[key] as? Double, "\(depth)-bit \(key)")
      }
      XCTAssertEqual(after["tilt"] as? Double, (analysis["spectrum"] as? [String: Any])?["tilt"] as? Double, "\(depth)-bit tilt")
    }
  }

  func testProgressByStageOnATerminalOnlyAndTimingsWhenVerbose() throws {
    let input = try write(ProgrammeSynthesizer(seconds: 4).mix(variation: 10), named: "mix.wav", sampleRate: 44_100)
    let shown = try PseudoTerminal.run(["master", input, "-o", folder.path("a.wav"), "--verbose"], unset: ["NO_COLOR"])
    XCTAssertEqual(shown.exitStatus, 0, shown.standardOutput)
    for stage in ["mix.wav: analysing [", "mix.wav: limiting, passes 1-2 [", "mix.wav: limiting and writing ["] {
      XCTAssertTrue(shown.standardOutput.contains(stage), "\(stage) in \(shown.standardOutput)")
    }
    XCTAssertTrue(shown.standardOutput.contains("timing: mix.wav: limiting and writing"), shown.standardOutput)
    XCTAssertTrue(shown.standardOutput.contains("\u{1B}[36m"), "coloured on a terminal")
    let quiet = try PseudoTerminal.run(["master", input, "-o", folder.path("b.wav"), "--verbose", "--quiet", "--no-color"])
    XCTAssertFalse(quiet.standardOutput.contains("analysing ["), quiet.standardOutput)
    XCTAssertFalse(quiet.standardOutput.contains("timing:"), quiet.standardOutput)
    XCTAssertFalse(quiet.standardOutput.contains("\u{1B}["), "--no-color: no escape codes")
    let piped = try CommandRunner.run(["master", input, "-o", folder.path("c.wav")])
    XCTAssertEqual(piped.exitStatus, 0)
    XCTAssertEqual(piped.standardError, "", "nothing on a piped standard error")
  }
}
