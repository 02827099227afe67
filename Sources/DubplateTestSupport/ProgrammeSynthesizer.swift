import DubplateDSP
import Foundation

/// Synthesises short stereo "mixes" for tests: kick, snare, hi-hats, bass, chords and a pad.
///
/// The low end (kick, bass) is mono, hats and pad are decorrelated between channels and the
/// chords are panned, so the result has a realistic image: a mono-compatible low end, a wide
/// top. `variation` (a seed) changes the tempo and the level of each part by up to ±1.5 dB, so a
/// set of variations has a spread like a genre's.
public struct ProgrammeSynthesizer: Sendable {
  public var sampleRate: Double
  public var seconds: Double

  public init(sampleRate: Double = 44_100, seconds: Double = 8) {
    self.sampleRate = sampleRate
    self.seconds = seconds
  }

  /// One mix, peak-normalised to −3 dBFS (a mix with headroom left for mastering).
  public func mix(variation: UInt64) -> AudioBuffer {
    var random = SeededRandom(seed: 0xD0B + variation &* 7919)
    let frameCount = Int(seconds * sampleRate)
    let tempo = 110 + 20 * (random.nextBipolar() + 1) / 2
    let beatFrames = Int(60 / tempo * sampleRate)
    let root = 41.2  // E1: one key, so band levels move with the parts' levels, not with the harmonics
    func level(_ base: Double) -> Float { Float(Decibels.toAmplitude(base + 1.5 * random.nextBipolar())) }
    let (kickGain, snareGain, hatGain, bassGain, chordGain, padGain) =
      (level(-2), level(-1), level(-8), level(-7), level(0), level(-14))

    var left = [Float](repeating: 0, count: frameCount)
    var right = left
    func addMono(_ part: [Float], at start: Int, gain: Float) {
      for i in part.indices where start + i < frameCount {
        left[start + i] += part[i] * gain
        right[start + i] += part[i] * gain
      }
    }
    let kick = self.kick()
    let snare = self.snare(seed: variation)
    var beat = 0
    while beat * beatFrames < frameCount {
      addMono(kick, at: beat * beatFrames, gain: kickGain)
      if beat % 2 == 1 { addMono(snare, at: beat * beatFrames, gain: snareGain) }
      beat += 1
    }
    addHats(&left, &right, beatFrames: beatFrames, gain: hatGain, seed: variation)
    addBass(&left, &right, root: root, beatFrames: beatFrames, gain: bassGain)
    addChords(&left, &right, root: root * 8, beatFrames: beatFrames, gain: chordGain)
    // The pad is high-passed at 200 Hz, as a mixer keeps everything but kick and bass out of the low end.
    var padLeft = SignalGenerator.pinkNoise(rmsDBFS: 0, frameCount: frameCount, seed: variation &+ 101)
    var padRight = SignalGenerator.pinkNoise(rmsDBFS: 0, frameCount: frameCount, seed: variation &+ 202)
    for pad in [0, 1] {
      var highPass = Biquad(.highPass(cutoffHz: 200, q: 0.7071, sampleRate: sampleRate))
      if pad == 0 { highPass.process(&padLeft) } else { highPass.process(&padRight) }
    }
    for i in 0..<frameCount {
      left[i] += padLeft[i] * padGain
      right[i] += padRight[i] * padGain
    }
    let peak = max(left.map(abs).max() ?? 0, right.map(abs).max() ?? 0)
    let scale = peak > 0 ? Float(Decibels.toAmplitude(-3)) / peak : 0
    return AudioBuffer(channels: [left.map { $0 * scale }, right.map { $0 * scale }])
  }

  private func kick() -> [Float] {
    let length = Int(0.35 * sampleRate)
    var phase = 0.0
    return (0..<length).map { i in
      let t = Double(i) / sampleRate
      phase += 2 * Double.pi * (45 + 75 * exp(-t * 30)) / sampleRate
      return Float(sin(phase) * exp(-t * 9))
    }
  }

  private func snare(seed: UInt64) -> [Float] {
    let length = Int(0.2 * sampleRate)
    var random = SeededRandom(seed: seed &+ 17)
    var filter = Biquad(.highPass(cutoffHz: 400, q: 0.7, sampleRate: sampleRate))
    return (0..<length).map { i in
      let t = Double(i) / sampleRate
      let body = 0.5 * sin(2 * Double.pi * 190 * t)
      return Float(filter.process(random.nextGaussian() * 0.5 + body) * exp(-t * 22))
    }
  }

  private func addHats(_ left: inout [Float], _ right: inout [Float], beatFrames: Int, gain: Float, seed: UInt64) {
    var randomLeft = SeededRandom(seed: seed &+ 31)
    var randomRight = SeededRandom(seed: seed &+ 37)
    var filterLeft = Biquad(.highPass(cutoffHz: 7000, q: 0.7, sampleRate: sampleRate))
    var filterRight = filterLeft
    let length = Int(0.05 * sampleRate)
    var start = 0
    while start < left.count {
      for i in 0..<length where start + i < left.count {
        let envelope = Float(exp(-Double(i) / sampleRate * 60))
        left[start + i] += Float(filterLeft.process(randomLeft.nextGaussian())) * envelope * gain
        right[start + i] += Float(filterRight.process(randomRight.nextGaussian())) * envelope * gain
      }
      start += beatFrames / 2
    }
  }

  private func addBass(_ left: inout [Float], _ right: inout [Float], root: Double, beatFrames: Int, gain: Float) {
    let pattern = [1.0, 1.0, 1.5, 1.335]
    var phase = 0.0
    var filter = Biquad(.lowPass(cutoffHz: 400, q: 0.7, sampleRate: sampleRate))
    for i in left.indices {
      let bar = (i / (beatFrames * 4)) % pattern.count
      phase += 2 * Double.pi * root * 2 * pattern[bar] / sampleRate
      let note = i % beatFrames
      let envelope = min(1, Double(note) / 200) * exp(-Double(note) / sampleRate * 2)
      let tone = sin(phase) + 0.5 * sin(2 * phase) + 0.25 * sin(3 * phase)
      let sample = Float(filter.process(tone * envelope)) * gain
      left[i] += sample
      right[i] += sample
    }
  }

  private func addChords(_ left: inout [Float], _ right: inout [Float], root: Double, beatFrames: Int, gain: Float) {
    let voices: [(ratio: Double, pan: Float)] = [(1, 0.3), (1.26, 0.7), (1.5, 0.5), (2, 0.2)]
    for voice in voices {
      let frequency = root * voice.ratio
      let leftGain = gain * (1 - voice.pan) * 2 * 0.5
      let rightGain = gain * voice.pan * 2 * 0.5
      for i in left.indices {
        let t = Double(i) / sampleRate
        let note = Double(i % (beatFrames * 2)) / sampleRate
        let envelope = min(1, note * 20) * exp(-note * 1.5)
        var tone = 0.0
        for harmonic in 1...8 {
          tone += sin(2 * Double.pi * frequency * Double(harmonic) * t * (1 + 0.0007 * Double(harmonic))) / Double(harmonic)
        }
        let sample = Float(tone * envelope)
        left[i] += sample * leftGain
        right[i] += sample * rightGain
      }
    }
  }
}
