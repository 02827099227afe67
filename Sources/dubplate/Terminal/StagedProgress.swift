import Foundation

/// Progress of one long job told in stages ("mix.wav: analysing", then "mix.wav: limiting,
/// pass 2", …; "profile build: analysing 24 files"): a ``ProgressBar`` per stage, each replacing the last. With `verbose`, each
/// finished stage's time goes to standard error as a line (unless quiet), terminal or not.
///
/// Stages arrive from one thread at a time, not always the same one; a lock orders them.
final class StagedProgress: @unchecked Sendable {
  private let name: String
  private let isShown: Bool
  private let colored: Bool
  private let printsTimings: Bool
  private let lock = NSLock()
  private var stage: (name: String, bar: ProgressBar, start: Date)?

  init(name: String, output: OutputOptions, verbose: Bool) {
    self.name = name
    isShown = ProgressBar.shouldShow(quiet: output.quiet)
    colored = TerminalStyle.colorAllowed(noColorFlag: output.noColor)
    printsTimings = verbose && !output.quiet
  }

  /// Shows `fraction` (0…1) of `stageName` done, opening a new bar when the stage is new.
  func update(stage stageName: String, fraction: Double) {
    lock.withLock {
      if stage?.name != stageName {
        closeStage()
        stage = (stageName, ProgressBar(label: "\(name): \(stageName)", isShown: isShown, colored: colored), Date())
      }
      stage?.bar.update(fraction)
    }
  }

  /// Erases the last bar (and prints its time when verbose).
  func finish() {
    lock.withLock { closeStage() }
  }

  private func closeStage() {
    guard let stage else { return }
    stage.bar.finish()
    if printsTimings {
      printError("timing: \(name): " + String(format: "%@ %.2f s", stage.name, Date().timeIntervalSince(stage.start)))
    }
    self.stage = nil
  }
}
