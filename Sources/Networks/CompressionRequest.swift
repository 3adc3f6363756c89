import Symbolic
import Reduction

/// What the dendrograms of a `widths` or `within` merge cluster by.
public enum MergeDistance: String, Sendable, CaseIterable {
    /// The layered ε-FDE's distance D of incoming weights (RMS-weighted with calibration).
    case weights
    /// Functional: RMS difference of the neurons' activations on the calibration inputs
    /// times their mean outgoing weight norm (needs calibration).
    case activations
}

/// How a merged neuron's incoming weights and bias come from its members (`widths` and
/// `within` merges).
public enum MergedWeights: String, Sendable, CaseIterable {
    /// The plain mean: the quotient of the lumping ODE (uniform decoding).
    case mean
    /// The mean weighted by each member's importance, ‖outgoing weights‖₂ × RMS activation on
    /// the calibration inputs (needs calibration); equal members give the plain mean.
    case importance
}

/// How a forward compression reduces the first hidden layer.
public enum FirstLayerReduction: String, Sendable, CaseIterable {
    /// Like every other layer: the layered ε-FDE's merges (a partition of the neurons).
    case merge
    /// A linear lumping (``FirstLayerLumping``; polynomial activation): neurons whose
    /// polynomials are combinations of others are removed and their outgoing weights folded
    /// into the kept ones' — exact down to the rank of the neurons' polynomials, least squares
    /// (from the weights alone) below it; the other layers are then merged.
    case linear
}

/// One network compression: which equivalence, which budget, which calibration, whether to refit.
public struct CompressionRequest: Sendable {
    /// How the merge is sized.
    public enum Budget: Sendable, Equatable {
        /// Tolerances: one for every hidden layer, or one per hidden layer.
        case epsilons([Rational])
        /// The least compression within a parameter budget (the one ``Pruning`` takes too),
        /// split across layers by ``CompressionRequest/allocation``.
        case within(ParameterBudget)
        /// One width per hidden layer: each layer's dendrogram cut to that many neurons
        /// (``Compression/compress(_:widths:linkage:relative:weights:)``).
        case widths([Int])
    }

    public var direction: Equivalence.Direction
    public var budget: Budget
    public var linkage: ApproximateForwardEquivalence.Linkage
    public var relative: Bool
    /// Calibration inputs (forward only): RMS-weighted distances, the calibrated budget search,
    /// the calibration MSE, and the refit.
    public var calibration: CalibrationSet?
    /// Ridge least-squares weight compensation after merging (needs ``calibration``).
    public var refit: Bool
    /// How a `within` budget is split across hidden layers; `nil`: `tuned` with calibration,
    /// else `uniform`.
    public var allocation: LayerAllocation?
    /// The narrowest width a `within` budget may give a hidden layer (`nil`: ⌈width/8⌉).
    public var minimumWidth: Int?
    /// What `widths` and `within` merges cluster by.
    public var distance: MergeDistance
    /// How `widths` and `within` merges combine members' incoming weights.
    public var mergedWeights: MergedWeights
    /// Try every ``MergeDistance`` × ``MergedWeights`` pair and keep the merge with the lowest
    /// calibration MSE (needs calibration; widths or a budget). The outcome names the pair.
    /// The four searches run on all cores; the first of equal MSEs (distances outer) wins.
    public var tuneRules: Bool = false
    /// Let the merge also drop neurons, with drop costs scaled by this λ > 0
    /// (complete linkage; widths or a budget): each layer's dendrogram gets a zero neuron at
    /// distance λ·c_j from neuron j — c_j = D(j, 0) for ``MergeDistance/weights``, RMS(h_j) ×
    /// ‖outgoing‖₂ for ``MergeDistance/activations`` — and a cluster that joins it is removed.
    /// At every step of the clustering the cheaper of the closest merge and the cheapest drop
    /// happens. `nil`: merges only (the lumping's blocks).
    public var dropScale: Double?
    /// Also try merges without drops and with λ ∈ ``tunedDropScales`` (after ``tuneRules``, with
    /// the rules it chose) and keep the lowest calibration MSE (needs calibration). The scales
    /// are searched on all cores; the first of equal MSEs (merges only first) wins.
    public var tuneDrop: Bool = false
    /// How the first hidden layer is reduced (forward; not with ``refit`` or a `global` allocation).
    public var firstLayer: FirstLayerReduction = .merge
    /// The λ values ``tuneDrop`` tries besides merges only.
    public static let tunedDropScales: [Double] = [0.5, 1, 2]

