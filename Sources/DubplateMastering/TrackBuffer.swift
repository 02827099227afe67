import DubplateDSP
#if canImport(Glibc)
  import Glibc
#endif

extension AudioBuffer {
  /// A buffer of `frameCount` frames of silence per channel for a whole rendered track, whose
  /// memory the kernel is asked to back with 2 MB pages where it can (Linux transparent huge
  /// pages in `madvise` mode): a 4-minute stereo render then takes a few hundred page faults
  /// instead of about twenty thousand, which cost more CPU than the limiter's detection.
  static func trackLong(channelCount: Int, frameCount: Int) -> AudioBuffer {
    AudioBuffer(
      channels: (0..<channelCount).map { _ in
        [Float](unsafeUninitializedCapacity: frameCount) { samples, count in
          if let base = samples.baseAddress { adviseHugePages(UnsafeMutableRawPointer(base), byteCount: frameCount * 4) }
          samples.initialize(repeating: 0)
          count = frameCount
        }
      })
  }

  /// Asks for huge pages over the whole 4 KB pages inside the region; harmless where refused.
  private static func adviseHugePages(_ start: UnsafeMutableRawPointer, byteCount: Int) {
    #if os(Linux)
      let pageSize = 4096
      let first = (Int(bitPattern: start) + pageSize - 1) / pageSize * pageSize
      let end = (Int(bitPattern: start) + byteCount) / pageSize * pageSize
      guard end > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
      _ = madvise(aligned, end - first, MADV_HUGEPAGE)
    #endif
  }
}
