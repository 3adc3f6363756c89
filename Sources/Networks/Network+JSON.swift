import Symbolic

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The network file format:
// {"inputs": n, "layers": [{"weights": [[…]], "bias": […], "activation": …}, …],
//  "standardize": {"mean": […], "std": […]}}   (standardize optional)

extension Network {
    /// Reads a network file (JSON). Errors are one line naming the layer and field;
    /// JSON syntax errors carry line:column.
    ///
    /// JSON numbers mean the exact value of the nearest double (`Rational(exactly:)`);
    /// strings are exact decimals or fractions (`"0.1"`, `"3/7"`).
    public static func read(bytes: [UInt8], file: String? = nil) throws(LocatedInputError) -> Network {
        let document = try JSONDocument.parse(bytes: bytes, file: file)
        let network: Network
        do throws(LocatedNetworkError) {
            network = try NetworkJSONReader.network(document)
        } catch {
            // The document keeps no positions; find the offending value again in the text.
            let location = JSONLocator.offset(of: error.path, in: bytes).map { JSONLocator.location(of: $0, in: bytes) }
            throw LocatedInputError(file: file, location: location, message: error.message)
        }
        do throws(NetworkError) {
            try network.validate()  // Already implied by the checks above; kept as a safety net.
        } catch {
            throw LocatedInputError(file: file, location: nil, message: error.description)
        }
        return network
    }

    /// Reads a network from JSON text.
    public static func read(text: String, file: String? = nil) throws(LocatedInputError) -> Network {
        try read(bytes: Array(text.utf8), file: file)
    }

    /// Reads a network file from disk.
    public static func load(path: String) throws(LocatedInputError) -> Network {
        try read(bytes: ModelFile.readBytes(path: path), file: path)
    }

    /// The network as JSON text that ``read(bytes:file:)`` reads back to exactly the same rationals.
    ///
    /// A value is written as a JSON number when it is exactly a double whose shortest
    /// representation reads back to it, else as a string: its terminating decimal
    /// expansion when there is one, else `p/q`.
    public func jsonText() -> String {
        var fields: [(String, JSONValue)] = [("inputs", .int(inputCount))]
        if let inputNames { fields.append(("input_names", .array(inputNames.map(JSONValue.string)))) }
        if let s = standardization {
            fields.append(("standardize", .object([("mean", Network.jsonArray(s.mean)), ("std", Network.jsonArray(s.std))])))
        }
        fields.append(("layers", .array(layers.map { layer in
            .object([("activation", Network.jsonActivation(layer.activation)),
                     ("weights", .array(layer.weights.map(Network.jsonArray))),
                     ("bias", Network.jsonArray(layer.bias))])
        })))
        return JSONValue.object(fields).render(inlineScalarObjects: true) + "\n"
    }

    /// The JSON value of one exact value (see ``jsonText()``).
    public static func jsonValue(_ r: Rational) -> JSONValue {
        let d = r.doubleValue
        // Swift prints the shortest digits that round-trip; keep them only when the
        // double *is* the rational, so the reader's Rational(exactly:) gives it back.
        if d.isFinite, Rational(exactly: d) == r, let back = Double(d.description), Rational(exactly: back) == r {
            return .number(d)
        }
        // The decimal expansion of n/2^k has k digits after the point: use p/q when much shorter
        // (and within what the reader accepts).
        let fraction = r.description
        if let decimal = r.terminatingDecimal, decimal.utf8.count <= 2 * fraction.utf8.count + 8 { return .string(decimal) }
        return .string(fraction)
    }

    static func jsonArray(_ values: [Rational]) -> JSONValue { .array(values.map(jsonValue)) }

    static func jsonActivation(_ a: Activation) -> JSONValue {
        if case .polynomial(let c) = a { return .object([("polynomial", jsonArray(c))]) }
        return .string(a.name)
    }
}

/// A reading error plus where in the document it is (for line:column).
struct LocatedNetworkError: Error {
    var message: String
    var path: [JSONPathComponent]
}

/// Interprets a parsed JSON document as a network, naming layer and field on errors.
enum NetworkJSONReader {
    typealias Path = [JSONPathComponent]

    static func fail(_ message: String, _ path: Path) -> LocatedNetworkError {
        LocatedNetworkError(message: message, path: path)
    }

