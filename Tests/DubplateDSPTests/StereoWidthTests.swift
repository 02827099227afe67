import DubplateDSP
import DubplateTestSupport
import XCTest

final class StereoWidthTests: XCTestCase {
  private let sampleRate = 48_000.0
  private let frames = 24_000

  private func tone(_ frequencyHz: Double, _ peakDBFS: Double) -> [Float] {
    SignalGenerator.sine(frequencyHz: frequencyHz, peakDBFS: peakDBFS, frameCount: frames, sampleRate: sampleRate)
  }

  /// Builds L = M + S, R = M − S, processes it and returns the output's mid and side.
  private func process(_ width: StereoWidth, mid: [Float], side: [Float]) -> (mid: [Float], side: [Float]) {
    width.prepare(sampleRate: sampleRate, maximumBlockSize: frames, channelCount: 2)
    var buffer = AudioBuffer(channels: [zip(mid, side).map { $0 + $1 }, zip(mid, side).map { $0 - $1 }])
    width.process(&buffer)
    let (left, right) = (buffer.channels[0], buffer.channels[1])
    return (zip(left, right).map { ($0 + $1) / 2 }, zip(left, right).map { ($0 - $1) / 2 })
  }

  /// The level of `frequencyHz` over the last 0.2 s: whole periods of every tone used here
  /// (50 Hz to 2 kHz), so two tones in one signal do not leak into each other's fit.
  private func levelDB(_ samples: [Float], _ frequencyHz: Double) -> Double {
    ToneFit.levelDB(of: samples[(frames - Int(0.2 * sampleRate))...], frequencyHz: frequencyHz, sampleRate: sampleRate)
  }

  /// A 2 kHz side tone at −12 dBFS comes out at −18 dBFS; the 500 Hz mid tone is untouched.
  func testSideGainScalesOnlyTheSide() {
    let output = process(StereoWidth(sideGainDB: -6), mid: tone(500, -12), side: tone(2000, -12))
    XCTAssertEqual(levelDB(output.side, 2000), -18, accuracy: 0.05)
    XCTAssertEqual(levelDB(output.mid, 500), -12, accuracy: 0.05)
    XCTAssertLessThan(levelDB(output.side, 500), -100, "no mid leaks into the side")
  }

  /// With a mono low end below 200 Hz, a 50 Hz side tone falls by more than 40 dB (LR4:
  /// 24 dB/octave, two octaves below) while a 1 kHz side tone and the mid tones keep their levels.
  func testMonoBelowRemovesLowSideAndKeepsHighSide() {
    let side = zip(tone(50, -12), tone(1000, -12)).map { $0 + $1 }
    let mid = zip(tone(50, -12), tone(1000, -12)).map { $0 + $1 }
    let output = process(StereoWidth(monoBelowHz: 200), mid: mid, side: side)
    let lowSideDropDB = -12 - levelDB(output.side, 50)
    let highSideChangeDB = levelDB(output.side, 1000) + 12
    XCTAssertGreaterThanOrEqual(lowSideDropDB, 40)
    XCTAssertEqual(highSideChangeDB, 0, accuracy: 0.2)
    XCTAssertEqual(levelDB(output.mid, 50), -12, accuracy: 0.05, "the mid's all-pass keeps its magnitude")
    XCTAssertEqual(levelDB(output.mid, 1000), -12, accuracy: 0.05)
  }

  /// Above the crossover mid and side share the all-pass phase, so a hard-left 2 kHz tone stays
  /// hard left: the right channel gets less than −60 dB of it.
  func testImageAboveTheCrossoverIsUnchanged() {
    let width = StereoWidth(monoBelowHz: 150)
    width.prepare(sampleRate: sampleRate, maximumBlockSize: frames, channelCount: 2)
    var buffer = AudioBuffer(channels: [tone(2000, -6), [Float](repeating: 0, count: frames)])
    width.process(&buffer)
    let tail = (frames / 2)...
    let leftDB = ToneFit.levelDB(of: buffer.channels[0][tail], frequencyHz: 2000, sampleRate: sampleRate)
    let rightDB = ToneFit.levelDB(of: buffer.channels[1][tail], frequencyHz: 2000, sampleRate: sampleRate)
    XCTAssertEqual(leftDB, -6, accuracy: 0.05)
    XCTAssertLessThan(rightDB - leftDB, -60)
  }

  /// Mono and surround streams pass unchanged, and the description says so.
  func testOtherChannelCountsPassThrough() {
    for channelCount in [1, 6] {
      let width = StereoWidth(sideGainDB: -6, monoBelowHz: 120)
      width.prepare(sampleRate: sampleRate, maximumBlockSize: 1024, channelCount: channelCount)
      let input = AudioBuffer(channels: (0..<channelCount).map { tone(300 * Double($0 + 1), -10).prefix(1024).map { $0 } })
      var buffer = input
      width.process(&buffer)
      XCTAssertEqual(buffer, input)
      XCTAssertTrue(width.isPassThrough)
      XCTAssertTrue(width.description.contains("pass-through: prepared for \(channelCount) channel"), width.description)
    }
  }

  func testDescriptionAndReset() {
    let width = StereoWidth(sideGainDB: -3, monoBelowHz: 120)
    XCTAssertEqual(width.description, "StereoWidth(sideGainDB: -3.0, monoBelowHz: 120.0)")
    XCTAssertEqual(StereoWidth().description, "StereoWidth(sideGainDB: 0.0, monoBelowHz: off)")
    width.prepare(sampleRate: sampleRate, maximumBlockSize: frames, channelCount: 2)
    let input = AudioBuffer(channels: [tone(80, -6), tone(90, -6)])
    var first = input, second = input
    width.process(&first)
    width.reset()
    width.process(&second)
    XCTAssertEqual(first, second)
    XCTAssertFalse(width.isPassThrough)
    XCTAssertEqual(width.latencySamples, 0)
  }
}
