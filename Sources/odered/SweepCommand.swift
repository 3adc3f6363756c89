import ArgumentParser
import Reduction
import Symbolic

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Reduce at several tolerances ε and tabulate blocks, terms and the largest residual.",
        discussion: "Shows how one tolerance trades size for accuracy. ε = 0 is the exact equivalence."
    )

    @OptionGroup var input: ModelOptions
    @OptionGroup var initial: PartitionOptions
    @OptionGroup var parameters: ParameterOptions
    @OptionGroup var equivalence: EquivalenceOptions

    @Option(parsing: .unconditional, help: "Comma-separated tolerances, e.g. 0,1e-6,1e-4,1e-2.")
    var epsilons: String = "0,1e-6,1e-4,1e-2,1e-1"

    @Flag(help: "Print JSON (an array of objects with epsilon, blocks, terms, max_residual, seconds of refinement).")
    var json = false

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
            if !json {
                print("| ε | blocks | terms | max residual | seconds |")
                print("|---|---:|---:|---:|---:|")
            }
            for eps in values {
                let request = ReductionRequest(equivalence: try equivalence.value(epsilon: eps), initial: initial.description(given: given),
                                               symbolicParameters: parameters.symbolicParameters)
                let outcome = try reduceReportingFailures(model, request)
                let (blocks, seconds) = (outcome.partition.blocks.count, outcome.timings.refine)
                // A certified exact forward equivalence has residual 0 in every block.
                let certifiedExact = request.equivalence.direction == .forward && outcome.verdict == .certified
                let residual: Rational? = certifiedExact ? Rational.zero : outcome.maximumResidual
                if json {
                    rows.append(.object([
                        ("epsilon", .string(eps.description)), ("blocks", .int(blocks)), ("terms", .int(outcome.termsAfter)),
                        ("max_residual", residual.map { .string($0.description) } ?? .null), ("seconds", .number(seconds)),
                    ]))
                } else {
                    let r = residual.map { $0.isZero ? "0" : "\($0.doubleValue)" } ?? "—"
                    print("| \(eps.terminatingDecimal ?? eps.description) | \(blocks) | \(outcome.termsAfter) | \(r) | \(String(format1: seconds, decimals: 3)) |")
                }
            }
            if json { print(JSONValue.array(rows).render()) }
        }
    }
}
