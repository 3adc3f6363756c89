import Testing
@testable import Networks
import Reduction
import Symbolic

/// A random symmetric distance matrix with distinct entries.
private func randomDistances(_ n: Int, _ rng: inout SplitMix64) -> DistanceMatrix {
    var v = [Double](repeating: 0, count: n * n)
    for a in 0..<n { for b in (a + 1)..<max(a + 1, n) {
        let d = Double.random(in: 0..<100, using: &rng)
        v[a * n + b] = d; v[b * n + a] = d
    } }
    return DistanceMatrix(count: n, values: v)
}

/// The textbook O(n³) agglomerative clustering: merge the closest pair of clusters, where
/// the cluster distance is the smallest (single) or largest (complete) member distance.
private func naiveHeights(_ d: DistanceMatrix, complete: Bool) -> [Double] {
    var clusters = (0..<d.count).map { [$0] }
    var heights: [Double] = []
    while clusters.count > 1 {
        var best = (Double.infinity, 0, 0)
        for i in clusters.indices { for j in clusters.indices where j > i {
            var link = complete ? -Double.infinity : Double.infinity
            for a in clusters[i] { for b in clusters[j] { link = complete ? max(link, d[a, b]) : min(link, d[a, b]) } }
            if link < best.0 { best = (link, i, j) }
        } }
        heights.append(best.0)
        clusters[best.1] += clusters[best.2]
        clusters.remove(at: best.2)
    }
    return heights
}

/// A random dense network (weights and biases dyadic multiples of 1/256 in [−1, 1]).
func randomDenseNetwork(_ rng: inout SplitMix64, inputs: Int, widths: [Int], outputs: Int,
                        activation: Activation = .polynomial([.zero, Rational(1, 2), Rational(1, 4)])) -> Network {
    var layers: [Layer] = []
    var m = inputs
    for (l, w) in (widths + [outputs]).enumerated() {
        let rows = (0..<w).map { _ in (0..<m).map { _ in Rational(Int.random(in: -256...256, using: &rng), 256) } }
        let bias = (0..<w).map { _ in Rational(Int.random(in: -32...32, using: &rng), 256) }
        layers.append(Layer(weights: rows, bias: bias, activation: l == widths.count ? .identity : activation))
        m = w
    }
    return Network(inputCount: inputs, layers: layers)
}

func randomCalibration(_ rng: inout SplitMix64, inputs: Int, rows: Int) -> CalibrationSet {
    CalibrationSet(inputs: (0..<rows).map { _ in (0..<inputs).map { _ in Double.random(in: -1.5...1.5, using: &rng) } })
}

@Suite struct DendrogramTests {
    @Test func mergeHeightsAgreeWithTheTextbookAlgorithm() {
        var rng = SplitMix64(seed: 3)
        for n in [1, 2, 3, 7, 20, 41] {
            let d = randomDistances(n, &rng)
            #expect(Dendrogram.singleLinkage(d).merges.map(\.height) == naiveHeights(d, complete: false))
            #expect(Dendrogram.completeLinkage(d).merges.map(\.height) == naiveHeights(d, complete: true))
        }
    }

