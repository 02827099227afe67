import DubplateAnalysis

/// Turns reference tracks into a profile to judge against (`suggest --reference`, `compare`).
///
/// The distributions are those of the references themselves (no outlier rule: the user chose
/// them). With one reference every percentile is that track's value and the judge's margins
/// supply the tolerance. Targets are the references' median loudness and the streaming ceiling
/// of −1 dBTP: a reference's own peak level is a matter of its master, not a limit for the mix.
public enum ReferenceSet {
  public static func profile(from references: [TrackAnalysis]) throws(ProfileError) -> GenreProfile {
    let usable = references.filter { $0.loudness.integrated != nil }
    guard !usable.isEmpty else { throw .noUsableTracks(skipped: references.count) }
    var profile = try ProfileBuilder(
      name: usable.count == 1 ? "reference" : "\(usable.count) references",
      description: "Built from the reference tracks given on the command line.")
      .build(from: usable, sources: usable.map(\.file), licence: "n/a", notes: "", rejectingOutliers: false)
    let loudness = Distribution.percentile(usable.map { $0.loudness.integrated! }.sorted(), 0.5)
    profile.targets = .init(integratedLUFS: roundedToTenth(loudness), truePeakCeilingDBTP: -1)
    profile.provenance.method = "references"
    return profile
  }

  private static func roundedToTenth(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}

