import DubplateAnalysis
import DubplateDSP

/// Analyses an in-memory buffer the way `dubplate analyze` analyses a file, in blocks of
/// `blockFrames` (tests vary it to prove block-size independence).
public func analyzeInMemory(
  _ buffer: AudioBuffer, sampleRate: Double, name: String = "memory", blockFrames: Int = 32_768
) -> TrackAnalysis {
  let analyzer = TrackAnalyzer(sampleRate: sampleRate, channelRoles: ChannelRole.defaultLayout(channelCount: buffer.channelCount))
  var start = 0
  while start < buffer.frameCount {
    let end = min(buffer.frameCount, start + blockFrames)
    analyzer.process(buffer.slice(start..<end))
    start = end
  }
  let format = TrackAnalysis.Format(
    sampleRate: sampleRate, channels: buffer.channelCount, frames: buffer.frameCount,
    durationSeconds: Double(buffer.frameCount) / sampleRate, container: "memory", encoding: "float 32-bit",
    channelLayout: [])
  return analyzer.finish(file: name, format: format, warnings: [])
}
