import Testing
@testable import Networks
import Reduction
import Symbolic

/// A random network with planted near-duplicates: hidden widths `widths`, dyadic weights
/// (multiples of 1/8 in [−2, 2]); some neurons copy another's row and bias and add a small
/// perturbation (a multiple of 1/64) to one entry.
func randomPlantedNetwork(_ rng: inout SplitMix64, inputs: Int, widths: [Int], outputs: Int,
                          activation: Activation = .square) -> Network {
    var layers: [Layer] = []
    var m = inputs
    for (l, w) in (widths + [outputs]).enumerated() {
        var rows: [[Rational]] = [], bias: [Rational] = []
        let isOutput = l == widths.count
        for j in 0..<w {
            if !isOutput, j > 0, Int.random(in: 0..<3, using: &rng) == 0 {
                let source = Int.random(in: 0..<j, using: &rng)
                var row = rows[source]
                let b = bias[source]
                if Bool.random(using: &rng) {
                    let k = Int.random(in: 0..<m, using: &rng)
                    row[k] += Rational(Int.random(in: -3...3, using: &rng), 64)
                }
                rows.append(row)
                bias.append(Bool.random(using: &rng) ? b : b + Rational(1, 64))
            } else {
                rows.append((0..<m).map { _ in Rational(Int.random(in: -16...16, using: &rng), 8) })
                bias.append(Rational(Int.random(in: -8...8, using: &rng), 8))
            }
        }
        layers.append(Layer(weights: rows, bias: bias, activation: isOutput ? .identity : activation))
        m = w
    }
    return Network(inputCount: inputs, layers: layers)
}

@Suite struct LayeredLumpingTests {
    @Test func exactLayeredLumpingIsTheCoarsestFDE() throws {
        var rng = SplitMix64(seed: 11)
        for trial in 0..<20 {
            let net = randomPlantedNetwork(&rng, inputs: 3, widths: [6 + trial % 3, 5], outputs: 2)
            let (encoding, exact) = net.coarsestExactLumping()
            let layered = net.layeredLumping(epsilons: [.zero])
            #expect(net.partition(of: layered, encoding: encoding) == exact)
        }
        let planted = plantedNetwork()
        #expect(planted.layeredLumping(epsilons: [.zero]).neuronCounts == [3, 3, 3, 2])
    }

    @Test(arguments: [ApproximateForwardEquivalence.Linkage.single, .complete], [false, true])
    func singleEpsilonAgreesWithGenericEpsilonFDE(linkage: ApproximateForwardEquivalence.Linkage, relative: Bool) throws {
        var rng = SplitMix64(seed: relative ? 5 : 6)
        var nontrivial = 0
        for trial in 0..<25 {
            let net = randomPlantedNetwork(&rng, inputs: 3, widths: [7, 6, 5].prefix(2 + trial % 2).map { $0 }, outputs: 2)
            let encoding = net.lumpingEncoding()
            for eps in [Rational(1, 64), Rational(1, 16), Rational(1, 4), Rational(1), Rational(3)] {
                let e = relative ? eps / 4 : eps
                let generic = ApproximateForwardEquivalence.coarsest(encoding.model, epsilon: e, linkage: linkage,
                                                                     relative: relative, initial: encoding.initialPartition)
                let layered = net.layeredLumping(epsilons: [e], linkage: linkage, relative: relative)
                #expect(net.partition(of: layered, encoding: encoding) == generic, "trial \(trial) ε \(e)")
                if generic != net.coarsestExactLumping().partition { nontrivial += 1 }
            }
        }
        #expect(nontrivial > 10)  // the tolerances do merge beyond the exact FDE
    }

