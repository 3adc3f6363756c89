import Testing
@testable import Symbolic

/// The polynomial x_symbol.
private func variable(_ symbol: Int32) -> Polynomial { Polynomial(symbol: symbol) }

/// The constant polynomial `c`.
private func constant(_ c: Rational) -> Polynomial { Polynomial(constant: c) }

private let x = variable(0), y = variable(1), z = variable(2)

/// A point assigning an exact value to each symbol.
private func point(_ values: [Rational]) -> (Int32) -> Rational { { values[Int($0)] } }

/// Checks the structural invariant: sorted strictly by monomial, no zero coefficients.
private func expectCanonical(_ p: Polynomial, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    for (k, t) in p.terms.enumerated() {
        #expect(!t.coefficient.isZero, sourceLocation: sourceLocation)
        if k > 0 { #expect(p.terms[k - 1].monomial < t.monomial, sourceLocation: sourceLocation) }
    }
}

@Suite("Polynomial ring")
struct PolynomialRingTests {
    @Test func ringLawsOnRandomPolynomials() {
        var rng = SplitMix64(seed: 100)
        for _ in 0..<250 {
            let a = rng.polynomial(), b = rng.polynomial(), c = rng.polynomial()
            expectRingLaws(a, b, c)
            expectCanonical(a * b); expectCanonical(a + b); expectCanonical(a - b)
            let k = rng.smallRational()
            #expect(k * (a + b) == k * a + k * b)
            #expect(k * a == constant(k) * a)
        }
    }

    @Test func arithmeticAgreesWithEvaluation() {
        var rng = SplitMix64(seed: 101)
        for _ in 0..<200 {
            let a = rng.polynomial(), b = rng.polynomial()
            let v = point([rng.smallRational(), rng.smallRational(), rng.smallRational()])
            #expect((a + b).evaluate(v) == a.evaluate(v) + b.evaluate(v))
            #expect((a - b).evaluate(v) == a.evaluate(v) - b.evaluate(v))
            #expect((a * b).evaluate(v) == a.evaluate(v) * b.evaluate(v))
            #expect((-a).evaluate(v) == -a.evaluate(v))
        }
    }

    @Test func knownProducts() {
        // (x + y)(x - y) = x² - y²
        #expect((x + y) * (x - y) == x * x - y * y)
        // (x + 1)² = x² + 2x + 1, with equal hashes and text however it is built
        let square = (x + constant(1)) * (x + constant(1))
        let expanded = Polynomial(terms: [Term(1, Monomial(symbol: 0, exponent: 2)), Term(2, Monomial(symbol: 0)), Term(1, .one)])
        #expect(square == expanded)
        #expect(square.hashValue == expanded.hashValue)
        #expect(square.count == 3)
        #expect(square.degree == 2)
        #expect(square.coefficient(of: Monomial(symbol: 0)) == 2)
        #expect(square.coefficient(of: Monomial(symbol: 1)) == .zero)
        #expect((x * y * z).degree == 3)
        #expect((x * y - y * x).isZero)
        #expect((x - x).hashValue == Polynomial.zero.hashValue)
        #expect(Polynomial(constant: .zero) == .zero)
        #expect(Polynomial(Rational.zero, Monomial(symbol: 4)).isZero)
        #expect((x + constant(Rational(1, 2))).constantValue == nil)
        #expect((constant(3) * constant(Rational(1, 3))).constantValue == .one)
        #expect((x * x * y + z).symbols == [0, 1, 2])
        #expect((constant(-2) * x + y).l1Norm == 3)
    }
}

@Suite("Polynomial derivative")
struct PolynomialDerivativeTests {
    @Test func derivativeOfCube() {
        let cube = Polynomial(.one, Monomial(symbol: 0, exponent: 3))
        #expect(cube == x * x * x)
        #expect(cube.derivative(withRespectTo: 0) == constant(3) * x * x)
        #expect(cube.derivative(withRespectTo: 0).derivative(withRespectTo: 0) == constant(6) * x)
        #expect(cube.derivative(withRespectTo: 1).isZero)
        #expect(constant(7).derivative(withRespectTo: 0).isZero)
        // d/dy (x y² z + 3 y) = 2 x y z + 3
        #expect((x * y * y * z + constant(3) * y).derivative(withRespectTo: 1) == constant(2) * x * y * z + constant(3))
    }

    @Test func derivativeRules() {
        var rng = SplitMix64(seed: 110)
        for _ in 0..<200 {
            let p = rng.polynomial(), q = rng.polynomial()
            let a = rng.smallRational(), b = rng.smallRational()
            let s = Int32(Int.random(in: 0..<3, using: &rng))
            let t = Int32(Int.random(in: 0..<3, using: &rng))
            let d = { (f: Polynomial) in f.derivative(withRespectTo: s) }
            // Linearity
            #expect(d(a * p + b * q) == a * d(p) + b * d(q))
            // Product (Leibniz) rule
            #expect(d(p * q) == d(p) * q + p * d(q), "\(p) | \(q)")
            // Mixed partials commute
            #expect(d(p).derivative(withRespectTo: t) == p.derivative(withRespectTo: t).derivative(withRespectTo: s))
            // Degree drops by at least one
            #expect(d(p).isZero || d(p).degree < p.degree)
            expectCanonical(d(p))
        }
    }

    @Test func derivativeTermByTerm() {
        // Power rule applied independently to every term.
        var rng = SplitMix64(seed: 111)
        for _ in 0..<200 {
            let p = rng.polynomial(symbols: 4, maxDegree: 5, maxTerms: 8)
            let s = Int32(Int.random(in: 0..<4, using: &rng))
            var expected = Polynomial.zero
            for term in p.terms {
                let e = term.monomial.exponent(of: s)
                guard e > 0 else { continue }
                let rest = term.monomial.factors.map { f in (symbol: f.symbol, exponent: f.symbol == s ? f.exponent - 1 : f.exponent) }
                expected = expected + Polynomial(term.coefficient * Rational(e), Monomial(factors: rest))
            }
            #expect(p.derivative(withRespectTo: s) == expected)
        }
    }
}

@Suite("Polynomial power")
struct PolynomialPowerTests {
    @Test func powerMatchesRepeatedMultiplication() throws {
        var rng = SplitMix64(seed: 120)
        for _ in 0..<60 {
            let p = rng.polynomial(maxDegree: 2, maxTerms: 4)
            let n = Int.random(in: 0...6, using: &rng)
            var expected = constant(1)
            for _ in 0..<n { expected = expected * p }
            #expect(try p.power(n) == expected, "(\(p))^\(n)")
        }
        // Single-term fast path.
        let term = Polynomial(Rational(-2, 3), Monomial(factors: [(symbol: 0, exponent: 2), (symbol: 2, exponent: 1)]))
        var expected = constant(1)
        for _ in 0..<5 { expected = expected * term }
        #expect(try term.power(5) == expected)
        #expect(try term.power(0) == constant(1))
        #expect(try Polynomial.zero.power(0) == constant(1))
        #expect(try Polynomial.zero.power(3) == .zero)
    }

    @Test func binomialExpansion() throws {
        // (x + y)^n has n+1 terms with binomial coefficients.
        let n = 12
        let p = try (x + y).power(n)
        #expect(p.count == n + 1)
        var binomial = Rational.one
        for k in 0...n {
            let m = Monomial(factors: [(symbol: Int32(0), exponent: n - k), (symbol: Int32(1), exponent: k)])
            #expect(p.coefficient(of: m) == binomial, "k = \(k)")
            binomial = binomial * Rational(n - k) / Rational(k + 1)
        }
    }

    @Test func powerLimits() throws {
        let limit = SymbolicLimits.maximumExponent
        #expect(throws: SymbolicLimitError.exponentTooLarge(limit + 1)) { try x.power(limit + 1) }
        #expect(throws: SymbolicLimitError.exponentTooLarge(limit + 1)) { try (x + y).power(limit + 1) }
        #expect(throws: SymbolicLimitError.self) { try (x + constant(1)).power(Int.max) }
        let top = try (constant(2) * x).power(limit)
        #expect(top.coefficient(of: Monomial(symbol: 0, exponent: limit)) == twoTo(limit))
        #expect(top.count == 1)
        // (x+y+z+1)^10 has C(13, 3) = 286 monomials: the refusal says so before expanding.
        #expect(throws: SymbolicLimitError.powerTooLarge(terms: 286, limit: 50)) {
            try (x + y + z + constant(1)).power(10, maximumTerms: 50)
        }
        let atTheBound = try (x + y + z + constant(1)).power(10, maximumTerms: 286)
        #expect(atTheBound.count == 286)
    }

    /// The direct multinomial expansion (fast path) against repeated multiplication (reference).
    @Test func multinomialExpansionMatchesRepeatedMultiplication() throws {
        var rng = SplitMix64(seed: 41)
        for _ in 0..<60 {
            var p = Polynomial.zero
            for _ in 0..<Int(rng.next() % 5) + 2 {
                let m = Monomial(factors: (0..<3).compactMap { s -> (symbol: Int32, exponent: Int)? in
                    let e = Int(rng.next() % 3)
                    return e == 0 ? nil : (Int32(s), e)
                })
                p = p + Polynomial(Rational(Int(rng.next() % 7) - 3, Int(rng.next() % 4) + 1), m)
            }
            let e = Int(rng.next() % 7)
            var reference = Polynomial(constant: .one)
            for _ in 0..<e { reference = reference * p }
            let power = try p.power(e)
            #expect(power == reference, "\(p.formatted { "x\($0)" })^\(e)")
        }
        // (a+b+1)^200: 20,301 terms, the exact count of the bound; one coefficient checked.
        let big = try (x + y + constant(1)).power(200)
        #expect(big.count == 20_301)
        let middle = try Rational(parsing: "90548514656103281165404177077484163874504589675413336841320")  // C(200, 100)
        #expect(big.coefficient(of: Monomial(factors: [(symbol: x.symbols[0], exponent: 100), (symbol: y.symbols[0], exponent: 100)])) == middle)
    }
}

