import CEBUR128
import DubplateDSP
import DubplateTestSupport
import Foundation
import XCTest

/// Our true-peak meter against libebur128 (Debian 1.2.6) on programme-like signals.
///
/// The two must agree within 0.1 dB. libebur128 oversamples with a 49-tap Hann-windowed
/// filter that falls off early (about -0.9 dB at 0.40·fs, -5.6 dB at 0.4535·fs), so where
/// they differ by more, both are compared with a brute-force reference (32× oversampling by
/// a 256-tap Kaiser-windowed sinc, flat to 0.48·fs) and ours must be at least as close.
/// For signals with no content above 0.4535·fs (20 kHz at 44.1 kHz), ours must also be
/// within 0.02 dB of the same reference taken on the 4× grid only: what a perfect 4×
/// interpolator reads.
final class TruePeakAgainstLibebur128Tests: XCTestCase {
  func testProgrammeLikeSignalsAgreeWithLibebur128OrAreCloserToTheReference() throws {
    for signal in Self.signals() {
      let ours = TruePeakMeter(
        sampleRate: signal.sampleRate, channelCount: signal.buffer.channelCount)
      ours.process(signal.buffer)
      let theirs = try Self.libebur128TruePeaks(signal.buffer, sampleRate: signal.sampleRate)
      for channel in 0..<signal.buffer.channelCount {
        let oursDB = Decibels.fromAmplitude(ours.truePeakPerChannel[channel])
        let theirsDB = Decibels.fromAmplitude(theirs[channel])
        let referenceDB = Decibels.fromAmplitude(
          Self.referenceTruePeak(signal.buffer.channels[channel]))
        let grid4DB = Decibels.fromAmplitude(
          Self.referenceTruePeak(signal.buffer.channels[channel], phaseCount: 4))
        print(String(
          format: "%@ ch%d: ours %.3f, libebur128 %.3f, 32x reference %.3f, 4x grid %.3f dBTP",
          signal.name, channel, oursDB, theirsDB, referenceDB, grid4DB))
        if signal.isBandLimited {
          XCTAssertEqual(oursDB, grid4DB, accuracy: 0.02, "\(signal.name) channel \(channel)")
        }
        if abs(oursDB - theirsDB) > 0.1 {
          XCTAssertLessThanOrEqual(
            abs(oursDB - referenceDB), abs(theirsDB - referenceDB),
            "\(signal.name) channel \(channel): ours \(oursDB), libebur128 \(theirsDB), "
              + "reference \(referenceDB)")
        }
      }
    }
  }

  // MARK: - Signals

  struct Signal {
    let name: String
    let sampleRate: Double
    let buffer: AudioBuffer
    /// No content above 0.4535·fs (noise, clipping and naive squares reach Nyquist).
    var isBandLimited = false
  }

  static let frameCount = 4_096

  static func signals() -> [Signal] {
    [
      Signal(name: "noise bursts 44.1k", sampleRate: 44_100, buffer: AudioBuffer(channels: [
        noiseBursts(seed: 1), noiseBursts(seed: 2),
      ])),
      Signal(name: "pink noise 48k", sampleRate: 48_000, buffer: AudioBuffer(channels: [
        faded(SignalGenerator.pinkNoise(rmsDBFS: -12, frameCount: frameCount, seed: 3), 48_000),
      ])),
      Signal(name: "log sweep 20 Hz-20 kHz 44.1k", sampleRate: 44_100,
             buffer: AudioBuffer(channels: [logSweep(sampleRate: 44_100)]), isBandLimited: true),
      Signal(name: "clipped 1 kHz sine 44.1k", sampleRate: 44_100, buffer: AudioBuffer(channels: [
        faded(tone(1_000, amplitude: 2, 44_100).map { min(1, max(-1, $0)) }, 44_100),
      ])),
      Signal(name: "band-limited square 1.5 kHz 48k", sampleRate: 48_000,
             buffer: AudioBuffer(channels: [bandLimitedSquare(1_500, sampleRate: 48_000)]),
             isBandLimited: true),
      Signal(name: "naive square 3 kHz 44.1k", sampleRate: 44_100, buffer: AudioBuffer(channels: [
        faded(tone(3_000, amplitude: 1, 44_100).map { $0 >= 0 ? 0.5 : -0.5 }, 44_100),
      ])),
      Signal(name: "19 kHz 64-sample burst 44.1k", sampleRate: 44_100,
             buffer: AudioBuffer(channels: [toneBurst(19_000, sampleRate: 44_100)])),
      Signal(name: "18 kHz + 20 kHz tones 44.1k", sampleRate: 44_100,
             buffer: AudioBuffer(channels: [
        faded(tone(18_000, amplitude: 0.5, 44_100), 44_100),
        faded(tone(20_000, amplitude: 0.5, 44_100), 44_100),
      ]), isBandLimited: true),
      Signal(name: "21 kHz tone 48k", sampleRate: 48_000, buffer: AudioBuffer(channels: [
        faded(tone(21_000, amplitude: 0.5, 48_000), 48_000),
      ]), isBandLimited: true),
    ]
  }

  static func faded(_ samples: [Float], _ sampleRate: Double) -> [Float] {
    var samples = samples
    SignalGenerator.applyFades(&samples, seconds: 0.005, sampleRate: sampleRate)
    return samples
  }

