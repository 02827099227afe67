import DubplateAudio
import DubplateDSP
import DubplateTestSupport
import Foundation
import XCTest

final class AudioFileWriterTests: XCTestCase {
  private var folder: TemporaryFolder!

  override func setUpWithError() throws { folder = try TemporaryFolder() }
  override func tearDown() { folder.remove() }

  /// Two channels of deterministic uniform noise within ±0.9, `frameCount` long.
  private func noise(frameCount: Int, channelCount: Int = 2) -> AudioBuffer {
    var random = SeededRandom(seed: 42)
    return AudioBuffer(channels: (0..<channelCount).map { _ in
      (0..<frameCount).map { _ in Float(0.9 * random.nextBipolar()) }
    })
  }

  private func writeFile(
    _ buffer: AudioBuffer, to path: String, _ format: OutputFormat, sampleRate: Double = 44_100
  ) throws {
    let writer = try AudioFileWriter(
      path: path, format: format, sampleRate: sampleRate, channelCount: buffer.channelCount)
    try writer.write(buffer)
    try writer.finish()
  }

  // MARK: - Round trips

  func testRoundTripsEveryContainerAndDepthWithinQuantisation() throws {
    let buffer = noise(frameCount: 4_410)
    let depths: [(BitDepth, encoding: String, bits: Int, tolerance: Float)] = [
      (.pcm16, "PCM 16-bit", 16, 0.5 / 32_768),
      (.pcm24, "PCM 24-bit", 24, 0.5 / 8_388_608),
      (.float32, "float 32-bit", 32, 0),
    ]
    for container in OutputFormat.Container.allCases {
      for (depth, encoding, bits, tolerance) in depths {
        let path = folder.file("round-\(depth.rawValue).\(container.rawValue)")
        guard container != .flac || depth != .float32 else {
          XCTAssertThrowsError(try OutputFormat(container: container, bitDepth: depth))
          continue
        }
        try writeFile(buffer, to: path, OutputFormat(container: container, bitDepth: depth))
        let reader = try AudioFileReader(path: path)
        XCTAssertEqual(reader.info.container, container.displayName, path)
        XCTAssertEqual(reader.info.encoding, encoding, path)
        XCTAssertEqual(reader.info.bitDepth, bits, path)
        XCTAssertEqual(reader.info.sampleRate, 44_100, path)
        let decoded = try reader.readAll()
        XCTAssertEqual(decoded.frameCount, buffer.frameCount, path)
        var worst: Float = 0
        for channel in 0..<2 {
          for (a, b) in zip(decoded.channels[channel], buffer.channels[channel]) { worst = max(worst, abs(a - b)) }
        }
        XCTAssertLessThanOrEqual(worst, tolerance, "\(path): worst error \(worst)")
      }
    }
  }

  func testIntegerOutputsRoundToNearestAndClipOversInsteadOfWrapping() throws {
    for (name, format, bits) in [
      ("over.wav", try OutputFormat(container: .wav, bitDepth: .pcm16), 16),
      ("over.aiff", try OutputFormat(container: .aiff, bitDepth: .pcm24), 24),
      ("over.flac", try OutputFormat(container: .flac, bitDepth: .pcm16), 16),
      ("over24.flac", try OutputFormat(container: .flac, bitDepth: .pcm24), 24),
    ] {
      let step = 1 / Float(1 << (bits - 1))
      let input: [Float] = [1.5, -1.5, 1.0, -1.0, 0.5, 100.75 * step, -100.25 * step, .nan]
      try writeFile(AudioBuffer(channels: [input]), to: folder.file(name), format)
      let reader = try AudioFileReader(path: folder.file(name))
      let clip = reader.info.clipLevel
      XCTAssertEqual(clip, 1 - step, name)
      XCTAssertEqual(
        try reader.readAll().channels[0], [clip, -1, clip, -1, 0.5, 101 * step, -100 * step, 0], name)
    }
    let overs = AudioBuffer(channels: [[1.5, -1.5, 1.0, -1.0, 0.5]])
    try writeFile(overs, to: folder.file("over-float.wav"), OutputFormat(container: .wav, bitDepth: .float32))
    XCTAssertEqual(try AudioFileReader(path: folder.file("over-float.wav")).readAll(), overs, "float keeps overs")
  }

  func testMultichannelWAVCarriesTheSpeakerMask() throws {
    for channelCount in [6, 8] {
      let path = folder.file("surround\(channelCount).wav")
      try writeFile(noise(frameCount: 100, channelCount: channelCount), to: path, OutputFormat(container: .wav, bitDepth: .pcm24))
      let info = try AudioFileReader(path: path).info
      XCTAssertEqual(info.container, "WAVEX")
      XCTAssertEqual(info.channelRoles, ChannelRole.defaultLayout(channelCount: channelCount))
    }
  }

  // MARK: - Nothing is lost

  func testFinalFileAppearsOnlyAfterFinish() throws {
    let path = folder.file("out.wav")
    let writer = try AudioFileWriter(
      path: path, format: OutputFormat(container: .wav, bitDepth: .pcm16), sampleRate: 48_000, channelCount: 2)
    try writer.write(noise(frameCount: 1_000))
    XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    let temporaryName = try XCTUnwrap(folder.contents().first)
    XCTAssertEqual(try folder.contents().count, 1)
    XCTAssertTrue(temporaryName.hasPrefix(".out.wav.dubplate-tmp-"), temporaryName)
    XCTAssertEqual(writer.temporaryPath, folder.file(temporaryName))
    try writer.finish()
    XCTAssertEqual(try folder.contents(), ["out.wav"])
    XCTAssertEqual(try AudioFileReader(path: path).info.frameCount, 1_000)
  }

