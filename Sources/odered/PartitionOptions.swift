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

    /// The initial partition for `model` (one block unless options say otherwise).
    func initialPartition(for model: ODEModel) throws -> Partition {
        let n = model.variables.count
        var partition = Partition.single(count: n)
        if partitionFromModel {
            guard let blocks = model.partition else {
                throw InputError(message: "--partition-from-model: the model has no 'begin partition' section")
            }
            partition = partition.meet(try! Partition(blocks: blocks, count: n))
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
                    throw InputError(message: "--keep: unknown variable '\(name)'")
                }
                kept.append(i)
            }
            partition = partition.isolating(kept)
        }
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
