import CSndFile
import DubplateAudio
import DubplateDSP
import DubplateTestSupport
import XCTest

final class AudioFileReaderTests: XCTestCase {
  private var folder: TemporaryFolder!

  override func setUpWithError() throws { folder = try TemporaryFolder() }
  override func tearDown() { folder.remove() }

  /// A stereo 1 kHz sine at −6 dBFS peak (RMS −9.01 dBFS), `seconds` long.
  private func sineBuffer(sampleRate: Double, channelCount: Int = 2, seconds: Double = 1) -> AudioBuffer {
    let sine = SignalGenerator.sine(frequencyHz: 1000, peakDBFS: -6, seconds: seconds, sampleRate: sampleRate)
    return AudioBuffer(channels: Array(repeating: sine, count: channelCount))
  }

  // MARK: - Streaming

  func testOddBlockSizesDeinterleaveChannelAndFrame() throws {
    // Sample (channel c, frame f) = (c·4096 + f) / 2^16, exact in float. Stereo has its own
    // eight-frames-at-a-time path; 3 channels take the general one.
    for channelCount in [2, 3] {
      let frameCount = 2_000
      let channels = (0..<channelCount).map { channel in
        (0..<frameCount).map { Float(channel * 4096 + $0) / 65_536 }
      }
      let path = folder.file("ramp-\(channelCount).wav")
      SndFileFixture.write(
        AudioBuffer(channels: channels), to: path, format: SF_FORMAT_WAV | SF_FORMAT_FLOAT, sampleRate: 48_000)
      for blockSize in [1, 7, 333, 1_999, 4_096] {
        let reader = try AudioFileReader(path: path)
        var collected = [[Float]](repeating: [], count: channelCount)
        while let block = try reader.read(maximumFrames: blockSize) {
          XCTAssertLessThanOrEqual(block.frameCount, blockSize)
          XCTAssertEqual(block.channelCount, channelCount)
          for channel in 0..<channelCount { collected[channel] += block.channels[channel] }
        }
        XCTAssertEqual(collected, channels, "\(channelCount) channels, block size \(blockSize)")
        XCTAssertEqual(reader.framesRead, frameCount)
        XCTAssertNil(try reader.read(maximumFrames: blockSize), "stays at the end")
      }
    }
  }

  func testReadAllReturnsTheRestAfterPartialRead() throws {
    let path = folder.file("rest.wav")
    let buffer = sineBuffer(sampleRate: 44_100, seconds: 0.1)
    SndFileFixture.write(buffer, to: path, format: SF_FORMAT_WAV | SF_FORMAT_FLOAT, sampleRate: 44_100)
    let reader = try AudioFileReader(path: path)
    let head = try XCTUnwrap(reader.read(maximumFrames: 1_000))
    let rest = try reader.readAll()
    XCTAssertEqual(head.frameCount + rest.frameCount, buffer.frameCount)
    XCTAssertEqual(rest.channels[1], Array(buffer.channels[1][1_000...]))
    XCTAssertEqual(reader.framesRead, buffer.frameCount)
  }

  // MARK: - Lossy formats written by libsndfile itself

