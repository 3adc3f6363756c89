import Foundation
import Testing
import Symbolic
@testable import Simulation

/// The integrators against exact solutions and published reference values.
@Suite struct IntegratorTests {
    static func field(_ text: String) throws -> CompiledVectorField {
        try CompiledVectorField(ERODEReader.read(text: text))
    }

    static func options(_ method: IntegrationMethod, rtol: Double, atol: Double) -> IntegrationOptions {
        var o = IntegrationOptions()
        o.method = method
        o.relativeTolerance = rtol
        o.absoluteTolerance = atol
        return o
    }

    /// e^{tA} by scaling and squaring of a 30-term Taylor series (independent of the integrators).
    static func exponential(_ a: [[Double]], _ t: Double) -> [[Double]] {
        let n = a.count
        var norm = 0.0
        for row in a { norm = max(norm, row.reduce(0) { $0 + abs($1) } * abs(t)) }
        let squarings = max(0, Int(ceil(log2(max(norm, 1e-300) / 0.25))))
        let scale = t / pow(2, Double(squarings))
        func multiply(_ x: [[Double]], _ y: [[Double]]) -> [[Double]] {
            (0..<n).map { i in (0..<n).map { j in (0..<n).reduce(0) { $0 + x[i][$1] * y[$1][j] } } }
        }
        let scaled = a.map { $0.map { $0 * scale } }
        var result = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        var term = result
        for k in 1...30 {
            term = multiply(term, scaled).map { $0.map { $0 / Double(k) } }
            for i in 0..<n { for j in 0..<n { result[i][j] += term[i][j] } }
        }
        for _ in 0..<squarings { result = multiply(result, result) }
        return result
    }

