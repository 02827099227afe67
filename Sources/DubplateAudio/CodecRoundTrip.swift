import CSndFile
import DubplateDSP
import Foundation

/// Encodes a file with lossy codecs through libsndfile, decodes each result, and measures what
/// the codec did to the true peak (see ``CodecPreview``).
///
/// Each codec's encoded stream goes to a temporary file (in `$TMPDIR`) that is unlinked the
/// moment it is created and used through its open descriptor only, so nothing is left behind
/// whatever happens, even if the process is killed. The source is streamed twice per codec
/// (encode, then decode of the result) in constant memory. A codec that libsndfile cannot
/// write here, or whose setting does not fit the track, is reported as skipped with the
/// reason, and the others still run.
public enum CodecRoundTrip {
  /// Previews each of `codecs` on the file at `path`, in order.
  ///
  /// - Parameter progress: called with the fraction of the work done (0…1).
  /// - Throws: ``AudioFileError`` when the source cannot be read; encoder failures are skipped rows.
  public static func preview(
    fileAt path: String, codecs: [LossyCodec] = LossyCodec.previewSet, blockFrames: Int = 32_768,
    progress: ((Double) -> Void)? = nil
  ) throws(AudioFileError) -> [CodecPreview] {
    let info = try AudioFileReader(path: path).info
    let sampleRate = Int(info.sampleRate.rounded())
    let runnable = codecs.filter { $0.unsupportedReason(sampleRate: sampleRate, channelCount: info.channelCount) == nil }
    var sourceMeter: TruePeakOverCounter? = TruePeakOverCounter(sampleRate: info.sampleRate, channelCount: info.channelCount)
    var sourceTruePeakDBTP = -Double.infinity
    var done = 0
    var previews: [CodecPreview] = []
    for codec in codecs {
      if let reason = codec.unsupportedReason(sampleRate: sampleRate, channelCount: info.channelCount) {
        previews.append(.skipped(codec, reason: reason, channelCount: info.channelCount))
        continue
      }
      let share = 1 / Double(max(1, runnable.count))
      let start = Double(done) * share
      let outcome = try roundTrip(
        codec, sourcePath: path, info: info, blockFrames: blockFrames, sourceMeter: sourceMeter
      ) { fraction in progress?(start + fraction * share) }
      done += 1
      if let meter = sourceMeter, case .measured = outcome {
        sourceTruePeakDBTP = meter.truePeakDBTP
        sourceMeter = nil  // the source is measured once
      }
      switch outcome {
      case .skipped(let reason):
        previews.append(.skipped(codec, reason: reason, channelCount: info.channelCount))
      case .measured(let truePeakDBTP, let overs, let encodedBytes):
        let measuredKbps = Int((Double(encodedBytes) * 8 / info.durationSeconds / 1000).rounded())
        previews.append(
          CodecPreview(
            codec: codec.name, bitrateKbps: codec.nominalBitrateKbps(channelCount: info.channelCount) ?? measuredKbps,
            truePeakDBTP: truePeakDBTP, overs: overs,
            safeCeilingDBTP: CodecPreview.safeCeilingDBTP(
              sourceTruePeakDBTP: sourceTruePeakDBTP, codecTruePeakDBTP: truePeakDBTP),
            skipped: nil))
      }
    }
    progress?(1)
    return previews
  }

  /// The result of one codec: measured, or skipped with a reason.
  private enum Outcome {
    case measured(truePeakDBTP: Double, overs: Int, encodedBytes: Int)
    case skipped(String)
  }

