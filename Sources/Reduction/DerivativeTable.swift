import Symbolic

/// Precomputed partial derivatives of every right-hand side, for fast splitting.
///
/// Monomials are interned once. For each distinct monomial u and each state
/// variable x_k dividing it, the table stores (k, exponent, id of u/x_k); each
/// equation is a list of (coefficient, monomial id). The derivative
/// ∂f_H/∂x_k of a block sum is then a sum of entries, gathered per splitter.
struct DerivativeTable {
    /// Variable count.
    let variableCount: Int
    /// For equation i, terms `termStart[i]..<termStart[i+1]` in `termMonomial` / `termCoefficient`.
    var termStart: [Int32] = [0]
    var termMonomial: [Int32] = []
    var termCoefficient: [Rational] = []
    /// For monomial u, derivative entries `derivativeStart[u]..<derivativeStart[u+1]`.
    var derivativeStart: [Int32] = [0]
    var derivativeVariable: [Int32] = []
    var derivativeExponent: [Int32] = []
    var derivativeMonomial: [Int32] = []
    /// Number of interned monomials (originals and quotients).
    var monomialCount = 0

    /// Builds the table for `equations` where `variableOfSymbol(s)` maps a symbol to its variable index.
    /// - Complexity: O(t·d) expected for t terms of degree ≤ d.
    init(equations: [Polynomial], variableOfSymbol: (Int32) -> Int?) {
        variableCount = equations.count
        var ids: [Monomial: Int32] = [:]
        var monomials: [Monomial] = []
        func intern(_ m: Monomial) -> Int32 {
            if let id = ids[m] { return id }
            let id = Int32(monomials.count)
            ids[m] = id
            monomials.append(m)
            return id
        }
        for e in equations {
            for t in e.terms {
                termMonomial.append(intern(t.monomial))
                termCoefficient.append(t.coefficient)
            }
            termStart.append(Int32(termMonomial.count))
        }
        // Derivatives only of monomials occurring in equations (quotients get ids but no entries).
        let originals = monomials.count
        for u in 0..<originals {
            let m = monomials[u]
            let packed = m.packedFactors
            for (position, w) in packed.enumerated() {
                let symbol = Int32(bitPattern: UInt32(w >> 32))
                guard let k = variableOfSymbol(symbol) else { continue }
                let e = w & 0xFFFF_FFFF
                var q = packed
                if e == 1 { q.remove(at: position) } else { q[position] = w - 1 }
                derivativeVariable.append(Int32(k))
                derivativeExponent.append(Int32(e))
                derivativeMonomial.append(intern(Monomial(uncheckedPacked: q)))
            }
            derivativeStart.append(Int32(derivativeVariable.count))
        }
        monomialCount = monomials.count
    }
}
