import Testing
@testable import Networks
import Symbolic

@Suite struct TrainingTests {
    /// y = 2·x1 − x2 + 0.5 + x1² on a grid of inputs.
    func quadraticData(rows: Int = 120) -> DataSet {
        var rng = SplitMix64(seed: 99)
        var inputs: [[Rational]] = [], targets: [[Rational]] = []
        for _ in 0..<rows {
            let x1 = Rational(Int.random(in: -20...20, using: &rng), 10), x2 = Rational(Int.random(in: -20...20, using: &rng), 10)
            inputs.append([x1, x2])
            targets.append([2 * x1 - x2 + Rational(1, 2) + x1 * x1])
        }
        return DataSet(inputNames: ["x1", "x2"], targetNames: ["y"], inputs: inputs, targets: targets)
    }

    @Test func trainingIsDeterministicForASeed() throws {
        let data = quadraticData()
        let request = TrainingRequest(hidden: [8, 6], activation: .polynomial([.zero, Rational(1, 2), Rational(1, 4)]), epochs: 15, batchSize: 16, seed: 7)
        let a = try Training.train(data, request), b = try Training.train(data, request)
        #expect(a.network == b.network)
        #expect(a.validationMSE == b.validationMSE && a.bestEpoch == b.bestEpoch)
        var other = request
        other.seed = 8
        #expect(try Training.train(data, other).network != a.network)
    }

    @Test func learnsAQuadraticInTheTargetsOwnUnits() throws {
        let data = quadraticData(rows: 400)
        let request = TrainingRequest(hidden: [6], activation: .polynomial([.zero, .one, .one]), epochs: 400, batchSize: 16,
                                      learningRate: 1e-2, seed: 3, patience: 60)
        let outcome = try Training.train(data, request)
        let metrics = try outcome.network.evaluate(on: data).metrics
        // The target has variance ≈ 9; a network that learned nothing has MSE of that order.
        #expect(metrics.r2 > 0.99, "R² \(metrics.r2)")
        #expect(outcome.network.standardization != nil)
        #expect(outcome.network.inputNames == ["x1", "x2"])
        #expect(outcome.network.layers.last!.activation == .identity)
        #expect(outcome.bestEpoch >= 1 && outcome.bestEpoch <= outcome.epochsRun)
    }

    @Test func divergenceAndBadRequestsAreErrors() {
        let data = quadraticData()
        let wild = TrainingRequest(hidden: [16, 16, 16], activation: .cube, epochs: 50, batchSize: 8, learningRate: 50, seed: 1)
        #expect(throws: NetworkError.self) { try Training.train(data, wild) }
        #expect(throws: NetworkError.self) { try Training.train(data, TrainingRequest(hidden: [0], activation: .square)) }
        #expect(throws: NetworkError.self) { try Training.train(data.rows([0]), TrainingRequest(hidden: [4], activation: .square)) }
        var huge = data
        huge.inputs[3][1] = Rational(10).power(400)
        #expect(throws: NetworkError.self) { try Training.train(huge, TrainingRequest(hidden: [4], activation: .square, epochs: 1)) }
    }

    @Test func splitsAreSeededDisjointAndComplete() {
        let a = DataSplit(rowCount: 100, testFraction: 0.25, seed: 5)
        #expect(a.test.count == 25 && a.training.count == 75 && a.omitted == 0)
        #expect(Set(a.test + a.training) == Set(0..<100))
        #expect(DataSplit(rowCount: 100, testFraction: 0.25, seed: 5) == a)
        #expect(DataSplit(rowCount: 100, testFraction: 0.25, seed: 6) != a)
        let sub = DataSplit(rowCount: 100, testFraction: 0.5, seed: 5, maximumRows: 40)
        #expect(sub.omitted == 60 && sub.test.count == 20 && Set(sub.test).isDisjoint(with: sub.training))
    }

    @Test func activationDerivativesMatchDifferenceQuotients() {
        let activations: [Activation] = [.identity, .square, .cube, .polynomial([q(1), q(-2), q(3, 4), q(1, 5)]), .tanh, .sigmoid, .relu]
        for a in activations {
            for z in [-1.3, -0.2, 0.7, 2.1] {
                let h = 1e-6
                let numeric = (a.value(z + h) - a.value(z - h)) / (2 * h)
                #expect(abs(a.derivative(z) - numeric) < 1e-5 * max(1, abs(numeric)), "\(a) at \(z)")
            }
        }
    }

    @Test func activationsParseFromNamesAndJSON() throws {
        #expect(try Activation.parse("square") == .square)
        #expect(try Activation.parse(#"{"polynomial": [0, 0.5, "1/4"]}"#) == .polynomial([.zero, Rational(1, 2), Rational(1, 4)]))
        #expect(throws: NetworkError.self) { try Activation.parse("quartic") }
        #expect(throws: NetworkError.self) { try Activation.parse(#"{"polynomial": []}"#) }
    }
}
