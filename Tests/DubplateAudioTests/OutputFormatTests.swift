import DubplateAudio
import XCTest

final class OutputFormatTests: XCTestCase {
  func testContainerComesFromTheExtensionInAnyCase() throws {
    let cases: [(String, OutputFormat.Container)] = [
      ("mix.wav", .wav), ("out/MIX.WAV", .wav), ("a.b.wave", .wav), ("song.aif", .aiff),
      ("song.AIFF", .aiff), ("song.aifc", .aiff), ("/tmp/x.flac", .flac), ("./x.Flac", .flac),
    ]
    for (path, container) in cases {
      XCTAssertEqual(try OutputFormat.forPath(path, bitDepth: .pcm24).container, container, path)
    }
    XCTAssertEqual(try OutputFormat.forPath("x.wav", bitDepth: .float32).bitDepth, .float32)
  }

  func testUnknownOrMissingExtensionIsRejectedWithTheWayOut() {
    for path in ["song.mp3", "song", "folder.wav/song", "song.wav.bak"] {
      XCTAssertThrowsError(try OutputFormat.forPath(path, bitDepth: .pcm16), path) { error in
        guard case .unsupportedOutputFormat(path, let reason) = error as? AudioFileError else {
          return XCTFail("\(path): \(error)")
        }
        XCTAssertTrue(reason.hasSuffix("end the name in .wav, .aiff or .flac."), reason)
      }
    }
  }

  func testFLACHasNoFloat() throws {
    XCTAssertThrowsError(try OutputFormat(container: .flac, bitDepth: .float32)) {
      XCTAssertEqual(
        "\($0)",
        "unsupported output format: FLAC cannot hold 32-bit float samples; choose 16- or 24-bit, or write WAV or AIFF.")
    }
    XCTAssertThrowsError(try OutputFormat.forPath("m.flac", bitDepth: .float32)) {
      XCTAssertEqual(
        $0 as? AudioFileError,
        .unsupportedOutputFormat(
          path: "m.flac", reason: "FLAC cannot hold 32-bit float samples; choose 16- or 24-bit, or write WAV or AIFF."))
    }
    for container in OutputFormat.Container.allCases {
      for depth in [BitDepth.pcm16, .pcm24] {
        XCTAssertEqual(try OutputFormat(container: container, bitDepth: depth).container, container)
      }
    }
  }

  func testBitDepthsAreNamedAsUsersTypeThem() {
    XCTAssertEqual(BitDepth.allCases.map(\.rawValue), ["16", "24", "32f"])
    XCTAssertEqual(BitDepth(rawValue: "32f"), .float32)
    XCTAssertNil(BitDepth(rawValue: "32"))
    XCTAssertEqual(BitDepth.allCases.map(\.isInteger), [true, true, false])
    XCTAssertEqual(OutputFormat.BitDepth.pcm24, BitDepth.pcm24)
  }
}
