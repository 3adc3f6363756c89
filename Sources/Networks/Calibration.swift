import Symbolic

/// A network in floating point for fast batch evaluation on calibration inputs.
struct FloatNetwork {
    var inputCount: Int
    /// Per layer: row-major weights (outputs × inputs), bias, activation.
    var weights: [[Double]]
    var bias: [[Double]]
    var widths: [Int]  // neuron counts per neuron layer
    var activations: [Activation]
    var mean: [Double]?
    var std: [Double]?

    init(_ net: Network) {
        inputCount = net.inputCount
        weights = net.layers.map { layer in layer.weights.flatMap { $0.map(\.doubleValue) } }
        bias = net.layers.map { $0.bias.map(\.doubleValue) }
        widths = net.neuronCounts
        activations = net.layers.map(\.activation)
        mean = net.standardization?.mean.map(\.doubleValue)
        std = net.standardization?.std.map(\.doubleValue)
    }

    /// Values of every neuron layer for every sample (`[ℓ]` row-major samples × width; `[0]` standardized
    /// inputs) and the pre-activations of every layer (`pre[ℓ-1]`, samples × width of layer ℓ).
    func forward(_ inputs: [[Double]]) -> (values: [[Double]], pre: [[Double]]) {
        let n = inputs.count
        var x = [Double](repeating: 0, count: n * inputCount)
        for (s, row) in inputs.enumerated() {
            for k in 0..<inputCount {
                var v = row[k]
                if let mean, let std { v = (v - mean[k]) / std[k] }
                x[s * inputCount + k] = v
            }
        }
        var values = [x], pre: [[Double]] = []
        for l in 0..<weights.count {
            let z = affine(values[l], rows: n, inputs: widths[l], weights: weights[l], bias: bias[l])
            pre.append(z)
            let act = activations[l]
            values.append(z.map { act.value($0) })
        }
        return (values, pre)
    }
}

/// Calibration inputs (no labels): rows of raw (unstandardized) network inputs.
public struct CalibrationSet: Sendable {
    public var inputs: [[Double]]
    public init(inputs: [[Double]]) { self.inputs = inputs }

    /// Reads `net`'s inputs from a CSV table: the columns named `inputs` if given, else the
    /// network's ``Network/inputNames``, else every column of a table with exactly one column
    /// per input. Anything else is an error at the header: a table with more columns than the
    /// network has inputs, and no names to choose them, could feed a target column in as an input.
    public static func load(table: CSVTable, for net: Network, inputs names: [String]?) throws(LocatedInputError) -> CalibrationSet {
        let count = net.inputCount
        let header = SourceLocation(line: 1, column: 1)
        let chosen: [String]
        if let names = names ?? net.inputNames {
            chosen = names
            if let missing = names.first(where: { !table.header.contains($0) }) {
                let source = names == net.inputNames ? "the network's input_names" : "--inputs"
                throw LocatedInputError(file: table.file, location: header,
                                        message: "expected a column '\(LocatedInputError.excerpt(missing, limit: 60))' (from \(source)) / found columns \(LocatedInputError.excerpt(table.header.joined(separator: ", "), limit: 120))")
            }
        } else {
            guard table.header.count == count else {
                throw LocatedInputError(file: table.file, location: header,
                                        message: "expected \(count) columns (the network's inputs; its file names none) / found \(table.header.count) (\(LocatedInputError.excerpt(table.header.joined(separator: ", "), limit: 100))): name the input columns with --inputs")
            }
            chosen = table.header
        }
        guard chosen.count == count else {
            throw LocatedInputError(file: table.file, location: header,
                                    message: "expected \(count) input columns (the network's inputs) / found \(chosen.count) (\(LocatedInputError.excerpt(chosen.joined(separator: ", "), limit: 100)))")
        }
        let set = try table.dataSet(targets: [], inputs: chosen)
        guard !set.inputs.isEmpty else {
            throw LocatedInputError(file: table.file, location: header, message: "expected at least one calibration row / found none")
        }
        return CalibrationSet(inputs: set.inputs.map { $0.map(\.doubleValue) })
    }
}

extension Network {
    /// The largest magnitude a calibration activation may have: squares and sums of squares
    /// over the calibration rows (RMS weights, MSE, the refit's Gram matrix) then stay finite.
    public static let maximumCalibrationMagnitude = 1e100

