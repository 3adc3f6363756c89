import Symbolic

extension ApproximateForwardEquivalence {
    /// For each block B of `partition`, the residual ‖Σ_{i∈B} f_i − g_B(y(x))‖₁ of the
    /// averaged quotient ``Symbolic/ODEModel/forwardQuotient(by:)``, where g_B(y(x)) is g_B
    /// with y_C ↦ Σ_{i∈C} x_i expanded back into x. Zero for the blocks of an exact FDE.
    ///
    /// Computed exactly without expanding: group the terms of f_B by their block-degree
    /// vector μ (the exponent sum over each block, parameters kept). g_B has coefficient
    /// c_μ = Σ_{ν∈μ} a_ν · Π_C |C|^{−e_C} at y^μ, whose expansion puts c_μ·m_ν on each
    /// x-monomial ν of degree μ, with multinomial m_ν = Π_C e_C!/Π_{i∈C} a_i!, and
    /// Σ_ν m_ν = Π_C |C|^{e_C}. Monomials absent from f_B contribute |c_μ|·m_ν, so
    /// residual = Σ_μ [Σ_{ν∈supp f_B, ν∈μ} (|a_ν − c_μ m_ν| − |c_μ| m_ν) + |c_μ| Π_C |C|^{e_C}].
    ///
    /// An entry is `nil` (unavailable) when a block exponent exceeds
    /// ``Symbolic/SymbolicLimits/maximumExponent`` (the exact numbers would be huge).
    /// - Complexity: O(t·d) plus sorting for t terms of degree ≤ d (no expansion).
    public static func residuals(_ model: ODEModel, partition: Partition) -> [Rational?] {
        precondition(partition.elementCount == model.variables.count)
        let n = model.variables.count
        let sizes = partition.blocks.map(\.count)
        var factorials: [Rational] = [.one]
        func factorial(_ k: Int) -> Rational {
            while factorials.count <= k { factorials.append(factorials.last! * Rational(factorials.count)) }
            return factorials[k]
        }
        var result: [Rational?] = []
        for block in partition.blocks {
            var builder = PolynomialBuilder()
            for i in block { builder.add(model.equations[i]) }
            let fB = builder.build()
            // Per block-degree key μ: the terms (coefficient, multinomial) and Σ a_ν.
            var groups: [Monomial: (terms: [(Rational, Rational)], sum: Rational)] = [:]
            var unavailable = false
            for t in fB.terms {
                var blockExponent: [Int32: Int] = [:]
                var denominator = Rational.one  // Π_{i} a_i!
                for (s, e) in t.monomial.factors {
                    if let k = model.variableIndex(ofSymbol: s) {
                        blockExponent[Int32(partition.blockOf[k]), default: 0] += e
                        denominator *= factorial(e)
                    } else {
                        blockExponent[Int32(n) + s, default: 0] += e  // parameters never collide with blocks
                    }
                }
                var multinomial = Rational.one
                for (s, e) in blockExponent where s < Int32(n) {
                    if e > SymbolicLimits.maximumExponent { unavailable = true }
                    else { multinomial *= factorial(e) }
                }
                if unavailable { break }
                let key = Monomial(factors: blockExponent.map { (symbol: $0.key, exponent: $0.value) })
                groups[key, default: ([], .zero)].terms.append((t.coefficient, multinomial / denominator))
                groups[key]!.sum += t.coefficient
            }
            if unavailable {
                result.append(nil)
                continue
            }
            var residual = Rational.zero
            for (key, group) in groups {
                var scale = Rational.one  // Π_C |C|^{e_C}
                for (s, e) in key.factors where s < Int32(n) && sizes[Int(s)] > 1 {
                    scale *= Rational(sizes[Int(s)]).power(e)
                }
                let c = group.sum / scale
                if c.isZero {
                    for (a, _) in group.terms { residual += a.magnitude }
                    continue
                }
                for (a, m) in group.terms {
                    residual += (a - c * m).magnitude - c.magnitude * m
                }
                residual += c.magnitude * scale
            }
            result.append(residual)
        }
        return result
    }
}
