import DubplateDSP
import DubplateTestSupport
import Foundation
import XCTest

/// EBU Tech 3341 (loudness, ±0.1 LU) and Tech 3342 (loudness range, ±1 LU) conformance,
/// synthesised at 48 kHz (the EBU rate) and 44.1 kHz, plus the meter's own contract.
final class LoudnessMeterTests: XCTestCase {
  private let sampleRates = [48_000.0, 44_100]
  private let stereo: [ChannelRole] = [.left, .right]

  // MARK: - EBU Tech 3341

  func testTech3341Case1() {
    for rate in sampleRates {
      let meter = measure(EBULoudnessSignals.tech3341Case1(sampleRate: rate), sampleRate: rate)
      expect("3341-1", meter, integrated: -23, maximumMomentary: -23, maximumShortTerm: -23)
    }
  }

  func testTech3341Case2() {
    for rate in sampleRates {
      let meter = measure(EBULoudnessSignals.tech3341Case2(sampleRate: rate), sampleRate: rate)
      expect("3341-2", meter, integrated: -33, maximumMomentary: -33, maximumShortTerm: -33)
    }
  }

  func testTech3341Case3() {
    for rate in sampleRates {
      expect(
        "3341-3", measure(EBULoudnessSignals.tech3341Case3(sampleRate: rate), sampleRate: rate),
        integrated: -23)
    }
  }

  func testTech3341Case4() {
    for rate in sampleRates {
      expect(
        "3341-4", measure(EBULoudnessSignals.tech3341Case4(sampleRate: rate), sampleRate: rate),
        integrated: -23)
    }
  }

  func testTech3341Case5() {
    for rate in sampleRates {
      expect(
        "3341-5", measure(EBULoudnessSignals.tech3341Case5(sampleRate: rate), sampleRate: rate),
        integrated: -23)
    }
  }

  func testTech3341Case6FiveChannelsWeightTheSurrounds() {
    for rate in sampleRates {
      let meter = measure(
        EBULoudnessSignals.tech3341Case6(sampleRate: rate),
        roles: EBULoudnessSignals.tech3341Case6Roles,
        sampleRate: rate)
      expect("3341-6", meter, integrated: -23)
    }
  }

  /// Case 9: short-term loudness is −23 LUFS at every second from 3 s on, and at its maximum.
  func testTech3341Case9ShortTermIsConstant() {
    for rate in sampleRates {
      let meter = measure(EBULoudnessSignals.tech3341Case9(sampleRate: rate), sampleRate: rate)
      expect("3341-9", meter, maximumShortTerm: -23)
      let readings = meter.shortTermLoudnessPerSecond.dropFirst(2)
      XCTAssertEqual(readings.count, 13)
      for reading in readings {
        XCTAssertEqual(reading, -23, accuracy: 0.1, "3341-9 S at \(rate) Hz")
      }
    }
  }

  func testTech3341Case10MaximumShortTermOfTwentyOffsets() {
    for rate in sampleRates {
      var readings = [Double]()
      for index in 1...20 {
        let meter = measure(
          EBULoudnessSignals.tech3341Case10(index: index, sampleRate: rate), sampleRate: rate)
        XCTAssertEqual(
          meter.maximumShortTermLoudness, -23, accuracy: 0.1, "3341-10-\(index) at \(rate) Hz")
        readings.append(meter.maximumShortTermLoudness)
      }
      report("3341-10-1..20", rate, "max S \(range(readings))")
    }
  }

  /// Case 11 read live (after each 6 s section the running max S is −38 + section) and as a file.
  func testTech3341Case11SuccessiveMaximumShortTerm() {
    for rate in sampleRates {
      let meter = LoudnessMeter(sampleRate: rate, channelRoles: stereo)
      var readings = [Double]()
      for index in 0...19 {
        meter.process(EBULoudnessSignals.tech3341Case11Section(index: index, sampleRate: rate))
        XCTAssertEqual(
          meter.maximumShortTermLoudness, Double(index) - 38, accuracy: 0.1,
          "3341-11 section \(index) at \(rate) Hz")
        readings.append(meter.maximumShortTermLoudness - Double(index - 38))
      }
      report(
        "3341-11", rate,
        "max S −19 → \(format(meter.maximumShortTermLoudness)); live errors \(range(readings))")
      let wholeFile = measure(EBULoudnessSignals.tech3341Case11(sampleRate: rate), sampleRate: rate)
      expect("3341-11 file", wholeFile, maximumShortTerm: -19)
    }
  }

