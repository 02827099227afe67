import ArgumentParser
import DubplateAnalysis
import DubplateAudio
import Foundation
import Synchronization

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
    let finished = Mutex(0)
    ParallelWork.run(count: paths.count) { index in
      do {
        results[index] = .success(try TrackAnalyzer.analyze(fileAt: paths[index]))
      } catch let error as AudioFileError {
        results[index] = .failure(error)
      } catch {
        results[index] = .failure(.readFailed(path: paths[index], reason: "\(error)"))
      }
      finished.withLock { count in
        count += 1
        progress?(count)
      }
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

  /// Every slot's value; all must have been filled.
  var values: [Value] { lock.withLock { storage.map { $0! } } }
}