  func testCancelAndReleaseLeaveNoTemporaryFile() throws {
    let format = try OutputFormat(container: .flac, bitDepth: .pcm24)
    let writer = try AudioFileWriter(path: folder.file("a.flac"), format: format, sampleRate: 48_000, channelCount: 2)
    try writer.write(noise(frameCount: 1_000))
    writer.cancel()
    writer.cancel()
    XCTAssertEqual(try folder.contents(), [])

    var released: AudioFileWriter? = try AudioFileWriter(
      path: folder.file("b.flac"), format: format, sampleRate: 48_000, channelCount: 2)
    try released?.write(noise(frameCount: 1_000))
    XCTAssertEqual(try folder.contents().count, 1)
    released = nil
    XCTAssertEqual(try folder.contents(), [])
  }

  func testRefusesExistingOutputUnlessOverwriteAndReplacesOnlyOnFinish() throws {
    let path = folder.file("exists.wav")
    let original = AudioBuffer(channels: [[0.25, 0.25]])
    try writeFile(original, to: path, OutputFormat(container: .wav, bitDepth: .float32))
    let format = try OutputFormat(container: .wav, bitDepth: .float32)
    XCTAssertThrowsError(try AudioFileWriter(path: path, format: format, sampleRate: 44_100, channelCount: 1)) {
      XCTAssertEqual($0 as? AudioFileError, .outputExists(path: path))
    }
    let writer = try AudioFileWriter(path: path, format: format, sampleRate: 44_100, channelCount: 1, overwrite: true)
    try writer.write(AudioBuffer(channels: [[0.5, 0.5, 0.5]]))
    XCTAssertEqual(try AudioFileReader(path: path).readAll(), original, "old file intact until finish")
    try writer.finish()
    XCTAssertEqual(try AudioFileReader(path: path).readAll().channels, [[0.5, 0.5, 0.5]])
    XCTAssertEqual(try folder.contents(), ["exists.wav"])
  }

  func testRefusesOutputThatIsAnInputUnderAnySpelling() throws {
    let input = folder.file("mix.wav")
    try writeFile(AudioBuffer(channels: [[0.1]]), to: input, OutputFormat(container: .wav, bitDepth: .pcm16))
    try FileManager.default.createDirectory(atPath: folder.file("sub"), withIntermediateDirectories: false)
    try FileManager.default.createSymbolicLink(atPath: folder.file("link.wav"), withDestinationPath: input)
    let format = try OutputFormat(container: .wav, bitDepth: .pcm16)
    for output in [input, "\(folder.path)/./mix.wav", "\(folder.path)/sub/../mix.wav", folder.file("link.wav")] {
      XCTAssertThrowsError(
        try AudioFileWriter(path: output, format: format, sampleRate: 44_100, channelCount: 1, overwrite: true, protecting: [input])
      ) {
        XCTAssertEqual($0 as? AudioFileError, .outputIsInput(path: output))
      }
    }
    XCTAssertEqual(try folder.contents(), ["link.wav", "mix.wav", "sub"])
  }

  func testShortWriteThrowsCannotWriteAndRemovesTemporaryFile() throws {
    // Simulate a full disk: a file-size limit makes write(2) fail with EFBIG past 64 KiB.
    var saved = rlimit()
    getrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved)
    let savedHandler = signal(SIGXFSZ, SIG_IGN)
    var limited = saved
    limited.rlim_cur = 65_536
    XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limited), 0)
    defer {
      setrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved)
      signal(SIGXFSZ, savedHandler)
    }
    let path = folder.file("full.wav")
    let writer = try AudioFileWriter(
      path: path, format: OutputFormat(container: .wav, bitDepth: .float32), sampleRate: 48_000, channelCount: 2)
    let block = noise(frameCount: 4_800)
    XCTAssertThrowsError(try (0..<10).forEach { _ in try writer.write(block) }) { error in
      guard case .cannotWrite(path, let reason) = error as? AudioFileError else {
        return XCTFail("expected cannotWrite, got \(error)")
      }
      XCTAssertTrue(reason.contains("File too large"), reason)
      XCTAssertFalse("\(error)".contains("\n"))
    }
    XCTAssertEqual(try folder.contents(), [])
  }

  func testRejectsUnwritableRequestsBeforeCreatingAnything() throws {
    var flacFloat = try OutputFormat(container: .flac, bitDepth: .pcm16)
    flacFloat.bitDepth = .float32
    XCTAssertThrowsError(
      try AudioFileWriter(path: folder.file("x.flac"), format: flacFloat, sampleRate: 48_000, channelCount: 2)
    ) {
      guard case .unsupportedOutputFormat(folder.file("x.flac"), _) = $0 as? AudioFileError else {
        return XCTFail("\($0)")
      }
    }
    let wav = try OutputFormat(container: .wav, bitDepth: .pcm16)
    XCTAssertThrowsError(try AudioFileWriter(path: folder.file("y.wav"), format: wav, sampleRate: 44_100.5, channelCount: 2))
    XCTAssertThrowsError(try AudioFileWriter(path: folder.file("z.wav"), format: wav, sampleRate: 44_100, channelCount: 0))
    XCTAssertEqual(try folder.contents(), [])

    let missingFolder = folder.file("no-such-folder/out.wav")
    XCTAssertThrowsError(try AudioFileWriter(path: missingFolder, format: wav, sampleRate: 44_100, channelCount: 2)) {
      XCTAssertEqual(
        $0 as? AudioFileError,
        .cannotWrite(path: missingFolder, reason: "cannot create a file in its folder: No such file or directory."))
    }
  }
}
