import Foundation

/// The one process-wide lock around FFTW's planner.
///
/// FFTW's manual (*Thread safety*) states that only `fftw_execute` and its new-array
/// variants are thread-safe; every other routine, the planner above all, must be called
/// from one thread at a time. Unlocked concurrent `fftw_plan_*` / `fftw_destroy_plan`
/// calls were shown to crash on the build machine (see `swift-facts.md`). Every plan
/// creation and destruction in Dubplate, for every precision, runs inside ``withLock(_:)``.
public enum FFTWPlanner {
  private static let lock = NSLock()

  /// Runs `body` while holding the planner lock. Use it around every `fftw(f)_plan_*`,
  /// `fftw(f)_destroy_plan`, wisdom call and `fftw(f)_cleanup`, and for nothing slow.
  public static func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
    lock.lock()
    defer { lock.unlock() }
    return try body()
  }
}
