import DubplateAudio
import XCTest

final class AudioFileErrorTests: XCTestCase {
  private let everyCase: [AudioFileError] = [
    .notFound(path: "x.wav"), .isDirectory(path: "x.wav"),
    .cannotOpen(path: "x.wav", reason: "File contains data in an unknown format."),
    .empty(path: "x.wav"), .noAudio(path: "x.wav"),
    .readFailed(path: "x.wav", reason: "Error : flac decoder lost sync."),
    .outputExists(path: "x.wav"), .outputIsInput(path: "x.wav"),
    .cannotWrite(path: "x.wav", reason: "System error : No space left on device."),
    .unsupportedOutputFormat(path: "x.wav", reason: "no."),
  ]

  func testEveryDescriptionIsOneLineNamingThePath() {
    for error in everyCase {
      XCTAssertFalse(error.description.contains("\n"), error.description)
      XCTAssertTrue(error.description.contains("\"x.wav\""), error.description)
      XCTAssertTrue(error.description.hasSuffix("."), error.description)
      XCTAssertEqual(error.path, "x.wav")
    }
    XCTAssertEqual(Set(everyCase.map(\.description)).count, everyCase.count)
  }

  func testDescriptionsSayWhatHappened() {
    XCTAssertEqual(
      AudioFileError.cannotOpen(path: "x.wav", reason: "File contains data in an unknown format.").description,
      "cannot open \"x.wav\": File contains data in an unknown format.")
    XCTAssertEqual(
      AudioFileError.notFound(path: "x.wav").description, "cannot open \"x.wav\": no such file; check the path.")
    XCTAssertEqual(
      AudioFileError.outputExists(path: "m.wav").description,
      "will not write \"m.wav\": the file exists; choose another name or allow overwriting.")
  }

  func testLibraryMessagesAreJoinedIntoOneLine() {
    let error = AudioFileError.cannotOpen(path: "x.wav", reason: "Line one\n  line two\n")
    XCTAssertEqual(error.description, "cannot open \"x.wav\": Line one line two.")
    XCTAssertEqual(
      AudioFileError.cannotWrite(path: "x.wav", reason: "").description, "cannot write \"x.wav\": unknown error.")
  }
}
