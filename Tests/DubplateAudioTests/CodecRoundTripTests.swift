import DubplateAudio
import DubplateDSP
import DubplateTestSupport
import Foundation
import XCTest

/// Lossy round trips through libsndfile: a limited near-full-scale master overshoots after
/// MP3, a quiet tone does not, and no temporary file is left behind.
final class CodecRoundTripTests: XCTestCase {
  private var folder: TemporaryFolder!

  override func setUpWithError() throws { folder = try TemporaryFolder() }
  override func tearDown() { folder.remove() }

  /// Writes `buffer` as 32-bit float WAV (no quantisation, so the true peak is the one made).
  private func write(_ buffer: AudioBuffer, named name: String, sampleRate: Double) throws -> String {
    let path = folder.file(name)
    let writer = try AudioFileWriter(
      path: path, format: try OutputFormat(container: .wav, bitDepth: .float32), sampleRate: sampleRate,
      channelCount: buffer.channelCount)
    try writer.write(buffer)
    try writer.finish()
    return path
  }

  /// Two seconds of stereo pink noise hard-limited (clipped at 6 dB below its peak) and scaled
  /// to `truePeakDBTP`: at −0.1 dBTP, a loud master with flat-topped, near-full-scale waveforms.
  private func limitedNoise(sampleRate: Double, truePeakDBTP: Double = -0.1) -> AudioBuffer {
    let frames = Int(2 * sampleRate)
    let channels = [1, 2].map { seed in
      SignalGenerator.pinkNoise(rmsDBFS: -10, frameCount: frames, seed: UInt64(seed)).map { max(-0.5, min(0.5, $0)) }
    }
    let meter = TruePeakMeter(sampleRate: sampleRate, channelCount: 2)
    meter.process(AudioBuffer(channels: channels))
    let scale = Float(Decibels.toAmplitude(truePeakDBTP - meter.truePeakDBTP))
    return AudioBuffer(channels: channels.map { $0.map { $0 * scale } })
  }

  func testALimitedNearFullScaleMasterOvershootsAfterMP3At128() throws {
    let path = try write(limitedNoise(sampleRate: 44_100), named: "limited.wav", sampleRate: 44_100)
    let previews = try CodecRoundTrip.preview(fileAt: path, codecs: [.mp3(bitrateKbps: 128)])
    let mp3 = try XCTUnwrap(previews.first)
    XCTAssertNil(mp3.skipped)
    XCTAssertEqual(mp3.codec, "mp3")
    XCTAssertEqual(mp3.bitrateKbps, 128)
    let truePeakDBTP = try XCTUnwrap(mp3.truePeakDBTP)
    XCTAssertGreaterThan(truePeakDBTP, -0.1 + 0.2, "the codec raises the true peak above the -0.1 dBTP input")
    XCTAssertGreaterThan(try XCTUnwrap(mp3.overs), 0)
    let ceiling = try XCTUnwrap(mp3.safeCeilingDBTP)
    XCTAssertLessThanOrEqual(ceiling, -(truePeakDBTP + 0.1) - CodecPreview.ceilingMarginDB + 1e-9)

    // The same master limited to that ceiling (scaled, as a limiter at a lower ceiling would
    // leave this already-limited signal) stays clean through the codec.
    let lowered = limitedNoise(sampleRate: 44_100, truePeakDBTP: ceiling)
    let loweredPath = try write(lowered, named: "lowered.wav", sampleRate: 44_100)
    let again = try XCTUnwrap(try CodecRoundTrip.preview(fileAt: loweredPath, codecs: [.mp3(bitrateKbps: 128)]).first)
    XCTAssertEqual(again.overs, 0)
    XCTAssertLessThanOrEqual(try XCTUnwrap(again.truePeakDBTP), 0)
  }