    @Test func perLayerEpsilonAppliesToItsLayer() {
        var rng = SplitMix64(seed: 21)
        for _ in 0..<10 {
            let net = randomPlantedNetwork(&rng, inputs: 3, widths: [8, 7], outputs: 2)
            let e = Rational(1, 8)
            let both = net.layeredLumping(epsilons: [e])
            let first = net.layeredLumping(epsilons: [e, .zero])
            #expect(first.groups[1] == both.groups[1])
            // Layer 2 at ε = 0: exactly the pairs at distance 0 under the merged layer 1 (transitively).
            var blockOf = [Int](repeating: 0, count: 8)
            for (g, members) in first.groups[1].enumerated() { for k in members { blockOf[k] = g } }
            for block in first.groups[2] {
                for j in block { #expect(net.lumpingDistance(layer: 2, block[0], j, upstreamBlockOf: blockOf) == .zero) }
            }
            for a in first.groups[2].indices { for b in first.groups[2].indices where a < b {
                #expect(net.lumpingDistance(layer: 2, first.groups[2][a][0], first.groups[2][b][0], upstreamBlockOf: blockOf) > .zero)
            } }
            #expect(first.groups[2].count >= both.groups[2].count)
        }
    }

    @Test func exactLayeredCompressionComputesTheSameFunction() throws {
        var rng = SplitMix64(seed: 31)
        let net = randomPlantedNetwork(&rng, inputs: 3, widths: [9, 8], outputs: 2)
        let result = Compression.compress(net, epsilons: [.zero])
        #expect(result.network == (try Compression.compress(net).network))
        for _ in 0..<10 {
            let x = (0..<3).map { _ in rng.rational() }
            #expect(try result.network.evaluate(x) == net.evaluate(x))
        }
    }

    @Test func calibratedDistanceWeighsBlocksByRMS() {
        var rng = SplitMix64(seed: 51)
        let net = randomPlantedNetwork(&rng, inputs: 3, widths: [6, 5], outputs: 1)
        let calibration = CalibrationSet(inputs: (0..<20).map { _ in (0..<3).map { _ in Double.random(in: -1...1, using: &rng) } })
        let weights = net.calibrationRMS(calibration)
        let upstream = net.layeredLumping(epsilons: [Rational(1, 4)]).groups[1]
        let sig = LayerSignatures(net, layer: 2, upstream: upstream, weights: weights)
        for j in 0..<5 { for j2 in 0..<5 {
            var expected = (net.layers[1].bias[j] - net.layers[1].bias[j2]).magnitude
            for members in upstream {
                var s = Rational.zero
                for k in members { s += net.layers[1].weights[j][k] - net.layers[1].weights[j2][k] }
                // The block's RMS: √(mean of its neurons' mean squares), from the data.
                var ms = 0.0
                for k in members { ms += weights.rms[1][k] * weights.rms[1][k] }
                let r = (ms / Double(members.count)).squareRoot()
                expected += s.magnitude * Rational(exactly: r)!
            }
            let d = sig.distance(j, j2, relative: false)
            #expect(abs(d.doubleValue - expected.doubleValue) <= 1e-5 * max(1, expected.doubleValue))
        } }
        // RMS of an input is the RMS of the data column.
        var s0 = 0.0
        for row in calibration.inputs { s0 += row[0] * row[0] }
        #expect(abs(weights.rms[0][0] - (s0 / 20).squareRoot()) < 1e-12)
    }

    @Test func refitDoesNotIncreaseTheCalibrationError() throws {
        var rng = SplitMix64(seed: 71)
        for _ in 0..<3 {
            let net = randomPlantedNetwork(&rng, inputs: 3, widths: [10], outputs: 2)
            let calibration = CalibrationSet(inputs: (0..<40).map { _ in (0..<3).map { _ in Double.random(in: -2...2, using: &rng) } })
            let exactWidth = Compression.compress(net, epsilons: [.zero]).lumping.groups[1].count
            let merged = try #require([2, 4, 8, 16, 32].lazy.map { Compression.compress(net, epsilons: [Rational($0)]) }
                .first { $0.lumping.groups[1].count < exactWidth })
            let before = merged.network.calibrationMSE(against: net, calibration)
            let (refit, layers) = try merged.network.refit(original: net, groups: merged.lumping.groups, calibration: calibration)
            #expect(layers == [1])
            #expect(refit.neuronCounts == merged.network.neuronCounts)
            let after = refit.calibrationMSE(against: net, calibration)
            #expect(after <= before * (1 + 1e-6) + 1e-9)
        }
    }

    @Test func choleskySolvesSymmetricPositiveDefiniteSystems() throws {
        var rng = SplitMix64(seed: 81)
        let n = 6
        let x = DenseMatrix(rows: 10, columns: n, values: (0..<60).map { _ in Double.random(in: -1...1, using: &rng) })
        var a = x.gram()
        for i in 0..<n { a[i, i] += 0.5 }
        let b = DenseMatrix(rows: n, columns: 2, values: (0..<(2 * n)).map { _ in Double.random(in: -1...1, using: &rng) })
        let l = try #require(a.cholesky())
        let sol = l.choleskySolve(b)
        for c in 0..<2 { for i in 0..<n {
            var s = 0.0
            for k in 0..<n { s += a[i, k] * sol[k, c] }
            #expect(abs(s - b[i, c]) < 1e-10)
        } }
        #expect(DenseMatrix(rows: 2, columns: 2, values: [1, 2, 2, 1]).cholesky() == nil)
    }
}
