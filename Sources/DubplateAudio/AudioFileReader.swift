import CSndFile
import DubplateDSP
import Foundation

/// Streams an audio file in planar blocks through libsndfile, in constant memory.
///
/// Opens read-only (`SFM_READ`) and never modifies the file. Reads whatever Debian's
/// libsndfile 1.2 decodes: WAV/WAVEX, AIFF, FLAC, Ogg Vorbis, Opus, MP3 and more, at any rate
/// and channel count. Samples arrive as floats with full scale ±1.0 (`SFC_SET_NORM_FLOAT`,
/// libsndfile's default): N-bit integers are divided by 2^(N-1), see ``AudioFileInfo/clipLevel``.
public final class AudioFileReader {
  /// The path the file was opened from, as given.
  public let path: String
  /// The file's format facts.
  public let info: AudioFileInfo
  /// Frames delivered so far.
  public private(set) var framesRead: Int = 0

  /// Set when the file holds fewer frames than its header claims (known after opening, or after
  /// reading to the end): one line for the command-line tool to print as a warning.
  public var truncationWarning: String? { headerTruncationWarning ?? shortReadWarning }

  /// Whether the file holds fewer frames than its header claims (see ``truncationWarning``).
  public var isTruncated: Bool { truncationWarning != nil }

  private var file: OpaquePointer?
  private let format: SndFileFormat
  private let headerTruncationWarning: String?
  private var shortReadWarning: String?
  /// Interleaved decode buffer, reused across reads so memory stays constant in file length.
  private var scratch: [Float] = []

  /// Opens `path` for reading.
  ///
  /// - Throws: ``AudioFileError/notFound(path:)``, ``AudioFileError/isDirectory(path:)``,
  ///   ``AudioFileError/empty(path:)``, ``AudioFileError/cannotOpen(path:reason:)`` with
  ///   libsndfile's message, ``AudioFileError/noAudio(path:)`` for 0 frames, or
  ///   ``AudioFileError/readFailed(path:reason:)`` when a file without a frame count in its
  ///   header fails while being counted.
  /// Sample rates Dubplate measures, Hz: the filters and meters are designed for 8 kHz and up
  /// (a damaged header can claim 1 Hz), and 768 kHz is four times the highest studio rate.
  public static let supportedSampleRates = 8_000...768_000

  public init(path: String) throws(AudioFileError) {
    try Self.checkIsNonEmptyFile(path)
    var sfInfo = SF_INFO()
    var handle = try Self.open(path, &sfInfo)
    var frameCount = Int(sfInfo.frames)
    if sfInfo.frames == Int64.max {
      // A FLAC stream whose STREAMINFO lacks the total: count by decoding, then start over.
      frameCount = try Self.countFramesByDecoding(handle, channelCount: Int(sfInfo.channels), path: path)
      sf_close(handle)
      handle = try Self.open(path, &sfInfo)
    }
    guard frameCount > 0 else {
      sf_close(handle)
      throw .noAudio(path: path)
    }
    guard Self.supportedSampleRates.contains(Int(sfInfo.samplerate)) else {
      sf_close(handle)
      throw .cannotOpen(
        path: path,
        reason: "its sample rate of \(sfInfo.samplerate) Hz is outside the 8000–768000 Hz that Dubplate measures.")
    }
    let format = SndFileFormat(code: sfInfo.format)
    let channelCount = Int(sfInfo.channels)
    let info = AudioFileInfo(
      sampleRate: Double(sfInfo.samplerate), channelCount: channelCount, frameCount: frameCount,
      container: format.containerName, encoding: format.encodingName, bitDepth: format.bitDepth,
      isFloatingPoint: format.isFloatingPoint,
      channelRoles: SndFileChannelMap.roles(of: handle, channelCount: channelCount)
        ?? ChannelRole.defaultLayout(channelCount: channelCount),
      clipLevel: format.clipLevel)
    self.path = path
    self.file = handle
    self.format = format
    self.info = info
    self.headerTruncationWarning = Self.headerTruncation(of: handle, info: info, format: format)
      .map { Self.truncationMessage(path: path, claimedSeconds: $0, presentSeconds: info.durationSeconds) }
  }