  func testAQuietToneStaysCleanThroughEveryCodecAt48kHz() throws {
    let tone = SignalGenerator.sine(frequencyHz: 997, peakDBFS: -20, seconds: 2, sampleRate: 48_000)
    let path = try write(AudioBuffer(channels: [tone, tone]), named: "tone.wav", sampleRate: 48_000)
    var fractions: [Double] = []
    let previews = try CodecRoundTrip.preview(fileAt: path) { fractions.append($0) }
    XCTAssertEqual(previews.map(\.codec), ["mp3", "mp3", "vorbis", "opus"])
    XCTAssertEqual(previews.map(\.bitrateKbps?.description), ["320", "128", previews[2].bitrateKbps?.description, "128"])
    for preview in previews {
      XCTAssertNil(preview.skipped, preview.codec)
      XCTAssertEqual(preview.overs, 0, preview.codec)
      XCTAssertEqual(try XCTUnwrap(preview.truePeakDBTP), -20, accuracy: 1, preview.codec)
      let ceiling = try XCTUnwrap(preview.safeCeilingDBTP)
      XCTAssertEqual(ceiling, -0.6, accuracy: 0.5, preview.codec)  // a rise of 0...1 dB, minus 0.1
    }
    XCTAssertGreaterThan(try XCTUnwrap(previews[2].bitrateKbps), 8, "Vorbis's bitrate is measured from its stream")
    XCTAssertEqual(fractions.last, 1)
    XCTAssertEqual(fractions, fractions.sorted(), "progress only moves forward")
  }

  /// libopus runs at 48 kHz (not 44.1): the track is converted first, as Opus encoders do, and
  /// the decoded tone keeps its level.
  func testOpusPreviewsA44kHzTrackThroughA48kHzConversion() throws {
    let tone = SignalGenerator.sine(frequencyHz: 997, peakDBFS: -20, seconds: 1, sampleRate: 44_100)
    let path = try write(AudioBuffer(channels: [tone]), named: "mono.wav", sampleRate: 44_100)
    let previews = try CodecRoundTrip.preview(fileAt: path, codecs: [.opus, .vorbis])
    XCTAssertEqual(previews.map(\.codec), ["opus", "vorbis"])
    XCTAssertNil(previews[0].skipped)
    XCTAssertEqual(previews[0].bitrateKbps, 64, "64 kbps per channel")
    XCTAssertEqual(try XCTUnwrap(previews[0].truePeakDBTP), -20, accuracy: 1)
    XCTAssertEqual(previews[0].overs, 0)
    XCTAssertNil(previews[1].skipped)
    XCTAssertEqual(previews[1].overs, 0)
  }

  func testMP3IsSkippedForThreeChannelsAndVorbisStillRuns() throws {
    let tone = SignalGenerator.sine(frequencyHz: 997, peakDBFS: -20, seconds: 0.5, sampleRate: 48_000)
    let path = try write(AudioBuffer(channels: [tone, tone, tone]), named: "three.wav", sampleRate: 48_000)
    let previews = try CodecRoundTrip.preview(fileAt: path, codecs: [.mp3(bitrateKbps: 320), .vorbis])
    XCTAssertEqual(previews[0].skipped, "MP3 holds one or two channels; the track has 3.")
    XCTAssertNil(previews[1].skipped)
    XCTAssertEqual(previews[1].overs, 0)
  }

  func testNoTemporaryFileIsLeftBehind() throws {
    let scratch = folder.file("tmp")
    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    let tone = SignalGenerator.sine(frequencyHz: 997, peakDBFS: -20, seconds: 0.5, sampleRate: 48_000)
    let path = try write(AudioBuffer(channels: [tone]), named: "short.wav", sampleRate: 48_000)
    let saved = ProcessInfo.processInfo.environment["TMPDIR"]
    setenv("TMPDIR", scratch, 1)
    defer { if let saved { setenv("TMPDIR", saved, 1) } else { unsetenv("TMPDIR") } }
    let previews = try CodecRoundTrip.preview(fileAt: path, codecs: [.mp3(bitrateKbps: 320), .vorbis])
    XCTAssertEqual(previews.compactMap(\.skipped), [])
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch), [])
  }

  func testSafeCeilingSubtractsTheRiseAndAMargin() {
    XCTAssertEqual(CodecPreview.safeCeilingDBTP(sourceTruePeakDBTP: -1, codecTruePeakDBTP: 0.4)!, -1.5, accuracy: 1e-12)
    XCTAssertEqual(CodecPreview.safeCeilingDBTP(sourceTruePeakDBTP: -3, codecTruePeakDBTP: -3.2)!, -0.1, accuracy: 1e-12)
    XCTAssertNil(CodecPreview.safeCeilingDBTP(sourceTruePeakDBTP: -.infinity, codecTruePeakDBTP: -.infinity))
  }
}
