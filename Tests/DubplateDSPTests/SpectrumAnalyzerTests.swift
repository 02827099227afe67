import DubplateDSP
import DubplateTestSupport
import XCTest

final class SpectrumAnalyzerTests: XCTestCase {
  private func analyze(
    _ channels: [[Float]], sampleRate: Double, blockSizes: [Int]? = nil
  ) -> SpectrumAnalyzer {
    let analyzer = SpectrumAnalyzer(sampleRate: sampleRate, channelCount: channels.count)
    let buffer = AudioBuffer(channels: channels)
    guard let blockSizes else {
      analyzer.process(buffer)
      return analyzer
    }
    var start = 0
    var index = 0
    while start < buffer.frameCount {
      let end = min(start + blockSizes[index % blockSizes.count], buffer.frameCount)
      analyzer.process(buffer.slice(start..<end))
      start = end
      index += 1
    }
    return analyzer
  }

  /// The ISO 266 band list: 31 bands at 48 kHz, the 20 kHz band dropped at 44.1 kHz,
  /// edges a twentieth of a decade around the exact centres.
  func testThirdOctaveBandTable() {
    let at48k = FrequencyBands.thirdOctaves(sampleRate: 48000)
    XCTAssertEqual(at48k.count, 31)
    XCTAssertEqual(at48k.map(\.nominalCenterHz), FrequencyBands.thirdOctaveNominalCentersHz)
    XCTAssertEqual(at48k[17].centerHz, 1000, accuracy: 1e-9)
    XCTAssertEqual(at48k[17].lowerHz, 891.2509, accuracy: 1e-4)
    XCTAssertEqual(at48k[17].upperHz, 1122.0185, accuracy: 1e-4)
    XCTAssertEqual(at48k[2].centerHz, 31.6228, accuracy: 1e-4)
    XCTAssertEqual(FrequencyBands.thirdOctaves(sampleRate: 44100).last?.nominalCenterHz, 16000)
    XCTAssertEqual(FrequencyBands.thirdOctaves(sampleRate: 8000).last?.nominalCenterHz, 3150)
  }

  /// A sine of peak −20 dBFS reads −23.01 dB (its mean square) in its own band, and the
  /// neighbouring bands hold little of it, at 44.1, 48 and 96 kHz.
  func testSineLandsInItsBandAtItsLevel() {
    for sampleRate in [44100.0, 48000, 96000] {
      for frequencyHz in [400.0, 1000, 4000] {
        let sine = SignalGenerator.sine(
          frequencyHz: frequencyHz, peakDBFS: -20, seconds: 1, sampleRate: sampleRate)
        let bands = analyze([sine], sampleRate: sampleRate).thirdOctaveBands()
        let index = bands.firstIndex { $0.centerHz == frequencyHz }!
        XCTAssertEqual(bands[index].levelDB, -23.0103, accuracy: 0.05, "\(frequencyHz) Hz at \(sampleRate) Hz")
        XCTAssertLessThan(bands[index - 1].levelDB, -23.0103 - 40, "\(frequencyHz) Hz at \(sampleRate) Hz")
        XCTAssertLessThan(bands[index + 1].levelDB, -23.0103 - 40, "\(frequencyHz) Hz at \(sampleRate) Hz")
      }
    }
  }

  /// Pink noise has equal power per 1/3 octave. Over 100 Hz – 16 kHz (bands at least 4
  /// bins wide at 44.1 kHz / 8192 points, 10 s averaged over two channels) every band is
  /// within 0.5 dB of the mean, the tilt is 0 dB/octave, and the whole spectrum adds up to
  /// the noise's mean square.
  func testPinkNoiseIsFlatPerThirdOctave() {
    let sampleRate = 44100.0
    let frameCount = Int(10 * sampleRate)
    let channels = [1, 2].map {
      SignalGenerator.pinkNoise(rmsDBFS: -20, frameCount: frameCount, seed: UInt64($0))
    }
    let analyzer = analyze(channels, sampleRate: sampleRate)
    let bands = analyzer.thirdOctaveBands().filter { (100...16000).contains($0.centerHz) }
    XCTAssertEqual(bands.count, 23)
    let meanLevel = bands.map(\.levelDB).reduce(0, +) / Double(bands.count)
    for band in bands {
      XCTAssertEqual(band.levelDB, meanLevel, accuracy: 0.5, "\(band.centerHz) Hz")
    }
    XCTAssertEqual(analyzer.spectralTilt()!, 0, accuracy: 0.1)
    XCTAssertEqual(analyzer.totalLevelDB(), -20, accuracy: 0.1)
  }

  /// White noise gains 10·log10(2) = 3.01 dB per octave in 1/3-octave bands.
  func testWhiteNoiseTiltsThreeDBPerOctave() {
    let white = SignalGenerator.whiteNoise(rmsDBFS: -20, frameCount: 5 * 48000, seed: 3)
    let tilt = analyze([white], sampleRate: 48000).spectralTilt()
    XCTAssertEqual(tilt!, 3.01, accuracy: 0.1)
  }