  deinit {
    if let file { sf_close(file) }
  }

  /// Next block of at most `maximumFrames` frames; nil at the end of the file.
  ///
  /// Decodes with `sf_readf_float` into a reused interleaved buffer, then deinterleaves.
  /// - Throws: ``AudioFileError/readFailed(path:reason:)`` when decoding fails mid-file.
  public func read(maximumFrames: Int) throws(AudioFileError) -> AudioBuffer? {
    precondition(maximumFrames > 0, "read(maximumFrames:) needs a positive block size.")
    guard let file else { return nil }
    let channelCount = info.channelCount
    let wanted = maximumFrames * channelCount
    if scratch.count < wanted { scratch = [Float](repeating: 0, count: wanted) }
    let frames = Int(scratch.withUnsafeMutableBufferPointer {
      sf_readf_float(file, $0.baseAddress, sf_count_t(maximumFrames))
    })
    if sf_error(file) != SF_ERR_NO_ERROR {
      let reason = String(cString: sf_strerror(file))
      close()
      throw .readFailed(path: path, reason: reason)
    }
    guard frames > 0 else {
      noteEndOfFile()
      close()
      return nil
    }
    framesRead += frames
    return deinterleave(frameCount: frames)
  }

  /// Reads the rest of the file into one buffer (for short files and tests).
  public func readAll() throws(AudioFileError) -> AudioBuffer {
    var channels = [[Float]](repeating: [], count: info.channelCount)
    let remaining = max(0, info.frameCount - framesRead)
    for index in channels.indices { channels[index].reserveCapacity(remaining) }
    while let block = try read(maximumFrames: 65_536) {
      for index in channels.indices { channels[index].append(contentsOf: block.channels[index]) }
    }
    return AudioBuffer(channels: channels)
  }

  // MARK: - Decoding

  private func deinterleave(frameCount: Int) -> AudioBuffer {
    let channelCount = info.channelCount
    if channelCount == 2 { return deinterleaveStereo(frameCount: frameCount) }
    return scratch.withUnsafeBufferPointer { source in
      var planar = [[Float]]()
      planar.reserveCapacity(channelCount)
      for channel in 0..<channelCount {
        planar.append([Float](unsafeUninitializedCapacity: frameCount) { destination, count in
          var index = channel
          for frame in 0..<frameCount {
            destination[frame] = source[index]
            index += channelCount
          }
          count = frameCount
        })
      }
      return AudioBuffer(channels: planar)
    }
  }

  /// The stereo case of ``deinterleave(frameCount:)``, eight frames at a time: the even
  /// lanes of sixteen interleaved samples are the left channel, the odd lanes the right.
  private func deinterleaveStereo(frameCount: Int) -> AudioBuffer {
    scratch.withUnsafeBufferPointer { source in
      var right = [Float]()
      let left = [Float](unsafeUninitializedCapacity: frameCount) { left, leftCount in
        right = [Float](unsafeUninitializedCapacity: frameCount) { right, rightCount in
          let input = UnsafeRawPointer(source.baseAddress!)
          let leftOutput = UnsafeMutableRawPointer(left.baseAddress!)
          let rightOutput = UnsafeMutableRawPointer(right.baseAddress!)
          var frame = 0
          while frame + 8 <= frameCount {
            let pairs = input.loadUnaligned(fromByteOffset: 8 * frame, as: SIMD16<Float>.self)
            leftOutput.storeBytes(of: pairs.evenHalf, toByteOffset: 4 * frame, as: SIMD8<Float>.self)
            rightOutput.storeBytes(of: pairs.oddHalf, toByteOffset: 4 * frame, as: SIMD8<Float>.self)
            frame += 8
          }
          while frame < frameCount {
            left[frame] = source[2 * frame]
            right[frame] = source[2 * frame + 1]
            frame += 1
          }
          rightCount = frameCount
        }
        leftCount = frameCount
      }
      return AudioBuffer(channels: [left, right])
    }
  }

