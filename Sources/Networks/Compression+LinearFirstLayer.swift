import Symbolic
import Reduction

// A forward compression whose first hidden layer is linearly lumped (FirstLayerLumping.swift)
// and whose other layers are merged as usual. Every width w₁ of layer 1 gives a different
// network for the merges downstream (layer 2's incoming weights are folded), so the merges
// of layers 2… are made on the lumped network of w₁, one ``WidthMerger`` per w₁ tried; a
// budget's tuned search chooses w₁ with the other widths by the calibration MSE against the
// original outputs, as it chooses every width.

extension Compression {
    /// ``compress(_:_:)`` with ``FirstLayerReduction/linear``.
    static func compressLinear(_ net: Network, _ request: CompressionRequest, lumping: FirstLayerLumping,
                               activationInputs: [[Double]]?, clock: Stopwatch) throws(CompressionFailure) -> CompressionOutcome {
        var clock = clock
        let hidden = net.hiddenLayerCount
        let calibration = request.calibration
        func merger(for lumped: Network) -> WidthMerger {
            let m = WidthMerger(lumped, weights: calibration.map { lumped.calibrationRMS($0) }, linkage: request.linkage,
                                relative: request.relative, activationInputs: activationInputs, dropScale: request.dropScale)
            m.importance = request.mergedWeights == .importance ? calibration.map { lumped.neuronImportance($0) } : nil
            return m
        }
        func lumped(_ width: Int) throws(CompressionFailure) -> Network {
            do { return try lumping.network(width: width) } catch { throw .network(error) }
        }
        let result: LayeredCompression
        var allocations: Int?
        try checkShape(request.budget, hidden: hidden)
        switch request.budget {
        case .epsilons(let epsilons):
            let exact = try lumped(lumping.rank)
            result = compress(exact, epsilons: epsilons, linkage: request.linkage, relative: request.relative,
                              weights: calibration.map { exact.calibrationRMS($0) })
        case .widths(let widths):
            result = merger(for: try lumped(widths[0])).compression(widths)
        case .within(let budget):
            let r: (result: LayeredCompression, allocationsTried: Int?)
            r = try compressLinear(net, limit: budget.limit(for: net), request: request, lumping: lumping, merger: merger)
            result = r.result
            allocations = r.allocationsTried
        }
        var outcome = CompressionOutcome(network: result.network, report: CompressionReport(before: net, after: result.network),
                                         epsilons: result.epsilons, refitLayers: [], allocationsTried: allocations,
                                         distance: request.distance, mergedWeights: request.mergedWeights, dropScale: request.dropScale,
                                         droppedNeurons: (0..<hidden).map { result.lumping.dropped.indices.contains($0 + 1) ? result.lumping.dropped[$0 + 1].count : 0 },
                                         seconds: 0)
        // Layer 1 as lumped, before its merges (if any): the lumped network's layer-1 width.
        let dropped = result.lumping.dropped.indices.contains(1) ? result.lumping.dropped[1].count : 0
        outcome.linearFirstLayer = lumping.summary(width: result.lumping.groups[1].reduce(0) { $0 + $1.count } + dropped)
        if let calibration { outcome.calibrationMSE = result.network.calibrationMSE(against: net, calibration) }
        outcome.seconds = clock.lap()
        return outcome
    }

    /// The budget search of ``compressLinear(_:_:lumping:activationInputs:clock:)``: the exact
    /// lumping merged exactly when it fits; otherwise widths between each layer's minimum and
    /// its exact width (layer 1: the rank), uniform or tuned (``AllocationSearch``), each
    /// allocation's layer 1 lumped to its width and the rest merged on that network.
    static func compressLinear(_ net: Network, limit: Int, request: CompressionRequest, lumping: FirstLayerLumping,
                               merger: (Network) -> WidthMerger) throws(CompressionFailure) -> (result: LayeredCompression, allocationsTried: Int?) {
        let exactNet: Network
        do { exactNet = try lumping.network(width: lumping.rank) } catch { throw .network(error) }
        let exact = compress(exactNet, epsilons: [.zero])
        if exact.report.parametersAfter <= limit { return (exact, nil) }
        let hidden = net.hiddenLayerCount
        let exactWidths = Array(exact.lumping.neuronCounts.dropFirst().dropLast())
        let space: WidthSpace
        do { space = try WidthSpace.budget(net, maximum: exactWidths, minimumWidth: request.minimumWidth, limit: limit) } catch {
            throw .network(error)
        }
        // One lumped network and merger per layer-1 width tried (nil: the lumping failed there).
        var cache: [Int: (base: FloatNetwork, merger: WidthMerger)?] = [:]
        func entry(_ w: Int) -> (base: FloatNetwork, merger: WidthMerger)? {
            if let hit = cache[w] { return hit }
            let e = (try? lumping.network(width: w)).map { (FloatNetwork($0), merger($0)) }
            cache[w] = e
            return e
        }
        let allocation = request.allocation ?? (request.calibration == nil ? .uniform : .tuned)
        let widths: [Int]
        var tried: Int?
        switch allocation {
        case .global, .uniform:  // global is refused before the lumping is made (Compression.compress)
            widths = space.realize(Array(repeating: 1, count: hidden))!  // feasible: checked
        case .tuned:
            guard let calibration = request.calibration else {
                throw .network(NetworkError("a tuned allocation minimizes the calibration MSE: give calibration inputs"))
            }
            let target = FloatNetwork(net).forward(calibration.inputs).values.last!
            let found = AllocationSearch.tune(layers: hidden, realize: space.realize) { w in
                guard let e = entry(w[0]) else { return .infinity }
                let output = e.base.merged(e.merger.cut(w).groups, importance: e.merger.importance).forward(calibration.inputs).values.last!
                return meanSquaredDifference(output, target)
            }!  // feasible: checked, so the uniform shape realizes
            widths = found.allocation
            tried = found.evaluations
        }
        guard let e = entry(widths[0]) else {
            throw .network(NetworkError("a linear lumping of the first hidden layer to \(widths[0]) neurons: a folded weight is not finite"))
        }
        return (e.merger.compression(widths), tried)
    }
}