  static func tone(_ frequencyHz: Double, amplitude: Double, _ sampleRate: Double) -> [Float] {
    SignalGenerator.sine(
      frequencyHz: frequencyHz, peakDBFS: Decibels.fromAmplitude(amplitude), frameCount: frameCount,
      sampleRate: sampleRate, phaseRadians: 0.4)
  }

  /// A 64-sample Hann-shaped burst of a tone, peak 0.7, in silence.
  static func toneBurst(_ frequencyHz: Double, sampleRate: Double) -> [Float] {
    let tone = tone(frequencyHz, amplitude: 0.7, sampleRate)
    return (0..<frameCount).map { i in
      let position = i - 2_000
      guard position >= 0 && position < 64 else { return 0 }
      return Float(0.5 - 0.5 * cos(2 * Double.pi * Double(position) / 64)) * tone[i]
    }
  }

  /// Three bursts of white noise (RMS -10 dBFS) under Hann envelopes, with silence between.
  static func noiseBursts(seed: UInt64) -> [Float] {
    let noise = SignalGenerator.whiteNoise(rmsDBFS: -10, frameCount: frameCount, seed: seed)
    let burstLength = 1_000
    return (0..<frameCount).map { i in
      let position = i % 1_365
      guard position < burstLength else { return 0 }
      let envelope = 0.5 - 0.5 * cos(2 * Double.pi * Double(position) / Double(burstLength))
      return Float(envelope) * noise[i]
    }
  }

  /// An exponential sweep from 20 Hz to 20 kHz at 0.9 peak.
  static func logSweep(sampleRate: Double) -> [Float] {
    let duration = Double(frameCount) / sampleRate
    let rate = log(20_000.0 / 20)
    return faded((0..<frameCount).map { i in
      let t = Double(i) / sampleRate
      let phase = 2 * Double.pi * 20 * duration / rate * (exp(t / duration * rate) - 1)
      return Float(0.9 * sin(phase))
    }, sampleRate)
  }

  /// Odd harmonics 1/k of `frequencyHz` up to 20 kHz, scaled to a 0.8 sample peak.
  static func bandLimitedSquare(_ frequencyHz: Double, sampleRate: Double) -> [Float] {
    let raw = (0..<frameCount).map { i -> Double in
      var sum = 0.0
      var k = 1.0
      while k * frequencyHz < 20_000 {
        sum += sin(2 * Double.pi * k * frequencyHz * Double(i) / sampleRate + 0.3 * k) / k
        k += 2
      }
      return sum
    }
    let peak = raw.map(abs).max()!
    return faded(raw.map { Float(0.8 * $0 / peak) }, sampleRate)
  }

  // MARK: - Meters

  /// libebur128's true peak per channel, linear.
  static func libebur128TruePeaks(_ buffer: AudioBuffer, sampleRate: Double) throws -> [Double] {
    let mode = Int32(EBUR128_MODE_TRUE_PEAK.rawValue | EBUR128_MODE_SAMPLE_PEAK.rawValue)
    var created = ebur128_init(UInt32(buffer.channelCount), UInt(sampleRate), mode)
    defer { ebur128_destroy(&created) }
    let state = try XCTUnwrap(created)
    let interleaved = buffer.interleaved()
    let status = interleaved.withUnsafeBufferPointer {
      ebur128_add_frames_float(state, $0.baseAddress, buffer.frameCount)
    }
    XCTAssertEqual(status, Int32(EBUR128_SUCCESS.rawValue))
    return (0..<buffer.channelCount).map { channel in
      var peak = 0.0
      ebur128_true_peak(state, UInt32(channel), &peak)
      return peak
    }
  }

  /// Brute-force true peak: the signal (silent outside its ends) interpolated at 32 points
  /// per sample with a 256-tap Kaiser-windowed sinc (β = 10), in Double.
  static func referenceTruePeak(_ samples: [Float], phaseCount: Int = 32) -> Double {
    let halfWidth = 128
    let taps: [[Double]] = (0..<phaseCount).map { phase in
      (0..<(2 * halfWidth)).map { k in
        let t = Double(phase) / Double(phaseCount) - Double(k - halfWidth + 1)
        let ratio = t / Double(halfWidth)
        let window = EBUTruePeakSignals.besselI0(10 * max(0, 1 - ratio * ratio).squareRoot()) / EBUTruePeakSignals.besselI0(10)
        let sinc = t == 0 ? 1 : sin(Double.pi * t) / (Double.pi * t)
        return sinc * window
      }
    }
    let padded = [Double](repeating: 0, count: halfWidth) + samples.map(Double.init)
      + [Double](repeating: 0, count: halfWidth)
    var peak = 0.0
    padded.withUnsafeBufferPointer { x in
      for frame in (halfWidth - 1)..<(padded.count - halfWidth) {
        let window = x.baseAddress! + frame - halfWidth + 1
        for phase in 0..<phaseCount {
          taps[phase].withUnsafeBufferPointer { h in
            var sum = 0.0
            for k in 0..<(2 * halfWidth) { sum += h[k] * window[k] }
            peak = max(peak, abs(sum))
          }
        }
      }
    }
    return peak
  }
}
