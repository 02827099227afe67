import DubplateAudio
import DubplateDSP
import DubplateTestSupport
import Foundation
import XCTest

/// Runs `dubplate analyze` as a user would and checks stdout, stderr and the exit status.
final class AnalyzeCommandTests: XCTestCase {
  private var folder: TemporaryFolder!

  override func setUpWithError() throws { folder = try TemporaryFolder() }
  override func tearDown() { folder = nil }

  /// Writes `buffer` as a file in the test folder and returns its path.
  private func write(
    _ buffer: AudioBuffer, named name: String, sampleRate: Double = 48_000, bitDepth: BitDepth = .pcm24
  ) throws -> String {
    try TestAudio.write(buffer, to: folder.path(name), sampleRate: sampleRate, bitDepth: bitDepth)
  }

  private func tone(peakDBFS: Double, seconds: Double, sampleRate: Double = 48_000, channels: Int = 2) -> AudioBuffer {
    let samples = SignalGenerator.sine(frequencyHz: 1000, peakDBFS: peakDBFS, seconds: seconds, sampleRate: sampleRate)
    return AudioBuffer(channels: Array(repeating: samples, count: channels))
  }

  private func analyzeJSON(_ path: String) throws -> [String: Any] {
    let result = try CommandRunner.run(["analyze", "--format", "json", path])
    XCTAssertEqual(result.exitStatus, 0, result.standardError)
    let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
    return try XCTUnwrap(object as? [String: Any])
  }

