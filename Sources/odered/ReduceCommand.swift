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

    @Option(help: "Tolerance ε ≥ 0 (exact decimal or fraction, e.g. 1e-4). 0: the exact equivalence.")
    var epsilon: String = "0"

    @Option(name: .shortAndLong, help: "Write the reduced model (.ode) here.")
    var output: String?

    @Option(help: "Dynamics section of the written model: 'odes' or 'reactions'.")
    var form: String = "odes"

    @Option(help: "Write the partition here: one block per line, or JSON if the name ends in .json.")
    var partitionOut: String?

    @Flag(help: "Print a JSON object (keys: variables, blocks, partition, terms_before, terms_after, timings, verified).")
    var json = false

    @Flag(help: "Skip the independent certificate check of the result.")
    var noVerify = false

    func run() throws {
        try runReportingInputErrors {
            guard let writeForm = ERODEWriter.Form(rawValue: form) else {
                throw ValidationError("--form must be 'odes' or 'reactions', not '\(form)'")
            }
            let eps = try parseEpsilon(epsilon)
            _ = try equivalence.linkageValue()
            let (model, loadSeconds) = try input.load()
            let working = parameters.working(model)
            let start = try initial.initialPartition(for: working)
            let exact = eps.isZero

            let refineClock = Stopwatch()
            let showProgress = FileHandleOutput.standardErrorIsTerminal && !json
            let partition = try equivalence.coarsest(working, epsilon: eps, initial: start) { splitters, blocks in
                if showProgress, refineClock.seconds > 1 {
                    FileHandleOutput.standardError("\r  refining: \(splitters) splitters, \(blocks) blocks…")
                }
            }
            if showProgress && refineClock.seconds > 1 { FileHandleOutput.standardError("\n") }
            let refineSeconds = refineClock.seconds

            var verifySeconds = 0.0
            var verdict: String
            var residuals: [Rational?] = []
            if !exact {
                // An approximate partition has no certificate; report where the error lives.
                let clock = Stopwatch()
                if !equivalence.backward { residuals = ApproximateForwardEquivalence.residuals(working, partition: partition) }
                verifySeconds = clock.seconds
                verdict = "approximate (ε = \(eps)); not an exact equivalence"
            } else if noVerify {
                verdict = "skipped (--no-verify)"
            } else {
                let clock = Stopwatch()
                let failure: String?
                failure = equivalence.backward
                    ? BackwardCertificate.firstViolation(working, partition: partition)?.description
                    : ForwardCertificate.firstViolation(working, partition: partition)?.description
                if let failure {
                    FileHandleOutput.standardError("internal error: the computed partition failed its certificate: \(failure)\n")
                    throw ExitCode(3)
                }
                verifySeconds = clock.seconds
                verdict = "yes — exact certificate check passed"
            }
            let knownResiduals = residuals.compactMap { $0 }
            let maxResidual = knownResiduals.max()

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
                    : "The lumping is exact for the parameter values below.")
                let text: String
                do { text = try ERODEWriter.write(reduced, form: writeForm, comments: comments) } catch let error as ERODEWriter.WriteError {
                    throw InputError(message: "\(output): \(error.description)")
                }
                try FileHandleOutput.write(text, to: output)
            }
            if let partitionOut {
                let text = partitionOut.hasSuffix(".json")
                    ? partitionJSON(partition, model: model).render() + "\n"
                    : PartitionFile.text(partition, model: model)
                try FileHandleOutput.write(text, to: partitionOut)
            }
            let writeSeconds = writeClock.seconds

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
                    ("verified", .bool(exact && !noVerify)),
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
                print("model      \(model.name) (\(input.model))")
                print("variables  \(model.variables.count) -> \(partition.blocks.count) (coarsest \(exact ? "" : "ε-")\(equivalence.name)\(exact ? "" : ", ε = \(eps), \(equivalence.linkage) linkage\(equivalence.relative ? ", relative" : "")")\(start.blocks.count > 1 ? ", refining \(start.blocks.count) initial blocks" : ""))")
                let nonTrivial = partition.blocks.filter { $0.count > 1 }
                print("blocks     \(partition.blocks.count) (\(nonTrivial.count) with more than one variable; largest \(partition.blocks.map(\.count).max() ?? 0))")
                print("terms      \(termsBefore) -> \(reducedTerms)")
                print("verified   \(verdict)")
                if let maxResidual {
                    let inexact = knownResiduals.filter { !$0.isZero }.count
                    print("residual   max \(maxResidual) (≈ \(maxResidual.doubleValue)); \(inexact) of \(partition.blocks.count) blocks inexact")
                }
                print("time       load \(milliseconds(loadSeconds)) ms, refine \(milliseconds(refineSeconds)) ms, verify \(milliseconds(verifySeconds)) ms, write \(milliseconds(writeSeconds)) ms")
                if let output { print("written    \(output)") }
                if let partitionOut { print("partition  \(partitionOut)") }
            }
        }
    }
}

/// `{"partition": [[names…], …]}`.
func partitionJSON(_ partition: Partition, model: ODEModel) -> JSONValue {
    .object([("partition", .array(partition.blocks.map { .array($0.map { .string(model.variables[$0].name) }) }))])
}