    @Test(arguments: [IntegrationMethod.dopri5, .rosenbrock, .bdf, .auto])
    func linearSystemMatchesMatrixExponential(method: IntegrationMethod) throws {
        // A fixed 5×5 matrix with complex and real eigenvalues (rotation plus decay, coupling).
        let a: [[Double]] = [
            [-0.5, 2, 0, 0.1, 0],
            [-2, -0.5, 0.3, 0, 0],
            [0, 0, -1, 0.5, 0.25],
            [0.2, 0, 0, -0.3, 1],
            [0, 0.1, 0, -1, -0.2],
        ]
        let x0: [Double] = [1, 0, 2, -1, 0.5]
        var text = "begin model linear\n begin init\n"
        for i in 0..<5 { text += "  x\(i) = \(x0[i])\n" }
        text += " end init\n begin ODE\n"
        for i in 0..<5 {
            text += "  d(x\(i)) = " + (0..<5).filter { a[i][$0] != 0 }.map { "(\(a[i][$0]))*x\($0)" }.joined(separator: " + ") + "\n"
        }
        text += " end ODE\nend model\n"
        let f = try Self.field(text)
        let times = outputTimes(end: 10, points: 21)
        let (trajectory, stats) = try simulate(f, times: times, options: Self.options(method, rtol: 1e-10, atol: 1e-12))
        #expect(trajectory.count == 21)
        var worst = 0.0
        for (row, t) in times.enumerated() {
            let e = Self.exponential(a, t)
            for i in 0..<5 {
                let exact = (0..<5).reduce(0) { $0 + e[i][$1] * x0[$1] }
                worst = max(worst, abs(trajectory.value(row, i) - exact))
            }
        }
        #expect(worst < 1e-7, "largest error \(worst) with \(method)")
        #expect(stats.acceptedSteps > 10)
        if method == .rosenbrock || method == .bdf { #expect(stats.jacobianEvaluations > 0 && stats.factorizations > 0) }
    }

    static let robertson = """
        begin model robertson
         begin init
          y1 = 1
          y2 = 0
          y3 = 0
         end init
         begin ODE
          d(y1) = -0.04*y1 + 1e4*y2*y3
          d(y2) = 0.04*y1 - 1e4*y2*y3 - 3e7*y2^2
          d(y3) = 3e7*y2^2
         end ODE
        end model
        """

    /// Robertson's problem (Hairer & Wanner II, IV.1) at t = 40 (their table) and at t = 10¹¹
    /// (the IVP test set of Mazzia & Magherini, RADAU5 at tolerance 1.1e-18).
    @Test(arguments: [IntegrationMethod.rosenbrock, .bdf, .auto])
    func robertson(method: IntegrationMethod) throws {
        let f = try Self.field(Self.robertson)
        let (trajectory, stats) = try simulate(f, times: [0, 40, 1e5, 1e11], options: Self.options(method, rtol: 1e-10, atol: 1e-20))
        let at40 = [0.7158271, 9.185535e-6, 0.2841637]
        for i in 0..<3 { #expect(abs(trajectory.value(1, i) / at40[i] - 1) < 1e-6, "y\(i + 1)(40)") }
        let at1e11 = [0.2083340149701255e-7, 0.8333360770334713e-13, 0.9999999791665050]
        for i in 0..<3 { #expect(abs(trajectory.value(3, i) / at1e11[i] - 1) < 1e-5, "y\(i + 1)(1e11) = \(trajectory.value(3, i))") }
        // Mass is conserved (the sum of the right-hand sides is 0).
        #expect(abs(trajectory.value(2, 0) + trajectory.value(2, 1) + trajectory.value(2, 2) - 1) < 1e-9)
        if method == .auto { #expect(stats.switchedToStiffAt != nil) }
    }

    /// HIRES (Schäfer 1975; IVP test set reference at t = 321.8122).
    @Test func hires() throws {
        let f = try Self.field("""
            begin model hires
             begin init
              y1 = 1
              y8 = 0.0057
              y2 = 0
              y3 = 0
              y4 = 0
              y5 = 0
              y6 = 0
              y7 = 0
             end init
             begin ODE
              d(y1) = -1.71*y1 + 0.43*y2 + 8.32*y3 + 0.0007
              d(y2) = 1.71*y1 - 8.75*y2
              d(y3) = -10.03*y3 + 0.43*y4 + 0.035*y5
              d(y4) = 8.32*y2 + 1.71*y3 - 1.12*y4
              d(y5) = -1.745*y5 + 0.43*y6 + 0.43*y7
              d(y6) = -280*y6*y8 + 0.69*y4 + 1.71*y5 - 0.43*y6 + 0.69*y7
              d(y7) = 280*y6*y8 - 1.81*y7
              d(y8) = -280*y6*y8 + 1.81*y7
             end ODE
            end model
            """)
        let reference: [String: Double] = [
            "y1": 0.7371312573325668e-3, "y2": 0.1442485726316185e-3, "y3": 0.5888729740967575e-4,
            "y4": 0.1175651343283149e-2, "y5": 0.2386356198831331e-2, "y6": 0.6238968252742796e-2,
            "y7": 0.2849998395185769e-2, "y8": 0.2850001604814231e-2,
        ]
        for method in [IntegrationMethod.rosenbrock, .bdf, .auto, .dopri5] {
            let (trajectory, _) = try simulate(f, times: [0, 321.8122], options: Self.options(method, rtol: 1e-10, atol: 1e-14))
            for (i, name) in f.names.enumerated() {
                let relative = abs(trajectory.value(1, i) / reference[name]! - 1)
                #expect(relative < 1e-6, "\(name) with \(method): relative error \(relative)")
            }
        }
    }

    /// Van der Pol with μ = 1000 (IVP test set reference at t = 2000, RADAU at tolerance 1.1e-18).
    @Test(arguments: [IntegrationMethod.rosenbrock, .bdf, .auto])
    func vanDerPol(method: IntegrationMethod) throws {
        let f = try Self.field("""
            begin model vdpol
             begin init
              y1 = 2
              y2 = 0
             end init
             begin ODE
              d(y1) = y2
              d(y2) = 1000*y2 - 1000*y1^2*y2 - y1
             end ODE
            end model
            """)
        let (trajectory, stats) = try simulate(f, times: [0, 1000, 2000], options: Self.options(method, rtol: 1e-9, atol: 1e-12))
        #expect(abs(trajectory.value(2, 0) / 0.1706167732170469e1 - 1) < 1e-6)
        #expect(abs(trajectory.value(2, 1) / -0.8928097010248125e-3 - 1) < 1e-5)
        #expect(stats.acceptedSteps < 20_000, "\(stats.acceptedSteps) steps")
    }

    @Test func dopri5DetectsNothingStiffOnAHarmonicOscillator() throws {
        let f = try Self.field("""
            begin model oscillator
             begin init
              x = 1
              v = 0
             end init
             begin ODE
              d(x) = v
              d(v) = -x
             end ODE
            end model
            """)
        let (trajectory, stats) = try simulate(f, times: outputTimes(end: 20, points: 201), options: Self.options(.auto, rtol: 1e-9, atol: 1e-12))
        #expect(stats.switchedToStiffAt == nil)
        for row in 0..<trajectory.count {
            #expect(abs(trajectory.value(row, 0) - cos(trajectory.times[row])) < 1e-7)
        }
    }

    @Test func blowUpIsAnErrorNotNaN() throws {
        let f = try Self.field("begin model b\n begin init\n  x = 1\n end init\n begin ODE\n  d(x) = x^2\n end ODE\nend model\n")
        for method in IntegrationMethod.allCases {
            #expect(throws: SimulationError.self) { try simulate(f, times: [0, 2], options: Self.options(method, rtol: 1e-6, atol: 1e-9)) }
        }
    }

    @Test func interruptionKeepsTheRowsSoFar() throws {
        let f = try Self.field(Self.robertson)
        var rows = 0
        let stats = try integrate(f, from: f.initialValues, times: outputTimes(end: 100, points: 101)) { _, _ in
            rows += 1
            return rows < 10
        }
        #expect(stats.interrupted && rows == 10)
    }

    @Test func parameterWithoutValueIsRefused() throws {
        let model = try ERODEReader.read(text: "begin model p\n begin parameters\n  k\n end parameters\n begin init\n  x = 1\n end init\n begin ODE\n  d(x) = -k*x\n end ODE\nend model\n")
        #expect(throws: SimulationError.self) { try CompiledVectorField(model) }
    }
}
