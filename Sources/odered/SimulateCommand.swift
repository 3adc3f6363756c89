import ArgumentParser
import Plot
import Simulation
import Symbolic

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate a model from its initial values: CSV of the trajectories, an SVG plot, a JSON summary.",
        discussion: """
        The exact polynomials are compiled once into double arithmetic (parameter values \
        rounded once, the Jacobian the exact derivative). Methods: Dormand–Prince 5(4) with \
        dense output; RODAS4 (L-stable Rosenbrock) with the analytic sparse Jacobian and \
        SuiteSparse's KLU; auto starts explicit and switches for good when Hairer's stiffness \
        test fires. With neither --csv, --plot nor --json the CSV goes to standard output. \
        Ctrl-C stops at the next output time: the CSV written so far stays valid (exit 130).
        """
    )

    @OptionGroup var input: ModelOptions
    @OptionGroup var simulation: SimulationOptions

    @Option(help: "Variables to output, by name, comma separated (default: all).")
    var vars: String?

    @Option(help: "Write the trajectories as CSV (time column, then one per variable; '-' for standard output).")
    var csv: String?

    @Option(help: "Write an SVG plot of the trajectories.")
    var plot: String?

    @Flag(help: "Logarithmic y axis in the plot.")
    var logY = false

    @Flag(help: "Print a JSON summary (method, steps, evaluations, final state of the output variables).")
    var json = false

    func validate() throws {
        _ = try simulation.horizon()
        if csv == "-" && json { throw ValidationError("--csv - and --json both write to standard output; give --csv a file") }
    }

    func run() throws {
        try reportingInputErrors {
            let (model, _) = try input.load()
            let field: CompiledVectorField
            do { field = try CompiledVectorField(model) } catch let error as SimulationError {
                throw ReportedError(message: "\(input.model): \(error.description)")
            }
            let columns = try selectedColumns(vars, of: model)
            let times = try simulation.times()
            let csvPath = csv ?? (plot == nil && !json ? "-" : nil)
            let sink = try csvPath.map { try CSVSink(path: $0, header: ["time"] + columns.map { field.names[$0] }) }
            var trajectory = Trajectory(names: columns.map { field.names[$0] })
            var row = [Double](repeating: 0, count: columns.count)
            let clock = Stopwatch()
            let outcome: Result<IntegrationStatistics, SimulationError> = catchingInterrupts {
                Result { () throws(SimulationError) in
                    try integrate(field, from: field.initialValues, times: times, options: simulation.integrationOptions,
                                  progress: simulationProgress("simulate", end: times.last!)) { t, state in
                        for (k, c) in columns.enumerated() { row[k] = state[c] }
                        row.withUnsafeBufferPointer { trajectory.append(time: t, state: $0) }
                        sink?.write(time: t, row)
                        return !wasInterrupted
                    }
                }
            }
            endProgress()
            let seconds = clock.seconds
            sink?.close()
            let stats: IntegrationStatistics
            switch outcome {
            case .success(let s): stats = s
            case .failure(let error):
                throw ReportedError(message: "\(input.model): \(error.description)\(trajectory.count > 1 ? " (\(trajectory.count) output rows written)" : "")")
            }
            if let plot { try writePlot(trajectory, to: plot, title: "\(model.name): simulation (\(methodName(stats)))") }
            if json {
                print(summaryJSON(model: model, trajectory: trajectory, stats: stats, seconds: seconds).render())
            } else {
                FileHandleOutput.standardError("simulated \(model.name): \(field.dimension) variables, t = 0 … \(shortDecimal(times.last!)), \(methodName(stats)), \(stats.acceptedSteps) steps (\(stats.rejectedSteps) rejected), \(String(format1: seconds, decimals: 3)) s\n")
            }
            if stats.interrupted {
                FileHandleOutput.standardError("interrupted at t = \(shortDecimal(trajectory.times.last ?? 0)): \(trajectory.count) output rows written\n")
                throw ExitCode(130)
            }
        }
    }

    func writePlot(_ trajectory: Trajectory, to path: String, title: String) throws {
        var lines = LinePlot(title: title, xLabel: "time", yLabel: "value")
        if logY { lines.yScale = .log }
        for c in 0..<trajectory.names.count {
            lines.series.append(Series(label: trajectory.names[c], x: trajectory.times, y: trajectory.column(c)))
        }
        do { try FileHandleOutput.write(try lines.svg(), to: path) } catch let error as PlotError {
            throw ReportedError(message: "\(path): \(error.description)")
        }
    }

    func summaryJSON(model: ODEModel, trajectory: Trajectory, stats: IntegrationStatistics, seconds: Double) -> JSONValue {
        let last = trajectory.count - 1
        return .object([
            ("model", .string(model.name)),
            ("method", .string(methodName(stats))),
            ("t_end", .number(trajectory.times.last ?? 0)),
            ("points", .int(trajectory.count)),
            ("interrupted", .bool(stats.interrupted)),
            ("statistics", statisticsJSON(stats)),
            ("seconds", .number(seconds)),
            ("final_state", .object(trajectory.names.enumerated().map { ($1, .number(trajectory.value(last, $0))) })),
        ])
    }
}

