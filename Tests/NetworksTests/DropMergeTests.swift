import Testing
@testable import Networks
import Reduction
import Symbolic

/// The greedy clustering with drops, by its definition (O(n³)): at every step the cheaper of
/// the closest pair of clusters (complete linkage) and the cheapest cluster drop (the largest
/// drop cost of its members). Returns each step's height and, per width k, the kept clusters
/// and the dropped elements.
private func naiveDropClustering(_ d: DistanceMatrix, dropCosts: [Double]) -> (heights: [Double], cuts: [Int: (kept: Set<Set<Int>>, dropped: Set<Int>)]) {
    var clusters = (0..<d.count).map { [$0] }
    var dropped: [Int] = []
    var heights: [Double] = []
    var cuts = [d.count: (kept: Set(clusters.map { Set($0) }), dropped: Set<Int>())]
    while !clusters.isEmpty {
        var pair = (Double.infinity, 0, 0)
        for i in clusters.indices { for j in clusters.indices where j > i {
            var link = -Double.infinity
            for a in clusters[i] { for b in clusters[j] { link = max(link, d[a, b]) } }
            if link < pair.0 { pair = (link, i, j) }
        } }
        let costs = clusters.map { c in c.map { dropCosts[$0] }.max()! }
        let cheapest = costs.indices.min { costs[$0] < costs[$1] }!
        if costs[cheapest] <= pair.0 {
            heights.append(costs[cheapest])
            dropped += clusters.remove(at: cheapest)
        } else {
            heights.append(pair.0)
            clusters[pair.1] += clusters[pair.2]
            clusters.remove(at: pair.2)
        }
        cuts[clusters.count] = (Set(clusters.map { Set($0) }), Set(dropped))
    }
    return (heights, cuts)
}

/// A random symmetric matrix with distinct entries and distinct drop costs.
private func randomProblem(_ n: Int, _ rng: inout SplitMix64) -> (DistanceMatrix, [Double]) {
    var v = [Double](repeating: 0, count: n * n)
    for a in 0..<n { for b in (a + 1)..<max(a + 1, n) {
        let d = Double.random(in: 0..<100, using: &rng)
        v[a * n + b] = d; v[b * n + a] = d
    } }
    return (DistanceMatrix(count: n, values: v), (0..<n).map { _ in Double.random(in: 0..<150, using: &rng) })
}

@Suite struct DropDendrogramTests {
    @Test func dropsAndMergesFollowTheGreedyDefinition() {
        var rng = SplitMix64(seed: 61)
        for n in [1, 2, 3, 8, 25, 40] {
            let (d, costs) = randomProblem(n, &rng)
            let tree = Dendrogram.completeLinkage(d, dropCosts: costs)
            let naive = naiveDropClustering(d, dropCosts: costs)
            #expect(tree.merges.count == n)
            #expect(tree.merges.map(\.height) == naive.heights)
            var droppedBefore = Set<Int>()
            for width in stride(from: n, through: 1, by: -1) {
                let (kept, dropped) = tree.partition(width: width)
                #expect(kept.count == width)
                #expect(Set(kept.map { Set($0) }) == naive.cuts[width]?.kept)
                #expect(Set(dropped) == naive.cuts[width]?.dropped)
                #expect((kept.flatMap { $0 } + dropped).sorted() == Array(0..<n))
                // Nested: what a wider cut dropped stays dropped.
                #expect(droppedBefore.isSubset(of: Set(dropped)))
                droppedBefore = Set(dropped)
            }
        }
    }

    @Test func dropCostsAboveEveryMergeLeaveThePlainDendrogram() {
        var rng = SplitMix64(seed: 67)
        let (d, _) = randomProblem(30, &rng)
        let plain = Dendrogram.completeLinkage(d)
        let withDrops = Dendrogram.completeLinkage(d, dropCosts: Array(repeating: 1e9, count: 30))
        for width in 1...30 {
            #expect(withDrops.partition(width: width).kept == plain.clusters(width: width))
            #expect(withDrops.partition(width: width).dropped.isEmpty)
        }
    }
}

@Suite struct DropMergeTests {
    /// A 3-input network whose hidden neuron 2 of layer 1 feeds nothing (zero outgoing weights).
    private func networkWithADeadNeuron() -> Network {
        var rng = SplitMix64(seed: 71)
        var net = randomDenseNetwork(&rng, inputs: 3, widths: [8, 6], outputs: 2)
        for j in net.layers[1].weights.indices { net.layers[1].weights[j][2] = .zero }
        return net
    }

