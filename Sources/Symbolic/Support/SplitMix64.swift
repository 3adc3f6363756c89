/// SplitMix64 (Steele, Lea, Flood 2014): a tiny deterministic generator, so every
/// property test and generated benchmark sees the same inputs on every run and platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= Mix64.golden
        return Mix64.finalize(state)
    }
}
