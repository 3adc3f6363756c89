import Foundation

/// Which integrator ``integrate(_:from:times:options:output:)`` uses.
public enum IntegrationMethod: String, Sendable, CaseIterable {
    /// Dormand–Prince 5(4), switching to ``bdf`` for good when its stiffness test fires
    /// (Hairer's test: h·|λ| estimated from the last two stages stays above 3.25 for 15 steps).
    case auto
    /// Explicit Dormand–Prince 5(4) with Shampine's dense output of order 4 (Hairer's DOPRI5).
    case dopri5
    /// Linearly implicit, L-stable Rosenbrock method RODAS4 (Hairer & Wanner, order 4(3),
    /// 6 stages) with the analytic sparse Jacobian and a sparse LU.
    case rosenbrock
    /// Variable-order (1–5) numerical differentiation formulas with a simplified Newton
    /// iteration that reuses the sparse LU and the Jacobian over many steps (``BDF``; the method
    /// of ode15s and scipy's BDF): the stiff method for large networks.
    case bdf
}

/// Tolerances and limits of an integration.
public struct IntegrationOptions: Sendable {
    /// Relative tolerance of the local error (per component, RMS norm as in Hairer's codes).
    public var relativeTolerance: Double = 1e-6
    /// Absolute tolerance of the local error.
    public var absoluteTolerance: Double = 1e-9
    public var method: IntegrationMethod = .auto
    /// Limit on attempted steps; reaching it is an error.
    public var maxSteps = 2_000_000
    public init() {}
}

/// What an integration did.
public struct IntegrationStatistics: Sendable, Equatable {
    public var acceptedSteps = 0
    public var rejectedSteps = 0
    public var functionEvaluations = 0
    public var jacobianEvaluations = 0
    /// Sparse LU factorizations with fresh pivoting, and refactorizations reusing the pivots.
    public var factorizations = 0
    public var refactorizations = 0
    /// Nonzeros of the sparse LU factors (L and U, diagonals included) of the stiff method.
    public var luNonzeros = 0
    /// Time at which ``IntegrationMethod/auto`` switched to the stiff method, if it did.
    public var switchedToStiffAt: Double?
    /// The stiff method used (``IntegrationMethod/rosenbrock`` or ``IntegrationMethod/bdf``), if any.
    public var stiffMethod: IntegrationMethod?
    /// Whether the integration stopped early because `output` asked it to.
    public var interrupted = false
    public init() {}
}

/// Receives the state at each requested output time; returns `false` to stop the integration
/// (Ctrl-C). The buffer is only valid during the call.
public typealias TrajectoryOutput = (_ time: Double, _ state: UnsafeBufferPointer<Double>) -> Bool

/// Integrates dx/dt = f(x) from `initial` at `times[0]` and reports the state at every time of
/// `times` (the first one included).
/// - Requires: `times` is non-empty, finite and non-decreasing; `initial.count == field.dimension`.
/// - Throws: ``SimulationError`` (one line, with the time reached) when the state stops being
///   finite, the step size underflows, the step limit is reached or the LU stays singular.
public func integrate(_ field: CompiledVectorField, from initial: [Double], times: [Double],
                      options: IntegrationOptions = IntegrationOptions(),
                      progress: ((Double) -> Void)? = nil,
                      output: TrajectoryOutput) throws(SimulationError) -> IntegrationStatistics {
    precondition(!times.isEmpty && initial.count == field.dimension)
    guard options.relativeTolerance > 0, options.absoluteTolerance > 0,
          options.relativeTolerance < 1 else {
        throw SimulationError(description: "tolerances must be positive (and --rtol below 1)")
    }
    var stats = IntegrationStatistics()
    var state = StepState(t: times[0], y: initial, next: 1)
    let keepGoing = initial.withUnsafeBufferPointer { output(times[0], $0) }
    if !keepGoing { stats.interrupted = true; return stats }
    if times.count == 1 || times.last! == times[0] {
        // Only the start was asked for (possibly several times).
        for t in times.dropFirst() { _ = initial.withUnsafeBufferPointer { output(t, $0) } }
        return stats
    }
    var h = initialStep(field, state.y, span: times.last! - times[0], options: options, stats: &stats)
    var useStiff = options.method == .rosenbrock || options.method == .bdf
    while state.next < times.count {
        if useStiff && options.method == .rosenbrock {
            stats.stiffMethod = .rosenbrock
            let stepper = try Rosenbrock(field)
            _ = try stepper.run(&state, h: &h, times: times, options: options, stats: &stats,
                                progress: progress, output: output)
        } else if useStiff {
            stats.stiffMethod = .bdf
            let stepper = try BDF(field)
            _ = try stepper.run(&state, h: &h, times: times, options: options, stats: &stats,
                                progress: progress, output: output)
        } else {
            let stepper = DormandPrince(field)
            let outcome = try stepper.run(&state, h: &h, times: times, options: options,
                                          detectStiffness: options.method == .auto, stats: &stats,
                                          progress: progress, output: output)
            if outcome == .stiff {
                stats.switchedToStiffAt = state.t
                useStiff = true
                continue
            }
        }
        if stats.interrupted { break }
    }
    return stats
}

