import Symbolic

/// Precomputed partial derivatives of every right-hand side, for fast splitting.
///
/// For every term c·u of equation i and every state variable x_k dividing u,
/// the table stores (k, exponent of x_k, id of u/x_k); ∂f_H/∂x_k of a block sum
/// is then a sum of entries, gathered per splitter. Equal quotient monomials get
/// equal ids: a constant, a single symbol to the first power, or (when the symbols
/// are few enough) a product of two first powers — every quotient of a mass-action
/// model of degree ≤ 3 — is numbered directly from its symbols; other quotients go
/// through a ``MonomialInterner``.
struct DerivativeTable {
    /// Variable count.
    let variableCount: Int
    /// For equation i, terms `termStart[i]..<termStart[i+1]` of `termCoefficient`.
    var termStart: [Int32] = [0]
    var termCoefficient: [Rational] = []
    /// `termCoefficient` as 64-bit fractions (``MachineFraction/unrepresentable`` where one does not fit).
    var termSmallCoefficient: [SmallFraction] = []
    /// `termCoefficient` as 128-bit fractions, or `nil` when every coefficient fits 64 bits
    /// (then only an arithmetic overflow, which is rare, sends a splitter past the 64-bit tier,
    /// and it goes straight to `Rational`).
    var termWideCoefficient: [WideFraction]?
    /// Whether all of equation i's coefficients fit 64 bits (a splitter containing an equation
    /// that does not starts in the 128-bit tier).
    var equationFitsSmall: [Bool] = []
    /// For term t, derivative entries `derivativeStart[t]..<derivativeStart[t+1]`.
    var derivativeStart: [Int32] = [0]
    /// The entries, each (variable, exponent, quotient id) together: the refinement reads them
    /// in one stream.
    var derivatives: [DerivativeEntry] = []

    /// Builds the table for `equations` where `variableOfSymbol(s)` maps a symbol to its variable index.
    /// - Complexity: O(t·d) expected for t terms of degree ≤ d.
    init(equations: [Polynomial], variableOfSymbol: (Int32) -> Int?) {
        variableCount = equations.count
        var termCount = 0, symbolBound = 0
        for e in equations {
            termCount += e.count
            for t in e.terms { if let f = t.monomial.powers.last { symbolBound = max(symbolBound, Int(f.symbol) + 1) } }
        }
        precondition(termCount < Int(Int32.max) / 4 && symbolBound < Int(Int32.max) / 4, "model too large for 32-bit table indices")
        termCoefficient.reserveCapacity(termCount)
        derivativeStart.reserveCapacity(termCount + 1)
        termStart.reserveCapacity(equations.count + 1)
        // Ids: 0 = constant, 1 + s = symbol s to the first power; when the symbols are few
        // enough, pairBase + a·S + b = x_a·x_b (a < b, first powers: the quotients of
        // degree-3 mass action); above all that, interned monomials.
        let S = symbolBound
        let pairBase: Int? = 1 + S + S * S < Int(Int32.max) / 2 ? 1 + S : nil
        let internedBase = Int32(pairBase.map { $0 + S * S } ?? 1 + S)
        var interner = MonomialInterner()
        for e in equations {
            for t in e.terms {
                termCoefficient.append(t.coefficient)
                for (position, f) in t.monomial.powers.enumerated() {
                    guard let k = variableOfSymbol(f.symbol) else { continue }
                    let exponent = f.exponent
                    // Every quotient of one shape gets its id the same way, whatever term it
                    // came from: equal monomials must get equal ids.
                    let q = t.monomial.removingOne(at: position)
                    let factors = q.powers
                    let id: Int32
                    if factors.isEmpty {
                        id = 0
                    } else if factors.count == 1 && factors[0].exponent == 1 {
                        id = 1 + factors[0].symbol
                    } else if let pairBase, factors.count == 2 && factors[0].exponent == 1 && factors[1].exponent == 1 {
                        id = Int32(pairBase + Int(factors[0].symbol) * S + Int(factors[1].symbol))
                    } else {
                        let interned = interner.intern(q)
                        precondition(interned < Int32.max - internedBase, "too many distinct monomials")
                        id = internedBase + interned
                    }
                    derivatives.append(DerivativeEntry(variable: Int32(k), exponent: Int32(exponent), monomial: id))
                }
                derivativeStart.append(Int32(derivatives.count))
            }
            termStart.append(Int32(termCoefficient.count))
        }
        termSmallCoefficient = termCoefficient.map(SmallFraction.init)
        if termSmallCoefficient.contains(where: { $0.denominator == 0 }) {
            termWideCoefficient = termCoefficient.map(WideFraction.init)
            equationFitsSmall = (0..<equations.count).map { i in
                (Int(termStart[i])..<Int(termStart[i + 1])).allSatisfy { termSmallCoefficient[$0].denominator != 0 }
            }
        } else {
            equationFitsSmall = [Bool](repeating: true, count: equations.count)
        }
    }
}

/// One derivative entry of a term c·u: ∂(c·u)/∂x_variable = c · exponent · (quotient `monomial`).
struct DerivativeEntry {
    var variable: Int32
    var exponent: Int32
    var monomial: Int32
}
