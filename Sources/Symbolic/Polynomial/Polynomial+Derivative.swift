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
    /// All nonzero partial derivatives with respect to the symbols selected by `include`, in one pass.
    /// - Complexity: O(t·d) expected for t terms of degree ≤ d, plus sorting each derivative.
    public func gradient(withRespectTo include: (Int32) -> Bool) -> [Int32: Polynomial] {
        var builders: [Int32: PolynomialBuilder] = [:]
        for t in terms {
            let packed = t.monomial.packedFactors
            for (position, w) in packed.enumerated() {
                let symbol = Int32(bitPattern: UInt32(w >> 32))
                guard include(symbol) else { continue }
                let e = w & 0xFFFF_FFFF
                var q = packed
                if e == 1 { q.remove(at: position) } else { q[position] = w - 1 }
                builders[symbol, default: PolynomialBuilder()].add(t.coefficient * Rational(Int(e)), Monomial(uncheckedPacked: q))
            }
        }
        var result: [Int32: Polynomial] = [:]
        for (s, b) in builders {
            let p = b.build()
            if !p.isZero { result[s] = p }
        }
        return result
    }
}
