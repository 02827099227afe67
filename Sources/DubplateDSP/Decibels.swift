import Foundation

/// Conversions between linear quantities and decibels.
///
/// Zero maps to `-.infinity`, never to a made-up floor: callers decide how to show it.
public enum Decibels {
  /// `20·log10(amplitude)`: a linear amplitude (1.0 = full scale) in dB.
  public static func fromAmplitude(_ amplitude: Double) -> Double {
    amplitude > 0 ? 20 * log10(amplitude) : -.infinity
  }

  /// `10·log10(power)`: a mean-square power (1.0 = full-scale square wave) in dB.
  public static func fromPower(_ power: Double) -> Double {
    power > 0 ? 10 * log10(power) : -.infinity
  }

  /// The linear amplitude of a level in dB.
  public static func toAmplitude(_ decibels: Double) -> Double {
    pow(10, decibels / 20)
  }

  /// The power ratio of a level in dB.
  public static func toPower(_ decibels: Double) -> Double {
    pow(10, decibels / 10)
  }
}
