import CGMP

extension Rational {
    /// Numerator and denominator (lowest terms, denominator > 0) as `Int128`, or `nil` when
    /// either needs more bits. Lets exact algorithms run on machine words for values such as
    /// decimal rate constants with 20-odd digits, which do not fit the `Int64` inline form.
    package var int128Parts: (numerator: Int128, denominator: Int128)? {
        guard let big else { return (Int128(num), Int128(den)) }
        return withExtendedLifetime(big) {
            let p = big.pointer
            guard let n = Rational.int128(odered_mpq_numref_const(p)!),
                  let d = Rational.int128(odered_mpq_denref_const(p)!) else { return nil }
            return (n, d)
        }
    }

    /// The value of an `mpz_t` if it fits `Int128` (never `Int128.min`).
    private static func int128(_ z: UnsafePointer<__mpz_struct>) -> Int128? {
        let limbs = odered_mpz_size(z)
        guard limbs <= 2, MemoryLayout<mp_limb_t>.size == 8 else { return nil }
        var magnitude: UInt128 = 0
        for i in 0..<limbs { magnitude |= UInt128(odered_mpz_getlimbn(z, mp_size_t(i))) << (64 * i) }
        guard magnitude <= UInt128(Int128.max) else { return nil }
        return odered_mpz_sgn(z) < 0 ? -Int128(magnitude) : Int128(magnitude)
    }
}
