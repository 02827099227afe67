import DubplateAudio
import DubplateDSP
import DubplateTestSupport
import Foundation
import XCTest

/// `dubplate analyze`'s platform and codec previews, progress on a terminal only, `--quiet`,
/// `NO_COLOR`/`--no-color`, `--verbose` timings and shell completions, run as a user would.
final class AnalyzePreviewTests: XCTestCase {
  private var folder: TemporaryFolder!

  override func setUpWithError() throws { folder = try TemporaryFolder() }
  override func tearDown() { folder = nil }

  private func write(_ channels: [[Float]], named name: String, sampleRate: Double = 48_000) throws -> String {
    try TestAudio.write(AudioBuffer(channels: channels), to: folder.path(name), sampleRate: sampleRate, bitDepth: .pcm24)
  }

  /// A stereo 1 kHz tone at −20 dBFS peak: −20 LUFS integrated, −20 dBTP.
  private func tone(seconds: Double) throws -> String {
    let samples = SignalGenerator.sine(frequencyHz: 1000, peakDBFS: -20, seconds: seconds, sampleRate: 48_000)
    return try write([samples, samples], named: "tone.wav")
  }

  private func json(_ result: CommandResult) throws -> [String: Any] {
    XCTAssertEqual(result.exitStatus, 0, result.standardError)
    return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
  }

  func testJSONListsEveryServiceWithItsGainAndPeak() throws {
    let document = try json(try CommandRunner.run(["analyze", "--format", "json", try tone(seconds: 3)]))
    let platforms = try XCTUnwrap(document["platforms"] as? [[String: Any]])
    let names = platforms.map { "\($0["service"]!)/\($0["mode"] is NSNull ? "-" : "\($0["mode"]!)")" }
    XCTAssertEqual(names, [
      "spotify/normal", "spotify/loud", "spotify/quiet", "apple-music/-", "youtube/-", "tidal/-",
      "amazon-music/-", "deezer/-",
    ])
    let spotify = platforms[0]
    XCTAssertEqual(try XCTUnwrap(spotify["referenceLUFS"] as? Double), -14)
    XCTAssertEqual(try XCTUnwrap(spotify["gainDB"] as? Double), 6, accuracy: 0.1, "a -20 LUFS track is raised to -14")
    XCTAssertEqual(try XCTUnwrap(spotify["peakAfterDBTP"] as? Double), -14, accuracy: 0.1)
    XCTAssertEqual(try XCTUnwrap(platforms[5]["gainDB"] as? Double), 0, "Tidal does not raise quiet tracks")
    XCTAssertNil(document["codecs"], "codecs appear only with --codec-preview")
    XCTAssertEqual(document["notes"] as? [String], [])
  }

  func testSilenceHasNoPlatformRowsAndSaysWhy() throws {
    let silence = [Float](repeating: 0, count: 48_000)
    let path = try write([silence, silence], named: "silence.wav")
    let document = try json(try CommandRunner.run(["analyze", "--format", "json", path]))
    XCTAssertEqual((document["platforms"] as? [Any])?.count, 0)
    let notes = try XCTUnwrap(document["notes"] as? [String])
    XCTAssertTrue(notes.first?.contains("integrated loudness is undefined") == true, "\(notes)")
    let text = try CommandRunner.run(["analyze", path])
    XCTAssertTrue(text.standardOutput.contains("! No platform preview"), text.standardOutput)
    XCTAssertFalse(text.standardOutput.lowercased().contains("nan"))
  }

