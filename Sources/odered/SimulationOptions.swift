import ArgumentParser
import Simulation
import Symbolic

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension IntegrationMethod: ExpressibleByArgument {}

/// Horizon, output times, method and tolerances, shared by `simulate`, `compare` and `sweep`.
struct SimulationOptions: ParsableArguments {
    @Option(name: .customLong("t-end"), help: "End of the time horizon (from 0).")
    var tEnd: Double?

    @Option(help: "Number of output times, 0 and the end included.")
    var points = 101

    @Flag(help: "Output times evenly spaced in log10(t) from t-end·1e-6 to t-end (after t = 0), for dynamics on many time scales.")
    var logTimes = false

    @Option(help: "Integrator: auto (Dormand–Prince, switching to BDF when stiff), dopri5, bdf (variable-order NDF, sparse LU reused over steps) or rosenbrock (RODAS4, sparse LU every step).")
    var method: IntegrationMethod = .auto

    @Option(help: "Relative tolerance of the local error.")
    var rtol = 1e-6

    @Option(help: "Absolute tolerance of the local error.")
    var atol = 1e-9

    @Option(help: "Limit on the number of steps (an error when reached).")
    var maxSteps = 2_000_000

    func validate() throws {
        if let tEnd, !(tEnd > 0 && tEnd.isFinite) { throw ValidationError("--t-end must be a positive finite number (got \(tEnd))") }
        guard (2...1_000_000).contains(points) else { throw ValidationError("--points must be between 2 and 1000000 (got \(points))") }
        guard rtol > 0, rtol < 1 else { throw ValidationError("--rtol must be in (0, 1) (got \(rtol))") }
        guard atol > 0, atol.isFinite else { throw ValidationError("--atol must be positive (got \(atol))") }
        guard maxSteps > 0 else { throw ValidationError("--max-steps must be positive") }
    }

    /// The horizon, or a usage error naming the command that needs it.
    func horizon() throws -> Double {
        guard let tEnd else { throw ValidationError("missing --t-end: the end of the time horizon") }
        return tEnd
    }

    var integrationOptions: IntegrationOptions {
        var o = IntegrationOptions()
        o.method = method
        o.relativeTolerance = rtol
        o.absoluteTolerance = atol
        o.maxSteps = maxSteps
        return o
    }

    func times() throws -> [Double] { outputTimes(end: try horizon(), points: points, logarithmic: logTimes) }
}

/// Set by SIGINT while a simulation runs: the integration stops at the next output time and
/// what was written stays a valid CSV.
nonisolated(unsafe) private var interruptRequested: Int32 = 0

/// Catches Ctrl-C for the duration of `body`.
func catchingInterrupts<T>(_ body: () throws -> T) rethrows -> T {
    interruptRequested = 0
    let previous = signal(SIGINT) { _ in interruptRequested = 1 }
    defer { signal(SIGINT, previous) }
    return try body()
}

/// Whether Ctrl-C was pressed since ``catchingInterrupts(_:)`` began.
var wasInterrupted: Bool { interruptRequested != 0 }

/// A progress line `label t = … of …` on standard error, when it is a terminal.
func simulationProgress(_ label: String, end: Double) -> ((Double) -> Void)? {
    guard FileHandleOutput.standardErrorIsTerminal else { return nil }
    let clock = Stopwatch()
    return { t in
        FileHandleOutput.standardError("\r\(label): t = \(shortDecimal(t)) of \(shortDecimal(end)) (\(percent(Int(1000 * t / end), 1000)), \(String(format1: clock.seconds, decimals: 1)) s)   ")
    }
}

/// Clears a progress line.
func endProgress() {
    if FileHandleOutput.standardErrorIsTerminal { FileHandleOutput.standardError("\r\u{1B}[K") }
}

/// A double in at most 6 significant digits.
func shortDecimal(_ x: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 32)
    let length = withVaList([x]) { vsnprintf(&buffer, 32, "%.6g", $0) }
    return String(decoding: buffer.prefix(Int(max(0, min(length, 31)))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
