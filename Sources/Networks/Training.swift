import Symbolic

/// How to train a network (``Training/train(_:_:progress:)``): small and plain, so that every
/// network in the compression benchmark can be rebuilt from its data and a seed.
public struct TrainingRequest: Sendable {
    /// Hidden widths, input side first.
    public var hidden: [Int]
    /// The activation of every hidden layer (the output layer is `identity`).
    public var activation: Activation
    public var epochs: Int
    public var batchSize: Int
    /// Adam's step size (Kingma, Ba 2015, "Adam: A Method for Stochastic Optimization";
    /// β₁ = 0.9, β₂ = 0.999, ε̂ = 10⁻⁸).
    public var learningRate: Double
    public var seed: UInt64
    /// The share of the rows held out for early stopping.
    public var validationFraction: Double
    /// Stop after this many epochs without a better validation MSE; the best epoch's weights are kept.
    public var patience: Int

    public init(hidden: [Int], activation: Activation, epochs: Int = 200, batchSize: Int = 64, learningRate: Double = 1e-3,
                seed: UInt64 = 1, validationFraction: Double = 0.1, patience: Int = 20) {
        self.hidden = hidden
        self.activation = activation
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.seed = seed
        self.validationFraction = validationFraction
        self.patience = patience
    }
}

/// What a training produced.
public struct TrainingOutcome: Sendable {
    /// The trained network: inputs standardized by its ``Network/standardization``, the
    /// target scaling folded into the output layer (it predicts targets in their own units).
    public var network: Network
    public var epochsRun: Int
    /// The epoch (1-based) whose weights were kept.
    public var bestEpoch: Int
    /// MSE on the validation rows, in standardized target units.
    public var validationMSE: Double
    public var trainingRows: Int
    public var validationRows: Int
}

/// One epoch's figures, for progress reports.
public struct TrainingProgress: Sendable {
    public var epoch: Int
    public var epochs: Int
    public var trainingMSE: Double
    public var validationMSE: Double
}

/// Mini-batch Adam on the MSE of a multi-layer perceptron, in double precision.
///
/// Inputs and targets are standardized (mean 0, standard deviation 1 on the training rows;
/// a constant column gets std 1); weights start Glorot-uniform (Glorot, Bengio 2010) from a
/// SplitMix64 stream of `seed`, and the same stream shuffles the rows. Everything is
/// sequential, so a seed gives the same network on every run (same machine and build).
public enum Training {
    /// Longest training the library accepts: rows × epochs × parameters (multiply-adds ≈ 6×
    /// that), about an hour on one core.
    public static let maximumWork = 2.0e13