  func testTech3341Case12MomentaryIsConstant() {
    for rate in sampleRates {
      let meter = measure(EBULoudnessSignals.tech3341Case12(sampleRate: rate), sampleRate: rate)
      expect("3341-12", meter, maximumMomentary: -23)
      for maximum in meter.maximumMomentaryLoudnessPerSecond.dropFirst() {
        XCTAssertEqual(maximum, -23, accuracy: 0.1, "3341-12 M at \(rate) Hz")
      }
    }
  }

  func testTech3341Case13MaximumMomentaryOfTwentyOffsets() {
    for rate in sampleRates {
      var readings = [Double]()
      for index in 1...20 {
        let meter = measure(
          EBULoudnessSignals.tech3341Case13(index: index, sampleRate: rate), sampleRate: rate)
        XCTAssertEqual(
          meter.maximumMomentaryLoudness, -23, accuracy: 0.1, "3341-13-\(index) at \(rate) Hz")
        readings.append(meter.maximumMomentaryLoudness)
      }
      report("3341-13-1..20", rate, "max M \(range(readings))")
    }
  }

  /// Case 14 read live (after each 0.8 s section the running max M is −38 + section)
  /// and as a whole file.
  func testTech3341Case14SuccessiveMaximumMomentary() {
    for rate in sampleRates {
      let meter = LoudnessMeter(sampleRate: rate, channelRoles: stereo)
      var readings = [Double]()
      for index in 0...19 {
        meter.process(EBULoudnessSignals.tech3341Case14Section(index: index, sampleRate: rate))
        XCTAssertEqual(
          meter.maximumMomentaryLoudness, Double(index) - 38, accuracy: 0.1,
          "3341-14 section \(index) at \(rate) Hz")
        readings.append(meter.maximumMomentaryLoudness - Double(index - 38))
      }
      report(
        "3341-14", rate,
        "max M −19 → \(format(meter.maximumMomentaryLoudness)); live errors \(range(readings))")
      let wholeFile = measure(EBULoudnessSignals.tech3341Case14(sampleRate: rate), sampleRate: rate)
      expect("3341-14 file", wholeFile, maximumMomentary: -19)
    }
  }

  // MARK: - EBU Tech 3342

  func testTech3342Cases1To4() {
    let cases: [(name: String, signal: (Double) -> AudioBuffer, expected: Double)] = [
      ("3342-1", EBULoudnessSignals.tech3342Case1, 10),
      ("3342-2", EBULoudnessSignals.tech3342Case2, 5),
      ("3342-3", EBULoudnessSignals.tech3342Case3, 20),
      ("3342-4", EBULoudnessSignals.tech3342Case4, 15),
    ]
    for (name, signal, expected) in cases {
      for rate in sampleRates {
        let meter = measure(signal(rate), sampleRate: rate)
        XCTAssertEqual(meter.loudnessRange, expected, accuracy: 1, "\(name) LRA at \(rate) Hz")
        report(name, rate, "LRA \(format(meter.loudnessRange)) LU")
      }
    }
  }

  // MARK: - Contract

  func testSilenceReadsMinusInfinity() {
    let meter = LoudnessMeter(sampleRate: 48_000, channelRoles: stereo)
    meter.process(AudioBuffer(channelCount: 2, frameCount: 5 * 48_000))
    XCTAssertEqual(meter.processedFrameCount, 5 * 48_000)
    XCTAssertEqual(meter.integratedLoudness, -.infinity)
    XCTAssertEqual(meter.momentaryLoudness, -.infinity)
    XCTAssertEqual(meter.shortTermLoudness, -.infinity)
    XCTAssertEqual(meter.maximumMomentaryLoudness, -.infinity)
    XCTAssertEqual(meter.maximumShortTermLoudness, -.infinity)
    XCTAssertEqual(meter.loudnessRange, 0)
    XCTAssertEqual(meter.shortTermLoudnessPerSecond, Array(repeating: -.infinity, count: 5))
    XCTAssertEqual(meter.maximumMomentaryLoudnessPerSecond, Array(repeating: -.infinity, count: 5))
  }

