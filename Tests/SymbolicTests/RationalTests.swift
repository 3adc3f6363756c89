import Testing
@testable import Symbolic

/// Checks the canonical-form invariant through the public surface: inline values are in
/// lowest terms with a positive denominator; GMP values never fit the inline form.
private func expectCanonical(_ r: Rational, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    if let (n, d) = r.smallParts {
        #expect(r.isSmall, sourceLocation: sourceLocation)
        #expect(d > 0 && n != .min, "bad inline parts \(n)/\(d)", sourceLocation: sourceLocation)
        var a = n.magnitude, b = d.magnitude
        while b != 0 { (a, b) = (b, a % b) }
        #expect(a == 1, "inline value not in lowest terms: \(n)/\(d)", sourceLocation: sourceLocation)
    } else {
        #expect(!r.isSmall, sourceLocation: sourceLocation)
        // A GMP value must not fit Int64/Int64 (Int64.min excluded).
        let fits = r.numeratorValue.isSmall && r.denominatorValue.isSmall
        #expect(!fits, "GMP value \(r) should have been demoted", sourceLocation: sourceLocation)
        #expect(r.denominatorValue.signum > 0, sourceLocation: sourceLocation)
    }
}

@Suite("Rational arithmetic laws")
struct RationalLawTests {
    @Test func fieldLawsOnSmallValues() {
        var rng = SplitMix64(seed: 1)
        for _ in 0..<600 {
            let a = rng.smallRational(), b = rng.smallRational(), c = rng.smallRational()
            expectFieldLaws(a, b, c)
            expectCanonical(a + b); expectCanonical(a * b); expectCanonical(a - c)
        }
    }

    @Test func fieldLawsNearInt64Limits() {
        var rng = SplitMix64(seed: 2)
        for _ in 0..<400 {
            let a = rng.nearLimitRational(), b = rng.nearLimitRational(), c = rng.smallRational()
            expectFieldLaws(a, b, c)
            expectFieldLaws(c, a, b)
            expectCanonical(a + b); expectCanonical(a * b); expectCanonical(a - b); expectCanonical(a / b)
        }
    }

