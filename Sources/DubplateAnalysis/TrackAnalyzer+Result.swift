import DubplateDSP
import Foundation

extension TrackAnalyzer {
  /// Shortest input with a defined integrated loudness: one 400 ms gating block (BS.1770-4 Annex 1).
  public static let minimumIntegratedSeconds = 0.4
  /// Shortest input with a defined loudness range: one 3 s short-term block (EBU Tech 3342).
  public static let minimumRangeSeconds = 3.0

  /// Reads every meter and assembles the analysis of what was fed.
  /// - Parameters:
  ///   - file: the path to report.
  ///   - format: the stream's format facts.
  ///   - warnings: notes from decoding (e.g. truncation) to carry into the analysis.
  public func finish(file: String, format: TrackAnalysis.Format, warnings: [String]) -> TrackAnalysis {
    let duration = Double(processedFrameCount) / sampleRate
    let integrated = duration >= Self.minimumIntegratedSeconds
      ? loudnessMeter.integratedLoudness.finiteOrNil : nil
    let truePeakDB = Decibels.fromAmplitude(truePeakMeter.truePeak).finiteOrNil
    let shortTermMax = loudnessMeter.maximumShortTermLoudness.finiteOrNil
    let loudness = TrackAnalysis.Loudness(
      integrated: integrated,
      range: duration >= Self.minimumRangeSeconds && integrated != nil ? loudnessMeter.loudnessRange : nil,
      truePeak: truePeakDB,
      samplePeak: Decibels.fromAmplitude(dynamicsMeter.samplePeak).finiteOrNil,
      momentaryMax: loudnessMeter.maximumMomentaryLoudness.finiteOrNil,
      shortTermMax: shortTermMax,
      plr: difference(truePeakDB, integrated),
      psr: difference(truePeakDB, shortTermMax),
      truePeakOversampling: truePeakMeter.oversamplingFactor)

    let dynamics = TrackAnalysis.Dynamics(
      crestFactor: dynamicsMeter.crestFactorDB,
      rms: Decibels.fromAmplitude(dynamicsMeter.rms).finiteOrNil,
      dcOffset: dynamicsMeter.dcOffsetPerChannel,
      clippedSamples: dynamicsMeter.clippedSampleCount,
      clippedRuns: dynamicsMeter.clippedRunCount,
      firstClipsSeconds: dynamicsMeter.firstClippedRunSeconds,
      leadingSilenceSeconds: dynamicsMeter.leadingSilenceSeconds,
      trailingSilenceSeconds: dynamicsMeter.trailingSilenceSeconds,
      nonFiniteSamples: nonFiniteSampleCount)

    return TrackAnalysis(
      file: file, format: format, loudness: loudness, dynamics: dynamics,
      stereo: stereoImage(), spectrum: spectrum(integratedLUFS: integrated),
      timeline: TrackAnalysis.Timeline(
        shortTermLUFS: loudnessMeter.shortTermLoudnessPerSecond.map(\.finiteOrNil),
        momentaryMaxLUFS: loudnessMeter.maximumMomentaryLoudnessPerSecond.map(\.finiteOrNil),
        correlation: stereoMeter?.correlationPerSecond.map { $0.flatMap(\.finiteOrNil) }),
      warnings: warnings + inputWarnings(durationSeconds: duration, integrated: integrated))
  }

  private func stereoImage() -> TrackAnalysis.Stereo? {
    guard let stereoMeter else { return nil }
    let widthByBand = spectrumAnalyzer.sideToMidRatioByNamedBand() ?? [:]
    return TrackAnalysis.Stereo(
      correlation: stereoMeter.correlation,
      correlationP5: stereoMeter.correlationPercentile5,
      width: stereoMeter.widthDB,
      lowEndCorrelation: stereoMeter.lowEndCorrelation,
      balance: stereoMeter.balanceDB,
      imageWidth: spectrumAnalyzer.sideToMidRatioAbove250Hz(),
      widthByBand: NamedBandValues(widthByBand))
  }

  private func spectrum(integratedLUFS: Double?) -> TrackAnalysis.Spectrum {
    let bands = spectrumAnalyzer.thirdOctaveBands().map {
      TrackAnalysis.Band(hz: $0.centerHz, db: $0.levelDB)
    }
    let named = NamedBandValues(spectrumAnalyzer.namedBandLevels())
    let offset = integratedLUFS.map { -$0 }
    return TrackAnalysis.Spectrum(
      bands: bands, namedBands: named, tilt: spectrumAnalyzer.spectralTilt(),
      normalizedBands: bands.map { band in
        TrackAnalysis.Band(hz: band.hz, db: offset.flatMap { offset in band.db.map { $0 + offset } })
      },
      normalizedNamedBands: offset.map { named.shifted(by: $0) } ?? NamedBandValues())
  }

  private func inputWarnings(durationSeconds: Double, integrated: Double?) -> [String] {
    var warnings: [String] = []
    if nonFiniteSampleCount > 0 {
      warnings.append("\(nonFiniteSampleCount) NaN or infinite samples were measured as silence.")
    }
    if dynamicsMeter.samplePeak == 0 {
      warnings.append("The file is digital silence: loudness and peaks are undefined.")
    } else if durationSeconds < Self.minimumIntegratedSeconds {
      warnings.append("Shorter than 400 ms: integrated loudness is undefined (too short).")
    } else if integrated == nil {
      warnings.append("Every 400 ms block is below the −70 LUFS gate: integrated loudness is undefined.")
    } else if durationSeconds < Self.minimumRangeSeconds {
      warnings.append("Shorter than 3 s: loudness range and short-term loudness are undefined.")
    }
    if dynamicsMeter.clippedRunCount > 0 {
      let first = dynamicsMeter.firstClippedRunSeconds.first.map { String(format: "%.2f", $0) } ?? "?"
      warnings.append(
        "Clipping: \(dynamicsMeter.clippedSampleCount) samples in \(dynamicsMeter.clippedRunCount) runs at full scale, the first at \(first) s."
      )
    }
    return warnings
  }

  private func difference(_ a: Double?, _ b: Double?) -> Double? {
    guard let a, let b else { return nil }
    return a - b
  }
}
