import DubplateAudio
import DubplateDSP
import DubplateTestSupport
import Foundation

/// Short audio files written for CLI tests.
enum TestAudio {
  /// A stereo 1 kHz sine, `seconds` long, at `peakDBFS`.
  static func tone(peakDBFS: Double, seconds: Double, frequencyHz: Double = 1000) -> AudioBuffer {
    let samples = SignalGenerator.sine(frequencyHz: frequencyHz, peakDBFS: peakDBFS, seconds: seconds, sampleRate: 48_000)
    return AudioBuffer(channels: [samples, samples])
  }

  /// Writes `buffer` at 48 kHz to `path` (format from the extension), creating folders.
  @discardableResult
  static func write(_ buffer: AudioBuffer, to path: String) throws -> String {
    try FileManager.default.createDirectory(
      at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
    let writer = try AudioFileWriter(
      path: path, format: try OutputFormat.forPath(path, bitDepth: .pcm16), sampleRate: 48_000,
      channelCount: buffer.channelCount)
    try writer.write(buffer)
    try writer.finish()
    return path
  }
}
