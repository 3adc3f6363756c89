import ArgumentParser
import Networks

/// `--target-params` / `--target-grp`: the parameter budget `compress` and `prune` share.
struct BudgetOptions: ParsableArguments {
    @Option(help: "Parameter budget: at most N parameters (compress: the least compression within it).") var targetParams: Int?
    @Option(help: "Budget as GRP (percent of parameters kept), e.g. 25.") var targetGrp: Double?

    func validate() throws {
        if targetParams != nil && targetGrp != nil { throw ValidationError("give --target-params or --target-grp, not both") }
        if let g = targetGrp, !(g > 0 && g <= 100) { throw ValidationError("--target-grp must be in (0, 100], not \(g)") }
        if let n = targetParams, n < 1 { throw ValidationError("--target-params must be positive, not \(n)") }
    }

    /// The budget given, if any (checked in ``validate()``).
    var budget: ParameterBudget? {
        if let targetParams { return .parameters(targetParams) }
        return targetGrp.map { .grp($0) }
    }

    /// "N parameters" or "GRP G%", as the summaries print it.
    var text: String? { targetParams.map { "\($0) parameters" } ?? targetGrp.map { "GRP \($0)%" } }
}

/// `--allocation` / `--min-width`: how `compress` and `prune` split a budget across layers.
struct AllocationOptions: ParsableArguments {
    @Option(help: "How the budget is split across layers: global (one threshold over all layers: on |W|, the merge distance or the neuron score; not for Wanda), uniform (the same fraction of every layer) or tuned (per-layer sizes minimizing the calibration MSE; needs --calibration).")
    var allocation: LayerAllocation?
    @Option(help: "The narrowest width a budget may give a hidden layer (merging and neuron pruning; default ⌈width/8⌉).")
    var minWidth: Int?

    func validate() throws {
        if let minWidth, minWidth < 1 { throw ValidationError("--min-width must be at least 1, not \(minWidth)") }
    }
}

/// `--calibration` / `--inputs`: calibration inputs for `compress` and `prune`.
struct CalibrationOptions: ParsableArguments {
    @Option(help: "Calibration CSV (header row; the network's inputs, no labels needed).") var calibration: String?
    @Option(help: "Comma-separated calibration input column names (default: the network's input_names, else every column of a table with one column per input).")
    var inputs: String?

    func validate() throws {
        if inputs != nil && calibration == nil { throw ValidationError("--inputs names columns of --calibration data.csv") }
    }

    /// The calibration inputs for `net`, if `--calibration` names a file.
    func load(for net: Network) throws -> CalibrationSet? {
        try calibration.map { try loadCalibration($0, for: net, inputs: inputs) }
    }
}
