import Symbolic

/// The witness of an exact linear lumping of the first hidden layer: which neurons were kept,
/// which removed, and each removed neuron's exact coefficients on the kept ones (integer
/// numerators over one denominator).
public struct LinearLumpingCertificate: Sendable, Equatable {
    /// Original indices of the kept neurons, in the order of the reduced layer.
    public var kept: [Int]
    /// Original indices of the removed neurons.
    public var removed: [Int]
    /// `numerators[t][i] ÷ denominator`: the coefficient of kept neuron i in removed neuron t.
    public var numerators: [[Rational]]
    /// Nonzero.
    public var denominator: Rational

    /// Checks, independently of how the lumping was found, that `reduced` computes exactly what
    /// `original` computes: (1) each removed neuron's polynomial σ(w·x + b), expanded with
    /// ``Polynomial`` arithmetic in the inputs, times the denominator equals the numerators'
    /// combination of the kept neurons' polynomials; (2) the reduced first layer is the kept
    /// neurons' rows and biases; (3) the reduced layer 2 is V_kept + V_removed·Cᵀ with layer 2's
    /// biases (checked as denominator × (V' − V_kept) = V_removed × numeratorsᵀ); (4) every other layer,
    /// the standardization and the input names are unchanged. Then layer 2's pre-activations,
    /// and so everything downstream, are the same functions of the inputs.
    /// - Returns: `nil` when the certificate holds, else what failed.
    /// - Complexity: the expansion of n polynomials of degree k, O(m·r·T) for T terms per
    ///   polynomial, and O(n₂·m·r) exact operations for the fold.
    public func check(original: Network, reduced: Network) -> String? {
        guard original.hiddenLayerCount >= 1, reduced.layers.count == original.layers.count else { return "not the same number of layers" }
        let l1 = original.layers[0]
        guard let c = l1.activation.polynomialCoefficients else { return "the first activation is not a polynomial" }
        let n = l1.outputCount
        guard Set(kept + removed) == Set(0..<n), kept.count + removed.count == n else { return "kept and removed do not partition the first layer" }
        guard numerators.count == removed.count, numerators.allSatisfy({ $0.count == kept.count }), !denominator.isZero else {
            return "the combination's shape or denominator"
        }
        func polynomial(_ j: Int) -> Polynomial? {
            var z = Polynomial(constant: l1.bias[j])
            for (v, w) in l1.weights[j].enumerated() where !w.isZero { z += Polynomial(w, Monomial(symbol: Int32(v))) }
            var p = Polynomial.zero
            for (m, cm) in c.enumerated() where !cm.isZero {
                guard let zm = try? z.power(m) else { return nil }
                p += cm * zm
            }
            return p
        }
        var keptPolynomials: [Polynomial] = []
        for j in kept {
            guard let p = polynomial(j) else { return "neuron \(j + 1)'s polynomial is beyond the expansion limits" }
            keptPolynomials.append(p)
        }
        for (t, k) in removed.enumerated() {
            guard let p = polynomial(k) else { return "neuron \(k + 1)'s polynomial is beyond the expansion limits" }
            var s = Polynomial.zero
            for (i, q) in keptPolynomials.enumerated() where !numerators[t][i].isZero { s += numerators[t][i] * q }
            if s != denominator * p { return "neuron \(k + 1) of layer 1 is not the combination of the kept neurons" }
        }
        let r1 = reduced.layers[0]
        guard r1.activation == l1.activation, r1.weights == kept.map({ l1.weights[$0] }), r1.bias == kept.map({ l1.bias[$0] }) else {
            return "the reduced first layer is not the kept neurons"
        }
        let l2 = original.layers[1], r2 = reduced.layers[1]
        guard r2.activation == l2.activation, r2.bias == l2.bias, r2.weights.count == l2.weights.count else { return "layer 2's neurons differ" }
        for (j, row) in l2.weights.enumerated() {
            for i in kept.indices {
                var w = Rational.zero
                for (t, k) in removed.enumerated() { w += row[k] * numerators[t][i] }
                if r2.weights[j].count != kept.count || denominator * (r2.weights[j][i] - row[kept[i]]) != w { return "layer 2 weight (\(j + 1), \(i + 1)) is not the fold" }
            }
        }
        guard Array(reduced.layers[2...]) == Array(original.layers[2...]), reduced.inputCount == original.inputCount,
              reduced.standardization == original.standardization, reduced.inputNames == original.inputNames else {
            return "a layer after the second, the inputs or the standardization changed"
        }
        return nil
    }
}