@Suite("Polynomial substitution")
struct PolynomialSubstitutionTests {
    @Test func substitutingShiftEqualsEvaluatingAtShiftedPoint() throws {
        var rng = SplitMix64(seed: 130)
        for _ in 0..<150 {
            let p = rng.polynomial()
            let shifted = try p.substituting([0: y + constant(1)])
            #expect(!shifted.symbols.contains(0))
            let values = [rng.smallRational(), rng.smallRational(), rng.smallRational()]
            var moved = values
            moved[0] = values[1] + 1
            #expect(shifted.evaluate(point(values)) == p.evaluate(point(moved)))
        }
    }

    @Test func substitutingSeveralSymbolsAtOnce() throws {
        var rng = SplitMix64(seed: 131)
        for _ in 0..<100 {
            let p = rng.polynomial()
            let f = rng.polynomial(symbols: 3, maxDegree: 2, maxTerms: 3)
            let g = rng.polynomial(symbols: 3, maxDegree: 2, maxTerms: 3)
            // Simultaneous substitution x ↦ f, z ↦ g (f and g may mention x and z themselves).
            let q = try p.substituting([0: f, 2: g])
            let values = [rng.smallRational(), rng.smallRational(), rng.smallRational()]
            let v = point(values)
            let image = [f.evaluate(v), values[1], g.evaluate(v)]
            #expect(q.evaluate(v) == p.evaluate(point(image)))
            #expect(try p.substituting([:]) == p)
            #expect(try p.substituting([0: x, 1: y]) == p)
        }
    }

