import CGMP

// Fast paths use overflow-checked Int64 arithmetic with Knuth's gcd tricks
// (TAOCP 4.5.1) so results come out in lowest terms without a final full gcd;
// any overflow falls back to GMP, and GMP results are demoted when they fit.

extension Rational {
    /// Applies a GMP binary operation and canonicalizes the result.
    @usableFromInline @inline(never)
    internal static func _gmp(
        _ a: Rational, _ b: Rational,
        _ op: (UnsafeMutablePointer<__mpq_struct>, UnsafePointer<__mpq_struct>, UnsafePointer<__mpq_struct>) -> Void
    ) -> Rational {
        let result = MPQStorage.make()
        a.withMPQ { pa in b.withMPQ { pb in withExtendedLifetime(result) { op(result.pointer, pa, pb) } } }
        return Rational(storage: result)
    }

    /// The sum `a + b`.
    /// - Complexity: O(1) for inline values; O(n log n) in the number of limbs otherwise.
    @inlinable
    public static func + (a: Rational, b: Rational) -> Rational {
        if a.big == nil && b.big == nil, let r = _smallAdd(a.num, a.den, b.num, b.den) { return r }
        return _gmp(a, b) { odered_mpq_add($0, $1, $2) }
    }

    /// The difference `a - b`.
    @inlinable
    public static func - (a: Rational, b: Rational) -> Rational {
        if a.big == nil && b.big == nil && b.num != .min, let r = _smallAdd(a.num, a.den, -b.num, b.den) { return r }
        return _gmp(a, b) { odered_mpq_sub($0, $1, $2) }
    }

    @inlinable @inline(__always)
    internal static func _smallAdd(_ an: Int64, _ ad: Int64, _ bn: Int64, _ bd: Int64) -> Rational? {
        guard let (n, d) = FractionKernel.sum(an, ad, bn, bd) else { return nil }
        return Rational(canonicalNumerator: n, denominator: d)
    }

    /// The product `a * b`.
    @inlinable
    public static func * (a: Rational, b: Rational) -> Rational {
        if a.big == nil && b.big == nil {
            if a.den == 1 && b.den == 1 {
                let (p, o) = a.num.multipliedReportingOverflow(by: b.num)
                if !o && p != .min { return Rational(canonicalNumerator: p, denominator: 1) }
            } else {
                let g1 = Int64(FractionKernel.gcd(a.num.magnitude, UInt64(b.den)))
                let g2 = Int64(FractionKernel.gcd(b.num.magnitude, UInt64(a.den)))
                let (n, o1) = (a.num / g1).multipliedReportingOverflow(by: b.num / g2)
                let (d, o2) = (a.den / g2).multipliedReportingOverflow(by: b.den / g1)
                if !o1 && !o2 && n != .min {
                    return n == 0 ? .zero : Rational(canonicalNumerator: n, denominator: d)
                }
            }
        }
        return _gmp(a, b) { odered_mpq_mul($0, $1, $2) }
    }

    /// The quotient `a / b`.
    /// - Precondition: `b` is not zero.
    @inlinable
    public static func / (a: Rational, b: Rational) -> Rational {
        precondition(!b.isZero, "Rational division by zero")
        return a * b.reciprocal
    }

    /// `1 / self`.
    /// - Precondition: `self` is not zero.
    @inlinable
    public var reciprocal: Rational {
        precondition(!isZero, "reciprocal of zero")
        if big == nil {
            return num < 0
                ? Rational(canonicalNumerator: -den, denominator: -num)
                : Rational(canonicalNumerator: den, denominator: num)
        }
        return Rational._gmp(.one, self) { odered_mpq_div($0, $1, $2) }
    }

    /// `-a`.
    @inlinable
    public static prefix func - (a: Rational) -> Rational {
        if a.big == nil { return Rational(canonicalNumerator: -a.num, denominator: a.den) }
        return _gmp(a, a) { r, x, _ in odered_mpq_neg(r, x) }
    }

    /// The absolute value.
    @inlinable
    public var magnitude: Rational { signum < 0 ? -self : self }

    @inlinable public static func += (a: inout Rational, b: Rational) { a = a + b }
    @inlinable public static func -= (a: inout Rational, b: Rational) { a = a - b }
    @inlinable public static func *= (a: inout Rational, b: Rational) { a = a * b }
    @inlinable public static func /= (a: inout Rational, b: Rational) { a = a / b }

    /// `self` raised to an integer power (negative powers need a nonzero base).
    ///
    /// Callers bound `exponent` (see ``SymbolicLimits``, ``power(_:maximumBits:)``);
    /// GMP aborts on out-of-memory.
    /// - Complexity: O(log |exponent|) multiplications.
    public func power(_ exponent: Int) -> Rational {
        if exponent == 0 { return .one }
        if big == nil, num == 0 || num == 1 && den == 1 { return self }
        if big == nil, num == -1 && den == 1 { return exponent % 2 == 0 ? .one : self }
        if exponent < 0 {
            // -Int.min overflows: split off one factor.
            if exponent == .min { return reciprocal.power(Int.max) * reciprocal }
            return reciprocal.power(-exponent)
        }
        if exponent == 1 { return self }
        if big == nil && exponent <= 16 {
            // Small powers by squaring on the inline fast path (which falls back to GMP on overflow).
            var result = Rational.one, base = self, e = exponent
            while true {
                if e & 1 == 1 { result = result * base }
                e >>= 1
                if e == 0 { return result }
                base = base * base
            }
        }
        let result = MPQStorage.make()
        withMPQ { p in withExtendedLifetime(result) { odered_mpq_pow_ui(result.pointer, p, UInt(exponent)) } }
        return Rational(storage: result)
    }

    /// Size in bits: bits of the numerator's magnitude plus bits of the denominator
    /// (0 for a denominator of 1), so `x^e` has at most `e * bitSize` bits.
    public var bitSize: Int {
        if big == nil { return (64 - num.magnitude.leadingZeroBitCount) + (den == 1 ? 0 : 64 - UInt64(den).leadingZeroBitCount) }
        return withMPQ { p in
            let d = odered_mpq_denref_const(p)
            return Int(odered_mpz_sizeinbase(odered_mpq_numref_const(p), 2)) + (odered_mpz_cmp_ui(d, 1) == 0 ? 0 : Int(odered_mpz_sizeinbase(d, 2)))
        }
    }

    /// `self` raised to `exponent`, refusing (before any GMP call) results whose
    /// size would exceed `maximumBits`.
    public func power(_ exponent: Int, maximumBits: Int) throws(SymbolicLimitError) -> Rational {
        if exponent == 0 { return .one }
        if big == nil, num == 0 || num.magnitude == 1 && den == 1 { return power(exponent) }
        let (bits, overflow) = bitSize.multipliedReportingOverflow(by: exponent == .min ? Int.max : abs(exponent))
        if overflow || bits > maximumBits { throw .numberTooLarge(overflow ? Int.max : bits) }
        return power(exponent)
    }
}
