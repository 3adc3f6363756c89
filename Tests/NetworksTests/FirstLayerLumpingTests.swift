import Testing
@testable import Networks
import Symbolic

/// Linear lumping of the first hidden layer: exact at the rank (the same function, proven by the
/// certificate, which rejects tampering), least squares below it, and its place in compressions.
@Suite struct FirstLayerLumpingTests {
    /// d inputs, n first-layer neurons with random rationals p/q (q up to 9, not only powers of
    /// two), a second hidden layer and outputs.
    func randomNetwork(inputs d: Int, first n: Int, activation: Activation = .square, seed: UInt64 = 3) -> Network {
        var rng = SplitMix64(seed: seed)
        func layer(_ rows: Int, _ cols: Int, _ a: Activation) -> Layer {
            Layer(weights: (0..<rows).map { _ in (0..<cols).map { _ in rng.rational() } }, bias: (0..<rows).map { _ in rng.rational() }, activation: a)
        }
        return Network(inputCount: d, layers: [layer(n, d, activation), layer(5, n, .polynomial([q(1, 2), q(-1), q(3, 7)])), layer(2, 5, .identity)])
    }

    func exactOutputs(_ net: Network, seed: UInt64 = 9) throws -> [[Rational]] {
        var rng = SplitMix64(seed: seed)
        return try (0..<6).map { _ in try net.evaluate((0..<net.inputCount).map { _ in rng.rational() }) }
    }

    @Test func moreNeuronsThanTheSpaceLumpExactlyToItsDimension() throws {
        // Square activation on 2 inputs: quadratics in (x, y), dimension C(4, 2) = 6; 10 neurons.
        let net = randomNetwork(inputs: 2, first: 10)
        let lumping = try FirstLayerLumping(net)
        #expect(lumping.rank == 6)
        let exact = try #require(lumping.exactNetwork)
        #expect(exact.layers[0].outputCount == 6)
        #expect(try exactOutputs(exact) == exactOutputs(net))
        #expect(lumping.certificate.check(original: net, reduced: exact) == nil)
        #expect(lumping.summary(width: 6).isExact && lumping.summary(width: 9).kept == 6)
        // The floating-point least squares at the rank agrees: residual at rounding level.
        #expect(lumping.approximate(6).residual < 1e-9)
    }

    @Test func theCertificateRejectsAWrongCombinationOrFold() throws {
        let net = randomNetwork(inputs: 2, first: 9, seed: 5)
        let lumping = try FirstLayerLumping(net)
        let exact = try #require(lumping.exactNetwork)
        var wrong = lumping.certificate
        wrong.numerators[0][0] += 1
        #expect(wrong.check(original: net, reduced: exact) != nil)
        var scaled = lumping.certificate
        scaled.denominator += 1
        #expect(scaled.check(original: net, reduced: exact) != nil)
        var tampered = exact
        tampered.layers[1].weights[2][1] += Rational(1, 1 << 40)
        #expect(lumping.certificate.check(original: net, reduced: tampered) != nil)
        var otherLayer1 = exact
        otherLayer1.layers[0].bias[0] += 1
        #expect(lumping.certificate.check(original: net, reduced: otherLayer1) != nil)
    }

    @Test func aHandExample() throws {
        // One input, square: neurons x² and (2x)² = 4x². QR order takes the larger, 4x², first;
        // x² = ¼·(4x²), so layer 2's weight on the kept neuron becomes V₂ + V₁/4.
        let l1 = Layer(weights: [[q(1)], [q(2)]], bias: [q(0), q(0)], activation: .square)
        let l2 = Layer(weights: [[q(3), q(5)], [q(-1), q(1, 2)]], bias: [q(1), q(0)], activation: .identity)
        let net = Network(inputCount: 1, layers: [l1, l2, Layer(weights: [[q(1), q(1)]], bias: [q(0)], activation: .identity)])
        let lumping = try FirstLayerLumping(net)
        #expect(lumping.rank == 1 && lumping.order == [1, 0])
        #expect(lumping.numerators == [[q(1)]] && lumping.denominator == q(4))
        let exact = try #require(lumping.exactNetwork)
        #expect(exact.layers[0].weights == [[q(2)]])
        #expect(exact.layers[1].weights == [[q(5) + q(3, 4)], [q(1, 2) - q(1, 4)]])
    }

    @Test func independentNeuronsStayAndWidthsBelowTheRankAreApproximate() throws {
        // 3 inputs, square: dimension 10; 7 generic neurons are independent.
        let net = randomNetwork(inputs: 3, first: 7)
        let lumping = try FirstLayerLumping(net)
        #expect(lumping.rank == 7 && lumping.exactNetwork == net)
        let five = try lumping.network(width: 5)
        #expect(five.layers[0].outputCount == 5 && five.layers[1].inputCount == 5)
        let s = lumping.summary(width: 5)
        #expect(!s.isExact && s.relativeResidual > 0 && s.relativeResidual < 1)
        #expect(try exactOutputs(five) != exactOutputs(net))
        #expect(lumping.summary(width: 7).isExact)
    }