  private static func roundTrip(
    _ codec: LossyCodec, sourcePath: String, info: AudioFileInfo, blockFrames: Int,
    sourceMeter: TruePeakOverCounter?, progress: (Double) -> Void
  ) throws(AudioFileError) -> Outcome {
    var template = Array((FileManager.default.temporaryDirectory.path + "/dubplate-codec-XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else {
      return .skipped("cannot create a temporary file: \(String(cString: strerror(errno))).")
    }
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    defer { close(descriptor) }

    if let reason = try encode(codec, from: sourcePath, info: info, to: descriptor, blockFrames: blockFrames,
      sourceMeter: sourceMeter, progress: { progress($0 / 2) })
    {
      return .skipped(reason)
    }
    var status = stat()
    let encodedBytes = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
    return decode(descriptor, blockFrames: blockFrames, progress: { progress(0.5 + $0 / 2) })
      .map { .measured(truePeakDBTP: $0.truePeakDBTP, overs: $0.overCount, encodedBytes: encodedBytes) }
      ?? .skipped("libsndfile could not decode its own \(codec.name) stream: \(String(cString: sf_strerror(nil))).")
  }

  /// Streams the source into an encoder writing to `descriptor`; returns why it could not, or `nil`.
  private static func encode(
    _ codec: LossyCodec, from sourcePath: String, info: AudioFileInfo, to descriptor: Int32, blockFrames: Int,
    sourceMeter: TruePeakOverCounter?, progress: (Double) -> Void
  ) throws(AudioFileError) -> String? {
    let sampleRate = Int(info.sampleRate.rounded())
    var sfInfo = SF_INFO()
    sfInfo.samplerate = Int32(sampleRate)
    sfInfo.channels = Int32(info.channelCount)
    sfInfo.format = codec.sndFileFormat
    guard sf_format_check(&sfInfo) == SF_TRUE else {
      return "libsndfile on this system cannot write \(codec.name) at \(sampleRate) Hz with \(info.channelCount) channels."
    }
    guard let file = sf_open_fd(descriptor, Int32(SFM_WRITE), &sfInfo, Int32(SF_FALSE)) else {
      return "libsndfile cannot write \(codec.name) here: \(String(cString: sf_strerror(nil)))."
    }
    var closed = false
    defer { if !closed { sf_close(file) } }
    if var level = codec.compressionLevel(sampleRate: sampleRate),
      sf_command(file, Int32(SFC_SET_COMPRESSION_LEVEL), &level, Int32(MemoryLayout<Double>.size)) != SF_TRUE
    {
      return "libsndfile refused the \(codec.name) setting: \(String(cString: sf_strerror(file)))."
    }
    if case .mp3 = codec {
      var mode = Int32(SF_BITRATE_MODE_CONSTANT)
      guard sf_command(file, Int32(SFC_SET_BITRATE_MODE), &mode, Int32(MemoryLayout<Int32>.size)) == SF_TRUE else {
        return "libsndfile refused constant-bitrate MP3: \(String(cString: sf_strerror(file)))."
      }
    }
    let reader = try AudioFileReader(path: sourcePath)
    while let block = try reader.read(maximumFrames: blockFrames) {
      sourceMeter?.process(block)
      let interleaved = block.interleaved()
      let written = interleaved.withUnsafeBufferPointer { sf_writef_float(file, $0.baseAddress, sf_count_t(block.frameCount)) }
      guard written == block.frameCount else {
        return "the \(codec.name) encoder stopped: \(String(cString: sf_strerror(file)))."
      }
      progress(Double(reader.framesRead) / Double(max(1, info.frameCount)))
    }
    sourceMeter?.finish()
    closed = true
    let status = sf_close(file)
    return status == 0 ? nil : "the \(codec.name) encoder failed to finish: \(String(cString: sf_error_number(status)))."
  }

  /// Decodes the stream in `descriptor` from its start and measures it; `nil` if it cannot be opened.
  private static func decode(
    _ descriptor: Int32, blockFrames: Int, progress: (Double) -> Void
  ) -> TruePeakOverCounter? {
    guard lseek(descriptor, 0, SEEK_SET) == 0 else { return nil }
    var sfInfo = SF_INFO()
    guard let file = sf_open_fd(descriptor, Int32(SFM_READ), &sfInfo, Int32(SF_FALSE)) else { return nil }
    defer { sf_close(file) }
    let channelCount = Int(sfInfo.channels)
    let counter = TruePeakOverCounter(sampleRate: Double(sfInfo.samplerate), channelCount: channelCount)
    var interleaved = [Float](repeating: 0, count: blockFrames * channelCount)
    var framesDecoded = 0
    while true {
      let frames = Int(interleaved.withUnsafeMutableBufferPointer {
        sf_readf_float(file, $0.baseAddress, sf_count_t(blockFrames))
      })
      if frames <= 0 { break }
      counter.process(AudioBuffer(interleaved: Array(interleaved[0..<(frames * channelCount)]), channelCount: channelCount))
      framesDecoded += frames
      progress(min(1, Double(framesDecoded) / Double(max(1, sfInfo.frames))))
    }
    counter.finish()
    return counter
  }
}
