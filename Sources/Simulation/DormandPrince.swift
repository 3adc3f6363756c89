import Foundation

/// Dormand–Prince 5(4) (Dormand & Prince, J. Comput. Appl. Math. 6, 1980) as in Hairer's DOPRI5
/// (Hairer, Nørsett & Wanner, Solving ODEs I, II.4–II.6): FSAL, PI step-size control
/// (β = 0.04), Shampine's dense output of order 4 (Math. Comp. 46, 1986) for the output times,
/// and Hairer's stiffness test (II.10: h·|λ| ≈ h·‖k₇ − k₆‖ / ‖y₁ − y₆‖ > 3.25).
final class DormandPrince {
    private let field: CompiledVectorField
    private let n: Int
    private var k1, k2, k3, k4, k5, k6, k7, stage, yNew, error: [Double]
    private var scratch: [Double] = []

    // Butcher tableau.
    private static let a21 = 1.0 / 5
    private static let (a31, a32) = (3.0 / 40, 9.0 / 40)
    private static let (a41, a42, a43) = (44.0 / 45, -56.0 / 15, 32.0 / 9)
    private static let (a51, a52, a53, a54) = (19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729)
    private static let (a61, a62, a63, a64, a65) = (9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656)
    private static let (a71, a73, a74, a75, a76) = (35.0 / 384, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84)
    // Fifth minus fourth order weights (the error estimate).
    private static let (e1, e3, e4, e5, e6, e7) = (71.0 / 57600, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40)
    // Shampine's dense output.
    private static let (d1, d3, d4, d5, d6, d7) = (-12715105075.0 / 11282082432, 87487479700.0 / 32700410799,
                                                   -10690763975.0 / 1880347072, 701980252875.0 / 199316789632,
                                                   -1453857185.0 / 822651844, 69997945.0 / 29380423)

    init(_ field: CompiledVectorField) {
        self.field = field
        n = field.dimension
        let zero = [Double](repeating: 0, count: n)
        (k1, k2, k3, k4, k5, k6, k7, stage, yNew, error) = (zero, zero, zero, zero, zero, zero, zero, zero, zero, zero)
    }

    private func f(_ x: [Double], _ out: inout [Double]) {
        x.withUnsafeBufferPointer { xp in out.withUnsafeMutableBufferPointer { field.evaluate(xp, into: $0, scratch: &scratch) } }
    }

