import DubplateAnalysis
import DubplateDSP
import DubplateTestSupport
import Foundation
import XCTest

/// The analyzer feeds every meter from one stream and turns their readings into the contract.
final class TrackAnalyzerTests: XCTestCase {
  private let sampleRate = 48_000.0

  private func analyze(_ buffer: AudioBuffer, blockFrames: Int = 4_800) -> TrackAnalysis {
    analyzeInMemory(buffer, sampleRate: sampleRate, name: "test", blockFrames: blockFrames)
  }

  func testToneMeasuresItsLevelEverywhere() {
    let tone = SignalGenerator.sine(frequencyHz: 1000, peakDBFS: -20, seconds: 4, sampleRate: sampleRate)
    let analysis = analyze(AudioBuffer(channels: [tone, tone]))
    XCTAssertEqual(analysis.loudness.integrated!, -20, accuracy: 0.1)
    XCTAssertEqual(analysis.loudness.truePeak!, -20, accuracy: 0.1)
    XCTAssertEqual(analysis.loudness.samplePeak!, -20, accuracy: 0.01)
    XCTAssertEqual(analysis.loudness.plr!, 0, accuracy: 0.15)
    XCTAssertEqual(analysis.dynamics.rms!, -23.01, accuracy: 0.02)
    XCTAssertEqual(analysis.dynamics.crestFactor!, 3.01, accuracy: 0.02)
    XCTAssertEqual(analysis.stereo!.correlation!, 1, accuracy: 1e-6)
    XCTAssertEqual(analysis.spectrum.namedBands.mid!, -23.01, accuracy: 0.5)
    XCTAssertEqual(analysis.spectrum.normalizedNamedBands.mid!, -3.0, accuracy: 0.5)
    XCTAssertEqual(analysis.timeline.shortTermLUFS.count, 4)
    XCTAssertEqual(analysis.timeline.correlation?.count, 4, "one correlation per second, beside the loudness")
    XCTAssertEqual(analysis.timeline.correlation?.compactMap { $0 }.min() ?? 0, 1, accuracy: 1e-6)
    XCTAssertTrue(analysis.warnings.isEmpty, "\(analysis.warnings)")
  }

  func testNonFiniteSamplesAreCountedAndMeasuredAsSilence() {
    var samples = SignalGenerator.sine(frequencyHz: 1000, peakDBFS: -20, seconds: 1, sampleRate: sampleRate)
    samples[10] = .nan
    samples[20] = -.infinity
    let analysis = analyze(AudioBuffer(channels: [samples]))
    XCTAssertEqual(analysis.dynamics.nonFiniteSamples, 2)
    XCTAssertEqual(analysis.loudness.samplePeak!, -20, accuracy: 0.01)
    XCTAssertTrue(analysis.warnings.contains { $0.contains("NaN") })
  }

  func testSilenceLeavesLoudnessAndPeaksUndefined() {
    let analysis = analyze(AudioBuffer(channelCount: 2, frameCount: 48_000))
    XCTAssertNil(analysis.loudness.integrated)
    XCTAssertNil(analysis.loudness.truePeak)
    XCTAssertNil(analysis.loudness.samplePeak)
    XCTAssertNil(analysis.dynamics.crestFactor)
    XCTAssertTrue(analysis.warnings.contains { $0.contains("silence") })
  }

  func testShortFileHasNoIntegratedLoudnessOrRange() {
    let tone = SignalGenerator.sine(frequencyHz: 1000, peakDBFS: -20, seconds: 0.3, sampleRate: sampleRate)
    let analysis = analyze(AudioBuffer(channels: [tone, tone]))
    XCTAssertNil(analysis.loudness.integrated)
    XCTAssertNil(analysis.loudness.range)
    XCTAssertEqual(analysis.loudness.samplePeak!, -20, accuracy: 0.01)
  }

  func testMonoHasNoStereoSection() {
    let tone = SignalGenerator.sine(frequencyHz: 1000, peakDBFS: -20, seconds: 1, sampleRate: sampleRate)
    let analysis = analyze(AudioBuffer(channels: [tone]))
    XCTAssertNil(analysis.stereo)
    XCTAssertNil(analysis.timeline.correlation)
  }

  func testBlockSizeDoesNotChangeTheResult() {
    let noise = SignalGenerator.pinkNoise(rmsDBFS: -20, frameCount: 96_000, seed: 3)
    let other = SignalGenerator.pinkNoise(rmsDBFS: -22, frameCount: 96_000, seed: 4)
    let buffer = AudioBuffer(channels: [noise, other])
    let a = analyze(buffer, blockFrames: 96_000)
    let b = analyze(buffer, blockFrames: 1_001)
    XCTAssertEqual(a.loudness.integrated!, b.loudness.integrated!, accuracy: 1e-6)
    XCTAssertEqual(a.loudness.truePeak!, b.loudness.truePeak!, accuracy: 1e-6)
    XCTAssertEqual(a.spectrum.tilt!, b.spectrum.tilt!, accuracy: 1e-6)
    XCTAssertEqual(a.stereo!.correlation!, b.stereo!.correlation!, accuracy: 1e-9)
  }
}
