import CGMP

extension Rational {
    /// The exact value of a finite `Double` (a dyadic rational), or `nil` for NaN and infinities.
    ///
    /// `Rational(exactly: 0.1)` is 3602879701896397/36028797018963968, not 1/10.
    public init?(exactly value: Double) {
        guard value.isFinite else { return nil }
        if value == 0 { self = .zero; return }
        // value = significand * 2^exponent with an integer significand.
        let bits = value.significandBitPattern
        var significand: UInt64
        var exponent: Int
        if value.isSubnormal {
            significand = bits
            exponent = -1074
        } else {
            significand = bits | (1 << 52)
            exponent = Int(value.exponent) - 52
        }
        let zeros = significand.trailingZeroBitCount
        significand >>= zeros
        exponent += zeros
        let negative = value.sign == .minus
        let signed = negative ? -Int64(significand) : Int64(significand)
        if exponent >= 0 {
            if exponent + (64 - significand.leadingZeroBitCount) <= 62 {
                self.init(canonicalNumerator: signed << exponent, denominator: 1)
                return
            }
        } else if -exponent <= 62 {
            self.init(canonicalNumerator: signed, denominator: Int64(1) << -exponent)
            return
        }
        let result = MPQStorage.make()
        withExtendedLifetime(result) {
            let q = result.pointer
            odered_mpq_set_i64(q, signed, 1)
            if exponent >= 0 {
                odered_mpz_mul_2exp(odered_mpq_numref(q), odered_mpq_numref(q), UInt(exponent))
            } else {
                odered_mpz_mul_2exp(odered_mpq_denref(q), odered_mpq_denref(q), UInt(-exponent))
            }
            odered_mpq_canonicalize(q)
        }
        self.init(storage: result)
    }

    /// The nearest `Double` (inline values: correctly rounded when numerator and denominator are below 2^53).
    @inlinable
    public var doubleValue: Double {
        if big == nil { return den == 1 ? Double(num) : Double(num) / Double(den) }
        return _bigDouble()
    }

    @usableFromInline @inline(never)
    internal func _bigDouble() -> Double {
        withMPQ { p in
            // mpq_get_d truncates; good to 1 ulp, which is all a Double view needs.
            odered_mpq_get_d(p)
        }
    }
}
