/// The largest absolute value in a run of samples, in a loop the optimiser vectorises.
///
/// The absolute value of a Float is its bit pattern with the sign bit cleared, and for
/// non-negative Floats the integer order of those patterns is the numeric order, so the
/// maximum is an integer max-reduction (which vectorises) instead of a Float one (which
/// does not without relaxed floating-point rules). A NaN sample reads as `+infinity`,
/// so a damaged input shows up as an infinite peak rather than a NaN.
enum MaximumMagnitude {
  /// max |samples[i]| over `count` samples; 0 for an empty run.
  @inline(__always)
  static func of(_ samples: UnsafePointer<Float>, count: Int) -> Float {
    var largest: UInt32 = 0
    for index in 0..<count {
      largest = max(largest, samples[index].bitPattern & 0x7FFF_FFFF)
    }
    return Float(bitPattern: min(largest, Float.infinity.bitPattern))
  }

  /// max |samples[i]| over a buffer; 0 for an empty buffer.
  @inline(__always)
  static func of(_ samples: UnsafeBufferPointer<Float>) -> Float {
    guard let base = samples.baseAddress else { return 0 }
    return of(base, count: samples.count)
  }
}