  func testReadsVorbisOpusAndMP3SineAtRightRateChannelsAndLevel() throws {
    let cases: [(name: String, format: Int, container: String, encoding: String)] = [
      ("sine.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, "OGG", "Vorbis"),
      ("sine.opus", SF_FORMAT_OGG | SF_FORMAT_OPUS, "OGG", "Opus"),
      ("sine.mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III, "MPEG", "MP3"),
    ]
    let buffer = sineBuffer(sampleRate: 48_000)
    let expectedRMS = -6 - 10 * log10(2.0)
    for item in cases {
      let path = folder.file(item.name)
      SndFileFixture.write(buffer, to: path, format: item.format, sampleRate: 48_000, clipping: false)
      let reader = try AudioFileReader(path: path)
      XCTAssertEqual(reader.info.sampleRate, 48_000, item.name)
      XCTAssertEqual(reader.info.channelCount, 2, item.name)
      XCTAssertEqual(reader.info.container, item.container, item.name)
      XCTAssertEqual(reader.info.encoding, item.encoding, item.name)
      XCTAssertNil(reader.info.bitDepth, item.name)
      XCTAssertFalse(reader.info.isFloatingPoint, item.name)
      XCTAssertEqual(reader.info.clipLevel, 1, item.name)
      let decoded = try reader.readAll()
      XCTAssertEqual(Double(decoded.frameCount), 48_000, accuracy: 2_000, item.name)
      for channel in 0..<2 {
        let level = SndFileFixture.rmsDBFS(decoded.channels[channel], 12_000..<36_000)
        XCTAssertEqual(level, expectedRMS, accuracy: 0.5, "\(item.name) channel \(channel): \(level) dBFS")
      }
    }
  }

  func testDecodeErrorMidFileThrowsReadFailed() throws {
    let path = folder.file("damaged.mp3")
    SndFileFixture.write(
      sineBuffer(sampleRate: 48_000), to: path, format: SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III,
      sampleRate: 48_000, clipping: false)
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    var random = SeededRandom(seed: 1)
    for index in bytes.count / 2..<min(bytes.count, bytes.count / 2 + 2_000) {
      bytes[index] = UInt8(truncatingIfNeeded: random.next())
    }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let reader = try AudioFileReader(path: path)
    XCTAssertThrowsError(try reader.readAll()) { error in
      guard case .readFailed(let failedPath, _) = error as? AudioFileError else {
        return XCTFail("expected readFailed, got \(error)")
      }
      XCTAssertEqual(failedPath, path)
      XCTAssertFalse("\(error)".contains("\n"))
    }
  }

  // MARK: - Channel counts, rates and roles

  func testMonoAt8kHzAndHighRates() throws {
    let cases: [(name: String, format: Int, rate: Int, encoding: String)] = [
      ("mono8k.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8_000, "PCM 16-bit"),
      ("hi192k.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 192_000, "PCM 24-bit"),
      ("hi384k.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 384_000, "float 32-bit"),
      ("hi384k.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 384_000, "PCM 24-bit"),
    ]
    for item in cases {
      let path = folder.file(item.name)
      let buffer = sineBuffer(sampleRate: Double(item.rate), channelCount: 1, seconds: 0.05)
      SndFileFixture.write(buffer, to: path, format: item.format, sampleRate: item.rate)
      let reader = try AudioFileReader(path: path)
      XCTAssertEqual(reader.info.sampleRate, Double(item.rate), item.name)
      XCTAssertEqual(reader.info.channelCount, 1, item.name)
      XCTAssertEqual(reader.info.frameCount, buffer.frameCount, item.name)
      XCTAssertEqual(reader.info.durationSeconds, 0.05, accuracy: 1e-9, item.name)
      XCTAssertEqual(reader.info.encoding, item.encoding, item.name)
      XCTAssertEqual(reader.info.channelRoles, [.mono], item.name)
      let decoded = try reader.readAll()
      let peak = decoded.channels[0].map(abs).max() ?? 0
      XCTAssertEqual(Double(peak), Decibels.toAmplitude(-6), accuracy: 1e-3, item.name)
    }
  }

  func testSixChannelsReadAsFivePointOne() throws {
    for (name, major) in [("six.wav", SF_FORMAT_WAV), ("sixx.wav", SF_FORMAT_WAVEX), ("six.flac", SF_FORMAT_FLAC)] {
      let path = folder.file(name)
      let channels = (0..<6).map { [Float](repeating: Float($0 + 1) / 8, count: 100) }
      SndFileFixture.write(AudioBuffer(channels: channels), to: path, format: major | SF_FORMAT_PCM_16, sampleRate: 48_000)
      let reader = try AudioFileReader(path: path)
      XCTAssertEqual(reader.info.channelRoles, ChannelRole.defaultLayout(channelCount: 6), name)
      XCTAssertEqual(try reader.readAll().channels, channels, name)
    }
  }

  func testChannelRolesComeFromTheWAVEXMaskWhenPresent() throws {
    let path = folder.file("quad-lcr-lfe.wav")
    let buffer = AudioBuffer(channelCount: 4, frameCount: 10)
    SndFileFixture.write(
      buffer, to: path, format: SF_FORMAT_WAVEX | SF_FORMAT_PCM_24, sampleRate: 48_000,
      channelMap: [SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT, SF_CHANNEL_MAP_CENTER, SF_CHANNEL_MAP_LFE])
    let reader = try AudioFileReader(path: path)
    XCTAssertEqual(reader.info.container, "WAVEX")
    XCTAssertEqual(reader.info.channelRoles, [.left, .right, .center, .lowFrequencyEffects])

    let plainPath = folder.file("quad.wav")
    SndFileFixture.write(buffer, to: plainPath, format: SF_FORMAT_WAV | SF_FORMAT_PCM_24, sampleRate: 48_000)
    XCTAssertEqual(
      try AudioFileReader(path: plainPath).info.channelRoles, [.left, .right, .leftSurround, .rightSurround])
  }

  // MARK: - Truncated and unusual headers

  func testTruncatedWAVWarnsAndReadsWhatIsThere() throws {
    let path = folder.file("cut.wav")
    SndFileFixture.write(sineBuffer(sampleRate: 48_000), to: path, format: SF_FORMAT_WAV | SF_FORMAT_PCM_16, sampleRate: 48_000)
    // 44-byte header + 100 000 of the 192 000 data bytes = 25 000 of 48 000 stereo frames.
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    try bytes.prefix(44 + 100_000).write(to: URL(fileURLWithPath: path))

    let reader = try AudioFileReader(path: path)
    XCTAssertTrue(reader.isTruncated)
    XCTAssertEqual(reader.info.frameCount, 25_000)
    let warning = try XCTUnwrap(reader.truncationWarning)
    XCTAssertEqual(
      warning,
      "\"\(path)\" is truncated: its header promises 1.000 s of audio but only 0.521 s is present; using what is there.")
    XCTAssertEqual(try reader.readAll().frameCount, 25_000)
  }

  func testTruncatedAIFFWarns() throws {
    let path = folder.file("cut.aiff")
    SndFileFixture.write(sineBuffer(sampleRate: 48_000), to: path, format: SF_FORMAT_AIFF | SF_FORMAT_PCM_16, sampleRate: 48_000)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
    let reader = try AudioFileReader(path: path)
    XCTAssertTrue(reader.isTruncated)
    XCTAssertLessThan(reader.info.frameCount, 48_000)
    XCTAssertTrue(try XCTUnwrap(reader.truncationWarning).contains("promises 1.000 s"))
  }

  /// Writes a 1 s stereo FLAC and returns its bytes and the offset of a frame header
  /// (sync code 0xFFF8) near the middle, where a cut leaves only whole frames.
  private func flacCutPoint(_ path: String) throws -> (bytes: Data, frameStart: Int) {
    SndFileFixture.write(sineBuffer(sampleRate: 48_000), to: path, format: SF_FORMAT_FLAC | SF_FORMAT_PCM_16, sampleRate: 48_000)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    let frameStart = try XCTUnwrap(
      (bytes.count / 2..<bytes.count - 1).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xF8 })
    return (bytes, frameStart)
  }

  func testFLACCutBetweenFramesWarnsAfterReadingToTheEnd() throws {
    let path = folder.file("cut.flac")
    let (bytes, frameStart) = try flacCutPoint(path)
    try bytes.prefix(frameStart).write(to: URL(fileURLWithPath: path))
    let reader = try AudioFileReader(path: path)
    XCTAssertEqual(reader.info.frameCount, 48_000, "STREAMINFO still claims the whole length")
    XCTAssertNil(reader.truncationWarning, "not yet known")
    let decoded = try reader.readAll()
    XCTAssertLessThan(decoded.frameCount, 48_000)
    XCTAssertGreaterThan(decoded.frameCount, 0)
    let warning = try XCTUnwrap(reader.truncationWarning)
    XCTAssertTrue(warning.hasPrefix("\"\(path)\" ended early: its header promises 1.000 s"), warning)
    XCTAssertFalse(warning.contains("\n"))
  }

  func testFLACCutInsideAFrameThrowsReadFailed() throws {
    let path = folder.file("cut-mid-frame.flac")
    let (bytes, frameStart) = try flacCutPoint(path)
    try bytes.prefix(frameStart + 100).write(to: URL(fileURLWithPath: path))
    let reader = try AudioFileReader(path: path)
    XCTAssertThrowsError(try reader.readAll()) { error in
      guard case .readFailed(path, let reason) = error as? AudioFileError else {
        return XCTFail("expected readFailed, got \(error)")
      }
      XCTAssertEqual(reason, "Error : flac decoder lost sync.")
    }
  }

  func testFLACWithoutTotalInStreamInfoIsCountedByDecoding() throws {
    let path = folder.file("nolength.flac")
    SndFileFixture.write(sineBuffer(sampleRate: 48_000), to: path, format: SF_FORMAT_FLAC | SF_FORMAT_PCM_16, sampleRate: 48_000)
    // STREAMINFO starts at byte 8; its 36-bit total-samples field spans the low 4 bits of
    // byte 21 and bytes 22–25. Zero means "unknown", which libsndfile reports as SF_COUNT_MAX.
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    bytes[21] &= 0xF0
    for index in 22...25 { bytes[index] = 0 }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let reader = try AudioFileReader(path: path)
    XCTAssertEqual(reader.info.frameCount, 48_000)
    XCTAssertEqual(try reader.readAll().frameCount, 48_000)
    XCTAssertNil(reader.truncationWarning)
  }

  // MARK: - Bad inputs

  private func assertOpenFails(
    _ path: String, file: StaticString = #filePath, line: UInt = #line,
    _ check: (AudioFileError) -> Bool
  ) {
    do {
      _ = try AudioFileReader(path: path)
      XCTFail("opened \(path)", file: file, line: line)
    } catch {
      XCTAssertTrue(check(error), "wrong case: \(error)", file: file, line: line)
      XCTAssertFalse(error.description.contains("\n"), file: file, line: line)
      XCTAssertTrue(error.description.contains("\"\(path)\""), file: file, line: line)
    }
  }

  func testBadInputsThrowTheRightCase() throws {
    assertOpenFails(folder.file("missing.wav")) { $0 == .notFound(path: folder.file("missing.wav")) }
    assertOpenFails(folder.file("missing/inside.wav")) { $0 == .notFound(path: folder.file("missing/inside.wav")) }
    try FileManager.default.createDirectory(atPath: folder.file("folder.wav"), withIntermediateDirectories: false)
    assertOpenFails(folder.file("folder.wav")) { $0 == .isDirectory(path: folder.file("folder.wav")) }
    XCTAssertTrue(FileManager.default.createFile(atPath: folder.file("empty.wav"), contents: Data()))
    assertOpenFails(folder.file("empty.wav")) { $0 == .empty(path: folder.file("empty.wav")) }

    var random = SeededRandom(seed: 7)
    let junk = Data((0..<4_000).map { _ in UInt8(truncatingIfNeeded: random.next()) })
    XCTAssertTrue(FileManager.default.createFile(atPath: folder.file("junk.wav"), contents: junk))
    assertOpenFails(folder.file("junk.wav")) {
      guard case .cannotOpen(_, let reason) = $0 else { return false }
      return reason == "Format not recognised."
    }

    SndFileFixture.write(
      AudioBuffer(channelCount: 2, frameCount: 0), to: folder.file("silent.wav"),
      format: SF_FORMAT_WAV | SF_FORMAT_PCM_16, sampleRate: 48_000)
    assertOpenFails(folder.file("silent.wav")) { $0 == .noAudio(path: folder.file("silent.wav")) }
  }

  /// A named pipe with no writer would block `open` for ever; it is refused at once instead.
  func testNamedPipeIsRefusedInsteadOfBlocking() throws {
    let path = folder.file("pipe.wav")
    XCTAssertEqual(mkfifo(path, 0o644), 0)
    assertOpenFails(path) {
      guard case .cannotOpen(_, let reason) = $0 else { return false }
      return reason.contains("pipe or socket")
    }
  }
}
