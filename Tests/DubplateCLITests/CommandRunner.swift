import Foundation
import XCTest

/// What one run of the built `dubplate` binary printed and how it exited.
struct CommandResult {
  var standardOutput: String
  var standardError: String
  var exitStatus: Int32
}

/// Runs the `dubplate` executable that `swift build` put beside the test bundle.
enum CommandRunner {
  static var productsDirectory: URL {
    #if os(macOS)
      for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
        return bundle.bundleURL.deletingLastPathComponent()
      }
      fatalError("Could not find the products directory.")
    #else
      return Bundle.main.bundleURL
    #endif
  }

  static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> CommandResult {
    try run(executable: productsDirectory.appendingPathComponent("dubplate").path, arguments, environment: environment)
  }

  /// Runs any executable with stdout and stderr captured through pipes.
  static func run(executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
      standardOutput: String(decoding: outputData, as: UTF8.self),
      standardError: String(decoding: errorData, as: UTF8.self),
      exitStatus: process.terminationStatus)
  }
}

extension CommandRunner {
  /// What an interrupted run printed on stderr and how it exited, and whether it was still
  /// running when Ctrl-C (SIGINT) came.
  struct Interrupted {
    var standardError: String
    var exitStatus: Int32
    var wasRunning: Bool
  }

  /// Starts `dubplate` with `arguments`, waits (up to `timeoutSeconds`) until `ready()` holds
  /// while it runs, then interrupts it and waits for it to end.
  static func interrupt(
    _ arguments: [String], when ready: () throws -> Bool, timeoutSeconds: Double = 60
  ) throws -> Interrupted {
    let process = Process()
    process.executableURL = productsDirectory.appendingPathComponent("dubplate")
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    let error = Pipe()
    process.standardError = error
    try process.run()
    let deadline = Date().addingTimeInterval(timeoutSeconds)
    while try !ready() && process.isRunning && Date() < deadline { usleep(5_000) }
    let wasRunning = process.isRunning
    process.interrupt()
    let errorData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Interrupted(
      standardError: String(decoding: errorData, as: UTF8.self), exitStatus: process.terminationStatus,
      wasRunning: wasRunning)
  }
}

/// A temporary folder removed when the test ends.
final class TemporaryFolder {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("dubplate-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  deinit { try? FileManager.default.removeItem(at: url) }
}