    public init(direction: Equivalence.Direction = .forward, budget: Budget = .epsilons([.zero]),
                linkage: ApproximateForwardEquivalence.Linkage = .single, relative: Bool = false,
                calibration: CalibrationSet? = nil, refit: Bool = false, allocation: LayerAllocation? = nil,
                minimumWidth: Int? = nil, distance: MergeDistance = .weights, mergedWeights: MergedWeights = .mean) {
        self.direction = direction
        self.budget = budget
        self.linkage = linkage
        self.relative = relative
        self.calibration = calibration
        self.refit = refit
        self.allocation = allocation
        self.minimumWidth = minimumWidth
        self.distance = distance
        self.mergedWeights = mergedWeights
    }
}

/// What a compression produced; ``report`` always describes ``network``.
public struct CompressionOutcome: Sendable {
    /// The compressed (and, with a refit, re-weighted) network.
    public var network: Network
    public var report: CompressionReport
    /// The tolerance of every hidden layer: as given, or (widths and budgets) the exact
    /// largest distance the merge used.
    public var epsilons: [Rational]
    /// Calibration MSE of the merged network against the original outputs (before any refit).
    public var calibrationMSE: Double?
    /// Calibration MSE after the refit.
    public var calibrationMSEAfterRefit: Double?
    /// The layers (0-based) whose weights the refit replaced.
    public var refitLayers: [Int]
    /// Width allocations the tuned budget search evaluated (summed over rules when tuned).
    public var allocationsTried: Int?
    /// The rules the merge used (``CompressionRequest/tuneRules`` reports its choice here).
    public var distance: MergeDistance = .weights
    public var mergedWeights: MergedWeights = .mean
    /// The drop scale λ the merge used (``CompressionRequest/dropScale``; `nil`: merges only).
    public var dropScale: Double?
    /// Per hidden layer, how many neurons the merge dropped (not merged).
    public var droppedNeurons: [Int] = []
    /// The linear lumping of the first hidden layer (``FirstLayerReduction/linear``), before
    /// the merges; `nil` with merges only.
    public var linearFirstLayer: LinearFirstLayer?
    /// Neurons per hidden layer of ``network``.
    public var hiddenWidths: [Int] { report.layers.dropLast().map(\.neuronsAfter) }
    /// Whether the result computes exactly the original function (ε = 0, nothing dropped, no refit,
    /// and a linear first layer, if any, lumped exactly: at its rank).
    public var isExact: Bool {
        epsilons.allSatisfy(\.isZero) && droppedNeurons.allSatisfy { $0 == 0 } && refitLayers.isEmpty && (linearFirstLayer?.isExact ?? true)
    }
    public var seconds: Double
}

/// Why a compression could not be made, by what is at fault: the calibration data or the network.
public enum CompressionFailure: Error, CustomStringConvertible, Sendable {
    /// Calibration values beyond double precision, or a refit that fails on them.
    case calibration(NetworkError)
    /// The network and the request do not fit (budget, tolerances, backward encoding).
    case network(NetworkError)

    public var description: String {
        switch self {
        case .calibration(let e), .network(let e): return e.description
        }
    }
}

extension Compression {
    /// Compresses `net` as `request` says: forward, the layered ε-FDE of the lumping ODE (proven
    /// equal to the generic route by test) at the given tolerances or under a budget, with
    /// calibration weights, the calibration MSE and an optional refit; backward, the (ε-)BDE of
    /// the network ODE.
    /// - Throws: for calibration values beyond double precision, a budget no allocation meets,
    ///   a tolerance list of the wrong length, a refit that fails, or a backward compression of
    ///   a network the network ODE cannot encode.
    public static func compress(_ net: Network, _ request: CompressionRequest) throws(CompressionFailure) -> CompressionOutcome {
        if let calibration = request.calibration {
            do { try net.checkCalibration(calibration) } catch { throw .calibration(error) }
        }
        guard request.firstLayer == .linear, request.direction == .forward else { return try compress(net, request, lumping: nil) }
        if request.refit { throw .network(NetworkError("a linear first layer is not refit (the refit belongs to merges; a linear lumping already folds weights)")) }
        if request.allocation == .global, case .within = request.budget {
            throw .network(NetworkError("a global allocation ranks merge distances across layers; a linear first layer has none (use uniform or tuned)"))
        }
        var clock = Stopwatch()
        let lumping: FirstLayerLumping
        do { lumping = try FirstLayerLumping(net) } catch { throw .network(error) }
        var outcome = try compress(net, request, lumping: lumping)
        if let linear = outcome.linearFirstLayer, linear.isExact, linear.kept < linear.neurons, let exactNetwork = lumping.exactNetwork {
            // The exact lumping is proven before it is reported.
            if let failure = lumping.certificate.check(original: net, reduced: exactNetwork) {
                throw .network(NetworkError("internal error: the linear lumping's certificate does not hold (\(failure)); nothing is reported"))
            }
        }
        outcome.seconds = clock.lap()  // the lumping and its check included
        return outcome
    }

