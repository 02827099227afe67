import DubplateDSP
import DubplateTestSupport
import XCTest

final class CompressorTests: XCTestCase {
  private let sampleRate = 48_000.0

  /// Runs `input` (dual mono) through `compressor` in 1024-frame blocks and returns the left output.
  private func run(_ compressor: Compressor, _ input: [Float], channels: Int = 2) -> [Float] {
    compressor.prepare(sampleRate: sampleRate, maximumBlockSize: 1024, channelCount: channels)
    var output = [Float]()
    var start = 0
    while start < input.count {
      let block = Array(input[start..<min(start + 1024, input.count)])
      var buffer = AudioBuffer(channels: Array(repeating: block, count: channels))
      compressor.process(&buffer)
      output += buffer.channels[0]
      start += 1024
    }
    return output
  }

  /// The reduction applied at each frame, in dB, read as input/output wherever the input is
  /// above half its local peak (the gain is one number per frame, so the ratio is exact there);
  /// other frames carry the last reading.
  private func reductionDB(input: [Float], output: [Float], amplitudeFloor: Float) -> [Double] {
    var last = 0.0
    return zip(input, output).map { x, y in
      if abs(x) > amplitudeFloor { last = 20 * log10(Double(abs(x)) / Double(abs(y))) }
      return last
    }
  }

  func testStaticCurveHasTheSoftKneeShape() {
    let compressor = Compressor(thresholdDB: -18, ratio: 4, kneeDB: 6)
    XCTAssertEqual(compressor.staticGainReductionDB(forInputLevelDB: -40), 0)
    XCTAssertEqual(compressor.staticGainReductionDB(forInputLevelDB: -21), 0)
    XCTAssertEqual(compressor.staticGainReductionDB(forInputLevelDB: -18), 0.75 * 9 / 12, accuracy: 1e-12)
    XCTAssertEqual(compressor.staticGainReductionDB(forInputLevelDB: -15), 0.75 * 3, accuracy: 1e-12)
    XCTAssertEqual(compressor.staticGainReductionDB(forInputLevelDB: -10), 0.75 * 8, accuracy: 1e-12)
    let hard = Compressor(thresholdDB: -18, ratio: 4, kneeDB: 0)
    XCTAssertEqual(hard.staticGainReductionDB(forInputLevelDB: -18), 0)
    XCTAssertEqual(hard.staticGainReductionDB(forInputLevelDB: -8), 7.5, accuracy: 1e-12)
    let unity = Compressor(ratio: 1)
    XCTAssertEqual(unity.staticGainReductionDB(forInputLevelDB: 0), 0)
  }

  /// Sines from −40 to 0 dBFS: the steady-state reduction (input minus output level, tone-fitted
  /// over the last 0.1 s of 0.3 s) matches the static curve within 0.2 dB, at 44.1 and 48 kHz,
  /// for a tone that fills the 10 ms window with whole periods (1 kHz) and one that does not (440 Hz).
  func testSteadyStateReductionFollowsTheStaticCurve() {
    for (rate, frequencyHz) in [(44_100.0, 1000.0), (48_000, 1000), (44_100, 440), (48_000, 440)] {
      for levelDB in stride(from: -40.0, through: 0, by: 5) {
        let compressor = Compressor(
          thresholdDB: -24, ratio: 4, attackMilliseconds: 5, releaseMilliseconds: 50,
          sustainedReleaseMilliseconds: nil, kneeDB: 6)
        let input = SignalGenerator.sine(frequencyHz: frequencyHz, peakDBFS: levelDB, seconds: 0.3, sampleRate: rate)
        compressor.prepare(sampleRate: rate, maximumBlockSize: input.count, channelCount: 2)
        var buffer = SignalGenerator.dualMono(input)
        compressor.process(&buffer)
        let tail = (input.count - Int(0.1 * rate))..<input.count
        let measuredDB =
          ToneFit.levelDB(of: input[tail], frequencyHz: frequencyHz, sampleRate: rate)
          - ToneFit.levelDB(of: buffer.channels[0][tail], frequencyHz: frequencyHz, sampleRate: rate)
        let expectedDB = compressor.staticGainReductionDB(forInputLevelDB: levelDB)
        XCTAssertEqual(measuredDB, expectedDB, accuracy: 0.2, "\(frequencyHz) Hz at \(levelDB) dBFS, \(rate) Hz")
        XCTAssertEqual(compressor.maximumGainReductionDB, expectedDB, accuracy: 0.2, "\(frequencyHz) Hz at \(levelDB) dBFS, \(rate) Hz")
      }
    }
  }

