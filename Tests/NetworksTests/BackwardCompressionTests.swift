import Testing
import Networks
import Reduction
import Symbolic

/// A network with planted exact duplicates and sign-flipped twins.
///
/// Layer 1 (6 neurons over 3 inputs): 1 duplicates 0, 2 is 0 sign-flipped (−W, −b),
/// 4 is 3 sign-flipped, 5 alone. FDE classes {0,1},{2},{3},{4},{5}; under an even
/// activation BDE classes {0,1,2},{3,4},{5}.
/// Layer 2 (4 neurons): 1 is 0 sign-flipped; 2 has other per-neuron weights but the same
/// sums as 0 over the BDE classes (not over the FDE classes) and the same bias; 3 alone.
/// Output: 2 identity neurons.
func twinNetwork(_ activation: Activation) -> Network {
    let a = [q(1), q(-2), q(1, 3)], c = [q(2, 5), q(1), q(-3)], e = [q(-1), q(1, 2), q(2)]
    let layer1 = Layer(weights: [a, a, a.map { -$0 }, c, c.map { -$0 }, e],
                       bias: [q(1, 4), q(1, 4), q(-1, 4), q(-1), q(1), q(0)], activation: activation)
    let r0 = [q(1), q(2), q(3), q(4), q(5), q(6)]   // BDE sums 6, 9, 6; FDE sums 3, 3, 4, 5, 6
    let r2 = [q(2), q(2), q(2), q(9), q(0), q(6)]   // BDE sums 6, 9, 6; FDE sums 4, 2, 9, 0, 6
    let r3 = [q(-1, 3), q(0), q(5), q(1), q(-2), q(1, 7)]
    let layer2 = Layer(weights: [r0, r0.map { -$0 }, r2, r3], bias: [q(1, 2), q(-1, 2), q(1, 2), q(2)],
                       activation: activation)
    let out = Layer(weights: [[q(1), q(-1), q(2), q(1, 3)], [q(0), q(3), q(-1, 2), q(1)]],
                    bias: [q(0), q(1, 9)], activation: .identity)
    return Network(inputCount: 3, layers: [layer1, layer2, out])
}

@Suite struct BackwardCompressionTests {
    @Test func squareFDEMergesOnlyDuplicatesBDEAlsoSignFlippedTwins() throws {
        let net = twinNetwork(.square)
        try net.validate()
        let forward = try Compression.compress(net)
        #expect(forward.network.neuronCounts == [3, 5, 4, 2])
        let backward = try Compression.compressBackward(net)
        #expect(backward.network.neuronCounts == [3, 3, 2, 2])
        #expect(backward.groups[1] == [[0, 1, 2], [3, 4], [5]])
        #expect(backward.groups[2] == [[0, 1, 2], [3]])
        #expect(backward.groups[0] == [[0], [1], [2]])
        #expect(backward.groups[3] == [[0], [1]])
        #expect(backward.report.layers.map(\.neuronsAfter) == [3, 2, 2])
        #expect(backward.report.parametersAfter == backward.network.parameterCount)
        #expect(backward.report.parametersAfter < forward.report.parametersAfter)
    }

    @Test func squareBDECompressionComputesTheSameFunctionExactly() throws {
        let net = twinNetwork(.square)
        let small = try Compression.compressBackward(net).network
        var rng = SplitMix64(seed: 2024)
        for _ in 0..<25 {
            let x = (0..<3).map { _ in rng.rational() }
            #expect(try small.evaluate(x) == net.evaluate(x))
        }
    }

    @Test func standardizationIsCarriedAndTheFunctionKept() throws {
        var net = twinNetwork(.square)
        net.standardization = Standardization(mean: [q(1), q(-1, 2), q(0)], std: [q(2), q(1), q(3, 2)])
        let small = try Compression.compressBackward(net).network
        #expect(small.standardization == net.standardization)
        var rng = SplitMix64(seed: 5)
        for _ in 0..<10 {
            let x = (0..<3).map { _ in rng.rational() }
            #expect(try small.evaluate(x) == net.evaluate(x))
        }
    }

    @Test func cubeDoesNotMergeSignFlippedTwins() throws {
        let net = twinNetwork(.cube)
        let backward = try Compression.compressBackward(net)
        #expect(backward.network.neuronCounts == [3, 5, 4, 2])
        // An odd activation: BDE gives exactly the FDE merge (and the same decoded network).
        #expect(backward.network == (try Compression.compress(net).network))
        var rng = SplitMix64(seed: 9)
        for _ in 0..<10 {
            let x = (0..<3).map { _ in rng.rational() }
            #expect(try backward.network.evaluate(x) == net.evaluate(x))
        }
    }