    /// ``compress(_:_:)`` after the calibration check, with the first layer's linear lumpings
    /// when ``CompressionRequest/firstLayer`` is ``FirstLayerReduction/linear``.
    static func compress(_ net: Network, _ request: CompressionRequest, lumping: FirstLayerLumping?) throws(CompressionFailure) -> CompressionOutcome {
        let hidden = net.hiddenLayerCount
        var clock = Stopwatch()
        if request.direction == .backward {
            guard case .epsilons(let e) = request.budget, e.count == 1 else {
                throw .network(NetworkError("backward compression takes one tolerance (the ε-BDE of the whole network ODE)"))
            }
            let result: BackwardCompression
            do { result = try compressBackward(net, epsilon: e[0], linkage: request.linkage, relative: request.relative) } catch {
                throw .network(error)
            }
            return CompressionOutcome(network: result.network, report: result.report, epsilons: Array(repeating: e[0], count: hidden),
                                      refitLayers: [], seconds: clock.lap())
        }
        if request.tuneDrop {
            guard request.calibration != nil else {
                throw .calibration(NetworkError("tuning drops compares calibration MSEs: give calibration inputs"))
            }
            var r = request
            r.tuneDrop = false
            r.dropScale = nil
            var best = try compress(net, r, lumping: lumping)  // tunes the rules first when asked
            var tried = best.allocationsTried ?? 1
            r.tuneRules = false
            r.distance = best.distance
            r.mergedWeights = best.mergedWeights
            let scales = CompressionRequest.tunedDropScales, chosen = r
            let candidates = try parallelMap(scales.count) { (i) throws(CompressionFailure) -> CompressionOutcome in
                var ri = chosen
                ri.dropScale = scales[i]
                return try compress(net, ri, lumping: lumping)
            }
            for o in candidates {  // in the order of the scales: the first of equal MSEs wins
                tried += o.allocationsTried ?? 1
                if o.calibrationMSE! < best.calibrationMSE! { best = o }  // calibrated: MSE set
            }
            best.allocationsTried = tried
            best.seconds = clock.lap()
            return best
        }
        if request.tuneRules {
            guard request.calibration != nil else {
                throw .calibration(NetworkError("tuning the merge rules compares calibration MSEs: give calibration inputs"))
            }
            if case .epsilons = request.budget { throw .network(NetworkError("tuning the merge rules applies to widths or a budget")) }
            let rules = MergeDistance.allCases.flatMap { d in MergedWeights.allCases.map { (d, $0) } }
            let candidates = try parallelMap(rules.count) { (i) throws(CompressionFailure) -> CompressionOutcome in
                var r = request
                r.tuneRules = false
                (r.distance, r.mergedWeights) = rules[i]
                return try compress(net, r, lumping: lumping)
            }
            var best: CompressionOutcome?
            var tried = 0
            for o in candidates {  // distances outer, weight rules inner: the first of equal MSEs wins
                tried += o.allocationsTried ?? 1
                if best == nil || o.calibrationMSE! < best!.calibrationMSE! { best = o }  // calibrated: MSE set
            }
            best!.allocationsTried = tried
            best!.seconds = clock.lap()
            return best!
        }
        if let scale = request.dropScale {
            guard scale.isFinite && scale > 0 else { throw .network(NetworkError("the drop scale must be a positive number, not \(scale)")) }
            if case .epsilons = request.budget { throw .network(NetworkError("drops apply to widths or a budget (an ε merge is the lumping quotient)")) }
            if request.linkage != .complete { throw .network(NetworkError("drops take complete linkage (under single linkage a dropped cluster would chain)")) }
        }
        let weights = lumping == nil ? request.calibration.map { net.calibrationRMS($0) } : nil  // linear: per lumped network
        var activationInputs: [[Double]]?
        if request.distance == .activations {
            guard let calibration = request.calibration else {
                throw .calibration(NetworkError("activation distances compare neurons on calibration inputs: give calibration inputs"))
            }
            if case .epsilons = request.budget {
                throw .network(NetworkError("activation distances size a merge by widths or a budget; a tolerance ε measures weight distances"))
            }
            activationInputs = calibration.inputs
        }
        if request.mergedWeights == .importance {
            if request.calibration == nil { throw .calibration(NetworkError("importance-weighted merges weigh members by calibration activations: give calibration inputs")) }
            if case .epsilons = request.budget { throw .network(NetworkError("importance-weighted merges apply to widths or a budget (an ε merge is the lumping quotient)")) }
        }
        if let lumping { return try compressLinear(net, request, lumping: lumping, activationInputs: activationInputs, clock: clock) }
        return try compressForward(net, request, weights: weights, activationInputs: activationInputs, clock: clock)
    }

