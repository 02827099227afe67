import DubplateDSP
import DubplateTestSupport
import Foundation
import XCTest

final class TruePeakLimiterTests: XCTestCase {
  /// Hard material at three rates and two ceilings: the output's true peak, read by the same
  /// meter the analysis uses, never exceeds the ceiling.
  func testTruePeakNeverExceedsTheCeilingOnHardMaterial() {
    for sampleRate in [44_100.0, 48_000, 96_000] {
      for ceilingDBTP in [-1.0, -0.1] {
        for (name, signal) in Self.hardSignals(sampleRate: sampleRate) {
          let limiter = TruePeakLimiter(ceilingDBTP: ceilingDBTP)
          let output = render(limiter, signal, sampleRate: sampleRate, blockSize: 1000)
          let meter = TruePeakMeter(sampleRate: sampleRate, channelCount: 2)
          meter.process(output)
          print(String(
            format: "limiter %@ at %.1f kHz, ceiling %.1f: out %.4f dBTP, max GR %.2f dB, dips %d",
            name, sampleRate / 1000, ceilingDBTP, meter.truePeakDBTP,
            limiter.maximumGainReductionDB, limiter.correctionCount))
          XCTAssertLessThanOrEqual(
            meter.truePeakDBTP, ceilingDBTP, "\(name) at \(sampleRate) Hz, ceiling \(ceilingDBTP)")
          XCTAssertGreaterThan(meter.truePeakDBTP, ceilingDBTP - 0.5, "\(name) was over-limited")
        }
      }
    }
  }

  /// A signal whose true peak stays below the ceiling comes out bit-identical, shifted by
  /// exactly `latencySamples` (checked through the renderer that drops that many frames).
  func testSignalBelowTheCeilingPassesUnchangedAfterTheDelay() {
    let sampleRate = 48_000.0
    let frameCount = 30_000
    let tone = SignalGenerator.sine(
      frequencyHz: 997, peakDBFS: -6, frameCount: frameCount, sampleRate: sampleRate)
    let noise = SignalGenerator.whiteNoise(rmsDBFS: -20, frameCount: frameCount, seed: 3)
    let input = AudioBuffer(channels: [tone, zip(tone, noise).map { $0 * 0.5 + $1 }])
    let limiter = TruePeakLimiter(ceilingDBTP: -1)
    let output = render(limiter, input, sampleRate: sampleRate, blockSize: 777)
    XCTAssertEqual(output, input)
    XCTAssertEqual(limiter.maximumGainReductionDB, 0)
    XCTAssertEqual(limiter.correctionCount, 0)
  }

  /// The gain ramps down over the look-ahead: with a DC input stepping from 0.5 to 2.0 and
  /// back, the gain (output / delayed input) never moves by more than
  /// `(1 − lowest gain) / look-ahead frames` per sample (plus 1e-6 for Float rounding).
  func testGainChangesByAtMostTheDepthOverTheLookaheadPerSample() {
    let sampleRate = 44_100.0
    let levels: [(frames: Int, level: Float)] = [(8_000, 0.5), (4_000, 2.0), (12_000, 0.5)]
    let input = levels.flatMap { [Float](repeating: $0.level, count: $0.frames) }
    let limiter = TruePeakLimiter(ceilingDBTP: -1, lookaheadMilliseconds: 5)
    let output = render(limiter, AudioBuffer(channels: [input]), sampleRate: sampleRate, blockSize: 512)
    let gains = zip(output.channels[0], input).map { Double($0) / Double($1) }
    let lowest = gains.min() ?? 1
    let lookaheadFrames = (0.005 * sampleRate).rounded()
    let largestStep = zip(gains.dropFirst(), gains).map { abs($0 - $1) }.max() ?? 0
    print(String(format: "limiter DC step: lowest gain %.4f, largest step %.6f (bound %.6f), dips %d",
                 lowest, largestStep, (1 - lowest) / lookaheadFrames, limiter.correctionCount))
    XCTAssertLessThan(lowest, 0.5)
    XCTAssertLessThanOrEqual(largestStep, (1 - lowest) / lookaheadFrames + 1e-6)
  }

