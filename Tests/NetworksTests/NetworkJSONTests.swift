import Testing
import Networks
import Symbolic

@Suite struct NetworkJSONTests {
    @Test func readsNumbersAndStringsExactly() throws {
        let net = try Network.read(text: """
        {"inputs": 2,
         "standardize": {"mean": [0.5, "1/3"], "std": [2, "0.1"]},
         "layers": [
          {"weights": [[0.1, "0.1"], ["3/7", -2e-3]], "bias": [1, "-5/2"], "activation": "square"},
          {"weights": [[1, 1]], "bias": [0], "activation": {"polynomial": [0, "1/2", 1]}}
         ]}
        """)
        #expect(net.layers[0].weights[0][0] == Rational(exactly: 0.1)!)
        #expect(net.layers[0].weights[0][1] == q(1, 10))
        #expect(net.layers[0].weights[1][0] == q(3, 7))
        #expect(net.layers[0].weights[1][1] == Rational(exactly: -2e-3)!)
        #expect(net.layers[1].activation == .polynomial([q(0), q(1, 2), q(1)]))
        #expect(net.standardization?.std == [q(2), q(1, 10)])
    }

    @Test func roundTripIsExact() throws {
        var net = plantedNetwork()
        net.layers[0].weights[0][0] = Rational(exactly: 0.1)!         // a double: written as a number
        net.layers[0].weights[0][1] = q(1, 10)                         // terminating: "0.1"
        net.layers[0].bias[5] = Rational(exactly: 1e-300)!             // tiny double
        net.layers[1].weights[0][0] = Rational(exactly: 0x1p-1074)!    // subnormal
        net.layers[1].bias[0] = Rational(3, 1).power(80)               // big integer, not a double
        net.layers[1].bias[1] = Rational(1, 3).power(50)               // big p/q
        net.standardization = Standardization(mean: [q(1, 3), q(0), q(-7, 8)], std: [q(1), q(2), q(3)])
        let text = net.jsonText()
        let back = try Network.read(text: text)
        #expect(back == net)
        #expect(back.jsonText() == text)
        #expect(text.contains("0.1,") && text.contains("\"0.1\""))
    }

    @Test func valueEncodingChoosesNumberOnlyWhenExact() {
        #expect(Network.jsonValue(q(1, 2)).render() == "0.5")
        #expect(Network.jsonValue(q(1, 10)).render() == "\"0.1\"")
        #expect(Network.jsonValue(q(1, 3)).render() == "\"1/3\"")
        #expect(Network.jsonValue(Rational(exactly: 0.1)!).render() == "0.1")
    }

    /// The error message for `text`, or "" when it reads.
    func message(_ text: String) -> String {
        do { _ = try Network.read(text: text, file: "net.json"); return "" } catch { return "\(error)" }
    }

    @Test func malformedFilesGiveClearErrors() {
        let ragged = message("""
        {"inputs": 2, "layers": [{"weights": [[1, 2]], "bias": [0], "activation": "square"},
          {"weights": [[1], [1, 2]], "bias": [0, 0], "activation": "identity"}]}
        """)
        #expect(ragged.hasPrefix("net.json:2:21: ") && ragged.contains("layer 2 weights row 2") && ragged.contains("expected 1") && ragged.contains("found 2"))

        let bias = message("""
        {"inputs": 2, "layers": [{"weights": [[1, 2], [3, 4]], "bias": [0], "activation": "square"}]}
        """)
        #expect(bias.contains("layer 1 bias") && bias.contains("expected 2") && bias.contains("found 1"))

        let nan = message("""
        {"inputs": 1, "layers": [{"weights": [["NaN"]], "bias": [0], "activation": "cube"}]}
        """)
        #expect(nan.hasPrefix("net.json:1:40: ") && nan.contains("layer 1 weights row 1 entry 1") && nan.contains("NaN"))

        let inf = message("""
        {"inputs": 1, "layers": [{"weights": [[1e999]], "bias": [0], "activation": "cube"}]}
        """)
        #expect(inf.contains("layer 1 weights row 1 entry 1") && inf.contains("finite"))

        let unknown = message("""
        {"inputs": 1, "layers": [{"weights": [[1]], "bias": [0], "activation": "square"},
          {"weights": [[1]], "bias": [0], "activation": "swish"}]}
        """)
        #expect(unknown.hasPrefix("net.json:2:49: ") && unknown.contains("layer 2 activation") && unknown.contains("swish"))

        let missing = message("""
        {"inputs": 1, "layers": [{"weights": [[1]], "activation": "square"}]}
        """)
        #expect(missing.contains("layer 1") && missing.contains("\"bias\""))

        let noInputs = message("{\"layers\": []}")
        #expect(noInputs.contains("\"inputs\""))

        let std = message("""
        {"inputs": 2, "standardize": {"mean": [0, 0], "std": [1, 0]},
         "layers": [{"weights": [[1, 1]], "bias": [0], "activation": "identity"}]}
        """)
        #expect(std.contains("standardize std entry 2"))

        let syntax = message("{\"inputs\": 1,\n \"layers\": [}")
        #expect(syntax.hasPrefix("net.json:2:"))

        let notObject = message("[1, 2]")
        #expect(notObject.contains("expected a JSON object"))
    }
}