    @Test func aDegreeThreeActivationAndALinearTerm() throws {
        // σ(z) = z/2 + z³ on 1 input: polynomials of degree 3 in x, dimension 4; 7 neurons.
        let net = randomNetwork(inputs: 1, first: 7, activation: .polynomial([q(0), q(1, 2), q(0), q(1)]), seed: 8)
        let lumping = try FirstLayerLumping(net)
        #expect(lumping.rank == 4)
        let exact = try #require(lumping.exactNetwork)
        #expect(try exactOutputs(exact) == exactOutputs(net))
        #expect(lumping.certificate.check(original: net, reduced: exact) == nil)
    }

    @Test func compressionsWithALinearFirstLayer() throws {
        // The planted network's layer 1 has 3 distinct neurons (duplicates): rank 3, as the FDE.
        var request = CompressionRequest()
        request.firstLayer = .linear
        let planted = try Compression.compress(plantedNetwork(), request)
        #expect(planted.isExact && planted.hiddenWidths == [3, 3] && planted.linearFirstLayer?.rank == 3)
        // Exact lumping (10 → 6), then the exact FDE of the rest: the same function.
        let net = randomNetwork(inputs: 2, first: 10)
        let exact = try Compression.compress(net, request)
        #expect(exact.isExact && exact.hiddenWidths[0] == 6)
        #expect(try exactOutputs(exact.network) == exactOutputs(net))
        // A tuned budget: within the limit, layer 1 at most the rank, calibration MSE reported.
        var rng = SplitMix64(seed: 2)
        let calibration = CalibrationSet(inputs: (0..<64).map { _ in (0..<2).map { _ in Double(rng.next() % 2000) / 1000 - 1 } })
        var budget = CompressionRequest(budget: .within(.parameters(40)), linkage: .complete, calibration: calibration)
        budget.firstLayer = .linear
        budget.tuneRules = true
        let small = try Compression.compress(net, budget)
        #expect(small.report.parametersAfter <= 40 && small.hiddenWidths[0] <= 6)
        #expect(!small.isExact && small.calibrationMSE != nil && small.linearFirstLayer != nil)
        // --widths: layer 1 lumped to its width, layer 2 merged to its.
        var widths = CompressionRequest(budget: .widths([4, 3]), linkage: .complete)
        widths.firstLayer = .linear
        let cut = try Compression.compress(net, widths)
        #expect(cut.hiddenWidths == [4, 3] && cut.linearFirstLayer?.kept == 4 && cut.linearFirstLayer?.isExact == false)
    }

    @Test func whatALinearFirstLayerRefuses() throws {
        var request = CompressionRequest()
        request.firstLayer = .linear
        #expect(throws: CompressionFailure.self) { try Compression.compress(plantedNetwork(hidden1: .relu), request) }
        let big = Activation.polynomial((0...13).map { _ in q(1) })
        #expect(throws: CompressionFailure.self) { try Compression.compress(plantedNetwork(hidden1: big), request) }
        var calibration = CompressionRequest(budget: .within(.grp(50)), calibration: CalibrationSet(inputs: [[0, 1, 2]]), refit: true)
        calibration.firstLayer = .linear
        #expect(throws: CompressionFailure.self) { try Compression.compress(plantedNetwork(), calibration) }
        var global = CompressionRequest(budget: .within(.grp(50)), allocation: .global)
        global.firstLayer = .linear
        #expect(throws: CompressionFailure.self) { try Compression.compress(randomNetwork(inputs: 2, first: 10), global) }
    }

    @Test func residuesAndExactQuotients() {
        let p = Modular.prime
        let r = Rational(-3, 4).residue(modulo: p)!
        #expect(Modular.multiply(r, 4) == p - 3)
        let big = Rational(1 << 62) * Rational(1 << 62) + Rational(5)  // 2¹²⁴ + 5, beyond Int64
        var expected: UInt64 = 1
        for _ in 0..<124 { expected = Modular.multiply(expected, 2) }
        #expect(big.residue(modulo: p) == Modular.add(expected, 5))
        #expect((big * Rational(3)).exactIntegerQuotient(big) == Rational(3))
        #expect((big + Rational(1)).exactIntegerQuotient(big) == nil)
        #expect(Rational(12).exactIntegerQuotient(Rational(-4)) == Rational(-3))
        #expect(Rational(12).exactIntegerQuotient(Rational(5)) == nil)
        #expect(Rational(1, 2).exactIntegerQuotient(Rational(1)) == nil)
    }
}
