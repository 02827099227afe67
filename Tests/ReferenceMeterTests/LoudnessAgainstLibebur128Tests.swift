import CEBUR128
import DubplateDSP
import DubplateTestSupport
import Foundation
import XCTest

/// Compares ``LoudnessMeter`` with libebur128 v1.2.6 (Debian's build), an independent and
/// widely used BS.1770-4 / EBU R128 meter, on programme-like stereo signals at 44.1 and
/// 48 kHz: integrated loudness within 0.02 LU, loudness range within 0.1 LU, and the
/// short-term loudness at the end of every second within 0.02 LU.
final class LoudnessAgainstLibebur128Tests: XCTestCase {
  func testProgrammeAt44100Hz() throws {
    try compare(programme(sampleRate: 44_100, seed: 11), sampleRate: 44_100)
  }

  func testProgrammeAt48000Hz() throws {
    try compare(programme(sampleRate: 48_000, seed: 23), sampleRate: 48_000)
  }

  // MARK: - Comparison

  private func compare(_ signal: AudioBuffer, sampleRate: Double) throws {
    let ours = LoudnessMeter(sampleRate: sampleRate, channelRoles: [.left, .right])
    let mode = Int32(
      bitPattern: EBUR128_MODE_I.rawValue | EBUR128_MODE_LRA.rawValue | EBUR128_MODE_M.rawValue
        | EBUR128_MODE_S.rawValue)
    var reference: UnsafeMutablePointer<ebur128_state>? = try XCTUnwrap(
      ebur128_init(2, UInt(sampleRate), mode))
    defer { ebur128_destroy(&reference) }
    let state = try XCTUnwrap(reference)

    // Ours in odd-sized blocks; libebur128 one second at a time, so that its short-term
    // reading can be taken where ours samples it.
    var start = 0
    while start < signal.frameCount {
      let end = min(signal.frameCount, start + 4093)
      ours.process(signal.slice(start..<end))
      start = end
    }
    let second = Int(sampleRate)
    var referenceShortTerm = [Double]()
    for secondStart in stride(from: 0, to: signal.frameCount, by: second) {
      let block = signal.slice(secondStart..<min(signal.frameCount, secondStart + second))
      XCTAssertEqual(ebur128_add_frames_float(state, block.interleaved(), block.frameCount), 0)
      if block.frameCount == second {
        referenceShortTerm.append(reading(state, ebur128_loudness_shortterm))
      }
    }

    let integrated = reading(state, ebur128_loudness_global)
    let range = reading(state, ebur128_loudness_range)
    print(
      "libebur128 @ \(Int(sampleRate)) Hz: I \(format(integrated)), ours − theirs "
        + "\(difference(ours.integratedLoudness, integrated)); LRA \(format(range)), "
        + "ours − theirs \(difference(ours.loudnessRange, range))")
    XCTAssertEqual(
      ours.integratedLoudness, integrated, accuracy: 0.02, "integrated at \(sampleRate) Hz")
    XCTAssertEqual(ours.loudnessRange, range, accuracy: 0.1, "LRA at \(sampleRate) Hz")
    XCTAssertGreaterThan(range, 5, "the programme should have a wide loudness range")

    XCTAssertEqual(ours.shortTermLoudnessPerSecond.count, referenceShortTerm.count)
    var largestDifference = 0.0
    let pairs = zip(ours.shortTermLoudnessPerSecond, referenceShortTerm)
    for (index, (mine, theirs)) in pairs.enumerated() where index >= 2 {
      XCTAssertEqual(mine, theirs, accuracy: 0.02, "short-term at \(index + 1) s, \(sampleRate) Hz")
      largestDifference = max(largestDifference, abs(mine - theirs))
    }
    print(
      "libebur128 @ \(Int(sampleRate)) Hz: largest short-term difference "
        + String(format: "%.1e LU", largestDifference))
  }

