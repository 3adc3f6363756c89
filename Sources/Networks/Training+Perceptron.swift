import Symbolic

/// The network being trained, in double precision: row-major weights per layer.
struct Perceptron {
    var widths: [Int]
    var activation: Activation
    /// `weights[l]`: widths[l+1] × widths[l], row-major.
    var weights: [[Double]]
    var bias: [[Double]]

    /// Glorot-uniform weights U(−a, a), a = √(6/(fan-in + fan-out)), zero biases.
    init(widths: [Int], activation: Activation, rng: inout SplitMix64) {
        self.widths = widths
        self.activation = activation
        weights = []
        bias = []
        for l in 0..<(widths.count - 1) {
            let m = widths[l], w = widths[l + 1]
            let a = (6.0 / Double(m + w)).squareRoot()
            weights.append((0..<(m * w)).map { _ in (2 * rng.unitDouble() - 1) * a })
            bias.append([Double](repeating: 0, count: w))
        }
    }

    var isFinite: Bool { weights.allSatisfy { $0.allSatisfy(\.isFinite) } && bias.allSatisfy { $0.allSatisfy(\.isFinite) } }

    /// Pre-activations and values of every layer for a batch (`values[0]` = x).
    func forward(_ x: DenseMatrix) -> (pre: [[Double]], values: [[Double]]) {
        let n = x.rows
        var values = [x.values], pre: [[Double]] = []
        for l in weights.indices {
            let z = affine(values[l], rows: n, inputs: widths[l], weights: weights[l], bias: bias[l])
            pre.append(z)
            let isOutput = l == weights.count - 1
            values.append(isOutput ? z : z.map { activation.value($0) })
        }
        return (pre, values)
    }

    /// Mean over rows and outputs of the squared error.
    func loss(_ x: DenseMatrix, _ y: DenseMatrix) -> Double {
        meanSquaredDifference(forward(x).values.last!, y.values)
    }

    /// The loss and its gradient (backpropagation) for a batch.
    func lossAndGradient(_ x: DenseMatrix, _ y: DenseMatrix) -> (loss: Double, gradient: (weights: [[Double]], bias: [[Double]])) {
        let (pre, values) = forward(x)
        let n = x.rows, out = widths.last!
        let prediction = values.last!
        var delta = [Double](repeating: 0, count: prediction.count)
        var loss = 0.0
        let scale = 2 / Double(n * out)
        for i in prediction.indices {
            let e = prediction[i] - y.values[i]
            loss += e * e
            delta[i] = scale * e
        }
        loss /= Double(n * out)
        var gw = weights.map { [Double](repeating: 0, count: $0.count) }
        var gb = bias.map { [Double](repeating: 0, count: $0.count) }
        for l in weights.indices.reversed() {
            let m = widths[l], w = widths[l + 1]
            var upstream = l > 0 ? [Double](repeating: 0, count: n * m) : []
            values[l].withUnsafeBufferPointer { h in
                weights[l].withUnsafeBufferPointer { wl in
                    gw[l].withUnsafeMutableBufferPointer { g in
                        upstream.withUnsafeMutableBufferPointer { up in
                            for s in 0..<n {
                                for j in 0..<w {
                                    let d = delta[s * w + j]
                                    if d == 0 { continue }
                                    gb[l][j] += d
                                    let go = j * m, ho = s * m
                                    for k in 0..<m { g[go + k] += d * h[ho + k] }
                                    if l > 0 { for k in 0..<m { up[ho + k] += d * wl[go + k] } }
                                }
                            }
                        }
                    }
                }
            }
            if l > 0 {
                let z = pre[l - 1]
                delta = upstream.indices.map { upstream[$0] * activation.derivative(z[$0]) }
            }
        }
        return (loss, (gw, gb))
    }

    /// The trained network with exact (dyadic) weights: input standardization stored, the
    /// target scaling y = std·ŷ + mean folded into the identity output layer.
    func network(inputMean: [Double], inputStd: [Double], outputMean: [Double], outputStd: [Double],
                 inputNames: [String]) -> Network {
        func exact(_ v: Double) -> Rational { Rational(exactly: v) ?? .zero }  // finite: checked by the trainer
        var layers: [Layer] = []
        for l in weights.indices {
            let m = widths[l], w = widths[l + 1]
            let isOutput = l == weights.count - 1
            var rows: [[Rational]] = [], b: [Rational] = []
            for j in 0..<w {
                let factor = isOutput ? outputStd[j] : 1
                rows.append((0..<m).map { exact(weights[l][j * m + $0] * factor) })
                b.append(exact(bias[l][j] * factor + (isOutput ? outputMean[j] : 0)))
            }
            layers.append(Layer(weights: rows, bias: b, activation: isOutput ? .identity : activation))
        }
        return Network(inputCount: widths[0], layers: layers,
                       standardization: Standardization(mean: inputMean.map(exact), std: inputStd.map(exact)),
                       inputNames: inputNames)
    }
}

/// Adam's moment estimates for every parameter.
struct Adam {
    var learningRate: Double
    var step = 0
    var m: (weights: [[Double]], bias: [[Double]])
    var v: (weights: [[Double]], bias: [[Double]])
    static let beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8

    init(_ model: Perceptron, learningRate: Double) {
        self.learningRate = learningRate
        let zw = model.weights.map { [Double](repeating: 0, count: $0.count) }
        let zb = model.bias.map { [Double](repeating: 0, count: $0.count) }
        m = (zw, zb)
        v = (zw, zb)
    }

    mutating func step(_ model: inout Perceptron, _ g: (weights: [[Double]], bias: [[Double]])) {
        step += 1
        let c1 = 1 - libmPow(Adam.beta1, Double(step)), c2 = 1 - libmPow(Adam.beta2, Double(step))
        let lr = learningRate
        func update(_ theta: inout [Double], _ grad: [Double], _ m: inout [Double], _ v: inout [Double]) {
            for i in theta.indices {
                let gi = grad[i]
                m[i] = Adam.beta1 * m[i] + (1 - Adam.beta1) * gi
                v[i] = Adam.beta2 * v[i] + (1 - Adam.beta2) * gi * gi
                theta[i] -= lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + Adam.epsilon)
            }
        }
        for l in model.weights.indices {
            update(&model.weights[l], g.weights[l], &m.weights[l], &v.weights[l])
            update(&model.bias[l], g.bias[l], &m.bias[l], &v.bias[l])
        }
    }
}

extension Activation {
    /// The derivative at `z` in floating point.
    func derivative(_ z: Double) -> Double {
        switch self {
        case .identity: return 1
        case .square: return 2 * z
        case .cube: return 3 * z * z
        case .polynomial(let c):
            var d = 0.0
            for (i, coefficient) in c.enumerated().dropFirst().reversed() { d = d * z + Double(i) * coefficient.doubleValue }
            return d
        case .relu: return z > 0 ? 1 : 0
        case .tanh: let t = libmTanh(z); return 1 - t * t
        case .sigmoid: let s = 1 / (1 + libmExp(-z)); return s * (1 - s)
        }
    }
}

extension SplitMix64 {
    /// A double uniform in [0, 1) from the top 53 bits.
    mutating func unitDouble() -> Double { Double(next() >> 11) * 0x1p-53 }
}
