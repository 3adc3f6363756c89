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