    static func network(_ document: JSONDocument) throws(LocatedNetworkError) -> Network {
        guard case .object(let pairs) = document else {
            throw fail("network: expected a JSON object / found \(kind(document))", [])
        }
        let known: Set<String> = ["inputs", "input_names", "layers", "standardize"]
        if let unknown = pairs.first(where: { !known.contains($0.key) }) {
            throw fail("network: unknown field \"\(unknown.key)\" (expected inputs, input_names, layers, standardize)", [.key(unknown.key)])
        }
        guard let inputsValue = document["inputs"] else { throw fail("network: missing field \"inputs\"", []) }
        guard case .number(let inputsText) = inputsValue, let inputs = Int(inputsText), inputs >= 1 else {
            throw fail("inputs: expected a positive integer / found \(kind(inputsValue))", [.key("inputs")])
        }
        let inputNames = try names(document["input_names"], count: inputs)
        guard let layersValue = document["layers"] else { throw fail("network: missing field \"layers\"", []) }
        guard case .array(let layerValues) = layersValue else {
            throw fail("layers: expected an array / found \(kind(layersValue))", [.key("layers")])
        }
        guard !layerValues.isEmpty else {
            throw fail("layers: expected at least one layer (the output layer) / found none", [.key("layers")])
        }
        var standardization: Standardization?
        if let s = document["standardize"] {
            let path: Path = [.key("standardize")]
            guard case .object = s else { throw fail("standardize: expected an object / found \(kind(s))", path) }
            guard let mean = s["mean"] else { throw fail("standardize: missing field \"mean\"", path) }
            guard let std = s["std"] else { throw fail("standardize: missing field \"std\"", path) }
            let m = try vector(mean, "standardize mean", path + [.key("mean")])
            let d = try vector(std, "standardize std", path + [.key("std")])
            guard m.count == inputs else {
                throw fail("standardize mean: expected \(inputs) entries (one per input) / found \(m.count)", path + [.key("mean")])
            }
            guard d.count == inputs else {
                throw fail("standardize std: expected \(inputs) entries (one per input) / found \(d.count)", path + [.key("std")])
            }
            if let k = d.firstIndex(where: \.isZero) {
                throw fail("standardize std entry \(k + 1): expected a nonzero number / found 0", path + [.key("std"), .index(k)])
            }
            standardization = Standardization(mean: m, std: d)
        }
        var layers: [Layer] = []
        var width = inputs
        for (l, value) in layerValues.enumerated() {
            let name = "layer \(l + 1)"
            let path: Path = [.key("layers"), .index(l)]
            guard case .object(let fields) = value else { throw fail("\(name): expected an object / found \(kind(value))", path) }
            let knownLayer: Set<String> = ["weights", "bias", "activation"]
            if let unknown = fields.first(where: { !knownLayer.contains($0.key) }) {
                throw fail("\(name): unknown field \"\(unknown.key)\" (expected weights, bias, activation)", path + [.key(unknown.key)])
            }
            guard let w = value["weights"] else { throw fail("\(name): missing field \"weights\"", path) }
            guard let b = value["bias"] else { throw fail("\(name): missing field \"bias\"", path) }
            guard let a = value["activation"] else { throw fail("\(name): missing field \"activation\"", path) }
            let weightsPath = path + [.key("weights")]
            guard case .array(let rows) = w else { throw fail("\(name) weights: expected an array of rows / found \(kind(w))", weightsPath) }
            guard !rows.isEmpty else { throw fail("\(name) weights: expected at least one row / found none", weightsPath) }
            var weights: [[Rational]] = []
            for (j, row) in rows.enumerated() {
                let r = try vector(row, "\(name) weights row \(j + 1)", weightsPath + [.index(j)])
                guard r.count == width else {
                    let what = l == 0 ? "the network's inputs" : "the neurons of layer \(l)"
                    throw fail("\(name) weights row \(j + 1): expected \(width) entries (\(what)) / found \(r.count)", weightsPath + [.index(j)])
                }
                weights.append(r)
            }
            let bias = try vector(b, "\(name) bias", path + [.key("bias")])
            guard bias.count == weights.count else {
                throw fail("\(name) bias: expected \(weights.count) entries (one per weights row) / found \(bias.count)", path + [.key("bias")])
            }
            let activation = try self.activation(a, "\(name) activation", path + [.key("activation")])
            layers.append(Layer(weights: weights, bias: bias, activation: activation))
            width = weights.count
        }
        return Network(inputCount: inputs, layers: layers, standardization: standardization, inputNames: inputNames)
    }

