import CGMP

extension Rational {
    /// The exact `n`-th root, when it is rational: `Rational(8, 27).exactRoot(3)` is 2/3,
    /// `Rational(2).exactRoot(2)` is `nil`; a negative value has a root only for odd `n`.
    ///
    /// A rational has a rational `n`-th root iff its numerator and denominator (lowest terms)
    /// are perfect `n`-th powers (unique factorization), which GMP's `mpz_root` decides.
    /// - Requires: `n ≥ 1`.
    /// - Complexity: two integer root extractions (O(M(b)·log b) for b-bit parts).
    public func exactRoot(_ n: Int) -> Rational? {
        precondition(n >= 1, "root index must be positive")
        if n == 1 || isZero || isOne { return self }
        if n % 2 == 0 && signum < 0 { return nil }
        let result = MPQStorage.make()
        let exact = withMPQ { p in withExtendedLifetime(result) { odered_mpq_root_exact(result.pointer, p, UInt(n)) } }
        return exact != 0 ? Rational(storage: result) : nil
    }

    /// ⌊self⌋, the largest integer not above `self`.
    public var floor: Rational {
        if isInteger { return self }
        if let (n, d) = smallParts {
            let q = n / d
            return Rational(Int(n < 0 && q * d != n ? q - 1 : q))
        }
        let result = MPQStorage.make()
        withMPQ { p in withExtendedLifetime(result) { odered_mpq_floor(result.pointer, p) } }
        return Rational(storage: result)
    }
}