/// The integration's position: time, state and the next output time's index.
struct StepState {
    var t: Double
    var y: [Double]
    var next: Int
}

enum StepperOutcome { case finished, stiff, interrupted }

/// The RMS norm of `e` scaled by atol + rtol·max(|y|, |ŷ|) (Hairer & Wanner, II.4).
@inline(__always)
func scaledErrorNorm(_ e: [Double], _ y: [Double], _ yNew: [Double], _ options: IntegrationOptions) -> Double {
    var sum = 0.0
    for i in 0..<e.count {
        let scale = options.absoluteTolerance + options.relativeTolerance * max(abs(y[i]), abs(yNew[i]))
        let r = e[i] / scale
        sum += r * r
    }
    return e.isEmpty ? 0 : (sum / Double(e.count)).squareRoot()
}

/// Hairer's starting step (HINIT in DOPRI5): h₀ from ‖x‖/‖f‖, corrected by an estimate of the
/// second derivative from one explicit Euler step, for order 4.
func initialStep(_ field: CompiledVectorField, _ y: [Double], span: Double, options: IntegrationOptions,
                 stats: inout IntegrationStatistics) -> Double {
    let n = field.dimension
    guard n > 0 else { return span }
    let f0 = field.evaluate(y)
    stats.functionEvaluations += 1
    var d0 = 0.0, d1 = 0.0
    for i in 0..<n {
        let sk = options.absoluteTolerance + options.relativeTolerance * abs(y[i])
        d0 += (y[i] / sk) * (y[i] / sk)
        d1 += (f0[i] / sk) * (f0[i] / sk)
    }
    d0 = (d0 / Double(n)).squareRoot()
    d1 = (d1 / Double(n)).squareRoot()
    var h0 = (d0 <= 1e-10 || d1 <= 1e-10) ? 1e-6 : 0.01 * d0 / d1
    h0 = min(h0, span)
    let y1 = (0..<n).map { y[$0] + h0 * f0[$0] }
    let f1 = field.evaluate(y1)
    stats.functionEvaluations += 1
    var d2 = 0.0
    for i in 0..<n {
        let sk = options.absoluteTolerance + options.relativeTolerance * abs(y[i])
        let r = (f1[i] - f0[i]) / sk
        d2 += r * r
    }
    d2 = (d2 / Double(n)).squareRoot() / h0
    let m = max(d1, d2)
    let h1 = m <= 1e-15 ? max(1e-6, h0 * 1e-3) : pow(0.01 / m, 1.0 / 5.0)
    let h = min(100 * h0, h1, span)
    return h.isFinite && h > 0 ? h : min(1e-6, span)
}

/// One line for a step size that has fallen below what the time's precision can resolve.
func stepTooSmall(at t: Double) -> SimulationError {
    SimulationError(description: "step size underflow at t = \(shortNumber(t)): the solution may blow up or the problem be too stiff for the method")
}

/// A compact decimal for messages.
func shortNumber(_ x: Double) -> String { String(format: "%.6g", x) }
