import CGMP

/// Why a piece of text is not an exact rational number.
public struct RationalParseError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Offset (in UTF-8 bytes) of the offending character within the text.
    public var offset: Int
    /// What went wrong, phrased as "expected … / found …".
    public var message: String
    public var description: String { message }
}

extension Rational {
    /// Largest accepted decimal exponent magnitude, e.g. `1e5000`.
    ///
    /// 10^10000 is about 4 KiB for GMP — harmless; the cap keeps hostile
    /// input like `1e999999999` from exhausting memory (GMP aborts on OOM).
    public static let maximumDecimalExponent = 10_000
    /// Largest accepted number of digits in one literal: enough for any number within
    /// ``SymbolicLimits/maximumNumberBits`` (about 3.01 million digits), so every number a
    /// model reader accepts or computes can be written out and read back.
    public static let maximumDigits = 3_200_000

    /// Parses exact decimal or fraction text: `42`, `-1.25e-3`, `1E-2`, `2.5E+3`, `.5`, `3/7`, `-3/7`.
    ///
    /// The value is exact: `0.1` is 1/10, not the nearest double.
    public init(parsing text: String) throws(RationalParseError) {
        let bytes = Array(text.utf8)
        let result: Result<Rational, RationalParseError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(RationalParseError) { return .success(try Rational.parse(buffer)) } catch { return .failure(error) }
        }
        self = try result.get()
    }

    /// Parses exact decimal or fraction text from UTF-8 bytes (see ``init(parsing:)``).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(RationalParseError) -> Rational {
        if let slash = bytes.firstIndex(of: UInt8(ascii: "/")) {
            let numerator = try parseDecimal(UnsafeBufferPointer(rebasing: bytes[..<slash]), offset: 0)
            let denominator = try parseDecimal(UnsafeBufferPointer(rebasing: bytes[(slash + 1)...]), offset: slash + 1)
            if denominator.isZero {
                throw RationalParseError(offset: slash + 1, message: "expected a nonzero denominator / found 0")
            }
            return numerator / denominator
        }
        return try parseDecimal(bytes, offset: 0)
    }

    /// Parses `[+-]digits[.digits][(e|E)[+-]digits]` exactly.
    public static func parseDecimal(_ bytes: UnsafeBufferPointer<UInt8>, offset base: Int) throws(RationalParseError) -> Rational {
        var i = 0
        let n = bytes.count
        func fail(_ what: String) -> RationalParseError {
            let found: String
            if i >= n { found = "end of number" }
            else if bytes[i] >= 32 && bytes[i] < 127 { found = "'\(Character(Unicode.Scalar(bytes[i])))'" }
            else if bytes[i] == 10 { found = "end of line" }
            else { found = "byte 0x\(String(bytes[i], radix: 16, uppercase: true))" }
            return RationalParseError(offset: base + i, message: "expected \(what) / found \(found)")
        }
        var negative = false
        if i < n && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        let digitsStart = i
        var mantissa: UInt64 = 0
        var mantissaOverflow = false
        var significantDigits = 0
        var fractionDigits = 0
        var sawPoint = false
        var digitCount = 0
        while i < n {
            let c = bytes[i]
            if c >= 48 && c <= 57 {
                digitCount += 1
                if digitCount > maximumDigits { throw fail("at most \(maximumDigits) digits") }
                if sawPoint { fractionDigits += 1 }
                if mantissa != 0 || c != 48 { significantDigits += 1 }
                if significantDigits <= 19 {
                    let (m1, o1) = mantissa.multipliedReportingOverflow(by: 10)
                    let (m2, o2) = m1.addingReportingOverflow(UInt64(c - 48))
                    if o1 || o2 { mantissaOverflow = true } else { mantissa = m2 }
                } else {
                    mantissaOverflow = true
                }
            } else if c == UInt8(ascii: ".") && !sawPoint {
                sawPoint = true
            } else {
                break
            }
            i += 1
        }
        if digitCount == 0 { i = digitsStart; throw fail("a digit") }
        var exponent = 0
        if i < n && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            var expNegative = false
            if i < n && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            let expStart = i
            while i < n, bytes[i] >= 48 && bytes[i] <= 57 {
                exponent = exponent * 10 + Int(bytes[i] - 48)
                if exponent > maximumDecimalExponent {
                    throw RationalParseError(offset: base + expStart,
                        message: "expected a decimal exponent of magnitude at most \(maximumDecimalExponent) / found a larger one")
                }
                i += 1
            }
            if i == expStart { throw fail("exponent digits") }
            if expNegative { exponent = -exponent }
        }
        if i != n { throw fail("a digit, '.', or an exponent") }
        // value = digits * 10^(exponent - fractionDigits)
        let scale = exponent - fractionDigits
        if !mantissaOverflow && mantissa <= UInt64(Int64.max) {
            let m = negative ? -Int64(mantissa) : Int64(mantissa)
            if scale == 0 { return Rational(canonicalNumerator: m, denominator: 1) }
            if scale > 0 && scale <= 18 {
                let (p, o) = m.multipliedReportingOverflow(by: pow10[scale])
                if !o && p != .min { return Rational(canonicalNumerator: p, denominator: 1) }
            } else if scale < 0 && scale >= -18 {
                return Rational(Int(m), Int(pow10[-scale]))
            }
        }
        return bigDecimal(bytes, digitsStart: digitsStart, negative: negative, scale: scale)
    }

    @usableFromInline
    static let pow10: [Int64] = (0...18).map { e in (0..<e).reduce(Int64(1)) { r, _ in r * 10 } }

    /// Slow path: build the digit string and let GMP do the arithmetic.
    @inline(never)
    static func bigDecimal(_ bytes: UnsafeBufferPointer<UInt8>, digitsStart: Int, negative: Bool, scale: Int) -> Rational {
        var digits: [CChar] = []
        if negative { digits.append(CChar(UInt8(ascii: "-"))) }
        var i = digitsStart
        while i < bytes.count, bytes[i] == UInt8(ascii: ".") || (bytes[i] >= 48 && bytes[i] <= 57) {
            if bytes[i] != UInt8(ascii: ".") { digits.append(CChar(bitPattern: bytes[i])) }
            i += 1
        }
        digits.append(0)
        let result = MPQStorage.make()
        withExtendedLifetime(result) {
            let q = result.pointer
            _ = digits.withUnsafeBufferPointer { odered_mpz_set_str(odered_mpq_numref(q), $0.baseAddress, 10) }
            var power = __mpz_struct()
            odered_mpz_init(&power)
            odered_mpz_ui_pow_ui(&power, 10, UInt(abs(scale)))
            if scale > 0 {
                odered_mpz_mul(odered_mpq_numref(q), odered_mpq_numref(q), &power)
            } else {
                odered_mpz_set(odered_mpq_denref(q), &power)
            }
            odered_mpz_clear(&power)
            odered_mpq_canonicalize(q)
        }
        return Rational(storage: result)
    }
}
