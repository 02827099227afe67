import DubplateDSP
import XCTest

/// The guard after a tone trim: under the ceiling nothing changes; over it, short dips bring
/// every true peak back under, whatever the block sizes.
final class TruePeakGuardTests: XCTestCase {
  func testASignalUnderTheCeilingPassesUntouched() {
    for sampleRate in [44_100.0, 48_000, 96_000] {
      let tone = sine(hz: 997, amplitude: Float(Decibels.toAmplitude(-6)), frames: 20_000, sampleRate: sampleRate)
      let guardStage = TruePeakGuard(ceilingDBTP: -1)
      guardStage.prepare(sampleRate: sampleRate, maximumBlockSize: 4_096, channelCount: 2)
      XCTAssertEqual(LatencyCompensation.render(guardStage, input: tone, blockSize: 4_096), tone, "\(sampleRate) Hz")
      XCTAssertEqual(guardStage.dipCount, 0)
    }
  }

  func testOversAreDippedUnderTheCeilingAndTheRestIsLeftAlone() {
    for sampleRate in [44_100.0, 48_000, 96_000] {
      let input = tonesWithBursts(sampleRate: sampleRate)
      let guardStage = TruePeakGuard(ceilingDBTP: -1)
      guardStage.prepare(sampleRate: sampleRate, maximumBlockSize: 4_096, channelCount: 2)
      let output = LatencyCompensation.render(guardStage, input: input, blockSize: 4_096)
      let meter = TruePeakMeter(sampleRate: sampleRate, channelCount: 2)
      meter.process(output)
      XCTAssertLessThanOrEqual(meter.truePeakDBTP, -1 + 1e-4, "\(sampleRate) Hz")
      XCTAssertGreaterThan(guardStage.dipCount, 0)
      // The first burst starts at frame period/2; a dip reaches at most 24 frames and a 0.5 ms ramp before it.
      let untouched = Int(sampleRate / 20) - 24 - Int(0.0005 * sampleRate) - 2
      XCTAssertTrue(output.channels[0][0..<untouched] == input.channels[0][0..<untouched], "\(sampleRate) Hz")
    }
  }

  func testTheOutputDoesNotDependOnTheBlockSizes() {
    let input = tonesWithBursts(sampleRate: 44_100)
    let whole = TruePeakGuard(ceilingDBTP: -1)
    whole.prepare(sampleRate: 44_100, maximumBlockSize: input.frameCount, channelCount: 2)
    let pieces = TruePeakGuard(ceilingDBTP: -1)
    pieces.prepare(sampleRate: 44_100, maximumBlockSize: 977, channelCount: 2)
    let wholeOutput = LatencyCompensation.render(whole, input: input, blockSize: input.frameCount)
    XCTAssertTrue(wholeOutput == LatencyCompensation.render(pieces, input: input, blockSize: 977))
    XCTAssertEqual(whole.dipCount, pieces.dipCount)
  }

  /// A tone at -3 dBFS with a near-Nyquist burst every 0.1 s that reaches about +1 dBTP.
  private func tonesWithBursts(sampleRate: Double) -> AudioBuffer {
    var input = sine(hz: 440, amplitude: Float(Decibels.toAmplitude(-3)), frames: Int(sampleRate), sampleRate: sampleRate)
    let period = Int(sampleRate / 10), burst = 64
    for start in stride(from: period / 2, to: input.frameCount - burst, by: period) {
      for frame in start..<(start + burst) {
        let high = 0.5 * Float(sin(2 * Double.pi * 0.45 * Double(frame)))
        for channel in 0..<2 { input.channels[channel][frame] += high }
      }
    }
    return input
  }

  private func sine(hz: Double, amplitude: Float, frames: Int, sampleRate: Double) -> AudioBuffer {
    let samples = (0..<frames).map { amplitude * Float(sin(2 * Double.pi * hz * Double($0) / sampleRate)) }
    return AudioBuffer(channels: [samples, samples])
  }
}
