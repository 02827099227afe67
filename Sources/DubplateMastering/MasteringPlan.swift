import DubplateDSP

/// Every processing step of a master with its exact parameters and the measurement that
/// motivated it: the `dubplate.chain/1` file of `--save-chain` / `--chain`.
///
/// A plan is complete: rendering the same input through the same plan gives bit-identical
/// output (the dither seed is part of it), so `--chain` replays a master exactly.
public struct MasteringPlan: Sendable, Equatable, Codable {
  public var schema = "dubplate.chain/1"
  /// Sample rate the filters were designed for, Hz; a replay at another rate is refused.
  public var sampleRate: Double
  /// Channel count the plan was made for.
  public var channelCount: Int
  /// Integrated loudness the gain was set for, LUFS.
  public var targetLUFS: Double
  /// Highest true peak allowed, dBTP.
  public var ceilingDBTP: Double
  /// The steps, in processing order.
  public var steps: [MasteringStep]

  public init(sampleRate: Double, channelCount: Int, targetLUFS: Double, ceilingDBTP: Double, steps: [MasteringStep]) {
    self.sampleRate = sampleRate
    self.channelCount = channelCount
    self.targetLUFS = targetLUFS
    self.ceilingDBTP = ceilingDBTP
    self.steps = steps
  }

  /// The gain step's gain, dB; `nil` when the plan has none.
  public var gainDB: Double? {
    steps.lazy.compactMap { step -> Double? in if case .gain(let gainDB) = step.processing { gainDB } else { nil } }.first
  }

  /// The plan with its gain step set to `gainDB` (added before the limiter when missing).
  public func settingGain(_ gainDB: Double, reason: String) -> MasteringPlan {
    var plan = self
    let rounded = (gainDB * 1000).rounded() / 1000
    if let index = plan.steps.firstIndex(where: { if case .gain = $0.processing { true } else { false } }) {
      plan.steps[index] = MasteringStep(.gain(gainDB: rounded), reason: reason)
    } else {
      let limiterIndex = plan.steps.firstIndex { if case .limiter = $0.processing { true } else { false } }
      plan.steps.insert(MasteringStep(.gain(gainDB: rounded), reason: reason), at: limiterIndex ?? plan.steps.count)
    }
    return plan
  }
}

/// One step of a ``MasteringPlan``.
public struct MasteringStep: Sendable, Equatable, Codable {
  public var processing: Processing
  /// Why this step is there, with the measurement behind it.
  public var reason: String

  public init(_ processing: Processing, reason: String) {
    self.processing = processing
    self.reason = reason
  }

  /// What a step does, with every parameter and its unit.
  public enum Processing: Sendable, Equatable, Codable {
    /// Parametric EQ bands (RBJ biquads), also used for the DC/subsonic high-pass.
    case eq(bands: [EQBand])
    /// Linear-phase matching EQ on mid and side, from smoothed spectral ratios (dB at Hz).
    case matchingEQ(midCurve: [CurvePoint], sideCurve: [CurvePoint]?, tapCount: Int)
    /// Glue compressor (stereo-linked, RMS detection, soft knee).
    case compressor(thresholdDB: Double, ratio: Double, attackMilliseconds: Double, releaseMilliseconds: Double, kneeDB: Double)
    /// Three-band compressor on Linkwitz–Riley crossovers, one setting for all bands.
    case multibandCompressor(crossoversHz: [Double], thresholdDB: Double, ratio: Double, attackMilliseconds: Double, releaseMilliseconds: Double, kneeDB: Double)
    /// Mid/side width and mono low end.
    case stereoWidth(sideGainDB: Double, monoBelowHz: Double?)
    /// Gain to the loudness target.
    case gain(gainDB: Double)
    /// Look-ahead true-peak limiter.
    case limiter(ceilingDBTP: Double, lookaheadMilliseconds: Double, releaseMilliseconds: Double)
    /// Short gain dips on the values above a true-peak ceiling, nothing else: after a tone
    /// trim that follows the limiter.
    case truePeakGuard(ceilingDBTP: Double)
    /// TPDF dither to the output's integer bit depth.
    case dither(bitDepth: Int, seed: UInt64)
  }

  /// One point of a matching-EQ curve.
  public struct CurvePoint: Sendable, Equatable, Codable {
    public var hz: Double
    public var gainDB: Double

    public init(hz: Double, gainDB: Double) {
      self.hz = hz
      self.gainDB = gainDB
    }
  }
}

extension MasteringStep: CustomStringConvertible {
  /// The step and its parameters on one line, as `--dry-run` prints them.
  public var description: String {
    func f(_ value: Double) -> String { String(format: "%.1f", value) }
    switch processing {
    case .eq(let bands):
      return "EQ: " + bands.map(\.description).joined(separator: "; ")
    case .matchingEQ(let mid, let side, let taps):
      func range(_ curve: [CurvePoint]) -> String {
        let gains = curve.map(\.gainDB)
        return "\(f(gains.min() ?? 0)) to \(f(gains.max() ?? 0)) dB"
      }
      return "Matching EQ (linear phase, \(taps) taps): mid \(range(mid))" + (side.map { ", side \(range($0))" } ?? "")
    case .compressor(let threshold, let ratio, let attack, let release, let knee):
      return "Compressor: threshold \(f(threshold)) dB, ratio \(String(format: "%.2f", ratio)):1, attack \(f(attack)) ms, release \(f(release)) ms, knee \(f(knee)) dB"
    case .multibandCompressor(let crossovers, let threshold, let ratio, let attack, let release, let knee):
      return "Multiband compressor (crossovers \(crossovers.map { "\(Int($0)) Hz" }.joined(separator: ", "))): threshold \(f(threshold)) dB, ratio \(String(format: "%.2f", ratio)):1, attack \(f(attack)) ms, release \(f(release)) ms, knee \(f(knee)) dB"
    case .stereoWidth(let sideGain, let monoBelow):
      return "Stereo: side \(sideGain >= 0 ? "+" : "")\(f(sideGain)) dB" + (monoBelow.map { ", mono below \(Int($0)) Hz" } ?? "")
    case .gain(let gain):
      return "Gain: \(gain >= 0 ? "+" : "")\(String(format: "%.2f", gain)) dB"
    case .limiter(let ceiling, let lookahead, let release):
      return "True-peak limiter: ceiling \(String(format: "%.2f", ceiling)) dBTP, look-ahead \(f(lookahead)) ms, release \(f(release)) ms"
    case .truePeakGuard(let ceiling):
      return "True-peak guard: dips above \(String(format: "%.2f", ceiling)) dBTP"
    case .dither(let bits, let seed):
      return "TPDF dither to \(bits)-bit (seed \(seed))"
    }
  }
}
