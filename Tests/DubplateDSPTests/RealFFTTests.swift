import Dispatch
import DubplateDSP
import DubplateTestSupport
import Foundation
import Synchronization
import XCTest

final class RealFFTTests: XCTestCase {
  /// The FFT matches a direct DFT of random samples to float precision.
  func testMatchesDirectDFT() {
    let size = 48
    let samples = SignalGenerator.whiteNoise(rmsDBFS: -6, frameCount: size, seed: 7)
    let (real, imaginary) = RealFFT(size: size).forward(samples)
    XCTAssertEqual(real.count, size / 2 + 1)
    for k in 0...(size / 2) {
      var expectedReal = 0.0, expectedImaginary = 0.0
      for n in 0..<size {
        let angle = -2 * Double.pi * Double(k * n) / Double(size)
        expectedReal += Double(samples[n]) * cos(angle)
        expectedImaginary += Double(samples[n]) * sin(angle)
      }
      XCTAssertEqual(Double(real[k]), expectedReal, accuracy: 1e-5, "bin \(k)")
      XCTAssertEqual(Double(imaginary[k]), expectedImaginary, accuracy: 1e-5, "bin \(k)")
    }
  }

  /// A sine on bin 64 of 1024 has magnitude N·A/2 there and nothing elsewhere.
  func testBinCentredSinePeaksInItsBin() {
    let size = 1024
    let sine = SignalGenerator.sine(
      frequencyHz: 64, peakDBFS: -6.0206, frameCount: size, sampleRate: Double(size))
    let (real, imaginary) = RealFFT(size: size).forward(sine)
    let magnitudes = zip(real, imaginary).map { ($0 * $0 + $1 * $1).squareRoot() }
    XCTAssertEqual(Double(magnitudes[64]), Double(size) / 4, accuracy: 1e-2)
    XCTAssertLessThan(magnitudes.enumerated().filter { $0.offset != 64 }.map(\.element).max()!, 1e-2)
  }

  /// Many threads planning, running and destroying transforms of many sizes at once: the
  /// planner lock keeps FFTW from corrupting its state, and every constant input transforms to N at DC and 0 elsewhere.
  func testConcurrentPlanExecuteDestroy() {
    let iterations = 64
    let failures = Mutex([Int]())
    DispatchQueue.concurrentPerform(iterations: iterations) { iteration in
      for round in 0..<25 {
        let size = 2 * (32 + (iteration * 131 + round * 71) % 2000)
        let fft = RealFFT(size: size)
        let (real, imaginary) = fft.forward([Float](repeating: 1, count: size))
        let tolerance = 1e-4 * Float(size)
        if abs(real[0] - Float(size)) > tolerance || abs(imaginary[0]) > tolerance
          || abs(real[size / 4]) > tolerance || abs(imaginary[size / 4]) > tolerance
        {
          failures.withLock { $0.append(size) }
        }
      }
    }
    XCTAssertEqual(failures.withLock { $0 }, [])
  }

  /// The periodic Hann window: zero at n = 0, one at N/2, energy exactly 3N/8.
  func testHannWindowShapeAndEnergy() {
    let window = Window.hann(size: 8)
    XCTAssertEqual(window.coefficients[0], 0)
    XCTAssertEqual(window.coefficients[4], 1)
    XCTAssertEqual(window.coefficients[2], 0.5, accuracy: 1e-7)
    XCTAssertEqual(window.coefficients[6], 0.5, accuracy: 1e-7)
    XCTAssertEqual(window.sumOfSquares, 3, accuracy: 1e-12)
    XCTAssertEqual(Window.hann(size: 8192).sumOfSquares, 3 * 8192 / 8, accuracy: 1e-9)
    XCTAssertEqual(window.periodogramScale, 1.0 / 24, accuracy: 1e-15)
  }
}
