import Symbolic
import Reduction

/// The outcome of a layered compression.
public struct LayeredCompression: Sendable {
    public var network: Network
    public var report: CompressionReport
    public var lumping: LayeredLumping
    /// The tolerance used per hidden layer.
    public var epsilons: [Rational]
}

extension Compression {
    /// Compresses `net` with the layered ε-FDE (``Network/layeredLumping(epsilons:linkage:relative:weights:)``)
    /// and decodes the merge with block means (``Network/reduced(groups:)``).
    public static func compress(_ net: Network, epsilons: [Rational], linkage: ApproximateForwardEquivalence.Linkage = .single,
                                relative: Bool = false, weights: DistanceWeights? = nil) -> LayeredCompression {
        let lumping = net.layeredLumping(epsilons: epsilons, linkage: linkage, relative: relative, weights: weights)
        let small = net.reduced(groups: lumping.groups)
        let eps = epsilons.count == net.hiddenLayerCount ? epsilons : Array(repeating: epsilons.first ?? .zero, count: net.hiddenLayerCount)
        return LayeredCompression(network: small, report: CompressionReport(before: net, after: small), lumping: lumping, epsilons: eps)
    }

    /// Parameters of a network with the given neuron counts per neuron layer.
    public static func parameterCount(neuronCounts w: [Int]) -> Int {
        (1..<w.count).reduce(0) { $0 + w[$1 - 1] * w[$1] + w[$1] }
    }
}
