import CSndFile
import DubplateDSP
import Foundation

/// Writes planar blocks to a WAV, AIFF or FLAC file without ever leaving a partial file behind.
///
/// Samples go to a hidden temporary file in the output's own folder
/// (`.<name>.dubplate-tmp-<random>`); only ``finish()`` renames it onto the final path, which
/// `rename(2)` does atomically, so the final path holds either its old content or the complete
/// new file. ``cancel()``, an error, or releasing the writer unfinished removes the temporary
/// file.
///
/// Integer outputs are quantised here, not by libsndfile: each sample becomes
/// round(x · 2^(N-1)) clamped to [−2^(N-1), 2^(N-1) − 1], so overs clip instead of wrapping
/// and reading back (which divides by 2^(N-1)) returns x within half a step. libsndfile 1.2's
/// own float→PCM path for WAV and AIFF with `SFC_SET_CLIPPING` rounds down (measured:
/// 100.75 → 100, −100.25 → −101), which would add a −½-step offset.
/// If the output path is a symbolic link, ``finish()`` replaces the link, not its target.
public final class AudioFileWriter {
  /// The final output path, as given.
  public let path: String
  /// The container and sample format being written.
  public let format: OutputFormat
  /// Sample frames per second, in Hz.
  public let sampleRate: Double
  /// Number of channels every written buffer must have.
  public let channelCount: Int
  /// Frames written so far.
  public private(set) var framesWritten: Int = 0
  /// Where samples go until ``finish()``: a hidden file next to ``path``.
  public let temporaryPath: String
  /// Its slot in ``TemporaryFiles`` while it exists.
  private var temporarySlot: Int?

  private let overwrite: Bool
  private var file: OpaquePointer?
  private var descriptor: Int32
  /// Interleaved float samples for float outputs, reused across writes.
  private var floatScratch: [Float] = []
  /// Interleaved integer codes, left-justified in 32 bits, for PCM outputs; reused across writes.
  private var integerScratch: [Int32] = []

