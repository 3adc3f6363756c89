import Symbolic

extension Network {
    /// The network as a polynomial ODE whose equilibrium is the forward pass.
    ///
    /// Variables in neuron-layer order (`in_k`, `h1_j`, …, `out_j`, see
    /// ``neuronName(layer:index:)``): d in_k/dt = 0 with initial value the (standardized)
    /// input, and for every other neuron dh_j/dt = p_ℓ(Σ_k W_jk h_k + b_j) − h_j with
    /// initial value 0. Setting every derivative to 0 gives h_j = p_ℓ(…), layer by
    /// layer: the forward pass. Because the layers form a DAG, the equilibrium is
    /// reached (globally, from any start) as t → ∞ for the inputs' values.
    ///
    /// - Parameters:
    ///   - input: the input values, or `nil` for all-zero initial inputs.
    ///   - standardize: apply the network's standardization to `input` first.
    /// - Throws: for non-polynomial activations (`relu`, `tanh`, `sigmoid`) or a wrong input size.
    public func forwardODE(input: [Rational]? = nil, standardize: Bool = true) throws(NetworkError) -> ODEModel {
        for (l, layer) in layers.enumerated() where !layer.activation.isPolynomial {
            throw NetworkError("layer \(l + 1) activation: \(layer.activation.name) is not a polynomial; the network ODE needs identity, square, cube or {\"polynomial\": […]}")
        }
        if let input, input.count != inputCount {
            throw NetworkError("input: expected \(inputCount) values / found \(input.count)")
        }
        let x = input.map { standardize ? standardized($0) : $0 } ?? [Rational](repeating: .zero, count: inputCount)
        var names: [String] = []
        var initial: [Rational] = []
        // firstSymbol[ℓ]: symbol of neuron 0 of neuron layer ℓ (symbols = variable indices).
        var firstSymbol: [Int32] = []
        for (l, count) in neuronCounts.enumerated() {
            firstSymbol.append(Int32(names.count))
            for j in 0..<count {
                names.append(neuronName(layer: l, index: j))
                initial.append(l == 0 ? x[j] : .zero)
            }
        }
        var equations = [Polynomial](repeating: .zero, count: inputCount)
        for (l, layer) in layers.enumerated() {
            let coefficients = layer.activation.polynomialCoefficients!
            let upstream = firstSymbol[l]
            for j in 0..<layer.outputCount {
                var terms = [Term]()
                for (k, w) in layer.weights[j].enumerated() where !w.isZero {
                    terms.append(Term(w, Monomial(symbol: upstream + Int32(k))))
                }
                if !layer.bias[j].isZero { terms.append(Term(layer.bias[j], .one)) }
                let z = Polynomial(terms: terms)
                let own = firstSymbol[l + 1] + Int32(j)
                do throws(SymbolicLimitError) {
                    equations.append(try Network.compose(coefficients, z) - Polynomial(symbol: own))
                } catch {
                    throw NetworkError("layer \(l + 1) neuron \(j + 1): \(error.description)")
                }
            }
        }
        return ODEModel(name: "network", variableNames: names, initialValues: initial, equations: equations)
    }

    /// p(z) = Σ c_i z^i as a polynomial (Horner, exact).
    /// - Throws: before any arithmetic when the result could exceed ``SymbolicLimits/maximumTerms``
    ///   terms (C(d + v, v) monomials of degree ≤ d in z's v symbols), and at each Horner step
    ///   whose work would exceed ``SymbolicLimits/maximumWork``.
    static func compose(_ coefficients: [Rational], _ z: Polynomial) throws(SymbolicLimitError) -> Polynomial {
        let degree = coefficients.count - 1, v = z.symbols.count
        if degree > 1 && z.count > 1 {
            let bound = Polynomial.binomial(degree + v, v)
            if bound > SymbolicLimits.maximumTerms { throw .powerTooLarge(terms: bound, limit: SymbolicLimits.maximumTerms) }
            // Horner's work: Σ_k |p_k|·|z| term products, |p_k| ≤ C(k + v, v), Σ_k C(k + v, v) = C(d + v, v + 1).
            let (work, overflow) = Polynomial.binomial(degree + v, v + 1).multipliedReportingOverflow(by: z.count)
            try SymbolicLimits.checkWork(overflow ? Int.max : work, bits: 0)
        }
        var result = Polynomial.zero
        for c in coefficients.reversed() {
            if !result.isZero {
                try SymbolicLimits.checkProduct(result.count, z.count, SymbolicLimits.maximumTerms)
                try SymbolicLimits.checkWork(result.count * z.count, bits: result.maximumCoefficientBits + z.maximumCoefficientBits)
                result = result * z
            }
            result = result + Polynomial(constant: c)
        }
        return result
    }
}
