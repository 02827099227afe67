import Foundation

/// The overall slope of a spectrum: how many dB its band levels gain per octave.
///
/// Pink noise (equal power per octave) has a tilt of 0 dB/octave, white noise +3.01;
/// a mix that gets darker towards the treble has a negative tilt.
public enum SpectralTilt {
  /// The least-squares slope of band levels against `log2(frequency)`, in dB per octave.
  ///
  /// Each point is a band's centre frequency in Hz and its level in dB; points with a
  /// non-finite level are left out. `nil` when fewer than 3 points remain.
  public static func slopeDBPerOctave(_ points: [(frequencyHz: Double, levelDB: Double)]) -> Double? {
    let finite = points.filter { $0.levelDB.isFinite && $0.frequencyHz > 0 }
    guard finite.count >= 3 else { return nil }
    let octaves = finite.map { log2($0.frequencyHz) }
    let levels = finite.map(\.levelDB)
    let count = Double(finite.count)
    let meanOctave = octaves.reduce(0, +) / count
    let meanLevel = levels.reduce(0, +) / count
    var covariance = 0.0
    var variance = 0.0
    for (octave, level) in zip(octaves, levels) {
      covariance += (octave - meanOctave) * (level - meanLevel)
      variance += (octave - meanOctave) * (octave - meanOctave)
    }
    return variance > 0 ? covariance / variance : nil
  }
}
