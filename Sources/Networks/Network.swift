import Symbolic

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The activation function of a layer.
///
/// Polynomial activations (`identity`, `square`, `cube`, ``polynomial(_:)``) can be
/// encoded as polynomial ODEs; `relu`, `tanh` and `sigmoid` are accepted where no
/// polynomial is needed (evaluation, compression by the lumping ODE).
public enum Activation: Hashable, Sendable {
    case identity
    case square
    case cube
    /// c0 + c1·z + c2·z² + …, coefficients in increasing degree.
    case polynomial([Rational])
    case relu
    case tanh
    case sigmoid

    /// The name used in network files (`"polynomial"` for ``polynomial(_:)``).
    public var name: String {
        switch self {
        case .identity: return "identity"
        case .square: return "square"
        case .cube: return "cube"
        case .polynomial: return "polynomial"
        case .relu: return "relu"
        case .tanh: return "tanh"
        case .sigmoid: return "sigmoid"
        }
    }

    /// Coefficients c0, c1, … of the activation as a polynomial, or `nil` when it is not one.
    public var polynomialCoefficients: [Rational]? {
        switch self {
        case .identity: return [.zero, .one]
        case .square: return [.zero, .zero, .one]
        case .cube: return [.zero, .zero, .zero, .one]
        case .polynomial(let c): return c
        case .relu, .tanh, .sigmoid: return nil
        }
    }

    /// Whether the activation is a polynomial (needed for the network ODE).
    public var isPolynomial: Bool { polynomialCoefficients != nil }

    /// The exact value at `z`, or `nil` for `tanh` and `sigmoid` (irrational in general).
    public func exactValue(_ z: Rational) -> Rational? {
        switch self {
        case .relu: return z.signum > 0 ? z : .zero
        case .tanh, .sigmoid: return nil
        default:
            // Horner: exact, one multiplication per coefficient.
            let c = polynomialCoefficients!
            var value = Rational.zero
            for coefficient in c.reversed() { value = value * z + coefficient }
            return value
        }
    }

    /// The floating-point value at `z`.
    public func value(_ z: Double) -> Double {
        switch self {
        case .identity: return z
        case .square: return z * z
        case .cube: return z * z * z
        case .polynomial(let c):
            var value = 0.0
            for coefficient in c.reversed() { value = value * z + coefficient.doubleValue }
            return value
        case .relu: return max(0, z)
        case .tanh: return libmTanh(z)
        case .sigmoid: return 1 / (1 + libmExp(-z))
        }
    }
}

// Free functions: inside `Activation`, `tanh` names the enum case.
@inline(__always) func libmTanh(_ x: Double) -> Double { tanh(x) }
@inline(__always) func libmExp(_ x: Double) -> Double { exp(x) }
@inline(__always) func libmSqrt(_ x: Double) -> Double { sqrt(x) }
@inline(__always) func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }

/// One dense layer: z = W·h + b, output = activation(z) elementwise.
public struct Layer: Hashable, Sendable {
    /// `weights[j][k]`: from input k of the layer to its neuron j (rows = outputs).
    public var weights: [[Rational]]
    /// One bias per neuron.
    public var bias: [Rational]
    public var activation: Activation

    /// - Precondition: every row has the same length and there is one bias per row.
    public init(weights: [[Rational]], bias: [Rational], activation: Activation) {
        precondition(weights.count == bias.count, "one bias per neuron")
        precondition(weights.allSatisfy { $0.count == (weights.first?.count ?? 0) }, "rectangular weights")
        self.weights = weights
        self.bias = bias
        self.activation = activation
    }

    /// Number of neurons (rows of ``weights``).
    public var outputCount: Int { weights.count }
    /// Number of inputs (columns of ``weights``).
    public var inputCount: Int { weights.first?.count ?? 0 }
    /// Weights plus biases.
    public var parameterCount: Int { outputCount * inputCount + outputCount }
}

/// Input standardization x ↦ (x − mean) / std, applied before the first layer.
public struct Standardization: Hashable, Sendable {
    public var mean: [Rational]
    /// Nonzero entries.
    public var std: [Rational]
    public init(mean: [Rational], std: [Rational]) {
        self.mean = mean
        self.std = std
    }
}

/// A feed-forward network (multi-layer perceptron) with exact rational parameters.
///
/// Neurons are addressed by *neuron layer*: 0 is the inputs, ℓ = 1…``layers``.count
/// the outputs of `layers[ℓ-1]`; the last one is the output layer.
public struct Network: Hashable, Sendable {
    /// Number of inputs.
    public var inputCount: Int
    /// The layers in order; the last is the output layer.
    public var layers: [Layer]
    /// Optional input standardization, carried through reductions unchanged.
    public var standardization: Standardization?
    /// Optional names of the inputs (the data columns they come from), carried through
    /// reductions unchanged; calibration and evaluation data are matched to them by name.
    public var inputNames: [String]?

    /// - Precondition: the shapes chain (use ``validate()`` for a checked construction).
    public init(inputCount: Int, layers: [Layer], standardization: Standardization? = nil, inputNames: [String]? = nil) {
        self.inputCount = inputCount
        self.layers = layers
        self.standardization = standardization
        self.inputNames = inputNames
    }

    /// Number of outputs (neurons of the last layer).
    public var outputCount: Int { layers.last?.outputCount ?? inputCount }

    /// Neurons per neuron layer: inputs first, then each layer's size.
    public var neuronCounts: [Int] { [inputCount] + layers.map(\.outputCount) }

    /// Weights plus biases over all layers.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    /// Checks that shapes chain, standardization sizes match and std is nonzero.
    public func validate() throws(NetworkError) {
        guard inputCount >= 1 else { throw NetworkError("inputs: expected at least 1 / found \(inputCount)") }
        guard !layers.isEmpty else { throw NetworkError("layers: expected at least one layer (the output layer) / found none") }
        var width = inputCount
        for (l, layer) in layers.enumerated() {
            let name = "layer \(l + 1)"
            guard layer.outputCount >= 1 else { throw NetworkError("\(name) weights: expected at least one row / found none") }
            for (j, row) in layer.weights.enumerated() where row.count != width {
                throw NetworkError("\(name) weights row \(j + 1): expected \(width) entries (the layer's inputs) / found \(row.count)")
            }
            guard layer.bias.count == layer.outputCount else {
                throw NetworkError("\(name) bias: expected \(layer.outputCount) entries (one per weights row) / found \(layer.bias.count)")
            }
            width = layer.outputCount
        }
        if let s = standardization {
            guard s.mean.count == inputCount else { throw NetworkError("standardize mean: expected \(inputCount) entries / found \(s.mean.count)") }
            guard s.std.count == inputCount else { throw NetworkError("standardize std: expected \(inputCount) entries / found \(s.std.count)") }
            if let k = s.std.firstIndex(where: \.isZero) { throw NetworkError("standardize std entry \(k + 1): expected a nonzero number / found 0") }
        }
    }

    /// The variable name of a neuron in both ODE encodings: `in_k`, `h{ℓ}_j`, `out_j` (0-based indices).
    public func neuronName(layer: Int, index: Int) -> String {
        if layer == 0 { return "in_\(index)" }
        if layer == layers.count { return "out_\(index)" }
        return "h\(layer)_\(index)"
    }
}

/// A network that cannot be used for the requested operation (shapes, non-polynomial activation, …).
public struct NetworkError: Error, CustomStringConvertible, Sendable, Equatable {
    /// One line naming the layer and field.
    public var description: String
    public init(_ description: String) { self.description = description }
}
