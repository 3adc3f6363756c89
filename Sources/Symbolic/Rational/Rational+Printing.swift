import CGMP

extension Rational: CustomStringConvertible, LosslessStringConvertible {
    /// `p` or `p/q`, which ``init(parsing:)`` reads back exactly.
    public var description: String {
        if big == nil { return den == 1 ? String(num) : "\(num)/\(den)" }
        return withMPQ { p in
            let numerator = Rational.decimalDigits(odered_mpq_numref_const(p))
            if odered_mpz_cmp_ui(odered_mpq_denref_const(p), 1) == 0 { return numerator }
            return numerator + "/" + Rational.decimalDigits(odered_mpq_denref_const(p))
        }
    }

    /// Parses the text produced by ``description`` (or any decimal / fraction text).
    public init?(_ description: String) {
        guard let value = try? Rational(parsing: description) else { return nil }
        self = value
    }

    static func decimalDigits(_ z: UnsafePointer<__mpz_struct>) -> String {
        // Our own buffer: mpz_get_str(NULL, ...) would allocate with GMP's allocator.
        let capacity = odered_mpz_sizeinbase(z, 10) + 2
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                _ = odered_mpz_get_str(chars.baseAddress, 10, z)
                return chars.firstIndex(of: 0) ?? chars.count
            }
        }
    }

    /// The terminating decimal expansion (`0.125`, `-3`, `1.5e-30` style avoided: plain digits),
    /// or `nil` when the denominator has a prime factor other than 2 and 5.
    ///
    /// Used where a reader expects decimal numbers but exactness must survive (JSON weights).
    public var terminatingDecimal: String? {
        // value = n / d with d = 2^a 5^b  ->  n * 2^(k-a) * 5^(k-b) / 10^k, k = max(a, b)
        var twos = 0, fives = 0
        if big == nil {
            var d = den
            while d % 2 == 0 { d /= 2; twos += 1 }
            while d % 5 == 0 { d /= 5; fives += 1 }
            guard d == 1 else { return nil }
        } else {
            // mpz_remove: linear in the size, where repeated division would be quadratic.
            let isOne: Bool = withMPQ { p in
                var odd = __mpz_struct(), rest = __mpz_struct(), factor = __mpz_struct()
                odered_mpz_init(&odd); odered_mpz_init(&rest); odered_mpz_init(&factor)
                defer { odered_mpz_clear(&odd); odered_mpz_clear(&rest); odered_mpz_clear(&factor) }
                odered_mpz_set_ui(&factor, 2)
                twos = Int(odered_mpz_remove(&odd, odered_mpq_denref_const(p), &factor))
                odered_mpz_set_ui(&factor, 5)
                fives = Int(odered_mpz_remove(&rest, &odd, &factor))
                return odered_mpz_cmp_ui(&rest, 1) == 0
            }
            guard isOne else { return nil }
        }
        let k = max(twos, fives)
        let scaled = self * Rational(10).power(k)  // an integer
        var digits = scaled.description
        if k == 0 { return digits }
        let negative = digits.hasPrefix("-")
        if negative { digits.removeFirst() }
        if digits.count <= k { digits = String(repeating: "0", count: k - digits.count + 1) + digits }
        let point = digits.index(digits.endIndex, offsetBy: -k)
        var text = digits[..<point] + "." + digits[point...]
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return (negative ? "-" : "") + text
    }

    /// The value rounded to `significantDigits` significant decimal digits (exactly, half away
    /// from zero), for people: `0.01235`, `1234`, `1.5e-9`, `2.5e+12` (scientific below 10⁻⁵
    /// and from 10^`significantDigits` on). Not exact: print ``description`` beside it.
    /// - Requires: `significantDigits` in 1…15.
    public func shortDecimal(significantDigits d: Int = 4) -> String {
        precondition((1...15).contains(d), "1 to 15 significant digits")
        if isZero { return "0" }
        let a = magnitude
        let ten = Rational(10)
        // The decimal exponent e with 10^e ≤ a < 10^(e+1): a double estimate, corrected exactly.
        let estimate = a.doubleValue
        var e = estimate.isFinite && estimate > 0 ? Int(log10Estimate(estimate)) : 0
        while a < ten.power(e) { e -= 1 }
        while a >= ten.power(e + 1) { e += 1 }
        let scaled = a * ten.power(d - 1 - e)  // in [10^(d-1), 10^d)
        var n = Int(scaled.doubleValue.rounded(.down))
        // Exact correction of the double floor, then round half up.
        while Rational(n) > scaled { n -= 1 }
        while Rational(n + 1) <= scaled { n += 1 }
        if scaled - Rational(n) >= Rational(1, 2) { n += 1 }
        var limit = 1
        for _ in 0..<d { limit *= 10 }
        if n == limit { n = limit / 10; e += 1 }
        var digits = Array(String(n))
        while digits.count > 1 && digits.last == "0" && digits.count > 1 { digits.removeLast() }
        let sign = signum < 0 ? "-" : ""
        func mantissa() -> String { digits.count == 1 ? String(digits) : String(digits[0]) + "." + String(digits[1...]) }
        if e < -5 || e >= d { return sign + mantissa() + (e < 0 ? "e-" : "e+") + String(abs(e)) }
        if e < 0 { return sign + "0." + String(repeating: "0", count: -e - 1) + String(digits) }
        let whole = e + 1
        if digits.count <= whole { return sign + String(digits) + String(repeating: "0", count: whole - digits.count) }
        return sign + String(digits[..<whole]) + "." + String(digits[whole...])
    }

    /// The numerator as a `Rational` integer.
    public var numeratorValue: Rational {
        if big == nil { return Rational(canonicalNumerator: num, denominator: 1) }
        return withMPQ { p in
            let r = MPQStorage.make()
            withExtendedLifetime(r) { odered_mpz_set(odered_mpq_numref(r.pointer), odered_mpq_numref_const(p)) }
            return Rational(storage: r)
        }
    }

    /// The (positive) denominator as a `Rational` integer.
    public var denominatorValue: Rational {
        if big == nil { return Rational(canonicalNumerator: den, denominator: 1) }
        return withMPQ { p in
            let r = MPQStorage.make()
            withExtendedLifetime(r) { odered_mpz_set(odered_mpq_numref(r.pointer), odered_mpq_denref_const(p)) }
            return Rational(storage: r)
        }
    }

    /// The numerator and denominator as `Int64`, when the value is stored inline.
    package var smallParts: (numerator: Int64, denominator: Int64)? {
        big == nil ? (num, den) : nil
    }
}

/// ⌊log₁₀ x⌋ for a positive finite double, approximately (corrected exactly by the caller).
private func log10Estimate(_ x: Double) -> Double {
    (Double(x.exponent) * 0.30102999566398120).rounded(.down)
}
