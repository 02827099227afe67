import Foundation

/// `value` with one decimal, as every message prints dB, LU and LUFS.
func oneDecimal(_ value: Double) -> String { String(format: "%.1f", value) }
