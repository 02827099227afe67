import DubplateProfiles
import XCTest

/// Percentiles follow linear interpolation between order statistics (NumPy's default).
final class DistributionTests: XCTestCase {
  func testPercentilesOfOneToTen() throws {
    let distribution = try XCTUnwrap(Distribution(values: (1...10).map(Double.init).shuffled()))
    XCTAssertEqual(distribution.p10, 1.9, accuracy: 1e-12)
    XCTAssertEqual(distribution.p25, 3.25, accuracy: 1e-12)
    XCTAssertEqual(distribution.median, 5.5, accuracy: 1e-12)
    XCTAssertEqual(distribution.p75, 7.75, accuracy: 1e-12)
    XCTAssertEqual(distribution.p90, 9.1, accuracy: 1e-12)
    XCTAssertEqual(distribution.interquartileRange, 4.5, accuracy: 1e-12)
  }

  func testOneValueAndNonFiniteValues() throws {
    let one = try XCTUnwrap(Distribution(values: [-14, .nan, -.infinity]))
    XCTAssertEqual([one.p10, one.median, one.p90], [-14, -14, -14])
    XCTAssertNil(Distribution(values: [.nan]))
    XCTAssertNil(Distribution(values: []))
  }

  func testConventionHasHalfTheRangeBetweenQuartiles() {
    let convention = Distribution.convention(median: -12, halfRange: 2)
    XCTAssertEqual([convention.p10, convention.p25, convention.median, convention.p75, convention.p90], [-14, -13, -12, -11, -10])
  }
}
