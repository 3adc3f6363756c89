extension Polynomial {
    /// Merges two sorted term lists, combining like terms with `sign` applied to `b`.
    private static func merge(_ a: [Term], _ b: [Term], negateSecond: Bool) -> [Term] {
        var out: [Term] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            let ma = a[i].monomial, mb = b[j].monomial
            if ma == mb {
                let c = negateSecond ? a[i].coefficient - b[j].coefficient : a[i].coefficient + b[j].coefficient
                if !c.isZero { out.append(Term(c, ma)) }
                i += 1; j += 1
            } else if ma < mb {
                out.append(a[i]); i += 1
            } else {
                out.append(negateSecond ? Term(-b[j].coefficient, mb) : b[j]); j += 1
            }
        }
        out.append(contentsOf: a[i...])
        for t in b[j...] { out.append(negateSecond ? Term(-t.coefficient, t.monomial) : t) }
        return out
    }

    /// The sum.
    /// - Complexity: O(n + m) monomial comparisons.
    public static func + (a: Polynomial, b: Polynomial) -> Polynomial {
        if a.isZero { return b }
        if b.isZero { return a }
        return Polynomial(sortedTerms: merge(a.terms, b.terms, negateSecond: false))
    }

    /// The difference.
    public static func - (a: Polynomial, b: Polynomial) -> Polynomial {
        Polynomial(sortedTerms: merge(a.terms, b.terms, negateSecond: true))
    }

    /// The negation.
    public static prefix func - (a: Polynomial) -> Polynomial {
        Polynomial(sortedTerms: a.terms.map { Term(-$0.coefficient, $0.monomial) })
    }

    /// `scale · p`.
    public static func * (scale: Rational, p: Polynomial) -> Polynomial {
        if scale.isZero { return .zero }
        if scale.isOne { return p }
        return Polynomial(sortedTerms: p.terms.map { Term($0.coefficient * scale, $0.monomial) })
    }

    /// The product.
    /// - Complexity: O(n·m) coefficient multiplications plus a sort of the result.
    public static func * (a: Polynomial, b: Polynomial) -> Polynomial {
        if a.isZero || b.isZero { return .zero }
        if let c = a.constantValue { return c * b }
        if let c = b.constantValue { return c * a }
        var builder = PolynomialBuilder(minimumCapacity: a.count * b.count)
        for x in a.terms {
            for y in b.terms { builder.add(x.coefficient * y.coefficient, x.monomial * y.monomial) }
        }
        return builder.build()
    }

    public static func += (a: inout Polynomial, b: Polynomial) { a = a + b }
    public static func -= (a: inout Polynomial, b: Polynomial) { a = a - b }
    public static func *= (a: inout Polynomial, b: Polynomial) { a = a * b }

    /// The largest exponent of any symbol in any term (0 for a constant).
    public var maximumSymbolExponent: Int {
        var m = 0
        for t in terms { for f in t.monomial.powers { m = Swift.max(m, f.exponent) } }
        return m
    }

    /// The largest ``Rational/bitSize`` of a coefficient.
    public var maximumCoefficientBits: Int {
        terms.reduce(0) { Swift.max($0, $1.coefficient.bitSize) }
    }

    /// The product, refusing (before computing it) results above `maximumTerms` terms,
    /// symbol powers above ``SymbolicLimits/maximumDegree`` or coefficients above
    /// ``SymbolicLimits/maximumNumberBits``.
    public static func checkedProduct(_ a: Polynomial, _ b: Polynomial,
                                      maximumTerms: Int = SymbolicLimits.maximumTerms) throws(SymbolicLimitError) -> Polynomial {
        if a.isZero || b.isZero { return .zero }
        try SymbolicLimits.checkProduct(a.count, b.count, maximumTerms)
        let degree = a.maximumSymbolExponent + b.maximumSymbolExponent
        if degree > Int(UInt32.max) { throw .degreeTooLarge(degree) }
        // Each coefficient is a sum of at most min(|a|, |b|) products.
        let sumBits = Swift.min(a.count, b.count).bitWidth - Swift.min(a.count, b.count).leadingZeroBitCount
        let factorBits = a.maximumCoefficientBits + b.maximumCoefficientBits  // one pass over each factor
        try SymbolicLimits.checkNumberBits(factorBits + sumBits)
        try SymbolicLimits.checkWork(a.count * b.count, bits: factorBits)
        let p = a * b
        if degree > SymbolicLimits.maximumDegree {
            let d = p.maximumSymbolExponent
            if d > SymbolicLimits.maximumDegree { throw .degreeTooLarge(d) }
        }
        return p
    }
}
