import ArgumentParser
import DubplateAnalysis
import DubplateAudio
import Foundation

/// Analyses input files for the commands that judge them, turning read errors into one line each.
enum AnalysisRunner {
  /// Analyses one file or exits with status 1 after printing why.
  static func analyze(_ path: String) throws -> TrackAnalysis {
    do {
      let analysis = try TrackAnalyzer.analyze(fileAt: path)
      for warning in analysis.warnings { printError("warning: \(path): \(warning)") }
      return analysis
    } catch let error as AudioFileError {
      printError(error.description)
      throw ExitCode.failure
    }
  }

  /// Analyses `paths` on all cores (one thread per core, see ``ParallelWork``). Results keep the order of `paths`; failures carry the error line.
  /// - Parameter progress: told the number of files finished after each, one call at a time.
  static func analyzeConcurrently(
    _ paths: [String], progress: (@Sendable (Int) -> Void)? = nil
  ) -> [Result<TrackAnalysis, AudioFileError>] {
    let results = ResultSlots<Result<TrackAnalysis, AudioFileError>>(count: paths.count)
    ParallelWork.run(count: paths.count) { index in
      let result: Result<TrackAnalysis, AudioFileError>
      do {
        result = .success(try TrackAnalyzer.analyze(fileAt: paths[index]))
      } catch let error as AudioFileError {
        result = .failure(error)
      } catch {
        result = .failure(.readFailed(path: paths[index], reason: "\(error)"))
      }
      results.fill(index, with: result) { filled in progress?(filled) }
    }
    return results.values
  }
}

/// Thread-safe slots filled by index from concurrent work.
final class ResultSlots<Value>: @unchecked Sendable {
  private var storage: [Value?]
  private let lock = NSLock()

  init(count: Int) { storage = Array(repeating: nil, count: count) }

  subscript(index: Int) -> Value? {
    get { lock.withLock { storage[index] } }
    set { lock.withLock { storage[index] = newValue } }
  }

  /// Fills slot `index` and, still holding the lock (so calls come one at a time and in
  /// order), tells `then` how many slots are filled.
  func fill(_ index: Int, with value: Value, then: (Int) -> Void) {
    lock.withLock {
      storage[index] = value
      then(storage.lazy.filter { $0 != nil }.count)
    }
  }

  /// Every slot's value; all must have been filled.
  var values: [Value] { lock.withLock { storage.map { $0! } } }
}
