import Symbolic

/// One pruning: the baselines that neuron merging is measured against.
public struct PruningRequest: Sendable {
    /// Which weights or neurons go.
    public enum Method: Sendable, Equatable {
        /// Unstructured magnitude pruning: the smallest |W_ij| go, over all layers (`global`)
        /// or the same fraction in every layer (`uniform`).
        case magnitude(Allocation)
        /// Wanda (Sun, Liu, Bair, Kolter 2023, "A Simple and Effective Pruning Approach for
        /// Large Language Models"): score |W_ij|·‖X_j‖₂ over the calibration inputs of the layer,
        /// taken from the already-pruned upstream network; the same fraction is pruned in every
        /// layer and in every output row (lowest scores), no weight update.
        case wanda
        /// Structured pruning: whole hidden neurons go (the like-for-like competitor of merging,
        /// which also removes whole neurons), the same fraction of every hidden layer, ranked by
        /// `criterion`.
        case neurons(NeuronCriterion)
    }

    public enum Allocation: String, Sendable, CaseIterable {
        case global, uniform
    }

    /// How a hidden neuron j is ranked: its importance times ‖outgoing weights of j‖₂.
    public enum NeuronCriterion: String, Sendable, CaseIterable {
        /// Importance = ‖incoming weights and bias of j‖₂.
        case norm
        /// Importance = RMS of j's activation over the calibration inputs (from the
        /// already-pruned upstream network).
        case activation
    }

    public var method: Method
    public var budget: ParameterBudget
    /// Calibration inputs: required by Wanda and the activation criterion; with them the
    /// outcome reports the calibration MSE against the original outputs.
    public var calibration: CalibrationSet?

    public init(method: Method, budget: ParameterBudget, calibration: CalibrationSet? = nil) {
        self.method = method
        self.budget = budget
        self.calibration = calibration
    }

    /// How the outcome's parameters are counted: nonzero weights for unstructured pruning.
    public var counting: ParameterCounting {
        if case .neurons = method { return .dense }
        return .nonzeroWeights
    }
}

/// What a pruning produced; ``report`` describes ``network`` (counted as ``PruningRequest/counting``).
public struct PruningOutcome: Sendable {
    public var network: Network
    public var report: CompressionReport
    /// The parameter limit the budget gave.
    public var limit: Int
    /// MSE of the pruned network's outputs against the original's on the calibration inputs.
    public var calibrationMSE: Double?
    public var seconds: Double
}

/// Magnitude, Wanda and structured-neuron pruning under one parameter budget.
///
/// Unstructured methods keep exactly `limit − biases` nonzero weights (biases are kept and
/// counted; a network with fewer nonzero weights is left as it is). Structured pruning keeps
/// the widest uniform widths whose dense count is ≤ `limit`, then adds single neurons to the
/// relatively narrowest layers while the count stays ≤ `limit`; every hidden layer keeps at
/// least one neuron. Kept weights keep their exact values.
public enum Pruning {
    public static func prune(_ net: Network, _ request: PruningRequest) throws(CompressionFailure) -> PruningOutcome {
        var clock = Stopwatch()
        if let calibration = request.calibration {
            do { try net.checkCalibration(calibration) } catch { throw .calibration(error) }
        }
        let limit = request.budget.limit(for: net)
        let pruned: Network
        switch request.method {
        case .magnitude(let allocation):
            pruned = magnitude(net, keepWeights: try weightBudget(net, limit), allocation: allocation)
        case .wanda:
            guard let calibration = request.calibration else {
                throw .calibration(NetworkError("Wanda scores weights by calibration activations: give calibration inputs"))
            }
            pruned = wanda(net, keepWeights: try weightBudget(net, limit), calibration: calibration)
        case .neurons(let criterion):
            if criterion == .activation && request.calibration == nil {
                throw .calibration(NetworkError("the activation criterion ranks neurons by calibration activations: give calibration inputs"))
            }
            pruned = try neurons(net, limit: limit, criterion: criterion, calibration: request.calibration)
        }
        let report = CompressionReport(before: net, after: pruned, counting: request.counting)
        return PruningOutcome(network: pruned, report: report, limit: limit,
                              calibrationMSE: request.calibration.map { pruned.calibrationMSE(against: net, $0) },
                              seconds: clock.lap())
    }