  /// Programme-dependent release: after 20 ms of limiting the reduction decays with the set
  /// 100 ms time constant; after 3 s of limiting, 2.5 to 4× slower.
  func testReleaseSlowsAfterSustainedLimiting() {
    let sampleRate = 44_100.0
    /// Seconds from the end of a burst of 2.0 in a DC of 0.5 until the gain is above −1 dB,
    /// and the lowest gain.
    func recovery(afterSeconds burstSeconds: Double) -> (seconds: Double, lowestGain: Double) {
      let before = 4_000, burst = Int(burstSeconds * sampleRate), after = Int(1.5 * sampleRate)
      let input = [Float](repeating: 0.5, count: before) + [Float](repeating: 2, count: burst)
        + [Float](repeating: 0.5, count: after)
      let limiter = TruePeakLimiter(ceilingDBTP: -1, releaseMilliseconds: 100)
      let output = render(limiter, AudioBuffer(channels: [input]), sampleRate: sampleRate, blockSize: 4_096)
      let recovered = (before + burst..<input.count).first { frame in
        Decibels.fromAmplitude(Double(output.channels[0][frame]) / 0.5) > -1
      }!
      let lowest = Double(output.channels[0][before..<(before + burst)].min()!) / 2
      return (Double(recovered - before - burst) / sampleRate, lowest)
    }
    let (isolated, lowestGain) = recovery(afterSeconds: 0.02)
    let sustained = recovery(afterSeconds: 3).seconds
    print(String(format: "limiter recovery to -1 dB: %.3f s after 20 ms, %.3f s after 3 s", isolated, sustained))
    // The reduction decays as e^(−t/τ) from its depth to that of −1 dB (plus ~3 ms of ramp and hold).
    let expected = 0.1 * log((1 - lowestGain) / (1 - Decibels.toAmplitude(-1)))
    XCTAssertEqual(isolated, expected, accuracy: 0.02)
    XCTAssertGreaterThan(sustained, 2.5 * isolated)
    XCTAssertLessThan(sustained, 4 * isolated)
  }

  /// Reset, then the same input in other block sizes: bit-identical output and statistics.
  func testResetAndReplayIsBitIdenticalWhateverTheBlockSizes() {
    let sampleRate = 44_100.0
    let signal = Self.hardSignals(sampleRate: sampleRate).first { $0.name == "noise +12 dB" }!.signal
    let limiter = TruePeakLimiter(ceilingDBTP: -1)
    limiter.prepare(sampleRate: sampleRate, maximumBlockSize: 4096, channelCount: 2)
    let first = processInBlocks(limiter, signal, sizes: [4096])
    let firstStats = (limiter.maximumGainReductionDB, limiter.averageGainReductionDB,
                      limiter.gainReductionHistoryDB, limiter.correctionCount)
    limiter.reset()
    let second = processInBlocks(limiter, signal, sizes: [1, 7, 333, 2048, 5, 1000])
    XCTAssertEqual(first, second)
    XCTAssertEqual(firstStats.0, limiter.maximumGainReductionDB)
    XCTAssertEqual(firstStats.1, limiter.averageGainReductionDB)
    XCTAssertEqual(firstStats.2, limiter.gainReductionHistoryDB)
    XCTAssertEqual(firstStats.3, limiter.correctionCount)
  }

