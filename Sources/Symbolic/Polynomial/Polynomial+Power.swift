extension Polynomial {
    /// `self` raised to a non-negative integer power, refusing — before any expansion — results
    /// that could exceed `maximumTerms` terms, symbol powers above ``SymbolicLimits/maximumDegree``
    /// and coefficients above ``SymbolicLimits/maximumNumberBits``.
    ///
    /// The size of (t₁ + … + t_n)^e is bounded before expanding by the smaller of the number of
    /// multinomial products, C(e + n − 1, n − 1), and the number of monomials of total degree
    /// ≤ e·deg in the v symbols that occur, C(e·deg + v, v). When the product count is within
    /// the limit the expansion enumerates the multinomial theorem directly,
    /// Σ_{k₁+…+k_n=e} e!/(k₁!…k_n!) Π tᵢ^{kᵢ}, one term per product (no intermediate
    /// polynomials); otherwise (many like monomials, e.g. (1 + x + … + x⁹)^e) by repeated
    /// squaring, each product's work checked against the limit.
    /// - Complexity: O(C(e + n − 1, n − 1) · n) monomial and coefficient operations for the
    ///   direct expansion, plus one sort of the result.
    public func power(_ exponent: Int, maximumTerms: Int = SymbolicLimits.maximumTerms) throws(SymbolicLimitError) -> Polynomial {
        precondition(exponent >= 0)
        if exponent == 0 { return Polynomial(constant: .one) }
        if exponent > SymbolicLimits.maximumExponent {
            throw SymbolicLimitError.exponentTooLarge(exponent)
        }
        if isZero { return .zero }
        if exponent == 1 { return self }
        let (degree, overflow) = maximumSymbolExponent.multipliedReportingOverflow(by: exponent)
        if overflow || degree > SymbolicLimits.maximumDegree { throw .degreeTooLarge(overflow ? Int.max : degree) }
        if terms.count == 1 {
            // A single term: raise coefficient and exponents directly (no overflow: degree checked above).
            let t = terms[0]
            return Polynomial(try t.coefficient.power(exponent, maximumBits: SymbolicLimits.maximumNumberBits),
                              t.monomial.power(exponent))
        }
        // Multinomial expansion: each coefficient is a sum of at most count^exponent products.
        let (bits, bitsOverflow) = (maximumCoefficientBits + count.bitWidth - count.leadingZeroBitCount)
            .multipliedReportingOverflow(by: exponent)
        if bitsOverflow { throw .numberTooLarge(Int.max) }
        try SymbolicLimits.checkNumberBits(bits)
        let products = Polynomial.binomial(exponent + count - 1, count - 1)
        let (span, spanOverflow) = exponent.multipliedReportingOverflow(by: self.degree)
        let monomials = spanOverflow ? Int.max : Polynomial.binomial(span + symbols.count, symbols.count)
        let bound = Swift.min(products, monomials)
        if bound > maximumTerms { throw .powerTooLarge(terms: bound, limit: maximumTerms) }
        if products <= maximumTerms {
            try SymbolicLimits.checkWork(products, bits: bits)
            return multinomialExpansion(exponent, products: products)
        }
        var result = Polynomial(constant: .one)
        var base = self
        var e = exponent
        while true {
            if e & 1 == 1 {
                try SymbolicLimits.checkProduct(result.count, base.count, maximumTerms)
                try SymbolicLimits.checkWork(result.count * base.count, bits: result.maximumCoefficientBits + base.maximumCoefficientBits)
                result = result * base
            }
            e >>= 1
            if e == 0 { break }
            try SymbolicLimits.checkProduct(base.count, base.count, maximumTerms)
            try SymbolicLimits.checkWork(base.count * base.count, bits: 2 * base.maximumCoefficientBits)
            base = base * base
        }
        return result
    }

    /// C(n, k), saturating at `Int.max`.
    package static func binomial(_ n: Int, _ k: Int) -> Int {
        let k = Swift.min(k, n - k)
        if k < 0 { return 0 }
        var result = 1
        for i in 0..<k {
            // result · (n − i) / (i + 1) stays an integer at every step (it is C(n, i + 1)).
            let (p, o) = result.multipliedReportingOverflow(by: n - i)
            if o { return Int.max }
            result = p / (i + 1)
        }
        return result
    }

    /// Σ_{k₁+…+k_n=e} C(e; k₁,…,k_n) Π tᵢ^{kᵢ}, enumerated term by term: the exponent of term
    /// i ranges over what the earlier terms left, with the binomial C(rest, kᵢ) and the
    /// partial product carried down, so each product costs one coefficient and one monomial
    /// multiplication. - Requires: `count ≥ 2`; `products` multinomial products fit the limits.
    private func multinomialExpansion(_ exponent: Int, products: Int) -> Polynomial {
        let n = terms.count
        // Powers 0…e of every term's coefficient and monomial.
        var coefficientPowers: [[Rational]] = []
        var monomialPowers: [[Monomial]] = []
        for t in terms {
            var c: [Rational] = [.one], m: [Monomial] = [.one]
            for k in 1...exponent {
                c.append(c[k - 1] * t.coefficient)
                m.append(m[k - 1] * t.monomial)
            }
            coefficientPowers.append(c)
            monomialPowers.append(m)
        }
        var builder = PolynomialBuilder(minimumCapacity: products)
        func expand(_ i: Int, rest: Int, coefficient: Rational, monomial: Monomial) {
            if i == n - 1 {
                builder.add(coefficient * coefficientPowers[i][rest], monomial * monomialPowers[i][rest])
                return
            }
            var choose = Rational.one  // C(rest, k)
            for k in 0...rest {
                if k > 0 { choose = choose * Rational(rest - k + 1) / Rational(k) }
                expand(i + 1, rest: rest - k, coefficient: coefficient * choose * coefficientPowers[i][k],
                       monomial: monomial * monomialPowers[i][k])
            }
        }
        expand(0, rest: exponent, coefficient: .one, monomial: .one)
        return builder.build()
    }
}
