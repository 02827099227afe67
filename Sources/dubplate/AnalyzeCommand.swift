import ArgumentParser
import DubplateAnalysis
import DubplateAudio
import DubplateReports

extension Dubplate {
  /// `dubplate analyze`: measure one or more files and print a report for each.
  struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Measure loudness, peaks, dynamics, spectrum and stereo image of audio files.")

    @Argument(help: "Audio files to measure (WAV, AIFF, FLAC, Ogg Vorbis, Opus, MP3).")
    var files: [String]

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @Flag(name: .shortAndLong, help: "Also print loudness over time, second by second, and timings on standard error.")
    var verbose = false

    @Flag(help: "Also encode to MP3 (320 and 128 kbps), Ogg Vorbis and Opus and report the true peak after each codec.")
    var codecPreview = false

    @OptionGroup var output: OutputOptions

    func run() throws {
      var analyses: [AnalysisDocument] = []
      var failed = false
      for file in files {
        do {
          let analysis = try AnalysisPreviewer(codecPreview: codecPreview, output: output, verbose: verbose)
            .document(for: file)
          for warning in analysis.analysis.warnings where format != .text && !output.quiet {
            printError("warning: \(file): \(warning)")
          }
          analyses.append(analysis)
          try emit(analysis, isFirst: analyses.count == 1)
        } catch let error as AudioFileError {
          printError(error.description)
          failed = true
        }
      }
      if format == .json && files.count > 1 {
        print(try JSONReport.document(analyses))
      }
      if failed { throw ExitCode.failure }
    }

    /// Prints one analysis as soon as it is ready (JSON arrays are printed whole at the end).
    private func emit(_ analysis: AnalysisDocument, isFirst: Bool) throws {
      switch format {
      case .text:
        if !isFirst { print("") }
        print(AnalysisTextReport(verbose: verbose).render(analysis))
      case .jsonl:
        print(try JSONReport.line(analysis))
      case .json where files.count == 1:
        print(try JSONReport.document(analysis))
      case .json:
        break
      }
    }
  }
}
