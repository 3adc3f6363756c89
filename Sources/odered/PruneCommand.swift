import ArgumentParser
import Networks
import Symbolic

struct PruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Prune a network to a parameter budget: the baselines neuron merging is compared with.",
        discussion: """
        --method magnitude: the smallest |W_ij| go. --method wanda (Sun et al. 2023): score \
        |W_ij|·‖X_j‖₂ over the --calibration inputs of each layer, taken from the already pruned \
        upstream network; within a layer every output row loses the same fraction, no weight \
        update. --method neurons: whole hidden neurons go (structured, like merging), ranked by \
        --criterion norm (‖incoming weights and bias‖₂) or activation (RMS calibration \
        activation), times ‖outgoing weights‖₂. --allocation splits the budget across layers: \
        global (one threshold over all layers: on |W| for magnitude, its default; on the neuron \
        score for neurons; not for Wanda), uniform (the same \
        fraction of every layer; the default of wanda and neurons) or tuned (per-layer shares \
        minimizing the calibration MSE against the original outputs, by the same search \
        compress uses). Parameters: nonzero weights plus biases for magnitude and Wanda (kept \
        exactly at the budget), weights plus biases of the smaller dense network for neurons \
        (within the budget, each hidden layer at least --min-width, default ⌈width/8⌉). Kept \
        weights keep their exact values. See docs/networks.md.
        """
    )

    @Argument(help: "Network JSON file.") var network: String
    @Option(help: "magnitude, wanda or neurons.") var method: PruneMethodOption
    @Option(help: "neurons only: 'norm' or 'activation' (needs --calibration).") var criterion: PruningRequest.NeuronCriterion?
    @OptionGroup var budgetOptions: BudgetOptions
    @OptionGroup var allocationOptions: AllocationOptions
    @OptionGroup var calibrationOptions: CalibrationOptions
    @Flag(help: "After pruning, refit the kept weights and biases by ridge least squares on the calibration inputs (masked: pruned weights stay zero; weight compensation, not pruning).")
    var refit = false
    @Option(name: .shortAndLong, help: "Write the pruned network JSON here ('-': standard output).") var output: String?
    @Flag(help: "Print JSON (keys: method, parameters_before, parameters_after, grp, layers, calibration_mse, …).") var json = false

    func validate() throws {
        if budgetOptions.budget == nil { throw ValidationError("give one budget: --target-params N or --target-grp G") }
        if allocation == .global && method == .wanda { throw ValidationError("--allocation global ranks across layers; Wanda's scores compare only within an output row: use uniform or tuned") }
        if refit && calibrationOptions.calibration == nil { throw ValidationError("--refit needs --calibration data.csv (the refit fits the calibration inputs)") }
        if allocation == .tuned && calibrationOptions.calibration == nil { throw ValidationError("--allocation tuned minimizes the calibration MSE: give --calibration data.csv") }
        if allocationOptions.minWidth != nil && method != .neurons { throw ValidationError("--min-width applies to --method neurons (unstructured pruning keeps every neuron)") }
        if criterion != nil && method != .neurons { throw ValidationError("--criterion applies to --method neurons") }
        let needsCalibration = method == .wanda || (method == .neurons && criterion == .activation)
        if needsCalibration && calibrationOptions.calibration == nil { throw ValidationError("--method \(method.rawValue)\(method == .neurons ? " --criterion activation" : "") needs --calibration data.csv") }
        if output == "-" && json { throw ValidationError("-o - and --json both write to standard output; write one of them to a file") }
    }

    func run() throws {
        try reportingInputErrors {
            let net = try loadNetwork(network)
            let calibrationSet = try calibrationOptions.load(for: net)
            let outcome: PruningOutcome
            do { outcome = try Pruning.prune(net, request(calibration: calibrationSet)) } catch let error as CompressionFailure {
                switch error {
                case .calibration(let e): throw ReportedError(message: "\(calibrationOptions.calibration ?? network): \(e)")
                case .network(let e): throw ReportedError(message: "\(network): \(e)")
                }
            }
            if let output { try writeNetwork(outcome.network, to: output) }
            if json { print(JSONValue.object(jsonFields(outcome)).render()) } else {
                for line in lines(outcome) { if output == "-" { FileHandleOutput.standardError(line + "\n") } else { print(line) } }
            }
        }
    }

    func request(calibration: CalibrationSet?) -> PruningRequest {
        let m: PruningRequest.Method
        switch method {
        case .magnitude: m = .magnitude
        case .wanda: m = .wanda
        case .neurons: m = .neurons(criterion ?? .norm)
        }
        var request = PruningRequest(method: m, budget: budgetOptions.budget!, allocation: allocation,  // budget: required in validate()
                                     calibration: calibration, minimumWidth: allocationOptions.minWidth)
        request.refit = refit
        return request
    }

    /// The allocation given, else global for magnitude and uniform for the others.
    var allocation: LayerAllocation { allocationOptions.allocation ?? (method == .magnitude ? .global : .uniform) }

    var methodDescription: String {
        switch method {
        case .magnitude: return "magnitude (\(allocation.rawValue))"
        case .wanda: return "Wanda (\(allocation.rawValue))"
        case .neurons: return "neurons (\((criterion ?? .norm).rawValue), \(allocation.rawValue))"
        }
    }

    func lines(_ outcome: PruningOutcome) -> [String] {
        let budget = budgetOptions.targetParams != nil ? budgetOptions.text! : "\(budgetOptions.text!) (\(outcome.limit) parameters)"
        var lines = ["pruned \(network) by \(methodDescription) to the budget of \(budget)", outcome.report.description]
        if method != .neurons { lines.append("parameters after: nonzero weights plus biases") }
        if let tried = outcome.allocationsTried { lines.append("allocations tried: \(tried)") }
        if refit {
            lines.append(outcome.refitLayers.isEmpty ? "refit: nothing pruned, nothing refit"
                : "refit (weight compensation, NOT pruning alone: kept weights changed, pruned ones stay zero) of layer\(outcome.refitLayers.count == 1 ? "" : "s") \(outcome.refitLayers.map { String($0 + 1) }.joined(separator: ", ")); calibration MSE after refit: \(outcome.calibrationMSEAfterRefit!)")
        }
        if let mse = outcome.calibrationMSE { lines.append("calibration MSE vs the original outputs: \(mse)") }
        lines.append("time \(milliseconds(outcome.seconds)) ms")
        if let output, output != "-" { lines.append("written \(output)") }
        return lines
    }

    func jsonFields(_ outcome: PruningOutcome) -> [(String, JSONValue)] {
        let r = outcome.report
        var fields: [(String, JSONValue)] = [
            ("method", .string(method.rawValue)),
            ("counting", .string(method == .neurons ? "dense" : "nonzero_weights")),
            ("limit", .int(outcome.limit)),
            ("parameters_before", .int(r.parametersBefore)), ("parameters_after", .int(r.parametersAfter)), ("grp", .number(r.grp)),
            ("layers", .array(r.layers.map { l in
                .object([("name", .string(l.name)), ("neurons_before", .int(l.neuronsBefore)), ("neurons_after", .int(l.neuronsAfter)),
                         ("parameters_before", .int(l.parametersBefore)), ("parameters_after", .int(l.parametersAfter))])
            })),
        ]
        fields.insert(("allocation", .string(allocation.rawValue)), at: 1)
        if let tried = outcome.allocationsTried { fields.append(("allocations_tried", .int(tried))) }
        fields.append(("refit", .bool(refit)))
        if let mse = outcome.calibrationMSEAfterRefit { fields.append(("calibration_mse_after_refit", .number(mse))) }
        if method == .neurons { fields.insert(("criterion", .string((criterion ?? .norm).rawValue)), at: 1) }
        if let mse = outcome.calibrationMSE { fields.append(("calibration_mse", .number(mse))) }
        fields.append(("seconds", .number(outcome.seconds)))
        return fields
    }
}
