import Symbolic

/// Computes f_i with x_k ↦ z_{B(k)} over new symbols: block ids `0..<n`, and `n + s`
/// for a non-variable symbol s (so parameters never collide with blocks).
struct BlockLumper {
    /// Per equation, per term: coefficient and factors (variable index or -1 - symbol, exponent).
    let termStart: [Int]
    let coefficients: [Rational]
    private let factorStart: [Int]
    private let factorSource: [Int32]
    private let factorExponent: [Int32]
    let variableCount: Int
    private var scratch: [UInt64] = []

    init(model: ODEModel) {
        variableCount = model.variables.count
        let variableOf = model.variableIndexTable()
        let termCount = model.equations.reduce(0) { $0 + $1.count }
        var termStart = [0], coefficients: [Rational] = [], factorStart = [0]
        var factorSource: [Int32] = [], factorExponent: [Int32] = []
        termStart.reserveCapacity(model.equations.count + 1)
        coefficients.reserveCapacity(termCount)
        factorStart.reserveCapacity(termCount + 1)
        factorSource.reserveCapacity(2 * termCount)
        factorExponent.reserveCapacity(2 * termCount)
        for e in model.equations {
            for t in e.terms {
                coefficients.append(t.coefficient)
                for f in t.monomial.powers {
                    let k = variableOf[Int(f.symbol)]
                    factorSource.append(k >= 0 ? k : -1 - f.symbol)
                    factorExponent.append(Int32(f.exponent))
                }
                factorStart.append(factorSource.count)
            }
            termStart.append(coefficients.count)
        }
        self.termStart = termStart
        self.coefficients = coefficients
        self.factorStart = factorStart
        self.factorSource = factorSource
        self.factorExponent = factorExponent
    }

    /// The lumped monomial of term `t` under `blockOf`.
    @inline(__always)
    mutating func lumpedMonomial(term t: Int, blockOf: [Int32]) -> Monomial {
        scratch.removeAll(keepingCapacity: true)
        for f in factorStart[t]..<factorStart[t + 1] {
            let source = factorSource[f]
            let target: Int32 = source >= 0 ? blockOf[Int(source)] : Int32(variableCount) + (-1 - source)
            scratch.append(Monomial.sortableWord(symbol: target, exponent: Int(factorExponent[f])))
        }
        return Monomial(mergingSortableWords: &scratch)
    }

    /// f_i with x_k ↦ z_{B(k)}.
    mutating func signature(of i: Int, blockOf: [Int32]) -> Polynomial {
        var builder = PolynomialBuilder(minimumCapacity: termStart[i + 1] - termStart[i])
        for t in termStart[i]..<termStart[i + 1] {
            builder.add(coefficients[t], lumpedMonomial(term: t, blockOf: blockOf))
        }
        return builder.build()
    }
}
