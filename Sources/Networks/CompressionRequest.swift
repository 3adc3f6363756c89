import Symbolic
import Reduction

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

    public init(direction: Equivalence.Direction = .forward, budget: Budget = .epsilons([.zero]),
                linkage: ApproximateForwardEquivalence.Linkage = .single, relative: Bool = false,
                calibration: CalibrationSet? = nil, refit: Bool = false, allocation: LayerAllocation? = nil,
                minimumWidth: Int? = nil) {
        self.direction = direction
        self.budget = budget
        self.linkage = linkage
        self.relative = relative
        self.calibration = calibration
        self.refit = refit
        self.allocation = allocation
        self.minimumWidth = minimumWidth
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
    /// Width allocations the tuned budget search evaluated.
    public var allocationsTried: Int?
    /// Neurons per hidden layer of ``network``.
    public var hiddenWidths: [Int] { report.layers.dropLast().map(\.neuronsAfter) }
    /// Whether the result computes exactly the original function (ε = 0, no refit).
    public var isExact: Bool { epsilons.allSatisfy(\.isZero) && refitLayers.isEmpty }
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
        let hidden = net.hiddenLayerCount
        if let calibration = request.calibration {
            do { try net.checkCalibration(calibration) } catch { throw .calibration(error) }
        }
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
        let weights = request.calibration.map { net.calibrationRMS($0) }
        var result: LayeredCompression
        var allocations: Int?
        switch request.budget {
        case .epsilons(let epsilons):
            guard epsilons.count == 1 || epsilons.count == hidden else {
                throw .network(NetworkError("\(epsilons.count) tolerances for \(hidden) hidden layer\(hidden == 1 ? "" : "s") (give one value, or one per hidden layer)"))
            }
            result = compress(net, epsilons: epsilons, linkage: request.linkage, relative: request.relative, weights: weights)
        case .within(let limit):
            let r: (result: LayeredCompression, allocationsTried: Int?)
            do {
                r = try compress(net, limit: limit.limit(for: net), allocation: request.allocation ?? (request.calibration == nil ? .uniform : .tuned),
                                 minimumWidth: request.minimumWidth, linkage: request.linkage, relative: request.relative,
                                 weights: weights, calibration: request.calibration)
            } catch { throw .network(error) }
            result = r.result
            allocations = r.allocationsTried
        case .widths(let widths):
            guard widths.count == hidden else {
                throw .network(NetworkError("\(widths.count) widths for \(hidden) hidden layer\(hidden == 1 ? "" : "s") (give one per hidden layer)"))
            }
            if let bad = widths.firstIndex(where: { $0 < 1 }) {
                throw .network(NetworkError("width \(widths[bad]) for hidden layer \(bad + 1): a layer keeps at least one neuron"))
            }
            result = compress(net, widths: widths, linkage: request.linkage, relative: request.relative, weights: weights)
        }
        var outcome = CompressionOutcome(network: result.network, report: result.report, epsilons: result.epsilons,
                                         refitLayers: [], allocationsTried: allocations, seconds: 0)
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
