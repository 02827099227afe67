import Foundation

/// Keeps a signal's true peak (as ``TruePeakMeter`` measures it, ITU-R BS.1770-4 Annex 2) at
/// or below `ceilingDBTP` by the least intervention there is: each value above the ceiling is
/// removed by a gain dip of about 1.6 ms (``TruePeakOverCorrector``, the exact last stage of
/// ``TruePeakLimiter``), and everything else passes untouched. For a signal already limited
/// that a small filter has lifted a fraction of a dB in places: a second look-ahead limiter
/// would ride the gain for tens of milliseconds around each such peak.
public final class TruePeakGuard: AudioProcessor {
  /// The highest true peak the output may have, dBTP.
  public let ceilingDBTP: Double
  /// Frames by which the output lags the input; 0 until prepared.
  public private(set) var latencySamples = 0
  /// Gain dips applied so far.
  public var dipCount: Int { corrector?.correctionCount ?? 0 }

  private var corrector: TruePeakOverCorrector?

  public init(ceilingDBTP: Double) {
    self.ceilingDBTP = ceilingDBTP
  }

  public func prepare(sampleRate: Double, maximumBlockSize: Int, channelCount: Int) {
    let corrector = TruePeakOverCorrector(
      ceilingLinear: Decibels.toAmplitude(ceilingDBTP), sampleRate: sampleRate, channelCount: channelCount)
    self.corrector = corrector
    latencySamples = corrector.latencyFrames
  }

  public func process(_ buffer: inout AudioBuffer) {
    precondition(corrector != nil, "Call prepare(sampleRate:maximumBlockSize:channelCount:) first.")
    corrector!.process(&buffer)
  }

  public func reset() { corrector?.reset() }

  public var description: String { String(format: "TruePeakGuard(ceiling: %.2f dBTP)", ceilingDBTP) }
}
