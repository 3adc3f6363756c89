import Symbolic

/// One pruning: the baselines that neuron merging is measured against.
public struct PruningRequest: Sendable {
    /// Which weights or neurons go.
    public enum Method: Sendable, Equatable {
        /// Unstructured magnitude pruning: the smallest |W_ij| go (per layer, or over all
        /// layers at once with the `global` allocation).
        case magnitude
        /// Wanda (Sun, Liu, Bair, Kolter 2023, "A Simple and Effective Pruning Approach for
        /// Large Language Models"): score |W_ij|·‖X_j‖₂ over the calibration inputs of the layer,
        /// taken from the already-pruned upstream network; within a layer every output row
        /// loses the same fraction (lowest scores), no weight update.
        case wanda
        /// Structured pruning: whole hidden neurons go (the like-for-like competitor of merging,
        /// which also removes whole neurons), ranked by `criterion`.
        case neurons(NeuronCriterion)
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
    /// How the budget is split across layers: `global` (magnitude only: one threshold),
    /// `uniform` (the same fraction of every layer; the default) or `tuned` (per-layer sizes
    /// minimizing the calibration MSE, ``AllocationSearch``; needs calibration).
    public var allocation: LayerAllocation
    /// Neurons only: the narrowest width a hidden layer may keep (`nil`: ⌈width/8⌉).
    public var minimumWidth: Int?
    /// Ridge least-squares weight compensation after pruning (``Pruning/refit(_:original:sources:calibration:relativeRidge:)``;
    /// needs calibration). Pruned weights stay zero.
    public var refit = false
    /// Calibration inputs: required by Wanda and the activation criterion; with them the
    /// outcome reports the calibration MSE against the original outputs.
    public var calibration: CalibrationSet?