    @Test func certificateAcceptsTheBDEAndRejectsMergedCubeTwins() throws {
        let net = twinNetwork(.square)
        let result = try Compression.compressBackward(net)
        guard case .equivalence(let reduced) = BackwardCertificate.check(result.encoding.model, partition: result.partition) else {
            Issue.record("certificate rejected the BDE"); return
        }
        #expect(reduced.variables.count == 3 + 3 + 2 + 2)
        // Merging the cube twins 0 and 2 of layer 1 is not a BDE.
        let cube = twinNetwork(.cube)
        let encoding = try cube.backwardEncoding()
        let v = encoding.variableOfNeuron[1]
        var blocks = encoding.initialPartition.blocks.filter { !$0.contains(v[0]) }
        blocks.append([v[0], v[1], v[2]])
        blocks.append(Array(v[3...]))
        let bad = try Partition(blocks: blocks, count: encoding.model.variables.count)
        if case .equivalence = BackwardCertificate.check(encoding.model, partition: bad) {
            Issue.record("certificate accepted merged cube twins")
        }
    }

    @Test func exactFDEMergesRefineTheBDEOnRandomSquareNetworks() throws {
        var rng = SplitMix64(seed: 77)
        for _ in 0..<10 {
            // Few distinct small rows so duplicates and flips occur.
            let rows = [[q(1), q(-1)], [q(2), q(1)], [q(0), q(1)]]
            var w1: [[Rational]] = [], b1: [Rational] = []
            for _ in 0..<6 {
                let r = Int.random(in: 0..<3, using: &rng)
                let s = Bool.random(using: &rng) ? q(1) : q(-1)
                w1.append(rows[r].map { $0 * s }); b1.append(q(r) * s)
            }
            let w2 = (0..<3).map { _ in (0..<6).map { _ in q(Int.random(in: -2...2, using: &rng)) } }
            let net = Network(inputCount: 2, layers: [
                Layer(weights: w1, bias: b1, activation: .square),
                Layer(weights: w2, bias: [q(0), q(1), q(-1)], activation: .square),
                Layer(weights: [[q(1), q(2), q(3)]], bias: [q(0)], activation: .identity),
            ])
            let forward = net.coarsestExactLumping()
            let fdeGroups = forward.1
            let backward = try Compression.compressBackward(net)
            // Every FDE block of layer 1 lies inside one BDE block.
            var bdeBlock: [Int: Int] = [:]
            for (g, members) in backward.groups[1].enumerated() { for j in members { bdeBlock[j] = g } }
            for block in fdeGroups.blocks {
                let neurons = block.compactMap { forward.0.neuronOfVariable[$0] }.filter { $0.layer == 1 }.map(\.index)
                #expect(Set(neurons.map { bdeBlock[$0]! }).count <= 1)
            }
            var xr = SplitMix64(seed: 3)
            for _ in 0..<5 {
                let x = (0..<2).map { _ in xr.rational() }
                #expect(try backward.network.evaluate(x) == net.evaluate(x))
            }
        }
    }

    @Test func approximateBDEMergesAboveTheDistanceAndNotBelow() throws {
        // Neurons 0 and 1: (x + 2y)² vs ((1 + δ)x + 2y)², distance ‖·‖₁ = 2δ + δ² + 4δ.
        let delta = q(1, 1000)
        let distance = 6 * delta + delta * delta  // 6001/10⁶
        let net = Network(inputCount: 2, layers: [
            Layer(weights: [[q(1), q(2)], [q(1) + delta, q(2)], [q(5), q(-7)]], bias: [q(0), q(0), q(1)], activation: .square),
            Layer(weights: [[q(1), q(1), q(1)]], bias: [q(0)], activation: .identity),
        ])
        #expect(try Compression.compressBackward(net).network.neuronCounts == [2, 3, 1])
        #expect(try Compression.compressBackward(net, epsilon: distance - q(1, 1_000_000)).network.neuronCounts == [2, 3, 1])
        let merged = try Compression.compressBackward(net, epsilon: distance)
        #expect(merged.network.neuronCounts == [2, 2, 1])
        #expect(merged.groups[1] == [[0, 1], [2]])
        // Representative row (neuron 0) and summed downstream weight.
        #expect(merged.network.layers[0].weights[0] == [q(1), q(2)])
        #expect(merged.network.layers[1].weights[0] == [q(2), q(1)])
        // Complete linkage agrees on a pair.
        #expect(try Compression.compressBackward(net, epsilon: distance, linkage: .complete).groups[1] == [[0, 1], [2]])
    }

    @Test func nonPolynomialActivationIsRejected() {
        let net = twinNetwork(.relu)
        #expect(throws: NetworkError.self) { _ = try Compression.compressBackward(net) }
    }
}
