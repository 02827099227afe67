import ArgumentParser
import DubplateAudio
import DubplateMastering
import DubplateProfiles
import DubplateReports
import Foundation

/// Turns `dubplate master`'s options into a ``MasteringRequest``, runs it and prints the report.
struct MasteringSession {
  let command: Dubplate.Master
  let match: Set<MasteringGoal.Aspect>

  init(command: Dubplate.Master, match: Set<MasteringGoal.Aspect>) throws {
    self.command = command
    self.match = match
  }

  func run() throws {
    var request = try makeRequest()
    let progress = StagedProgress(
      name: URL(fileURLWithPath: command.input).lastPathComponent, output: command.terminal, verbose: command.verbose)
    request.progress = { progress.update(stage: $0.stage, fraction: $0.fraction) }
    let outcome: MasteringOutcome
    // Until the master is in place, Ctrl-C removes the render's temporary files.
    if let output = request.output { InterruptCleanup.arm(output: output) }
    do {
      defer {
        progress.finish()  // the bar is erased before any error line
        InterruptCleanup.disarm()
      }
      outcome = try MasteringJob.run(request)
    } catch let error as AudioFileError {
      printError(error.description)
      throw ExitCode.failure
    } catch let error as MasteringError {
      printError(error.description)
      throw ExitCode.failure
    }
    let report = outcome.report
    if let saveChain = command.saveChain {
      try FileOutput.write(try JSONReport.document(report.chain) + "\n", to: saveChain)
    }
    switch command.format {
    case .text: print(MasteringTextReport().render(report))
    case .json, .jsonl: print(try JSONReport.document(report))
    }
    if let path = command.report { try writeReport(outcome, to: path) }
  }

  /// The HTML report, with the codec preview of the written master (of nothing for a dry run).
  private func writeReport(_ outcome: MasteringOutcome, to path: String) throws {
    var previews = HTMLReportFile.previews(for: outcome.beforeAnalysis)
    if let after = outcome.afterAnalysis, let output = outcome.report.output {
      do {
        previews = HTMLReportFile.previews(for: after, codecs: try CodecRoundTrip.preview(fileAt: output))
      } catch {
        printError(error.description)
        throw ExitCode.failure
      }
    }
    try HTMLReportFile.write(MasteringHTMLReport().render(outcome, previews: previews), to: path)
  }

  private func makeRequest() throws -> MasteringRequest {
    var platform: PlatformTable.Platform?
    if let name = command.platform {
      let table: PlatformTable
      do { table = try PlatformTable.shipped() } catch {
        printError(error.description)
        throw ExitCode.failure
      }
      guard let found = table.platform(named: name) else {
        throw ValidationError("Unknown platform \"\(name)\"; known: \(table.platforms.map(\.name).joined(separator: ", ")).")
      }
      platform = found
    }
    var profile: GenreProfile?
    if let genre = command.genre {
      do { profile = try ProfileLibrary.standard().profile(named: genre) } catch { throw ValidationError(error.description) }
    }
    var chain: MasteringPlan?
    if let path = command.chain {
      guard let data = FileManager.default.contents(atPath: path) else {
        printError("cannot read the chain file \"\(path)\".")
        throw ExitCode.failure
      }
      do { chain = try JSONDecoder().decode(MasteringPlan.self, from: data) } catch {
        printError("the chain file \"\(path)\" is not a dubplate.chain/1 file: \(error)")
        throw ExitCode.failure
      }
    }
    return MasteringRequest(
      input: command.input, output: command.dryRun ? nil : command.output, targetLUFS: command.targetLUFS,
      ceilingDBTP: command.ceiling, platform: platform, profile: profile, referencePaths: command.reference, match: match,
      amount: command.amount / 100, bitDepth: command.bitDepth, sampleRateHz: command.sampleRate.map(Double.init),
      multiband: command.multiband, limiter: !command.noLimiter,
      allowHeavyLimiting: command.allowHeavyLimiting, chain: chain, overwrite: command.force)
  }
}
