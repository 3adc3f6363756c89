import Foundation

/// The stiff integrator for large systems: variable-order (1–5) numerical differentiation
/// formulas in quasi-constant step size form, the method of MATLAB's `ode15s` and of scipy's
/// `solve_ivp(method="BDF")` (Shampine & Reichelt, "The MATLAB ODE Suite", SIAM J. Sci.
/// Comput. 18, 1997; the step and order logic follows scipy's implementation, which cites it).
///
/// The history is kept as backward differences D₀ … D₇ of the solution; a step of order k
/// solves the implicit formula by a simplified Newton iteration with the matrix I − (h/αₖ)·J.
/// That matrix is factored by the sparse LU only when the step size or order changes — after
/// k + 1 equal steps at the earliest — and J is re-evaluated only when Newton fails to
/// converge, so a long stiff integration needs a few dozen factorizations where a Rosenbrock
/// method needs one per step. States at the output times come from the method's interpolant
/// (the backward-difference polynomial), so output times do not shorten steps.
final class BDF {
    private let system: ImplicitSystem
    private let n: Int

    static let maxOrder = 5
    private static let newtonMaxIterations = 4
    private static let minFactor = 0.2, maxFactor = 10.0
    /// NDF coefficients κₖ (Shampine & Reichelt, table 1) and γₖ = Σⱼ≤ₖ 1/j.
    private static let kappa: [Double] = [0, -0.1850, -1.0 / 9, -0.0823, -0.0415, 0]
    private static let gamma: [Double] = [0, 1, 1.5, 11.0 / 6, 25.0 / 12, 137.0 / 60]
    private static let alpha: [Double] = (0...5).map { (k: Int) -> Double in (1 - kappa[k]) * gamma[k] }
    /// The leading error coefficient of each order: κₖγₖ + 1/(k+1).
    private static let errorConstant: [Double] = (0...5).map { (k: Int) -> Double in
        let kg: Double = kappa[k] * gamma[k]
        return kg + 1 / Double(k + 1)
    }

    init(_ field: CompiledVectorField) throws(SimulationError) {
        system = try ImplicitSystem(field)
        n = field.dimension
    }

    private func f(_ x: [Double], _ out: inout [Double]) { system.evaluate(x, into: &out) }

    /// RMS norm of x / scale.
    private func norm(_ x: [Double], _ scale: [Double]) -> Double {
        var s = 0.0
        for i in 0..<n { let r = x[i] / scale[i]; s += r * r }
        return n == 0 ? 0 : (s / Double(n)).squareRoot()
    }

    /// R(order, factor): the matrix that rescales backward differences to a step `factor` times
    /// as long (Shampine & Reichelt, eq. 2.3): R[i][j] = Π_{k≤i} M[k][j], M[0][j] = 1,
    /// M[i][j] = (i − 1 − factor·j)/i.
    private static func rescaling(_ order: Int, _ factor: Double) -> [[Double]] {
        var r = [[Double]](repeating: [Double](repeating: 0, count: order + 1), count: order + 1)
        for j in 0...order { r[0][j] = 1 }
        if order >= 1 {
            for i in 1...order {
                for j in 0...order {
                    let m = j == 0 ? 0 : (Double(i) - 1 - factor * Double(j)) / Double(i)
                    r[i][j] = r[i - 1][j] * m
                }
            }
        }
        return r
    }

    /// Rescales the differences D₀ … D_order for a step `factor` times as long.
    private static func changeDifferences(_ d: inout [[Double]], order: Int, factor: Double) {
        let r = rescaling(order, factor), u = rescaling(order, 1)
        // RU = R·U; D ← (RU)ᵀ·D.
        var ru = [[Double]](repeating: [Double](repeating: 0, count: order + 1), count: order + 1)
        for i in 0...order { for j in 0...order { var s = 0.0; for k in 0...order { s += r[i][k] * u[k][j] }; ru[i][j] = s } }
        let old = Array(d[0...order])
        let count = old[0].count
        for i in 0...order {
            var row = [Double](repeating: 0, count: count)
            for j in 0...order where ru[j][i] != 0 {
                let w = ru[j][i]
                let source = old[j]
                for c in 0..<count { row[c] += w * source[c] }
            }
            d[i] = row
        }
    }

