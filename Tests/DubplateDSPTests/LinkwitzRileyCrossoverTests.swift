import DubplateDSP
import DubplateTestSupport
import XCTest

final class LinkwitzRileyCrossoverTests: XCTestCase {
  private let sampleRates = [44_100.0, 48_000, 96_000]
  private let fftSize = 16_384

  /// The impulse responses of every band (mono), `fftSize` frames each.
  private func bandImpulseResponses(_ crossover: LinkwitzRileyCrossover, sampleRate: Double) -> [[Float]] {
    crossover.prepare(sampleRate: sampleRate, channelCount: 1)
    var impulse = [Float](repeating: 0, count: fftSize)
    impulse[0] = 1
    var bands: [AudioBuffer] = []
    crossover.split(AudioBuffer(channels: [impulse]), into: &bands)
    return bands.map { $0.channels[0] }
  }

  /// Magnitude in dB of every FFT bin of `response`.
  private func magnitudesDB(_ response: [Float]) -> [Double] {
    let (real, imaginary) = RealFFT(size: fftSize).forward(response)
    return zip(real, imaginary).map { re, im -> Double in
      let power = Double(re) * Double(re) + Double(im) * Double(im)
      return 10 * log10(power)
    }
  }

  /// Sum of the bands' impulse responses, FFT'd: within 0.1 dB of 0 dB at every bin from
  /// 20 Hz to 20 kHz, for two and three bands at 44.1, 48 and 96 kHz.
  func testSumOfBandsIsFlat() {
    for crossovers in [[200.0], [120, 2500], [80, 400, 4000]] {
      for sampleRate in sampleRates {
        let bands = bandImpulseResponses(LinkwitzRileyCrossover(crossoverFrequenciesHz: crossovers), sampleRate: sampleRate)
        let sum = (0..<fftSize).map { frame in bands.reduce(Float(0)) { $0 + $1[frame] } }
        let magnitudes = magnitudesDB(sum)
        let binHz = sampleRate / Double(fftSize)
        let audible = Int((20 / binHz).rounded(.up))...Int(20_000 / binHz)
        let worstDB = audible.map { abs(magnitudes[$0]) }.max()!
        XCTAssertLessThan(worstDB, 0.1, "\(crossovers) Hz at \(sampleRate) Hz")
      }
    }
  }

  /// Each band is −6.02 dB at its crossover edges (LR4) and 24 dB/octave beyond them, measured
  /// with sines.
  func testBandsMeetAtMinusSixDecibels() {
    let sampleRate = 48_000.0
    let crossover = LinkwitzRileyCrossover(crossoverFrequenciesHz: [120, 2500])
    func bandLevelsDB(atHz frequencyHz: Double) -> [Double] {
      let tone = SignalGenerator.sine(frequencyHz: frequencyHz, peakDBFS: 0, seconds: 0.5, sampleRate: sampleRate)
      crossover.prepare(sampleRate: sampleRate, channelCount: 1)
      var bands: [AudioBuffer] = []
      crossover.split(AudioBuffer(channels: [tone]), into: &bands)
      let tail = (tone.count / 2)..<tone.count
      return bands.map { ToneFit.levelDB(of: $0.channels[0][tail], frequencyHz: frequencyHz, sampleRate: sampleRate) }
    }
    let atLow = bandLevelsDB(atHz: 120), atHigh = bandLevelsDB(atHz: 2500)
    XCTAssertEqual(atLow[0], -6.02, accuracy: 0.1)
    XCTAssertEqual(atLow[1], -6.02, accuracy: 0.1)
    XCTAssertEqual(atHigh[1], -6.02, accuracy: 0.1)
    XCTAssertEqual(atHigh[2], -6.02, accuracy: 0.1)
    let twoOctavesUp = bandLevelsDB(atHz: 480)
    XCTAssertEqual(twoOctavesUp[0], -48, accuracy: 1.5, "24 dB/octave")
  }

  /// Splitting a signal in blocks gives the same bands as splitting it whole.
  func testBlocksContinueSeamlessly() {
    let crossover = LinkwitzRileyCrossover(crossoverFrequenciesHz: [120, 2500])
    let noise = SignalGenerator.whiteNoise(rmsDBFS: -20, frameCount: 3000, seed: 4)
    let input = AudioBuffer(channels: [noise, noise.reversed()])
    crossover.prepare(sampleRate: 48_000, channelCount: 2)
    var whole: [AudioBuffer] = []
    crossover.split(input, into: &whole)
    crossover.reset()
    var pieces: [AudioBuffer] = [], blockBands: [AudioBuffer] = []
    for range in [0..<1000, 1000..<1500, 1500..<3000] {
      crossover.split(input.slice(range), into: &blockBands)
      pieces.append(contentsOf: blockBands)
    }
    for band in 0..<3 {
      let joined = (0..<2).map { channel in (0..<3).flatMap { pieces[$0 * 3 + band].channels[channel] } }
      XCTAssertEqual(joined, whole[band].channels, "band \(band)")
    }
  }

  func testDescriptionAndBandCount() {
    let crossover = LinkwitzRileyCrossover(crossoverFrequenciesHz: [120, 2500])
    XCTAssertEqual(crossover.bandCount, 3)
    XCTAssertEqual(crossover.description, "LinkwitzRileyCrossover(crossoverFrequenciesHz: [120.0, 2500.0])")
  }
}
