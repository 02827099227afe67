/// Everything Dubplate measures about one audio file: the `dubplate.analysis/1` contract.
///
/// Field names and units are a promise to scripts (README, "JSON contract"). Undefined
/// values are `nil` in Swift and `null` in JSON, never NaN or infinity: integrated loudness
/// of silence or of a file shorter than one 400 ms gating block, peaks of digital silence,
/// stereo measurements of a mono file.
public struct TrackAnalysis: Sendable, Equatable, Codable {
  /// Schema identifier written first in JSON.
  public var schema = "dubplate.analysis/1"
  /// The path as the user gave it.
  public var file: String
  public var format: Format
  public var loudness: Loudness
  public var dynamics: Dynamics
  /// `nil` for mono files: there is no stereo image to measure.
  public var stereo: Stereo?
  public var spectrum: Spectrum
  public var timeline: Timeline
  /// One-line notes about the input a user should know (truncation, NaN samples, clipping).
  public var warnings: [String]

  public init(
    file: String, format: Format, loudness: Loudness, dynamics: Dynamics, stereo: Stereo?,
    spectrum: Spectrum, timeline: Timeline, warnings: [String]
  ) {
    self.file = file
    self.format = format
    self.loudness = loudness
    self.dynamics = dynamics
    self.stereo = stereo
    self.spectrum = spectrum
    self.timeline = timeline
    self.warnings = warnings
  }

  private enum CodingKeys: String, CodingKey {
    case schema, file, format, loudness, dynamics, stereo, spectrum, timeline, warnings
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(schema, forKey: .schema)
    try container.encode(file, forKey: .file)
    try container.encode(format, forKey: .format)
    try container.encode(loudness, forKey: .loudness)
    try container.encode(dynamics, forKey: .dynamics)
    try container.encode(stereo, forKey: .stereo)  // explicit null for mono
    try container.encode(spectrum, forKey: .spectrum)
    try container.encode(timeline, forKey: .timeline)
    try container.encode(warnings, forKey: .warnings)
  }
}

extension TrackAnalysis {
  /// Facts about the file's format.
  public struct Format: Sendable, Equatable, Codable {
    public var sampleRate: Double
    public var channels: Int
    public var frames: Int
    public var durationSeconds: Double
    /// Container as libsndfile names it: "WAV", "FLAC", "OGG", …
    public var container: String
    /// Sample encoding: "PCM 16-bit", "float 32-bit", "Vorbis", …
    public var encoding: String
    /// Loudspeaker position of each channel (BS.1770-4 naming), which sets its loudness weight.
    public var channelLayout: [String]

    public init(
      sampleRate: Double, channels: Int, frames: Int, durationSeconds: Double, container: String,
      encoding: String, channelLayout: [String]
    ) {
      self.sampleRate = sampleRate
      self.channels = channels
      self.frames = frames
      self.durationSeconds = durationSeconds
      self.container = container
      self.encoding = encoding
      self.channelLayout = channelLayout
    }
  }

  /// Loudness and peaks per ITU-R BS.1770-4, EBU R128, Tech 3341 and Tech 3342.
  public struct Loudness: Sendable, Equatable, Codable {
    /// Gated integrated loudness, LUFS.
    @NullableNumber public var integrated: Double?
    /// Loudness range (EBU Tech 3342), LU; `nil` when shorter than one 3 s short-term block.
    @NullableNumber public var range: Double?
    /// Maximum true peak over channels (BS.1770-4 Annex 2), dBTP.
    @NullableNumber public var truePeak: Double?
    /// Maximum absolute sample value, dBFS.
    @NullableNumber public var samplePeak: Double?
    /// Highest momentary (400 ms) loudness, LUFS, evaluated every 10 ms.
    @NullableNumber public var momentaryMax: Double?
    /// Highest short-term (3 s) loudness, LUFS, evaluated every 10 ms.
    @NullableNumber public var shortTermMax: Double?
    /// Peak-to-loudness ratio: true peak − integrated, dB.
    @NullableNumber public var plr: Double?
    /// Peak-to-short-term-loudness ratio: true peak − short-term max, dB.
    @NullableNumber public var psr: Double?
    /// Oversampling factor the true-peak meter used (4 below 96 kHz, 2 below 192 kHz, else 1).
    public var truePeakOversampling: Int

    public init(
      integrated: Double?, range: Double?, truePeak: Double?, samplePeak: Double?,
      momentaryMax: Double?, shortTermMax: Double?, plr: Double?, psr: Double?,
      truePeakOversampling: Int
    ) {
      self.integrated = integrated
      self.range = range
      self.truePeak = truePeak
      self.samplePeak = samplePeak
      self.momentaryMax = momentaryMax
      self.shortTermMax = shortTermMax
      self.plr = plr
      self.psr = psr
      self.truePeakOversampling = truePeakOversampling
    }
  }

  /// Level statistics and signal hygiene.
  public struct Dynamics: Sendable, Equatable, Codable {
    /// Sample peak − RMS, dB.
    @NullableNumber public var crestFactor: Double?
    /// RMS over all channels, dBFS (a full-scale sine reads −3.01 dBFS).
    @NullableNumber public var rms: Double?
    /// Mean sample value per channel, linear (full scale = 1).
    public var dcOffset: [Double]
    /// Samples in runs of three or more consecutive samples at the file's full scale.
    public var clippedSamples: Int
    /// Number of such runs.
    public var clippedRuns: Int
    /// Start times of the first clipped runs, seconds.
    public var firstClipsSeconds: [Double]
    /// Time before the first sample above −60 dBFS, seconds.
    public var leadingSilenceSeconds: Double
    /// Time after the last sample above −60 dBFS, seconds.
    public var trailingSilenceSeconds: Double
    /// NaN or infinite samples found in a float file; they were measured as silence.
    public var nonFiniteSamples: Int

