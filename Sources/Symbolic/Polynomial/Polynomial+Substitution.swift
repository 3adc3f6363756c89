extension Polynomial {
    /// Replaces symbols by polynomials (e.g. linear forms); symbols absent from `map` stay.
    ///
    /// - Complexity: one polynomial product per factor of each term; intended for small
    ///   substitutions. For renaming-with-scaling use ``renamingSymbols(_:)``.
    public func substituting(_ map: [Int32: Polynomial]) throws(SymbolicLimitError) -> Polynomial {
        var builder = PolynomialBuilder()
        for t in terms {
            var product = Polynomial(t.coefficient, .one)
            var kept = FactorBuffer()
            for f in t.monomial.powers {
                let symbol = f.symbol, exponent = f.exponent
                if let replacement = map[symbol] {
                    let power = try replacement.power(exponent)
                    try SymbolicLimits.checkProduct(product.count, power.count, SymbolicLimits.maximumTerms)
                    product = product * power
                } else {
                    kept.append(f)
                }
            }
            let keptMonomial = kept.monomial
            for u in product.terms { builder.add(u.coefficient, u.monomial * keptMonomial) }
        }
        return builder.build()
    }

    /// Applies a monomial map x_i ↦ scale_i · y_{target_i}; `rename` returns `nil` to keep a symbol.
    ///
    /// This is the uniform substitution of a lumping quotient (x_i ↦ y_B / |B|).
    /// - Complexity: O(t·d) plus the sort of the result.
    public func renamingSymbols(_ rename: (Int32) -> (symbol: Int32, scale: Rational)?) -> Polynomial {
        var builder = PolynomialBuilder(minimumCapacity: terms.count)
        for t in terms {
            var coefficient = t.coefficient
            var factors: [(symbol: Int32, exponent: Int)] = []
            factors.reserveCapacity(t.monomial.count)
            for (symbol, exponent) in t.monomial.factors {
                if let (target, scale) = rename(symbol) {
                    if !scale.isOne { coefficient *= scale.power(exponent) }
                    factors.append((target, exponent))
                } else {
                    factors.append((symbol, exponent))
                }
            }
            builder.add(coefficient, Monomial(factors: factors))
        }
        return builder.build()
    }
}

extension Polynomial {
    /// Applies x_s ↦ scale[s] · y_{target[s]} for every symbol s (tables indexed by symbol id).
    ///
    /// The table form of ``renamingSymbols(_:)`` used by quotients: no closure call and no
    /// optional per factor.
    /// - Complexity: O(t·d) plus the sort of the result.
    public func renamingSymbols(targets: [Int32], scales: [Rational]) -> Polynomial {
        var builder = PolynomialBuilder(minimumCapacity: terms.count)
        builder.add(self, renamingSymbols: targets, scales: scales)
        return builder.build()
    }
}

extension PolynomialBuilder {
    /// Adds `factor · p` with x_s ↦ scale[s] · y_{target[s]} applied (see
    /// ``Polynomial/renamingSymbols(targets:scales:)``); several polynomials renamed into one
    /// builder are combined in one sort.
    public mutating func add(_ p: Polynomial, renamingSymbols targets: [Int32], scales: [Rational], times factor: Rational = .one) {
        if factor.isZero { return }
        for t in p.terms {
            var coefficient = factor.isOne ? t.coefficient : t.coefficient * factor
            var factors = FactorBuffer()
            for f in t.monomial.powers {
                let s = Int(f.symbol), exponent = f.exponent
                let scale = scales[s]
                if !scale.isOne { coefficient *= exponent == 1 ? scale : scale.power(exponent) }
                factors.append(Monomial.sortableWord(symbol: targets[s], exponent: exponent))
            }
            add(coefficient, factors.sortedMonomial)
        }
    }
}
