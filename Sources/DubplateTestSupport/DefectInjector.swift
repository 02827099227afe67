import DubplateDSP
import Foundation

/// Damages a clean mix in one known way, with the damage's size drawn from a range, for the
/// judge's defect-injection tests. Defects that are not about level are matched back to the
/// clean mix's integrated loudness, so only the intended property changes.
public enum InjectedDefect: String, CaseIterable, Sendable {
  case tooQuiet, hardClipping, lowMidBell, highMidBell, highShelfCut, lowShelfBoost, highPass
  case polarityInverted, foldedToMono, lowEndWidened, squashed, dcOffset

  /// The finding the judge must report for this defect.
  public var expectedCode: String {
    switch self {
    case .tooQuiet: "loudness.too-quiet"
    case .hardClipping: "clipping"
    case .lowMidBell: "spectrum.low-mid.excess"
    case .highMidBell: "spectrum.high-mid.excess"
    case .highShelfCut: "spectrum.air.deficit"
    case .lowShelfBoost: "spectrum.bass.excess"
    case .highPass: "spectrum.bass.deficit"
    case .polarityInverted: "stereo.phase"
    case .foldedToMono: "stereo.narrow"
    case .lowEndWidened: "stereo.low-end-wide"
    case .squashed: "dynamics.over-compressed"
    case .dcOffset: "dc-offset"
    }
  }

  /// Other findings that are direct consequences of the same damage (not counted as unrelated):
  /// neighbouring bands of an EQ move, and the DC that clipping an asymmetric waveform leaves.
  public var consequentCodes: Set<String> {
    switch self {
    case .hardClipping: ["dynamics.over-compressed", "peak.true-peak-over", "loudness.too-loud", "dc-offset"]
    case .lowMidBell: ["spectrum.bass.excess", "spectrum.mid.excess"]
    case .highMidBell: ["spectrum.mid.excess", "spectrum.air.excess"]
    case .highShelfCut: ["spectrum.high-mid.deficit"]
    case .lowShelfBoost: ["spectrum.sub.excess", "spectrum.low-mid.excess"]
    case .highPass: ["spectrum.sub.deficit", "spectrum.low-mid.deficit"]
    case .polarityInverted: ["stereo.too-wide", "stereo.low-end-wide"]
    case .lowEndWidened: ["stereo.too-wide"]
    case .squashed: ["peak.true-peak-over"]
    default: []
    }
  }

  /// Whether the defect is itself a level change (then the level is not matched back).
  var changesLevel: Bool { self == .tooQuiet || self == .hardClipping }
}

/// Applies ``InjectedDefect``s to planar stereo buffers.
public struct DefectInjector: Sendable {
  public var sampleRate: Double

  public init(sampleRate: Double) { self.sampleRate = sampleRate }

