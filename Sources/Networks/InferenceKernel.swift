import Symbolic

/// A network compiled for floating-point inference: weights, biases, standardization and
/// activation coefficients as doubles, each layer stored dense (row-major) or sparse
/// (compressed sparse rows: only the nonzero weights).
///
/// Both storages compute what ``Network/evaluate(_:standardize:)`` computes, in the same order
/// (bias first, then the weights of a row left to right); the sparse one skips the zero
/// weights, whose products are 0 for finite inputs, so for finite values all three agree
/// bit for bit. It exists to measure what compression buys at inference: a merged network is a
/// smaller dense one, a pruned network has as many neurons as before and fewer nonzero weights,
/// which only a sparse kernel turns into fewer operations.
public struct InferenceKernel: Sendable {
    /// How every layer's weights are stored.
    public enum Storage: String, Sendable, CaseIterable {
        /// Row-major, every weight (zeros too).
        case dense
        /// Compressed sparse rows: the nonzero weights and their column indices.
        case sparse
    }

    struct CompiledLayer: Sendable {
        var inputs: Int
        var outputs: Int
        var bias: [Double]
        /// Dense: `outputs × inputs` row-major. Sparse: the nonzero weights, row by row.
        var weights: [Double]
        /// Sparse only: the column of each stored weight, and where each row starts (`outputs + 1`).
        var columns: [Int32]
        var rowStart: [Int32]
        var activation: Activation
        /// The activation's polynomial coefficients as doubles (constant first), if it has them.
        var coefficients: [Double]?
    }

    public let storage: Storage
    let layers: [CompiledLayer]
    let mean: [Double]?
    let std: [Double]?
    let inputCount: Int

    /// The storage that suits `network`: sparse when at most half its weights are nonzero
    /// (compressed rows cost an index per weight), else dense.
    public static func preferredStorage(for network: Network) -> Storage {
        let weights = network.layers.reduce(0) { $0 + $1.outputCount * $1.inputCount }
        let nonzero = network.layers.reduce(0) { $0 + $1.weights.reduce(0) { $0 + $1.filter { !$0.isZero }.count } }
        return 2 * nonzero <= weights ? .sparse : .dense
    }

    /// Multiply-adds of one evaluation: every weight (dense), the nonzero weights (sparse).
    public var multiplyAdds: Int { layers.reduce(0) { $0 + $1.weights.count } }

    /// Compiles `network` with every layer stored as `storage`.
    /// - Complexity: O(weights).
    public init(_ network: Network, storage: Storage) {
        self.storage = storage
        inputCount = network.inputCount
        mean = network.standardization?.mean.map(\.doubleValue)
        std = network.standardization?.std.map(\.doubleValue)
        layers = network.layers.map { layer in
            var weights: [Double] = [], columns: [Int32] = [], rowStart: [Int32] = [0]
            for row in layer.weights {
                for (k, w) in row.enumerated() where storage == .dense || !w.isZero {
                    weights.append(w.doubleValue)
                    if storage == .sparse { columns.append(Int32(k)) }
                }
                if storage == .sparse { rowStart.append(Int32(weights.count)) }
            }
            return CompiledLayer(inputs: layer.inputCount, outputs: layer.outputCount, bias: layer.bias.map(\.doubleValue),
                                 weights: weights, columns: columns, rowStart: storage == .sparse ? rowStart : [],
                                 activation: layer.activation, coefficients: layer.activation.polynomialCoefficients?.map(\.doubleValue))
        }
    }

    /// The output for one input (standardized first when the network says so).
    /// - Precondition: `input.count` is the network's input count.
    public func predict(_ input: [Double]) -> [Double] {
        precondition(input.count == inputCount, "input size")
        var h = input
        if let mean, let std { for k in h.indices { h[k] = (h[k] - mean[k]) / std[k] } }
        for layer in layers {
            var next = [Double](repeating: 0, count: layer.outputs)
            layer.weights.withUnsafeBufferPointer { w in
                h.withUnsafeBufferPointer { x in
                    if storage == .dense {
                        for j in 0..<layer.outputs {
                            var z = layer.bias[j]
                            let base = j * layer.inputs
                            for k in 0..<layer.inputs { z += w[base + k] * x[k] }
                            next[j] = Self.activate(layer, z)
                        }
                    } else {
                        layer.columns.withUnsafeBufferPointer { c in
                            for j in 0..<layer.outputs {
                                var z = layer.bias[j]
                                for e in Int(layer.rowStart[j])..<Int(layer.rowStart[j + 1]) { z += w[e] * x[Int(c[e])] }
                                next[j] = Self.activate(layer, z)
                            }
                        }
                    }
                }
            }
            h = next
        }
        return h
    }

    @inline(__always)
    static func activate(_ layer: CompiledLayer, _ z: Double) -> Double {
        switch layer.activation {
        case .identity: return z
        case .square: return z * z
        case .cube: return z * z * z
        case .polynomial:
            var value = 0.0
            for c in layer.coefficients!.reversed() { value = value * z + c }
            return value
        default: return layer.activation.value(z)
        }
    }
}

/// Wall time of inference with an ``InferenceKernel``.
public struct InferenceTiming: Sendable {
    /// The fastest pass over all rows, per row (seconds).
    public var secondsPerSample: Double
    /// Passes timed.
    public var passes: Int
    /// The sum of the first output over all passes (keeps the work observable).
    public var checksum: Double

    /// Times passes over `rows` until at least `minimumSeconds` in total and 3 passes (at most
    /// 100,000); the fastest pass is the least disturbed by other load on the machine.
    /// - Requires: `rows` is not empty.
    public init(_ kernel: InferenceKernel, rows: [[Double]], minimumSeconds: Double = 0.2) {
        precondition(!rows.isEmpty, "rows to time")
        var best = Double.infinity, total = 0.0, passes = 0, sink = 0.0
        repeat {
            let clock = Stopwatch()
            for r in rows { sink += kernel.predict(r)[0] }
            let s = clock.seconds
            best = min(best, s)
            total += s
            passes += 1
        } while (total < minimumSeconds || passes < 3) && passes < 100_000
        checksum = sink
        secondsPerSample = best / Double(rows.count)
        self.passes = passes
    }
}