  /// At the end of the data: a file that decodes to fewer frames than its header promised
  /// (e.g. a cut FLAC) is truncated. MP3 frame counts are estimates, so they are not judged.
  private func noteEndOfFile() {
    guard headerTruncationWarning == nil, format.major != SF_FORMAT_MPEG,
      framesRead < info.frameCount
    else { return }
    let decodedSeconds = Double(framesRead) / info.sampleRate
    shortReadWarning =
      "\"\(path)\" ended early: its header promises \(Self.seconds(info.durationSeconds)) of audio "
      + "but only \(Self.seconds(decodedSeconds)) could be decoded; the file is truncated or damaged."
  }

  private func close() {
    if let file { sf_close(file) }
    file = nil
  }

  // MARK: - Opening

  private static func checkIsNonEmptyFile(_ path: String) throws(AudioFileError) {
    var status = stat()
    guard stat(path, &status) == 0 else {
      if errno == ENOENT || errno == ENOTDIR { throw .notFound(path: path) }
      throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
    }
    if (status.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory(path: path) }
    // Opening a pipe with no writer blocks for ever, and a file is opened more than once.
    if (status.st_mode & S_IFMT) == S_IFIFO || (status.st_mode & S_IFMT) == S_IFSOCK {
      throw .cannotOpen(path: path, reason: "it is a pipe or socket, not a file; save the audio to a file first.")
    }
    // Checked here so the line names the cause plainly (libsndfile says "System error : ...").
    if access(path, R_OK) != 0 {
      throw .cannotOpen(path: path, reason: "\(String(cString: strerror(errno))); check the file's permissions.")
    }
    if (status.st_mode & S_IFMT) == S_IFREG && status.st_size == 0 { throw .empty(path: path) }
  }

  private static func open(_ path: String, _ sfInfo: inout SF_INFO) throws(AudioFileError) -> OpaquePointer {
    sfInfo = SF_INFO()
    guard let handle = sf_open(path, Int32(SFM_READ), &sfInfo) else {
      throw .cannotOpen(path: path, reason: String(cString: sf_strerror(nil)))
    }
    return handle
  }

  private static func countFramesByDecoding(
    _ handle: OpaquePointer, channelCount: Int, path: String
  ) throws(AudioFileError) -> Int {
    let blockFrames = 4096
    var block = [Float](repeating: 0, count: blockFrames * channelCount)
    var total = 0
    while true {
      let frames = Int(block.withUnsafeMutableBufferPointer {
        sf_readf_float(handle, $0.baseAddress, sf_count_t(blockFrames))
      })
      if sf_error(handle) != SF_ERR_NO_ERROR {
        let reason = String(cString: sf_strerror(handle))
        sf_close(handle)
        throw .readFailed(path: path, reason: reason)
      }
      if frames == 0 { return total }
      total += frames
    }
  }

  // MARK: - Truncation

  /// The duration the header claims, in seconds, when libsndfile logged that the audio chunk
  /// (WAV `data`, AIFF `SSND`) is larger than what the file holds; libsndfile then shrinks
  /// `frames` to what is present and logs e.g. `data : 192000 (should be 100000)`.
  private static func headerTruncation(
    of handle: OpaquePointer, info: AudioFileInfo, format: SndFileFormat
  ) -> Double? {
    var logBytes = [CChar](repeating: 0, count: 16_384)
    sf_command(handle, Int32(SFC_GET_LOG_INFO), &logBytes, Int32(logBytes.count))
    let log = logBytes.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    for line in log.split(whereSeparator: \.isNewline) {
      let words = line.split(separator: " ")
      guard let chunk = words.first, chunk == "data" || chunk == "SSND",
        line.contains("(should be"), words.count >= 6,
        let claimedBytes = Int(words[2]),
        let presentBytes = Int(words[5].trimmingCharacters(in: CharacterSet(charactersIn: ")")))
      else { continue }
      guard claimedBytes > presentBytes, presentBytes > 0 else { return nil }
      return info.durationSeconds * Double(claimedBytes) / Double(presentBytes)
    }
    return nil
  }

  private static func truncationMessage(
    path: String, claimedSeconds: Double, presentSeconds: Double
  ) -> String {
    "\"\(path)\" is truncated: its header promises \(seconds(claimedSeconds)) of audio "
      + "but only \(seconds(presentSeconds)) is present; using what is there."
  }

  /// A duration for a message, e.g. "1.000 s".
  private static func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }
}