    /// Checks that tolerances and widths fit the network's hidden layers.
    static func checkShape(_ budget: CompressionRequest.Budget, hidden: Int) throws(CompressionFailure) {
        switch budget {
        case .epsilons(let epsilons):
            guard epsilons.count == 1 || epsilons.count == hidden else {
                throw .network(NetworkError("\(epsilons.count) tolerances for \(hidden) hidden layer\(hidden == 1 ? "" : "s") (give one value, or one per hidden layer)"))
            }
        case .widths(let widths):
            guard widths.count == hidden else {
                throw .network(NetworkError("\(widths.count) widths for \(hidden) hidden layer\(hidden == 1 ? "" : "s") (give one per hidden layer)"))
            }
            if let bad = widths.firstIndex(where: { $0 < 1 }) {
                throw .network(NetworkError("width \(widths[bad]) for hidden layer \(bad + 1): a layer keeps at least one neuron"))
            }
        case .within: break
        }
    }

    /// The forward (layered) compression of ``compress(_:_:)``.
    static func compressForward(_ net: Network, _ request: CompressionRequest, weights: DistanceWeights?,
                                activationInputs: [[Double]]?, clock: Stopwatch) throws(CompressionFailure) -> CompressionOutcome {
        var clock = clock
        let hidden = net.hiddenLayerCount
        let importance = request.mergedWeights == .importance ? request.calibration.map { net.neuronImportance($0) } : nil
        var result: LayeredCompression
        var allocations: Int?
        try checkShape(request.budget, hidden: hidden)
        switch request.budget {
        case .epsilons(let epsilons):
            result = compress(net, epsilons: epsilons, linkage: request.linkage, relative: request.relative, weights: weights)
        case .within(let limit):
            let r: (result: LayeredCompression, allocationsTried: Int?)
            do {
                r = try compress(net, limit: limit.limit(for: net), allocation: request.allocation ?? (request.calibration == nil ? .uniform : .tuned),
                                 minimumWidth: request.minimumWidth, linkage: request.linkage, relative: request.relative,
                                 weights: weights, calibration: request.calibration, activationInputs: activationInputs,
                                 importance: importance, dropScale: request.dropScale)
            } catch { throw .network(error) }
            result = r.result
            allocations = r.allocationsTried
        case .widths(let widths):
            result = compress(net, widths: widths, linkage: request.linkage, relative: request.relative, weights: weights,
                              activationInputs: activationInputs, importance: importance, dropScale: request.dropScale)
        }
        var outcome = CompressionOutcome(network: result.network, report: result.report, epsilons: result.epsilons,
                                         refitLayers: [], allocationsTried: allocations, distance: request.distance,
                                         mergedWeights: request.mergedWeights, dropScale: request.dropScale,
                                         droppedNeurons: (0..<hidden).map { result.lumping.dropped.indices.contains($0 + 1) ? result.lumping.dropped[$0 + 1].count : 0 },
                                         seconds: 0)
        if let calibration = request.calibration {
            outcome.calibrationMSE = result.network.calibrationMSE(against: net, calibration)
            if request.refit {
                let r: (network: Network, refitLayers: [Int])
                do { r = try result.network.refit(original: net, groups: result.lumping.groups, calibration: calibration) } catch {
                    throw .calibration(error)
                }
                outcome.network = r.network
                outcome.refitLayers = r.refitLayers
                outcome.report = CompressionReport(before: net, after: r.network)
                outcome.calibrationMSEAfterRefit = r.network.calibrationMSE(against: net, calibration)
            }
        }
        outcome.seconds = clock.lap()
        return outcome
    }
}
