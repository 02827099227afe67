/// Two ``KWeightingFilter``s of the same sample rate run in lockstep on the lanes of SIMD2.
///
/// One channel's recursion is bound by the latency of its multiply-add chain, not by
/// arithmetic; two independent channels in one vector cost about as much as one. Each lane
/// computes exactly what its filter alone computes, so results are bit-identical.
struct KWeightingPair {
  private let shelf: (b0: Double, b1: Double, b2: Double, a1: Double, a2: Double)
  private let highPass: (b0: Double, b1: Double, b2: Double, a1: Double, a2: Double)
  private var input1: SIMD2<Double>, input2: SIMD2<Double>
  private var shelved1: SIMD2<Double>, shelved2: SIMD2<Double>
  private var output1: SIMD2<Double>, output2: SIMD2<Double>

  /// Takes over the coefficients (of `first`) and the state of both filters.
  init(_ first: KWeightingFilter, _ second: KWeightingFilter) {
    let (s, h) = (first.shelf, first.highPass)
    shelf = (s.b0, s.b1, s.b2, s.a1, s.a2)
    highPass = (h.b0, h.b1, h.b2, h.a1, h.a2)
    input1 = [first.input1, second.input1]
    input2 = [first.input2, second.input2]
    shelved1 = [first.shelved1, second.shelved1]
    shelved2 = [first.shelved2, second.shelved2]
    output1 = [first.output1, second.output1]
    output2 = [first.output2, second.output2]
  }

  /// Filters one sample of each channel, in the same operation order as ``KWeightingFilter/process(_:)-(Double)``.
  @inline(__always)
  mutating func process(_ x: SIMD2<Double>) -> SIMD2<Double> {
    let s = shelf
    let h = highPass
    let shelved = s.b0 * x + s.b1 * input1 + s.b2 * input2 - s.a2 * shelved2 - s.a1 * shelved1
    let y = h.b0 * shelved + h.b1 * shelved1 + h.b2 * shelved2 - h.a2 * output2 - h.a1 * output1
    input2 = input1
    input1 = x
    shelved2 = shelved1
    shelved1 = shelved
    output2 = output1
    output1 = y
    return y
  }

  /// Hands the state back to the two filters.
  func store(into first: inout KWeightingFilter, _ second: inout KWeightingFilter) {
    (first.input1, second.input1) = (input1.x, input1.y)
    (first.input2, second.input2) = (input2.x, input2.y)
    (first.shelved1, second.shelved1) = (shelved1.x, shelved1.y)
    (first.shelved2, second.shelved2) = (shelved2.x, shelved2.y)
    (first.output1, second.output1) = (output1.x, output1.y)
    (first.output2, second.output2) = (output2.x, output2.y)
  }
}
