import ArgumentParser
import DubplateCatalog
import Foundation

/// Options for measuring a catalogue: folders, parallel jobs, a results file written
/// safely, resuming it, and splitting the work over machines.
struct BatchOptions: ParsableArguments {
  @Flag(name: .shortAndLong, help: "Search folders given for audio files, in every subfolder (folder links are not followed).")
  var recursive = false

  @Option(name: .shortAndLong, help: "Files to analyse at once (default: all active cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Option(
    name: .shortAndLong,
    help: """
      Write the results to this file (through a temporary file renamed at the end). An existing file \
      is kept unless --force or --resume; while one run writes it, a second run is refused.
      """)
  var output: String?

  @Flag(help: "Keep the analyses already in the output file and analyse only the files missing from it.")
  var resume = false

  @Flag(help: "Replace the output file if it exists.")
  var force = false

  @Option(help: "Analyse only shard I of N (1 ≤ I ≤ N), chosen by a stable hash of each file's path relative to the folder given.")
  var shard: String?

  func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1.") }
    if let shard, Shard(parsing: shard) == nil {
      throw ValidationError("--shard must be I/N with 1 ≤ I ≤ N, e.g. --shard 2/8.")
    }
    if resume && output == nil { throw ValidationError("--resume needs the output file to resume (-o).") }
    if resume && force { throw ValidationError("--resume keeps the output file and --force replaces it; choose one.") }
  }

  /// The parsed `--shard`, or `nil` for every file.
  var selectedShard: Shard? { shard.flatMap(Shard.init(parsing:)) }
}
