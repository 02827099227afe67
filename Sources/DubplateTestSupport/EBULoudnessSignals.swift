import DubplateDSP

/// The synthetic test signals of EBU Tech 3341 (loudness, cases 1–6, 9–14) and Tech 3342
/// (loudness range, cases 1–4), built at any sample rate.
///
/// Every "tone" is a 1 kHz sine, the same in both channels of a stereo pair, its level
/// the per-channel peak in dBFS, so a tone at X dBFS reads X LUFS. Durations are
/// rounded to whole frames. The authentic programme cases (3341-7/8, 3342-5/6) exist
/// only as EBU recordings and are not here.
public enum EBULoudnessSignals {
  /// Frequency of every tone, in Hz.
  public static let toneFrequencyHz = 1000.0

  /// Tech 3341 case 1: 20 s at −23 dBFS (I, max M, max S = −23 LUFS).
  public static func tech3341Case1(sampleRate: Double) -> AudioBuffer {
    stereoTone([(20, -23)], sampleRate: sampleRate)
  }

  /// Tech 3341 case 2: 20 s at −33 dBFS (I, max M, max S = −33 LUFS).
  public static func tech3341Case2(sampleRate: Double) -> AudioBuffer {
    stereoTone([(20, -33)], sampleRate: sampleRate)
  }

  /// Tech 3341 case 3: 10 s −36, 60 s −23, 10 s −36 dBFS (I = −23 LUFS: the relative gate).
  public static func tech3341Case3(sampleRate: Double) -> AudioBuffer {
    stereoTone([(10, -36), (60, -23), (10, -36)], sampleRate: sampleRate)
  }

  /// Tech 3341 case 4: 10 s −72, 10 s −36, 60 s −23, 10 s −36, 10 s −72 dBFS
  /// (I = −23 LUFS: both gates).
  public static func tech3341Case4(sampleRate: Double) -> AudioBuffer {
    stereoTone([(10, -72), (10, -36), (60, -23), (10, -36), (10, -72)], sampleRate: sampleRate)
  }

  /// Tech 3341 case 5: 20 s −26, 20.1 s −20, 20 s −26 dBFS (I = −23 LUFS).
  public static func tech3341Case5(sampleRate: Double) -> AudioBuffer {
    stereoTone([(20, -26), (20.1, -20), (20, -26)], sampleRate: sampleRate)
  }

  /// Tech 3341 case 6: 5.0 surround, 20 s of tone: L and R −28, C −24, Ls and Rs −30 dBFS
  /// (I = −23 LUFS with the surround weight 1.41). Channel order is ``tech3341Case6Roles``.
  public static func tech3341Case6(sampleRate: Double) -> AudioBuffer {
    let levels = [-28.0, -28, -24, -30, -30]
    return AudioBuffer(channels: levels.map { tone([(20, $0)], sampleRate: sampleRate) })
  }

  /// Channel order of case 6: L R C Ls Rs.
  public static let tech3341Case6Roles: [ChannelRole] = [
    .left, .right, .center, .leftSurround, .rightSurround,
  ]

  /// Tech 3341 case 9: five periods of 1.34 s −20 and 1.66 s −30 dBFS
  /// (S constant at −23 LUFS after 3 s).
  public static func tech3341Case9(sampleRate: Double) -> AudioBuffer {
    stereoTone(
      Array(repeating: [(1.34, -20.0), (1.66, -30.0)], count: 5).flatMap { $0 },
      sampleRate: sampleRate)
  }

  /// Tech 3341 case 10-`index` (1…20): (index − 1)·0.15 s silence, 3 s −23 dBFS, 1 s
  /// silence (max S = −23 LUFS: needs short-term evaluated at least every 150 ms).
  public static func tech3341Case10(index: Int, sampleRate: Double) -> AudioBuffer {
    precondition((1...20).contains(index), "Tech 3341 case 10 has files 1 to 20.")
    return stereoTone(
      [(Double(index - 1) * 0.15, -.infinity), (3, -23), (1, -.infinity)], sampleRate: sampleRate)
  }

  /// Tech 3341 case 11, section `index` (0…19) of 6 s: index·0.15 s silence, 3 s at
  /// (−38 + index) dBFS, then silence; a live meter's max S after section `index` is
  /// −38 + index LUFS.
  public static func tech3341Case11Section(index: Int, sampleRate: Double) -> AudioBuffer {
    precondition((0...19).contains(index), "Tech 3341 case 11 has sections 0 to 19.")
    let lead = Double(index) * 0.15
    return stereoTone(
      [(lead, -.infinity), (3, Double(index) - 38), (3 - lead, -.infinity)], sampleRate: sampleRate)
  }

