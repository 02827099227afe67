/// How far a master has come, for a progress bar: the stage under way ("analysing",
/// "shaping", "limiting, pass 2", "limiting and writing, pass 3") and the fraction
/// of that stage done (0…1).
public struct MasteringProgress: Sendable, Equatable {
  public var stage: String
  public var fraction: Double

  public init(stage: String, fraction: Double) {
    self.stage = stage
    self.fraction = fraction
  }
}

/// Receives ``MasteringProgress``, from one thread at a time.
public typealias MasteringProgressHandler = @Sendable (MasteringProgress) -> Void
