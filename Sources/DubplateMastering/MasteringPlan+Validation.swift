import DubplateDSP

extension MasteringPlan {
  /// Why this plan cannot be rendered for a stream of `sampleRate` Hz (the input's, or the
  /// `--sample-rate` it is converted to) and `channelCount` channels, or `nil` when it can.
  /// Checked before a `--chain` replay builds processors, so a hand-edited file gets a
  /// sentence instead of a crash.
  public func problem(sampleRate: Double, channelCount: Int) -> String? {
    if schema != "dubplate.chain/1" { return "schema is \"\(schema)\", expected \"dubplate.chain/1\"." }
    if self.sampleRate != sampleRate {
      return "it was designed at \(Int(self.sampleRate)) Hz and this master runs at \(Int(sampleRate)) Hz (the input's rate, or --sample-rate)."
    }
    if self.channelCount != channelCount {
      return "it was made for \(self.channelCount) channels and the input has \(channelCount)."
    }
    for (index, step) in steps.enumerated() {
      if let problem = Self.problem(step.processing, sampleRate: sampleRate) { return "step \(index + 1): \(problem)" }
    }
    return nil
  }

  private static func problem(_ processing: MasteringStep.Processing, sampleRate: Double) -> String? {
    let nyquist = sampleRate / 2
    switch processing {
    case .eq(let bands):
      return bands.first { $0.frequencyHz >= nyquist }.map { "EQ frequency \($0.frequencyHz) Hz is not below Nyquist." }
    case .matchingEQ(let mid, let side, let taps):
      if !(255...65_535).contains(taps) || taps % 2 == 0 { return "matching EQ tap count must be odd and between 255 and 65535." }
      let points = mid + (side ?? [])
      if points.isEmpty || points.contains(where: { $0.hz <= 0 || abs($0.gainDB) > 24 }) {
        return "matching EQ curve points need positive frequencies and gains within ±24 dB."
      }
      return nil
    case .compressor(let threshold, let ratio, let attack, let release, let knee),
      .multibandCompressor(_, let threshold, let ratio, let attack, let release, let knee):
      if !(-96.0...0).contains(threshold) || ratio < 1 || ratio > 100 || !(0.1...1000).contains(attack)
        || !(1.0...10_000).contains(release) || !(0.0...48).contains(knee)
      {
        return "compressor settings out of range (threshold −96…0 dB, ratio 1…100, attack 0.1…1000 ms, release 1…10000 ms, knee 0…48 dB)."
      }
      if case .multibandCompressor(let crossovers, _, _, _, _, _) = processing,
        crossovers.isEmpty || crossovers != crossovers.sorted() || crossovers.contains(where: { $0 <= 0 || $0 >= nyquist })
      {
        return "multiband crossovers must rise and lie between 0 Hz and Nyquist."
      }
      return nil
    case .stereoWidth(let side, let monoBelow):
      if !(-60.0...12).contains(side) { return "side gain must lie between −60 and +12 dB." }
      if let monoBelow, !(20.0...1000).contains(monoBelow) || monoBelow >= nyquist { return "mono crossover must lie between 20 and 1000 Hz (and below Nyquist)." }
      return nil
    case .gain(let gain):
      return (-96.0...48).contains(gain) ? nil : "gain must lie between −96 and +48 dB."
    case .limiter(let ceiling, let lookahead, let release):
      return (-20.0...0).contains(ceiling) && (0.1...50).contains(lookahead) && (1.0...5000).contains(release)
        ? nil : "limiter settings out of range (ceiling −20…0 dBTP, look-ahead 0.1…50 ms, release 1…5000 ms)."
    case .truePeakGuard(let ceiling):
      return (-20.0...0).contains(ceiling) ? nil : "true-peak guard ceiling must lie between −20 and 0 dBTP."
    case .dither(let bits, _):
      return bits == 16 || bits == 24 ? nil : "dither bit depth must be 16 or 24."
    }
  }
}
