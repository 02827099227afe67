import DubplateAnalysis
import Foundation

/// What a batch run found, counted as results arrive: files, failures, the spread of
/// integrated loudness, how many tracks are louder than each platform's reference level
/// (the service will turn them down) and how many have true-peak overs.
public struct BatchSummary: Sendable, Equatable {
  /// A streaming service's normalisation level, e.g. `spotify` at −14 LUFS.
  public struct PlatformReference: Sendable, Equatable {
    /// The platform's name as `--platform` takes it (`spotify`, `spotify-loud`, …).
    public var name: String
    /// The level the service normalises to, LUFS.
    public var referenceLUFS: Double

    public init(name: String, referenceLUFS: Double) {
      self.name = name
      self.referenceLUFS = referenceLUFS
    }
  }

  /// True peaks above this count as overs: the −1 dBTP ceiling most services advise.
  public static let truePeakCeilingDBTP = -1.0

  /// Files attempted: analysed plus failed.
  public var fileCount: Int { analysedCount + failureCount }
  /// Files measured.
  public private(set) var analysedCount = 0
  /// Files that could not be read or decoded.
  public private(set) var failureCount = 0
  /// Files whose true peak exceeds ``truePeakCeilingDBTP``.
  public private(set) var truePeakOverCount = 0
  /// The defined integrated loudness of every file measured, LUFS, in arrival order.
  public private(set) var integratedLUFS: [Double] = []

  public init() {}

  /// Counts one measured file.
  public mutating func add(_ analysis: TrackAnalysis) {
    analysedCount += 1
    if let integrated = analysis.loudness.integrated { integratedLUFS.append(integrated) }
    if let truePeak = analysis.loudness.truePeak, truePeak > Self.truePeakCeilingDBTP { truePeakOverCount += 1 }
  }

  /// Counts one file that failed.
  public mutating func addFailure() { failureCount += 1 }

  /// Median integrated loudness, LUFS (the mean of the middle two for an even count); `nil` if none.
  public var medianIntegratedLUFS: Double? {
    guard !integratedLUFS.isEmpty else { return nil }
    let sorted = integratedLUFS.sorted()
    let middle = sorted.count / 2
    return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
  }

  /// Quietest integrated loudness, LUFS; `nil` if none.
  public var minimumIntegratedLUFS: Double? { integratedLUFS.min() }
  /// Loudest integrated loudness, LUFS; `nil` if none.
  public var maximumIntegratedLUFS: Double? { integratedLUFS.max() }

  /// Files whose integrated loudness is above `referenceLUFS`.
  public func louderCount(than referenceLUFS: Double) -> Int {
    integratedLUFS.filter { $0 > referenceLUFS }.count
  }

  /// The summary as short lines of text for standard error.
  public func lines(platforms: [PlatformReference]) -> [String] {
    var lines = ["Summary: \(fileCount) files, \(analysedCount) analysed, \(failureCount) failed"]
    if let median = medianIntegratedLUFS, let low = minimumIntegratedLUFS, let high = maximumIntegratedLUFS {
      lines.append(
        "Integrated loudness: median \(Self.number(median)) LUFS, min \(Self.number(low)) LUFS, "
          + "max \(Self.number(high)) LUFS (\(integratedLUFS.count) defined)")
    } else {
      lines.append("Integrated loudness: none defined")
    }
    if !platforms.isEmpty {
      let counts = platforms.map { "\($0.name) (\(Self.number($0.referenceLUFS)) LUFS) \(louderCount(than: $0.referenceLUFS))" }
      lines.append("Louder than the platform reference: " + counts.joined(separator: ", "))
    }
    lines.append("True peak above \(Self.number(Self.truePeakCeilingDBTP)) dBTP: \(truePeakOverCount) files")
    return lines
  }

  private static func number(_ value: Double) -> String { String(format: "%.1f", value) }
}