    @Test func cutsAreNestedAndHaveTheRequestedWidth() {
        var rng = SplitMix64(seed: 5)
        let d = randomDistances(30, &rng)
        for tree in [Dendrogram.singleLinkage(d), .completeLinkage(d)] {
            var previous: [[Int]]?
            for width in stride(from: 30, through: 1, by: -1) {
                let c = tree.clusters(width: width)
                #expect(c.count == width)
                #expect(c.flatMap { $0 }.sorted() == Array(0..<30))
                // Each cluster of the finer cut lies inside one cluster of the coarser cut.
                if let previous { #expect(previous.allSatisfy { p in c.contains { Set(p).isSubset(of: $0) } }) }
                previous = c
            }
        }
    }

    @Test func completeLinkageClustersHaveDiameterAtMostTheirHeight() {
        var rng = SplitMix64(seed: 7)
        let d = randomDistances(25, &rng)
        let tree = Dendrogram.completeLinkage(d)
        for width in [20, 10, 4] {
            let height = tree.mergesApplied(width: width).map(\.height).max() ?? 0
            for c in tree.clusters(width: width) { for a in c { for b in c { #expect(d[a, b] <= height) } } }
        }
    }
}

@Suite struct WidthMergeTests {
    @Test func singleLinkageWidthsReproduceTheLayeredEpsilonFDE() {
        var rng = SplitMix64(seed: 13)
        for _ in 0..<4 {
            let net = randomDenseNetwork(&rng, inputs: 4, widths: [14, 12], outputs: 2)
            for widths in [[10, 9], [6, 11], [3, 3]] {
                let r = Compression.compress(net, widths: widths)
                #expect(r.lumping.neuronCounts == [4] + widths + [2])
                // The reported ε per layer gives the same blocks through the ε-FDE (distinct distances).
                let again = net.layeredLumping(epsilons: r.epsilons)
                #expect(again.groups == r.lumping.groups)
            }
        }
    }

    @Test func reportedEpsilonIsTheExactLargestDistanceUsed() {
        var rng = SplitMix64(seed: 17)
        let net = randomDenseNetwork(&rng, inputs: 3, widths: [12, 10], outputs: 1)
        let calibration = randomCalibration(&rng, inputs: 3, rows: 40)
        let weights = net.calibrationRMS(calibration)
        for relative in [false, true] {
            let r = Compression.compress(net, widths: [7, 5], linkage: .complete, relative: relative, weights: weights)
            for l in 1...2 {
                let sig = LayerSignatures(net, layer: l, upstream: r.lumping.groups[l - 1], weights: weights)
                var largest = Rational.zero
                for block in r.lumping.groups[l] { for a in block { for b in block where b > a {
                    largest = max(largest, sig.distance(a, b, relative: relative))
                } } }
                #expect(r.epsilons[l - 1] == largest)
                #expect(largest > .zero)
            }
        }
    }

    @Test func widthsAtTheExactWidthsGiveTheExactFDE() {
        var rng = SplitMix64(seed: 19)
        let net = randomPlantedNetwork(&rng, inputs: 3, widths: [10, 9], outputs: 2)
        let exact = Compression.compress(net, epsilons: [.zero])
        let widths = Array(exact.lumping.neuronCounts.dropFirst().dropLast())
        for linkage in [ApproximateForwardEquivalence.Linkage.single, .complete] {
            let r = Compression.compress(net, widths: widths, linkage: linkage)
            #expect(r.lumping.groups == exact.lumping.groups)
            #expect(r.epsilons.allSatisfy { $0.isZero })
        }
    }

    @Test func budgetsLandWithinOnePercentAndKeepTheMinimumWidth() throws {
        var rng = SplitMix64(seed: 23)
        let net = randomDenseNetwork(&rng, inputs: 8, widths: [64, 64], outputs: 1)
        let calibration = randomCalibration(&rng, inputs: 8, rows: 64)
        for grp in [10.0, 25, 50, 75, 90] {
            for calibrated in [false, true] {
                let request = CompressionRequest(budget: .within(.grp(grp)), linkage: .complete,
                                                 calibration: calibrated ? calibration : nil)
                let outcome = try Compression.compress(net, request)
                let limit = ParameterBudget.grp(grp).limit(for: net)
                #expect(outcome.report.parametersAfter <= limit)
                #expect(Double(outcome.report.parametersAfter) >= 0.99 * Double(limit), "GRP \(grp) calibrated \(calibrated): \(outcome.report.parametersAfter) of \(limit)")
                #expect(outcome.hiddenWidths.allSatisfy { $0 >= 8 })
                // The printed widths reproduce the network.
                let again = try Compression.compress(net, CompressionRequest(budget: .widths(outcome.hiddenWidths), linkage: .complete,
                                                                             calibration: calibrated ? calibration : nil))
                #expect(again.network == outcome.network)
            }
        }
        // Below the narrowest allowed widths: an error, unless a smaller minimum is asked for.
        let small = CompressionRequest(budget: .within(.parameters(120)))  // widths 8, 8 need 153
        #expect(throws: CompressionFailure.self) { try Compression.compress(net, small) }
        var allowed = small
        allowed.minimumWidth = 1
        #expect(try Compression.compress(net, allowed).report.parametersAfter <= 120)
    }

    @Test func tunedAllocationIsNoWorseThanUniformOnTheCalibrationSet() throws {
        var rng = SplitMix64(seed: 29)
        let net = randomDenseNetwork(&rng, inputs: 5, widths: [24, 40, 16], outputs: 2)
        let calibration = randomCalibration(&rng, inputs: 5, rows: 50)
        for grp in [30.0, 60] {
            let uniform = try Compression.compress(net, CompressionRequest(budget: .within(.grp(grp)), calibration: calibration, allocation: .uniform))
            let tuned = try Compression.compress(net, CompressionRequest(budget: .within(.grp(grp)), calibration: calibration, allocation: .tuned))
            #expect(try #require(tuned.calibrationMSE) <= uniform.calibrationMSE! * (1 + 1e-12))
            #expect(try #require(tuned.allocationsTried) > 1)
            #expect(tuned.report.parametersAfter <= ParameterBudget.grp(grp).limit(for: net))
        }
    }

    @Test func floatMergedNetworkMatchesTheExactReducedNetwork() {
        var rng = SplitMix64(seed: 31)
        let net = randomDenseNetwork(&rng, inputs: 4, widths: [9, 7], outputs: 2)
        let groups = Compression.compress(net, widths: [5, 4], linkage: .complete).lumping.groups
        let calibration = randomCalibration(&rng, inputs: 4, rows: 10)
        let fast = FloatNetwork(net).merged(groups).forward(calibration.inputs).values.last!
        let exact = FloatNetwork(net.reduced(groups: groups)).forward(calibration.inputs).values.last!
        for (a, b) in zip(fast, exact) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
    }
}

@Suite struct MergeRuleTests {
    @Test func importanceWeightedMergeOfEqualMembersIsThePlainMean() throws {
        var rng = SplitMix64(seed: 41)
        let net = randomPlantedNetwork(&rng, inputs: 3, widths: [10, 9], outputs: 2)
        let exact = Compression.compress(net, epsilons: [.zero])
        let calibration = randomCalibration(&rng, inputs: 3, rows: 20)
        let importance = net.neuronImportance(calibration)
        #expect(net.reduced(groups: exact.lumping.groups, importance: importance) == exact.network)
        // Unequal members: the weighted mean, by hand for one merged pair.
        let groups = Compression.compress(net, widths: [4, 3], linkage: .complete).lumping.groups
        let weighted = net.reduced(groups: groups, importance: importance)
        let (g, members) = try #require(groups[1].enumerated().first { $0.element.count > 1 })
        let total = members.reduce(Rational.zero) { $0 + importance[1][$1] }
        let bias = members.reduce(Rational.zero) { $0 + importance[1][$1] / total * net.layers[0].bias[$1] }
        #expect(weighted.layers[0].bias[g] == bias)
        // The float merge used by the search agrees with the exact one.
        let fast = FloatNetwork(net).merged(groups, importance: importance).forward(calibration.inputs).values.last!
        let slow = FloatNetwork(weighted).forward(calibration.inputs).values.last!
        for (a, b) in zip(fast, slow) { #expect(abs(a - b) <= 1e-9 * max(1, abs(b))) }
    }

    @Test func tunedRulesKeepTheLowestCalibrationMSEAndReportTheirChoice() throws {
        var rng = SplitMix64(seed: 43)
        let net = randomDenseNetwork(&rng, inputs: 4, widths: [20, 16], outputs: 1)
        let calibration = randomCalibration(&rng, inputs: 4, rows: 40)
        var request = CompressionRequest(budget: .within(.grp(40)), linkage: .complete, calibration: calibration)
        request.tuneRules = true
        let tuned = try Compression.compress(net, request)
        for distance in MergeDistance.allCases {
            for rule in MergedWeights.allCases {
                let one = try Compression.compress(net, CompressionRequest(budget: .within(.grp(40)), linkage: .complete, calibration: calibration,
                                                                           distance: distance, mergedWeights: rule))
                #expect(tuned.calibrationMSE! <= one.calibrationMSE!)
                if distance == tuned.distance && rule == tuned.mergedWeights { #expect(one.network == tuned.network) }
            }
        }
        // The reported rules and widths reproduce the network.
        let again = try Compression.compress(net, CompressionRequest(budget: .widths(tuned.hiddenWidths), linkage: .complete, calibration: calibration,
                                                                     distance: tuned.distance, mergedWeights: tuned.mergedWeights))
        #expect(again.network == tuned.network)
        // Activation distances and weighted merges need calibration, and widths or a budget.
        #expect(throws: CompressionFailure.self) { try Compression.compress(net, CompressionRequest(budget: .widths([5, 5]), distance: .activations)) }
        #expect(throws: CompressionFailure.self) {
            try Compression.compress(net, CompressionRequest(budget: .epsilons([.one]), calibration: calibration, mergedWeights: .importance))
        }
    }
}

@Suite struct AllocationSpaceTests {
    @Test func uniformWidthsAreMaximalWithinTheLimit() {
        let space = WidthSpace(inputs: 8, outputs: 1, maximum: [64, 64], minimum: [8, 8], limit: 1200)
        let w = space.realize([1, 1])!
        #expect(space.cost(w) <= 1200)
        #expect(abs(w[0] - w[1]) <= 2)
        for l in 0..<2 { var up = w; up[l] += 1; #expect(space.cost(up) > 1200) }
        #expect(WidthSpace(inputs: 8, outputs: 1, maximum: [64, 64], minimum: [8, 8], limit: 100).realize([1, 1]) == nil)
    }

    @Test func weightAllocationsSumToTheBudgetAndFollowTheShape() {
        let space = WeightSpace(sizes: [100, 400, 50], keep: 200)
        for shape in [[1.0, 1, 1], [4, 1, 1], [1, 0.25, 2]] {
            let c = space.realize(shape)
            #expect(c.reduce(0, +) == 200)
            #expect(zip(c, space.sizes).allSatisfy { $0 <= $1 })
            #expect(zip(c, space.minimum).allSatisfy { $0 >= $1 })
        }
        #expect(space.realize([4, 1, 1])[0] > space.realize([1, 1, 1])[0])
    }
}
