import DubplateDSP

/// A genre's measured (or conventional) ranges for every feature Dubplate judges:
/// the `dubplate.profile/1` file format of `Presets/*.json`.
///
/// A profile holds distributions, not single targets, so the judge can tell an unusual
/// track (outside p10–p90) from an ordinary one. Spectral features are of the
/// loudness-normalised spectrum (band level minus integrated loudness), so a quiet mix is
/// not also called dull.
public struct GenreProfile: Sendable, Equatable, Codable {
  /// Schema identifier; files with another schema are refused.
  public var schema: String
  /// Short identifier used on the command line (`--genre rock`).
  public var name: String
  /// One sentence for `profile list`.
  public var description: String
  /// What a master of this genre should aim for.
  public var targets: Targets
  /// Distributions of the scalar features.
  public var features: Features
  /// Loudness-normalised level of each named band, dB re integrated loudness.
  public var namedBands: NamedBandDistributions
  /// Loudness-normalised level of each 1/3-octave band, dB re integrated loudness.
  public var bands: [BandDistribution]
  /// How the profile was made, from what, under which licence.
  public var provenance: Provenance

  public static let currentSchema = "dubplate.profile/1"

  public init(
    name: String, description: String, targets: Targets, features: Features,
    namedBands: NamedBandDistributions, bands: [BandDistribution], provenance: Provenance
  ) {
    self.schema = Self.currentSchema
    self.name = name
    self.description = description
    self.targets = targets
    self.features = features
    self.namedBands = namedBands
    self.bands = bands
    self.provenance = provenance
  }
}

extension GenreProfile {
  /// Recommended master targets.
  public struct Targets: Sendable, Equatable, Codable {
    /// Integrated loudness to master to, LUFS.
    public var integratedLUFS: Double
    /// Highest true peak allowed, dBTP.
    public var truePeakCeilingDBTP: Double

    public init(integratedLUFS: Double, truePeakCeilingDBTP: Double) {
      self.integratedLUFS = integratedLUFS
      self.truePeakCeilingDBTP = truePeakCeilingDBTP
    }
  }

  /// Distributions of the scalar features, in the units of `dubplate.analysis/1`.
  public struct Features: Sendable, Equatable, Codable {
    public var integrated: Distribution     // LUFS
    public var range: Distribution          // LU
    public var plr: Distribution            // dB
    public var psr: Distribution            // dB
    public var crestFactor: Distribution    // dB
    public var width: Distribution          // dB side/mid
    public var imageWidth: Distribution     // dB side/mid above 250 Hz
    public var correlation: Distribution
    public var lowEndCorrelation: Distribution
    public var tilt: Distribution           // dB/octave

    public init(
      integrated: Distribution, range: Distribution, plr: Distribution, psr: Distribution,
      crestFactor: Distribution, width: Distribution, imageWidth: Distribution, correlation: Distribution,
      lowEndCorrelation: Distribution, tilt: Distribution
    ) {
      self.integrated = integrated
      self.range = range
      self.plr = plr
      self.psr = psr
      self.crestFactor = crestFactor
      self.width = width
      self.imageWidth = imageWidth
      self.correlation = correlation
      self.lowEndCorrelation = lowEndCorrelation
      self.tilt = tilt
    }
  }

  /// One distribution per named band, keyed by band name in JSON.
  public struct NamedBandDistributions: Sendable, Equatable, Codable {
    public var sub: Distribution
    public var bass: Distribution
    public var lowMid: Distribution
    public var mid: Distribution
    public var highMid: Distribution
    public var air: Distribution

    private enum CodingKeys: String, CodingKey {
      case sub, bass, lowMid = "low-mid", mid, highMid = "high-mid", air
    }

    public init(_ make: (NamedBand) -> Distribution) {
      sub = make(.sub)
      bass = make(.bass)
      lowMid = make(.lowMid)
      mid = make(.mid)
      highMid = make(.highMid)
      air = make(.air)
    }

    public subscript(band: NamedBand) -> Distribution {
      switch band {
      case .sub: sub
      case .bass: bass
      case .lowMid: lowMid
      case .mid: mid
      case .highMid: highMid
      case .air: air
      }
    }
  }

  /// The distribution of one 1/3-octave band.
  public struct BandDistribution: Sendable, Equatable, Codable {
    /// Nominal centre frequency, Hz.
    public var hz: Double
    public var level: Distribution

    public init(hz: Double, level: Distribution) {
      self.hz = hz
      self.level = level
    }
  }

  /// Where the numbers come from. `method` is `measured` (built from recordings by
  /// `dubplate profile build`), `convention` (published rules of thumb) or `mixed`.
  public struct Provenance: Sendable, Equatable, Codable {
    public var method: String
    public var trackCount: Int
    public var sources: [String]
    public var licence: String
    public var notes: String
    /// Files left out by the outlier rule, with the reason.
    public var excluded: [String]

    public init(method: String, trackCount: Int, sources: [String], licence: String, notes: String, excluded: [String] = []) {
      self.method = method
      self.trackCount = trackCount
      self.sources = sources
      self.licence = licence
      self.notes = notes
      self.excluded = excluded
    }
  }
}