    /// Trains a network on `data` (rows of inputs and targets).
    /// - Throws: for an empty or too small data set, non-finite values, bad options, work
    ///   beyond ``maximumWork``, or a diverging loss (NaN or infinite, or a best validation
    ///   MSE above 10⁶ in standardized units: lower the learning rate).
    public static func train(_ data: DataSet, _ request: TrainingRequest,
                             progress: ((TrainingProgress) -> Void)? = nil) throws(NetworkError) -> TrainingOutcome {
        try check(data, request)
        let rows = data.inputs.count
        var rng = SplitMix64(seed: request.seed)
        // Hold out the validation rows: a seeded permutation, the first share.
        var order = Array(0..<rows)
        shuffle(&order, &rng)
        let validationCount = request.validationFraction > 0 ? max(1, Int((Double(rows) * request.validationFraction).rounded())) : 0
        let validationRows = Array(order.prefix(validationCount)), trainingRows = Array(order.dropFirst(validationCount))
        let x = data.inputs.map { $0.map(\.doubleValue) }, y = data.targets.map { $0.map(\.doubleValue) }
        let (inMean, inStd) = moments(x, trainingRows), (outMean, outStd) = moments(y, trainingRows)
        func standardized(_ v: [[Double]], _ mean: [Double], _ std: [Double], _ picked: [Int]) -> DenseMatrix {
            var m = DenseMatrix(rows: picked.count, columns: mean.count)
            for (r, i) in picked.enumerated() { for k in mean.indices { m[r, k] = (v[i][k] - mean[k]) / std[k] } }
            return m
        }
        let trainX = standardized(x, inMean, inStd, trainingRows), trainY = standardized(y, outMean, outStd, trainingRows)
        let validX = standardized(x, inMean, inStd, validationRows), validY = standardized(y, outMean, outStd, validationRows)

        var model = Perceptron(widths: [x[0].count] + request.hidden + [y[0].count], activation: request.activation, rng: &rng)
        var adam = Adam(model, learningRate: request.learningRate)
        var best = model
        var bestLoss = Double.infinity, bestEpoch = 0, epoch = 0
        var batchOrder = Array(0..<trainingRows.count)
        while epoch < request.epochs {
            epoch += 1
            shuffle(&batchOrder, &rng)
            var total = 0.0
            var start = 0
            while start < batchOrder.count {
                let batch = Array(batchOrder[start..<min(start + request.batchSize, batchOrder.count)])
                start += request.batchSize
                let (loss, gradient) = model.lossAndGradient(trainX.rows(batch), trainY.rows(batch))
                total += loss * Double(batch.count)
                adam.step(&model, gradient)
            }
            let trainLoss = total / Double(max(1, batchOrder.count))
            let validLoss = validationCount > 0 ? model.loss(validX, validY) : trainLoss
            guard trainLoss.isFinite, validLoss.isFinite, model.isFinite else {
                throw NetworkError("training diverged at epoch \(epoch) (the loss is not finite): lower --lr or use an activation that grows more slowly")
            }
            progress?(TrainingProgress(epoch: epoch, epochs: request.epochs, trainingMSE: trainLoss, validationMSE: validLoss))
            if validLoss < bestLoss {
                bestLoss = validLoss; bestEpoch = epoch; best = model
            } else if epoch - bestEpoch >= request.patience {
                break
            }
        }
        // Standardized targets: predicting their mean gives an MSE of about 1.
        guard bestLoss <= 1e6 else {
            throw NetworkError("training diverged: the best validation MSE is \(bestLoss) (standardized targets: predicting the mean gives about 1); lower --lr or use an activation that grows more slowly")
        }
        let net = best.network(inputMean: inMean, inputStd: inStd, outputMean: outMean, outputStd: outStd,
                               inputNames: data.inputNames)
        return TrainingOutcome(network: net, epochsRun: epoch, bestEpoch: bestEpoch, validationMSE: bestLoss,
                               trainingRows: trainingRows.count, validationRows: validationCount)
    }

    static func check(_ data: DataSet, _ request: TrainingRequest) throws(NetworkError) {
        guard data.inputs.count >= 2 else { throw NetworkError("training needs at least 2 rows / found \(data.inputs.count)") }
        guard !data.inputNames.isEmpty, !data.targetNames.isEmpty else { throw NetworkError("training needs at least one input and one target column") }
        guard request.hidden.allSatisfy({ $0 >= 1 }) else { throw NetworkError("every hidden layer needs at least one neuron") }
        guard request.epochs >= 1, request.batchSize >= 1, request.patience >= 1 else {
            throw NetworkError("epochs, batch size and patience must be at least 1")
        }
        guard request.learningRate > 0, request.learningRate.isFinite else { throw NetworkError("the learning rate must be positive and finite") }
        guard (0..<0.9).contains(request.validationFraction) else { throw NetworkError("the validation fraction must be in [0, 0.9)") }
        let widths = [data.inputNames.count] + request.hidden + [data.targetNames.count]
        let parameters = Compression.parameterCount(neuronCounts: widths)
        let work = Double(data.inputs.count) * Double(request.epochs) * Double(parameters)
        guard work <= maximumWork else {
            throw NetworkError("\(data.inputs.count) rows × \(request.epochs) epochs × \(parameters) parameters is beyond the training limit of \(maximumWork) (subsample the rows or train fewer epochs)")
        }
        try checkValues(data)
    }