  /// The named bands tile 20 Hz … 20 kHz: for one sine in each they add up to the mean
  /// square, and for white noise to the share of 0 … Nyquist they cover.
  func testNamedBandPowersSumToTheTotal() {
    let sampleRate = 48000.0
    let frequenciesHz = [40.0, 150, 375, 1000, 4000, 10000]
    let tones = frequenciesHz.map {
      SignalGenerator.sine(frequencyHz: $0, peakDBFS: -20, seconds: 2, sampleRate: sampleRate)
    }
    let mix = (0..<tones[0].count).map { i in tones.reduce(Float(0)) { $0 + $1[i] } }
    let toneAnalyzer = analyze([mix], sampleRate: sampleRate)
    let tonePowers = toneAnalyzer.namedBandLevels()
    XCTAssertEqual(Set(tonePowers.keys), Set(NamedBand.allCases))
    for level in tonePowers.values { XCTAssertEqual(level, -23.0103, accuracy: 0.1) }
    let toneSum = Decibels.fromPower(tonePowers.values.map(Decibels.toPower).reduce(0, +))
    XCTAssertEqual(toneSum, -23.0103 + Decibels.fromPower(6), accuracy: 0.05)
    XCTAssertEqual(toneSum, toneAnalyzer.totalLevelDB(), accuracy: 0.05)

    let white = SignalGenerator.whiteNoise(rmsDBFS: -20, frameCount: 4 * 44100, seed: 5)
    let whiteAnalyzer = analyze([white], sampleRate: 44100)
    let whiteSum = whiteAnalyzer.namedBandLevels().values.map(Decibels.toPower).reduce(0, +)
    let coveredShare = (20000.0 - 20) / 22050
    XCTAssertEqual(Decibels.fromPower(whiteSum), -20 + Decibels.fromPower(coveredShare), accuracy: 0.1)
  }

  /// At 32 kHz, air stops at Nyquist (16 kHz); at 8 kHz it is absent.
  func testNamedBandsAboveNyquistAreCappedOrAbsent() {
    let noise = SignalGenerator.whiteNoise(rmsDBFS: -20, frameCount: 32000, seed: 9)
    let at32k = analyze([noise], sampleRate: 32000).namedBandLevels()
    XCTAssertEqual(at32k.count, 6)
    let airShare = (16000.0 - 6000) / 16000
    XCTAssertEqual(at32k[.air]!, -20 + Decibels.fromPower(airShare), accuracy: 0.2)
    let at8k = analyze([noise], sampleRate: 8000).namedBandLevels()
    XCTAssertNil(at8k[.air])
    XCTAssertEqual(at8k.count, 5)
  }

  /// Feeding the audio in odd-sized blocks gives exactly the result of one block.
  func testBlockSizesDoNotChangeTheResult() {
    let noise = SignalGenerator.pinkNoise(rmsDBFS: -18, frameCount: 60000, seed: 11)
    let other = SignalGenerator.whiteNoise(rmsDBFS: -24, frameCount: 60000, seed: 12)
    let whole = analyze([noise, other], sampleRate: 44100)
    let pieces = analyze([noise, other], sampleRate: 44100, blockSizes: [1, 7, 4095, 333, 12289, 2])
    XCTAssertEqual(whole.frameCountAnalyzed, pieces.frameCountAnalyzed)
    XCTAssertEqual(whole.frameCountAnalyzed, (60000 - 8192) / 4096 + 1)
    XCTAssertEqual(whole.thirdOctaveBands(), pieces.thirdOctaveBands())
    XCTAssertEqual(whole.sideToMidRatioByNamedBand(), pieces.sideToMidRatioByNamedBand())
  }

  /// Side-to-mid per named band: mono is −∞ everywhere, independent channels about 0 dB
  /// (within 0.5 dB; 1.5 dB in sub and bass, which span only 7–33 bins of 3 s of noise),
  /// and a mono input has no ratio at all.
  func testSideToMidRatioByNamedBand() {
    let noise = SignalGenerator.whiteNoise(rmsDBFS: -20, frameCount: 3 * 48000, seed: 13)
    let other = SignalGenerator.whiteNoise(rmsDBFS: -20, frameCount: 3 * 48000, seed: 14)
    let mono = analyze([noise, noise], sampleRate: 48000).sideToMidRatioByNamedBand()!
    XCTAssertEqual(Set(mono.keys), Set(NamedBand.allCases))
    XCTAssertTrue(mono.values.allSatisfy { $0 == -.infinity })
    let wide = analyze([noise, other], sampleRate: 48000).sideToMidRatioByNamedBand()!
    for (band, ratio) in wide {
      let tolerance = band == .sub || band == .bass ? 1.5 : 0.5
      XCTAssertEqual(ratio, 0, accuracy: tolerance, band.rawValue)
    }
    XCTAssertNil(analyze([noise], sampleRate: 48000).sideToMidRatioByNamedBand())
  }

  /// Before a full frame, or for silence, every level is −∞ and there is no tilt.
  func testSilenceAndShortInputHaveNoLevels() {
    let short = analyze([[Float](repeating: 0.5, count: 8000)], sampleRate: 48000)
    XCTAssertEqual(short.frameCountAnalyzed, 0)
    XCTAssertTrue(short.thirdOctaveBands().allSatisfy { $0.levelDB == -.infinity })
    XCTAssertNil(short.spectralTilt())
    let silent = analyze([[Float](repeating: 0, count: 20000)], sampleRate: 48000)
    XCTAssertEqual(silent.frameCountAnalyzed, 3)
    XCTAssertTrue(silent.namedBandLevels().values.allSatisfy { $0 == -.infinity })
    XCTAssertEqual(silent.totalLevelDB(), -.infinity)
  }
}