  func testCodecPreviewReportsEachCodecAndPrintsNothingOnAPipedStandardError() throws {
    let path = try tone(seconds: 3)  // long enough for every measurement: no warning on stderr either
    let result = try CommandRunner.run(["analyze", "--codec-preview", "--format", "json", path])
    XCTAssertEqual(result.standardError, "", "no progress bar when standard error is a pipe")
    let codecs = try XCTUnwrap(try json(result)["codecs"] as? [[String: Any]])
    XCTAssertEqual(codecs.map { $0["codec"] as? String }, ["mp3", "mp3", "vorbis", "opus"])
    XCTAssertEqual(codecs.map { $0["bitrateKbps"] as? Int }.prefix(2), [320, 128])
    for codec in codecs {
      XCTAssertEqual(Set(codec.keys), ["codec", "bitrateKbps", "truePeakDBTP", "overs", "safeCeilingDBTP", "skipped"])
      XCTAssertEqual(codec["overs"] as? Int, 0, "\(codec)")
    }
    let text = try CommandRunner.run(["analyze", "--codec-preview", path])
    XCTAssertTrue(text.standardOutput.contains("\nCodecs "), text.standardOutput)
    XCTAssertTrue(text.standardOutput.contains("MP3 128 kbps"), text.standardOutput)
  }

  func testProgressBarAppearsOnATerminalInColourUnlessNoColor() throws {
    let path = try tone(seconds: 1)
    let shown = try PseudoTerminal.run(["analyze", "--codec-preview", path], unset: ["NO_COLOR"])
    XCTAssertEqual(shown.exitStatus, 0, shown.standardOutput)
    XCTAssertTrue(shown.standardOutput.contains("tone.wav: codec preview ["), shown.standardOutput)
    XCTAssertTrue(shown.standardOutput.contains("100%  ETA"), shown.standardOutput)
    XCTAssertTrue(shown.standardOutput.contains("\u{1B}[36m"), "coloured on a terminal")

    let plain = try PseudoTerminal.run(["analyze", "--codec-preview", path], environment: ["NO_COLOR": "1"])
    XCTAssertTrue(plain.standardOutput.contains("codec preview ["), plain.standardOutput)
    XCTAssertFalse(plain.standardOutput.contains("\u{1B}["), "NO_COLOR: no escape codes at all")
    let flagged = try PseudoTerminal.run(["analyze", "--codec-preview", "--no-color", path], unset: ["NO_COLOR"])
    XCTAssertFalse(flagged.standardOutput.contains("\u{1B}["), "--no-color: no escape codes at all")
  }

  func testQuietShowsNoProgressEvenOnATerminal() throws {
    let quiet = try PseudoTerminal.run(["analyze", "--codec-preview", "--quiet", try tone(seconds: 1)])
    XCTAssertEqual(quiet.exitStatus, 0, quiet.standardOutput)
    XCTAssertFalse(quiet.standardOutput.contains("codec preview ["), quiet.standardOutput)
    XCTAssertFalse(quiet.standardOutput.contains("\r\u{20}"), "no bar was drawn or erased")
  }

  func testLongFilesShowAnalysisProgressShortOnesDoNot() throws {
    let samples = SignalGenerator.sine(frequencyHz: 440, peakDBFS: -10, seconds: 31, sampleRate: 8_000)
    let long = try write([samples], named: "long.wav", sampleRate: 8_000)
    let shown = try PseudoTerminal.run(["analyze", long])
    XCTAssertTrue(shown.standardOutput.contains("long.wav: analysing ["), shown.standardOutput)
    let short = try PseudoTerminal.run(["analyze", try tone(seconds: 1)])
    XCTAssertFalse(short.standardOutput.contains("analysing ["), short.standardOutput)
  }

  func testVerbosePrintsTimingsOnStandardError() throws {
    let result = try CommandRunner.run(["analyze", "--verbose", "--codec-preview", try tone(seconds: 1)])
    XCTAssertEqual(result.exitStatus, 0)
    XCTAssertTrue(result.standardError.hasPrefix("dubplate: timing: "), result.standardError)
    XCTAssertTrue(result.standardError.contains("codec preview "), result.standardError)
  }

  func testShellCompletionsAreGenerated() throws {
    for shell in ["bash", "zsh", "fish"] {
      let result = try CommandRunner.run(["--generate-completion-script", shell])
      XCTAssertEqual(result.exitStatus, 0, shell)
      XCTAssertTrue(result.standardOutput.contains("codec-preview"), shell)
    }
  }
}
