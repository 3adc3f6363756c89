import ArgumentParser
import Networks
import Reduction
import Symbolic

/// `--form`: the dynamics of a written model (absent: `.ode` files get ODEs, SBML gets
/// reactions when the model came as reactions, ``SBMLWriter/Form/automatic``).
enum FormOption: String, ExpressibleByArgument, CaseIterable {
    case odes, reactions
    var form: ERODEWriter.Form { self == .odes ? .odes : .reactions }
}

/// `evaluate --storage`: how weights are stored for timed inference.
enum StorageOption: String, ExpressibleByArgument, CaseIterable {
    case dense, sparse, auto
}

/// `--linkage`: how ε-blocks are formed.
enum LinkageOption: String, ExpressibleByArgument, CaseIterable {
    case single, complete
    var linkage: ApproximateForwardEquivalence.Linkage { self == .single ? .single : .complete }
}

/// `--format`: the input language when the extension does not tell.
enum FormatOption: String, ExpressibleByArgument, CaseIterable {
    case ode, net, sbml, json

    /// The input format of a file: this option when given, else by extension (`.net`,
    /// `.xml`/`.sbml`, `.json`, otherwise `.ode`).
    static func of(path: String, given: FormatOption?) -> FormatOption {
        if let given { return given }
        let lower = path.lowercased()
        if lower.hasSuffix(".xml") || lower.hasSuffix(".sbml") { return .sbml }
        if lower.hasSuffix(".json") { return .json }
        return lower.hasSuffix(".net") ? .net : .ode
    }

    /// How `info` names the format.
    var displayName: String {
        switch self {
        case .ode: return "ERODE .ode"
        case .net: return "BioNetGen .net"
        case .sbml: return "SBML"
        case .json: return "odered JSON"
        }
    }
}

/// `prune --method`.
enum PruneMethodOption: String, ExpressibleByArgument, CaseIterable {
    case magnitude, wanda, neurons
}

extension LayerAllocation: ExpressibleByArgument {}
extension MergeDistance: ExpressibleByArgument {}
extension MergedWeights: ExpressibleByArgument {}
extension FirstLayerReduction: ExpressibleByArgument {}
extension PruningRequest.NeuronCriterion: ExpressibleByArgument {}

/// The format of a written model: by `--output-format`, else by the output's extension
/// (`.xml`/`.sbml` is SBML, anything else ERODE `.ode`).
enum OutputFormatOption: String, ExpressibleByArgument, CaseIterable {
    case ode, sbml, json

    static func of(path: String?, given: OutputFormatOption?) -> OutputFormatOption {
        if let given { return given }
        let lower = (path ?? "").lowercased()
        if lower.hasSuffix(".json") { return .json }
        return lower.hasSuffix(".xml") || lower.hasSuffix(".sbml") ? .sbml : .ode
    }
}
