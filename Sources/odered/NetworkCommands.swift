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
        try reportingInputErrors {
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
                        throw InputError(message: "--input has \(values!.count) values; \(network) has \(net.inputCount) inputs")
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
        try reportingInputErrors {
            let template = try loadNetwork(like)
            let model: ODEModel
            do { model = try ModelFile.load(path: reduced) } catch { throw InputError(message: "\(error)") }
            let net: Network
            do { net = try Network.decode(reduced: model, like: template) } catch {
                // The usual cause: the lumping ODE was reduced from one block, mixing layers.
                let hint = model.variables.contains { $0.name == "bias" } ? "" : " (was it reduced with --partition-from-model? The lumping ODE's partition keeps layers, inputs, outputs and bias apart)"
                throw InputError(message: "\(reduced): \(error)\(hint.isEmpty ? "; reduce lumping ODEs with 'odered reduce L.ode --partition-from-model'" : hint)")
            }
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
        functionally identical). With ε > 0, neurons j, j' of one hidden layer merge when \
        D(j,j') = Σ_K w_K·|Σ_{k∈K}(W_jk − W_j'k)| + |b_j − b_j'| ≤ ε (K: merged upstream blocks; \
        w_K = 1, or the RMS activation of K on --calibration inputs). --epsilon takes one value or \
        one per hidden layer (0.1,0.3). --target-params N / --target-grp G reach a budget: one ε \
        for all layers by bisection, or with --calibration the per-layer widths (and the ε per \
        layer yielding them) minimizing the calibration MSE against the original outputs. \
        --refit (needs --calibration) refits the weights downstream of merged layers by ridge \
        least squares: weight compensation, not lumping. \
        --backward uses (ε-)BDE of the network ODE instead (polynomial activations only; one \
        --epsilon, --linkage, --relative): merged neurons take equal values, which also merges \
        sign-flipped twins under even activations such as square; each merged neuron keeps its \
        first member's incoming weights and bias, downstream weights are summed. See docs/networks.md.
        """
    )

    @Argument(help: "Network JSON file.") var network: String
    @Option(parsing: .unconditional, help: "Tolerance ε ≥ 0 (exact decimal or fraction), or one per hidden layer separated by commas.")
    var epsilon: String?
    @Option(help: "'single' or 'complete' linkage for ε > 0.") var linkage: String = "single"
    @Flag(help: "Relative (scale-free) distance.") var relative = false
    @Option(help: "Parameter budget: the least compression with at most N parameters.") var targetParams: Int?
    @Option(help: "Budget as GRP (percent of parameters kept), e.g. 25.") var targetGrp: Double?
    @Option(help: "Calibration CSV (header row; the network's inputs, no labels needed).") var calibration: String?
    @Option(help: "Comma-separated calibration input column names (default: the first columns, one per network input).")
    var inputs: String?
    @Flag(help: "After merging, refit downstream weights by ridge least squares on the calibration inputs (weight compensation, not lumping).")
    var refit = false
    @Flag(help: "Backward equivalence: (ε-)BDE of the network ODE (merges neurons computing equal values, e.g. sign-flipped twins under square).")
    var backward = false
    @Option(name: .shortAndLong, help: "Write the compressed network JSON here.") var output: String?
    @Flag(help: "Print JSON (keys: parameters_before, parameters_after, grp, layers, epsilon, …).") var json = false

    /// Cross-option checks, made while parsing (errors show this subcommand's usage).
    func validate() throws {
        guard linkage == "single" || linkage == "complete" else {
            throw ValidationError("--linkage must be 'single' or 'complete', not '\(ModelReadError.excerpt(linkage, limit: 40))'")
        }
        if let epsilon {
            let parts = epsilon.split(separator: ",", omittingEmptySubsequences: false)
            for p in parts { _ = try parseEpsilon(String(p)) }
            if backward && parts.count != 1 {
                throw ValidationError("--backward takes one --epsilon value (the ε-BDE has one tolerance for the whole network ODE), not \(parts.count)")
            }
        }
        if backward {
            if targetParams != nil || targetGrp != nil {
                throw ValidationError("--backward does not take a --target-… budget (budgets search the layered ε-FDE); give --epsilon")
            }
            if calibration != nil || inputs != nil || refit {
                throw ValidationError("--backward does not take --calibration, --inputs or --refit (calibration weights and refits belong to the layered ε-FDE)")
            }
            return
        }
        if targetParams != nil && targetGrp != nil { throw ValidationError("give --target-params or --target-grp, not both") }
        if (targetParams != nil || targetGrp != nil) && epsilon != nil { throw ValidationError("--epsilon and a --target-… budget exclude each other (the budget chooses ε)") }
        if refit && calibration == nil { throw ValidationError("--refit needs --calibration data.csv (the refit fits the calibration inputs)") }
        if inputs != nil && calibration == nil { throw ValidationError("--inputs names columns of --calibration data.csv") }
        if let g = targetGrp, !(g > 0 && g <= 100) { throw ValidationError("--target-grp must be in (0, 100], not \(g)") }
        if let n = targetParams, n < 1 { throw ValidationError("--target-params must be positive, not \(n)") }
    }

    func run() throws {
        if backward { return try runBackward() }
        try reportingInputErrors {
            let link: ApproximateForwardEquivalence.Linkage = linkage == "single" ? .single : .complete  // checked in validate()
            let budgeted = targetParams != nil || targetGrp != nil
            var epsilons: [Rational] = [.zero]
            if let epsilon {
                epsilons = try epsilon.split(separator: ",", omittingEmptySubsequences: false).map { try parseEpsilon(String($0)) }
            }
            let net = try loadNetwork(network)
            let hidden = net.hiddenLayerCount
            if epsilons.count != 1 && epsilons.count != hidden {
                throw InputError(message: "--epsilon has \(epsilons.count) values; \(network) has \(hidden) hidden layer\(hidden == 1 ? "" : "s") (give one value, or one per hidden layer)")
            }
            var calibrationSet: CalibrationSet?
            if let calibration {
                do {
                    let table = try CSVTable.load(path: calibration)
                    calibrationSet = try CalibrationSet.load(table: table, count: net.inputCount,
                                                             inputs: inputs?.split(separator: ",").map { String($0).trimmingSpaces })
                } catch { throw InputError(message: "\(error)") }
                do { try net.checkCalibration(calibrationSet!) } catch { throw InputError(message: "\(calibration): \(error)") }
            }
            let clock = Stopwatch()
            let weights = calibrationSet.map { net.calibrationRMS($0) }
            var result: LayeredCompression
            var allocations: Int?
            if budgeted {
                let budget = targetParams ?? Int((targetGrp! / 100 * Double(net.parameterCount)).rounded(.down))
                if let calibrationSet {
                    guard let r = Compression.compressCalibrated(net, maxParameters: budget, calibration: calibrationSet,
                                                                 linkage: link, relative: relative, weights: weights) else {
                        throw InputError(message: "\(network): no allocation of the width grid meets the budget of \(budget) parameters")
                    }
                    result = r.result
                    allocations = r.allocationsTried
                } else {
                    guard let r = Compression.compressToBudget(net, maxParameters: budget, linkage: link, relative: relative) else {
                        throw InputError(message: "\(network): the budget of \(budget) parameters is below the network with one neuron per hidden layer (\(Compression.parameterCount(neuronCounts: [net.inputCount] + Array(repeating: 1, count: hidden) + [net.outputCount])) parameters)")
                    }
                    result = r
                }
            } else {
                result = Compression.compress(net, epsilons: epsilons, linkage: link, relative: relative, weights: weights)
            }
            var mse: Double?
            var mseAfterRefit: Double?
            var refitLayers: [Int] = []
            if let calibrationSet {
                mse = result.network.calibrationMSE(against: net, calibrationSet)
                if refit {
                    let r: (network: Network, refitLayers: [Int])
                    do { r = try result.network.refit(original: net, groups: result.lumping.groups, calibration: calibrationSet) } catch {
                        throw InputError(message: "\(calibration!): \(error)")
                    }
                    result.network = r.network
                    refitLayers = r.refitLayers
                    result.report = CompressionReport(before: net, after: r.network)
                    mseAfterRefit = r.network.calibrationMSE(against: net, calibrationSet)
                }
            }
            let seconds = clock.seconds
            if let output { try writeNetwork(result.network, to: output) }
            let r = result.report
            let exact = result.epsilons.allSatisfy(\.isZero) && refitLayers.isEmpty
            if json {
                var fields = compressionJSON(r, epsilons: result.epsilons, hiddenLayers: hidden, linkage: linkage,
                                             relative: relative, exact: exact, refitLayers: Set(refitLayers), refit: refit)
                if let mse { fields.append(("calibration_mse", .number(mse))) }
                if let mseAfterRefit { fields.append(("calibration_mse_after_refit", .number(mseAfterRefit))) }
                if let allocations { fields.append(("allocations_tried", .int(allocations))) }
                fields.append(("seconds", .number(seconds)))
                print(JSONValue.object(fields).render())
            } else {
                let epsText = result.epsilons.count == 1 || Set(result.epsilons).count == 1
                    ? "ε = \(result.epsilons.first ?? .zero)" : "ε = " + result.epsilons.map(\.description).joined(separator: ", ") + " (per hidden layer)"
                var how = exact ? " (exact: same function)" : ", \(linkage) linkage\(relative ? ", relative" : "")\(weights != nil ? ", RMS-weighted" : "")"
                if budgeted { how += "; budget \(targetParams.map { "\($0) parameters" } ?? "GRP \(targetGrp!)%")" }
                print("compressed \(network) at \(epsText)\(how)")
                print(r.description)
                if let mse { print("calibration MSE vs the original outputs: \(mse)") }
                if let allocations { print("width allocations tried: \(allocations)") }
                if refit {
                    if refitLayers.isEmpty {
                        print("refit: nothing merged, nothing refit")
                    } else {
                        print("refit (weight compensation, NOT lumping: the result is no longer an exact quotient) of layer\(refitLayers.count == 1 ? "" : "s") \(refitLayers.map { String($0 + 1) }.joined(separator: ", ")); calibration MSE after refit: \(mseAfterRefit!)")
                    }
                }
                print("time \(milliseconds(seconds)) ms")
                if let output { print("written \(output)") }
            }
        }
    }
}

extension CompressCommand {
    /// `--backward`: (ε-)BDE of the network ODE, decoded by representatives.
    func runBackward() throws {
        try reportingInputErrors {
            let link: ApproximateBackwardEquivalence.Linkage = linkage == "single" ? .single : .complete  // checked in validate()
            let eps = try epsilon.map { try parseEpsilon($0) } ?? .zero  // one value: checked in validate()
            let net = try loadNetwork(network)
            let hidden = net.hiddenLayerCount
            let clock = Stopwatch()
            let result: BackwardCompression
            do { result = try Compression.compressBackward(net, epsilon: eps, linkage: link, relative: relative) } catch {
                throw InputError(message: "\(network): \(error) (--backward works on the network ODE)")
            }
            let seconds = clock.seconds
            if let output { try writeNetwork(result.network, to: output) }
            let r = result.report
            let exact = eps.isZero
            if json {
                let fields = [("equivalence", JSONValue.string("backward"))]
                    + compressionJSON(r, epsilons: Array(repeating: eps, count: hidden), hiddenLayers: hidden, linkage: linkage,
                                      relative: relative, exact: exact, refitLayers: [], refit: false)
                    + [("seconds", .number(seconds))]
                print(JSONValue.object(fields).render())
            } else {
                let how = exact ? " (exact: same function)" : ", \(linkage) linkage\(relative ? ", relative" : "")"
                print("compressed \(network) by backward equivalence (BDE of the network ODE) at ε = \(eps)\(how)")
                print(r.description)
                print("time \(milliseconds(seconds)) ms")
                if let output { print("written \(output)") }
            }
        }
    }
}

/// The JSON fields shared by forward and backward compression reports.
func compressionJSON(_ r: CompressionReport, epsilons: [Rational], hiddenLayers: Int, linkage: String, relative: Bool,
                     exact: Bool, refitLayers: Set<Int>, refit: Bool) -> [(String, JSONValue)] {
    [
        ("epsilon", .array(epsilons.map { .string($0.description) })),
        ("linkage", .string(linkage)),
        ("relative", .bool(relative)),
        ("exact", .bool(exact)),
        ("parameters_before", .int(r.parametersBefore)),
        ("parameters_after", .int(r.parametersAfter)),
        ("grp", .number(r.grp)),
        ("layers", .array(r.layers.enumerated().map { i, l in
            var f: [(String, JSONValue)] = [
                ("name", .string(l.name)), ("neurons_before", .int(l.neuronsBefore)), ("neurons_after", .int(l.neuronsAfter)),
                ("parameters_before", .int(l.parametersBefore)), ("parameters_after", .int(l.parametersAfter)),
            ]
            if i < hiddenLayers { f.append(("epsilon", .string(epsilons[i].description))) }
            f.append(("refit", .bool(refitLayers.contains(i))))
            return .object(f)
        })),
        ("refit", .bool(refit)),
    ]
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
        try reportingInputErrors {
            let net = try loadNetwork(network)
            let set: DataSet
            do {
                let table = try CSVTable.load(path: data)
                // `--target y1 y2` and `--target y1,y2` both name two columns.
                let targets = target.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces } }.filter { !$0.isEmpty }
                set = try table.dataSet(targets: targets, inputs: inputs?.split(separator: ",").map { String($0).trimmingSpaces })
            } catch { throw InputError(message: "\(error)") }
            let metrics: RegressionMetrics
            do { metrics = try net.evaluate(on: set, exact: exact).metrics } catch { throw InputError(message: "\(network): \(error)") }
            // R² is undefined for a constant target: JSON null, "undefined" in text, never "nan".
            func r2JSON(_ r: Double) -> JSONValue { r.isFinite ? .number(r) : .null }
            func r2Text(_ r: Double) -> String { r.isFinite ? "\(r)" : "undefined (a constant target)" }
            if json {
                print(JSONValue.object([
                    ("samples", .int(metrics.sampleCount)), ("mse", .number(metrics.mse)), ("rmse", .number(metrics.rmse)), ("r2", r2JSON(metrics.r2)),
                    ("outputs", .array(metrics.outputs.map { .object([("name", .string($0.name)), ("mse", .number($0.mse)), ("rmse", .number($0.rmse)), ("r2", r2JSON($0.r2))]) })),
                ]).render())
            } else {
                print("samples \(metrics.sampleCount)\(exact ? " (exact evaluation)" : "")")
                print("MSE  \(metrics.mse)")
                print("RMSE \(metrics.rmse)")
                print("R²   \(r2Text(metrics.r2))")
                if metrics.outputs.count > 1 {
                    for o in metrics.outputs { print("  \(o.name): MSE \(o.mse), RMSE \(o.rmse), R² \(r2Text(o.r2))") }
                }
            }
        }
    }
}
