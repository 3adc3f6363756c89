import ArgumentParser
import Networks
import Reduction
import Symbolic

struct CompressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compress",
        abstract: "Compress a network: encode → (ε-)FDE of the lumping ODE → quotient → decode.",
        discussion: """
        The (ε-)FDE of the lumping ODE is computed layer by layer from the weights, without \
        building the ODE: tests check that this layered path gives the same partition as the \
        generic route (encode --lumping, ε-FDE of the ODE, quotient, decode) for one ε, both \
        linkages and --relative, and the exact FDE at ε = 0; calibration weights and per-layer \
        tolerances have no generic counterpart. \
        At ε = 0 the compressed network computes exactly the same function (merged neurons are \
        functionally identical). With ε > 0, neurons j, j' of one hidden layer merge when \
        D(j,j') = Σ_K w_K·|Σ_{k∈K}(W_jk − W_j'k)| + |b_j − b_j'| ≤ ε (K: merged upstream blocks; \
        w_K = 1, or the RMS activation of K on --calibration inputs). --epsilon takes one value or \
        one per hidden layer (0.1,0.3). --widths 48,40 merges each hidden layer to that many \
        neurons instead: its dendrogram (single or complete linkage of D, under the merged \
        upstream layer) cut at that width; the ε printed per layer is the exact largest \
        distance the merge used. --target-params N / --target-grp G choose the widths within a \
        budget (each layer between --min-width, default ⌈width/8⌉, and its exact-FDE width): \
        --allocation uniform (the same fraction of every layer; the default without \
        calibration), global (one threshold on the merge distance over all layers: the \
        layers' dendrogram merges, lowest first, until the count fits) or tuned (the default with --calibration: per-layer widths minimizing the \
        calibration MSE against the original outputs); the summary prints the --widths that \
        reproduce the result. \
        --drop λ (complete linkage) lets a --widths or budget merge also remove neurons: a hybrid \
        with structured pruning, reported as such (dropped neurons per layer; never "exact"); \
        --tune-drop picks λ by calibration MSE. \
        --first-layer linear (polynomial first activation; forward) reduces hidden layer 1 by a \
        linear lumping instead of merges: each first-layer neuron computes a polynomial of degree \
        k in the d inputs, a vector in a space of dimension C(d + k, k); neurons that are exact \
        combinations of others are removed and their outgoing weights folded into the kept \
        neurons' (exact down to the rank of those polynomials, proven by a certificate checked \
        before printing; below the rank least-squares combinations from the weights alone, in \
        the Bombieri norm), then the other layers merge as usual; a budget chooses layer 1's \
        width with the others. \
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
    @OptionGroup var equivalence: EquivalenceOptions
    @OptionGroup var budgetOptions: BudgetOptions
    @OptionGroup var allocationOptions: AllocationOptions
    @Option(help: "Merge to these hidden widths, one per hidden layer (e.g. 48,40): each layer's dendrogram (--linkage) under the merged upstream layer, cut to that many neurons; reproduces a budgeted result.")
    var widths: String?
    @Option(help: "What --widths and budgets cluster by: weights (the ε-FDE distance D) or activations (RMS activation difference on --calibration inputs × mean outgoing weight norm).")
    var distance: MergeDistance = .weights
    @Option(help: "How --widths and budget merges combine members: mean (the lumping quotient) or importance (weighted by ‖outgoing‖ × RMS activation on --calibration inputs).")
    var mergedWeights: MergedWeights = .mean
    @Flag(help: "Try both --distance values and both --merged-weights rules; keep the merge with the lowest calibration MSE (needs --calibration; --widths or a budget).")
    var tuneRules = false
    @Option(help: "Let a --widths or budget merge also drop neurons (needs --linkage complete): each layer's clustering gets a zero neuron at distance λ·c_j from neuron j (c_j: D(j, 0), or with --distance activations RMS activation × outgoing norm, what dropping j changes); a cluster that joins it is removed. λ > 0.")
    var drop: Double?
    @Flag(help: "Also try merges without drops and with --drop 0.5, 1, 2 (after --tune-rules, with its rules); keep the lowest calibration MSE (needs --calibration and --linkage complete).")
    var tuneDrop = false
    @Option(help: "How hidden layer 1 is reduced: merge (like every layer) or linear (a linear lumping of its neurons' polynomials, exact down to their rank; needs a polynomial activation there).")
    var firstLayer: FirstLayerReduction = .merge
    @OptionGroup var calibrationOptions: CalibrationOptions
    @Flag(help: "After merging, refit downstream weights by ridge least squares on the calibration inputs (weight compensation, not lumping).")
    var refit = false
    @Option(name: .shortAndLong, help: "Write the compressed network JSON here.") var output: String?
    @Flag(help: "Print JSON (keys: parameters_before, parameters_after, grp, layers, epsilon, …).") var json = false

    var backward: Bool { equivalence.backward }
    var linkage: LinkageOption { equivalence.linkage }
    var relative: Bool { equivalence.relative }
    var calibration: String? { calibrationOptions.calibration }
    var budgeted: Bool { budgetOptions.budget != nil }

    /// Cross-option checks, made while parsing (errors show this subcommand's usage).
    func validate() throws {
        if let epsilon {
            let parts = epsilon.split(separator: ",", omittingEmptySubsequences: false)
            for p in parts { _ = try parseEpsilon(String(p)) }
            if backward && parts.count != 1 {
                throw ValidationError("--backward takes one --epsilon value (the ε-BDE has one tolerance for the whole network ODE), not \(parts.count)")
            }
        }
        if backward {
            if drop != nil || tuneDrop { throw ValidationError("--backward does not take --drop or --tune-drop (drops belong to --widths and budget merges)") }
            if distance == .activations || mergedWeights == .importance || tuneRules {
                throw ValidationError("--backward does not take --distance or --merged-weights (it merges neurons of the network ODE by representative)")
            }
            if widths != nil { throw ValidationError("--backward does not take --widths (widths cut the layered ε-FDE's dendrograms); give --epsilon") }
            if budgeted {
                throw ValidationError("--backward does not take a --target-… budget (budgets search the layered ε-FDE); give --epsilon")
            }
            if firstLayer == .linear { throw ValidationError("--backward does not take --first-layer linear (a linear lumping of the first layer is forward)") }
            if calibration != nil || calibrationOptions.inputs != nil || refit {
                throw ValidationError("--backward does not take --calibration, --inputs or --refit (calibration weights and refits belong to the layered ε-FDE)")
            }
            return
        }
        if budgeted && epsilon != nil { throw ValidationError("--epsilon and a --target-… budget exclude each other (the budget chooses ε)") }
        if let widths {
            if budgeted || epsilon != nil { throw ValidationError("--widths excludes --epsilon and a --target-… budget (it fixes every hidden layer's width)") }
            _ = try parseWidths(widths)
        }
        if allocationOptions.allocation != nil && !budgeted { throw ValidationError("--allocation splits a --target-… budget across layers; give one") }
        if allocationOptions.minWidth != nil && !budgeted { throw ValidationError("--min-width bounds a --target-… budget's widths; give one") }
        if distance == .activations {
            if calibration == nil { throw ValidationError("--distance activations compares neurons on calibration inputs: give --calibration data.csv") }
            if !budgeted && widths == nil { throw ValidationError("--distance activations clusters for --widths or a --target-… budget; --epsilon measures weight distances") }
        }
        if tuneRules {
            if calibration == nil { throw ValidationError("--tune-rules compares calibration MSEs: give --calibration data.csv") }
            if !budgeted && widths == nil { throw ValidationError("--tune-rules applies to --widths or a --target-… budget") }
        }
        if drop != nil || tuneDrop {
            let name = drop != nil ? "--drop" : "--tune-drop"
            if drop != nil && tuneDrop { throw ValidationError("--drop and --tune-drop exclude each other (--tune-drop chooses the drop scale)") }
            if let drop, !(drop.isFinite && drop > 0) { throw ValidationError("--drop: the scale λ must be a positive number, not \(drop)") }
            if !budgeted && widths == nil { throw ValidationError("\(name) applies to --widths or a --target-… budget; an --epsilon merge is the lumping quotient") }
            if linkage != .complete { throw ValidationError("\(name) needs --linkage complete (under single linkage a dropped cluster would chain through its neighbours)") }
            if tuneDrop && calibration == nil { throw ValidationError("--tune-drop compares calibration MSEs: give --calibration data.csv") }
        }
        if mergedWeights == .importance {
            if calibration == nil { throw ValidationError("--merged-weights importance weighs members by calibration activations: give --calibration data.csv") }
            if !budgeted && widths == nil { throw ValidationError("--merged-weights importance applies to --widths or a --target-… budget; an --epsilon merge is the lumping quotient") }
        }
        if allocationOptions.allocation == .tuned && calibration == nil { throw ValidationError("--allocation tuned minimizes the calibration MSE: give --calibration data.csv") }
        if firstLayer == .linear {
            if refit { throw ValidationError("--first-layer linear does not take --refit (the refit belongs to merges; the linear lumping already folds weights)") }
            if allocationOptions.allocation == .global { throw ValidationError("--first-layer linear does not take --allocation global (it ranks merge distances across layers; the linear layer has none)") }
        }
        if refit && calibration == nil { throw ValidationError("--refit needs --calibration data.csv (the refit fits the calibration inputs)") }
    }

    func run() throws {
        try reportingInputErrors {
            let net = try loadNetwork(network)
            let request = try request(for: net)
            let outcome: CompressionOutcome
            do { outcome = try Compression.compress(net, request) } catch let error as CompressionFailure {
                switch error {
                case .calibration(let e): throw ReportedError(message: "\(calibration ?? network): \(e)")
                case .network(let e): throw ReportedError(message: "\(network): \(e)\(backward ? " (--backward works on the network ODE)" : "")")
                }
            }
            if let output { try writeNetwork(outcome.network, to: output) }
            if json { print(JSONValue.object(jsonFields(outcome, hidden: net.hiddenLayerCount)).render()) } else {
                for line in lines(outcome) { print(line) }
            }
        }
    }

    /// The request the options describe for `net` (option values were checked in ``validate()``).
    func request(for net: Network) throws -> CompressionRequest {
        let hidden = net.hiddenLayerCount
        var budget = CompressionRequest.Budget.epsilons([.zero])
        if let limit = budgetOptions.budget { budget = .within(limit) } else if let widths {
            let w = try parseWidths(widths)
            if w.count != hidden {
                throw ReportedError(message: "--widths has \(w.count) values; \(network) has \(hidden) hidden layer\(hidden == 1 ? "" : "s") (give one per hidden layer)")
            }
            budget = .widths(w)
        } else if let epsilon {
            let epsilons = try epsilon.split(separator: ",", omittingEmptySubsequences: false).map { try parseEpsilon(String($0)) }
            if epsilons.count != 1 && epsilons.count != hidden {
                throw ReportedError(message: "--epsilon has \(epsilons.count) values; \(network) has \(hidden) hidden layer\(hidden == 1 ? "" : "s") (give one value, or one per hidden layer)")
            }
            budget = .epsilons(epsilons)
        }
        let calibrationSet = try calibrationOptions.load(for: net)
        var request = CompressionRequest(direction: backward ? .backward : .forward, budget: budget,
                                  linkage: linkage.linkage, relative: relative,
                                  calibration: calibrationSet, refit: refit, allocation: allocationOptions.allocation,
                                  minimumWidth: allocationOptions.minWidth, distance: distance, mergedWeights: mergedWeights)
        request.tuneRules = tuneRules
        request.dropScale = drop
        request.tuneDrop = tuneDrop
        request.firstLayer = firstLayer
        return request
    }

    /// The text summary.
    func lines(_ outcome: CompressionOutcome) -> [String] {
        let e = outcome.epsilons
        let exact = outcome.isExact
        if backward {
            let how = exact ? " (exact: same function)" : ", \(linkage) linkage\(relative ? ", relative" : "")"
            return ["compressed \(network) by backward equivalence (BDE of the network ODE) at ε = \(e.first ?? .zero)\(how)",
                    outcome.report.description, "time \(milliseconds(outcome.seconds)) ms"] + (output.map { ["written \($0)"] } ?? [])
        }
        let byWidth = budgeted || widths != nil
        let epsText = byWidth ? "widths \(outcome.hiddenWidths.map(String.init).joined(separator: ","))"
            : e.count == 1 || Set(e).count == 1
            ? "ε = \(e.first ?? .zero)" : "ε = " + e.map(\.description).joined(separator: ", ") + " (per hidden layer)"
        var how = exact ? " (exact: same function)" : ", \(linkage) linkage\(relative ? ", relative" : "")\(calibration != nil ? ", RMS-weighted" : "")"
        if let text = budgetOptions.text { how += "; budget \(text), \(allocationName) allocation" }
        var lines = ["compressed \(network) at \(epsText)\(how)", outcome.report.description]
        if byWidth && !exact {
            lines.append("largest merge distance per hidden layer: " + e.map { "ε = \($0)" + ($0.description == $0.shortDecimal() ? "" : " (≈ \($0.shortDecimal()))") }.joined(separator: "; "))
            lines.append("reproduce: --widths \(outcome.hiddenWidths.map(String.init).joined(separator: ",")) --linkage \(linkage)\(relative ? " --relative" : "")\(outcome.distance == .activations ? " --distance activations" : "")\(outcome.mergedWeights == .importance ? " --merged-weights importance" : "")\(outcome.dropScale.map { " --drop \($0)" } ?? "")\(outcome.linearFirstLayer != nil ? " --first-layer linear" : "")\(calibration != nil ? " --calibration \(calibration!)" : "")")
        }
        if let linear = outcome.linearFirstLayer { lines.append(linearLine(linear)) }
        if outcome.droppedNeurons.contains(where: { $0 > 0 }) {
            lines.append("dropped (not merged; removed with their outgoing weights) per hidden layer: " + outcome.droppedNeurons.map(String.init).joined(separator: ", ") + " neurons")
        }
        if let mse = outcome.calibrationMSE { lines.append("calibration MSE vs the original outputs: \(mse)") }
        if let allocations = outcome.allocationsTried { lines.append("width allocations tried: \(allocations)") }
        if refit {
            let layers = outcome.refitLayers
            lines.append(layers.isEmpty ? "refit: nothing merged, nothing refit"
                : "refit (weight compensation, NOT lumping: the result is no longer an exact quotient) of layer\(layers.count == 1 ? "" : "s") \(layers.map { String($0 + 1) }.joined(separator: ", ")); calibration MSE after refit: \(outcome.calibrationMSEAfterRefit!)")
        }
        lines.append("time \(milliseconds(outcome.seconds)) ms")
        if let output { lines.append("written \(output)") }
        return lines
    }

    /// What the linear lumping of hidden layer 1 did.
    func linearLine(_ l: LinearFirstLayer) -> String {
        let head = "hidden 1 linearly lumped: \(l.neurons) → \(l.kept) neurons; the rank of their polynomials is \(l.rank)"
        if l.rank == l.neurons && l.kept == l.neurons { return head + " (all independent: nothing to lump)" }
        if l.isExact { return head + " (exact: same function; certificate checked)" }
        if let refused = l.exactOperationsRefused, l.kept >= l.rank {
            return head + " (least-squares combinations at the rank, relative residual \(Rational(exactly: l.relativeResidual).map { $0.shortDecimal() } ?? "\(l.relativeResidual)"): the exact fold would take about \(refused) exact operations, over \(FirstLayerLumping.maximumExactOperations))"
        }
        return head + " (below it: least-squares combinations, relative residual \(Rational(exactly: l.relativeResidual).map { $0.shortDecimal() } ?? "\(l.relativeResidual)") in the Bombieri norm)"
    }

    /// The allocation a budget used.
    var allocationName: String {
        (allocationOptions.allocation ?? (calibration == nil ? .uniform : .tuned)).rawValue
    }

    /// The `--json` fields.
    func jsonFields(_ outcome: CompressionOutcome, hidden: Int) -> [(String, JSONValue)] {
        var fields = compressionJSON(outcome.report, epsilons: outcome.epsilons, hiddenLayers: hidden, linkage: linkage.rawValue,
                                     relative: relative, exact: outcome.isExact, refitLayers: Set(outcome.refitLayers), refit: refit)
        if backward { fields.insert(("equivalence", .string("backward")), at: 0) }
        if budgeted || widths != nil {
            fields.append(("widths", .array(outcome.hiddenWidths.map { .int($0) })))
            fields.append(("epsilon_decimal", .array(outcome.epsilons.map { .string($0.shortDecimal()) })))
        }
        if budgeted { fields.append(("allocation", .string(allocationName))) }
        if budgeted || widths != nil {
            fields.append(("distance", .string(outcome.distance.rawValue)))
            fields.append(("merged_weights", .string(outcome.mergedWeights.rawValue)))
            fields.append(("drop_scale", outcome.dropScale.map { .number($0) } ?? .null))
            fields.append(("dropped", .array(outcome.droppedNeurons.map { .int($0) })))
        }
        if let l = outcome.linearFirstLayer {
            fields.append(("first_layer", .object([("reduction", .string("linear")), ("neurons", .int(l.neurons)), ("rank", .int(l.rank)),
                                                   ("kept", .int(l.kept)), ("exact", .bool(l.isExact)), ("relative_residual", .number(l.relativeResidual))])))
        }
        if let mse = outcome.calibrationMSE { fields.append(("calibration_mse", .number(mse))) }
        if let mse = outcome.calibrationMSEAfterRefit { fields.append(("calibration_mse_after_refit", .number(mse))) }
        if let allocations = outcome.allocationsTried { fields.append(("allocations_tried", .int(allocations))) }
        fields.append(("seconds", .number(outcome.seconds)))
        return fields
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

/// `--widths 48,40`: positive integers separated by commas.
func parseWidths(_ text: String) throws -> [Int] {
    try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
        guard let w = Int(String(part).trimmingSpaces), w >= 1 else {
            throw ValidationError("--widths: '\(part)' is not a positive integer (give one width per hidden layer, e.g. 48,40)")
        }
        return w
    }
}

