/// One of `count` disjoint parts of a catalogue, chosen by a stable hash of each file's
/// path relative to the folder given, so machines that share no state (a Slurm job array,
/// a Kubernetes indexed Job, GNU parallel over ssh) split the same files the same way.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
  /// Which part, from 1 to ``count``.
  public let index: Int
  /// How many parts the catalogue is split into.
  public let count: Int

  /// The shard `index` of `count`; `nil` unless 1 ≤ `index` ≤ `count`.
  public init?(index: Int, count: Int) {
    guard count >= 1, (1...count).contains(index) else { return nil }
    self.index = index
    self.count = count
  }

  /// Parses `I/N` as written on the command line (`--shard 3/8`); `nil` when malformed.
  public init?(parsing text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
    self.init(index: index, count: count)
  }

  /// The shard, from 1 to `count`, that holds the file at `relativePath`:
  /// `FNV-1a-64(UTF-8 of relativePath) mod count + 1`.
  public static func number(ofRelativePath relativePath: String, count: Int) -> Int {
    Int(StableHash.fnv1a64(relativePath) % UInt64(count)) + 1
  }

  /// Whether this shard holds the file at `relativePath`.
  public func contains(relativePath: String) -> Bool {
    Self.number(ofRelativePath: relativePath, count: count) == index
  }

  /// `I/N`.
  public var description: String { "\(index)/\(count)" }
}
