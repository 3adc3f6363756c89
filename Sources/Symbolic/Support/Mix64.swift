/// The one 64-bit mixer of the package: SplitMix64's constants and finalizer (Steele, Lea,
/// Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014), used for hashing
/// (interner, signatures, refinement buckets), the ±1 weights of ε-FDE's second projection and
/// the deterministic test generator. Deterministic across runs and platforms.
public enum Mix64 {
    /// ⌊2⁶⁴/φ⌋, SplitMix64's increment and the first multiplier.
    public static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15
    /// SplitMix64's second and third multipliers.
    public static let second: UInt64 = 0xBF58_476D_1CE4_E5B9
    public static let third: UInt64 = 0x94D0_49BB_1331_11EB

    /// SplitMix64's finalizer: a bijection of 64-bit words with full avalanche.
    @inlinable @inline(__always)
    public static func finalize(_ x: UInt64) -> UInt64 {
        var z = (x ^ (x >> 30)) &* second
        z = (z ^ (z >> 27)) &* third
        return z ^ (z >> 31)
    }

    /// The finalizer of `x + golden`: one SplitMix64 output for state `x`.
    @inlinable @inline(__always)
    public static func splitMix(_ x: UInt64) -> UInt64 { finalize(x &+ golden) }

    /// One multiply-xor step of a running hash: (h ⊕ x)·k.
    @inlinable @inline(__always)
    public static func fold(_ h: UInt64, _ x: UInt64, by k: UInt64 = golden) -> UInt64 { (h ^ x) &* k }
}
