import Foundation
import Synchronization

/// The temporary files ``AudioFileWriter``s have open, so that a signal handler can remove
/// them when Ctrl-C ends a run: a fixed table of C strings, read by ``removeAll()`` with
/// async-signal-safe calls only (no allocation, no lock). Writers add themselves on creation
/// and leave on finishing or cancelling.
public enum TemporaryFiles {
  /// Temporary files open at once, at most (a master holds two; more are simply not tracked).
  static let capacity = 16
  /// The table's slots; a path string is never freed once shared with a handler, since a
  /// handler may be reading it (a few bytes per file, once per output).
  nonisolated(unsafe) private static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
    let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
    slots.initialize(repeating: nil, count: capacity)
    return slots
  }()
  private static let writers = Mutex(())

  /// Tracks `path`; returns its slot for ``remove(slot:)``, or `nil` when the table is full.
  static func add(_ path: String) -> Int? {
    writers.withLock { _ in
      guard let slot = (0..<capacity).first(where: { slots[$0] == nil }) else { return nil }
      slots[slot] = strdup(path)
      return slot
    }
  }

  /// Stops tracking a slot's file (it was renamed into place or removed).
  static func remove(slot: Int) {
    writers.withLock { _ in slots[slot] = nil }
  }

  /// Removes every tracked file; safe to call from a signal handler.
  public static func removeAll() {
    for slot in 0..<capacity {
      if let path = slots[slot] { unlink(path) }
    }
  }
}
