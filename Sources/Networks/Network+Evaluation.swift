import Symbolic

extension Network {
    /// The standardized input (x − mean)/std, or `input` itself without standardization.
    public func standardized(_ input: [Rational]) -> [Rational] {
        guard let s = standardization else { return input }
        return zip(input, zip(s.mean, s.std)).map { x, ms in (x - ms.0) / ms.1 }
    }

    /// The standardized input in floating point.
    public func standardized(_ input: [Double]) -> [Double] {
        guard let s = standardization else { return input }
        return zip(input, zip(s.mean, s.std)).map { x, ms in (x - ms.0.doubleValue) / ms.1.doubleValue }
    }

    /// Exact values of every neuron, by neuron layer: `[0]` the (standardized) input,
    /// `[ℓ]` the outputs of `layers[ℓ-1]`; the last entry is the network output.
    ///
    /// - Throws: for `tanh` / `sigmoid` (no exact rational value) or a wrong input size.
    public func exactActivations(_ input: [Rational], standardize: Bool = true) throws(NetworkError) -> [[Rational]] {
        guard input.count == inputCount else {
            throw NetworkError("input: expected \(inputCount) values / found \(input.count)")
        }
        var values = [standardize ? standardized(input) : input]
        for (l, layer) in layers.enumerated() {
            let h = values[l]
            var next: [Rational] = []
            next.reserveCapacity(layer.outputCount)
            for j in 0..<layer.outputCount {
                var z = layer.bias[j]
                for (w, x) in zip(layer.weights[j], h) where !w.isZero { z += w * x }
                guard let y = layer.activation.exactValue(z) else {
                    throw NetworkError("layer \(l + 1) activation: \(layer.activation.name) has no exact rational value; use floating-point evaluation")
                }
                next.append(y)
            }
            values.append(next)
        }
        return values
    }

    /// The exact output for one input (standardized first when the network says so).
    public func evaluate(_ input: [Rational], standardize: Bool = true) throws(NetworkError) -> [Rational] {
        try exactActivations(input, standardize: standardize).last!
    }

    /// The floating-point output for one input (standardized first when the network says so).
    /// - Precondition: `input.count == inputCount`.
    public func evaluate(_ input: [Double], standardize: Bool = true) -> [Double] {
        precondition(input.count == inputCount, "input size")
        var h = standardize ? standardized(input) : input
        for layer in layers {
            var next = [Double](repeating: 0, count: layer.outputCount)
            for j in 0..<layer.outputCount {
                var z = layer.bias[j].doubleValue
                for (w, x) in zip(layer.weights[j], h) { z += w.doubleValue * x }
                next[j] = layer.activation.value(z)
            }
            h = next
        }
        return h
    }

    /// Predictions on a data set and their metrics against its targets.
    ///
    /// - Parameter exact: evaluate with exact rationals (then converted to doubles for the
    ///   metrics); otherwise in floating point.
    /// - Throws: when the data set's input or target counts do not match the network,
    ///   or `exact` is requested with `tanh` / `sigmoid`.
    public func evaluate(on data: DataSet, exact: Bool = false) throws(NetworkError) -> (predictions: [[Double]], metrics: RegressionMetrics) {
        guard data.inputNames.count == inputCount else {
            throw NetworkError("data: expected \(inputCount) input columns / found \(data.inputNames.count) (\(data.inputNames.joined(separator: ", ")))")
        }
        guard data.targetNames.count == outputCount else {
            throw NetworkError("data: expected \(outputCount) target columns / found \(data.targetNames.count) (\(data.targetNames.joined(separator: ", ")))")
        }
        guard !data.inputs.isEmpty else { throw NetworkError("data: expected at least one data row / found only the header") }
        var predictions: [[Double]] = []
        predictions.reserveCapacity(data.inputs.count)
        for row in data.inputs {
            if exact {
                predictions.append(try evaluate(row).map(\.doubleValue))
            } else {
                predictions.append(evaluate(row.map(\.doubleValue)))
            }
        }
        let targets = data.targets.map { $0.map(\.doubleValue) }
        let metrics = RegressionMetrics(predictions: predictions, targets: targets, names: data.targetNames)
        // Exact values beyond Double's range (about 1.8e308), or a float overflow on the way:
        // refuse rather than print NaN or infinity as a result.
        guard metrics.mse.isFinite else {
            throw NetworkError("data: the \(exact ? "" : "floating-point ")mean squared error is not a finite double (values beyond ±1.8e308\(exact ? "" : " or an overflow during evaluation")); scale the data or the weights")
        }
        return (predictions, metrics)
    }
}