  /// Tech 3341 case 11: sections 0…19 in order, 120 s (whole-file max S = −19 LUFS).
  public static func tech3341Case11(sampleRate: Double) -> AudioBuffer {
    concatenate((0...19).map { tech3341Case11Section(index: $0, sampleRate: sampleRate) })
  }

  /// Tech 3341 case 12: 25 periods of 0.18 s −20 and 0.22 s −30 dBFS
  /// (M constant at −23 LUFS after 1 s).
  public static func tech3341Case12(sampleRate: Double) -> AudioBuffer {
    stereoTone(
      Array(repeating: [(0.18, -20.0), (0.22, -30.0)], count: 25).flatMap { $0 },
      sampleRate: sampleRate)
  }

  /// Tech 3341 case 13-`index` (1…20): (index − 1)·20 ms silence, 0.4 s −23 dBFS, 1 s
  /// silence (max M = −23 LUFS: needs momentary evaluated at least every 20 ms).
  public static func tech3341Case13(index: Int, sampleRate: Double) -> AudioBuffer {
    precondition((1...20).contains(index), "Tech 3341 case 13 has files 1 to 20.")
    return stereoTone(
      [(Double(index - 1) * 0.02, -.infinity), (0.4, -23), (1, -.infinity)], sampleRate: sampleRate)
  }

  /// Tech 3341 case 14, section `index` (0…19) of 0.8 s: index·20 ms silence, 0.4 s at
  /// (−38 + index) dBFS, then silence; a live meter's max M after section `index` is
  /// −38 + index LUFS.
  public static func tech3341Case14Section(index: Int, sampleRate: Double) -> AudioBuffer {
    precondition((0...19).contains(index), "Tech 3341 case 14 has sections 0 to 19.")
    let lead = Double(index) * 0.02
    return stereoTone(
      [(lead, -.infinity), (0.4, Double(index) - 38), (0.4 - lead, -.infinity)],
      sampleRate: sampleRate)
  }

  /// Tech 3341 case 14: sections 0…19 in order, 16 s (whole-file max M = −19 LUFS).
  public static func tech3341Case14(sampleRate: Double) -> AudioBuffer {
    concatenate((0...19).map { tech3341Case14Section(index: $0, sampleRate: sampleRate) })
  }

  /// Tech 3342 case 1: 20 s −20 then 20 s −30 dBFS (LRA = 10 LU).
  public static func tech3342Case1(sampleRate: Double) -> AudioBuffer {
    stereoTone([(20, -20), (20, -30)], sampleRate: sampleRate)
  }

  /// Tech 3342 case 2: 20 s −20 then 20 s −15 dBFS (LRA = 5 LU).
  public static func tech3342Case2(sampleRate: Double) -> AudioBuffer {
    stereoTone([(20, -20), (20, -15)], sampleRate: sampleRate)
  }

  /// Tech 3342 case 3: 20 s −40 then 20 s −20 dBFS (LRA = 20 LU).
  public static func tech3342Case3(sampleRate: Double) -> AudioBuffer {
    stereoTone([(20, -40), (20, -20)], sampleRate: sampleRate)
  }

  /// Tech 3342 case 4: 20 s each at −50, −35, −20, −35, −50 dBFS (LRA = 15 LU).
  public static func tech3342Case4(sampleRate: Double) -> AudioBuffer {
    stereoTone([(20, -50), (20, -35), (20, -20), (20, -35), (20, -50)], sampleRate: sampleRate)
  }

  // MARK: - Building blocks

  /// A 1 kHz tone stepping through `(seconds, peakDBFS)` segments; `-.infinity` is silence.
  static func tone(_ segments: [(seconds: Double, peakDBFS: Double)], sampleRate: Double) -> [Float]
  {
    SignalGenerator.toneSequence(segments, sampleRate: sampleRate, frequencyHz: toneFrequencyHz)
  }

  static func stereoTone(_ segments: [(seconds: Double, peakDBFS: Double)], sampleRate: Double)
    -> AudioBuffer
  {
    SignalGenerator.dualMono(tone(segments, sampleRate: sampleRate))
  }

  static func concatenate(_ sections: [AudioBuffer]) -> AudioBuffer {
    AudioBuffer(
      channels: (0..<sections[0].channelCount).map { channel in
        SignalGenerator.concatenate(sections.map { $0.channels[channel] })
      })
  }
}