    @Test func aNeuronThatFeedsNothingIsDroppedAndTheFunctionStays() throws {
        let net = networkWithADeadNeuron()
        var rng = SplitMix64(seed: 73)
        let calibration = randomCalibration(&rng, inputs: 3, rows: 30)
        var request = CompressionRequest(budget: .widths([7, 6]), linkage: .complete, calibration: calibration, distance: .activations)
        request.dropScale = 1
        let outcome = try Compression.compress(net, request)
        #expect(outcome.droppedNeurons == [1, 0])
        #expect(!outcome.isExact)  // a drop is never reported as an exact lumping
        #expect(outcome.hiddenWidths == [7, 6])
        // Dropping a neuron that feeds nothing is the original function.
        let before = FloatNetwork(net).forward(calibration.inputs).values.last!
        let after = FloatNetwork(outcome.network).forward(calibration.inputs).values.last!
        for (a, b) in zip(after, before) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
        // It is structured pruning of that neuron: rows and columns removed, nothing else changed.
        let pruned = Pruning.neurons(net, widths: [7, 6], criterion: .activation, calibration: calibration).network
        #expect(outcome.network == pruned)
    }

    @Test func partialGroupsDecodeLikeRemovingTheNeurons() {
        var rng = SplitMix64(seed: 79)
        let net = randomDenseNetwork(&rng, inputs: 3, widths: [6, 5], outputs: 2)
        // Layer 1: merge {0, 1}, drop 4; layer 2: drop 0 and 3.
        let groups: [[[Int]]] = [[[0], [1], [2]], [[0, 1], [2], [3], [5]], [[1], [2], [4]], [[0], [1]]]
        let exact = net.reduced(groups: groups)
        #expect(exact.neuronCounts == [3, 4, 3, 2])
        // The merged neuron's outgoing weight is the sum of its members'; dropped columns are gone.
        #expect(exact.layers[1].weights[0][0] == net.layers[1].weights[1][0] + net.layers[1].weights[1][1])
        #expect(exact.layers[2].weights[1] == [net.layers[2].weights[1][1], net.layers[2].weights[1][2], net.layers[2].weights[1][4]])
        let calibration = randomCalibration(&rng, inputs: 3, rows: 12)
        let fast = FloatNetwork(net).merged(groups).forward(calibration.inputs).values.last!
        let slow = FloatNetwork(exact).forward(calibration.inputs).values.last!
        for (a, b) in zip(fast, slow) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
        // The importance-weighted decoding skips the dropped neurons too.
        let importance = net.neuronImportance(calibration)
        let weighted = net.reduced(groups: groups, importance: importance)
        let fastWeighted = FloatNetwork(net).merged(groups, importance: importance).forward(calibration.inputs).values.last!
        let slowWeighted = FloatNetwork(weighted).forward(calibration.inputs).values.last!
        for (a, b) in zip(fastWeighted, slowWeighted) { #expect(abs(a - b) <= 1e-9 * max(1, abs(b))) }
    }

    @Test func tunedDropKeepsTheLowestCalibrationMSEAndIsReproducible() throws {
        var rng = SplitMix64(seed: 83)
        let net = randomDenseNetwork(&rng, inputs: 4, widths: [20, 16], outputs: 1, activation: .square)
        let calibration = randomCalibration(&rng, inputs: 4, rows: 40)
        var request = CompressionRequest(budget: .within(.grp(45)), linkage: .complete, calibration: calibration)
        request.tuneDrop = true
        let tuned = try Compression.compress(net, request)
        #expect(tuned.report.parametersAfter <= ParameterBudget.grp(45).limit(for: net))
        for scale in [nil] + CompressionRequest.tunedDropScales {
            var one = CompressionRequest(budget: .within(.grp(45)), linkage: .complete, calibration: calibration)
            one.dropScale = scale
            let o = try Compression.compress(net, one)
            #expect(tuned.calibrationMSE! <= o.calibrationMSE!)
            if scale == tuned.dropScale { #expect(o.network == tuned.network) }
        }
        var again = CompressionRequest(budget: .widths(tuned.hiddenWidths), linkage: .complete, calibration: calibration)
        again.dropScale = tuned.dropScale
        #expect(try Compression.compress(net, again).network == tuned.network)
        // The refit works on a merge with drops (the dropped neurons have no target).
        request.refit = true
        #expect(try Compression.compress(net, request).calibrationMSEAfterRefit != nil)
    }

    @Test func dropsNeedCompleteLinkageAWidthOrBudgetAndAPositiveScale() {
        var rng = SplitMix64(seed: 89)
        let net = randomDenseNetwork(&rng, inputs: 3, widths: [6, 5], outputs: 1)
        for (linkage, budget, scale) in [(ApproximateForwardEquivalence.Linkage.single, CompressionRequest.Budget.widths([4, 4]), 1.0),
                                         (.complete, .epsilons([.one]), 1.0), (.complete, .widths([4, 4]), 0),
                                         (.complete, .widths([4, 4]), -.infinity), (.complete, .widths([4, 4]), .nan)] {
            var r = CompressionRequest(budget: budget, linkage: linkage)
            r.dropScale = scale
            #expect(throws: CompressionFailure.self) { try Compression.compress(net, r) }
        }
    }
}
