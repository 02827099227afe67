import DubplateDSP
import XCTest

final class SamplePeakHistoryTests: XCTestCase {
  func testSharesCountStretchesOverALevelWhateverTheBlocks() {
    // 1 s at 1 kHz: ten 100-sample stretches; stretch 3 peaks at 0.9 (right channel), stretch 7 at -0.5.
    var left = [Float](repeating: 0.1, count: 1000), right = [Float](repeating: -0.2, count: 1000)
    right[345] = 0.9
    left[777] = -0.5
    let whole = SamplePeakHistory(sampleRate: 1000)
    whole.process(AudioBuffer(channels: [left, right]))
    let pieces = SamplePeakHistory(sampleRate: 1000)
    for range in [0..<33, 33..<350, 350..<999, 999..<1000] {
      pieces.process(AudioBuffer(channels: [Array(left[range]), Array(right[range])]))
    }
    for history in [whole, pieces] {
      XCTAssertEqual(history.shareAbove(0.8), 0.1)
      XCTAssertEqual(history.shareAbove(0.4), 0.2)
      XCTAssertEqual(history.shareAbove(0.15), 1.0, "every stretch holds -0.2")
      XCTAssertEqual(history.shareAbove(0.95), 0)
    }
    XCTAssertEqual(SamplePeakHistory(sampleRate: 1000).shareAbove(0), 0, "nothing fed")
  }
}