    public init(method: Method, budget: ParameterBudget, allocation: LayerAllocation = .uniform,
                calibration: CalibrationSet? = nil, minimumWidth: Int? = nil) {
        self.method = method
        self.budget = budget
        self.allocation = allocation
        self.calibration = calibration
        self.minimumWidth = minimumWidth
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
    /// Allocations the tuned search evaluated.
    public var allocationsTried: Int?
    /// The layers (0-based) the refit replaced, and the calibration MSE after it.
    public var refitLayers: [Int] = []
    public var calibrationMSEAfterRefit: Double?
    public var seconds: Double
}

/// Magnitude, Wanda and structured-neuron pruning under one parameter budget.
///
/// Unstructured methods keep exactly `limit − biases` nonzero weights (biases are kept and
/// counted; a network with fewer nonzero weights is left as it is), split across layers by
/// the allocation. Structured pruning keeps hidden widths whose dense count is within
/// `limit` (``WidthSpace``: the largest fraction of every layer, or tuned shares, then single
/// neurons while they fit); every hidden layer keeps at least its minimum width. Kept weights
/// keep their exact values.
public enum Pruning {
    public static func prune(_ net: Network, _ request: PruningRequest) throws(CompressionFailure) -> PruningOutcome {
        var clock = Stopwatch()
        if let calibration = request.calibration {
            do { try net.checkCalibration(calibration) } catch { throw .calibration(error) }
        }
        let needsCalibration: String? = request.method == .wanda ? "Wanda scores weights by calibration activations"
            : request.method == .neurons(.activation) ? "the activation criterion ranks neurons by calibration activations"
            : request.allocation == .tuned ? "a tuned allocation minimizes the calibration MSE"
            : request.refit ? "the refit fits the calibration inputs" : nil
        if let needsCalibration, request.calibration == nil {
            throw .calibration(NetworkError("\(needsCalibration): give calibration inputs"))
        }
        if request.allocation == .global && request.method == .wanda {
            throw .network(NetworkError("a global allocation ranks across layers; Wanda's scores compare only within an output row: use uniform or tuned"))
        }
        let limit = request.budget.limit(for: net)
        let target = request.calibration.map { FloatNetwork(net).forward($0.inputs).values.last! }
        func error(_ candidate: Network) -> Double {
            meanSquaredDifference(FloatNetwork(candidate).forward(request.calibration!.inputs).values.last!, target!)
        }
        var pruned: Network
        var tried: Int?
        // Per neuron layer, the original index of each neuron of `pruned` (for the refit).
        var sources = net.neuronCounts.map { Array(0..<$0) }
        switch request.method {
        case .magnitude, .wanda:
            let keep = try weightBudget(net, limit)
            let space = WeightSpace(sizes: net.layers.map { $0.nonzeroParameterCount - $0.outputCount }, keep: keep)
            // Magnitude: each layer's weights sorted once, however many allocations are tried.
            let orders = request.method == .magnitude ? net.layers.enumerated().map { byMagnitude([$0]) } : []
            let build: ([Int]) -> Network = request.method == .wanda
                ? { wanda(net, counts: $0, calibration: request.calibration!) }
                : { magnitude(net, counts: $0, orders: orders) }
            switch request.allocation {
            case .global: pruned = magnitudeGlobal(net, keepWeights: keep)
            case .uniform: pruned = build(proportionalSplit(keep, sizes: space.sizes))
            case .tuned:
                let found = AllocationSearch.tune(layers: net.layers.count, realize: { space.realize($0) }, evaluate: { error(build($0)) },
                                                  baseline: proportionalSplit(keep, sizes: space.sizes))!
                pruned = build(found.allocation)
                tried = found.evaluations
            }
        case .neurons(let criterion):
            let hidden = Array(net.neuronCounts.dropFirst().dropLast())
            let space = WidthSpace(inputs: net.inputCount, outputs: net.outputCount, maximum: hidden,
                                   minimum: hidden.map { request.minimumWidth ?? WidthSpace.defaultMinimum($0) }, limit: limit)
            guard space.isFeasible else {
                throw .network(NetworkError("the budget of \(limit) parameters is below the network at its narrowest allowed hidden widths \(space.minimum.map(String.init).joined(separator: ",")) (\(space.cost(space.minimum)) parameters; the minimum width of a layer is ⌈width/8⌉ unless given)"))
            }
            let build = { (widths: [Int]) in neurons(net, widths: widths, criterion: criterion, calibration: request.calibration) }
            let widths: [Int]
            if request.allocation == .tuned {
                let found = AllocationSearch.tune(layers: hidden.count, realize: space.realize) { error(build($0).network) }!
                widths = found.allocation
                tried = found.evaluations
            } else if request.allocation == .global {
                widths = space.globalWidths(removals: globalNeuronRemovals(net, criterion: criterion, calibration: request.calibration))!
            } else {
                widths = space.realize(Array(repeating: 1, count: hidden.count))!
            }
            let (network, kept) = build(widths)
            pruned = network
            sources.replaceSubrange(1..<(1 + kept.count), with: kept)
        }
        let mse = request.calibration.map { pruned.calibrationMSE(against: net, $0) }
        var refitLayers: [Int] = []
        var mseAfter: Double?
        if request.refit, let calibration = request.calibration {
            do { (pruned, refitLayers) = try refit(pruned, original: net, sources: sources, calibration: calibration) } catch {
                throw .calibration(error)
            }
            mseAfter = pruned.calibrationMSE(against: net, calibration)
        }
        let report = CompressionReport(before: net, after: pruned, counting: request.counting)
        var outcome = PruningOutcome(network: pruned, report: report, limit: limit, calibrationMSE: mse,
                                     allocationsTried: tried, seconds: 0)
        outcome.refitLayers = refitLayers
        outcome.calibrationMSEAfterRefit = mseAfter
        outcome.seconds = clock.lap()
        return outcome
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

    /// Magnitude pruning to `keep` nonzero weights over all layers at once (one threshold).
    static func magnitudeGlobal(_ net: Network, keepWeights keep: Int) -> Network {
        var kept = [[(Int, Int)]](repeating: [], count: net.layers.count)
        for (l, i, j) in byMagnitude(net.layers.enumerated()).prefix(keep) { kept[l].append((i, j)) }
        var out = net
        for l in net.layers.indices { out.layers[l] = keeping(net.layers[l], kept[l]) }
        return out
    }

    /// Magnitude pruning keeping the `counts[l]` largest |W| of each layer l (`orders[l]`:
    /// ``byMagnitude(_:)`` of layer l).
    static func magnitude(_ net: Network, counts: [Int], orders: [[(Int, Int, Int)]]) -> Network {
        var out = net
        for (l, layer) in net.layers.enumerated() {
            out.layers[l] = keeping(layer, orders[l].prefix(counts[l]).map { ($0.1, $0.2) })
        }
        return out
    }

    /// The values feeding layer `l` (0-based) of `net` on the calibration inputs: samples × inputs.
    static func layerInputs(_ net: Network, _ l: Int, _ calibration: CalibrationSet) -> (values: [Double], width: Int) {
        let values = FloatNetwork(net).forward(calibration.inputs).values
        return (values[l], net.neuronCounts[l])
    }

    /// Wanda keeping `counts[l]` weights of layer l, per output row the same fraction of the
    /// row, lowest |W_ij|·‖X_j‖₂ pruned, X from the already-pruned upstream layers.
    static func wanda(_ net: Network, counts: [Int], calibration: CalibrationSet) -> Network {
        var out = net
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

