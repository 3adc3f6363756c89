import Foundation

/// The stiff integrator: RODAS4 (Hairer & Wanner, Solving ODEs II, IV.7; coefficients of
/// Hairer's RODAS in the form of Sandu et al., "Benchmarking stiff ODE solvers for atmospheric
/// chemistry problems II: Rosenbrock solvers", Atmos. Environ. 31, 1997): 6 stages, order 4
/// with an embedded order-3 estimate, L-stable and stiffly accurate.
///
/// Each step solves (1/(hγ) − J)·Kᵢ = f(Yᵢ) + Σⱼ Cᵢⱼ/h·Kⱼ with the analytic Jacobian J at the
/// step's start, factored once per attempted step by the sparse LU (KLU). Steps end exactly on
/// the output times (no interpolation), so every reported state is a step's full-order result.
final class Rosenbrock {
    private let system: ImplicitSystem
    private let n: Int
    private var k: [[Double]]
    private var f0, fStage, stage, yNew: [Double]

    private static let gamma = 0.25
    // A(i, j) and C(i, j) for 0 ≤ j < i < 6, row-wise: index i(i−1)/2 + j.
    private static let a: [Double] = [
        1.544,
        0.9466785280815826, 0.2557011698983284,
        3.314825187068521, 2.896124015972201, 0.9986419139977817,
        1.221224509226641, 6.019134481288629, 12.53708332932087, -0.6878860361058950,
        1.221224509226641, 6.019134481288629, 12.53708332932087, -0.6878860361058950, 1.0,
    ]
    private static let c: [Double] = [
        -5.6688,
        -2.430093356833875, -0.2063599157091915,
        -0.1073529058151375, -9.594562251023355, -20.47028614809616,
        7.496443313967647, -10.24680431464352, -33.99990352819905, 11.70890893206160,
        8.083246795921522, -7.981132988064893, -31.52159432874371, 16.31930543123136, -6.058818238834054,
    ]
    // The solution weights are A's last row and 1 (stiffly accurate); the error estimate is K₆.
    private static let m: [Double] = [1.221224509226641, 6.019134481288629, 12.53708332932087, -0.6878860361058950, 1.0, 1.0]

    init(_ field: CompiledVectorField) throws(SimulationError) {
        system = try ImplicitSystem(field)
        n = field.dimension
        let zero = [Double](repeating: 0, count: n)
        k = Array(repeating: zero, count: 6)
        (f0, fStage, stage, yNew) = (zero, zero, zero, zero)
    }

    private func f(_ x: [Double], _ out: inout [Double]) { system.evaluate(x, into: &out) }

    /// Integrates from `state` through all remaining output times.
    func run(_ state: inout StepState, h: inout Double, times: [Double], options: IntegrationOptions,
             stats: inout IntegrationStatistics,
             progress: ((Double) -> Void)?, output: TrajectoryOutput) throws(SimulationError) -> StepperOutcome {
        typealias R = Rosenbrock
        let hMax = times.last! - times[0]
        var rejectedLast = false, rejectedMore = false
        defer { system.record(into: &stats) }
        while state.next < times.count {
            let target = times[state.next]
            let t = state.t
            let y = state.y
            f(y, &f0)
            system.evaluateJacobian(at: y)
            stats.functionEvaluations += 1
            stats.jacobianEvaluations += 1
            var singular = 0
            while true {
                if stats.acceptedSteps + stats.rejectedSteps >= options.maxSteps {
                    throw SimulationError(description: "more than \(options.maxSteps) steps before t = \(shortNumber(times.last!)) (reached t = \(shortNumber(t)))")
                }
                var step = h
                var reachesTarget = false
                if t + 1.01 * step >= target { step = target - t; reachesTarget = true }
                if step <= 10 * t.ulp.magnitude || step <= 0 { throw stepTooSmall(at: t) }
                // G = 1/(hγ) − J.
                guard system.factor(diagonal: 1 / (step * R.gamma), jacobianScale: 1) else {
                    singular += 1
                    if singular > 5 {
                        throw SimulationError(description: "the Rosenbrock matrix stays singular at t = \(shortNumber(t))")
                    }
                    h = step * 0.5
                    continue
                }
                for i in 0..<6 {
                    if i == 0 {
                        for r in 0..<n { k[0][r] = f0[r] }
                    } else {
                        for r in 0..<n {
                            var s = y[r]
                            for j in 0..<i { s += R.a[i * (i - 1) / 2 + j] * k[j][r] }
                            stage[r] = s
                        }
                        f(stage, &fStage)
                        stats.functionEvaluations += 1
                        for r in 0..<n {
                            var s = fStage[r]
                            for j in 0..<i { s += R.c[i * (i - 1) / 2 + j] / step * k[j][r] }
                            k[i][r] = s
                        }
                    }
                    system.solve(&k[i])
                }
                for r in 0..<n {
                    var s = y[r]
                    for j in 0..<6 { s += R.m[j] * k[j][r] }
                    yNew[r] = s
                }
                let err = scaledErrorNorm(k[5], y, yNew, options)
                guard err.isFinite else {
                    stats.rejectedSteps += 1
                    h = step * 0.1
                    rejectedLast = true
                    continue
                }
                var hNew = step * min(6, max(0.2, 0.9 / pow(err, 0.25)))
                if err <= 1 {
                    stats.acceptedSteps += 1
                    for r in 0..<n where !yNew[r].isFinite {
                        throw SimulationError(description: "the solution is no longer finite at t = \(shortNumber(t + step)) ('\(system.field.names[r])'): it blows up")
                    }
                    state.t = reachesTarget ? target : t + step
                    state.y = yNew
                    if rejectedLast { hNew = min(hNew, step) }
                    rejectedLast = false
                    rejectedMore = false
                    // A step cut short by an output time does not shrink the next one.
                    h = min(reachesTarget ? max(hNew, h) : hNew, hMax)
                    if reachesTarget {
                        while state.next < times.count, times[state.next] <= state.t {
                            let keepGoing = state.y.withUnsafeBufferPointer { output(times[state.next], $0) }
                            state.next += 1
                            if !keepGoing { stats.interrupted = true; return .interrupted }
                        }
                    }
                    if let progress, stats.acceptedSteps % 64 == 0 { progress(state.t) }
                    break
                }
                if rejectedMore { hNew = step * 0.1 }
                rejectedMore = rejectedLast
                rejectedLast = true
                h = hNew
                if stats.acceptedSteps > 0 { stats.rejectedSteps += 1 }
            }
        }
        return .finished
    }
}
