import DubplateAnalysis
import DubplateAudio
import DubplateDSP
import DubplateTestSupport
import Foundation
import XCTest

/// A corpus of damaged files made from one good WAV: every one must give a clean
/// `AudioFileError` or an analysis whose JSON holds no NaN or infinity — never a crash.
final class MalformedFileCorpusTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("dubplate-corpus-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try FileManager.default.removeItem(at: folder) }

  /// A 0.25 s stereo 16-bit WAV of a tone, as bytes.
  private func goodWAV(bitDepth: BitDepth = .pcm16) throws -> Data {
    let path = folder.appendingPathComponent("good-\(bitDepth.rawValue).wav").path
    let tone = SignalGenerator.sine(frequencyHz: 1000, peakDBFS: -6, seconds: 0.25, sampleRate: 44_100)
    let writer = try AudioFileWriter(path: path, format: try OutputFormat.forPath(path, bitDepth: bitDepth), sampleRate: 44_100, channelCount: 2)
    try writer.write(AudioBuffer(channels: [tone, tone]))
    try writer.finish()
    return try Data(contentsOf: URL(fileURLWithPath: path))
  }

  /// A 0.25 s stereo 16-bit AIFF of a tone, as bytes.
  private func goodAIFF() throws -> Data {
    let path = folder.appendingPathComponent("good.aiff").path
    let tone = SignalGenerator.sine(frequencyHz: 1000, peakDBFS: -6, seconds: 0.25, sampleRate: 44_100)
    let writer = try AudioFileWriter(path: path, format: try OutputFormat.forPath(path, bitDepth: .pcm16), sampleRate: 44_100, channelCount: 2)
    try writer.write(AudioBuffer(channels: [tone, tone]))
    try writer.finish()
    return try Data(contentsOf: URL(fileURLWithPath: path))
  }

  /// Analyses `bytes` written to a file; fails the test on NaN/Infinity in the JSON.
  private func check(_ bytes: Data, _ name: String) throws -> Bool {
    let path = folder.appendingPathComponent(name).path
    try bytes.write(to: URL(fileURLWithPath: path))
    do {
      let analysis = try TrackAnalyzer.analyze(fileAt: path)
      // JSONSerialization refuses NaN and Infinity literals, so parsing proves there are none.
      let data = try JSONEncoder().encode(analysis)
      XCTAssertNoThrow(try JSONSerialization.jsonObject(with: data), name)
      return true
    } catch let error as AudioFileError {
      XCTAssertFalse(error.description.contains("\n"), "\(name): the error is one line")
      return false
    }
  }

  private func settingLittleEndian(_ data: Data, at offset: Int, _ value: UInt32) -> Data {
    var copy = data
    withUnsafeBytes(of: value.littleEndian) { copy.replaceSubrange(offset..<(offset + 4), with: $0) }
    return copy
  }

  private func settingLittleEndian16(_ data: Data, at offset: Int, _ value: UInt16) -> Data {
    var copy = data
    withUnsafeBytes(of: value.littleEndian) { copy.replaceSubrange(offset..<(offset + 2), with: $0) }
    return copy
  }

  func testTruncatedAtEveryHeaderOffset() throws {
    let good = try goodWAV()
    var analysed = 0
    for length in Array(0...64) + [100, 1_000, good.count / 2, good.count - 1] {
      if try check(good.prefix(length), "cut-\(length).wav") { analysed += 1 }
    }
    XCTAssertGreaterThan(analysed, 0, "cuts after the header still measure what is there")
  }

  func testWrongChunkSizesAndAbsurdFormatFields() throws {
    let good = try goodWAV()
    // Canonical 44-byte header: RIFF size at 4, channels at 22, rate at 24, byte rate 28,
    // block align 32, bits 34, data size at 40.
    let variants: [(String, Data)] = [
      ("riff-size-zero", settingLittleEndian(good, at: 4, 0)),
      ("riff-size-huge", settingLittleEndian(good, at: 4, .max)),
      ("data-size-huge", settingLittleEndian(good, at: 40, .max)),
      ("data-size-zero", settingLittleEndian(good, at: 40, 0)),
      ("channels-zero", settingLittleEndian16(good, at: 22, 0)),
      ("channels-huge", settingLittleEndian16(good, at: 22, .max)),
      ("rate-zero", settingLittleEndian(good, at: 24, 0)),
      ("rate-one", settingLittleEndian(good, at: 24, 1)),
      ("rate-huge", settingLittleEndian(good, at: 24, .max)),
      ("bits-zero", settingLittleEndian16(good, at: 34, 0)),
      ("bits-odd", settingLittleEndian16(good, at: 34, 13)),
      ("block-align-zero", settingLittleEndian16(good, at: 32, 0)),
    ]
    for (name, bytes) in variants { _ = try check(bytes, name + ".wav") }
  }

  /// AIFF's COMM chunk: channels (2 bytes), frames (4), bits (2), then the sample rate as an
  /// 80-bit extended float, which can spell zero, infinity or NaN.
  func testAIFFCutsAndAbsurdCommonChunkFields() throws {
    let good = try goodAIFF()
    let comm = try XCTUnwrap(good.range(of: Data("COMM".utf8))).lowerBound + 8
    let ssnd = try XCTUnwrap(good.range(of: Data("SSND".utf8))).lowerBound
    for length in 0...(ssnd + 16) { _ = try check(good.prefix(length), "aiff-cut-\(length).aiff") }
    func setting(_ offset: Int, _ bytes: [UInt8]) -> Data {
      var copy = good
      copy.replaceSubrange((comm + offset)..<(comm + offset + bytes.count), with: bytes)
      return copy
    }
    let variants: [(String, Data)] = [
      ("channels-zero", setting(0, [0, 0])),
      ("channels-huge", setting(0, [0x7F, 0xFF])),
      ("frames-huge", setting(2, [0xFF, 0xFF, 0xFF, 0xFF])),
      ("bits-zero", setting(6, [0, 0])),
      ("rate-zero", setting(8, [UInt8](repeating: 0, count: 10))),
      ("rate-infinity", setting(8, [0x7F, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0])),
      ("rate-nan", setting(8, [0x7F, 0xFF, 0xC0, 0, 0, 0, 0, 0, 0, 0])),
      ("rate-huge", setting(8, [0x40, 0x40, 0x80, 0, 0, 0, 0, 0, 0, 0])),
    ]
    for (name, bytes) in variants { _ = try check(bytes, "aiff-" + name + ".aiff") }
  }

  func testRandomBytesBehindAValidHeader() throws {
    let good = try goodWAV()
    var random = SeededRandom(seed: 7)
    for round in 0..<8 {
      var bytes = good.prefix(44)
      bytes.append(contentsOf: (0..<(4_000 + round * 997)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
      _ = try check(bytes, "random-\(round).wav")
    }
  }

  func testFloatFileFullOfNaNAndInfinity() throws {
    let good = try goodWAV(bitDepth: .float32)
    var bytes = good
    let sampleBytes: Int = 11_025 * 2 * 4  // 0.25 s of stereo float samples at the end of the file
    let headerLength = good.count - sampleBytes
    let specials: [Float] = [.nan, .infinity, -.infinity, .signalingNaN]
    var index = 0
    var offset = headerLength
    while offset + 4 <= bytes.count {
      withUnsafeBytes(of: specials[index % specials.count].bitPattern.littleEndian) { bytes.replaceSubrange(offset..<(offset + 4), with: $0) }
      index += 1
      offset += 4
    }
    XCTAssertTrue(try check(bytes, "all-nan.wav"))
  }
}