    /// Integrates from `state` through the output times, or until the stiffness test fires.
    func run(_ state: inout StepState, h: inout Double, times: [Double], options: IntegrationOptions,
             detectStiffness: Bool, stats: inout IntegrationStatistics,
             progress: ((Double) -> Void)?, output: TrajectoryOutput) throws(SimulationError) -> StepperOutcome {
        typealias S = DormandPrince
        let tEnd = times.last!
        let hMax = tEnd - times[0]
        f(state.y, &k1)
        stats.functionEvaluations += 1
        var facOld = 1e-4
        var rejectedLast = false
        var stiffCount = 0, nonStiffCount = 0
        while state.next < times.count {
            if stats.acceptedSteps + stats.rejectedSteps >= options.maxSteps {
                throw SimulationError(description: "more than \(options.maxSteps) steps before t = \(shortNumber(tEnd)) (reached t = \(shortNumber(state.t))); the model may be stiff: try --method rosenbrock")
            }
            let t = state.t
            var last = false
            if t + 1.01 * h >= tEnd { h = tEnd - t; last = true }
            if h <= 10 * t.ulp.magnitude || h <= 0 { throw stepTooSmall(at: t) }
            let y = state.y
            for i in 0..<n { stage[i] = y[i] + h * S.a21 * k1[i] }
            f(stage, &k2)
            for i in 0..<n { stage[i] = y[i] + h * (S.a31 * k1[i] + S.a32 * k2[i]) }
            f(stage, &k3)
            for i in 0..<n { stage[i] = y[i] + h * (S.a41 * k1[i] + S.a42 * k2[i] + S.a43 * k3[i]) }
            f(stage, &k4)
            for i in 0..<n { stage[i] = y[i] + h * (S.a51 * k1[i] + S.a52 * k2[i] + S.a53 * k3[i] + S.a54 * k4[i]) }
            f(stage, &k5)
            for i in 0..<n {
                stage[i] = y[i] + h * (S.a61 * k1[i] + S.a62 * k2[i] + S.a63 * k3[i] + S.a64 * k4[i] + S.a65 * k5[i])
            }
            f(stage, &k6)
            for i in 0..<n {
                yNew[i] = y[i] + h * (S.a71 * k1[i] + S.a73 * k3[i] + S.a74 * k4[i] + S.a75 * k5[i] + S.a76 * k6[i])
            }
            f(yNew, &k7)
            stats.functionEvaluations += 6
            for i in 0..<n {
                error[i] = h * (S.e1 * k1[i] + S.e3 * k3[i] + S.e4 * k4[i] + S.e5 * k5[i] + S.e6 * k6[i] + S.e7 * k7[i])
            }
            let err = scaledErrorNorm(error, y, yNew, options)
            guard err.isFinite else {
                // Overflow in a stage: retry much smaller.
                stats.rejectedSteps += 1
                h *= 0.1
                rejectedLast = true
                continue
            }
            // PI control: hnew = h / fac, fac = err^0.17 / facold^0.04 / 0.9, within [1/10, 5].
            let fac11 = pow(err, 0.2 - 0.04 * 0.75)
            var fac = fac11 / pow(facOld, 0.04)
            fac = max(1.0 / 10, min(1.0 / 0.2, fac / 0.9))
            var hNew = h / fac
            if err <= 1 {
                facOld = max(err, 1e-4)
                stats.acceptedSteps += 1
                if detectStiffness {
                    var num = 0.0, den = 0.0
                    for i in 0..<n {
                        num += (k7[i] - k6[i]) * (k7[i] - k6[i])
                        den += (yNew[i] - stage[i]) * (yNew[i] - stage[i])
                    }
                    if den > 0, h * (num / den).squareRoot() > 3.25 {
                        nonStiffCount = 0
                        stiffCount += 1
                    } else {
                        nonStiffCount += 1
                        if nonStiffCount == 6 { stiffCount = 0 }
                    }
                }
                let tNew = last ? tEnd : t + h
                if try !emitDense(from: t, h: h, to: tNew, y: y, state: &state, times: times, output: output) {
                    stats.interrupted = true
                    state.t = tNew
                    state.y = yNew
                    return .interrupted
                }
                state.t = tNew
                state.y = yNew
                swap(&k1, &k7)
                if rejectedLast { hNew = min(hNew, h) }
                rejectedLast = false
                h = min(hNew, hMax)
                if let progress, stats.acceptedSteps % 256 == 0 { progress(state.t) }
                if stiffCount >= 15 { return .stiff }
            } else {
                hNew = h / min(1.0 / 0.2, fac11 / 0.9)
                if stats.acceptedSteps > 0 { stats.rejectedSteps += 1 }
                rejectedLast = true
                h = hNew
            }
        }
        return .finished
    }

    /// Reports every output time in (t, tNew] from the step's dense output; `false` when the
    /// receiver asked to stop.
    private func emitDense(from t: Double, h: Double, to tNew: Double, y: [Double], state: inout StepState,
                           times: [Double], output: TrajectoryOutput) throws(SimulationError) -> Bool {
        typealias S = DormandPrince
        for i in 0..<n where !yNew[i].isFinite {
            throw SimulationError(description: "the solution is no longer finite at t = \(shortNumber(tNew)) ('\(field.names[i])'): it blows up")
        }
        var dense: [Double] = []
        while state.next < times.count, times[state.next] <= tNew {
            let tOut = times[state.next]
            let keepGoing: Bool
            if tOut == tNew {
                keepGoing = yNew.withUnsafeBufferPointer { output(tOut, $0) }
            } else {
                if dense.isEmpty { dense = [Double](repeating: 0, count: n) }
                let theta = (tOut - t) / h, theta1 = 1 - theta
                for i in 0..<n {
                    let r2 = yNew[i] - y[i]
                    let r3 = h * k1[i] - r2
                    let r4 = r2 - h * k7[i] - r3
                    let r5 = h * (S.d1 * k1[i] + S.d3 * k3[i] + S.d4 * k4[i] + S.d5 * k5[i] + S.d6 * k6[i] + S.d7 * k7[i])
                    dense[i] = y[i] + theta * (r2 + theta1 * (r3 + theta * (r4 + theta1 * r5)))
                }
                keepGoing = dense.withUnsafeBufferPointer { output(tOut, $0) }
            }
            state.next += 1
            if !keepGoing { return false }
        }
        return true
    }
}
