import Foundation

/// Plain POSIX writes for the files the tool creates, so a failure carries the system's own
/// reason (`No space left on device`) rather than Foundation's paraphrase.
enum FileDescriptor {
  /// Writes all of `bytes` to `descriptor`, retrying short and interrupted writes.
  /// - Returns: 0, or the `errno` of the write that failed.
  static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBufferPointer { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
      if written > 0 {
        offset += written
      } else if written < 0 && errno == EINTR {
        continue
      } else {
        return written < 0 ? errno : EIO
      }
    }
    return 0
  }

  /// The system's one-line message for an `errno` value, e.g. "No space left on device".
  static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}
