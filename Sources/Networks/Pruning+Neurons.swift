import Symbolic

extension Pruning {
    /// Hidden widths for a dense budget: the uniform fraction t of every hidden layer
    /// (⌊t·W_h⌋, at least 1) with the largest t whose count is ≤ `limit`, then one neuron at a
    /// time to the layer with the smallest kept fraction (ties: the earlier layer) while the
    /// count stays ≤ `limit`. `nil` when one neuron per hidden layer is already over the limit.
    /// - Complexity: O(H·log(max W) + A·H) count evaluations for H hidden layers and A added neurons.
    static func uniformWidths(_ net: Network, limit: Int) -> [Int]? {
        let full = net.neuronCounts
        let hidden = Array(full.dropFirst().dropLast())
        func count(_ widths: [Int]) -> Int {
            Compression.parameterCount(neuronCounts: [full.first!] + widths + [full.last!])
        }
        guard count(hidden.map { _ in 1 }) <= limit else { return nil }
        if count(hidden) <= limit { return hidden }
        // Candidate fractions: every k / W_h; the widths are monotone in t, so bisect the sorted list.
        var fractions = Set<Double>()
        for w in hidden { for k in 1...w { fractions.insert(Double(k) / Double(w)) } }
        let sorted = fractions.sorted()
        func widths(_ t: Double) -> [Int] { hidden.map { w in max(1, Int((t * Double(w) + 1e-12).rounded(.down))) } }
        var lo = 0, hi = sorted.count - 1  // widths(sorted[lo]) may or may not fit; sorted.last = 1 does not
        if count(widths(sorted[0])) > limit { lo = -1 }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if count(widths(sorted[mid])) <= limit { lo = mid } else { hi = mid }
        }
        var result = lo >= 0 ? widths(sorted[lo]) : hidden.map { _ in 1 }
        while true {
            // Narrowest kept fraction first, compared exactly: a/b < c/d ⇔ a·d < c·b.
            let order = result.indices.filter { result[$0] < hidden[$0] }
                .sorted { (result[$0] * hidden[$1], $0) < (result[$1] * hidden[$0], $1) }
            guard let h = order.first(where: { var w = result; w[$0] += 1; return count(w) <= limit }) else { break }
            result[h] += 1
        }
        return result
    }

    /// Structured pruning: hidden layer by hidden layer, the `widths[h]` best-ranked neurons
    /// stay (in their order); a removed neuron's row and bias go from the layer computing it
    /// and its column from the next layer.
    static func neurons(_ net: Network, limit: Int, criterion: PruningRequest.NeuronCriterion,
                        calibration: CalibrationSet?) throws(CompressionFailure) -> Network {
        guard let widths = uniformWidths(net, limit: limit) else {
            let minimum = Compression.parameterCount(neuronCounts: [net.inputCount] + Array(repeating: 1, count: net.hiddenLayerCount) + [net.outputCount])
            throw .network(NetworkError("the budget of \(limit) parameters is below the network with one neuron per hidden layer (\(minimum) parameters)"))
        }
        var out = net
        for (h, keep) in widths.enumerated() {
            let producer = out.layers[h], consumer = out.layers[h + 1]
            var importance: [Double]
            switch criterion {
            case .norm:
                importance = producer.weights.enumerated().map { i, row in
                    (row.reduce(producer.bias[i].doubleValue * producer.bias[i].doubleValue) { $0 + $1.doubleValue * $1.doubleValue }).squareRoot()
                }
            case .activation:
                let (x, width) = layerInputs(out, h + 1, calibration!)  // checked by prune(_:_:)
                var sums = [Double](repeating: 0, count: width)
                for (k, v) in x.enumerated() { sums[k % width] += v * v }
                importance = sums.map { ($0 / Double(max(1, x.count / max(width, 1)))).squareRoot() }
            }
            let score = importance.indices.map { j in
                importance[j] * consumer.weights.reduce(0.0) { $0 + $1[j].doubleValue * $1[j].doubleValue }.squareRoot()
            }
            let kept = score.indices.sorted { score[$0] != score[$1] ? score[$0] > score[$1] : $0 < $1 }.prefix(keep).sorted()
            out.layers[h] = Layer(weights: kept.map { producer.weights[$0] }, bias: kept.map { producer.bias[$0] },
                                  activation: producer.activation)
            out.layers[h + 1] = Layer(weights: consumer.weights.map { row in kept.map { row[$0] } }, bias: consumer.bias,
                                      activation: consumer.activation)
        }
        return out
    }
}