    /// `input_names`: one distinct, non-empty string per input (or absent).
    static func names(_ value: JSONDocument?, count: Int) throws(LocatedNetworkError) -> [String]? {
        guard let value else { return nil }
        let path: Path = [.key("input_names")]
        guard case .array(let items) = value else { throw fail("input_names: expected an array of strings / found \(kind(value))", path) }
        guard items.count == count else {
            throw fail("input_names: expected \(count) names (one per input) / found \(items.count)", path)
        }
        var names: [String] = []
        var seen: [String: Int] = [:]
        for (k, item) in items.enumerated() {
            guard case .string(let name) = item, !name.isEmpty else {
                throw fail("input_names entry \(k + 1): expected a non-empty string / found \(kind(item))", path + [.index(k)])
            }
            if let first = seen[name] {
                throw fail("input_names entry \(k + 1): expected distinct names / found '\(LocatedInputError.excerpt(name, limit: 60))' again (entry \(first + 1))", path + [.index(k)])
            }
            seen[name] = k
            names.append(name)
        }
        return names
    }

    static func activation(_ value: JSONDocument, _ field: String, _ path: Path) throws(LocatedNetworkError) -> Activation {
        switch value {
        case .string(let s):
            switch s {
            case "identity", "linear": return .identity
            case "square": return .square
            case "cube": return .cube
            case "relu": return .relu
            case "tanh": return .tanh
            case "sigmoid": return .sigmoid
            default:
                throw fail("\(field): unknown activation \"\(s)\" (expected identity, square, cube, relu, tanh, sigmoid or {\"polynomial\": [c0, c1, …]})", path)
            }
        case .object(let pairs):
            guard pairs.count == 1, pairs[0].key == "polynomial" else {
                throw fail("\(field): expected {\"polynomial\": [c0, c1, …]} / found an object with keys \(pairs.map { "\"\($0.key)\"" }.joined(separator: ", "))", path)
            }
            let c = try vector(pairs[0].value, "\(field) polynomial", path + [.key("polynomial")])
            guard !c.isEmpty else { throw fail("\(field) polynomial: expected at least one coefficient / found none", path) }
            return .polynomial(c)
        default:
            throw fail("\(field): expected an activation name or {\"polynomial\": […]} / found \(kind(value))", path)
        }
    }

    static func vector(_ value: JSONDocument, _ field: String, _ path: Path) throws(LocatedNetworkError) -> [Rational] {
        guard case .array(let items) = value else { throw fail("\(field): expected an array of numbers / found \(kind(value))", path) }
        var out: [Rational] = []
        out.reserveCapacity(items.count)
        for (k, item) in items.enumerated() { out.append(try number(item, "\(field) entry \(k + 1)", path + [.index(k)])) }
        return out
    }

    /// JSON numbers: the exact value of the double; strings: exact decimal / fraction text.
    static func number(_ value: JSONDocument, _ field: String, _ path: Path) throws(LocatedNetworkError) -> Rational {
        switch value {
        case .number(let text):
            guard let d = Double(text) else { throw fail("\(field): expected a number / found \(text)", path) }
            guard let r = Rational(exactly: d) else { throw fail("\(field): expected a finite number / found \(text)", path) }
            return r
        case .string(let text):
            do throws(RationalParseError) {
                return try Rational(parsing: text.trimmingSpaces)
            } catch {
                throw fail("\(field): expected a finite decimal or fraction such as \"0.1\" or \"3/7\" / found \"\(text)\"", path)
            }
        default:
            throw fail("\(field): expected a number / found \(kind(value))", path)
        }
    }

    static func kind(_ value: JSONDocument) -> String {
        switch value {
        case .string(let s): return "the string \"\(s.count > 30 ? String(s.prefix(30)) + "…" : s)\""
        case .number(let n): return "the number \(n)"
        case .bool(let b): return "\(b)"
        case .null: return "null"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return String(s)
    }
}
