import Testing
import Networks
import Reduction
import Symbolic

@Suite struct NetworkODETests {
    @Test func equilibriumIsTheForwardPass() throws {
        var net = plantedNetwork()
        net.standardization = Standardization(mean: [q(1, 2), q(0), q(-3)], std: [q(2), q(1, 3), q(5)])
        var rng = SplitMix64(seed: 11)
        for _ in 0..<5 {
            let x = (0..<3).map { _ in rng.rational() }
            let model = try net.forwardODE(input: x)
            let values = try net.exactActivations(x).flatMap { $0 }
            #expect(model.variables.count == values.count)
            // Inputs start at the standardized input.
            #expect(model.variables.prefix(3).map(\.initialValue) == net.standardized(x))
            for (i, equation) in model.equations.enumerated() {
                let derivative = equation.evaluate { (s: Int32) -> Rational in values[model.variableIndex(ofSymbol: s)!] }
                #expect(derivative == .zero, "d(\(model.variables[i].name))/dt ≠ 0 at the forward pass")
            }
            // Off the equilibrium some derivative is nonzero (the check can fail).
            var shifted = values
            shifted[shifted.count - 1] += q(1)
            #expect(model.equations.last!.evaluate { (s: Int32) -> Rational in shifted[Int(s)] } != .zero)
        }
    }

    @Test func variableNamesCarryLayerAndIndex() throws {
        let net = plantedNetwork()
        let names = try net.forwardODE().variables.map(\.name)
        #expect(names.prefix(4) == ["in_0", "in_1", "in_2", "h1_0"])
        #expect(names.contains("h2_4"))
        #expect(names.suffix(2) == ["out_0", "out_1"])
        let lumping = net.lumpingEncoding()
        #expect(lumping.model.variables.map(\.name) == names + ["bias"])
        #expect(lumping.initialPartition.blocks.count == 3 + 1 + 1 + 2 + 1)
    }

    @Test func lumpingODEIsTheTransposedNetwork() {
        let net = plantedNetwork()
        let e = net.lumpingEncoding()
        let m = e.model
        // da_in1/dt = Σ_j W1_j1 a_{h1_j}
        let in1 = e.variableOfNeuron[0][1]
        for j in 0..<6 {
            let h = m.variables[e.variableOfNeuron[1][j]].symbol
            #expect(m.equations[in1].coefficient(of: Monomial(symbol: h)) == net.layers[0].weights[j][1])
        }
        let out0 = m.variables[e.variableOfNeuron[3][0]].symbol
        #expect(m.equations[e.biasVariable].coefficient(of: Monomial(symbol: out0)) == net.layers[2].bias[0])
        #expect(m.equations[e.variableOfNeuron[3][1]].isZero)
    }

    @Test func nonPolynomialActivationsAreRejectedForTheODE() {
        let net = plantedNetwork(hidden2: .tanh)
        #expect {
            _ = try net.forwardODE()
        } throws: { error in
            let text = "\(error)"
            return text.contains("layer 2") && text.contains("tanh")
        }
        // …but still compress (the lumping ODE needs no polynomial).
        #expect(throws: Never.self) { _ = try Compression.compress(net) }
    }
}