  /// The damaged copy of `clean` and a description of the damage's parameters.
  public func inject(_ defect: InjectedDefect, into clean: AudioBuffer, random: inout SeededRandom) -> (AudioBuffer, String) {
    func draw(_ range: ClosedRange<Double>) -> Double {
      range.lowerBound + (range.upperBound - range.lowerBound) * (random.nextBipolar() + 1) / 2
    }
    var buffer = clean
    let description: String
    switch defect {
    case .tooQuiet:
      let gain = -draw(10...15)
      scale(&buffer, by: Float(Decibels.toAmplitude(gain)))
      description = String(format: "gain %.1f dB", gain)
    case .hardClipping:
      let drive = draw(6...10)
      scale(&buffer, by: Float(Decibels.toAmplitude(drive)))
      map(&buffer) { max(-1, min(1, $0)) }
      description = String(format: "driven %.1f dB into a hard clip at full scale", drive)
    case .lowMidBell:
      let (hz, gain) = (draw(250...450), draw(5...8))
      filter(&buffer, .peaking(centerHz: hz, gainDB: gain, q: 1, sampleRate: sampleRate))
      description = String(format: "bell %+.1f dB at %.0f Hz, Q 1", gain, hz)
    case .highMidBell:
      let (hz, gain) = (draw(2500...4500), draw(5...8))
      filter(&buffer, .peaking(centerHz: hz, gainDB: gain, q: 1, sampleRate: sampleRate))
      description = String(format: "bell %+.1f dB at %.0f Hz, Q 1", gain, hz)
    case .highShelfCut:
      let (hz, gain) = (draw(4000...8000), -draw(6...10))
      filter(&buffer, .highShelf(cornerHz: hz, gainDB: gain, q: 0.7, sampleRate: sampleRate))
      description = String(format: "high shelf %.1f dB at %.0f Hz", gain, hz)
    case .lowShelfBoost:
      let (hz, gain) = (draw(80...150), draw(6...10))
      filter(&buffer, .lowShelf(cornerHz: hz, gainDB: gain, q: 0.7, sampleRate: sampleRate))
      description = String(format: "low shelf %+.1f dB at %.0f Hz", gain, hz)
    case .highPass:
      let hz = draw(150...250)
      filter(&buffer, .highPass(cutoffHz: hz, q: 0.7, sampleRate: sampleRate))
      filter(&buffer, .highPass(cutoffHz: hz, q: 0.7, sampleRate: sampleRate))
      description = String(format: "24 dB/octave high-pass at %.0f Hz", hz)
    case .polarityInverted:
      buffer.channels[1] = buffer.channels[1].map { -$0 }
      description = "right channel inverted"
    case .foldedToMono:
      let mono = zip(buffer.channels[0], buffer.channels[1]).map { ($0 + $1) / 2 }
      buffer.channels = [mono, mono]
      description = "folded to mono"
    case .lowEndWidened:
      let gain = draw(0.5...1.0)
      widenLowEnd(&buffer, sideGain: Float(gain))
      description = String(format: "low end widened: side += %.2f × mid below 150 Hz, delayed 10 ms", gain)
    case .squashed:
      let drive = draw(5...8)
      let gain = Float(Decibels.toAmplitude(drive))
      map(&buffer) { tanh($0 * gain) }
      description = String(format: "squashed: tanh with %.1f dB of drive", drive)
    case .dcOffset:
      let offset = Float(draw(0.02...0.05))
      map(&buffer) { $0 + offset }
      description = String(format: "DC offset %+.3f", offset)
    }
    if !defect.changesLevel { matchLoudness(&buffer, to: clean) }
    return (buffer, description)
  }

  private func scale(_ buffer: inout AudioBuffer, by gain: Float) { map(&buffer) { $0 * gain } }

  private func map(_ buffer: inout AudioBuffer, _ transform: (Float) -> Float) {
    for channel in buffer.channels.indices { buffer.channels[channel] = buffer.channels[channel].map(transform) }
  }

  private func filter(_ buffer: inout AudioBuffer, _ coefficients: BiquadCoefficients) {
    for channel in buffer.channels.indices {
      var biquad = Biquad(coefficients)
      biquad.process(&buffer.channels[channel])
    }
  }

  /// Adds a delayed, low-passed copy of the mid signal to the side: what a stereo widener on the bass does.
  private func widenLowEnd(_ buffer: inout AudioBuffer, sideGain: Float) {
    var mid = zip(buffer.channels[0], buffer.channels[1]).map { ($0 + $1) / 2 }
    var lowPass1 = Biquad(.lowPass(cutoffHz: 150, q: 0.7071, sampleRate: sampleRate))
    var lowPass2 = lowPass1
    lowPass1.process(&mid)
    lowPass2.process(&mid)
    let delay = Int(0.01 * sampleRate)
    for i in mid.indices {
      let added = i >= delay ? mid[i - delay] * sideGain : 0
      buffer.channels[0][i] += added
      buffer.channels[1][i] -= added
    }
  }

  private func matchLoudness(_ buffer: inout AudioBuffer, to reference: AudioBuffer) {
    let target = integratedLoudness(reference)
    let current = integratedLoudness(buffer)
    guard target.isFinite, current.isFinite else { return }
    scale(&buffer, by: Float(Decibels.toAmplitude(target - current)))
  }

  private func integratedLoudness(_ buffer: AudioBuffer) -> Double {
    let meter = LoudnessMeter(sampleRate: sampleRate, channelRoles: ChannelRole.defaultLayout(channelCount: buffer.channelCount))
    meter.process(buffer)
    return meter.integratedLoudness
  }
}
