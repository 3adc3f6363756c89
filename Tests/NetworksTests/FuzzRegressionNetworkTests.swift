import Testing
import Networks
import Symbolic

/// CSV and network-JSON inputs found by fuzzing (minimized): each must read or give one
/// `file:line:column: message` line, never trap.
@Suite struct FuzzRegressionNetworkTests {
    func csvError(_ text: String) -> LocatedInputError? {
        do { _ = try CSVTable.parse(text: text, file: "d.csv").dataSet(targets: ["y"]); return nil } catch { return error }
    }

    @Test func unclosedQuoteAfterLineBreakInsideQuotes() {
        // The cell starts on line 2; scanning it moved past a line break (used to trap on a bad range).
        let error = csvError("x,y\n\"a\nb")
        #expect(error?.description == "d.csv:2:1: expected a closing '\"' for the quoted cell / found end of file")
    }

    @Test func lineBreakInsideABadNumberStaysOneLine() {
        let error = csvError("x,y\n1,\"9\n10\"\n")
        let d = error?.description ?? ""
        #expect(d.hasPrefix("d.csv:2:") && !d.contains("\n") && d.contains("end of line"), "\(d)")
    }

    @Test func escapedUnknownKeyIsLocated() {
        // The locator must decode `\u` escapes like the parser, or it cannot find the key again.
        do {
            _ = try Network.read(text: "{\"inputs\": 1,\n \"x\\ud800\": 2}", file: "n.json")
            Issue.record("should not read")
        } catch {
            #expect(error.description.hasPrefix("n.json:2:"), "\(error)")
        }
    }

    @Test func longBinaryFractionRoundTrips() throws {
        // 1/2^k has k decimals: written as a fraction, not a huge decimal string.
        let denominator = Rational(2).power(40_000)
        var net = try Network.read(text: #"{"inputs": 1, "layers": [{"weights": [[1]], "bias": [0], "activation": "identity"}]}"#)
        net.layers[0].bias[0] = Rational(1) / denominator
        let back = try Network.read(text: net.jsonText())
        #expect(back == net)
    }
}
