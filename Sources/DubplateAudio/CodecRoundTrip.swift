import CSndFile
import DubplateDSP
import Foundation

/// Encodes a file with lossy codecs through libsndfile, decodes each result, and measures what
/// the codec did to the true peak (see ``CodecPreview``).
///
/// Each codec's encoded stream goes to a temporary file (in `$TMPDIR`) that is unlinked the
/// moment it is created and used through its open descriptor only, so nothing is left behind
/// whatever happens, even if the process is killed. Each round trip streams the source into
/// the encoder, then decodes the result, in constant memory; a codec that overshoots gets up to
/// three more round trips to check its safe ceiling. A codec that libsndfile cannot
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
    let channelCount = info.channelCount
    let runnableCount = codecs.filter { $0.unsupportedReason(sampleRate: sampleRate, channelCount: channelCount) == nil }.count
    let share = 1 / Double(max(1, runnableCount))
    var sourceTruePeakDBTP: Double?  // measured during the first complete encode
    var done = 0
    var previews: [CodecPreview] = []
    for codec in codecs {
      if let reason = codec.unsupportedReason(sampleRate: sampleRate, channelCount: channelCount) {
        previews.append(.skipped(codec, reason: reason, channelCount: channelCount))
        continue
      }
      let start = Double(done) * share
      done += 1
      // The first round trip takes the first half of this codec's share, the ceiling checks the second.
      let sourceMeter = sourceTruePeakDBTP == nil
        ? TruePeakOverCounter(sampleRate: info.sampleRate, channelCount: channelCount) : nil
      let outcome = try roundTrip(
        codec, sourcePath: path, info: info, gainDB: 0, blockFrames: blockFrames, sourceMeter: sourceMeter
      ) { fraction in progress?(start + fraction * share / 2) }
      guard case .measured(let truePeakDBTP, let overs, let encodedBytes) = outcome else {
        if case .skipped(let reason) = outcome { previews.append(.skipped(codec, reason: reason, channelCount: channelCount)) }
        continue
      }
      if let sourceMeter { sourceTruePeakDBTP = sourceMeter.truePeakDBTP }
      let ceilingDBTP = try safeCeiling(
        codec, sourcePath: path, info: info, blockFrames: blockFrames, sourceTruePeakDBTP: sourceTruePeakDBTP ?? -.infinity,
        codecTruePeakDBTP: truePeakDBTP
      ) { fraction in progress?(start + share / 2 + fraction * share / 2) }
      let measuredKbps = Int((Double(encodedBytes) * 8 / info.durationSeconds / 1000).rounded())
      previews.append(
        CodecPreview(
          codec: codec.name, bitrateKbps: codec.nominalBitrateKbps(channelCount: channelCount) ?? measuredKbps,
          truePeakDBTP: truePeakDBTP, overs: overs, safeCeilingDBTP: ceilingDBTP, skipped: nil))
    }
    progress?(1)
    return previews
  }

  /// Checking passes ``safeCeiling`` may run per codec.
  static let maximumCeilingChecks = 3

  /// The ceiling that keeps `codec` clean. First-order: the rise through the codec, subtracted
  /// from 0 dBTP, minus ``CodecPreview/ceilingMarginDB``. Codecs are not linear in level
  /// (measured on one master: MP3 128 kbps peaked at −0.3 dBTP when lowered 0.8 dB and at
  /// +0.4 dBTP when lowered 0.95 dB), so when the decoded peak came within the margin of
  /// 0 dBTP the source is encoded again scaled to that ceiling, and the ceiling is lowered by
  /// whatever the decode still exceeds −margin, up to ``maximumCeilingChecks`` times. The
  /// ceiling returned is then one at which the scaled source was checked clean (unless every
  /// check failed, when it is the last lowered value).
  private static func safeCeiling(
    _ codec: LossyCodec, sourcePath: String, info: AudioFileInfo, blockFrames: Int, sourceTruePeakDBTP: Double,
    codecTruePeakDBTP: Double, progress: (Double) -> Void
  ) throws(AudioFileError) -> Double? {
    let margin = CodecPreview.ceilingMarginDB
    guard
      var ceilingDBTP = CodecPreview.safeCeilingDBTP(
        sourceTruePeakDBTP: sourceTruePeakDBTP, codecTruePeakDBTP: codecTruePeakDBTP)
    else { return nil }
    guard codecTruePeakDBTP > -margin else { return ceilingDBTP }
    let checks = Self.maximumCeilingChecks
    for check in 0..<checks {
      let outcome = try roundTrip(
        codec, sourcePath: sourcePath, info: info, gainDB: ceilingDBTP - sourceTruePeakDBTP, blockFrames: blockFrames,
        sourceMeter: nil, progress: { progress((Double(check) + $0) / Double(checks)) })
      guard case .measured(let checkedDBTP, _, _) = outcome, checkedDBTP > -margin else { break }
      ceilingDBTP -= checkedDBTP + margin
    }
    return ceilingDBTP
  }

  /// The result of one codec: measured, or skipped with a reason.
  private enum Outcome {
    case measured(truePeakDBTP: Double, overs: Int, encodedBytes: Int)
    case skipped(String)
  }

  private static func roundTrip(
    _ codec: LossyCodec, sourcePath: String, info: AudioFileInfo, gainDB: Double, blockFrames: Int,
    sourceMeter: TruePeakOverCounter?, progress: (Double) -> Void
  ) throws(AudioFileError) -> Outcome {
    var template = Array((FileManager.default.temporaryDirectory.path + "/dubplate-codec-XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else {
      return .skipped("cannot create a temporary file: \(String(cString: strerror(errno))).")
    }
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    defer { close(descriptor) }

    if let reason = try encode(codec, from: sourcePath, info: info, gainDB: gainDB, to: descriptor, blockFrames: blockFrames,
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

  /// Streams the source, `gainDB` louder, into an encoder writing to `descriptor`; returns why
  /// it could not, or `nil`.
  private static func encode(
    _ codec: LossyCodec, from sourcePath: String, info: AudioFileInfo, gainDB: Double, to descriptor: Int32,
    blockFrames: Int,
    sourceMeter: TruePeakOverCounter?, progress: (Double) -> Void
  ) throws(AudioFileError) -> String? {
    let sampleRate = codec.encodingSampleRate(trackSampleRate: Int(info.sampleRate.rounded()))
    func conversionFailure(_ error: SampleRateConverter.Failure) -> String {
      "converting to \(sampleRate) Hz for \(codec.name) failed: \(error.description)"
    }
    let converter: StreamingSampleRateConverter?
    do throws(SampleRateConverter.Failure) {
      converter = sampleRate == Int(info.sampleRate.rounded())
        ? nil : try StreamingSampleRateConverter(from: info.sampleRate, to: Double(sampleRate), channelCount: info.channelCount)
    } catch {
      return conversionFailure(error)
    }
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
    // A block goes to the encoder `gainDB` louder, through the converter when there is one;
    // `nil` ends the input, which flushes the converter. Returns why it could not, or `nil`.
    func encode(_ block: AudioBuffer?) -> String? {
      var samples = block
      if let converter {
        do throws(SampleRateConverter.Failure) {
          if let block { samples = try converter.process(block) } else { samples = try converter.finish() }
        } catch {
          return conversionFailure(error)
        }
      }
      guard let samples, samples.frameCount > 0 else { return nil }
      var interleaved = samples.interleaved()
      if gainDB != 0 {
        let scale = Float(Decibels.toAmplitude(gainDB))
        interleaved.withUnsafeMutableBufferPointer { values in
          for index in values.indices { values[index] *= scale }
        }
      }
      let written = interleaved.withUnsafeBufferPointer { sf_writef_float(file, $0.baseAddress, sf_count_t(samples.frameCount)) }
      return written == samples.frameCount ? nil : "the \(codec.name) encoder stopped: \(String(cString: sf_strerror(file)))."
    }
    let reader = try AudioFileReader(path: sourcePath)
    while let block = try reader.read(maximumFrames: blockFrames) {
      sourceMeter?.process(block)
      if let failure = encode(block) { return failure }
      progress(Double(reader.framesRead) / Double(max(1, info.frameCount)))
    }
    if let failure = encode(nil) { return failure }
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
