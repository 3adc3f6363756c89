import Symbolic

extension Pruning {
    /// Structured pruning: hidden layer by hidden layer, the `widths[h]` best-ranked neurons
    /// stay (in their order); a removed neuron's row and bias go from the layer computing it
    /// and its column from the next layer. Also returns, per hidden layer, the original
    /// indices of the kept neurons.
    static func neurons(_ net: Network, widths: [Int], criterion: PruningRequest.NeuronCriterion,
                        calibration: CalibrationSet?) -> (network: Network, kept: [[Int]]) {
        var out = net
        var keptPerLayer: [[Int]] = []
        for (h, keep) in widths.enumerated() {
            let producer = out.layers[h], consumer = out.layers[h + 1]
            let score = neuronScores(out, hidden: h, criterion: criterion, calibration: calibration)
            let kept = Array(score.indices.sorted { score[$0] != score[$1] ? score[$0] > score[$1] : $0 < $1 }.prefix(keep).sorted())
            keptPerLayer.append(kept)
            out.layers[h] = Layer(weights: kept.map { producer.weights[$0] }, bias: kept.map { producer.bias[$0] },
                                  activation: producer.activation)
            out.layers[h + 1] = Layer(weights: consumer.weights.map { row in kept.map { row[$0] } }, bias: consumer.bias,
                                      activation: consumer.activation)
        }
        return (out, keptPerLayer)
    }

    /// The score of every neuron of hidden layer `h` (0-based) of `net`: its importance — the
    /// norm of its incoming row and bias, or its RMS activation over the calibration inputs —
    /// times the norm of its outgoing weights.
    /// - Requires: calibration inputs for the activation criterion.
    static func neuronScores(_ net: Network, hidden h: Int, criterion: PruningRequest.NeuronCriterion,
                             calibration: CalibrationSet?) -> [Double] {
        let producer = net.layers[h], consumer = net.layers[h + 1]
        var importance: [Double]
        switch criterion {
        case .norm:
            importance = producer.weights.enumerated().map { i, row in
                (row.reduce(producer.bias[i].doubleValue * producer.bias[i].doubleValue) { $0 + $1.doubleValue * $1.doubleValue }).squareRoot()
            }
        case .activation:
            let (x, width) = layerInputs(net, h + 1, calibration!)  // checked by prune(_:_:)
            var sums = [Double](repeating: 0, count: width)
            for (k, v) in x.enumerated() { sums[k % width] += v * v }
            importance = sums.map { ($0 / Double(max(1, x.count / max(width, 1)))).squareRoot() }
        }
        return importance.indices.map { j in
            importance[j] * consumer.weights.reduce(0.0) { $0 + $1[j].doubleValue * $1[j].doubleValue }.squareRoot()
        }
    }

    /// The removals of a global neuron allocation: every hidden neuron of the unpruned
    /// network with its score (``WidthSpace/globalWidths(removals:)``).
    static func globalNeuronRemovals(_ net: Network, criterion: PruningRequest.NeuronCriterion,
                                     calibration: CalibrationSet?) -> [(layer: Int, score: Double)] {
        (0..<net.hiddenLayerCount).flatMap { h in
            neuronScores(net, hidden: h, criterion: criterion, calibration: calibration).sorted().map { (h, $0) }
        }
    }
}
