/// Regression metrics of predictions against targets, overall and per output.
///
/// MSE = mean of squared errors, RMSE = √MSE, R² = 1 − SS_res / SS_tot with SS_tot
/// around the target's mean (NaN for a constant target: undefined; printers say so, never "nan").
/// Overall MSE/RMSE pool every output and sample; overall R² is the mean of the
/// per-output R² values (scikit-learn's `uniform_average`).
public struct RegressionMetrics: Sendable, Equatable {
    /// Metrics of one output column.
    public struct Output: Sendable, Equatable {
        public var name: String
        public var mse: Double
        public var rmse: Double
        public var r2: Double
    }

    public var sampleCount: Int
    public var mse: Double
    public var rmse: Double
    public var r2: Double
    public var outputs: [Output]

    /// - Precondition: `predictions` and `targets` have the same shape, one column per name.
    public init(predictions: [[Double]], targets: [[Double]], names: [String]) {
        precondition(predictions.count == targets.count, "one prediction per target row")
        let m = names.count
        let n = targets.count
        var outputs: [Output] = []
        var totalSquared = 0.0
        for o in 0..<m {
            var mean = 0.0
            for row in targets { mean += row[o] }
            mean /= Double(max(n, 1))
            var ssRes = 0.0, ssTot = 0.0
            for (p, t) in zip(predictions, targets) {
                let e = p[o] - t[o]
                ssRes += e * e
                ssTot += (t[o] - mean) * (t[o] - mean)
            }
            totalSquared += ssRes
            let mse = n == 0 ? .nan : ssRes / Double(n)
            outputs.append(Output(name: names[o], mse: mse, rmse: libmSqrt(mse),
                                  r2: ssTot == 0 ? .nan : 1 - ssRes / ssTot))
        }
        self.sampleCount = n
        self.outputs = outputs
        self.mse = n * m == 0 ? .nan : totalSquared / Double(n * m)
        self.rmse = libmSqrt(mse)
        self.r2 = m == 0 ? .nan : outputs.reduce(0) { $0 + $1.r2 } / Double(m)
    }
}
