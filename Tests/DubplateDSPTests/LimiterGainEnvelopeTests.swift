@testable import DubplateDSP
import DubplateTestSupport
import XCTest

/// The limiter's smooth gain against a plain per-frame form of the same three steps.
final class LimiterGainEnvelopeTests: XCTestCase {
  /// Bursts of need between stretches long enough for the reduction to return to exactly 0
  /// (where the envelope skips idle frames), fed in blocks of many sizes: every gain is
  /// bit-identical to a per-frame step with a brute-force sliding minimum and no shortcut.
  func testGainsEqualThePlainPerFrameStepBitForBit() {
    let (sampleRate, releaseSeconds, lookahead, hold) = (8_000.0, 0.01, 40, 24)
    var random = SeededRandom(seed: 21)
    var needed = [Double]()
    for burstFrames in [500, 1, 60, 2_000, 3] {
      needed += [Double](repeating: 1, count: 9_000)
      needed += (0..<burstFrames).map { _ in
        random.nextBipolar() < 0 ? 1 : 0.6 + 0.39 * random.nextBipolar()
      }
    }
    needed += [Double](repeating: 1, count: 9_000)
    let expected = plainEnvelope(
      needed, lookahead: lookahead, hold: hold, releaseSeconds: releaseSeconds, sampleRate: sampleRate)

    var envelope = LimiterGainEnvelope(
      lookaheadFrames: lookahead, holdFrames: hold, releaseSeconds: releaseSeconds, sampleRate: sampleRate)
    var gains = needed
    var start = 0
    for size in [1, 7, 333, 4_096, 64, 1_000].cycled(until: gains.count) {
      let end = min(gains.count, start + size)
      gains[start..<end].withUnsafeMutableBufferPointer { envelope.apply(toNeededGains: $0) }
      start = end
    }
    XCTAssertEqual(gains.count, expected.count)
    let firstDifference = gains.indices.first { gains[$0] != expected[$0] }
    XCTAssertNil(firstDifference, "first frame whose gain differs")
    // The stream both limits and returns to exactly unity, so both paths ran.
    XCTAssertLessThan(gains.min() ?? 1, 0.7)
    XCTAssertEqual(gains.last, 1)
    XCTAssertEqual(gains[9_000 + 500 + 8_000], 1)
  }

  /// The envelope's steps one frame at a time, the held minimum by brute force over the last
  /// `lookahead + 2·hold` needed gains (1 before the stream).
  private func plainEnvelope(
    _ needed: [Double], lookahead: Int, hold: Int, releaseSeconds: Double, sampleRate: Double
  ) -> [Double] {
    let window = lookahead + 2 * hold
    let history = [Double](repeating: 1, count: window - 1) + needed
    var (reduction, sustain, averageSum, nonZeroCount) = (0.0, 0.0, 0.0, 0)
    var ring = [Double](repeating: 0, count: lookahead)
    return needed.indices.map { frame in
      let heldReduction = 1 - history[frame..<(frame + window)].min()!
      sustain += ((heldReduction > 0 ? 1 : 0) - sustain) * (1 / sampleRate)
      let releaseFrames = releaseSeconds * (1 + 3 * sustain) * sampleRate
      reduction = max(heldReduction, reduction * (1 - 1 / max(releaseFrames, 1)))
      if reduction < 1e-9 { reduction = 0 }
      let leaving = ring[frame % lookahead]
      ring[frame % lookahead] = reduction
      if leaving != 0 { nonZeroCount -= 1 }
      if reduction != 0 { nonZeroCount += 1 }
      averageSum = nonZeroCount == 0 ? 0 : averageSum + reduction - leaving
      return min(1, 1 - averageSum / Double(lookahead))
    }
  }
}

extension Array where Element == Int {
  /// The sizes repeated in order until they add up to at least `total`.
  fileprivate func cycled(until total: Int) -> [Int] {
    var sizes = [Int](), sum = 0
    while sum < total {
      let size = self[sizes.count % count]
      sizes.append(size)
      sum += size
    }
    return sizes
  }
}
