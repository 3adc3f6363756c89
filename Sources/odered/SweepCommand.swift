import ArgumentParser
import Reduction
import Simulation
import Symbolic

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Reduce at several tolerances ε and tabulate blocks, terms and the largest residual.",
        discussion: """
        Shows how one tolerance trades size for accuracy. ε = 0 is the exact equivalence. With --t-end, a column \
        'trajectory error' gives, for each ε, the largest error of a block over the horizon relative to the block's \
        scale: the original and the reduced model simulated from their initial values, as 'odered compare' does.
        """
    )

    @OptionGroup var input: ModelOptions
    @OptionGroup var initial: PartitionOptions
    @OptionGroup var parameters: ParameterOptions
    @OptionGroup var equivalence: EquivalenceOptions

    @Option(parsing: .unconditional, help: "Comma-separated tolerances, e.g. 0,1e-6,1e-4,1e-2.")
    var epsilons: String = "0,1e-6,1e-4,1e-2,1e-1"

    @Flag(help: "Print JSON (an array of objects with epsilon, blocks, terms, max_residual, seconds of refinement, and trajectory_error with --t-end).")
    var json = false

    @OptionGroup(title: "Trajectory error (with --t-end)") var simulation: SimulationOptions

    func validate() throws {
        let values = try epsilons.split(separator: ",").map { try parseEpsilon(String($0), option: "--epsilons") }
        guard !values.isEmpty else { throw ValidationError("--epsilons needs at least one value") }
    }

    func run() throws {
        try reportingInputErrors {
            let values = try epsilons.split(separator: ",").map { try parseEpsilon(String($0), option: "--epsilons") }  // checked in validate()
            let (model, _) = try input.load()
            let given = try initial.readPartitionFile(for: model)
            var rows: [JSONValue] = []
            // The original's trajectory, once, when a horizon is given.
            let original = try simulation.tEnd.map { _ in try sweepTrajectory(of: model) }
            if !json {
                print("| ε | blocks | terms | max residual | seconds |" + (original == nil ? "" : " trajectory error |"))
                print("|---|---:|---:|---:|---:|" + (original == nil ? "" : "---:|"))
            }
            for eps in values {
                let request = ReductionRequest(equivalence: try equivalence.value(epsilon: eps), initial: initial.description(given: given),
                                               symbolicParameters: parameters.symbolicParameters)
                let outcome = try reduceReportingFailures(model, request)
                let (blocks, seconds) = (outcome.partition.blocks.count, outcome.timings.refine)
                // A certified exact forward equivalence has residual 0 in every block.
                let certifiedExact = request.equivalence.direction == .forward && outcome.verdict == .certified
                let residual: Rational? = certifiedExact ? Rational.zero : outcome.maximumResidual
                let trajectoryError = try original.map { try worstBlockError(original: $0, outcome: outcome, backward: request.equivalence.direction == .backward) }
                if json {
                    var fields: [(String, JSONValue)] = [
                        ("epsilon", .string(eps.description)), ("blocks", .int(blocks)), ("terms", .int(outcome.termsAfter)),
                        ("max_residual", residual.map { .string($0.description) } ?? .null), ("seconds", .number(seconds)),
                    ]
                    if let trajectoryError { fields.append(("trajectory_error", .number(trajectoryError))) }
                    rows.append(.object(fields))
                } else {
                    let r = residual.map { $0.isZero ? "0" : "\($0.doubleValue)" } ?? "—"
                    let e = trajectoryError.map { " \(shortDecimal($0)) |" } ?? ""
                    print("| \(eps.terminatingDecimal ?? eps.description) | \(blocks) | \(outcome.termsAfter) | \(r) | \(String(format1: seconds, decimals: 3)) |" + e)
                }
            }
            if json { print(JSONValue.array(rows).render()) }
        }
    }
}

extension SweepCommand {
    /// `model` simulated at the options' output times.
    func sweepTrajectory(of model: ODEModel) throws -> Trajectory {
        do {
            let field = try CompiledVectorField(model)
            return try simulate(field, times: try simulation.times(), options: simulation.integrationOptions).0
        } catch let error as SimulationError {
            throw ReportedError(message: "\(input.model): \(error.description)")
        }
    }

    /// The largest block error of a reduction over the horizon, relative to the block's scale
    /// (``blockErrors(original:reduced:blocks:reducedColumns:meaning:)``); the reduced model's
    /// variable b stands for block b.
    func worstBlockError(original: Trajectory, outcome: ReductionOutcome, backward: Bool) throws -> Double {
        let reduced = try sweepTrajectory(of: outcome.reduced)
        let blocks = outcome.partition.blocks
        precondition(outcome.reduced.variables.count == blocks.count, "one reduced variable per block")
        let errors = blockErrors(original: original, reduced: reduced, blocks: blocks, reducedColumns: Array(blocks.indices),
                                 meaning: backward ? .commonValue : .sum)
        // NaN (inf/inf when a block overflows) is an error, not a value max() would skip.
        if errors.contains(where: { $0.maxRelative.isNaN }) {
            throw ReportedError(message: "\(input.model): the trajectory error is not a number (a block's values overflow)")
        }
        return errors.map(\.maxRelative).max() ?? 0
    }
}
