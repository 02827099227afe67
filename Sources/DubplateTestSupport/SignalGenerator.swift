import DubplateDSP
import Foundation

/// Builds test signals in code: sines, tone sequences, noise. Every generator is deterministic.
public enum SignalGenerator {
  /// A sine of `frequencyHz` whose peak is `peakDBFS` (0 dBFS = amplitude 1.0).
  public static func sine(
    frequencyHz: Double, peakDBFS: Double, seconds: Double, sampleRate: Double,
    phaseRadians: Double = 0
  ) -> [Float] {
    let count = Int((seconds * sampleRate).rounded())
    return sine(frequencyHz: frequencyHz, peakDBFS: peakDBFS, frameCount: count,
                sampleRate: sampleRate, phaseRadians: phaseRadians)
  }

  /// A sine of exactly `frameCount` samples.
  public static func sine(
    frequencyHz: Double, peakDBFS: Double, frameCount: Int, sampleRate: Double,
    phaseRadians: Double = 0
  ) -> [Float] {
    let amplitude = Decibels.toAmplitude(peakDBFS)
    let step = 2 * Double.pi * frequencyHz / sampleRate
    return (0..<frameCount).map { Float(amplitude * sin(step * Double($0) + phaseRadians)) }
  }

  /// Silence of `seconds`.
  public static func silence(seconds: Double, sampleRate: Double) -> [Float] {
    [Float](repeating: 0, count: Int((seconds * sampleRate).rounded()))
  }

  /// A 1 kHz sine whose level steps through `segments` (duration in seconds, peak dBFS),
  /// continuous in phase across segments, as the EBU Tech 3341/3342 tone sequences are.
  /// A level of `-.infinity` is silence.
  public static func toneSequence(
    _ segments: [(seconds: Double, peakDBFS: Double)], sampleRate: Double,
    frequencyHz: Double = 1000
  ) -> [Float] {
    var samples = [Float]()
    var index = 0
    let step = 2 * Double.pi * frequencyHz / sampleRate
    for segment in segments {
      let count = Int((segment.seconds * sampleRate).rounded())
      let amplitude = segment.peakDBFS.isFinite ? Decibels.toAmplitude(segment.peakDBFS) : 0
      samples.reserveCapacity(samples.count + count)
      for _ in 0..<count {
        samples.append(Float(amplitude * sin(step * Double(index))))
        index += 1
      }
    }
    return samples
  }

  /// White Gaussian noise with RMS `rmsDBFS`.
  public static func whiteNoise(
    rmsDBFS: Double, frameCount: Int, seed: UInt64 = 1
  ) -> [Float] {
    var random = SeededRandom(seed: seed)
    let scale = Decibels.toAmplitude(rmsDBFS)
    return (0..<frameCount).map { _ in Float(scale * random.nextGaussian()) }
  }

  /// Pink (1/f power) noise with RMS `rmsDBFS`, made with Paul Kellet's refined filter
  /// (accurate to about ±0.05 dB from 9 Hz to Nyquist at 44.1 kHz).
  public static func pinkNoise(
    rmsDBFS: Double, frameCount: Int, seed: UInt64 = 1
  ) -> [Float] {
    var random = SeededRandom(seed: seed)
    var b0 = 0.0, b1 = 0.0, b2 = 0.0, b3 = 0.0, b4 = 0.0, b5 = 0.0, b6 = 0.0
    var raw = [Double](repeating: 0, count: frameCount)
    for i in 0..<frameCount {
      let white = random.nextGaussian()
      b0 = 0.99886 * b0 + white * 0.0555179
      b1 = 0.99332 * b1 + white * 0.0750759
      b2 = 0.96900 * b2 + white * 0.1538520
      b3 = 0.86650 * b3 + white * 0.3104856
      b4 = 0.55000 * b4 + white * 0.5329522
      b5 = -0.7616 * b5 - white * 0.0168980
      raw[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + white * 0.5362
      b6 = white * 0.115926
    }
    return normalized(raw, rmsDBFS: rmsDBFS)
  }

  /// Two identical channels: the stereo form of a mono signal (a tone in phase in L and R).
  public static func dualMono(_ samples: [Float]) -> AudioBuffer {
    AudioBuffer(channels: [samples, samples])
  }

  /// Concatenates signals end to end.
  public static func concatenate(_ parts: [[Float]]) -> [Float] {
    parts.flatMap { $0 }
  }

  /// Linear fade-in and fade-out of `seconds` each, in place.
  public static func applyFades(_ samples: inout [Float], seconds: Double, sampleRate: Double) {
    let length = min(Int(seconds * sampleRate), samples.count / 2)
    guard length > 0 else { return }
    for i in 0..<length {
      let gain = Float(i) / Float(length)
      samples[i] *= gain
      samples[samples.count - 1 - i] *= gain
    }
  }

  static func normalized(_ raw: [Double], rmsDBFS: Double) -> [Float] {
    let meanSquare = raw.reduce(0) { $0 + $1 * $1 } / Double(max(raw.count, 1))
    let scale = meanSquare > 0 ? Decibels.toAmplitude(rmsDBFS) / meanSquare.squareRoot() : 0
    return raw.map { Float($0 * scale) }
  }
}