    @Test func fieldLawsOnHugeValues() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<80 {
            let a = rng.hugeRational(), b = rng.hugeRational(), c = rng.anyRational()
            #expect(a.numeratorValue.description.count + a.denominatorValue.description.count > 60)
            expectFieldLaws(a, b, c)
            expectFieldLaws(c, b, a)
            expectCanonical(a * b); expectCanonical(a + c)
        }
    }

    @Test func hugeValuesHaveHundredsOfDigits() {
        let h = Rational(7).power(300) * Rational(3, 11).power(50)
        #expect(h.numeratorValue.description.count > 200)
        #expect(!h.isSmall)
        expectFieldLaws(h, -h.reciprocal, Rational(13, 17).power(90))
    }

    /// Exact products and sums of Int64 fractions, checked against Int128 arithmetic
    /// parsed back through the decimal reader (a different code path).
    @available(macOS 15.0, *)
    @Test func nearLimitArithmeticMatchesInt128() throws {
        var rng = SplitMix64(seed: 4)
        func random64() -> Int64 {
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: return Int64.random(in: (Int64.max - 5_000)...Int64.max, using: &rng) * (Bool.random(using: &rng) ? 1 : -1)
            case 1: return Int64.random(in: -1_000_000...1_000_000, using: &rng)
            default: return Int64.random(in: -(Int64.max)...Int64.max, using: &rng)
            }
        }
        for _ in 0..<400 {
            let a = random64(), c = random64()
            var b = random64(), d = random64()
            if b == 0 { b = 1 }
            if d == 0 { d = -1 }
            let x = Rational(Int(a), Int(b)), y = Rational(Int(c), Int(d))
            let (a1, b1, c1, d1) = (Int128(a), Int128(b), Int128(c), Int128(d))
            let sum = try Rational(parsing: "\(a1 * d1 + c1 * b1)/\(b1 * d1)")
            let product = try Rational(parsing: "\(a1 * c1)/\(b1 * d1)")
            #expect(x + y == sum, "\(x) + \(y)")
            #expect(x * y == product, "\(x) * \(y)")
            #expect(x - y == (try Rational(parsing: "\(a1 * d1 - c1 * b1)/\(b1 * d1)")), "\(x) - \(y)")
            expectCanonical(x + y); expectCanonical(x * y)
            // Ordering agrees with 128-bit cross multiplication (denominators made positive).
            let lhs = a1 * d1 * (b1.signum() * d1.signum()), rhs = c1 * b1 * (b1.signum() * d1.signum())
            #expect((x < y) == (lhs < rhs), "\(x) < \(y)")
        }
    }

    @Test func overflowIntoGMPAndBack() {
        let max = Rational(Int(Int64.max))
        let beyond = max + 1
        #expect(!beyond.isSmall)
        #expect(beyond == twoTo(63))
        #expect(beyond - 1 == max)
        #expect((beyond - 1).isSmall)
        #expect((max * max) / max == max)
        #expect(((max * max) / max).isSmall)
        // Int64.min is not an inline numerator: it lives in GMP.
        let minValue = Rational(Int(Int64.min))
        #expect(!minValue.isSmall)
        #expect(minValue == -twoTo(63))
        #expect(minValue + 1 == Rational(Int(Int64.min) + 1))
        #expect((minValue + 1).isSmall)
        #expect(-max - 1 == minValue)
        #expect(Rational(Int(Int64.min), -1) == beyond)
        #expect(Rational(1, Int(Int64.min)) == -twoTo(63).reciprocal)
        #expect(Rational(1, Int(Int64.min)).reciprocal == minValue)
        #expect(!Rational(1, Int(Int64.min)).reciprocal.isSmall)
        #expect(Rational(-2).power(63) == minValue)
        #expect(-minValue == beyond)
        // Fractions whose cross products overflow.
        let p = Rational(Int(Int64.max), Int(Int64.max) - 1)
        let q = Rational(Int(Int64.max) - 1, Int(Int64.max) - 2)
        #expect(q > p)
        #expect((q - p).signum > 0)
        #expect(!(q - p).isSmall)
        #expect((q - p) + p == q)
        #expect((q + p) - q == p)
        expectCanonical(q - p)
    }

    @Test func gmpResultsThatFitAreDemoted() {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<100 {
            let h = rng.hugeRational()
            let s = rng.smallRational()
            #expect(!h.isSmall)
            let back = (h + s) - h
            #expect(back == s)
            #expect(back.isSmall)
            #expect((h * s) / h == s || s.isZero)
            #expect(((h * h.reciprocal)).isSmall)
            #expect((h * h.reciprocal).isOne)
            #expect((h - h).isZero)
            #expect(back.smallParts != nil)
        }
        let big = twoTo(200) * 3
        #expect((big / twoTo(200)).isSmall)
        #expect((big / twoTo(200)).smallParts! == (3, 1))
        #expect(Rational(6, -4).smallParts! == (-3, 2))
        #expect(Rational(0, -7).smallParts! == (0, 1))
    }
}

