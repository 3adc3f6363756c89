import CGMP

/// Arithmetic modulo a prime p < 2⁶³, for rank computations whose result is then proven over ℚ
/// (a set of vectors independent modulo p is independent over ℚ).
package enum Modular {
    /// A prime below 2⁶³ (2⁶³ − 25).
    package static let prime: UInt64 = 9_223_372_036_854_775_783

    /// (a · b) mod p.
    @inlinable package static func multiply(_ a: UInt64, _ b: UInt64, _ p: UInt64 = prime) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return p.dividingFullWidth((high, low)).remainder
    }

    /// (a + b) mod p, for a, b < p.
    @inlinable package static func add(_ a: UInt64, _ b: UInt64, _ p: UInt64 = prime) -> UInt64 {
        let s = a &+ b  // a, b < 2⁶³: no overflow
        return s >= p ? s - p : s
    }

    /// (a − b) mod p, for a, b < p.
    @inlinable package static func subtract(_ a: UInt64, _ b: UInt64, _ p: UInt64 = prime) -> UInt64 {
        a >= b ? a - b : a &+ (p - b)
    }

    /// a^(p−2) mod p: the inverse of a ≠ 0 modulo the prime p (Fermat).
    /// - Complexity: O(log p) multiplications.
    package static func inverse(_ a: UInt64, _ p: UInt64 = prime) -> UInt64 {
        var result: UInt64 = 1, base = a % p, e = p - 2
        while e > 0 {
            if e & 1 == 1 { result = multiply(result, base, p) }
            base = multiply(base, base, p)
            e >>= 1
        }
        return result
    }
}

extension Rational {
    /// The residue of the value modulo the prime `p` (numerator × denominator⁻¹), or `nil`
    /// when p divides the denominator.
    /// - Requires: `p` prime, below 2⁶³.
    /// - Complexity: O(limbs) for the numerator and denominator, plus one inversion.
    package func residue(modulo p: UInt64 = Modular.prime) -> UInt64? {
        func reduce(_ magnitude: UInt64, negative: Bool) -> UInt64 {
            let r = magnitude % p
            return negative && r != 0 ? p - r : r
        }
        let n: UInt64, d: UInt64
        if let big {
            (n, d) = withExtendedLifetime(big) {
                let q = big.pointer
                return (Rational.residue(odered_mpq_numref_const(q)!, p), Rational.residue(odered_mpq_denref_const(q)!, p))
            }
        } else {
            n = reduce(num.magnitude, negative: num < 0)
            d = reduce(den.magnitude, negative: false)
        }
        guard d != 0 else { return nil }
        return Modular.multiply(n, Modular.inverse(d, p), p)
    }

    /// An `mpz_t` modulo p: Horner over its 64-bit limbs, most significant first.
    private static func residue(_ z: UnsafePointer<__mpz_struct>, _ p: UInt64) -> UInt64 {
        let limbs = odered_mpz_size(z)
        let shift = Modular.multiply(UInt64(1) << 32, UInt64(1) << 32, p)  // 2⁶⁴ mod p
        var r: UInt64 = 0
        for i in stride(from: limbs - 1, through: 0, by: -1) {
            let limb = UInt64(odered_mpz_getlimbn(z, mp_size_t(i))) % p
            r = Modular.add(Modular.multiply(r, shift, p), limb, p)
        }
        return odered_mpz_sgn(z) < 0 && r != 0 ? p - r : r
    }
}

extension Rational {
    /// `self ÷ divisor` for integers of which `divisor` divides `self`, without the gcd a
    /// rational division makes (the exact divisions of fraction-free elimination); `nil` when
    /// either is not an integer, the divisor is 0 or the division leaves a remainder.
    /// - Complexity: one GMP truncating division.
    package func exactIntegerQuotient(_ divisor: Rational) -> Rational? {
        guard isInteger, divisor.isInteger, !divisor.isZero else { return nil }
        if let (a, _) = smallParts, let (b, _) = divisor.smallParts {
            if a == .min && b == -1 { return self * divisor }  // the one Int64 overflow: −(−2⁶³)
            return a % b == 0 ? Rational(Int(a / b)) : nil
        }
        let quotient = MPQStorage.make()
        let remainderIsZero: Bool = withMPQ { n in
            divisor.withMPQ { d in
                withExtendedLifetime(quotient) {
                    var r = __mpz_struct()
                    odered_mpz_init(&r)
                    defer { odered_mpz_clear(&r) }
                    odered_mpz_tdiv_qr(odered_mpq_numref(quotient.pointer), &r, odered_mpq_numref_const(n), odered_mpq_numref_const(d))
                    return odered_mpz_sgn(&r) == 0
                }
            }
        }
        return remainderIsZero ? Rational(storage: quotient) : nil
    }
}
