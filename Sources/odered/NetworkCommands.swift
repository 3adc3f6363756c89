import ArgumentParser
import Networks
import Reduction
import Symbolic

/// Loads a network JSON file, turning read errors into one-line input errors.
func loadNetwork(_ path: String) throws -> Network {
    do { return try Network.load(path: path) } catch { throw InputError(message: "\(error)") }
}

func writeNetwork(_ net: Network, to path: String) throws {
    if path == "-" { print(net.jsonText(), terminator: "") } else { try FileHandleOutput.write(net.jsonText(), to: path) }
}

struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Write a feed-forward network (JSON, polynomial activations) as an exact polynomial ODE.",
        discussion: """
        Default: the network ODE dh_j/dt = p(Σ_k W_jk h_k + b_j) − h_j, whose equilibrium is the \
        forward pass (inputs have derivative 0 and start at --input values, default 0). \
        --lumping writes the adjoint lumping ODE instead (linear; with its initial partition), \
        whose coarsest FDE merges neurons computing identical functions. See docs/networks.md.
        """
    )

    @Argument(help: "Network JSON file (see docs/networks.md).") var network: String
    @Option(name: .shortAndLong, help: "Output .ode file ('-' for standard output).") var output: String = "-"
    @Flag(help: "Write the lumping (adjoint) ODE instead of the network ODE.") var lumping = false
    @Option(help: "Comma-separated input values (exact decimals or p/q) for the network ODE's initial state.")
    var input: String?

    func run() throws {
        try runReportingInputErrors {
            let net = try loadNetwork(network)
            let model: ODEModel
            if lumping {
                model = net.lumpingEncoding().model
            } else {
                var values: [Rational]? = nil
                if let input {
                    values = try input.split(separator: ",").map {
                        guard let v = try? Rational(parsing: String($0).trimmingSpaces) else {
                            throw ValidationError("--input: '\($0)' is not an exact number")
                        }
                        return v
                    }
                    guard values!.count == net.inputCount else {
                        throw ValidationError("--input has \(values!.count) values; the network has \(net.inputCount) inputs")
                    }
                }
                do { model = try net.forwardODE(input: values) } catch { throw InputError(message: "\(network): \(error)") }
            }
            let text: String
            do { text = try ERODEWriter.write(model, form: .odes) } catch let error as ERODEWriter.WriteError {
                throw InputError(message: "\(error)")
            }
            if output == "-" { print(text, terminator: "") } else { try FileHandleOutput.write(text, to: output) }
        }
    }
}

struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Rebuild a (smaller) network from a reduced lumping ODE.",
        discussion: "The reduced .ode (from `odered reduce` on an `odered encode --lumping` file) is decoded using the original network for activations and standardization."
    )

    @Argument(help: "Reduced lumping ODE (.ode).") var reduced: String
    @Option(help: "The original network JSON (activations, standardization, input/output counts).") var like: String
    @Option(name: .shortAndLong, help: "Output network JSON ('-' for standard output).") var output: String = "-"

    func run() throws {
        try runReportingInputErrors {
            let template = try loadNetwork(like)
            let model: ODEModel
            do { model = try ModelFile.load(path: reduced) } catch { throw InputError(message: "\(error)") }
            let net: Network
            do { net = try Network.decode(reduced: model, like: template) } catch { throw InputError(message: "\(reduced): \(error)") }
            try writeNetwork(net, to: output)
        }
    }
}

