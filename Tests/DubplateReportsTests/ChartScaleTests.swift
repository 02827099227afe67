@testable import DubplateReports
import XCTest

/// Axis mapping and tick choice of the charts.
final class ChartScaleTests: XCTestCase {
  func testLinearAxisMapsEndsAndClamps() {
    let scale = ChartScale(domain: -30...0, start: 300, end: 10)
    XCTAssertEqual(scale.position(-30), 300, accuracy: 1e-9)
    XCTAssertEqual(scale.position(0), 10, accuracy: 1e-9)
    XCTAssertEqual(scale.position(-15), 155, accuracy: 1e-9)
    XCTAssertEqual(scale.position(-90), 300, accuracy: 1e-9, "values off the axis sit at its end")
    XCTAssertEqual(scale.ticks, [-30, -25, -20, -15, -10, -5, 0])
  }

  func testLogarithmicAxisTicksOneTwoFivePerDecade() {
    let scale = ChartScale(domain: 20...20_000, start: 0, end: 300, spacing: .logarithmic)
    XCTAssertEqual(scale.position(200), 100, accuracy: 1e-9, "one decade of three")
    XCTAssertEqual(scale.ticks, [20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000])
  }

  func testTickLabelsHaveTheDecimalsTheStepNeeds() {
    XCTAssertEqual(ChartScale(domain: -1...1, start: 0, end: 1).ticks, [-1, -0.5, 0, 0.5, 1])
    XCTAssertEqual(LineChart.decimals([-1, -0.5]), 1)
    XCTAssertEqual(LineChart.decimals([0, 0.25]), 2)
    XCTAssertEqual(LineChart.decimals([-20, -10]), 0)
  }
}
