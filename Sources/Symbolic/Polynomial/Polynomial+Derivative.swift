extension Polynomial {
    /// The partial derivative ∂p/∂x_symbol.
    /// - Complexity: O(t log t) for t terms containing the symbol.
    public func derivative(withRespectTo symbol: Int32) -> Polynomial {
        var out: [Term] = []
        for t in terms {
            guard let (q, e) = t.monomial.removingOne(of: symbol) else { continue }
            out.append(Term(t.coefficient * Rational(e), q))
        }
        // Dividing by one symbol can reorder monomials; distinct inputs stay distinct.
        out.sort { $0.monomial < $1.monomial }
        return Polynomial(sortedTerms: out)
    }
}

extension Polynomial {
    /// All nonzero partial derivatives with respect to the symbols selected by `include`, in one
    /// pass, ordered by symbol.
    /// - Complexity: O(t·d·log(t·d)) for t terms of degree ≤ d: derivative terms are grouped by
    ///   symbol with one integer sort (a counting sort when the symbol range allows), then each
    ///   group is sorted by monomial.
    public func gradient(withRespectTo include: (Int32) -> Bool) -> [(symbol: Int32, derivative: Polynomial)] {
        var entries: [Term] = []
        var keys: [UInt64] = []  // symbol << 32 | index into `entries`
        let factorCount = terms.reduce(0) { $0 + $1.monomial.count }
        entries.reserveCapacity(factorCount)
        keys.reserveCapacity(factorCount)
        var largestSymbol: UInt64 = 0
        for t in terms {
            for (position, f) in t.monomial.powers.enumerated() {
                guard include(f.symbol) else { continue }
                let e = f.exponent, symbol = UInt64(UInt32(bitPattern: f.symbol))
                precondition(entries.count < 1 << 32, "too many derivative terms")
                keys.append(symbol << 32 | UInt64(entries.count))
                largestSymbol = Swift.max(largestSymbol, symbol)
                entries.append(Term(e == 1 ? t.coefficient : t.coefficient * Rational(e), t.monomial.removingOne(at: position)))
            }
        }
        // Keys are generated in index order, so grouping by symbol with a (stable) counting sort
        // gives the sorted order; it pays when the symbol range is not much wider than the keys.
        if Int(largestSymbol) <= 4 * keys.count + 1024 {
            var start = [Int](repeating: 0, count: Int(largestSymbol) + 2)
            for key in keys { start[Int(key >> 32) + 1] += 1 }
            for i in 0...Int(largestSymbol) { start[i + 1] += start[i] }
            var sorted = [UInt64](repeating: 0, count: keys.count)
            for key in keys {
                sorted[start[Int(key >> 32)]] = key
                start[Int(key >> 32)] += 1
            }
            keys = sorted
        } else {
            keys.sort()
        }
        var result: [(symbol: Int32, derivative: Polynomial)] = []
        var k = 0
        while k < keys.count {
            let symbol = keys[k] >> 32, groupStart = k
            while k < keys.count && keys[k] >> 32 == symbol { k += 1 }
            let p = PolynomialBuilder(terms: keys[groupStart..<k].lazy.map { entries[Int($0 & 0xFFFF_FFFF)] }).build()
            if !p.isZero { result.append((Int32(bitPattern: UInt32(symbol)), p)) }
        }
        return result
    }
}
