import Foundation

/// States at a sequence of times: one row per time, one column per variable.
public struct Trajectory: Sendable {
    public var names: [String]
    public private(set) var times: [Double] = []
    /// Row-major values: `values[row * names.count + column]`.
    public private(set) var values: [Double] = []

    public init(names: [String]) { self.names = names }

    public var count: Int { times.count }

    /// The value of variable `column` at the time of `row`.
    @inlinable public func value(_ row: Int, _ column: Int) -> Double { values[row * names.count + column] }

    /// One variable over time.
    public func column(_ column: Int) -> [Double] { (0..<count).map { value($0, column) } }

    public mutating func append(time: Double, state: UnsafeBufferPointer<Double>) {
        precondition(state.count == names.count)
        times.append(time)
        values.append(contentsOf: state)
    }
}

/// `points` output times from 0 to `end`, evenly spaced, or (`logarithmic`) 0 followed by
/// `points − 1` times evenly spaced in log₁₀ from end·10⁻⁶ to `end`, for dynamics on many
/// time scales (Robertson's problem).
/// - Requires: `end > 0`, `points ≥ 2`.
public func outputTimes(end: Double, points: Int, logarithmic: Bool = false) -> [Double] {
    precondition(end > 0 && points >= 2)
    if !logarithmic {
        return (0..<points).map { $0 == points - 1 ? end : end * Double($0) / Double(points - 1) }
    }
    let high = log10(end), low = high - 6
    var times: [Double] = [0]
    let steps = Double(max(points - 2, 1))
    for k in 0..<(points - 1) {
        let exponent: Double = low + 6 * Double(k) / steps
        times.append(k == points - 2 ? end : pow(10, exponent))
    }
    return times
}

/// Simulates `field` from its initial values and collects the states at `times`.
public func simulate(_ field: CompiledVectorField, times: [Double], options: IntegrationOptions = IntegrationOptions(),
                     progress: ((Double) -> Void)? = nil) throws(SimulationError) -> (Trajectory, IntegrationStatistics) {
    var trajectory = Trajectory(names: field.names)
    let stats = try integrate(field, from: field.initialValues, times: times, options: options, progress: progress) {
        trajectory.append(time: $0, state: $1)
        return true
    }
    return (trajectory, stats)
}

/// Shortest round-trip decimal text of a double (what CSV and JSON outputs print).
public func csvNumber(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}