  /// A 0 dBFS sine into a −6 dBTP ceiling is turned down by 6 dB plus the 0.05 dB margin.
  func testGainReductionStatisticsOfAFullScaleSine() {
    let sampleRate = 48_000.0
    let seconds = 2.0
    let tone = SignalGenerator.sine(
      frequencyHz: 997, peakDBFS: 0, seconds: seconds, sampleRate: sampleRate)
    let limiter = TruePeakLimiter(ceilingDBTP: -6)
    _ = render(limiter, SignalGenerator.dualMono(tone), sampleRate: sampleRate, blockSize: 4096)
    let history = limiter.gainReductionHistoryDB
    print(String(format: "limiter 0 dBFS sine, ceiling -6: max %.3f dB, average %.3f dB, %d history entries",
                 limiter.maximumGainReductionDB, limiter.averageGainReductionDB, history.count))
    XCTAssertEqual(limiter.maximumGainReductionDB, 6.05, accuracy: 0.05)
    XCTAssertEqual(limiter.averageGainReductionDB, 6.05, accuracy: 0.1)
    // 2 s of input and the flushed latency, in 100 ms entries.
    let expectedCount = Int((Double(tone.count + limiter.latencySamples) / (0.1 * sampleRate)).rounded(.up))
    XCTAssertEqual(history.count, expectedCount)
    for entry in history[1..<19] { XCTAssertEqual(entry, 6.05, accuracy: 0.05) }
  }

  func testDescriptionPrintsEveryParameterWithUnits() {
    let text = TruePeakLimiter(ceilingDBTP: -0.5, lookaheadMilliseconds: 3, releaseMilliseconds: 80)
      .description
    for part in ["-0.50 dBTP", "3.0 ms", "80 ms", "0.05 dB"] {
      XCTAssertTrue(text.contains(part), "\(text) lacks \(part)")
    }
  }

  // MARK: - Helpers

  private func render(
    _ limiter: TruePeakLimiter, _ input: AudioBuffer, sampleRate: Double, blockSize: Int
  ) -> AudioBuffer {
    limiter.prepare(sampleRate: sampleRate, maximumBlockSize: blockSize, channelCount: input.channelCount)
    return LatencyCompensation.render(limiter, input: input, blockSize: blockSize)
  }

  private func processInBlocks(_ limiter: TruePeakLimiter, _ input: AudioBuffer, sizes: [Int])
    -> AudioBuffer
  {
    var output = [[Float]](repeating: [], count: input.channelCount)
    var start = 0
    var index = 0
    while start < input.frameCount {
      let end = min(input.frameCount, start + sizes[index % sizes.count])
      var block = input.slice(start..<end)
      limiter.process(&block)
      for channel in output.indices { output[channel] += block.channels[channel] }
      start = end
      index += 1
    }
    return AudioBuffer(channels: output)
  }

  /// Half a second each of material that is hard to limit, in stereo.
  static func hardSignals(sampleRate: Double) -> [(name: String, signal: AudioBuffer)] {
    let frameCount = Int(0.5 * sampleRate)
    let period = Int(sampleRate / 441)
    let square = (0..<frameCount).map { Float($0 % period < period / 2 ? 1 : -1) }
    var random = SeededRandom(seed: 11)
    let burstPeriod = Int(0.125 * sampleRate)
    let drums = (0..<frameCount).map { frame -> Float in
      let t = Double(frame % burstPeriod) / sampleRate
      let hit = 4 * exp(-t * 30) * (sin(2 * Double.pi * 60 * t) + 0.5 * random.nextBipolar())
      return Float(min(max(hit, -1), 1))
    }
    let noiseLeft = SignalGenerator.whiteNoise(rmsDBFS: 12, frameCount: frameCount, seed: 21)
    let noiseRight = SignalGenerator.whiteNoise(rmsDBFS: 12, frameCount: frameCount, seed: 22)
    let nearNyquist = SignalGenerator.sine(
      frequencyHz: 0.45 * sampleRate, peakDBFS: 6, frameCount: frameCount, sampleRate: sampleRate,
      phaseRadians: 0.4)
    let impulses = (0..<frameCount).map { Float($0 % 997 == 100 ? 2 : 0) }
    return [
      ("square", AudioBuffer(channels: [square, square.map { -$0 * 0.8 }])),
      ("clipped drums", AudioBuffer(channels: [drums, drums.map { $0 * 0.9 }])),
      ("noise +12 dB", AudioBuffer(channels: [noiseLeft, noiseRight])),
      ("0.45 fs +6 dBFS", AudioBuffer(channels: [nearNyquist, nearNyquist.reversed()])),
      ("impulse train", AudioBuffer(channels: [impulses, [Float](repeating: 0, count: frameCount)])),
    ]
  }
}
