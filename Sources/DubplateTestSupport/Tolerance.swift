/// Whether `value` lies within `[expected - below, expected + above]`, for asymmetric
/// tolerances such as EBU Tech 3341's +0.2/−0.4 dB on true peak.
public func isWithin(_ value: Double, of expected: Double, below: Double, above: Double) -> Bool {
  value >= expected - below && value <= expected + above
}
