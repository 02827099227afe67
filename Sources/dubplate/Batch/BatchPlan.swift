import ArgumentParser
import DubplateAnalysis
import DubplateAudio
import DubplateReports
import Foundation

/// A result line of a batch output that names its file, so `--resume` can tell which files
/// are done.
protocol BatchResultLine: Decodable {
  /// The path of the file the line is about, as the run found it.
  var file: String { get }
}

extension TrackAnalysis: BatchResultLine {}

/// The steps every batch command shares (`analyze`, `suggest`): the files found, one error
/// line per folder without audio or that cannot be opened, the complete lines kept from an
/// earlier output with `--resume`, the report sink, and the run over the remaining files on
/// `--jobs` threads with a progress counter, an error line per failed file and its
/// `{"file", "error"}` JSON line.
struct BatchPlan<Kept: BatchResultLine> {
  /// Files still to do, in the order found (those kept by `--resume` left out).
  let paths: [String]
  /// Complete results of an earlier run kept by `--resume`, each with its line.
  let kept: [(line: String, value: Kept)]
  /// Where reports go; already holds the kept lines.
  let sink: ReportSink
  /// Whether a folder held no audio file or could not be opened (the run then fails at the end).
  let hadFolderErrors: Bool

  /// Finds the files and opens the output. Throws `ExitCode.failure` when nothing but empty
  /// folders was given, after their error lines.
  init(inputs: [String], options: BatchOptions) throws {
    let found = BatchInputs.collect(
      inputs, recursive: options.recursive, excluding: options.output, shard: options.selectedShard)
    found.folderErrors.forEach(printError)
    hadFolderErrors = !found.folderErrors.isEmpty
    if found.files.isEmpty && hadFolderErrors { throw ExitCode.failure }

    let kept = options.resume ? ResultFile.completedLines(in: options.output ?? "", as: Kept.self) : []
    let keptFiles = Set(kept.map(\.value.file))
    self.kept = kept
    paths = found.files.map(\.path).filter { !keptFiles.contains($0) }
    sink = ReportSink(
      file: try options.output.map {
        try ResultFile(path: $0, force: options.force, resume: options.resume, keptLines: kept.map(\.line))
      })
  }

  /// Runs `work` for each index of ``paths``, `jobs` at a time, and hands every result to
  /// `deliver` as it finishes (one at a time). A failure is first printed as one error line
  /// and, with `failureLines`, written to the sink as `{"error": ..., "file": ...}`.
  func run<Value>(
    jobs: Int, quiet: Bool, failureLines: Bool, work: @escaping (Int) throws -> Value,
    deliver: @escaping (Int, Result<Value, AudioFileError>) -> Void
  ) {
    let progress = ProgressLine(total: paths.count, quiet: quiet)
    var done = 0
    BatchRunner<Value>.run(
      count: paths.count, jobs: jobs, path: { paths[$0] }, work: work,
      deliver: { [sink, paths] index, result in
        if case .failure(let error) = result {
          printError(error.description)
          if failureLines, let line = try? JSONReport.line(FailureLine(file: paths[index], error: error.description)) {
            sink.write(line)
          }
        }
        deliver(index, result)
        done += 1
        progress.update(done: done)
      })
    progress.clear()
  }
}
