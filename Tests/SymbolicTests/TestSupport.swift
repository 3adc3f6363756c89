import Testing
@testable import Symbolic
@_exported import TestSupport

extension SplitMix64 {
    /// A small rational p/q with |p| ≤ `maxNumerator`, 1 ≤ q ≤ `maxDenominator`.
    mutating func smallRational(maxNumerator: Int = 20, maxDenominator: Int = 12) -> Rational {
        Rational(Int.random(in: -maxNumerator...maxNumerator, using: &self),
                 Int.random(in: 1...maxDenominator, using: &self))
    }

    /// A nonzero small rational.
    mutating func nonzeroSmallRational() -> Rational {
        while true {
            let r = smallRational()
            if !r.isZero { return r }
        }
    }

    /// A rational whose numerator or denominator is close to the Int64 limits.
    mutating func nearLimitRational() -> Rational {
        let big = Int.random(in: (Int(Int64.max) - 1_000)...Int(Int64.max), using: &self)
        let sign = Bool.random(using: &self) ? 1 : -1
        switch Int.random(in: 0..<4, using: &self) {
        case 0: return Rational(sign * big)
        case 1: return Rational(sign * big, Int.random(in: 2...1_000, using: &self))
        case 2: return Rational(sign * Int.random(in: 1...1_000, using: &self), big)
        default: return Rational(sign * big, big - Int.random(in: 1...1_000, using: &self))
        }
    }

    /// A huge rational: a product of powers of random bases (hundreds of digits).
    mutating func hugeRational() -> Rational {
        var r = Rational.one
        for _ in 0..<Int.random(in: 2...4, using: &self) {
            let base = Rational(Int.random(in: 2...1_000_003, using: &self), Int.random(in: 1...999_983, using: &self))
            r *= base.power(Int.random(in: 15...40, using: &self))
        }
        return Bool.random(using: &self) ? r : -r
    }

    /// A value from one of the three regimes above.
    mutating func anyRational() -> Rational {
        switch Int.random(in: 0..<3, using: &self) {
        case 0: return smallRational()
        case 1: return nearLimitRational()
        default: return hugeRational()
        }
    }
}

/// 10^k built by repeated multiplication (independent of `power`).
func tenTo(_ k: Int) -> Rational {
    var r = Rational.one
    for _ in 0..<k { r *= 10 }
    return r
}

/// 2^k built by repeated multiplication (independent of `power`).
func twoTo(_ k: Int) -> Rational {
    var r = Rational.one
    for _ in 0..<k { r *= 2 }
    return r
}

// MARK: - Law checks

/// Checks the commutative-ring axioms (plus `-` and `/` consistency) on one triple.
func expectFieldLaws(_ a: Rational, _ b: Rational, _ c: Rational,
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(a + b == b + a, "commutative +: \(a), \(b)", sourceLocation: sourceLocation)
    #expect(a * b == b * a, "commutative *: \(a), \(b)", sourceLocation: sourceLocation)
    #expect((a + b) + c == a + (b + c), "associative +: \(a), \(b), \(c)", sourceLocation: sourceLocation)
    #expect((a * b) * c == a * (b * c), "associative *: \(a), \(b), \(c)", sourceLocation: sourceLocation)
    #expect(a * (b + c) == a * b + a * c, "distributive: \(a), \(b), \(c)", sourceLocation: sourceLocation)
    #expect(a + .zero == a, sourceLocation: sourceLocation)
    #expect(a * .one == a, sourceLocation: sourceLocation)
    #expect(a + (-a) == .zero, "additive inverse: \(a)", sourceLocation: sourceLocation)
    #expect((a + (-a)).isSmall, sourceLocation: sourceLocation)
    #expect(a - b == a + (-b), "subtraction: \(a), \(b)", sourceLocation: sourceLocation)
    #expect((a - b) + b == a, "subtraction undo: \(a), \(b)", sourceLocation: sourceLocation)
    #expect(-(-a) == a, sourceLocation: sourceLocation)
    if !a.isZero {
        #expect(a * a.reciprocal == .one, "multiplicative inverse: \(a)", sourceLocation: sourceLocation)
        #expect((b / a) * a == b, "division undo: \(a), \(b)", sourceLocation: sourceLocation)
        #expect(a.reciprocal.reciprocal == a, sourceLocation: sourceLocation)
    }
}

/// Checks the commutative-ring axioms for polynomials on one triple.
func expectRingLaws(_ a: Polynomial, _ b: Polynomial, _ c: Polynomial,
                    sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(a + b == b + a, "commutative +: \(a) | \(b)", sourceLocation: sourceLocation)
    #expect(a * b == b * a, "commutative *: \(a) | \(b)", sourceLocation: sourceLocation)
    #expect((a + b) + c == a + (b + c), "associative +", sourceLocation: sourceLocation)
    #expect((a * b) * c == a * (b * c), "associative *: \(a) | \(b) | \(c)", sourceLocation: sourceLocation)
    #expect(a * (b + c) == a * b + a * c, "distributive: \(a) | \(b) | \(c)", sourceLocation: sourceLocation)
    #expect(a + .zero == a, sourceLocation: sourceLocation)
    #expect(a * Polynomial(constant: .one) == a, sourceLocation: sourceLocation)
    #expect(a * .zero == .zero, sourceLocation: sourceLocation)
    #expect(a - a == .zero, sourceLocation: sourceLocation)
    #expect(a + (-a) == .zero, sourceLocation: sourceLocation)
    #expect(a - b == a + (-b), sourceLocation: sourceLocation)
    #expect((a - b) + b == a, sourceLocation: sourceLocation)
}

// MARK: - Random polynomials

extension SplitMix64 {
    /// A random monomial over symbols `0..<symbols` with total degree ≤ `maxDegree`.
    mutating func monomial(symbols: Int = 3, maxDegree: Int = 3) -> Monomial {
        var factors: [(symbol: Int32, exponent: Int)] = []
        var budget = Int.random(in: 0...maxDegree, using: &self)
        while budget > 0 {
            let e = Int.random(in: 1...budget, using: &self)
            factors.append((Int32(Int.random(in: 0..<symbols, using: &self)), e))
            budget -= e
        }
        return Monomial(factors: factors)
    }

    /// A random polynomial with up to `maxTerms` terms (repeats merge, some may cancel).
    mutating func polynomial(symbols: Int = 3, maxDegree: Int = 3, maxTerms: Int = 5) -> Polynomial {
        var terms: [Term] = []
        for _ in 0..<Int.random(in: 0...maxTerms, using: &self) {
            terms.append(Term(smallRational(maxNumerator: 9, maxDenominator: 4), monomial(symbols: symbols, maxDegree: maxDegree)))
        }
        return Polynomial(terms: terms)
    }
}