  func testTextReportOfAToneShowsItsLoudnessWithUnits() throws {
    let path = try write(tone(peakDBFS: -23, seconds: 5), named: "tone.wav")
    let result = try CommandRunner.run(["analyze", path])
    XCTAssertEqual(result.exitStatus, 0)
    XCTAssertEqual(result.standardError, "")
    let lines = result.standardOutput.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.first { $0.hasPrefix("  Integrated ") }, "  Integrated                -23.0 LUFS", result.standardOutput)
    XCTAssertEqual(lines.first { $0.hasPrefix("  True peak ") }, "  True peak                 -23.0 dBTP  (4x oversampled)")
    XCTAssertEqual(lines.first { $0.hasPrefix("  PLR ") }, "  PLR (peak to loudness)      0.0 dB")
    XCTAssertTrue(result.standardOutput.contains("WAV, PCM 24-bit, 48 000 Hz, stereo"), result.standardOutput)
  }

  func testJSONFollowsTheContract() throws {
    let path = try write(tone(peakDBFS: -20, seconds: 4), named: "tone.wav")
    let json = try analyzeJSON(path)
    XCTAssertEqual(json["schema"] as? String, "dubplate.analysis/1")
    let format = try XCTUnwrap(json["format"] as? [String: Any])
    XCTAssertEqual(format["sampleRate"] as? Double, 48_000)
    XCTAssertEqual(format["channels"] as? Int, 2)
    XCTAssertEqual(format["frames"] as? Int, 192_000)
    let loudness = try XCTUnwrap(json["loudness"] as? [String: Any])
    for key in ["integrated", "range", "truePeak", "samplePeak", "momentaryMax", "shortTermMax", "plr", "psr"] {
      XCTAssertNotNil(loudness[key], "loudness.\(key) missing")
    }
    XCTAssertEqual(try XCTUnwrap(loudness["integrated"] as? Double), -20, accuracy: 0.1)
    let dynamics = try XCTUnwrap(json["dynamics"] as? [String: Any])
    for key in ["crestFactor", "rms", "dcOffset", "clippedSamples"] { XCTAssertNotNil(dynamics[key], key) }
    let stereo = try XCTUnwrap(json["stereo"] as? [String: Any])
    for key in ["correlation", "correlationP5", "width", "lowEndCorrelation", "balance"] {
      XCTAssertTrue(stereo.keys.contains(key), "stereo.\(key) missing")
    }
    XCTAssertEqual(try XCTUnwrap(stereo["correlation"] as? Double), 1, accuracy: 1e-6)
    let spectrum = try XCTUnwrap(json["spectrum"] as? [String: Any])
    let bands = try XCTUnwrap(spectrum["bands"] as? [[String: Any]])
    XCTAssertEqual(bands.first?["hz"] as? Double, 20)
    let named = try XCTUnwrap(spectrum["namedBands"] as? [String: Any])
    XCTAssertEqual(Set(named.keys), ["sub", "bass", "low-mid", "mid", "high-mid", "air"])
    XCTAssertNotNil(spectrum["tilt"])
  }

  func testSeveralFilesGiveAJSONArrayOrJSONLines() throws {
    let a = try write(tone(peakDBFS: -20, seconds: 1), named: "a.wav")
    let b = try write(tone(peakDBFS: -30, seconds: 1), named: "b.flac")
    let array = try CommandRunner.run(["analyze", "--format", "json", a, b])
    XCTAssertEqual(array.exitStatus, 0, array.standardError)
    let decoded = try JSONSerialization.jsonObject(with: Data(array.standardOutput.utf8)) as? [[String: Any]]
    XCTAssertEqual(decoded?.count, 2)
    let lines = try CommandRunner.run(["analyze", "--format", "jsonl", a, b])
    XCTAssertEqual(lines.standardOutput.split(separator: "\n").count, 2)
  }

  func testMissingFileIsOneLineAndExitOne() throws {
    let result = try CommandRunner.run(["analyze", folder.path("nothing-here.wav")])
    XCTAssertEqual(result.exitStatus, 1)
    XCTAssertEqual(result.standardOutput, "")
    XCTAssertEqual(result.standardError.split(separator: "\n").count, 1, result.standardError)
    XCTAssertTrue(result.standardError.contains("nothing-here.wav"))
  }

  func testBadInputsEachGiveOneClearLine() throws {
    let empty = folder.path("empty.wav")
    FileManager.default.createFile(atPath: empty, contents: Data())
    let garbage = folder.path("garbage.wav")
    FileManager.default.createFile(atPath: garbage, contents: Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 37) }))
    let zeroFrames = try write(AudioBuffer(channelCount: 2, frameCount: 0), named: "zero.wav")
    for path in [empty, garbage, folder.url.path, zeroFrames] {
      let result = try CommandRunner.run(["analyze", path])
      XCTAssertEqual(result.exitStatus, 1, "\(path): \(result.standardOutput)")
      let lines = result.standardError.split(separator: "\n")
      XCTAssertEqual(lines.count, 1, "\(path): \(result.standardError)")
      XCTAssertTrue(lines.first?.hasPrefix("dubplate: ") == true, result.standardError)
    }
  }

  func testTruncatedWAVIsMeasuredWithAWarning() throws {
    let path = try write(tone(peakDBFS: -20, seconds: 2), named: "cut.wav", bitDepth: .pcm16)
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
    let result = try CommandRunner.run(["analyze", "--format", "json", path])
    XCTAssertEqual(result.exitStatus, 0, result.standardError)
    XCTAssertTrue(result.standardError.contains("warning"), result.standardError)
    XCTAssertFalse(result.standardOutput.contains("nan"))
  }

  func testVeryShortFileHasNoIntegratedLoudness() throws {
    let path = try write(tone(peakDBFS: -20, seconds: 0.3), named: "short.wav")
    let json = try analyzeJSON(path)
    let loudness = try XCTUnwrap(json["loudness"] as? [String: Any])
    XCTAssertTrue(loudness["integrated"] is NSNull)
    let text = try CommandRunner.run(["analyze", path])
    XCTAssertTrue(text.standardOutput.contains("too short"), text.standardOutput)
  }

  func testDigitalSilenceIsNullInJSONAndMinusInfinityInText() throws {
    let path = try write(AudioBuffer(channelCount: 2, frameCount: 96_000), named: "silence.wav")
    let json = try analyzeJSON(path)
    let loudness = try XCTUnwrap(json["loudness"] as? [String: Any])
    XCTAssertTrue(loudness["integrated"] is NSNull)
    XCTAssertTrue(loudness["truePeak"] is NSNull)
    let text = try CommandRunner.run(["analyze", path])
    XCTAssertEqual(text.exitStatus, 0)
    XCTAssertTrue(text.standardOutput.contains("-inf dBTP") || text.standardOutput.contains("   -inf"), text.standardOutput)
    XCTAssertFalse(text.standardOutput.lowercased().contains("nan"))
  }

  func testNaNAndInfinitySamplesAreReportedAndSkipped() throws {
    var samples = SignalGenerator.sine(frequencyHz: 1000, peakDBFS: -20, seconds: 2, sampleRate: 48_000)
    samples[1000] = .nan
    samples[2000] = .infinity
    let path = try write(AudioBuffer(channels: [samples, samples]), named: "nan.wav", bitDepth: .float32)
    let result = try CommandRunner.run(["analyze", "--format", "json", path])
    XCTAssertEqual(result.exitStatus, 0, result.standardError)
    XCTAssertFalse(result.standardOutput.lowercased().contains("nan\""))
    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let dynamics = try XCTUnwrap(json["dynamics"] as? [String: Any])
    XCTAssertEqual(dynamics["nonFiniteSamples"] as? Int, 4)
    XCTAssertTrue(result.standardError.contains("NaN"), result.standardError)
  }

  func testMonoFileSaysSoInsteadOfStereoNumbers() throws {
    let path = try write(tone(peakDBFS: -20, seconds: 1, channels: 1), named: "mono.wav")
    let json = try analyzeJSON(path)
    XCTAssertTrue(json["stereo"] is NSNull)
    let text = try CommandRunner.run(["analyze", path])
    XCTAssertTrue(text.standardOutput.contains("Mono file"), text.standardOutput)
  }

  func testSurroundAndOddRatesAreMeasured() throws {
    let surround = try write(tone(peakDBFS: -30, seconds: 1, channels: 6), named: "surround.wav")
    let low = try write(tone(peakDBFS: -20, seconds: 1, sampleRate: 8_000), named: "low.wav", sampleRate: 8_000)
    let high = try write(tone(peakDBFS: -20, seconds: 1, sampleRate: 192_000), named: "high.wav", sampleRate: 192_000)
    for path in [surround, low, high] {
      let json = try analyzeJSON(path)
      let loudness = try XCTUnwrap(json["loudness"] as? [String: Any])
      XCTAssertNotNil(loudness["integrated"] as? Double, path)
    }
  }

  func testUnknownOptionIsAUsageError() throws {
    let result = try CommandRunner.run(["analyze", "--no-such-option", "x.wav"])
    XCTAssertEqual(result.exitStatus, 64)
  }
}
