import DubplateAnalysis
import DubplateDSP

/// Hand-made ``TrackAnalysis`` values for judging tests: every feature set directly, so a test
/// states exactly what the judge sees.
public enum AnalysisFixture {
  /// An analysis of a stereo track with the given features; the 1/3-octave bands sit at the
  /// level of the named band they belong to (20 dB lower below 30 Hz).
  public static func track(
    file: String = "track.wav", integrated: Double? = -14, range: Double? = 6, truePeak: Double? = -1.2,
    plr: Double? = nil, crestFactor: Double? = 12, imageWidth: Double? = -12, correlation: Double? = 0.8,
    lowEndCorrelation: Double? = 0.97, tilt: Double? = -4.5, namedBands: [NamedBand: Double] = defaultBands,
    dcOffset: Double = 0, clippedRuns: Int = 0, mono: Bool = false
  ) -> TrackAnalysis {
    let thirdOctaves = FrequencyBands.thirdOctaves(sampleRate: 44_100)
    let normalized = thirdOctaves.map { band -> TrackAnalysis.Band in
      let named = NamedBand.allCases.first { band.nominalCenterHz >= $0.lowerHz && band.nominalCenterHz < $0.upperHz }
      // Music rolls off below 30 Hz: the 20 and 25 Hz bands sit 20 dB under the rest of the sub.
      let rollOff = band.nominalCenterHz < 30 ? -20.0 : 0
      return TrackAnalysis.Band(hz: band.nominalCenterHz, db: named.flatMap { namedBands[$0] }.map { $0 + rollOff })
    }
    let loudnessOffset = integrated ?? 0
    return TrackAnalysis(
      file: file,
      format: .init(
        sampleRate: 44_100, channels: mono ? 1 : 2, frames: 44_100 * 180, durationSeconds: 180, container: "WAV",
        encoding: "PCM 24-bit", channelLayout: mono ? ["mono"] : ["left", "right"]),
      loudness: .init(
        integrated: integrated, range: range, truePeak: truePeak, samplePeak: truePeak.map { $0 - 0.3 },
        momentaryMax: integrated.map { $0 + 4 }, shortTermMax: integrated.map { $0 + 2 },
        plr: plr ?? truePeak.flatMap { peak in integrated.map { peak - $0 } },
        psr: truePeak.flatMap { peak in integrated.map { peak - $0 - 2 } }, truePeakOversampling: 4),
      dynamics: .init(
        crestFactor: crestFactor, rms: integrated.map { $0 - 2 }, dcOffset: mono ? [dcOffset] : [dcOffset, dcOffset],
        clippedSamples: clippedRuns * 4, clippedRuns: clippedRuns, firstClipsSeconds: clippedRuns > 0 ? [12.5] : [],
        leadingSilenceSeconds: 0, trailingSilenceSeconds: 0, nonFiniteSamples: 0),
      stereo: mono ? nil : .init(
        correlation: correlation, correlationP5: correlation.map { $0 - 0.3 }, width: imageWidth.map { $0 - 4 },
        lowEndCorrelation: lowEndCorrelation, balance: 0, imageWidth: imageWidth, widthByBand: NamedBandValues()),
      spectrum: .init(
        bands: normalized.map { TrackAnalysis.Band(hz: $0.hz, db: $0.db.map { $0 + loudnessOffset }) },
        namedBands: NamedBandValues(namedBands).shifted(by: loudnessOffset), tilt: tilt,
        normalizedBands: normalized, normalizedNamedBands: NamedBandValues(namedBands)),
      timeline: .init(shortTermLUFS: [], momentaryMaxLUFS: []),
      warnings: [])
  }

  /// Loudness-normalised named-band levels of a typical full mix, dB re integrated loudness.
  public static let defaultBands: [NamedBand: Double] = [
    .sub: -14, .bass: -7, .lowMid: -12, .mid: -12, .highMid: -14, .air: -19,
  ]
}