  private func reading(
    _ state: UnsafeMutablePointer<ebur128_state>,
    _ query: (UnsafeMutablePointer<ebur128_state>?, UnsafeMutablePointer<Double>?) -> Int32
  ) -> Double {
    var value = 0.0
    XCTAssertEqual(query(state, &value), 0)
    return value
  }

  private func format(_ value: Double) -> String { String(format: "%.4f", value) }

  private func difference(_ ours: Double, _ theirs: Double) -> String {
    String(format: "%+.1e", ours - theirs)
  }

  // MARK: - Programme-like signal (46 s, stereo)

  /// Pink-noise bursts at six levels with gaps (18 s), a 20 Hz–20 kHz logarithmic sweep
  /// (12 s), then three mixed tones stepping through eight levels (16 s).
  private func programme(sampleRate: Double, seed: UInt64) -> AudioBuffer {
    let bursts = noiseBursts(
      levelsDBFS: [-30, -18, -24, -40, -14, -22], sampleRate: sampleRate, seed: seed)
    let sweep = logSweep(seconds: 12, sampleRate: sampleRate)
    let tones = steppedTones(
      levelsDBFS: [-35, -25, -15, -28, -20, -45, -12, -30], sampleRate: sampleRate)
    return AudioBuffer(
      channels: (0..<2).map { channel in
        bursts[channel] + sweep[channel] + tones[channel]
      })
  }

  /// 2.5 s of independent pink noise per channel at each level (the right 2 dB lower),
  /// each burst followed by 0.5 s of silence.
  private func noiseBursts(levelsDBFS: [Double], sampleRate: Double, seed: UInt64) -> [[Float]] {
    let burstFrames = Int(2.5 * sampleRate)
    let gap = [Float](repeating: 0, count: Int(0.5 * sampleRate))
    return (0..<2).map { channel in
      levelsDBFS.enumerated().flatMap { index, level in
        SignalGenerator.pinkNoise(
          rmsDBFS: level - Double(channel) * 2, frameCount: burstFrames,
          seed: seed + UInt64(10 * index + channel))
          + gap
      }
    }
  }

  /// Exponential sweep at −20 dBFS peak in the left channel; the right 3 dB lower and a
  /// quarter period ahead.
  private func logSweep(seconds: Double, sampleRate: Double) -> [[Float]] {
    let (lowHz, highHz) = (20.0, 20_000.0)
    let growthPerSecond = log(highHz / lowHz) / seconds
    let frameCount = Int(seconds * sampleRate)
    return [(-20.0, 0.0), (-23.0, Double.pi / 2)].map { level, phaseOffset in
      let amplitude = Decibels.toAmplitude(level)
      return (0..<frameCount).map { frame in
        let t = Double(frame) / sampleRate
        let phase = 2 * Double.pi * lowHz * (exp(growthPerSecond * t) - 1) / growthPerSecond
        return Float(amplitude * sin(phase + phaseOffset))
      }
    }
  }

  /// 110 Hz, 2.5 kHz and 7 kHz together, the level changing every 2 s; the right channel
  /// carries the 110 Hz and 7 kHz partials only.
  private func steppedTones(levelsDBFS: [Double], sampleRate: Double) -> [[Float]] {
    let stepFrames = Int(2 * sampleRate)
    let partials: [[(frequencyHz: Double, gain: Double)]] = [
      [(110, 0.5), (2500, 0.3), (7000, 0.2)], [(110, 0.6), (7000, 0.4)],
    ]
    return partials.map { channelPartials in
      levelsDBFS.enumerated().flatMap { step, level in
        let amplitude = Decibels.toAmplitude(level)
        return (0..<stepFrames).map { offset in
          let t = Double(step * stepFrames + offset) / sampleRate
          let sample = channelPartials.reduce(0.0) {
            $0 + $1.gain * sin(2 * Double.pi * $1.frequencyHz * t)
          }
          return Float(amplitude * sample)
        }
      }
    }
  }
}
