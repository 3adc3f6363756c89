import Symbolic

extension Pruning {
    /// Weight compensation after pruning (not pruning itself), the counterpart of
    /// ``Network/refit(original:groups:calibration:relativeRidge:)`` for merges: for every
    /// layer from the first changed one on, in order, each neuron's kept incoming weights and
    /// its bias are refit by ridge least squares so that its pre-activation on the calibration
    /// inputs reproduces its original one, on the activations of the already refit layers
    /// before it. Pruned weights stay zero (masked least squares: a row is fit on its nonzero
    /// columns only), so the parameter count does not change.
    ///
    /// - Parameters:
    ///   - original: the unpruned network.
    ///   - sources: per neuron layer, the original index of each neuron of `pruned`.
    /// - Returns: the refit network and the indices (0-based) of the refit layers.
    /// - Complexity: per row O(samples · k² + k³) for k kept inputs (one solve per layer when
    ///   every row is dense).
    static func refit(_ pruned: Network, original: Network, sources: [[Int]], calibration: CalibrationSet,
                      relativeRidge: Double = 1e-6) throws(NetworkError) -> (network: Network, refitLayers: [Int]) {
        let target = FloatNetwork(original).forward(calibration.inputs).pre
        let n = calibration.inputs.count
        // The first layer whose rows or inputs differ from the original's.
        guard let first = pruned.layers.indices.first(where: { l in
            sources[l].count != original.neuronCounts[l]
                || zip(pruned.layers[l].weights, sources[l + 1]).contains { row, j in row != sources[l].map { original.layers[l].weights[j][$0] } }
        }) else { return (pruned, []) }
        var net = pruned
        var refit: [Int] = []
        for l in first..<net.layers.count {
            let values = FloatNetwork(net).forward(calibration.inputs).values[l]
            let m = net.neuronCounts[l], width = original.neuronCounts[l + 1]
            var layer = net.layers[l]
            let dense = layer.weights.allSatisfy { $0.allSatisfy { !$0.isZero } }
            // Rows sharing a support share one solve (dense layers: one solve for all).
            var bySupport: [[Int]: [Int]] = [:]
            for (j, row) in layer.weights.enumerated() {
                bySupport[dense ? Array(0..<m) : row.indices.filter { !row[$0].isZero }, default: []].append(j)
            }
            for (support, rows) in bySupport.sorted(by: { $0.value[0] < $1.value[0] }) {
                var x = DenseMatrix(rows: n, columns: support.count + 1)
                for s in 0..<n {
                    for (c, k) in support.enumerated() { x[s, c] = values[s * m + k] }
                    x[s, support.count] = 1
                }
                var y = DenseMatrix(rows: n, columns: rows.count)
                for (c, j) in rows.enumerated() { for s in 0..<n { y[s, c] = target[l][s * width + sources[l + 1][j]] } }
                guard let (solution, _) = DenseMatrix.ridge(x, y, relativeRidge: relativeRidge) else {
                    throw NetworkError("refit of layer \(l + 1): the least-squares problem on the calibration activations is beyond double precision; scale the calibration inputs")
                }
                for (c, j) in rows.enumerated() {
                    for (i, k) in support.enumerated() { layer.weights[j][k] = Rational(exactly: solution[i, c]) ?? .zero }
                    layer.bias[j] = Rational(exactly: solution[support.count, c]) ?? .zero
                }
            }
            net.layers[l] = layer
            refit.append(l)
        }
        return (net, refit)
    }
}
