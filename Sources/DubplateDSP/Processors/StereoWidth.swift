/// A mid/side width control for stereo: side gain, and optionally a mono low end.
///
/// `M = (L + R)/2`, `S = (L − R)/2`; the output is `L = M' + S'`, `R = M' − S'` with
/// `S' = g·S` (`g` from ``sideGainDB``). With ``monoBelowHz`` set, the side is high-passed by a
/// 4th-order Linkwitz–Riley filter at that frequency and the mid passes through the same
/// crossover's all-pass, `S' = g·HP_LR(S)`, `M' = AP_LR(M)`. Because `HP_LR = AP_LR − LP_LR`
/// and `LP_LR` vanishes above the crossover, mid and side keep one common phase there and the
/// image above the crossover is unchanged; the mono sum `L + R = 2·AP_LR(M)` keeps its
/// magnitude at every frequency. (Subtracting a low-passed side, `S − LP_LR(S)`, would not work:
/// the low-pass's phase lag leaves `|1 − LP_LR|` near `2√2·f/fc` below the crossover instead of
/// 0, and +3.5 dB at it.) Side content falls 24 dB per octave below the crossover.
///
/// Mid/side only means something for exactly two channels: prepared for any other count, the
/// processor passes audio through unchanged and says so in ``description``. No latency.
/// Invalid parameters stop the program (`precondition`).
public final class StereoWidth: AudioProcessor {
  /// Gain applied to the side signal, in dB (0 = unchanged, negative = narrower).
  public let sideGainDB: Double
  /// Below this frequency the side signal is removed (mono low end), in Hz; `nil` for none.
  public let monoBelowHz: Double?
  /// Whether the processor was prepared for other than two channels and passes audio unchanged.
  public private(set) var isPassThrough = false

  private var preparedChannelCount = 0
  private var sideHighPass = (Biquad(.identity), Biquad(.identity))
  private var midAllPass = Biquad(.identity)

  /// A width control; `monoBelowHz` between 20 and 1000 Hz if given.
  public init(sideGainDB: Double = 0, monoBelowHz: Double? = nil) {
    precondition((-60.0...12).contains(sideGainDB), "Side gain must lie between -60 and +12 dB, not \(sideGainDB).")
    if let monoBelowHz {
      precondition((20.0...1000).contains(monoBelowHz), "The mono-below frequency must lie between 20 and 1000 Hz, not \(monoBelowHz).")
    }
    self.sideGainDB = sideGainDB
    self.monoBelowHz = monoBelowHz
  }

  /// Designs the side high-pass and mid all-pass; any channel count other than 2 makes a pass-through.
  public func prepare(sampleRate: Double, maximumBlockSize: Int, channelCount: Int) {
    precondition(channelCount > 0, "A stereo width control needs at least one channel.")
    preparedChannelCount = channelCount
    isPassThrough = channelCount != 2
    if let monoBelowHz {
      let butterworthQ = 0.5.squareRoot()
      let highPass = Biquad(.highPass(cutoffHz: monoBelowHz, q: butterworthQ, sampleRate: sampleRate))
      sideHighPass = (highPass, highPass)
      midAllPass = Biquad(.allPass(centerHz: monoBelowHz, q: butterworthQ, sampleRate: sampleRate))
    }
  }

  /// Rebuilds left and right from the processed mid and side, in place.
  public func process(_ buffer: inout AudioBuffer) {
    precondition(preparedChannelCount > 0, "StereoWidth.prepare must be called before process.")
    precondition(
      buffer.channelCount == preparedChannelCount,
      "StereoWidth was prepared for \(preparedChannelCount) channels, got \(buffer.channelCount).")
    guard !isPassThrough else { return }
    let frameCount = buffer.frameCount
    let sideGain = Decibels.toAmplitude(sideGainDB)
    let splitsLowEnd = monoBelowHz != nil
    var (highPass1, highPass2, allPass) = (sideHighPass.0, sideHighPass.1, midAllPass)
    buffer.channels.withUnsafeMutableBufferPointer { channels in
      channels[0].withUnsafeMutableBufferPointer { left in
        channels[1].withUnsafeMutableBufferPointer { right in
          for frame in 0..<frameCount {
            let (l, r) = (Double(left[frame]), Double(right[frame]))
            var (mid, side) = ((l + r) / 2, (l - r) / 2)
            if splitsLowEnd {
              mid = allPass.process(mid)
              side = highPass2.process(highPass1.process(side))
            }
            side *= sideGain
            left[frame] = Float(mid + side)
            right[frame] = Float(mid - side)
          }
        }
      }
    }
    (sideHighPass, midAllPass) = ((highPass1, highPass2), allPass)
  }

  /// Clears the filters' memory.
  public func reset() {
    sideHighPass.0.reset()
    sideHighPass.1.reset()
    midAllPass.reset()
  }

  /// Always 0: the filters are recursive, with no look-ahead.
  public var latencySamples: Int { 0 }

  /// Every parameter with its unit, and the pass-through state when prepared for other than two channels.
  public var description: String {
    let parameters = "StereoWidth(sideGainDB: \(sideGainDB), monoBelowHz: \(monoBelowHz.map { "\($0)" } ?? "off"))"
    guard isPassThrough else { return parameters }
    return parameters + " pass-through: prepared for \(preparedChannelCount) channel\(preparedChannelCount == 1 ? "" : "s"), mid/side needs exactly 2"
  }
}
