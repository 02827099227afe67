import Foundation

// MARK: - Gated measurements over the whole programme

extension LoudnessMeter {
  /// Gated integrated loudness in LUFS (BS.1770-4 Annex 1, Tech 3341 "I").
  ///
  /// 400 ms gating blocks start every 100 ms (75 % overlap). Blocks at or above the
  /// absolute gate of −70 LUFS are kept; the relative gate lies 10 LU below the loudness
  /// of their mean energy, and the result is the loudness of the mean energy of the
  /// blocks at or above it. Both gates keep blocks *equal* to the threshold, as
  /// libebur128 v1.2.6 does (`>=`; the standard's text says "above"), so the two agree
  /// exactly on steady tones. `-.infinity` when no block is complete or none passes.
  public var integratedLoudness: Double { Self.integratedLoudness(ofGatingBlockEnergies: gatingBlockEnergies) }

  /// Loudness range in LU (EBU Tech 3342): the spread between the 10th and the 95th
  /// percentile of the short-term (3 s) loudness, after an absolute gate at −70 LUFS and
  /// a relative gate 20 LU below the loudness of the mean energy of the blocks that pass
  /// it. 0 when fewer than two blocks pass.
  ///
  /// The short-term blocks are taken every **1 s** (the first at t = 3 s), and the
  /// percentile of `n` sorted values is the element at index `round((n − 1)·p)`; both
  /// mirror libebur128 v1.2.6 (`ebur128_add_frames_*`, `ebur128_loudness_range_multiple`),
  /// the meter most tools quote, so the two readings agree within 0.1 LU on programme.
  /// Tech 3342 v3 asks for a hop of at most 100 ms. On the EBU test signals both hops give
  /// the document's values; on short programmes with level steps they can differ by a few
  /// LU (2.1–2.6 LU on the 46 s programme of the libebur128 comparison).
  /// ``loudnessRangeHopSubBlocks`` is the one constant to change.
  public var loudnessRange: Double { Self.loudnessRange(ofBlockEnergies: loudnessRangeBlockEnergies) }

  /// Index of the `fraction` percentile in `count` sorted values: `round((count − 1)·fraction)`.
  static func percentileIndex(_ fraction: Double, count: Int) -> Int {
    Int(Double(count - 1) * fraction + 0.5)
  }

  static func meanEnergy(of energies: [Double]) -> Double {
    energies.reduce(0, +) / Double(energies.count)
  }

  // MARK: - Several programmes gated together

  /// Integrated loudness of several programmes measured as one, in LUFS: their gating
  /// blocks are pooled and gated together (BS.1770-4 Annex 1 over the concatenated block
  /// lists, as libebur128's `ebur128_loudness_global_multiple` does). This is album
  /// loudness: a quiet interlude counts by its duration, not as one track among equals.
  /// `-.infinity` when no block passes the gates.
  public static func integratedLoudness(poolingBlocksOf meters: [LoudnessMeter]) -> Double {
    integratedLoudness(ofGatingBlockEnergies: meters.flatMap(\.gatingBlockEnergies))
  }

  /// Loudness range of several programmes measured as one, in LU: their short-term blocks
  /// are pooled before the gates and percentiles (EBU Tech 3342, as libebur128's
  /// `ebur128_loudness_range_multiple` does). 0 when fewer than two blocks pass.
  public static func loudnessRange(poolingBlocksOf meters: [LoudnessMeter]) -> Double {
    loudnessRange(ofBlockEnergies: meters.flatMap(\.loudnessRangeBlockEnergies))
  }

  /// Gated integrated loudness of a list of 400 ms gating-block energies that already
  /// passed the absolute gate (see ``integratedLoudness``), in LUFS; `-.infinity` if none pass.
  public static func integratedLoudness(ofGatingBlockEnergies energies: [Double]) -> Double {
    guard !energies.isEmpty else { return -.infinity }
    let relativeGateEnergy = meanEnergy(of: energies) * Decibels.toPower(-10)
    var sum = 0.0
    var count = 0
    for energy in energies where energy >= relativeGateEnergy {
      sum += energy
      count += 1
    }
    return count > 0 ? loudness(ofEnergy: sum / Double(count)) : -.infinity
  }

  /// Loudness range of a list of 3 s short-term block energies that already passed the
  /// absolute gate (see ``loudnessRange``), in LU; 0 when fewer than two blocks pass.
  public static func loudnessRange(ofBlockEnergies energies: [Double]) -> Double {
    guard energies.count >= 2 else { return 0 }
    let relativeGateEnergy = meanEnergy(of: energies) * Decibels.toPower(-20)
    let gated = energies.filter { $0 >= relativeGateEnergy }.sorted()
    guard gated.count >= 2 else { return 0 }
    let low = gated[percentileIndex(0.10, count: gated.count)]
    let high = gated[percentileIndex(0.95, count: gated.count)]
    return loudness(ofEnergy: high) - loudness(ofEnergy: low)
  }
}