    /// Refuses values beyond double-precision training (|x| > 10¹⁵⁰ or not finite as a double).
    public static func checkValues(_ data: DataSet) throws(NetworkError) {
        let names = data.inputNames + data.targetNames
        for (r, row) in (zip(data.inputs, data.targets).map { $0 + $1 }).enumerated() {
            if let k = row.firstIndex(where: { !$0.doubleValue.isFinite || $0.doubleValue.magnitude > 1e150 }) {
                throw NetworkError("data row \(r + 1), column '\(LocatedInputError.excerpt(names[k], limit: 40))': \(LocatedInputError.excerpt(row[k].description, limit: 40)) is beyond double-precision training (|x| ≤ 1e150)")
            }
        }
    }

    /// Fisher–Yates with the seeded stream.
    static func shuffle(_ a: inout [Int], _ rng: inout SplitMix64) {
        if a.count < 2 { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = Int(rng.next() % UInt64(i + 1))
            a.swapAt(i, j)
        }
    }

    /// Column means and standard deviations over the picked rows (std 1 for a constant column).
    static func moments(_ v: [[Double]], _ picked: [Int]) -> ([Double], [Double]) {
        let width = v[0].count
        var mean = [Double](repeating: 0, count: width), sq = [Double](repeating: 0, count: width)
        for i in picked { for k in 0..<width { mean[k] += v[i][k] } }
        let n = Double(max(1, picked.count))
        mean = mean.map { $0 / n }
        for i in picked { for k in 0..<width { sq[k] += (v[i][k] - mean[k]) * (v[i][k] - mean[k]) } }
        let std = sq.map { s -> Double in let d = (s / n).squareRoot(); return d > 1e-12 * max(1, d) && d.isFinite ? d : 1 }
        return (mean, std)
    }
}

extension DenseMatrix {
    /// The picked rows, in order.
    func rows(_ picked: [Int]) -> DenseMatrix {
        var m = DenseMatrix(rows: picked.count, columns: columns)
        for (r, i) in picked.enumerated() {
            for c in 0..<columns { m.values[r * columns + c] = values[i * columns + c] }
        }
        return m
    }
}

/// A seeded split of a table's rows into training and test rows (and an optional subsample).
public struct DataSplit: Sendable, Equatable {
    /// Row indices (0-based data rows), in the seeded order.
    public var training: [Int]
    public var test: [Int]
    /// Rows left out by the subsample (0 when every row is used).
    public var omitted: Int

    /// A seeded permutation of the rows; the first `maximumRows` are used (all when `nil`),
    /// of those the first ⌊fraction·n⌉ are the test rows.
    /// - Requires: `testFraction` in [0, 1).
    public init(rowCount: Int, testFraction: Double, seed: UInt64, maximumRows: Int? = nil) {
        precondition((0..<1).contains(testFraction), "test fraction in [0, 1)")
        var rng = SplitMix64(seed: seed ^ 0x5EED_5B17)
        var order = Array(0..<rowCount)
        Training.shuffle(&order, &rng)
        let used = min(rowCount, maximumRows ?? rowCount)
        omitted = rowCount - used
        order = Array(order.prefix(used))
        let testCount = Int((Double(used) * testFraction).rounded())
        test = Array(order.prefix(testCount))
        training = Array(order.dropFirst(testCount))
    }
}

extension DataSet {
    /// The picked rows, in order.
    public func rows(_ picked: [Int]) -> DataSet {
        DataSet(inputNames: inputNames, targetNames: targetNames, inputs: picked.map { inputs[$0] }, targets: picked.map { targets[$0] })
    }
}

extension Activation {
    /// An activation from its name (`square`, …) or its network-file JSON (`{"polynomial": [0, 0.5, 0.25]}`).
    public static func parse(_ text: String) throws(NetworkError) -> Activation {
        var trimmed = Substring(text)
        while trimmed.first == " " { trimmed.removeFirst() }
        while trimmed.last == " " { trimmed.removeLast() }
        let json = trimmed.hasPrefix("{") ? String(trimmed) : "\"" + trimmed + "\""
        let document: JSONDocument
        do { document = try JSONDocument.parse(bytes: Array(json.utf8)) } catch {
            throw NetworkError("activation '\(LocatedInputError.excerpt(text, limit: 60))': \(error.message)")
        }
        do { return try NetworkJSONReader.activation(document, "activation", []) } catch {
            throw NetworkError(error.message)
        }
    }
}
