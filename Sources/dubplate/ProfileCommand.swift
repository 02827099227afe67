import ArgumentParser
import DubplateAnalysis
import DubplateProfiles
import DubplateReports
import Foundation

extension Dubplate {
  /// `dubplate profile`: list, show and build genre profiles.
  struct Profile: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List, show and build genre profiles.",
      discussion: """
        Profiles are looked up in your folder first ($DUBPLATE_PROFILES, else \
        $XDG_CONFIG_HOME/dubplate/profiles, else ~/.config/dubplate/profiles), then in the \
        shipped presets ($DUBPLATE_PRESETS/genres, else Presets/genres of the repository).
        """,
      subcommands: [List.self, Show.self, Build.self])
  }
}

extension Dubplate.Profile {
  /// `dubplate profile list`.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the presets and your own profiles.")

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    func run() throws {
      let (profiles, errors) = ProfileLibrary.standard().all()
      for error in errors { printError("warning: \(error.description)") }
      switch format {
      case .text: print(ProfileTextReport().renderList(profiles))
      case .json: print(try JSONReport.document(profiles))
      case .jsonl: for profile in profiles { print(try JSONReport.line(profile)) }
      }
    }
  }

  /// `dubplate profile show NAME`.
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a profile's targets, provenance and ranges.")

    @Argument(help: "A profile name, or a path to a profile .json.")
    var name: String

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    func run() throws {
      let profile: GenreProfile
      do { profile = try ProfileLibrary.standard().profile(named: name) } catch {
        printError(error.description)
        throw ExitCode.failure
      }
      switch format {
      case .text: print(ProfileTextReport().render(profile))
      case .json, .jsonl: print(try JSONReport.document(profile))
      }
    }
  }

  /// `dubplate profile build`.
  struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Analyse audio files (on all cores) and write a genre profile from them.",
      discussion: """
        Folders are searched recursively for .wav, .aif, .aiff, .flac, .ogg, .oga, .opus and \
        .mp3 files. Unreadable files are skipped and listed. Outliers are left out by Tukey's \
        fences on integrated loudness and on spectral distance (with five or more tracks).
        """)

    @Argument(help: "Audio files or folders holding them.")
    var inputs: [String]

    @Option(help: "The profile's name, used with --genre.")
    var name: String

    @Option(help: "One sentence describing the profile.")
    var description: String?

    @Option(help: "Licence of the recordings, recorded in the provenance.")
    var licence: String = "unknown"

    @Option(name: .shortAndLong, help: "Where to write the profile .json.")
    var output: String

    @Flag(help: "Overwrite the output file if it exists.")
    var force = false

    @OptionGroup var terminal: OutputOptions

    func validate() throws {
      try FileOutput.checkWritable(output, force: force)
      if name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--name must not be empty.") }
    }

    func run() throws {
      let files = AudioFileFinder.files(in: inputs)
      guard !files.isEmpty else {
        printError("no audio files found in \(inputs.joined(separator: ", ")).")
        throw ExitCode.failure
      }
      let progress = StagedProgress(name: "profile build", output: terminal, verbose: false)
      let stage = "analysing \(files.count) files"
      let results = AnalysisRunner.analyzeConcurrently(files.map(\.path)) { finished in
        progress.update(stage: stage, fraction: Double(finished) / Double(files.count))
      }
      progress.finish()
      var analyses = [TrackAnalysis]()
      for (found, result) in zip(files, results) {
        switch result {
        case .success(var analysis):
          analysis.file = found.label
          analyses.append(analysis)
        case .failure(let error): printError("skipped: \(error.description)")
        }
      }
      let slug = name.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "-")
      do {
        let profile = try ProfileBuilder(name: slug, description: description ?? "Built from \(analyses.count) tracks.")
          .build(from: analyses, sources: analyses.map(\.file), licence: licence)
        try FileOutput.write(try JSONReport.document(profile) + "\n", to: output)
        let skipped = files.count - analyses.count
        print("Wrote \(output): \(profile.provenance.trackCount) tracks used, \(profile.provenance.excluded.count) outliers left out, \(skipped) unreadable.")
      } catch let error as ProfileError {
        printError(error.description)
        throw ExitCode.failure
      }
    }
  }
}
