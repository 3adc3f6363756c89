import Symbolic

/// Regression data from an ODE model: random states x in a box and the exact vector field
/// f(x) as targets (`odered dataset`), so that a network trained on them learns a known
/// polynomial map.
public struct VectorFieldSample: Sendable {
    /// The model's variable names (input columns).
    public var inputNames: [String]
    /// `d<name>/dt` for every variable (target columns; a `/` never occurs in a variable name,
    /// so they never collide with the inputs).
    public var targetNames: [String]
    /// One row per sample: the state, exactly.
    public var states: [[Rational]]
    /// f(state), exactly (parameter values substituted).
    public var derivatives: [[Rational]]

    /// The most samples × terms one sampling may evaluate.
    public static let maximumWork = 200_000_000

    /// Samples `count` states uniformly from the grid lower + (upper − lower)·k/10⁶,
    /// k = 0…10⁶, in every coordinate (a SplitMix64 stream of `seed`), and evaluates the
    /// model's right-hand sides exactly at each.
    /// - Throws: for parameters without a value, irrational constants, an empty box, or work beyond ``maximumWork``.
    public init(_ model: ODEModel, count: Int, seed: UInt64, lower: Rational, upper: Rational) throws(NetworkError) {
        if let p = model.symbolicParameters.first {
            throw NetworkError("parameter '\(LocatedInputError.excerpt(p.name, limit: 60))' has no value: the vector field must be numeric to sample")
        }
        if let atom = model.constantAtoms.first {
            throw NetworkError("the model uses the irrational constant \(LocatedInputError.excerpt(atom.text, limit: 60)): exact samples need rational parameter values")
        }
        guard lower < upper else { throw NetworkError("the box is empty: lower \(lower) is not below upper \(upper)") }
        guard count >= 1 else { throw NetworkError("at least one sample is needed") }
        let substituted = model.substitutingParameterValues()
        let terms = substituted.equations.reduce(0) { $0 + $1.count }
        guard count.multipliedReportingOverflow(by: max(1, terms)).partialValue <= VectorFieldSample.maximumWork,
              !count.multipliedReportingOverflow(by: max(1, terms)).overflow else {
            throw NetworkError("\(count) samples × \(terms) terms is beyond the sampling limit of \(VectorFieldSample.maximumWork) evaluations")
        }
        let n = model.variables.count
        let variableOf = substituted.variableIndexTable()
        let step = (upper - lower) / Rational(1_000_000)
        var rng = SplitMix64(seed: seed)
        inputNames = model.variables.map(\.name)
        targetNames = inputNames.map { "d\($0)/dt" }
        states = []
        derivatives = []
        states.reserveCapacity(count)
        derivatives.reserveCapacity(count)
        for _ in 0..<count {
            let x = (0..<n).map { _ in lower + step * Rational(Int(rng.next() % 1_000_001)) }
            states.append(x)
            derivatives.append(substituted.equations.map { p in p.evaluate { x[Int(variableOf[Int($0)])] } })
        }
    }

    /// The samples as CSV: a header, then one row per sample, every value exact (a
    /// terminating decimal where it has one, else p/q).
    public var csvText: String {
        var out = (inputNames + targetNames).joined(separator: ",") + "\n"
        for (x, f) in zip(states, derivatives) {
            out += (x + f).map { $0.terminatingDecimal ?? $0.description }.joined(separator: ",") + "\n"
        }
        return out
    }
}