  /// A step from below the threshold to 20 dB above it and back: reduction covers 63 % of its
  /// change within ±20 % of the attack and of the release setting.
  func testAttackAndReleaseTimeConstantsOnALevelStep() throws {
    let compressor = Compressor(
      thresholdDB: -30, ratio: 4, attackMilliseconds: 30, releaseMilliseconds: 200,
      sustainedReleaseMilliseconds: nil, kneeDB: 0)
    let (quiet, loud) = (-40.0, -10.0)
    let input = SignalGenerator.toneSequence([(0.2, quiet), (0.6, loud), (1.2, quiet)], sampleRate: sampleRate)
    let output = run(compressor, input)
    let loudStart = Int(0.2 * sampleRate), quietStart = Int(0.8 * sampleRate)
    let amplitude = Float(Decibels.toAmplitude(quiet) / 2)
    let reduction = reductionDB(input: input, output: output, amplitudeFloor: amplitude)
    let finalDB = compressor.staticGainReductionDB(forInputLevelDB: loud)
    XCTAssertEqual(reduction[quietStart - 1], finalDB, accuracy: 0.1)

    let attackFrame = try XCTUnwrap(reduction[loudStart...].firstIndex { $0 >= 0.632 * finalDB })
    let attackMilliseconds = Double(attackFrame - loudStart) / sampleRate * 1000
    XCTAssertEqual(attackMilliseconds, 30, accuracy: 6, "attack")

    let heldDB = reduction[quietStart - 1]
    let releaseFrame = try XCTUnwrap(reduction[quietStart...].firstIndex { $0 <= 0.368 * heldDB })
    let releaseMilliseconds = Double(releaseFrame - quietStart) / sampleRate * 1000
    XCTAssertEqual(releaseMilliseconds, 200, accuracy: 40, "release")
    XCTAssertLessThan(reduction.last!, 0.1, "recovered after six release time constants")
  }

  /// Programme-dependent release: after a 20 ms transient the reduction recovers at the fast
  /// release; after 3 s of sustained reduction it takes the sustained release (±20 %).
  func testReleaseDependsOnHowLongReductionWasHeld() throws {
    let settings = (attack: 5.0, release: 100.0, sustained: 1000.0)
    func recoveryMilliseconds(loudSeconds: Double) throws -> Double {
      let compressor = Compressor(
        thresholdDB: -30, ratio: 4, attackMilliseconds: settings.attack, releaseMilliseconds: settings.release,
        sustainedReleaseMilliseconds: settings.sustained, kneeDB: 0)
      let input = SignalGenerator.toneSequence([(0.1, -40), (loudSeconds, -10), (2.5, -40)], sampleRate: sampleRate)
      let output = run(compressor, input)
      let reduction = reductionDB(input: input, output: output, amplitudeFloor: Float(Decibels.toAmplitude(-40) / 2))
      let quietStart = Int((0.1 + loudSeconds) * sampleRate)
      let heldDB = reduction[quietStart - 1]
      XCTAssertGreaterThan(heldDB, 5)
      let frame = try XCTUnwrap(reduction[quietStart...].firstIndex { $0 <= 0.368 * heldDB })
      return Double(frame - quietStart) / sampleRate * 1000
    }
    let afterTransient = try recoveryMilliseconds(loudSeconds: 0.02)
    let afterSustained = try recoveryMilliseconds(loudSeconds: 3)
    XCTAssertEqual(afterTransient, settings.release, accuracy: 0.2 * settings.release, "after a transient")
    XCTAssertEqual(afterSustained, settings.sustained, accuracy: 0.2 * settings.sustained, "after sustained reduction")
  }

