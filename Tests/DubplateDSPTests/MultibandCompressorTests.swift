import DubplateDSP
import DubplateTestSupport
import XCTest

final class MultibandCompressorTests: XCTestCase {
  private func transparentMultiband() -> MultibandCompressor {
    MultibandCompressor(
      crossoverFrequenciesHz: [120, 2500],
      bandCompressors: (0..<3).map { _ in Compressor(thresholdDB: -40, ratio: 1) })
  }

  /// With every ratio 1 the output is the crossover's all-pass sum: sines from 30 Hz to 16 kHz
  /// keep their level within 0.1 dB at 44.1 and 96 kHz.
  func testAllRatiosOneIsTransparent() {
    for sampleRate in [44_100.0, 96_000] {
      for frequencyHz in [30.0, 120, 500, 2500, 8000, 16_000] {
        let multiband = transparentMultiband()
        let tone = SignalGenerator.sine(frequencyHz: frequencyHz, peakDBFS: -6, seconds: 0.4, sampleRate: sampleRate)
        multiband.prepare(sampleRate: sampleRate, maximumBlockSize: 4096, channelCount: 2)
        var output = [Float]()
        var start = 0
        while start < tone.count {
          var block = SignalGenerator.dualMono(Array(tone[start..<min(start + 4096, tone.count)]))
          multiband.process(&block)
          output += block.channels[1]
          start += 4096
        }
        let tail = (tone.count / 2)..<tone.count
        let changeDB =
          ToneFit.levelDB(of: output[tail], frequencyHz: frequencyHz, sampleRate: sampleRate)
          - ToneFit.levelDB(of: tone[tail], frequencyHz: frequencyHz, sampleRate: sampleRate)
        XCTAssertEqual(changeDB, 0, accuracy: 0.1, "\(frequencyHz) Hz at \(sampleRate) Hz")
      }
    }
  }

  /// Compressing the low band turns a loud 60 Hz tone down and leaves a 5 kHz tone alone.
  ///
  /// At 60 Hz (half the 120 Hz crossover) the LR4 low band passes `1/(1 + 0.5⁴)` (−0.53 dB) of
  /// the tone and the middle band, in phase with it, the remaining `0.5⁴/(1 + 0.5⁴)`, below its
  /// own threshold; so only the low band's part is reduced, by the static curve at −10.53 dBFS.
  func testEachBandIsCompressedOnItsOwn() {
    let sampleRate = 48_000.0
    let multiband = MultibandCompressor(
      crossoverFrequenciesHz: [120, 2500],
      bandCompressors: [
        Compressor(thresholdDB: -30, ratio: 4, attackMilliseconds: 5, releaseMilliseconds: 50, kneeDB: 0, rmsWindowMilliseconds: 50),
        Compressor(thresholdDB: -30, ratio: 4), Compressor(thresholdDB: -30, ratio: 4),
      ])
    let frames = Int(0.6 * sampleRate)
    let bass = SignalGenerator.sine(frequencyHz: 60, peakDBFS: -10, frameCount: frames, sampleRate: sampleRate)
    let treble = SignalGenerator.sine(frequencyHz: 5000, peakDBFS: -36, frameCount: frames, sampleRate: sampleRate)
    let mix = zip(bass, treble).map { $0 + $1 }
    multiband.prepare(sampleRate: sampleRate, maximumBlockSize: frames, channelCount: 2)
    var buffer = SignalGenerator.dualMono(mix)
    multiband.process(&buffer)

    let lowShare = 1 / (1 + pow(0.5, 4.0))
    let lowBandReductionDB = multiband.bandCompressors[0].staticGainReductionDB(forInputLevelDB: -10 + 20 * log10(lowShare))
    let expectedBassChangeDB = 20 * log10(lowShare * Decibels.toAmplitude(-lowBandReductionDB) + (1 - lowShare))
    let tail = (frames / 2)..<frames
    let bassChangeDB = ToneFit.levelDB(of: buffer.channels[0][tail], frequencyHz: 60, sampleRate: sampleRate) + 10
    let trebleChangeDB = ToneFit.levelDB(of: buffer.channels[0][tail], frequencyHz: 5000, sampleRate: sampleRate) + 36
    XCTAssertEqual(multiband.bandCompressors[0].maximumGainReductionDB, lowBandReductionDB, accuracy: 0.3)
    XCTAssertEqual(bassChangeDB, expectedBassChangeDB, accuracy: 0.3)
    XCTAssertLessThan(bassChangeDB, -10)
    XCTAssertEqual(trebleChangeDB, 0, accuracy: 0.1)
    XCTAssertEqual(multiband.bandCompressors[2].maximumGainReductionDB, 0)
  }

  func testDescriptionListsEachBand() {
    let multiband = transparentMultiband()
    let lines = multiband.description.split(separator: "\n")
    XCTAssertEqual(lines.count, 4)
    XCTAssertEqual(lines[0], "MultibandCompressor(crossoverFrequenciesHz: [120.0, 2500.0],")
    XCTAssertTrue(lines[1].hasPrefix("  band 1 (below 120.0 Hz): Compressor(thresholdDB: -40.0, ratio: 1.0"))
    XCTAssertTrue(lines[2].hasPrefix("  band 2 (120.0–2500.0 Hz): Compressor("))
    XCTAssertTrue(lines[3].hasPrefix("  band 3 (above 2500.0 Hz): Compressor("))
    XCTAssertEqual(multiband.latencySamples, 0)
  }
}
