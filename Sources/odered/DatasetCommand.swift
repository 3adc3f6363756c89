import ArgumentParser
import Networks
import Symbolic

struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Sample a regression data set from an ODE model: random states and their exact vector field.",
        discussion: """
        Each sample draws every variable uniformly from the grid lo + (hi − lo)·k/10⁶ (k = 0…10⁶) \
        of --box lo,hi with a SplitMix64 stream of --seed, and evaluates the right-hand sides \
        exactly (parameter values substituted). Columns: the variables, then d<name>/dt for \
        each; values are exact (decimals, or p/q where a value has no terminating decimal). \
        Train on it with: odered train data.csv --target 'dx/dt' …
        """
    )

    @OptionGroup var input: ModelOptions
    @Option(help: "Number of samples.") var samples: Int = 1000
    @Option(help: "Seed of the sampler.") var seed: UInt64 = 1
    @Option(parsing: .unconditional, help: "The sampling box lo,hi for every variable (exact decimals or fractions; --box -1,1 works).")
    var box: String = "0,1"
    @Option(name: .shortAndLong, help: "Write the CSV here ('-': standard output).") var output: String

    func validate() throws {
        if samples < 1 { throw ValidationError("--samples must be at least 1, not \(samples)") }
        _ = try bounds()
    }

    func bounds() throws -> (Rational, Rational) {
        let parts = box.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        guard parts.count == 2, let lo = try? Rational(parsing: parts[0]), let hi = try? Rational(parsing: parts[1]), lo < hi else {
            throw ValidationError("--box: expected lo,hi with lo < hi (exact decimals or fractions), e.g. 0,2 / found '\(LocatedInputError.excerpt(box, limit: 60))'")
        }
        return (lo, hi)
    }

    func run() throws {
        try reportingInputErrors {
            let (model, _) = try input.load()
            let (lo, hi) = try bounds()
            let sample: VectorFieldSample
            do { sample = try VectorFieldSample(model, count: samples, seed: seed, lower: lo, upper: hi) } catch {
                throw ReportedError(message: "\(input.model): \(error)")
            }
            if output == "-" { print(sample.csvText, terminator: "") } else {
                try FileHandleOutput.write(sample.csvText, to: output)
                print("sampled \(samples) states of \(input.model) (\(model.variables.count) variables) in [\(lo), \(hi)]^\(model.variables.count); written \(output)")
            }
        }
    }
}
