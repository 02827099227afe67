import Foundation

/// Puts power spectra of different tracks on one bin grid and one level, for matching EQ design.
enum SpectrumAveraging {
  /// Mean of `spectra` (each with its own bin width) resampled onto `count` bins of `binWidthHz`:
  /// power density per Hz is interpolated linearly, so references at other sample rates fit.
  static func mean(_ spectra: [[Double]], binWidths: [Double], onto binWidthHz: Double, count: Int) -> [Double] {
    var sum = [Double](repeating: 0, count: count)
    for (spectrum, width) in zip(spectra, binWidths) {
      let resampled = regrid(spectrum, from: width, to: binWidthHz, count: count)
      for index in 0..<count { sum[index] += resampled[index] }
    }
    return sum.map { $0 / Double(max(spectra.count, 1)) }
  }

  /// `reference` scaled so its power over 100 Hz–10 kHz equals `target`'s: the matching EQ
  /// then corrects shape only, and loudness is left to the gain stage.
  static func levelMatched(_ reference: [Double], to target: [Double], binWidthHz: Double) -> [Double] {
    let scale = levelRatio(reference, to: target, binWidthHz: binWidthHz)
    return reference.map { $0 * scale }
  }

  /// The factor that brings `reference`'s 100 Hz–10 kHz power to `target`'s.
  static func levelRatio(_ reference: [Double], to target: [Double], binWidthHz: Double) -> Double {
    let lower = Int((100 / binWidthHz).rounded(.up))
    let upper = min(target.count - 1, Int(10_000 / binWidthHz))
    guard lower <= upper else { return 1 }
    let referencePower = reference[lower...upper].reduce(0, +)
    let targetPower = target[lower...upper].reduce(0, +)
    return referencePower > 0 ? targetPower / referencePower : 1
  }

  private static func regrid(_ spectrum: [Double], from width: Double, to newWidth: Double, count: Int) -> [Double] {
    if width == newWidth && spectrum.count == count { return spectrum }
    return (0..<count).map { index in
      let position = Double(index) * newWidth / width
      let lower = Int(position)
      guard lower + 1 < spectrum.count else { return 0 }
      let fraction = position - Double(lower)
      let density = (spectrum[lower] * (1 - fraction) + spectrum[lower + 1] * fraction) / width
      return density * newWidth
    }
  }
}