@Suite("Rational ordering and hashing")
struct RationalOrderTests {
    @Test func totalOrderConsistentWithSubtraction() {
        var rng = SplitMix64(seed: 10)
        var values: [Rational] = []
        for _ in 0..<120 { values.append(rng.anyRational()) }
        values += [.zero, .one, -1, Rational(Int(Int64.max)), Rational(Int(Int64.min)), Rational(1, Int(Int64.max))]
        for a in values {
            #expect(!(a < a))
            for b in values {
                let lt = a < b, gt = b < a, eq = a == b
                #expect([lt, gt, eq].filter { $0 }.count == 1, "trichotomy \(a) ? \(b)")
                let sign = (a - b).signum
                #expect(lt == (sign < 0) && eq == (sign == 0) && gt == (sign > 0), "\(a) vs \(b)")
            }
        }
        let sorted = values.sorted()
        for k in 1..<sorted.count {
            #expect((sorted[k] - sorted[k - 1]).signum >= 0)
        }
        // Transitivity on random triples.
        for _ in 0..<300 {
            let a = values.randomElement(using: &rng)!, b = values.randomElement(using: &rng)!, c = values.randomElement(using: &rng)!
            if a < b && b < c { #expect(a < c) }
            if a <= b && b <= c { #expect(a <= c) }
        }
    }

    @Test func orderingNeedsFullWidthCrossProducts() {
        let m = Int(Int64.max)
        #expect(Rational(1, m) < Rational(1, m - 1))
        #expect(Rational(m - 1, m) < Rational(m - 2, m - 3))
        #expect(Rational(-(m - 1), m) > Rational(-(m - 2), m - 3))
        #expect(Rational(m) < Rational(m) + 1)
        #expect(Rational(Int(Int64.min)) < Rational(Int(Int64.min) + 1))
        #expect(-twoTo(100) < Rational(Int(Int64.min)))
        #expect(twoTo(100).reciprocal < Rational(1, m))
        #expect(twoTo(100).reciprocal > .zero)
    }

    @Test func hashingConsistentWithEquality() throws {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<100 {
            let s = rng.smallRational()
            let h = rng.hugeRational()
            let viaGMP = (h + s) - h                   // computed through GMP, then demoted
            let viaParse = try Rational(parsing: s.description)
            #expect(viaGMP == s && viaParse == s)
            #expect(viaGMP.hashValue == s.hashValue)
            #expect(Set([s, viaGMP, viaParse]).count == 1)
            // Equal GMP values built along different routes.
            let h2 = (h * 3) / 3
            let h3 = try Rational(parsing: h.description)
            #expect(h2 == h && h3 == h)
            #expect(h2.hashValue == h.hashValue && h3.hashValue == h.hashValue)
            #expect(Set([h, h2, h3, -h, -h2]).count == 2)
        }
        let a = Rational(2).power(100), b = twoTo(100)
        let c = try Rational(parsing: "1267650600228229401496703205376")
        let d = try Rational(parsing: "1.267650600228229401496703205376e30")
        #expect(Set([a, b, c, d]).count == 1)
        #expect(Set([Rational(1, 3), Rational(2, 6), Rational(-5, -15), (twoTo(80) + Rational(1, 3)) - twoTo(80)]).count == 1)
        var dict: [Rational: Int] = [:]
        dict[Rational(Int(Int64.max)) + 1] = 1
        dict[twoTo(63), default: 0] += 1
        #expect(dict.count == 1 && dict[twoTo(63)] == 2)
    }
}

@Suite("Rational parsing")
struct RationalParsingTests {
    @Test(arguments: [
        ("1.5e-3", Rational(3, 2000)),
        ("-1.25e-3", Rational(-1, 800)),
        ("1E-2", Rational(1, 100)),
        ("2.5E+3", Rational(2500)),
        (".5", Rational(1, 2)),
        ("3/7", Rational(3, 7)),
        ("-3/7", Rational(-3, 7)),
        ("42", Rational(42)),
        ("+7", Rational(7)),
        ("0.1", Rational(1, 10)),
        ("-0", Rational.zero),
        ("0.000", Rational.zero),
        ("6/-4", Rational(-3, 2)),
        ("1.5/0.25", Rational(6)),
        ("1e18", Rational(1_000_000_000_000_000_000)),
        ("9223372036854775807", Rational(Int(Int64.max))),
        ("-9223372036854775807", Rational(-Int(Int64.max))),
        ("123456789012345678e-18", Rational(123456789012345678, 1_000_000_000_000_000_000)),
    ])
    func parsesExactly(text: String, expected: Rational) throws {
        let value = try Rational(parsing: text)
        #expect(value == expected, "\(text)")
        #expect(value.isSmall)
        #expect(Rational(text) == expected)
    }

    @Test func parsesLongAndHugeLiterals() throws {
        // 23 digits: 1234567890123 * 10^10 + 4567890123
        let long = Rational(1_234_567_890_123) * tenTo(10) + Rational(4_567_890_123)
        #expect(try Rational(parsing: "12345678901234567890123") == long)
        #expect(try Rational(parsing: "-12345678901234567890123") == -long)
        #expect(try Rational(parsing: "0.12345678901234567890123") == long / tenTo(23))
        #expect(try Rational(parsing: "1234567890123.4567890123") == long / tenTo(10))
        #expect(try Rational(parsing: "12345678901234567890123e-25") == long / tenTo(25))
        #expect(try Rational(parsing: "12345678901234567890123/12345678901234567890123") == .one)
        // Leading zeros do not count as significant digits.
        let zeros = try Rational(parsing: "-0000000000000000000000000000042")
        #expect(zeros == -42 && zeros.isSmall)
        #expect(try Rational(parsing: "0.0000000000000000000000000000042") == Rational(42) / tenTo(31))
        // Int64 boundary.
        #expect(try Rational(parsing: "9223372036854775808") == twoTo(63))
        #expect(try Rational(parsing: "-9223372036854775808") == Rational(Int(Int64.min)))
        #expect(try Rational(parsing: "18446744073709551616") == twoTo(64))
        #expect(try Rational(parsing: "1e19") == tenTo(19))
        #expect(try Rational(parsing: "92233720368547758.07e2") == Rational(Int(Int64.max)))
        #expect(try Rational(parsing: "92233720368547758.07e2").isSmall)
        // Extreme exponents within the cap.
        let tiny = try Rational(parsing: "1e-300")
        #expect(tiny == tenTo(300).reciprocal)
        #expect(tiny == Rational(10).power(-300))
        #expect(try Rational(parsing: "2.5e300") == tenTo(299) * 25)
        #expect(try Rational(parsing: "-7e-320") == -Rational(7) / tenTo(320))
        #expect(try Rational(parsing: "1e\(Rational.maximumDecimalExponent)") == Rational(10).power(Rational.maximumDecimalExponent))
    }

    @Test(arguments: ["", "1.2.3", "1e", "abc", "1/0", "1/0.000", "-", ".", "+", "1e+", "1e-", "1/", "/2",
                      " 1", "1 ", "0x10", "1e5.5", "--1", "1//2", "1/2/3", "e5", "1,5", "∞", "NaN", "1.5e-3x"])
    func rejectsMalformedText(text: String) {
        #expect(throws: RationalParseError.self, "\(text)") { try Rational(parsing: text) }
        #expect(Rational(text) == nil)
    }

    @Test func errorOffsetsPointAtTheProblem() {
        func offset(_ text: String) -> Int? {
            do { _ = try Rational(parsing: text); return nil } catch { return error.offset }
        }
        #expect(offset("1.2.3") == 3)
        #expect(offset("1/0") == 2)
        #expect(offset("12x") == 2)
        #expect(offset("") == 0)
        #expect(offset("3/4y") == 3)
    }

    @Test(.timeLimit(.minutes(1)), arguments: [
        "1e999999999", "-1e-999999999", "1e10001", "1e-10001", "1e99999999999999999999999999999",
        "0.5E+0000000000000000000000999999",
    ])
    func rejectsHostileExponents(text: String) {
        #expect(throws: RationalParseError.self, "\(text)") { try Rational(parsing: text) }
    }

    @Test func rejectsTooManyDigits() {
        let digits = String(repeating: "7", count: Rational.maximumDigits + 1)
        #expect(throws: RationalParseError.self) { try Rational(parsing: digits) }
        #expect(throws: RationalParseError.self) { try Rational(parsing: "0." + digits) }
    }
}

@Suite("Rational and Double")
struct RationalDoubleTests {
    @Test func exactBinaryValues() throws {
        #expect(Rational(exactly: 0.1) == Rational(3_602_879_701_896_397, 36_028_797_018_963_968))
        #expect(Rational(exactly: 0.1) != Rational(1, 10))
        #expect(Rational(exactly: 0.5) == Rational(1, 2))
        #expect(Rational(exactly: -0.75) == Rational(-3, 4))
        #expect(Rational(exactly: 3.0) == 3)
        #expect(Rational(exactly: 0.0) == .zero)
        #expect(Rational(exactly: -0.0) == .zero)
        #expect(Rational(exactly: -0.0)!.isSmall)
        #expect(Rational(exactly: 0x1p62) == twoTo(62))
        #expect(Rational(exactly: 0x1p63) == twoTo(63))
        #expect(Rational(exactly: -0x1p63) == Rational(Int(Int64.min)))
        #expect(Rational(exactly: 0x1p-62) == twoTo(62).reciprocal)
        #expect(Rational(exactly: 0x1p-63) == twoTo(63).reciprocal)
        #expect(Rational(exactly: Double.leastNonzeroMagnitude) == Rational(2).power(-1074))
        #expect(Rational(exactly: Double.leastNonzeroMagnitude) == twoTo(1074).reciprocal)
        #expect(Rational(exactly: -3 * Double.leastNonzeroMagnitude) == -3 * twoTo(1074).reciprocal)
        #expect(Rational(exactly: Double.leastNormalMagnitude) == twoTo(1022).reciprocal)
        #expect(Rational(exactly: Double.greatestFiniteMagnitude) == (twoTo(53) - 1) * twoTo(971))
        #expect(Rational(exactly: .nan) == nil)
        #expect(Rational(exactly: .signalingNaN) == nil)
        #expect(Rational(exactly: .infinity) == nil)
        #expect(Rational(exactly: -.infinity) == nil)
    }

    @Test func largeDoubleIsTheExactInteger() throws {
        let d = 1e300
        let r = try #require(Rational(exactly: d))
        #expect(r.isInteger)
        // d = significand · 2^exponent with significand · 2^52 an integer.
        let mantissa = Int(d.significand * 0x1p52)
        #expect(r == Rational(mantissa) * twoTo(Int(d.exponent) - 52))
        // Within half an ulp of 10^300, and not equal to it (10^300 is not dyadic).
        let error = (r - tenTo(300)).magnitude
        #expect(!error.isZero)
        #expect(error <= twoTo(Int(d.exponent) - 53))
        #expect(r.doubleValue == d)
    }

    @Test func roundTripThroughDouble() throws {
        var rng = SplitMix64(seed: 20)
        let twoTo1074 = twoTo(1074)
        var checked = 0
        while checked < 3_000 {
            let d: Double
            switch checked % 3 {
            case 0: d = Double(bitPattern: rng.next())                       // any exponent, subnormals included
            case 1: d = Double.random(in: -1e6...1e6, using: &rng)
            default: d = Double(bitPattern: rng.next() & 0x800F_FFFF_FFFF_FFFF)  // subnormal
            }
            guard d.isFinite else { continue }
            let r = try #require(Rational(exactly: d))
            #expect(r.doubleValue == d, "\(d) -> \(r)")
            #expect(r.signum == (d > 0 ? 1 : (d < 0 ? -1 : 0)))
            expectCanonical(r)
            if d.isSubnormal {
                let m = r * twoTo1074
                #expect(m.isInteger && m.magnitude < twoTo(52), "\(d)")
            }
            checked += 1
        }
    }

    @Test func dyadicStructure() throws {
        var rng = SplitMix64(seed: 21)
        for _ in 0..<300 {
            let d = Double.random(in: -1...1, using: &rng) * 0x1p40
            guard d != 0 else { continue }
            let r = try #require(Rational(exactly: d))
            // d = m · 2^(e-52) with m an integer, 2^52 <= |m| < 2^53.
            let m = r * twoTo(52 - Int(d.exponent))
            #expect(m.isInteger, "\(d)")
            #expect(m.magnitude >= twoTo(52) && m.magnitude < twoTo(53), "\(d)")
            #expect(Rational(exactly: d / 2) == r / 2)
            #expect(Rational(exactly: -d) == -r)
        }
    }

    @Test func doubleValueOfSimpleFractions() {
        #expect(Rational(1, 3).doubleValue == 1.0 / 3.0)
        #expect(Rational(-7, 8).doubleValue == -0.875)
        #expect(twoTo(1074).reciprocal.doubleValue == Double.leastNonzeroMagnitude)
        #expect(twoTo(100).doubleValue == 0x1p100)
        #expect((tenTo(400)).doubleValue.isInfinite || tenTo(400).doubleValue > 1e308)
    }
}

@Suite("Rational printing")
struct RationalPrintingTests {
    @Test func descriptionRoundTrips() throws {
        var rng = SplitMix64(seed: 30)
        for _ in 0..<500 {
            let r = rng.anyRational()
            let back = try Rational(parsing: r.description)
            #expect(back == r, "\(r.description)")
            #expect(back.isSmall == r.isSmall)
            #expect(Rational(r.description) == r)
        }
    }

    @Test func descriptionForm() {
        #expect(Rational(-3, 7).description == "-3/7")
        #expect(Rational(6, -4).description == "-3/2")
        #expect(Rational(12, 4).description == "3")
        #expect(Rational.zero.description == "0")
        #expect(twoTo(64).description == "18446744073709551616")
        #expect((-twoTo(64)).reciprocal.description == "-1/18446744073709551616")
        #expect(Rational(Int(Int64.min)).description == "-9223372036854775808")
    }

    @Test(arguments: [
        (Rational(1, 8), "0.125"),
        (Rational(-3), "-3"),
        (Rational(5, 2), "2.5"),
        (Rational(-1, 8), "-0.125"),
        (Rational.zero, "0"),
        (Rational(1, 5), "0.2"),
        (Rational(7, 20), "0.35"),
        (Rational(1, 1024), "0.0009765625"),
        (Rational(-101, 10), "-10.1"),
        (Rational(1000), "1000"),
        (Rational(1, 100), "0.01"),
    ])
    func terminatingDecimal(value: Rational, text: String) throws {
        #expect(value.terminatingDecimal == text)
        #expect(try Rational(parsing: text) == value)
    }

    @Test(arguments: [
        (Rational(1, 3), "0.3333"),
        (Rational(2, 3), "0.6667"),
        (Rational(-2, 3), "-0.6667"),
        (Rational(12345), "1.235e+4"),
        (Rational(9999), "9999"),
        (Rational(99995, 10), "1e+4"),  // 9999.5 rounds up past four digits
        (Rational(1, 8), "0.125"),
        (Rational(5), "5"),
        (Rational(120), "120"),
        (Rational(1, 100_000), "0.00001"),
        (Rational(1, 3_000_000), "3.333e-7"),
        (Rational(12345, 1000), "12.35"),  // 12.345 exactly: half away from zero
        (Rational.zero, "0"),
    ])
    func shortDecimal(value: Rational, text: String) {
        #expect(value.shortDecimal() == text)
    }

    @Test func shortDecimalOfHugeAndTinyValues() throws {
        #expect(twoTo(200).shortDecimal() == "1.607e+60")
        #expect(twoTo(200).reciprocal.shortDecimal() == "6.223e-61")
        #expect(Rational(1, 7).shortDecimal(significantDigits: 1) == "0.1")
        #expect(Rational(15, 100).shortDecimal(significantDigits: 1) == "0.2")
    }

    @Test func nonTerminatingDecimalIsNil() {
        #expect(Rational(1, 3).terminatingDecimal == nil)
        #expect(Rational(1, 6).terminatingDecimal == nil)
        #expect(Rational(-5, 14).terminatingDecimal == nil)
        #expect((twoTo(100) * 3).reciprocal.terminatingDecimal == nil)
    }

    @Test func hugeTerminatingDecimalsRoundTrip() throws {
        let dyadic = Rational(3).power(200) / twoTo(300)
        let text = try #require(dyadic.terminatingDecimal)
        #expect(!text.contains("/") && !text.contains("e"))
        #expect(try Rational(parsing: text) == dyadic)
        let subnormal = try #require(Rational(exactly: Double.leastNonzeroMagnitude))
        let subnormalText = try #require(subnormal.terminatingDecimal)
        #expect(subnormalText.hasPrefix("0.000"))
        #expect(try Rational(parsing: subnormalText) == subnormal)
        let mixed = -(tenTo(40) + Rational(1, 2).power(70) + Rational(1, 5).power(30))
        #expect(try Rational(parsing: #require(mixed.terminatingDecimal)) == mixed)
        #expect(tenTo(50).terminatingDecimal == "1" + String(repeating: "0", count: 50))
        var rng = SplitMix64(seed: 31)
        for _ in 0..<100 {
            let r = Rational(Int.random(in: -1_000_000...1_000_000, using: &rng))
                / (twoTo(Int.random(in: 0...90, using: &rng)) * Rational(5).power(Int.random(in: 0...40, using: &rng)))
            let t = try #require(r.terminatingDecimal)
            #expect(try Rational(parsing: t) == r, "\(r) -> \(t)")
        }
    }
}

@Suite("Rational power")
struct RationalPowerTests {
    @Test func powerMatchesRepeatedMultiplication() {
        var rng = SplitMix64(seed: 40)
        for _ in 0..<200 {
            let x = rng.nonzeroSmallRational()
            let n = Int.random(in: 0...25, using: &rng)
            var expected = Rational.one
            for _ in 0..<n { expected *= x }
            #expect(x.power(n) == expected, "\(x)^\(n)")
            #expect(x.power(-n) == expected.reciprocal, "\(x)^-\(n)")
            #expect(x.power(-n) * x.power(n) == .one)
            expectCanonical(x.power(n)); expectCanonical(x.power(-n))
        }
    }

    @Test func powerLaws() {
        var rng = SplitMix64(seed: 41)
        for _ in 0..<150 {
            let a = rng.nonzeroSmallRational(), b = rng.nonzeroSmallRational()
            let m = Int.random(in: -12...12, using: &rng), n = Int.random(in: -12...12, using: &rng)
            #expect(a.power(m + n) == a.power(m) * a.power(n))
            #expect((a * b).power(n) == a.power(n) * b.power(n))
            #expect(a.power(m).power(3) == a.power(3 * m))
        }
    }

    @Test func specialBases() {
        #expect(Rational.zero.power(0) == .one)
        #expect(Rational.zero.power(7) == .zero)
        #expect(Rational.one.power(1_000) == .one)
        #expect(Rational(-1).power(1_001) == -1)
        #expect(Rational(-1).power(-4) == 1)
        #expect(Rational(1, 2).power(-3) == 8)
        #expect(Rational(1, 2).power(-3).isSmall)
        #expect(Rational(-2, 3).power(-3) == Rational(-27, 8))
        #expect(Rational(2).power(62).isSmall)
        #expect(Rational(2).power(62) == twoTo(62))
        #expect(!Rational(2).power(63).isSmall)
        #expect(Rational(2).power(64) == twoTo(64))
        #expect(Rational(-3).power(41) == -Rational(3).power(41))
        #expect(twoTo(100).power(-2) == twoTo(200).reciprocal)
        let h = Rational(12345, 678).power(60)
        #expect(h.power(-1) == h.reciprocal)
        #expect(h.power(2) == h * h)
    }
}
