@testable import DubplateReports
import XCTest

/// Escaping and number formatting of the HTML reports.
final class HTMLTextTests: XCTestCase {
  func testEscapesEveryMarkupCharacter() {
    XCTAssertEqual(HTMLText.escape(#"<a href="x">Tom & Jerry's</a>"#), "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
    XCTAssertEqual(HTMLText.escape("plain é 🎧"), "plain é 🎧")
  }

  func testNumbersUseATypographicMinusAndNeverMinusZero() {
    XCTAssertEqual(HTMLText.number(-14.04), "−14.0")
    XCTAssertEqual(HTMLText.number(-0.04), "0.0")
    XCTAssertEqual(HTMLText.number(2, signed: true), "+2.0")
    XCTAssertEqual(HTMLText.measurement(nil, unit: "LUFS"), "n/a")
    XCTAssertEqual(HTMLText.coordinate(-3.14159), "-3.1", "SVG coordinates stay ASCII")
  }
}
