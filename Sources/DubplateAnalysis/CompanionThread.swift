import Foundation

/// A second thread that takes one piece of each step of a pipeline while the caller does
/// another, so a single stream of blocks can use two cores.
///
/// One long-lived thread (not one per block): a step costs two semaphore hand-offs. The
/// thread ends when the companion is released. Use it from one thread at a time.
public final class CompanionThread: @unchecked Sendable {
  /// The hand-off state the thread shares; the thread holds it, not the companion, so
  /// releasing the companion can stop the thread.
  private final class Mailbox: @unchecked Sendable {
    let start = DispatchSemaphore(value: 0)
    let done = DispatchSemaphore(value: 0)
    var work: (() -> Void)?
  }

  private let mailbox = Mailbox()

  public init() {
    let mailbox = mailbox
    Thread {
      while true {
        mailbox.start.wait()
        guard let work = mailbox.work else { return }
        work()
        mailbox.done.signal()
      }
    }.start()
  }

  deinit {
    finish()
    mailbox.work = nil
    mailbox.start.signal()
  }

  private var isBusy = false

  /// Runs `companionWork` on the companion thread and `ownWork` on the calling one, and
  /// returns when both have finished (everything either wrote is then visible to the caller).
  public func run(_ companionWork: @escaping () -> Void, alongside ownWork: () -> Void) {
    begin(companionWork)
    ownWork()
    finish()
  }

  /// Starts `work` on the companion thread, after waiting for the work it has in hand.
  public func begin(_ work: @escaping () -> Void) {
    finish()
    mailbox.work = work
    isBusy = true
    mailbox.start.signal()
  }

  /// Waits until the companion's work in hand (if any) has finished; what it wrote is then
  /// visible to the caller.
  public func finish() {
    guard isBusy else { return }
    mailbox.done.wait()
    isBusy = false
  }
}
