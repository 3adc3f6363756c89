import ArgumentParser
import Reduction
import Symbolic

struct ReduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reduce",
        abstract: "Find the coarsest forward (or backward) differential equivalence and write the reduced model.",
        discussion: """
        The coarsest FDE refining the initial partition (default: all variables in one block) \
        is computed exactly by partition refinement. Each block becomes one variable of the \
        reduced model, named after its first-declared member, whose value is the sum of the \
        members. The answer is re-checked by the independent certificate checker (odered check) \
        unless --no-verify is given.

        With --epsilon E > 0 the approximate ε-FDE is computed instead: variables merge when \
        D(i,j) = Σ_H ‖∂f_H/∂x_i − ∂f_H/∂x_j‖₁ ≤ E; the reduced model averages the members, and \
        the summary reports the residual ‖Σ_B f_i − g_B(block sums)‖₁ per block (zero for \
        exact blocks). With --backward, the (ε-)BDE: blocks whose members have equal \
        trajectories when they start equal; its reduced model has one variable per block \
        holding the members' common value.
        """
    )

    @OptionGroup var input: ModelOptions
    @OptionGroup var initial: PartitionOptions
    @OptionGroup var parameters: ParameterOptions
    @OptionGroup var equivalence: EquivalenceOptions

    @Option(parsing: .unconditional, help: "Tolerance ε ≥ 0 (exact decimal or fraction, e.g. 1e-4). 0: the exact equivalence.")
    var epsilon: String = "0"

    @Option(name: .shortAndLong, help: "Write the reduced model here: .ode, or .xml/.sbml for SBML ('-' for standard output; the summary then goes to standard error).")
    var output: String?

    @Option(help: "Format of the written model when the extension does not tell: ode or sbml.")
    var outputFormat: OutputFormatOption?

    @Option(help: "Dynamics of the written model: 'odes' or 'reactions'. Default: odes in .ode; in SBML reactions when the model came as reactions.")
    var form: FormOption?

    @Option(help: "Write the partition here: one block per line, or JSON if the name ends in .json.")
    var partitionOut: String?

    @Flag(help: "Print a JSON object (keys: variables, blocks, partition, terms_before, terms_after, timings, verified).")
    var json = false

    @Flag(help: "Skip the independent certificate check of the result.")
    var noVerify = false

    @Flag(help: "Show progress (phase, extent, elapsed time) on standard error even when it is not a terminal.")
    var progress = false

    /// Option checks that need no file, made while parsing (errors show this subcommand's usage).
    func validate() throws {
        if output == "-" && json { throw ValidationError("-o - and --json both write to standard output; write one of them to a file") }
        _ = try parseEpsilon(epsilon)
    }

    /// The request the options describe (option values were checked in ``validate()``).
    func request(partition given: Partition?) throws -> ReductionRequest {
        ReductionRequest(
            equivalence: try equivalence.value(epsilon: try parseEpsilon(epsilon)),
            initial: initial.description(given: given), symbolicParameters: parameters.symbolicParameters, verify: !noVerify)
    }

    func run() throws {
        try reportingInputErrors {
            let phases = PhaseProgress(forced: progress)
            phases.begin("load", "\(input.model), \(ModelFile.sizeText(path: input.model))")
            let (model, loadSeconds) = try input.load { done, total in
                phases.update("load", "\(percent(done, total)) of \(ModelFile.sizeText(path: input.model))")
            }
            // A partition file names variables only: the model as read will do (no substitution).
            let request = try request(partition: try initial.readPartitionFile(for: model))
            let outcome = try reduceReportingFailures(model, request, progress: phases.report)
            phases.begin("write", output ?? "summary")
            var clock = Stopwatch()
            for o in outcome.omittedViews { FileHandleOutput.standardError("warning: \(o.description); --keep-views keeps every view\n") }
            try writeFiles(outcome, model: model, request: request)
            let writeSeconds = outcome.timings.quotient + clock.lap()
            phases.finish()
            let summary = ReductionSummary(model: model, path: input.model, request: request, outcome: outcome,
                                           seconds: (loadSeconds, writeSeconds), output: output, partitionOut: partitionOut)
            if json { print(summary.json.render()) } else {
                // With `-o -` the model is on standard output: the summary goes to standard error.
                for line in summary.lines { if output == "-" { FileHandleOutput.standardError(line + "\n") } else { print(line) } }
            }
        }
    }

    /// Writes the reduced model (`-o`, `-` for standard output) and the partition (`--partition-out`).
    func writeFiles(_ outcome: ReductionOutcome, model: ODEModel, request: ReductionRequest) throws {
        if let output {
            let comments = outcome.provenance(of: model, source: input.model, request: request)
            let text = try writeModel(outcome.reduced, to: output, format: outputFormat, form: form, comments: comments, source: output)
            if output == "-" { print(text, terminator: "") } else { try FileHandleOutput.write(text, to: output) }
        }
        if let partitionOut {
            let text = partitionOut.hasSuffix(".json")
                ? partitionJSON(outcome.partition, model: model).render() + "\n"
                : PartitionFile.text(outcome.partition, model: model)
            try FileHandleOutput.write(text, to: partitionOut)
        }
    }
}

/// `{"partition": [[identifiers…], …]}`, plus `"partition_names"` (original names, such as
/// BioNetGen species strings, where variables have them) when the model has any.
func partitionJSON(_ partition: Partition, model: ODEModel) -> JSONValue {
    var fields: [(String, JSONValue)] = [("partition", .array(partition.blocks.map { .array($0.map { .string(model.variables[$0].name) }) }))]
    if model.hasOriginalNames {
        fields.append(("partition_names", .array(partition.blocks.map { block in
            .array(block.map { .string(model.variables[$0].originalName ?? model.variables[$0].name) })
        })))
    }
    return .object(fields)
}
