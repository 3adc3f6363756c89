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

    @Option(name: .shortAndLong, help: "Write the reduced model (.ode) here ('-' for standard output; the summary then goes to standard error).")
    var output: String?

    @Option(help: "Dynamics section of the written model: 'odes' or 'reactions'.")
    var form: String = "odes"

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
        if ERODEWriter.Form(rawValue: form) == nil {
            throw ValidationError("--form must be 'odes' or 'reactions', not '\(ModelReadError.excerpt(form, limit: 40))'")
        }
        _ = try parseEpsilon(epsilon)
    }

    func run() throws {
        try reportingInputErrors {
            let writeForm = ERODEWriter.Form(rawValue: form)!  // checked in validate()
            let eps = try parseEpsilon(epsilon)
            let phases = PhaseProgress(forced: progress)
            phases.begin("load", "\(input.model), \(ModelFile.sizeText(path: input.model))")
            let (model, loadSeconds) = try input.load { done, total in
                phases.update("load", "\(percent(done, total)) of \(ModelFile.sizeText(path: input.model))")
            }
            let working = parameters.working(model)
            let start = try initial.initialPartition(for: working)
            let exact = eps.isZero

            let refineClock = Stopwatch()
            let n = model.variables.count
            phases.begin("refine", "\(n) variables, \(start.blocks.count) initial blocks")
            let partition = try equivalence.coarsest(working, epsilon: eps, initial: start) { splitters, blocks in
                phases.update("refine", "\(splitters) splitters, \(blocks) of at most \(n) blocks")
            }
            let refineSeconds = refineClock.seconds
            phases.begin(exact && noVerify ? "quotient" : "verify", "\(partition.blocks.count) blocks")

            var verifySeconds = 0.0
            var verdict: String
            var certified = false
            var residuals: [Rational?] = []
            if !exact {
                // An approximate partition has no certificate; report where the error lives. When
                // every residual is zero it may still be exact: then the certificate decides.
                let clock = Stopwatch()
                if !equivalence.backward { residuals = ApproximateForwardEquivalence.residuals(working, partition: partition) }
                let zero = !residuals.isEmpty && residuals.allSatisfy { $0?.isZero == true }
                if zero && !noVerify && ForwardCertificate.firstViolation(working, partition: partition) == nil {
                    verdict = "yes — exact: every residual is 0 and the exact certificate check passed (ε = \(eps))"
                    certified = true
                } else {
                    verdict = "approximate (ε = \(eps)); not an exact equivalence"
                }
                verifySeconds = clock.seconds
            } else if noVerify {
                verdict = "skipped (--no-verify)"
            } else {
                let clock = Stopwatch()
                let failure: String?
                failure = equivalence.backward
                    ? BackwardCertificate.firstViolation(working, partition: partition)?.description
                    : ForwardCertificate.firstViolation(working, partition: partition) { done, total in
                        phases.update("verify", "\(percent(done, total)) of \(total) blocks")
                    }?.description
                if let failure {
                    FileHandleOutput.standardError("internal error: the computed partition failed its certificate: \(failure)\n")
                    throw ExitCode(3)
                }
                verifySeconds = clock.seconds
                verdict = "yes — exact certificate check passed"
                certified = true
            }
            let knownResiduals = residuals.compactMap { $0 }
            let unavailableResiduals = residuals.count - knownResiduals.count
            // A maximum over some blocks only would understate the error: unknown unless all are known.
            let maxResidual = unavailableResiduals > 0 ? nil : knownResiduals.max()

            phases.begin("write", output ?? "summary")
            let writeClock = Stopwatch()
            // Views the reduced model cannot carry exactly are left out, each with a warning; a
            // backward reduced model carries every view (on the subspace of equal block values).
            let omissions = equivalence.backward ? [] : ViewExpressibility.forwardOmissions(working, partition: partition)
            for o in omissions { FileHandleOutput.standardError("warning: \(o.description); --keep-views keeps every view\n") }
            // The written model keeps parameters as symbols with their values (exact for those values).
            let reduced = equivalence.quotient(parameters.symbolicParameters ? working : model, by: partition)
                .removingViews(omissions.map(\.view))
            let reducedTerms = reduced.substitutingParameterValues().equations.reduce(0) { $0 + $1.count }
            if let output {
                var comments = [
                    "Reduced by odered: coarsest \(exact ? "" : "ε-")\(equivalence.name) of \(model.name) (\(input.model))\(exact ? "" : ", ε = \(eps)").",
                    equivalence.backward
                        ? "Each variable is the common value of the original variables of its block:"
                        : "Each variable is the sum of the original variables of its block:",
                ]
                for block in partition.blocks {
                    comments.append("  \(model.variables[block[0]].name) = " + block.map { model.variables[$0].name }.joined(separator: equivalence.backward ? " = " : " + "))
                }
                comments.append(!exact
                    ? "Approximate: members are averaged; see the residuals reported by odered reduce."
                    : parameters.symbolicParameters
                    ? "The lumping holds for all parameter values."
                    : model.parameters.isEmpty ? "The lumping is exact."
                    : "The lumping is exact for the parameter values below.")
                if equivalence.backward && !model.views.isEmpty {
                    comments.append("Views hold on trajectories that start with equal values in each block.")
                }
                let text: String
                do { text = try ERODEWriter.write(reduced, form: writeForm, comments: comments) } catch let error as ERODEWriter.WriteError {
                    throw InputError(message: "\(output): \(error.description)")
                }
                if output == "-" { print(text, terminator: "") } else { try FileHandleOutput.write(text, to: output) }
            }
            if let partitionOut {
                let text = partitionOut.hasSuffix(".json")
                    ? partitionJSON(partition, model: model).render() + "\n"
                    : PartitionFile.text(partition, model: model)
                try FileHandleOutput.write(text, to: partitionOut)
            }
            let writeSeconds = writeClock.seconds
            phases.finish()

            let termsBefore = (parameters.symbolicParameters ? working.substitutingParameterValues() : working)
                .equations.reduce(0) { $0 + $1.count }
            if json {
                var pairs: [(String, JSONValue)] = [
                    ("model", .string(model.name)),
                    ("variables", .int(model.variables.count)),
                    ("blocks", .int(partition.blocks.count)),
                    ("terms_before", .int(termsBefore)),
                    ("terms_after", .int(reducedTerms)),
                    ("equivalence", .string(equivalence.backward ? "backward" : "forward")),
                    ("epsilon", .string(eps.description)),
                    ("verified", .bool(certified)),
                    ("max_residual", maxResidual.map { .string($0.description) } ?? .null),
                    ("residuals", .array(residuals.map { $0.map { .string($0.description) } ?? .null })),
                    ("symbolic_parameters", .bool(parameters.symbolicParameters)),
                    ("omitted_views", .array(omissions.map { .string($0.viewName) })),
                    ("seconds", .object([("load", .number(loadSeconds)), ("refine", .number(refineSeconds)),
                                         ("verify", .number(verifySeconds)), ("write", .number(writeSeconds))])),
                ]
                if case .object(let p) = partitionJSON(partition, model: model) { pairs += p }
                print(JSONValue.object(pairs).render())
            } else {
                // With `-o -` the model is on standard output: the summary goes to standard error.
                let print = output == "-" ? { (line: String) in FileHandleOutput.standardError(line + "\n") } : { Swift.print($0) }
                print("model      \(model.name) (\(input.model))")
                print("variables  \(model.variables.count) -> \(partition.blocks.count) (coarsest \(exact ? "" : "ε-")\(equivalence.name)\(exact ? "" : ", ε = \(eps), \(equivalence.linkage) linkage\(equivalence.relative ? ", relative" : "")")\(start.blocks.count > 1 ? ", refining \(start.blocks.count) initial blocks" : ""))")
                let nonTrivial = partition.blocks.filter { $0.count > 1 }
                print("blocks     \(partition.blocks.count) (\(nonTrivial.count) with more than one variable; largest \(partition.blocks.map(\.count).max() ?? 0))")
                print("terms      \(termsBefore) -> \(reducedTerms)")
                print("verified   \(verdict)")
                if unavailableResiduals > 0 {
                    print("residual   unavailable for \(unavailableResiduals) of \(partition.blocks.count) blocks (too large to expand exactly)")
                }
                if let maxResidual {
                    let inexact = knownResiduals.filter { !$0.isZero }.count
                    print("residual   max \(maxResidual) (≈ \(maxResidual.doubleValue)); \(inexact) of \(partition.blocks.count) blocks inexact")
                }
                print("time       load \(milliseconds(loadSeconds)) ms, refine \(milliseconds(refineSeconds)) ms, verify \(milliseconds(verifySeconds)) ms, write \(milliseconds(writeSeconds)) ms")
                if let output, output != "-" { print("written    \(output)") }
                if let partitionOut { print("partition  \(partitionOut)") }
            }
        }
    }
}

/// `{"partition": [[names…], …]}`.
func partitionJSON(_ partition: Partition, model: ODEModel) -> JSONValue {
    .object([("partition", .array(partition.blocks.map { .array($0.map { .string(model.variables[$0].name) }) }))])
}
