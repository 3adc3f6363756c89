import Foundation
import Testing
import Symbolic
import TestSupport
@testable import Simulation

/// The compiled fast path against the reference path (`Polynomial.evaluate`, `derivative`).
@Suite struct CompiledVectorFieldTests {
    /// A random polynomial model: `n` variables, a few terms per equation of degree ≤ 3,
    /// parameters with values.
    static func randomModel(seed: UInt64, n: Int) throws -> ODEModel {
        var rng = SplitMix64(seed: seed)
        var text = "begin model random\n begin parameters\n  k1 = 3/7\n  k2 = 1.5e-3\n end parameters\n begin init\n"
        for i in 0..<n { text += "  x\(i) = \(Int(rng.next() % 5))\n" }
        text += " end init\n begin ODE\n"
        for i in 0..<n {
            var terms: [String] = []
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                var factors = ["\(Int(rng.next() % 9) - 4)"]
                if rng.next() % 2 == 0 { factors.append(rng.next() % 2 == 0 ? "k1" : "k2") }
                for _ in 0..<Int(rng.next() % 4) {
                    let v = Int(rng.next() % UInt64(n))
                    factors.append(rng.next() % 3 == 0 ? "x\(v)^2" : "x\(v)")
                }
                terms.append(factors.joined(separator: "*"))
            }
            text += "  d(x\(i)) = " + terms.joined(separator: " + ") + "\n"
        }
        text += " end ODE\nend model\n"
        return try ERODEReader.read(text: text)
    }

    @Test(arguments: 1...20)
    func evaluationAndJacobianMatchThePolynomials(seed: Int) throws {
        let model = try Self.randomModel(seed: UInt64(seed), n: 2 + seed % 7)
        let f = try CompiledVectorField(model)
        let values = model.substituingValuesForTest()
        var rng = SplitMix64(seed: UInt64(seed) &* 77)
        let x = (0..<f.dimension).map { _ in Double(Int(rng.next() % 2001) - 1000) / 250 }
        let symbolValue: (Int32) -> Double = { s in
            if let i = values.variableIndex(ofSymbol: s) { return x[i] }
            return .nan
        }
        let fx = f.evaluate(x)
        for i in 0..<f.dimension {
            let reference = values.equations[i].evaluate(symbolValue)
            #expect(abs(fx[i] - reference) <= 1e-12 * max(1, abs(reference)))
        }
        // Dense Jacobian from the compiled pattern.
        var jacobian = [Double](repeating: 0, count: f.jacobianPattern.nonzeros)
        var scratch: [Double] = []
        x.withUnsafeBufferPointer { xp in jacobian.withUnsafeMutableBufferPointer { f.jacobian(xp, into: $0, scratch: &scratch) } }
        var dense = [[Double]](repeating: [Double](repeating: 0, count: f.dimension), count: f.dimension)
        for j in 0..<f.dimension {
            for s in Int(f.jacobianPattern.columnStart[j])..<Int(f.jacobianPattern.columnStart[j + 1]) {
                dense[Int(f.jacobianPattern.rowIndex[s])][j] = jacobian[s]
            }
            #expect(f.jacobianPattern.rowIndex[Int(f.diagonalSlots[j])] == Int32(j))
        }
        for i in 0..<f.dimension {
            for (j, v) in values.variables.enumerated() {
                let reference = values.equations[i].derivative(withRespectTo: v.symbol).evaluate(symbolValue)
                #expect(abs(dense[i][j] - reference) <= 1e-12 * max(1, abs(reference)), "∂f\(i)/∂x\(j)")
            }
        }
    }
}

extension ODEModel {
    /// The model with exact parameter values substituted (the reference path's polynomials).
    func substituingValuesForTest() -> ODEModel { substitutingParameterValues() }
}
