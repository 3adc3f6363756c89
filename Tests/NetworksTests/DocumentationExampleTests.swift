import Testing
import Symbolic
@testable import Networks

/// The worked example of `Sources/Networks/Networks.docc/Networks.md`, run.
@Suite struct NetworksDocumentationExampleTests {
    @Test func compressionExample() throws {
        let root = "/" + #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
        let net = try Network.load(path: root + "/models/tiny_network.json")
        let outcome = try Compression.compress(net, CompressionRequest())
        #expect(outcome.report.parametersBefore == 73 && outcome.report.parametersAfter == 41)
        #expect(outcome.isExact)
        let data = try CSVTable.load(path: root + "/models/tiny_network_data.csv").dataSet(targets: ["y"])
        let mse = try outcome.network.evaluate(on: data).metrics.mse
        #expect(mse < 1e-20)
    }
}
