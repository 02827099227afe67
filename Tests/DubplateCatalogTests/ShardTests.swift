import DubplateCatalog
import XCTest

/// The shard split must be the same on every machine and run, cover every file and never
/// give one file to two shards.
final class ShardTests: XCTestCase {
  private let paths = (1...200).map { "artist \($0 % 7)/album \($0 % 3)/track-\($0).flac" } + ["a.wav", "é/ü.wav"]

  func testFNV1aMatchesThePublishedVectors() {
    XCTAssertEqual(StableHash.fnv1a64(""), 0xcbf2_9ce4_8422_2325)
    XCTAssertEqual(StableHash.fnv1a64("a"), 0xaf63_dc4c_8601_ec8c)
    XCTAssertEqual(StableHash.fnv1a64("foobar"), 0x8594_4171_f739_67e8)
  }

  /// Expected shards computed independently (Python, FNV-1a 64 of the UTF-8 bytes, mod 4, + 1).
  func testKnownPathsFallInFixedShards() {
    XCTAssertEqual(
      ["a.wav", "b.wav", "disc 1/01 intro.flac", "disc 1/02 song.flac", "é/ü.wav"].map {
        Shard.number(ofRelativePath: $0, count: 4)
      },
      [1, 2, 4, 2, 2])
  }

  func testShardsAreDisjointAndCoverEveryFile() {
    for count in [1, 2, 3, 8] {
      let shards = (1...count).map { Shard(index: $0, count: count)! }
      for path in paths {
        XCTAssertEqual(shards.filter { $0.contains(relativePath: path) }.count, 1, "\(path) in \(count) shards")
      }
    }
  }

  func testSplitIsRoughlyEven() {
    let shards = (1...4).map { Shard(index: $0, count: 4)! }
    for shard in shards {
      let share = paths.filter { shard.contains(relativePath: $0) }.count
      XCTAssertGreaterThan(share, 30, "shard \(shard) holds \(share) of \(paths.count)")
    }
  }

  func testParsingAcceptsOnlyOneToN() {
    XCTAssertEqual(Shard(parsing: "3/8"), Shard(index: 3, count: 8))
    for bad in ["0/4", "5/4", "1/0", "-1/2", "1", "1/2/3", "a/b", "/2", ""] {
      XCTAssertNil(Shard(parsing: bad), bad)
    }
  }
}
