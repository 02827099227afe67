/// A hash of text that is the same on every machine, run and Swift version, unlike
/// `Hasher`, which is seeded per process.
public enum StableHash {
  /// 64-bit FNV-1a of the string's UTF-8 bytes (offset basis 0xcbf29ce484222325,
  /// prime 0x100000001b3, as published by Fowler, Noll and Vo).
  public static func fnv1a64(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
  }
}