  func testReadingsNeedTheirWholeWindow() {
    let meter = LoudnessMeter(sampleRate: 44_100, channelRoles: stereo)
    let tone = EBULoudnessSignals.tech3341Case1(sampleRate: 44_100)
    meter.process(tone.slice(0..<17_639))
    XCTAssertEqual(meter.momentaryLoudness, -.infinity)
    XCTAssertEqual(meter.integratedLoudness, -.infinity)
    meter.process(tone.slice(17_639..<17_640))
    XCTAssertEqual(meter.momentaryLoudness, -23, accuracy: 0.1)
    XCTAssertEqual(meter.integratedLoudness, -23, accuracy: 0.1)
    XCTAssertEqual(meter.shortTermLoudness, -.infinity)
    meter.process(tone.slice(17_640..<132_300))
    XCTAssertEqual(meter.shortTermLoudness, -23, accuracy: 0.1)
    XCTAssertEqual(meter.shortTermLoudnessPerSecond[0...1], [-.infinity, -.infinity])
    XCTAssertEqual(meter.shortTermLoudnessPerSecond[2], -23, accuracy: 0.1)
  }

  /// Splitting the audio into blocks of 1, 17, 4096 … frames changes no reading.
  func testBlockSizeDoesNotChangeTheReadings() {
    let rate = 44_100.0
    let noise = SignalGenerator.pinkNoise(rmsDBFS: -20, frameCount: Int(4.5 * rate), seed: 7)
    let tone = SignalGenerator.toneSequence([(2.5, -30), (1.3, -15)], sampleRate: rate)
    let signal = AudioBuffer(channels: [noise + tone, tone + noise])
    let whole = measure(signal, sampleRate: rate)
    let pieces = LoudnessMeter(sampleRate: rate, channelRoles: stereo)
    let sizes = [1, 17, 4096, 3, 441, 1000, 1]
    var start = 0
    var next = 0
    while start < signal.frameCount {
      let end = min(signal.frameCount, start + sizes[next % sizes.count])
      pieces.process(signal.slice(start..<end))
      start = end
      next += 1
    }
    XCTAssertEqual(pieces.processedFrameCount, whole.processedFrameCount)
    XCTAssertEqual(pieces.integratedLoudness, whole.integratedLoudness, accuracy: 1e-9)
    XCTAssertEqual(pieces.loudnessRange, whole.loudnessRange, accuracy: 1e-9)
    XCTAssertEqual(pieces.momentaryLoudness, whole.momentaryLoudness, accuracy: 1e-9)
    XCTAssertEqual(pieces.shortTermLoudness, whole.shortTermLoudness, accuracy: 1e-9)
    XCTAssertEqual(pieces.maximumMomentaryLoudness, whole.maximumMomentaryLoudness, accuracy: 1e-9)
    XCTAssertEqual(pieces.maximumShortTermLoudness, whole.maximumShortTermLoudness, accuracy: 1e-9)
    XCTAssertEqual(pieces.shortTermLoudnessPerSecond, whole.shortTermLoudnessPerSecond)
    XCTAssertEqual(
      pieces.maximumMomentaryLoudnessPerSecond, whole.maximumMomentaryLoudnessPerSecond)
    XCTAssertGreaterThan(whole.loudnessRange, 1)
  }

  /// A mono channel is weighted 1.0: it reads as that channel alone in a stereo pair,
  /// 3.01 dB below the same tone in both channels (BS.1770-4 eq. 2).
  /// The block lists album loudness pools: one 400 ms block per 100 ms from t = 0.4 s and one
  /// 3 s block per second from t = 3 s, each at the tone's energy; silence passes no gate.
  func testGatingAndRangeBlocksAreListedAtTheirHops() throws {
    let tone = SignalGenerator.sine(frequencyHz: 1000, peakDBFS: -20, seconds: 5, sampleRate: 48_000)
    let meter = LoudnessMeter(sampleRate: 48_000, channelRoles: stereo)
    meter.process(AudioBuffer(channels: [tone, tone]))
    XCTAssertEqual(meter.gatingBlockEnergies.count, 47, "blocks ending at 0.4, 0.5, … 5.0 s")
    XCTAssertEqual(meter.loudnessRangeBlockEnergies.count, 3, "blocks ending at 3, 4 and 5 s")
    let toneEnergy = try XCTUnwrap(meter.gatingBlockEnergies.first)
    for energy in meter.gatingBlockEnergies + meter.loudnessRangeBlockEnergies {
      XCTAssertEqual(energy, toneEnergy, accuracy: 1e-3 * toneEnergy)
    }
    XCTAssertEqual(LoudnessMeter.integratedLoudness(ofGatingBlockEnergies: meter.gatingBlockEnergies), meter.integratedLoudness)
    XCTAssertEqual(LoudnessMeter.loudnessRange(ofBlockEnergies: meter.loudnessRangeBlockEnergies), meter.loudnessRange)

    let silent = LoudnessMeter(sampleRate: 48_000, channelRoles: stereo)
    silent.process(AudioBuffer(channelCount: 2, frameCount: 240_000))
    XCTAssertEqual(silent.gatingBlockEnergies, [])
    XCTAssertEqual(silent.loudnessRangeBlockEnergies, [])
  }