struct CompressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compress",
        abstract: "Compress a network: encode → (ε-)FDE of the lumping ODE → quotient → decode.",
        discussion: """
        At ε = 0 the compressed network computes exactly the same function (merged neurons are \
        functionally identical). With ε > 0, neurons j, j' of one layer merge when \
        D(j,j') = Σ_K |Σ_{k∈K}(W_jk − W_j'k)| + |b_j − b_j'| ≤ ε (K: merged upstream blocks). \
        Prints neurons and parameters per layer and GRP = 100·parameters after/before.
        """
    )

    @Argument(help: "Network JSON file.") var network: String
    @Option(help: "Tolerance ε ≥ 0 (exact decimal or fraction).") var epsilon: String = "0"
    @Option(help: "'single' or 'complete' linkage for ε > 0.") var linkage: String = "single"
    @Flag(help: "Relative (scale-free) distance.") var relative = false
    @Option(name: .shortAndLong, help: "Write the compressed network JSON here.") var output: String?
    @Flag(help: "Print JSON (keys: parameters_before, parameters_after, grp, layers).") var json = false

    func run() throws {
        try runReportingInputErrors {
            let eps = try parseEpsilon(epsilon)
            let link: ApproximateForwardEquivalence.Linkage
            switch linkage {
            case "single": link = .single
            case "complete": link = .complete
            default: throw ValidationError("--linkage must be 'single' or 'complete', not '\(linkage)'")
            }
            let net = try loadNetwork(network)
            let clock = Stopwatch()
            let result: (network: Network, report: CompressionReport)
            do {
                result = try Compression.compress(net) { model, initial in
                    eps.isZero
                        ? ForwardEquivalence.coarsest(model, initial: initial)
                        : ApproximateForwardEquivalence.coarsest(model, epsilon: eps, linkage: link, relative: relative, initial: initial)
                }
            } catch { throw InputError(message: "\(network): \(error)") }
            let seconds = clock.seconds
            if let output { try writeNetwork(result.network, to: output) }
            let r = result.report
            if json {
                print(JSONValue.object([
                    ("epsilon", .string(eps.description)),
                    ("parameters_before", .int(r.parametersBefore)),
                    ("parameters_after", .int(r.parametersAfter)),
                    ("grp", .number(r.grp)),
                    ("layers", .array(r.layers.map { l in .object([
                        ("name", .string(l.name)), ("neurons_before", .int(l.neuronsBefore)), ("neurons_after", .int(l.neuronsAfter)),
                        ("parameters_before", .int(l.parametersBefore)), ("parameters_after", .int(l.parametersAfter)),
                    ]) })),
                    ("seconds", .number(seconds)),
                ]).render())
            } else {
                print("compressed \(network) at ε = \(eps)\(eps.isZero ? " (exact: same function)" : ", \(linkage) linkage\(relative ? ", relative" : "")")")
                print(r.description)
                print("time \(milliseconds(seconds)) ms")
                if let output { print("written \(output)") }
            }
        }
    }
}

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a network on a CSV file: MSE, RMSE and R² (overall and per output).",
        discussion: "CSV cells may be decimals or exact rationals p/q. Inputs are the non-target columns in order, unless --inputs names them."
    )

    @Argument(help: "Network JSON file.") var network: String
    @Argument(help: "CSV file with a header row.") var data: String
    @Option(parsing: .upToNextOption, help: "Target column name(s).") var target: [String]
    @Option(help: "Comma-separated input column names (default: all non-target columns, in order).") var inputs: String?
    @Flag(help: "Exact rational evaluation (polynomial activations only; for small inputs).") var exact = false
    @Flag(help: "Print JSON (keys: mse, rmse, r2, outputs, samples).") var json = false

    func run() throws {
        try runReportingInputErrors {
            let net = try loadNetwork(network)
            let set: DataSet
            do {
                let table = try CSVTable.load(path: data)
                set = try table.dataSet(targets: target, inputs: inputs?.split(separator: ",").map { String($0).trimmingSpaces })
            } catch { throw InputError(message: "\(error)") }
            let metrics: RegressionMetrics
            do { metrics = try net.evaluate(on: set, exact: exact).metrics } catch { throw InputError(message: "\(network): \(error)") }
            if json {
                print(JSONValue.object([
                    ("samples", .int(metrics.sampleCount)), ("mse", .number(metrics.mse)), ("rmse", .number(metrics.rmse)), ("r2", .number(metrics.r2)),
                    ("outputs", .array(metrics.outputs.map { .object([("name", .string($0.name)), ("mse", .number($0.mse)), ("rmse", .number($0.rmse)), ("r2", .number($0.r2))]) })),
                ]).render())
            } else {
                print("samples \(metrics.sampleCount)\(exact ? " (exact evaluation)" : "")")
                print("MSE  \(metrics.mse)")
                print("RMSE \(metrics.rmse)")
                print("R²   \(metrics.r2)")
                if metrics.outputs.count > 1 {
                    for o in metrics.outputs { print("  \(o.name): MSE \(o.mse), RMSE \(o.rmse), R² \(o.r2)") }
                }
            }
        }
    }
}