    /// Nonzero weights an unstructured pruning may keep under `limit`.
    static func weightBudget(_ net: Network, _ limit: Int) throws(CompressionFailure) -> Int {
        let biases = net.layers.reduce(0) { $0 + $1.outputCount }
        guard limit >= biases else {
            throw .network(NetworkError("the budget of \(limit) parameters is below the network's \(biases) biases (unstructured pruning removes weights only)"))
        }
        return limit - biases
    }

    /// `layer` with only the weights at `kept` nonzero.
    static func keeping(_ layer: Layer, _ kept: some Sequence<(Int, Int)>) -> Layer {
        var weights = layer.weights.map { [Rational](repeating: .zero, count: $0.count) }
        for (i, j) in kept { weights[i][j] = layer.weights[i][j] }
        return Layer(weights: weights, bias: layer.bias, activation: layer.activation)
    }

    /// Positions (layer, row, column) of the nonzero weights of `layers`, largest |W| first
    /// (compared exactly as rationals; ties: the earlier position).
    static func byMagnitude(_ layers: some Sequence<(offset: Int, element: Layer)>) -> [(Int, Int, Int)] {
        var entries: [(Rational, Int, Int, Int)] = []
        for (l, layer) in layers {
            for (i, row) in layer.weights.enumerated() { for (j, w) in row.enumerated() where !w.isZero { entries.append((w.magnitude, l, i, j)) } }
        }
        entries.sort { $0.0 != $1.0 ? $0.0 > $1.0 : ($0.1, $0.2, $0.3) < ($1.1, $1.2, $1.3) }
        return entries.map { ($0.1, $0.2, $0.3) }
    }

    /// Magnitude pruning to `keep` nonzero weights: over all layers at once (`global`) or
    /// per layer in proportion to its nonzero weights (`uniform`).
    static func magnitude(_ net: Network, keepWeights keep: Int, allocation: PruningRequest.Allocation) -> Network {
        var kept = [[(Int, Int)]](repeating: [], count: net.layers.count)
        switch allocation {
        case .global:
            for (l, i, j) in byMagnitude(net.layers.enumerated()).prefix(keep) { kept[l].append((i, j)) }
        case .uniform:
            let counts = proportionalSplit(keep, sizes: net.layers.map { $0.nonzeroParameterCount - $0.outputCount })
            for (l, layer) in net.layers.enumerated() {
                kept[l] = byMagnitude([(offset: l, element: layer)]).prefix(counts[l]).map { ($0.1, $0.2) }
            }
        }
        var out = net
        for l in net.layers.indices { out.layers[l] = keeping(net.layers[l], kept[l]) }
        return out
    }

    /// The values feeding layer `l` (0-based) of `net` on the calibration inputs: samples × inputs.
    static func layerInputs(_ net: Network, _ l: Int, _ calibration: CalibrationSet) -> (values: [Double], width: Int) {
        let values = FloatNetwork(net).forward(calibration.inputs).values
        return (values[l], net.neuronCounts[l])
    }

    /// Wanda: per layer the same fraction of weights, per output row the same fraction of the
    /// row, lowest |W_ij|·‖X_j‖₂ pruned, X from the already-pruned upstream layers.
    static func wanda(_ net: Network, keepWeights keep: Int, calibration: CalibrationSet) -> Network {
        var out = net
        let counts = proportionalSplit(keep, sizes: net.layers.map { $0.nonzeroParameterCount - $0.outputCount })
        for (l, layer) in net.layers.enumerated() {
            let (x, width) = layerInputs(out, l, calibration)
            var norms = [Double](repeating: 0, count: width)
            for (k, v) in x.enumerated() { norms[k % width] += v * v }
            norms = norms.map { $0.squareRoot() }
            let rowSizes = layer.weights.map { row in row.reduce(0) { $0 + ($1.isZero ? 0 : 1) } }
            let rowCounts = proportionalSplit(counts[l], sizes: rowSizes)
            var kept: [(Int, Int)] = []
            for (i, row) in layer.weights.enumerated() {
                // Highest score first; ties: the earlier column.
                let score = row.map { $0.magnitude.doubleValue }.enumerated().map { $0.element * norms[$0.offset] }
                let order = row.indices.filter { !row[$0].isZero }.sorted { score[$0] != score[$1] ? score[$0] > score[$1] : $0 < $1 }
                kept += order.prefix(rowCounts[i]).map { (i, $0) }
            }
            out.layers[l] = keeping(layer, kept)
        }
        return out
    }
}
