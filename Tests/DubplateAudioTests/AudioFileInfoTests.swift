import CSndFile
import DubplateAudio
import DubplateDSP
import Foundation
import XCTest

final class AudioFileInfoTests: XCTestCase {
  private var folder: TemporaryFolder!

  override func setUpWithError() throws { folder = try TemporaryFolder() }
  override func tearDown() { folder.remove() }

  /// Each encoding's names and depth, and its clip level checked against a file whose samples
  /// sit at positive and negative full scale (written with libsndfile's clipping on).
  func testEncodingFactsAndClipLevelMatchFullScaleSamples() throws {
    let cases: [(name: String, format: Int, container: String, encoding: String, bits: Int, float: Bool, clip: Float)] = [
      ("u8.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_U8, "WAV", "PCM 8-bit unsigned", 8, false, 127.0 / 128),
      ("s8.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_S8, "AIFF", "PCM 8-bit", 8, false, 127.0 / 128),
      ("16.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, "WAV", "PCM 16-bit", 16, false, 32_767.0 / 32_768),
      ("24.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_24, "AIFF", "PCM 24-bit", 24, false, 8_388_607.0 / 8_388_608),
      ("24.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_24, "FLAC", "PCM 24-bit", 24, false, 8_388_607.0 / 8_388_608),
      ("32.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_32, "WAV", "PCM 32-bit", 32, false, 1),
      ("f.wav", SF_FORMAT_WAVEX | SF_FORMAT_FLOAT, "WAVEX", "float 32-bit", 32, true, 1),
      ("d.wav", SF_FORMAT_WAV | SF_FORMAT_DOUBLE, "WAV", "float 64-bit", 64, true, 1),
    ]
    for item in cases {
      let path = folder.file(item.name)
      SndFileFixture.write(AudioBuffer(channels: [[1, -1, 0.5, 0]]), to: path, format: item.format, sampleRate: 48_000)
      let reader = try AudioFileReader(path: path)
      let info = reader.info
      XCTAssertEqual(info.container, item.container, item.name)
      XCTAssertEqual(info.encoding, item.encoding, item.name)
      XCTAssertEqual(info.bitDepth, item.bits, item.name)
      XCTAssertEqual(info.isFloatingPoint, item.float, item.name)
      XCTAssertEqual(info.clipLevel, item.clip, item.name)
      XCTAssertEqual(try reader.readAll().channels[0], [info.clipLevel, -1, 0.5, 0], item.name)
    }
  }

  func testDurationFollowsFramesAndRate() {
    let info = AudioFileInfo(
      sampleRate: 44_100, channelCount: 2, frameCount: 132_300, container: "WAV", encoding: "PCM 16-bit",
      bitDepth: 16, isFloatingPoint: false, channelRoles: [.left, .right], clipLevel: 32_767.0 / 32_768)
    XCTAssertEqual(info.durationSeconds, 3, accuracy: 1e-12)
  }

  func testCodableRoundTrip() throws {
    let info = AudioFileInfo(
      sampleRate: 48_000, channelCount: 6, frameCount: 10, container: "WAVEX", encoding: "PCM 24-bit",
      bitDepth: 24, isFloatingPoint: false, channelRoles: ChannelRole.defaultLayout(channelCount: 6),
      clipLevel: 8_388_607.0 / 8_388_608)
    let decoded = try JSONDecoder().decode(AudioFileInfo.self, from: JSONEncoder().encode(info))
    XCTAssertEqual(decoded, info)
    let lossy = AudioFileInfo(
      sampleRate: 48_000, channelCount: 2, frameCount: 10, container: "OGG", encoding: "Opus",
      bitDepth: nil, isFloatingPoint: false, channelRoles: [.left, .right], clipLevel: 1)
    XCTAssertEqual(try JSONDecoder().decode(AudioFileInfo.self, from: JSONEncoder().encode(lossy)), lossy)
  }
}
