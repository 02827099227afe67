import DubplateAnalysis
import DubplateAudio
import DubplateDSP

/// One attempt at the output file: a temporary file, renamed onto the output by ``finish()``,
/// and the analyzer that measures the samples exactly as the file stores them, with TPDF
/// dither before both when bits drop.
///
/// A gain-search pass that may be the last delivers while it renders, so the master is written
/// and measured without a separate pass; a pass that misses its target drops its delivery,
/// and the writer removes its temporary file. Unchecked `Sendable`: a render's companion
/// thread feeds the analyzer only between hand-offs, so one thread uses it at a time.
final class MasteringDelivery: @unchecked Sendable {
  let writer: AudioFileWriter
  let analyzer: TrackAnalyzer
  private let dither: TPDFDither?
  private var writeError: AudioFileError?

  /// The analyzer runs on one thread: a render's companion thread feeds it.
  init(writer: AudioFileWriter, plan: MasteringPlan, channelRoles: [ChannelRole], blockFrames: Int) {
    self.writer = writer
    analyzer = TrackAnalyzer(sampleRate: plan.sampleRate, channelRoles: channelRoles, threads: 1)
    dither = MasteringChainBuilder.dither(plan)
    dither?.prepare(sampleRate: plan.sampleRate, maximumBlockSize: blockFrames, channelCount: plan.channelCount)
  }

  /// The block as the file gets it (dithered when bits drop) and the samples the file stores.
  func dithered(_ block: AudioBuffer) -> (toWrite: AudioBuffer, stored: AudioBuffer) {
    var toWrite = block
    dither?.process(&toWrite)
    return (toWrite, writer.format.bitDepth.stored(toWrite))
  }

  /// Appends a block from ``dithered(_:)``; after a failed write the rest are skipped and
  /// ``finish()`` throws that failure.
  func write(_ block: AudioBuffer) {
    guard writeError == nil else { return }
    do throws(AudioFileError) { try writer.write(block) } catch { writeError = error }
  }

  /// Renames the file into place, or throws the first write failure (its temporary file is then gone).
  func finish() throws(AudioFileError) {
    if let writeError {
      writer.cancel()
      throw writeError
    }
    try writer.finish()
  }
}

/// Opens the ``MasteringDelivery``s of one output: the first takes the writer opened (and so
/// checked) before any rendering, later ones open their own temporary files beside it.
final class MasteringDeliveries {
  private var opened: AudioFileWriter?
  private let openWriter: () throws -> AudioFileWriter
  private let channelRoles: [ChannelRole]
  private let blockFrames: Int

  init(opened: AudioFileWriter, openWriter: @escaping () throws -> AudioFileWriter, channelRoles: [ChannelRole], blockFrames: Int) {
    self.opened = opened
    self.openWriter = openWriter
    self.channelRoles = channelRoles
    self.blockFrames = blockFrames
  }

  func make(plan: MasteringPlan) throws -> MasteringDelivery {
    let writer = try opened ?? openWriter()
    opened = nil
    return MasteringDelivery(
      writer: writer, plan: plan, channelRoles: channelRoles, blockFrames: blockFrames)
  }

  /// Removes the opened writer's temporary file if no delivery took it.
  func cancel() {
    opened?.cancel()
    opened = nil
  }
}