    public init(
      crestFactor: Double?, rms: Double?, dcOffset: [Double], clippedSamples: Int,
      clippedRuns: Int, firstClipsSeconds: [Double], leadingSilenceSeconds: Double,
      trailingSilenceSeconds: Double, nonFiniteSamples: Int
    ) {
      self.crestFactor = crestFactor
      self.rms = rms
      self.dcOffset = dcOffset
      self.clippedSamples = clippedSamples
      self.clippedRuns = clippedRuns
      self.firstClipsSeconds = firstClipsSeconds
      self.leadingSilenceSeconds = leadingSilenceSeconds
      self.trailingSilenceSeconds = trailingSilenceSeconds
      self.nonFiniteSamples = nonFiniteSamples
    }
  }

  /// The stereo image of the first two channels (left and right).
  public struct Stereo: Sendable, Equatable, Codable {
    /// L/R correlation over the whole track, −1…+1.
    @NullableNumber public var correlation: Double?
    /// 5th percentile of the correlation over 400 ms blocks: catches short out-of-phase passages.
    @NullableNumber public var correlationP5: Double?
    /// Side-to-mid energy ratio, dB (−∞ for mono-compatible identical channels reads `null`).
    @NullableNumber public var width: Double?
    /// L/R correlation below 150 Hz (4th-order Linkwitz–Riley low-pass): low-end mono compatibility.
    @NullableNumber public var lowEndCorrelation: Double?
    /// Left-to-right energy ratio, dB; positive when the left channel is louder.
    @NullableNumber public var balance: Double?
    /// Side-to-mid energy ratio above 250 Hz, dB: the width of the image itself, which a
    /// heavy mono low end does not mask. `null` for identical channels.
    @NullableNumber public var imageWidth: Double?
    /// Side-to-mid ratio per named band, dB.
    public var widthByBand: NamedBandValues

    public init(
      correlation: Double?, correlationP5: Double?, width: Double?, lowEndCorrelation: Double?,
      balance: Double?, imageWidth: Double?, widthByBand: NamedBandValues
    ) {
      self.imageWidth = imageWidth
      self.correlation = correlation
      self.correlationP5 = correlationP5
      self.width = width
      self.lowEndCorrelation = lowEndCorrelation
      self.balance = balance
      self.widthByBand = widthByBand
    }
  }

  /// A 1/3-octave band of the long-term average spectrum.
  public struct Band: Sendable, Equatable, Codable {
    /// Nominal ISO 266 centre frequency, Hz.
    public var hz: Double
    /// Mean-square power in the band, dB (a −20 dBFS-peak sine reads −23.0 in its band).
    @NullableNumber public var db: Double?

    public init(hz: Double, db: Double?) {
      self.hz = hz
      self.db = db
    }
  }

  /// The long-term average spectrum (Welch, Hann window, 8192 points, 50 % overlap).
  public struct Spectrum: Sendable, Equatable, Codable {
    /// 1/3-octave bands from 20 Hz to 20 kHz, those below Nyquist.
    public var bands: [Band]
    /// Power in the six named bands, dB: sub 20–60 Hz, bass 60–250, low-mid 250–500,
    /// mid 500–2k, high-mid 2k–6k, air 6k–20k.
    public var namedBands: NamedBandValues
    /// Least-squares slope of the band levels over 100 Hz–10 kHz, dB per octave.
    @NullableNumber public var tilt: Double?
    /// `bands` minus the integrated loudness, so tracks at different levels compare by shape.
    public var normalizedBands: [Band]
    /// `namedBands` minus the integrated loudness.
    public var normalizedNamedBands: NamedBandValues

    public init(
      bands: [Band], namedBands: NamedBandValues, tilt: Double?, normalizedBands: [Band],
      normalizedNamedBands: NamedBandValues
    ) {
      self.bands = bands
      self.namedBands = namedBands
      self.tilt = tilt
      self.normalizedBands = normalizedBands
      self.normalizedNamedBands = normalizedNamedBands
    }
  }

  /// Loudness over time, for plots.
  public struct Timeline: Sendable, Equatable, Codable {
    /// Short-term loudness at the end of each second, LUFS (`null` where silent or before 3 s).
    public var shortTermLUFS: [Double?]
    /// Highest momentary loudness within each second, LUFS.
    public var momentaryMaxLUFS: [Double?]
    /// L/R correlation of each whole second, −1…+1 (`null` where silent); `nil` (JSON
    /// `null`) for a mono file. Absent in analyses written before it existed.
    public var correlation: [Double?]?

    public init(shortTermLUFS: [Double?], momentaryMaxLUFS: [Double?], correlation: [Double?]? = nil) {
      self.shortTermLUFS = shortTermLUFS
      self.momentaryMaxLUFS = momentaryMaxLUFS
      self.correlation = correlation
    }

    private enum CodingKeys: String, CodingKey { case shortTermLUFS, momentaryMaxLUFS, correlation }

    /// Writes `correlation` as an explicit `null` for mono: the contract lists every key.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(shortTermLUFS, forKey: .shortTermLUFS)
      try container.encode(momentaryMaxLUFS, forKey: .momentaryMaxLUFS)
      try container.encode(correlation, forKey: .correlation)
    }
  }
}