/// "dopri5", "rosenbrock", "bdf", or "dopri5 → bdf at t = …".
func methodName(_ stats: IntegrationStatistics) -> String {
    let stiff = stats.stiffMethod?.rawValue ?? "dopri5"
    if let t = stats.switchedToStiffAt { return "dopri5 → \(stiff) at t = \(shortDecimal(t))" }
    return stiff
}

func statisticsJSON(_ s: IntegrationStatistics) -> JSONValue {
    .object([
        ("accepted_steps", .int(s.acceptedSteps)),
        ("rejected_steps", .int(s.rejectedSteps)),
        ("function_evaluations", .int(s.functionEvaluations)),
        ("jacobian_evaluations", .int(s.jacobianEvaluations)),
        ("lu_factorizations", .int(s.factorizations)),
        ("lu_refactorizations", .int(s.refactorizations)),
        ("lu_nonzeros", .int(s.luNonzeros)),
        ("switched_to_stiff_at", s.switchedToStiffAt.map(JSONValue.number) ?? .null),
    ])
}

/// The columns named by `--vars` (all when `nil`); unknown and repeated names are errors.
func selectedColumns(_ list: String?, of model: ODEModel) throws -> [Int] {
    guard let list else { return Array(model.variables.indices) }
    let index = model.variableIndicesByName()
    var seen = Set<Int>()
    var columns: [Int] = []
    for name in list.split(separator: ",", omittingEmptySubsequences: false).map({ String($0).trimmingSpaces }) {
        guard let i = index[name] else {
            throw ReportedError(message: "--vars: no variable '\(LocatedInputError.excerpt(name, limit: 60))' in \(model.name)")
        }
        guard seen.insert(i).inserted else { throw ReportedError(message: "--vars: '\(name)' is listed twice") }
        columns.append(i)
    }
    return columns
}

/// Rows of a CSV written as they are produced (a C stream, flushed at the end and on
/// interruption), so an interrupted run leaves every complete row.
struct CSVSink {
    private let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool

    init(path: String, header: [String]) throws {
        if path == "-" {
            guard let out = fdopen(1, "w") else { throw ReportedError(message: "cannot write to standard output") }
            file = out
            ownsFile = false
        } else {
            guard let f = fopen(path, "w") else {
                throw ReportedError(message: "\(path): cannot write (\(String(cString: strerror(errno))))")
            }
            file = f
            ownsFile = true
        }
        fputs(header.map(CSVSink.quoted).joined(separator: ",") + "\n", file)
    }

    /// A field quoted when it holds a comma, quote or line break (RFC 4180).
    static func quoted(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingAll("\"", with: "\"\"") + "\"" : s
    }

    func write(time: Double, _ row: [Double]) {
        var line = csvNumber(time)
        for v in row { line += ","; line += csvNumber(v) }
        line += "\n"
        fputs(line, file)
    }

    func close() {
        fflush(file)
        if ownsFile { fclose(file) }
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