  /// Prepares to write `path`; checks the output before any work is done.
  ///
  /// - Parameters:
  ///   - overwrite: Whether an existing file at `path` may be replaced (on ``finish()``).
  ///   - inputPaths: Files the output must not replace, compared by identity (device and
  ///     inode), so `./x.wav`, `x.wav` and a symbolic link to it all count as the same file.
  /// - Throws: ``AudioFileError/outputIsInput(path:)``, ``AudioFileError/outputExists(path:)``,
  ///   ``AudioFileError/isDirectory(path:)``, ``AudioFileError/unsupportedOutputFormat(path:reason:)``
  ///   or ``AudioFileError/cannotWrite(path:reason:)`` when the temporary file cannot be made.
  public init(
    path: String, format: OutputFormat, sampleRate: Double, channelCount: Int,
    overwrite: Bool = false, protecting inputPaths: [String] = []
  ) throws(AudioFileError) {
    try format.validate(path: path)
    guard channelCount > 0, sampleRate > 0, sampleRate == sampleRate.rounded(),
      sampleRate <= Double(Int32.max)
    else {
      throw .unsupportedOutputFormat(
        path: path, reason: "\(channelCount) channels at \(sampleRate) Hz is not a writable layout.")
    }
    var existing = stat()
    let outputExists = stat(path, &existing) == 0
    if outputExists {
      for input in inputPaths {
        var status = stat()
        if stat(input, &status) == 0, status.st_dev == existing.st_dev, status.st_ino == existing.st_ino {
          throw .outputIsInput(path: path)
        }
      }
      if (existing.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory(path: path) }
      if !overwrite { throw .outputExists(path: path) }
    } else if lstat(path, &existing) == 0, !overwrite {
      throw .outputExists(path: path)  // a dangling symbolic link
    }

    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[...$0]) } ?? ""
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    let token = String(UInt64.random(in: 0...UInt64.max), radix: 16)
    let temporaryPath = "\(folder).\(name).dubplate-tmp-\(token)"
    let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else {
      throw .cannotWrite(path: path, reason: "cannot create a file in its folder: \(String(cString: strerror(errno))).")
    }

    var sfInfo = SF_INFO()
    sfInfo.samplerate = Int32(sampleRate)
    sfInfo.channels = Int32(channelCount)
    sfInfo.format = format.sndFileFormat(channelCount: channelCount)
    guard sf_format_check(&sfInfo) == SF_TRUE else {
      close(descriptor)
      unlink(temporaryPath)
      throw .unsupportedOutputFormat(
        path: path,
        reason: "libsndfile cannot write \(format.container.displayName) \(format.bitDepth.displayName) with \(channelCount) channels at \(Int(sampleRate)) Hz.")
    }
    guard let file = sf_open_fd(descriptor, Int32(SFM_WRITE), &sfInfo, 0) else {
      let reason = String(cString: sf_strerror(nil))
      close(descriptor)
      unlink(temporaryPath)
      throw .cannotWrite(path: path, reason: reason)
    }
    // libsndfile's PEAK chunk (float files) carries the time of writing, which would make two
    // renders of the same samples differ in the header; the analysis reports peaks anyway.
    sf_command(file, Int32(SFC_SET_ADD_PEAK_CHUNK), nil, Int32(SF_FALSE))
    if format.container == .wav, var positions = SndFileChannelMap.defaultPositions(channelCount: channelCount) {
      sf_command(
        file, Int32(SFC_SET_CHANNEL_MAP_INFO), &positions, Int32(positions.count * MemoryLayout<Int32>.size))
    }
    self.path = path
    self.format = format
    self.sampleRate = sampleRate
    self.channelCount = channelCount
    self.overwrite = overwrite
    self.temporaryPath = temporaryPath
    temporarySlot = TemporaryFiles.add(temporaryPath)
    self.descriptor = descriptor
    self.file = file
  }

  deinit { cancel() }

  /// Appends `buffer`, which must have ``channelCount`` channels.
  /// - Throws: ``AudioFileError/cannotWrite(path:reason:)`` on a short write (e.g. disk full);
  ///   the temporary file is then removed and the writer is finished.
  public func write(_ buffer: AudioBuffer) throws(AudioFileError) {
    precondition(buffer.channelCount == channelCount, "Buffer has \(buffer.channelCount) channels, the file \(channelCount).")
    guard let file else { preconditionFailure("write(_:) after finish() or cancel().") }
    let frameCount = buffer.frameCount
    guard frameCount > 0 else { return }
    let written: Int
    switch format.bitDepth {
    case .float32: written = writeFloat(buffer, to: file)
    case .pcm16, .pcm24: written = writeQuantised(buffer, to: file)
    }
    guard written == frameCount else {
      let reason = sf_error(file) != SF_ERR_NO_ERROR ? String(cString: sf_strerror(file)) : "short write."
      cancel()
      throw .cannotWrite(path: path, reason: reason)
    }
    framesWritten += frameCount
    startWritebackIfDue()
  }

  /// Completes the file (header, flush to disk) and renames it onto ``path``.
  /// - Throws: ``AudioFileError/cannotWrite(path:reason:)`` if closing, syncing or renaming
  ///   fails, or ``AudioFileError/outputExists(path:)`` if a file appeared at ``path`` meanwhile
  ///   and overwriting was not allowed; the temporary file is then removed.
  public func finish() throws(AudioFileError) {
    guard let file else { preconditionFailure("finish() after finish() or cancel().") }
    self.file = nil
    let closeStatus = sf_close(file)
    if closeStatus != 0 {
      let reason = String(cString: sf_error_number(closeStatus))
      discardTemporaryFile()
      throw .cannotWrite(path: path, reason: reason)
    }
    if fsync(descriptor) != 0 || close(descriptor) != 0 {
      let reason = String(cString: strerror(errno))
      descriptor = -1
      discardTemporaryFile()
      throw .cannotWrite(path: path, reason: reason)
    }
    descriptor = -1
    var existing = stat()
    if !overwrite, lstat(path, &existing) == 0 {
      discardTemporaryFile()
      throw .outputExists(path: path)
    }
    if rename(temporaryPath, path) != 0 {
      let reason = String(cString: strerror(errno))
      discardTemporaryFile()
      throw .cannotWrite(path: path, reason: reason)
    }
    untrackTemporaryFile()
  }

  /// Frames written when the kernel was last asked to start writing the file out.
  private var framesAtWriteback = 0
  /// About 8 MB of 32-bit stereo at 44.1 kHz: how much the file grows between writeback starts.
  private static let writebackFrames = 1 << 20

  /// Asks the kernel to start writing out what the file holds so far, without waiting, so the
  /// `fsync` of ``finish()`` has little left to do (0.027 s of a 240 s float master otherwise).
  private func startWritebackIfDue() {
    guard framesWritten - framesAtWriteback >= Self.writebackFrames else { return }
    framesAtWriteback = framesWritten
    _ = Self.syncFileRange?(descriptor, 0, 0, Self.syncFileRangeWrite)
  }

  /// Linux's `sync_file_range(2)`, looked up at run time: Swift's Glibc module leaves out this
  /// GNU extension. `nil` where the C library has none (the final `fsync` then does it all).
  private static let syncFileRange: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32)? = {
    #if os(Linux)
      // A null handle is glibc's RTLD_DEFAULT: search the process's libraries.
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
      return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32).self)
    #else
      return nil
    #endif
  }()
  /// `SYNC_FILE_RANGE_WRITE`: start writeback of dirty pages, do not wait.
  private static let syncFileRangeWrite: UInt32 = 2

  /// Abandons the file: closes and removes the temporary file. Safe to call more than once.
  public func cancel() {
    if let file {
      sf_close(file)
      self.file = nil
      discardTemporaryFile()
    }
  }

  // MARK: - Encoding

  /// Interleaves `buffer` as floats and writes it; returns the frames written.
  private func writeFloat(_ buffer: AudioBuffer, to file: OpaquePointer) -> Int {
    let frameCount = buffer.frameCount
    let sampleCount = frameCount * channelCount
    if floatScratch.count < sampleCount { floatScratch = [Float](repeating: 0, count: sampleCount) }
    floatScratch.withUnsafeMutableBufferPointer { destination in
      for channel in 0..<channelCount {
        buffer.channels[channel].withUnsafeBufferPointer { source in
          var index = channel
          for frame in 0..<frameCount {
            destination[index] = source[frame]
            index += channelCount
          }
        }
      }
    }
    return Int(floatScratch.withUnsafeBufferPointer { sf_writef_float(file, $0.baseAddress, sf_count_t(frameCount)) })
  }

  /// Interleaves `buffer` as integer codes of the format's depth (``BitDepth/code(for:fullScale:)``),
  /// left-justified in 32 bits as `sf_writef_int` expects; returns the frames written.
  private func writeQuantised(_ buffer: AudioBuffer, to file: OpaquePointer) -> Int {
    let frameCount = buffer.frameCount
    let sampleCount = frameCount * channelCount
    if integerScratch.count < sampleCount { integerScratch = [Int32](repeating: 0, count: sampleCount) }
    let fullScale = format.bitDepth.integerFullScale!
    let shift = Int32(32 - (format.bitDepth == .pcm16 ? 16 : 24))
    integerScratch.withUnsafeMutableBufferPointer { destination in
      for channel in 0..<channelCount {
        buffer.channels[channel].withUnsafeBufferPointer { source in
          var index = channel
          for frame in 0..<frameCount {
            destination[index] = Int32(BitDepth.code(for: source[frame], fullScale: fullScale)) << shift
            index += channelCount
          }
        }
      }
    }
    return Int(integerScratch.withUnsafeBufferPointer { sf_writef_int(file, $0.baseAddress, sf_count_t(frameCount)) })
  }

  private func discardTemporaryFile() {
    if descriptor >= 0 {
      close(descriptor)
      descriptor = -1
    }
    unlink(temporaryPath)
    untrackTemporaryFile()
  }

  /// Takes the temporary file out of ``TemporaryFiles`` (it was renamed or removed).
  private func untrackTemporaryFile() {
    if let temporarySlot { TemporaryFiles.remove(slot: temporarySlot) }
    temporarySlot = nil
  }
}