    /// Integrates from `state` through all remaining output times.
    func run(_ state: inout StepState, h: inout Double, times: [Double], options: IntegrationOptions,
             stats: inout IntegrationStatistics,
             progress: ((Double) -> Void)?, output: TrajectoryOutput) throws(SimulationError) -> StepperOutcome {
        typealias B = BDF
        let end = times.last!
        let rtol = options.relativeTolerance, atol = options.absoluteTolerance
        let newtonTolerance = max(10 * Double.ulpOfOne / rtol, min(0.03, rtol.squareRoot()))
        defer { system.record(into: &stats) }
        var t = state.t
        var y = state.y
        var f0 = [Double](repeating: 0, count: n)
        f(y, &f0)
        stats.functionEvaluations += 1
        var hAbs = min(h, end - t)
        var d = [[Double]](repeating: [Double](repeating: 0, count: n), count: B.maxOrder + 3)
        d[0] = y
        for i in 0..<n { d[1][i] = hAbs * f0[i] }
        var order = 1, equalSteps = 0
        system.evaluateJacobian(at: y)
        stats.jacobianEvaluations += 1
        var factored = false          // whether `matrix` holds the LU of I − c·J for the current c
        var fNew = [Double](repeating: 0, count: n)
        var predicted = [Double](repeating: 0, count: n), yNew = predicted, correction = predicted
        var psi = predicted, scale = predicted, dy = predicted

        while state.next < times.count {
            // One step from t.
            let minStep = 10 * (t.nextUp - t)
            var jacobianIsCurrent = false
            var accepted = false
            var iterations = 0
            var errorNorm = 0.0
            var tNew = t
            while !accepted {
                if stats.acceptedSteps + stats.rejectedSteps >= options.maxSteps {
                    throw SimulationError(description: "more than \(options.maxSteps) steps before t = \(shortNumber(end)) (reached t = \(shortNumber(t)))")
                }
                if hAbs < minStep { throw stepTooSmall(at: t) }
                tNew = t + hAbs
                if tNew >= end || end - tNew < minStep {
                    tNew = end
                    B.changeDifferences(&d, order: order, factor: (tNew - t) / hAbs)
                    equalSteps = 0
                    factored = false
                }
                let step = tNew - t
                hAbs = step
                for i in 0..<n {
                    var s = 0.0
                    for k in 0...order { s += d[k][i] }
                    predicted[i] = s
                    scale[i] = atol + rtol * abs(s)
                    var p = 0.0
                    for k in 1...order { p += d[k][i] * B.gamma[k] }
                    psi[i] = p / B.alpha[order]
                }
                let c = step / B.alpha[order]
                var converged = false
                while !converged {
                    if !factored {
                        guard system.factor(diagonal: 1, jacobianScale: c) else { break }   // singular: a smaller step
                        factored = true
                    }
                    // Simplified Newton on y = predicted + correction.
                    for i in 0..<n { yNew[i] = predicted[i]; correction[i] = 0 }
                    var previousNorm = -1.0
                    iterations = 0
                    for k in 0..<B.newtonMaxIterations {
                        iterations = k + 1
                        f(yNew, &fNew)
                        stats.functionEvaluations += 1
                        if !fNew.allSatisfy(\.isFinite) { break }
                        for i in 0..<n { dy[i] = c * fNew[i] - psi[i] - correction[i] }
                        system.solve(&dy)
                        let dyNorm = norm(dy, scale)
                        let rate = previousNorm > 0 ? dyNorm / previousNorm : -1
                        if rate >= 0 && (rate >= 1 || pow(rate, Double(B.newtonMaxIterations - k)) / (1 - rate) * dyNorm > newtonTolerance) {
                            break
                        }
                        for i in 0..<n { yNew[i] += dy[i]; correction[i] += dy[i] }
                        if dyNorm == 0 || (rate >= 0 && rate / (1 - rate) * dyNorm < newtonTolerance) {
                            converged = true
                            break
                        }
                        previousNorm = dyNorm
                    }
                    if !converged {
                        if jacobianIsCurrent { break }
                        system.evaluateJacobian(at: predicted)
                        stats.jacobianEvaluations += 1
                        jacobianIsCurrent = true
                        factored = false
                    }
                }
                if !converged {
                    hAbs *= 0.5
                    B.changeDifferences(&d, order: order, factor: 0.5)
                    equalSteps = 0
                    factored = false
                    stats.rejectedSteps += 1
                    continue
                }
                let safety = 0.9 * Double(2 * B.newtonMaxIterations + 1) / Double(2 * B.newtonMaxIterations + iterations)
                for i in 0..<n { scale[i] = atol + rtol * abs(yNew[i]) }
                var s = 0.0
                for i in 0..<n { let e = B.errorConstant[order] * correction[i] / scale[i]; s += e * e }
                errorNorm = n == 0 ? 0 : (s / Double(n)).squareRoot()
                if errorNorm > 1 {
                    let factor = max(B.minFactor, safety * pow(errorNorm, -1 / Double(order + 1)))
                    hAbs *= factor
                    B.changeDifferences(&d, order: order, factor: factor)
                    equalSteps = 0
                    // The factorization is kept although c changed, as scipy does: Newton converged,
                    // and refactoring here made Van der Pol (μ = 1000, rtol 1e-9) collapse its steps.
                    stats.rejectedSteps += 1
                } else {
                    accepted = true
                }
            }
            stats.acceptedSteps += 1
            equalSteps += 1
            for i in 0..<n where !yNew[i].isFinite {
                throw SimulationError(description: "the solution is no longer finite at t = \(shortNumber(tNew)) ('\(system.field.names[i])'): it blows up")
            }
            t = tNew
            y = yNew
            // Update the differences with this step's correction.
            for i in 0..<n {
                d[order + 2][i] = correction[i] - d[order + 1][i]
                d[order + 1][i] = correction[i]
            }
            for k in stride(from: order, through: 0, by: -1) {
                for i in 0..<n { d[k][i] += d[k + 1][i] }
            }
            // Output times passed by this step, from the interpolant of order `order`.
            while state.next < times.count, times[state.next] <= t {
                let target = times[state.next]
                let value = target == t ? y : interpolate(d, order: order, t: t, h: hAbs, at: target)
                let keepGoing = value.withUnsafeBufferPointer { output(target, $0) }
                state.next += 1
                if !keepGoing {
                    state.t = t
                    state.y = y
                    stats.interrupted = true
                    return .interrupted
                }
            }
            if let progress, stats.acceptedSteps % 64 == 0 { progress(t) }
            if state.next >= times.count { break }
            // Step size and order, after order + 1 equal steps.
            if equalSteps < order + 1 { continue }
            let safety = 0.9 * Double(2 * B.newtonMaxIterations + 1) / Double(2 * B.newtonMaxIterations + iterations)
            var lower = Double.infinity, higher = Double.infinity
            if order > 1 {
                var s = 0.0
                for i in 0..<n { let e = B.errorConstant[order - 1] * d[order][i] / scale[i]; s += e * e }
                lower = (s / Double(n)).squareRoot()
            }
            if order < B.maxOrder {
                var s = 0.0
                for i in 0..<n { let e = B.errorConstant[order + 1] * d[order + 2][i] / scale[i]; s += e * e }
                higher = (s / Double(n)).squareRoot()
            }
            let norms = [lower, errorNorm, higher]
            var best = 1, bestFactor = -Double.infinity
            for (k, e) in norms.enumerated() {
                let factor = e == 0 ? Double.infinity : pow(e, -1 / Double(order + k))
                if factor > bestFactor { bestFactor = factor; best = k }
            }
            order += best - 1
            let factor = min(B.maxFactor, safety * bestFactor)
            hAbs *= factor
            B.changeDifferences(&d, order: order, factor: factor)
            equalSteps = 0
            factored = false
        }
        state.t = t
        state.y = y
        h = hAbs
        return .finished
    }

    /// The backward-difference interpolant at `time` within the last step (of length `h`,
    /// ending at `t`): y(t + h·s) ≈ D₀ + Σₖ D_k·Π_{j<k} (s + j)/(j + 1)·… (scipy's BdfDenseOutput).
    private func interpolate(_ d: [[Double]], order: Int, t: Double, h: Double, at time: Double) -> [Double] {
        var value = d[0]
        var p = 1.0
        for k in 1...order {
            // t_shift = t − h·(k−1), denominator h·k.
            p *= (time - (t - h * Double(k - 1))) / (h * Double(k))
            for i in 0..<n { value[i] += d[k][i] * p }
        }
        return value
    }
}
