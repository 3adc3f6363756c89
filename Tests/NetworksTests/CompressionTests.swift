import Testing
import Networks
import Reduction
import Symbolic

@Suite struct CompressionTests {
    @Test func plantedDuplicatesReduceToExpectedSizes() throws {
        let net = plantedNetwork()
        try net.validate()
        let (small, report) = try Compression.compress(net)
        #expect(small.neuronCounts == [3, 3, 3, 2])
        #expect(report.layers.map(\.neuronsBefore) == [6, 5, 2])
        #expect(report.layers.map(\.neuronsAfter) == [3, 3, 2])
        #expect(report.parametersBefore == net.parameterCount)
        #expect(report.parametersAfter == small.parameterCount)
        #expect(report.parametersBefore == (6 * 3 + 6) + (5 * 6 + 5) + (2 * 5 + 2))
        #expect(report.parametersAfter == (3 * 3 + 3) + (3 * 3 + 3) + (2 * 3 + 2))
        #expect(abs(report.grp - 100 * Double(report.parametersAfter) / Double(report.parametersBefore)) < 1e-12)
        #expect(small.standardization == net.standardization)
    }

    @Test func compressedNetworkComputesTheSameFunctionExactly() throws {
        for (h1, h2, o) in [(Activation.square, Activation.polynomial([q(1, 2), q(-1), q(3, 7)]), Activation.identity),
                            (.cube, .relu, .square)] {
            let net = plantedNetwork(hidden1: h1, hidden2: h2, output: o)
            let small = try Compression.compress(net).network
            #expect(small.neuronCounts == [3, 3, 3, 2])
            var rng = SplitMix64(seed: 42)
            for _ in 0..<25 {
                let x = (0..<3).map { _ in rng.rational() }
                #expect(try small.evaluate(x) == net.evaluate(x))
            }
        }
    }

    @Test func perturbedDuplicateIsNotMerged() throws {
        var net = plantedNetwork()
        // Break the layer-2 pair {0,1}: their class sums now differ by 1/1000.
        net.layers[1].weights[1][0] += q(1, 1000)
        let small = try Compression.compress(net).network
        #expect(small.neuronCounts == [3, 3, 4, 2])
        var rng = SplitMix64(seed: 7)
        let x = (0..<3).map { _ in rng.rational() }
        #expect(try small.evaluate(x) == net.evaluate(x))
    }

    @Test func lumpingDistanceVanishesExactlyOnMergedPairs() {
        let net = plantedNetwork()
        let upstream = [0, 0, 0, 1, 1, 2]
        #expect(net.lumpingDistance(layer: 2, 0, 1, upstreamBlockOf: upstream) == .zero)
        #expect(net.lumpingDistance(layer: 2, 0, 2, upstreamBlockOf: upstream) == q(1))  // |1/2 − (−1/2)|
        #expect(net.lumpingDistance(layer: 2, 3, 4, upstreamBlockOf: upstream) == .zero)
        #expect(net.lumpingDistance(layer: 2, 0, 1, upstreamBlockOf: [0, 1, 2, 3, 4, 5]) > .zero)
    }

    @Test func partitionerMustRefineInitialPartition() {
        let net = plantedNetwork()
        #expect(throws: NetworkError.self) {
            _ = try Compression.compress(net) { model, _ in .single(count: model.variables.count) }
        }
    }

    @Test func decodingTheReducedODETextGivesTheDirectCompression() throws {
        let net = plantedNetwork()
        let direct = try Compression.compress(net).network
        let (encoding, partition) = net.coarsestExactLumping()
        let reduced = encoding.model.forwardQuotient(by: partition)
        let text = try ERODEWriter.write(reduced)
        let reread = try ERODEReader.read(text: text, file: "reduced.ode")
        let decoded = try Network.decode(reduced: reread, like: net)
        #expect(decoded == direct)
        // The decoded network's own lumping ODE is the reduced ODE (same names, same equations).
        let again = decoded.lumpingEncoding().model
        #expect(again.variables.count == reduced.variables.count)
    }

    @Test func lumpingODEFileCarriesItsInitialPartition() throws {
        let net = plantedNetwork()
        let encoding = net.lumpingEncoding()
        let reread = try ERODEReader.read(text: ERODEWriter.write(encoding.model))
        let initial = try Partition(blocks: #require(reread.partition), count: reread.variables.count)
        #expect(initial == encoding.initialPartition)
        let partition = ForwardEquivalence.coarsest(reread, initial: initial)
        let decoded = try Network.decode(reduced: reread.forwardQuotient(by: partition), like: net)
        #expect(decoded == (try Compression.compress(net).network))
    }

    @Test func decodeRejectsForeignVariables() throws {
        let net = plantedNetwork()
        let text = """
        begin model m
         begin init
          in_0
          x
         end init
         begin ODE
          d(in_0) = 0
          d(x) = 0
         end ODE
        end model
        """
        let model = try ERODEReader.read(text: text)
        #expect {
            _ = try Network.decode(reduced: model, like: net)
        } throws: { error in
            "\(error)".contains("\"x\"")
        }
    }

    @Test func tinyModelFileCompresses() throws {
        let path = #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
        let net = try Network.load(path: "/" + path + "/models/tiny_network.json")
        let (small, report) = try Compression.compress(net)
        #expect(net.neuronCounts == [3, 6, 6, 1])
        #expect(small.neuronCounts == [3, 4, 4, 1])
        #expect(report.grp < 100)
        var rng = SplitMix64(seed: 3)
        for _ in 0..<10 {
            let x = (0..<3).map { _ in rng.rational() }
            #expect(try small.evaluate(x) == net.evaluate(x))
        }
    }
}
