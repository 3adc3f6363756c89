import Symbolic

/// The exact, independent check of a claimed backward differential equivalence.
///
/// It shares no code with the refinement: every variable is replaced by the first
/// member of its block (a plain symbol renaming written out here), and each member's
/// right-hand side is compared exactly with the first member's.
public enum BackwardCertificate {
    /// A witness that a partition is not a BDE; ``CertificateViolation/block`` is the block
    /// holding both variables, and the monomial is in the model's symbols with each variable
    /// standing for its block's first member.
    public typealias Violation = CertificateViolation

    /// The outcome of a check: for a BDE, `reduced` is ``Symbolic/ODEModel/backwardQuotient(by:)``.
    public typealias Result = CertificateResult

    /// Checks `partition` against `model` (use ``Symbolic/ODEModel/substitutingParameterValues()``
    /// first to check for the given parameter values).
    /// - Complexity: O(t·d) expected plus sorting, for t terms of degree ≤ d.
    public static func check(_ model: ODEModel, partition: Partition) -> Result {
        if let v = firstViolation(model, partition: partition) { return .violation(v) }
        return .equivalence(reduced: model.backwardQuotient(by: partition))
    }

    /// The first violation of the BDE condition, or `nil` when `partition` is a BDE
    /// (the verdict of ``check(_:partition:)`` without building the reduced model).
    public static func firstViolation(_ model: ODEModel, partition: Partition) -> Violation? {
        precondition(partition.elementCount == model.variables.count)
        // Symbol of the representative (first member) of each variable's block.
        var representative: [Int32: Int32] = [:]
        for block in partition.blocks {
            let r = model.variables[block[0]].symbol
            for i in block { representative[model.variables[i].symbol] = r }
        }
        func restricted(_ p: Polynomial) -> Polynomial {
            var terms: [Term] = []
            terms.reserveCapacity(p.count)
            for t in p.terms {
                // Monomial(factors:) multiplies out symbols that now repeat.
                let factors = t.monomial.factors.map { (symbol: representative[$0.symbol] ?? $0.symbol, exponent: $0.exponent) }
                terms.append(Term(t.coefficient, Monomial(factors: factors)))
            }
            return Polynomial(terms: terms)
        }
        for (b, block) in partition.blocks.enumerated() where block.count > 1 {
            let reference = restricted(model.equations[block[0]])
            for j in block.dropFirst() {
                let other = restricted(model.equations[j])
                if other != reference {
                    let m = (reference - other).terms[0].monomial
                    let ca = reference.coefficient(of: m), cb = other.coefficient(of: m)
                    let name = { (s: Int32) in model.symbols[Int(s)].name }
                    let vi = model.variables[block[0]].name, vj = model.variables[j].name
                    let text = "\(vi) and \(vj) are in one block but d(\(vi)) and d(\(vj)) differ on the subspace (each variable replaced by its block's first member) at monomial \(Polynomial(.one, m).formatted(name)): coefficient \(ca) vs \(cb), in the block \(CertificateViolation.blockText(model, partition.blocks[b]))"
                    return Violation(block: b, first: block[0], second: j, monomial: m,
                                     firstCoefficient: ca, secondCoefficient: cb, text: text)
                }
            }
        }
        return nil
    }
}