  /// A loud tone in the left channel alone reduces a quiet tone in the right by the same amount,
  /// and the one-channel tone reads the same level as it would in both channels.
  func testDetectionIsLinkedAcrossChannels() {
    let compressor = Compressor(
      thresholdDB: -24, ratio: 3, attackMilliseconds: 5, releaseMilliseconds: 50,
      sustainedReleaseMilliseconds: nil, kneeDB: 0)
    let frames = Int(0.3 * sampleRate)
    let left = SignalGenerator.sine(frequencyHz: 1000, peakDBFS: -6, frameCount: frames, sampleRate: sampleRate)
    let right = SignalGenerator.sine(frequencyHz: 300, peakDBFS: -40, frameCount: frames, sampleRate: sampleRate)
    for swapped in [false, true] {
      compressor.prepare(sampleRate: sampleRate, maximumBlockSize: frames, channelCount: 2)
      var buffer = AudioBuffer(channels: swapped ? [right, left] : [left, right])
      compressor.process(&buffer)
      let (loudOut, quietOut) = swapped ? (buffer.channels[1], buffer.channels[0]) : (buffer.channels[0], buffer.channels[1])
      let tail = (frames - Int(0.1 * sampleRate))..<frames
      let loudReductionDB = -6 - ToneFit.levelDB(of: loudOut[tail], frequencyHz: 1000, sampleRate: sampleRate)
      let quietReductionDB = -40 - ToneFit.levelDB(of: quietOut[tail], frequencyHz: 300, sampleRate: sampleRate)
      XCTAssertEqual(loudReductionDB, compressor.staticGainReductionDB(forInputLevelDB: -6), accuracy: 0.2)
      XCTAssertEqual(quietReductionDB, loudReductionDB, accuracy: 0.05, "the quiet channel gets the same reduction")
    }
  }

  /// Make-up gain lifts the output; the statistics report the reduction and reset clears them
  /// along with the state, so a second pass is bit-identical.
  func testMakeupStatisticsAndResetReplay() {
    let compressor = Compressor(thresholdDB: -20, ratio: 2, makeupDB: 3, rmsWindowMilliseconds: 20)
    XCTAssertEqual(compressor.averageGainReductionDB, 0)
    let input = SignalGenerator.toneSequence([(0.25, -40), (0.25, -8)], sampleRate: sampleRate)
    let first = run(compressor, input)
    let (maximum, average) = (compressor.maximumGainReductionDB, compressor.averageGainReductionDB)
    XCTAssertGreaterThan(maximum, 4)
    XCTAssertGreaterThan(average, 0)
    XCTAssertLessThan(average, maximum)
    let quietGainDB = 20 * log10(Double(first[1000]) / Double(input[1000]))
    XCTAssertEqual(quietGainDB, 3, accuracy: 0.01, "make-up alone below the knee")
    compressor.reset()
    XCTAssertEqual(compressor.maximumGainReductionDB, 0)
    let second = run(compressor, input)
    XCTAssertEqual(first, second)
    XCTAssertEqual(compressor.maximumGainReductionDB, maximum)
  }

  func testDescriptionPrintsEveryParameterWithUnits() {
    XCTAssertEqual(
      Compressor().description,
      "Compressor(thresholdDB: -18.0, ratio: 2.0, attackMilliseconds: 30.0, releaseMilliseconds: 200.0, "
        + "sustainedReleaseMilliseconds: 1000.0, kneeDB: 6.0, makeupDB: 0.0, rmsWindowMilliseconds: 10.0)")
    XCTAssertTrue(Compressor(sustainedReleaseMilliseconds: nil).description.contains("sustainedReleaseMilliseconds: off"))
    XCTAssertEqual(Compressor().latencySamples, 0)
  }
}
