// MARK: - Window sums for a run of completed sub-blocks

extension LoudnessMeter {
  /// The sums of the `length` sub-block energies ending at `history[firstEnd + j − 1]`, for
  /// `j = 0 ..< sums.count`; 0 where fewer than `length` precede that end.
  ///
  /// Each window is summed oldest first from 0, exactly as a single window is, so every
  /// sum is bit-identical to summing it alone. One window's sum is a chain of dependent
  /// additions; eight consecutive windows start one element apart, so they run in the
  /// eight lanes of one unaligned SIMD8 load per step and their chains overlap.
  static func windowSums(
    of history: UnsafeBufferPointer<Double>, length: Int, firstEnd: Int, into sums: UnsafeMutableBufferPointer<Double>
  ) {
    let count = sums.count
    var window = 0
    while window < count {
      let start = firstEnd + window - length
      if start < 0 {
        sums[window] = 0
        window += 1
      } else if window + 8 <= count {
        let base = UnsafeRawPointer(history.baseAddress! + start)
        var lanes = SIMD8<Double>.zero
        for step in 0..<length {
          lanes += base.loadUnaligned(fromByteOffset: 8 * step, as: SIMD8<Double>.self)
        }
        for lane in 0..<8 { sums[window + lane] = lanes[lane] }
        window += 8
      } else {
        var sum = 0.0
        for index in start..<(start + length) { sum += history[index] }
        sums[window] = sum
        window += 1
      }
    }
  }
}