  func testMonoIsWeightedOne() {
    let rate = 48_000.0
    let tone = SignalGenerator.sine(frequencyHz: 1000, peakDBFS: -23, seconds: 5, sampleRate: rate)
    let mono = measure(AudioBuffer(channels: [tone]), roles: [.mono], sampleRate: rate)
    let leftOnly = measure(
      AudioBuffer(channels: [tone, Array(repeating: 0, count: tone.count)]), sampleRate: rate)
    XCTAssertEqual(mono.integratedLoudness, leftOnly.integratedLoudness, accuracy: 1e-12)
    XCTAssertEqual(mono.integratedLoudness, -23 - 10 * log10(2), accuracy: 0.05)
  }

  func testLowFrequencyEffectsChannelIsExcluded() {
    let rate = 48_000.0
    let tone = SignalGenerator.sine(frequencyHz: 60, peakDBFS: -10, seconds: 1, sampleRate: rate)
    let silence = [Float](repeating: 0, count: tone.count)
    let channels = ChannelRole.defaultLayout(channelCount: 6).map {
      $0 == .lowFrequencyEffects ? tone : silence
    }
    let meter = measure(
      AudioBuffer(channels: channels), roles: ChannelRole.defaultLayout(channelCount: 6),
      sampleRate: rate)
    XCTAssertEqual(meter.integratedLoudness, -.infinity)
  }

  // MARK: - Helpers

  private func measure(_ buffer: AudioBuffer, roles: [ChannelRole]? = nil, sampleRate: Double)
    -> LoudnessMeter
  {
    let meter = LoudnessMeter(sampleRate: sampleRate, channelRoles: roles ?? stereo)
    meter.process(buffer)
    return meter
  }

  /// Asserts the given readings within Tech 3341's ±0.1 LU and prints them for the log.
  private func expect(
    _ name: String, _ meter: LoudnessMeter, integrated: Double? = nil,
    maximumMomentary: Double? = nil,
    maximumShortTerm: Double? = nil, file: StaticString = #filePath, line: UInt = #line
  ) {
    var readings = [String]()
    let rate = meter.sampleRate
    if let integrated {
      XCTAssertEqual(
        meter.integratedLoudness, integrated, accuracy: 0.1, "\(name) I at \(rate) Hz", file: file,
        line: line)
      readings.append("I \(format(meter.integratedLoudness))")
    }
    if let maximumMomentary {
      XCTAssertEqual(
        meter.maximumMomentaryLoudness, maximumMomentary, accuracy: 0.1,
        "\(name) max M at \(rate) Hz",
        file: file, line: line)
      readings.append("max M \(format(meter.maximumMomentaryLoudness))")
    }
    if let maximumShortTerm {
      XCTAssertEqual(
        meter.maximumShortTermLoudness, maximumShortTerm, accuracy: 0.1,
        "\(name) max S at \(rate) Hz",
        file: file, line: line)
      readings.append("max S \(format(meter.maximumShortTermLoudness))")
    }
    report(name, rate, readings.joined(separator: ", "))
  }

  private func report(_ name: String, _ rate: Double, _ text: String) {
    print("EBU \(name) @ \(Int(rate)) Hz: \(text)")
  }

  private func format(_ value: Double) -> String { String(format: "%.3f", value) }

  private func range(_ values: [Double]) -> String {
    "\(format(values.min() ?? .nan))…\(format(values.max() ?? .nan))"
  }
}
