import Foundation
import XCTest

/// `dubplate analyze --album`: album loudness over every track's blocks and the tracks that stand out.
final class AlbumCommandTests: XCTestCase {
  private var folder: TemporaryFolder!

  override func setUpWithError() throws { folder = try TemporaryFolder() }
  override func tearDown() { folder = nil }

  private func makeAlbum() throws -> [String] {
    try [(-20.0, 4.0), (-21.0, 4.0), (-29.0, 4.0)].enumerated().map { index, track in
      try TestAudio.write(TestAudio.tone(peakDBFS: track.0, seconds: track.1), to: folder.path("\(index + 1).wav"))
    }
  }

  func testJSONLinesEndWithTheAlbumObject() throws {
    let files = try makeAlbum()
    let result = try CommandRunner.run(["analyze", "--album", "--format", "jsonl"] + files)
    XCTAssertEqual(result.exitStatus, 0, result.standardError)
    let lines = result.standardOutput.split(separator: "\n")
    XCTAssertEqual(lines.count, 4)
    let album = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[3].utf8)) as? [String: Any])
    XCTAssertEqual(album["schema"] as? String, "dubplate.album/1")
    // Three 4 s sines at −20, −21 and −29 dBFS peak read −20, −21 and −29 LUFS. Pooled,
    // every block passes the relative gate (−10 LU below the mean energy, −31.9 LUFS), so
    // the album reads the loudness of the mean energy of equal-length tracks:
    // 10·log10((10^−2.0 + 10^−2.1 + 10^−2.9) / 3) = −21.94 LUFS, not their mean −23.3.
    XCTAssertEqual(try XCTUnwrap(album["integrated"] as? Double), -21.94, accuracy: 0.05)
    XCTAssertNotNil(album["range"] as? Double)
    let tracks = try XCTUnwrap(album["tracks"] as? [[String: Any]])
    XCTAssertEqual(tracks.map { $0["file"] as? String }, files)
    XCTAssertEqual(tracks.map { $0["flags"] as? [String] }, [[], [], ["loudness"]])
  }

  func testTextEndsWithTheAlbumSection() throws {
    let files = try makeAlbum()
    let result = try CommandRunner.run(["analyze", "--album"] + files)
    XCTAssertEqual(result.exitStatus, 0, result.standardError)
    XCTAssertTrue(result.standardOutput.contains("Album (3 tracks)"), result.standardOutput)
    let flagged = result.standardOutput.split(separator: "\n").filter { $0.contains("stands out") }
    XCTAssertEqual(flagged.count, 1)
    XCTAssertTrue(flagged.first?.contains("3.wav  stands out: loudness") == true, "\(flagged)")
  }

  func testAlbumCannotBeShardedOrResumed() throws {
    let files = try makeAlbum()
    XCTAssertEqual(try CommandRunner.run(["analyze", "--album", "--shard", "1/2"] + files).exitStatus, 64)
  }
}