    /// Refuses calibration inputs on which this network's floating-point activations (or
    /// pre-activations) are not finite or exceed ``maximumCalibrationMagnitude``: every
    /// calibrated figure would otherwise be NaN or infinite.
    public func checkCalibration(_ calibration: CalibrationSet) throws(NetworkError) {
        let (values, pre) = FloatNetwork(self).forward(calibration.inputs)
        for (l, layer) in (values + pre).enumerated() {
            let width = layer.count / Swift.max(calibration.inputs.count, 1)
            if let k = layer.firstIndex(where: { !($0.magnitude <= Network.maximumCalibrationMagnitude) }) {
                let where_ = l == 0 ? "input \(k % Swift.max(width, 1) + 1)" : "a neuron"
                throw NetworkError("calibration row \(k / Swift.max(width, 1) + 1): \(where_) reaches \(layer[k]) on this network, beyond ±\(Network.maximumCalibrationMagnitude) (double-precision distances and least squares would overflow); scale the inputs")
            }
        }
    }

    /// RMS over the calibration inputs of every neuron of the neuron layers feeding hidden
    /// layers (ℓ = 0 the standardized inputs, …, the last hidden layer): the weights of the
    /// calibrated distance.
    public func calibrationRMS(_ calibration: CalibrationSet) -> DistanceWeights {
        let values = FloatNetwork(self).forward(calibration.inputs).values
        let n = Double(calibration.inputs.count)
        return DistanceWeights(rms: (0..<layers.count).map { l in
            let w = neuronCounts[l]
            var s = [Double](repeating: 0, count: w)
            for (i, v) in values[l].enumerated() { s[i % w] += v * v }
            return s.map { ($0 / n).squareRoot() }
        })
    }

    /// Mean squared difference between this network's and `other`'s outputs on the
    /// calibration inputs (floating point), pooled over outputs and samples.
    public func calibrationMSE(against other: Network, _ calibration: CalibrationSet) -> Double {
        let a = FloatNetwork(self).forward(calibration.inputs).values.last!
        let b = FloatNetwork(other).forward(calibration.inputs).values.last!
        var s = 0.0
        for (x, y) in zip(a, b) { s += (x - y) * (x - y) }
        return s / Double(max(a.count, 1))
    }

    /// Weight compensation after merging (not lumping): for every layer from the first one
    /// fed by a merged hidden layer on, refits its weights and bias by ridge least squares so
    /// that its pre-activations on the calibration inputs reproduce the original network's
    /// (for a merged neuron G the target is the mean of its members' pre-activations).
    /// Layers are refit in order, each on the activations of the already-refit layers before
    /// it. The refit values are stored exactly as the dyadic rationals of the doubles.
    ///
    /// - Parameters:
    ///   - original: the uncompressed network.
    ///   - groups: the merge (``LayeredLumping/groups``) that produced `self` from `original`.
    /// - Returns: the refit network and the indices (0-based) of the refit layers.
    /// - Throws: when a layer's least-squares problem is beyond double precision (see
    ///   ``DenseMatrix/ridge(_:_:relativeRidge:)``); ``checkCalibration(_:)`` refuses most such inputs first.
    public func refit(original: Network, groups: [[[Int]]], calibration: CalibrationSet,
                      relativeRidge: Double = 1e-6) throws(NetworkError) -> (network: Network, refitLayers: [Int]) {
        let hidden = hiddenLayerCount
        guard let firstMerged = (1..<max(hidden + 1, 1)).first(where: { groups[$0].count < original.neuronCounts[$0] }) else {
            return (self, [])
        }
        let target = FloatNetwork(original).forward(calibration.inputs).pre
        let n = calibration.inputs.count
        var net = self
        var refit: [Int] = []
        for l in firstMerged..<layers.count {
            // Inputs of layer l: neuron layer l of the current (partly refit) network.
            let values = FloatNetwork(net).forward(calibration.inputs).values[l]
            let m = net.neuronCounts[l], w = net.neuronCounts[l + 1]
            var x = DenseMatrix(rows: n, columns: m + 1)
            for s in 0..<n {
                for k in 0..<m { x[s, k] = values[s * m + k] }
                x[s, m] = 1
            }
            let width = original.neuronCounts[l + 1]
            var y = DenseMatrix(rows: n, columns: w)
            for (g, members) in groups[l + 1].enumerated() {
                for s in 0..<n {
                    var t = 0.0
                    for j in members { t += target[l][s * width + j] }
                    y[s, g] = t / Double(members.count)
                }
            }
            guard let (solution, _) = DenseMatrix.ridge(x, y, relativeRidge: relativeRidge) else {
                throw NetworkError("refit of layer \(l + 1): the least-squares problem on the calibration activations is beyond double precision; scale the calibration inputs")
            }
            var weights: [[Rational]] = []
            var bias: [Rational] = []
            for g in 0..<w {
                weights.append((0..<m).map { Rational(exactly: solution[$0, g]) ?? .zero })
                bias.append(Rational(exactly: solution[m, g]) ?? .zero)
            }
            net.layers[l] = Layer(weights: weights, bias: bias, activation: net.layers[l].activation)
            refit.append(l)
        }
        return (net, refit)
    }
}