    @Test func renamingSymbolsScalesAndMerges() throws {
        var rng = SplitMix64(seed: 132)
        let half = Rational(1, 2)
        for _ in 0..<150 {
            let p = rng.polynomial()
            // x0 ↦ y/2, x1 ↦ y/2 with y = symbol 3; x2 stays.
            let q = p.renamingSymbols { $0 == 0 || $0 == 1 ? (symbol: 3, scale: half) : nil }
            #expect(!q.symbols.contains(0) && !q.symbols.contains(1))
            let t = rng.smallRational(), w = rng.smallRational()
            #expect(q.evaluate(point([.zero, .zero, w, t])) == p.evaluate(point([t / 2, t / 2, w])))
            #expect(q == (try p.substituting([0: half * variable(3), 1: half * variable(3)])))
            #expect(p.renamingSymbols { _ in nil } == p)
            expectCanonical(q)
        }
        // x0·x1 ↦ (y/2)² = y²/4 merges into one symbol.
        let merged = (x * y).renamingSymbols { _ in (symbol: 5, scale: half) }
        #expect(merged == Polynomial(Rational(1, 4), Monomial(symbol: 5, exponent: 2)))
    }
}

@Suite("Polynomial evaluation and printing")
struct PolynomialEvaluationPrintingTests {
    @Test func exactAndDoubleEvaluationAgree() {
        var rng = SplitMix64(seed: 140)
        for _ in 0..<300 {
            let p = rng.polynomial(symbols: 3, maxDegree: 4, maxTerms: 6)
            let values = [rng.smallRational(), rng.smallRational(), rng.smallRational()]
            let exact = p.evaluate(point(values)).doubleValue
            let approx = p.evaluate { (s: Int32) -> Double in values[Int(s)].doubleValue }
            let scale = 1 + p.l1Norm.doubleValue * 20_000 // |values| ≤ 20, degree ≤ 4
            #expect(abs(exact - approx) <= 1e-12 * scale, "\(p) at \(values)")
        }
        // Dyadic data is exact in both.
        let q = constant(Rational(3, 4)) * x * x - constant(Rational(1, 8)) * y + constant(5)
        #expect(q.evaluate { (s: Int32) -> Double in s == 0 ? 1.5 : -0.25 } == 6.71875)
        #expect(q.evaluate(point([Rational(3, 2), Rational(-1, 4)])) == Rational(215, 32))
    }

