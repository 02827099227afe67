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

  /// Writes `buffer` to `path` (container from the extension), creating folders.
  @discardableResult
  static func write(
    _ buffer: AudioBuffer, to path: String, sampleRate: Double = 48_000, bitDepth: BitDepth = .pcm16
  ) throws -> String {
    try FileManager.default.createDirectory(
      at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
    let writer = try AudioFileWriter(
      path: path, format: try OutputFormat.forPath(path, bitDepth: bitDepth), sampleRate: sampleRate,
      channelCount: buffer.channelCount)
    try writer.write(buffer)
    try writer.finish()
    return path
  }

  /// A small catalogue under `root`: two quiet tones (one in the subfolder "disc 2", as FLAC),
  /// one hot tone with true-peak overs, and a broken file. Returns `root`.
  static func writeCatalogue(at root: String) throws -> String {
    try write(tone(peakDBFS: -20, seconds: 1), to: root + "/a.wav")
    try write(tone(peakDBFS: -26, seconds: 1), to: root + "/disc 2/b.flac")
    try write(tone(peakDBFS: -0.5, seconds: 1, frequencyHz: 11_025), to: root + "/disc 2/hot.wav")
    FileManager.default.createFile(atPath: root + "/broken.wav", contents: Data("not audio".utf8))
    return root
  }

  /// The JSON objects of a JSON Lines text, one per line.
  static func jsonLines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map {
      guard let object = try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] else {
        throw CocoaError(.coderReadCorrupt)
      }
      return object
    }
  }
}
