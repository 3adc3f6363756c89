import ArgumentParser
import Reduction
import Symbolic

/// How the initial partition is built (they combine: the result refines every one given).
struct PartitionOptions: ParsableArguments {
    @Flag(help: "Start from the model's 'begin partition' (unlisted variables form one extra block).")
    var partitionFromModel = false

    @Option(name: .customLong("partition"), help: "Start from a partition file: one block per line (names separated by spaces), or the JSON that --json prints.")
    var partitionFile: String?

    @Option(help: "Comma-separated variables to keep as singletons (observables stay readable).")
    var keep: String?

    @Flag(help: "Start from blocks of equal initial values (ERODE's prePartition=IC); combines with the other initial-partition options.")
    var partitionFromInitialValues = false

    @Flag(help: "Keep every view (observable) exactly expressible: start from blocks on which each view's coefficients (partial derivatives) agree, as CLUE's observables do. Without it, views that are not functions of the block sums are omitted from the reduced model, with a warning.")
    var keepViews = false

    /// The initial partition for `model` (one block unless options say otherwise).
    func initialPartition(for model: ODEModel) throws -> Partition {
        let n = model.variables.count
        var partition = Partition.single(count: n)
        if partitionFromModel {
            guard let blocks = model.partition else {
                throw InputError(message: "--partition-from-model: the model has no 'begin partition' section")
            }
            partition = partition.meet(Partition(canonicalizing: blocks, count: n))
        }
        if let partitionFile {
            do {
                let bytes = try ModelFile.readBytes(path: partitionFile)
                partition = partition.meet(try PartitionFile.read(bytes: bytes, file: partitionFile, model: model))
            } catch {
                throw InputError(message: error.description)
            }
        }
        if let keep {
            var kept: [Int] = []
            for name in keep.split(separator: ",").map({ String($0).trimmingSpaces }) where !name.isEmpty {
                guard let i = model.variableIndex(named: name) else {
                    throw InputError(message: "--keep: unknown variable '\(ModelReadError.excerpt(name))'")
                }
                kept.append(i)
            }
            partition = partition.isolating(kept)
        }
        if partitionFromInitialValues { partition = partition.meet(BackwardEquivalence.initialValuePartition(model)) }
        if keepViews { partition = partition.meet(ViewExpressibility.preservingPartition(model)) }
        return partition
    }
}

/// How parameters are treated.
struct ParameterOptions: ParsableArguments {
    @Flag(help: "Keep parameters as symbols (constants, never lumped), so the result holds for all parameter values. Default: parameters are replaced by their exact values.")
    var symbolicParameters = false

    /// The model the equivalence is computed on.
    func working(_ model: ODEModel) -> ODEModel {
        symbolicParameters ? model : model.substitutingParameterValues()
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
