import Testing
import Networks
import Symbolic

@Suite struct EvaluationTests {
    @Test func doubleAndExactEvaluationAgree() throws {
        let net = plantedNetwork()
        var rng = SplitMix64(seed: 5)
        for _ in 0..<10 {
            let x = (0..<3).map { _ in rng.rational() }
            let exact = try net.evaluate(x).map(\.doubleValue)
            let approx = net.evaluate(x.map(\.doubleValue))
            for (a, b) in zip(exact, approx) { #expect(abs(a - b) <= 1e-9 * max(1, abs(a))) }
        }
    }

    @Test func metricsFromCSV() throws {
        let net = plantedNetwork()
        // Targets: the exact outputs for rows 1–2, off by 1 in row 3 for y0.
        let rows: [[Rational]] = [[q(1), q(0), q(-1)], [q(1, 2), q(2), q(1, 3)], [q(0), q(0), q(0)]]
        var lines = ["y1,a,b,c,y0"]
        for (r, x) in rows.enumerated() {
            let y = try net.evaluate(x)
            let y0 = r == 2 ? y[0] + q(1) : y[0]
            lines.append("\(y[1]),\(x[0]),\(x[1]),\(x[2]),\(y0)")
        }
        let table = try CSVTable.parse(text: lines.joined(separator: "\n") + "\n", file: "data.csv")
        let data = try table.dataSet(targets: ["y0", "y1"])
        #expect(data.inputNames == ["a", "b", "c"])
        let (_, metrics) = try net.evaluate(on: data, exact: true)
        #expect(metrics.sampleCount == 3)
        #expect(abs(metrics.outputs[0].mse - 1.0 / 3) < 1e-9)
        #expect(metrics.outputs[1].mse < 1e-12)
        #expect(abs(metrics.mse - 1.0 / 6) < 1e-9)
        #expect(abs(metrics.rmse - (1.0 / 6).squareRoot()) < 1e-9)
        #expect(abs(metrics.outputs[1].r2 - 1) < 1e-9)
        #expect(metrics.outputs[0].r2 < 1)
        // Explicit input order.
        let reordered = try table.dataSet(targets: ["y0", "y1"], inputs: ["c", "b", "a"])
        #expect(reordered.inputs[0] == [q(-1), q(0), q(1)])
    }

    @Test func csvErrorsCarryLineAndColumn() {
        func message(_ text: String) -> String {
            do { _ = try CSVTable.parse(text: text, file: "d.csv").dataSet(targets: ["y"]); return "" } catch { return "\(error)" }
        }
        #expect(message("x,y\n1,2\n3,abc\n").hasPrefix("d.csv:3:3:"))
        #expect(message("x,y\n1,2,3\n").hasPrefix("d.csv:2:"))
        #expect(message("x,z\n1,2\n").contains("\"y\""))
        #expect(message("x,y\n1/2,\"3/4\"\n") == "")
    }

    @Test func exactEvaluationRefusesTanhButDoubleWorks() {
        let net = plantedNetwork(hidden1: .tanh)
        #expect(throws: NetworkError.self) { _ = try net.evaluate([q(1), q(2), q(3)]) }
        let y: [Double] = net.evaluate([1.0, 2.0, 3.0] as [Double])
        #expect(y.allSatisfy { $0.isFinite })
    }
}
