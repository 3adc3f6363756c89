import Symbolic
import Reduction

/// Sizes before and after a compression.
public struct CompressionReport: Sendable, Equatable, CustomStringConvertible {
    /// One layer of the network (the weights and biases feeding its neurons).
    public struct LayerRow: Sendable, Equatable {
        /// `hidden 1`, …, `output`.
        public var name: String
        public var neuronsBefore: Int
        public var neuronsAfter: Int
        /// Weights plus biases of the layer.
        public var parametersBefore: Int
        public var parametersAfter: Int
    }

    public var inputs: Int
    public var layers: [LayerRow]
    public var parametersBefore: Int { layers.reduce(0) { $0 + $1.parametersBefore } }
    public var parametersAfter: Int { layers.reduce(0) { $0 + $1.parametersAfter } }
    /// GRP = 100 · parameters after / parameters before (percent of parameters kept).
    public var grp: Double { parametersBefore == 0 ? 100 : 100 * Double(parametersAfter) / Double(parametersBefore) }

    /// Compares `before` (dense) with `after`, whose parameters are counted as `counting` says.
    public init(before: Network, after: Network, counting: ParameterCounting = .dense) {
        precondition(before.layers.count == after.layers.count, "same depth")
        inputs = before.inputCount
        layers = zip(before.layers, after.layers).enumerated().map { l, pair in
            LayerRow(name: l + 1 == before.layers.count ? "output" : "hidden \(l + 1)",
                     neuronsBefore: pair.0.outputCount, neuronsAfter: pair.1.outputCount,
                     parametersBefore: pair.0.parameterCount, parametersAfter: pair.1.parameterCount(counting))
        }
    }

    /// A small fixed-width table, one line per layer plus the total and GRP.
    public var description: String {
        func pad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
        var lines = ["layer        neurons before  after   params before  after"]
        lines.append("inputs   " + pad(String(inputs), 18) + pad(String(inputs), 7))
        for r in layers {
            lines.append(r.name + String(repeating: " ", count: max(0, 9 - r.name.count))
                         + pad(String(r.neuronsBefore), 18) + pad(String(r.neuronsAfter), 7)
                         + pad(String(r.parametersBefore), 16) + pad(String(r.parametersAfter), 7))
        }
        lines.append("total    " + pad("", 25) + pad(String(parametersBefore), 16) + pad(String(parametersAfter), 7))
        let rounded = (grp * 100).rounded() / 100
        lines.append("GRP = \(rounded)% of parameters kept")
        return lines.joined(separator: "\n")
    }
}

/// Network compression by lumping the adjoint ODE.
public enum Compression {
    /// The exact partitioner: the coarsest FDE of the lumping ODE refining the initial partition.
    public static func exactFDE(_ model: ODEModel, _ initial: Partition) -> Partition {
        ForwardEquivalence.coarsest(model, initial: initial)
    }

    /// Compresses `net`: encodes it as a lumping ODE, partitions it with `partitioner`
    /// (given the ODE and the initial partition; it must return a refinement of that
    /// partition), and decodes the quotient (``Network/reduced(by:encoding:)``).
    ///
    /// With ``exactFDE(_:_:)`` the compressed network computes exactly the same function;
    /// an ε-FDE partitioner trades exactness for size.
    /// - Throws: when the partitioner's result does not refine the initial partition.
    public static func compress(
        _ net: Network,
        partitioner: (ODEModel, Partition) -> Partition = exactFDE
    ) throws(NetworkError) -> (network: Network, report: CompressionReport) {
        let encoding = net.lumpingEncoding()
        let partition = partitioner(encoding.model, encoding.initialPartition)
        let small = try net.reduced(by: partition, encoding: encoding)
        return (small, CompressionReport(before: net, after: small))
    }
}