    @Test func equalityAndPrintingIgnoreConstructionOrder() {
        var rng = SplitMix64(seed: 150)
        for _ in 0..<100 {
            var terms: [Term] = []
            for _ in 0..<6 { terms.append(Term(rng.nonzeroSmallRational(), rng.monomial())) }
            let reference = Polynomial(terms: terms)
            for _ in 0..<4 {
                terms.shuffle(using: &rng)
                let other = Polynomial(terms: terms)
                #expect(other == reference)
                #expect(other.hashValue == reference.hashValue)
                #expect(other.description == reference.description)
                #expect(other.terms == reference.terms)
                // Summing one term at a time gives the same canonical value.
                let summed = terms.reduce(Polynomial.zero) { $0 + Polynomial($1.coefficient, $1.monomial) }
                #expect(summed == reference && summed.description == reference.description)
            }
        }
        let xy = Monomial(factors: [(symbol: 0, exponent: 1), (symbol: 1, exponent: 1)])
        let yx = Monomial(factors: [(symbol: 1, exponent: 1), (symbol: 0, exponent: 1)])
        #expect(xy == yx && xy.hashValue == yx.hashValue)
        #expect(Monomial(factors: [(symbol: 2, exponent: 1), (symbol: 2, exponent: 2)]) == Monomial(symbol: 2, exponent: 3))
    }

    @Test func formattedText() {
        let names = ["x", "y", "z"]
        let name = { (s: Int32) in names[Int(s)] }
        #expect(Polynomial.zero.formatted(name) == "0")
        #expect(constant(Rational(-3, 4)).formatted(name) == "-3/4")
        // Terms print in monomial order: constant first, then by lowest symbol.
        let p = constant(Rational(3, 4)) * z - constant(2) * x * y * y - constant(1)
        #expect(p.formatted(name) == "-1 - 2*x*y^2 + 3/4*z")
        #expect((x - y).formatted(name) == "x - y")
        // A leading minus before a power keeps an explicit 1: ERODE reads `-x^2` as `(-x)^2`.
        #expect((constant(-1) * x * x).description == "-1*x0^2")
        #expect((constant(-1) * x * y).description == "-x0*x1")
        // Deterministic: repeated formatting and formatting of equal values agree.
        let q = Polynomial(terms: p.terms.reversed())
        #expect(q.formatted(name) == p.formatted(name))
    }

    @Test func builderCancellation() {
        var builder = PolynomialBuilder()
        let xm = Monomial(symbol: 0), ym = Monomial(symbol: 1)
        builder.add(1, xm)
        builder.add(Rational(2), ym)
        builder.add(-1, xm)
        builder.add(Rational(1, 2), ym)
        builder.add(Rational(-5, 2), ym)
        builder.add(.zero, Monomial(symbol: 2))
        #expect(builder.monomialCount == 2)
        let built = builder.build()
        #expect(built.isZero)
        #expect(built == .zero)
        #expect(built.count == 0)
        #expect(built.description == "0")

        var rng = SplitMix64(seed: 160)
        for _ in 0..<100 {
            let p = rng.polynomial(), q = rng.polynomial()
            var b = PolynomialBuilder()
            b.add(p)
            b.add(q, times: Rational(3))
            b.add(p, times: -1)
            #expect(b.build() == Rational(3) * q)
            b.add(q, times: Rational(-3))
            #expect(b.build().isZero)
        }
        // Partial cancellation keeps the survivors only.
        let partial = Polynomial(terms: [Term(2, xm), Term(5, ym), Term(-2, xm)])
        #expect(partial == constant(5) * y)
        #expect(partial.count == 1)
    }
}
