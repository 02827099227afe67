import DubplateAnalysis
import DubplateAudio
import Foundation

/// The path each input is written to: one per process, in the temporary folder, so decoding goes
/// through libsndfile's file path exactly as `dubplate analyze` does.
private let inputPath = FileManager.default.temporaryDirectory
  .appendingPathComponent("dubplate-fuzz-\(getpid()).bin").path

/// libFuzzer's entry point: writes `count` bytes to a file, decodes and analyses it, and
/// encodes the analysis as JSON. A clean ``AudioFileError`` is an accepted outcome; a crash, a
/// sanitizer report, an encoding failure or NaN/Infinity in the JSON (which `JSONEncoder`
/// refuses to write) is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecodeAndAnalyze(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
  let bytes = start.map { Data(bytes: $0, count: count) } ?? Data()
  guard FileManager.default.createFile(atPath: inputPath, contents: bytes) else {
    fatalError("cannot write the fuzz input to \(inputPath)")
  }
  defer { unlink(inputPath) }
  let analysis: TrackAnalysis
  do {
    analysis = try TrackAnalyzer.analyze(fileAt: inputPath)
  } catch let error as AudioFileError {
    precondition(!error.description.contains("\n"), "error message spans lines: \(error.description)")
    return 0
  } catch {
    fatalError("analysis threw something other than AudioFileError: \(error)")
  }
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys]
  let json: Data
  do { json = try encoder.encode(analysis) } catch { fatalError("JSON encoding failed: \(error)") }
  // JSONSerialization refuses NaN and Infinity, so a parse proves the output is valid JSON.
  guard (try? JSONSerialization.jsonObject(with: json)) != nil else {
    fatalError("analysis JSON is not valid JSON: \(String(decoding: json.prefix(400), as: UTF8.self))")
  }
  return 0
}
