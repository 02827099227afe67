import DubplateAudio
import Foundation

/// Removes a run's temporary and lock files (and every file ``TemporaryFiles`` tracks) when
/// Ctrl-C or SIGTERM arrives, says that the output was left as it was, and exits with 128 +
/// the signal's number, as shells report an interrupted command.
///
/// A plain signal handler, installed before any work starts, does this with async-signal-safe
/// calls only (`unlink`, `write`, `_exit`) on C strings prepared in advance. (A dispatch signal
/// source, tried first, registers asynchronously: a signal arriving before the registration was
/// ignored and the run went on to replace the output.)
enum InterruptCleanup {
  /// The files to remove and the message to print, as C strings; `nil` when nothing is armed.
  nonisolated(unsafe) private static var temporaryPath: UnsafeMutablePointer<CChar>?
  nonisolated(unsafe) private static var lockPath: UnsafeMutablePointer<CChar>?
  nonisolated(unsafe) private static var message: UnsafeMutablePointer<CChar>?

  /// Arms the handler for one output: on SIGINT or SIGTERM, `temporaryPath` and `lockPath` are removed.
  static func arm(temporaryPath: String, lockPath: String, output: String) {
    disarm()
    self.temporaryPath = strdup(temporaryPath)
    self.lockPath = strdup(lockPath)
    message = strdup("dubplate: interrupted; \"\(output)\" was left as it was.\n")
    for signalNumber in [SIGINT, SIGTERM] { signal(signalNumber, handle) }
  }

  /// Arms the handler for an output whose writers track their own temporary files (a master).
  static func arm(output: String) {
    disarm()
    message = strdup("dubplate: interrupted; \"\(output)\" was left as it was.\n")
    for signalNumber in [SIGINT, SIGTERM] { signal(signalNumber, handle) }
  }

  /// Restores the default handling (the output was committed or abandoned).
  static func disarm() {
    for signalNumber in [SIGINT, SIGTERM] { signal(signalNumber, SIG_DFL) }
    for pointer in [temporaryPath, lockPath, message] { free(pointer) }
    temporaryPath = nil
    lockPath = nil
    message = nil
  }

  private static let handle: @convention(c) (Int32) -> Void = { signalNumber in
    if let path = InterruptCleanup.temporaryPath { unlink(path) }
    if let path = InterruptCleanup.lockPath { unlink(path) }
    TemporaryFiles.removeAll()
    if let text = InterruptCleanup.message { _ = write(STDERR_FILENO, text, strlen(text)) }
    _exit(128 + signalNumber)
  }
}
