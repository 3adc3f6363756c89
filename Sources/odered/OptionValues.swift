import ArgumentParser
import Networks
import Reduction
import Symbolic

/// `--form`: the dynamics section of a written `.ode` file.
enum FormOption: String, ExpressibleByArgument, CaseIterable {
    case odes, reactions
    var form: ERODEWriter.Form { self == .odes ? .odes : .reactions }
}

/// `--linkage`: how ε-blocks are formed.
enum LinkageOption: String, ExpressibleByArgument, CaseIterable {
    case single, complete
    var linkage: ApproximateForwardEquivalence.Linkage { self == .single ? .single : .complete }
}

/// `--format`: the input language when the extension does not tell.
enum FormatOption: String, ExpressibleByArgument, CaseIterable {
    case ode, net
    var format: ModelFormat { self == .ode ? .erode : .bioNetGen }
}

/// `prune --method`.
enum PruneMethodOption: String, ExpressibleByArgument, CaseIterable {
    case magnitude, wanda, neurons
}

extension LayerAllocation: ExpressibleByArgument {}
extension MergeDistance: ExpressibleByArgument {}
extension MergedWeights: ExpressibleByArgument {}
extension PruningRequest.NeuronCriterion: ExpressibleByArgument {}
