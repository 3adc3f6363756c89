/// A JSON value to write, with object keys in the order given: the one JSON writer of odered
/// (command output, partition files, network files), deterministic without Foundation.
///
/// ``JSONDocument`` is the reading side; numbers to be read back exactly are written as
/// strings by the formats that need it (see `Network.jsonValue`).
public enum JSONValue: Sendable {
    case string(String)
    case int(Int)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// The JSON text. Pretty output puts each array element and object member on its own
    /// line, indented by two spaces per level, except arrays of scalars, which stay on one line
    /// (and, with `inlineScalarObjects`, objects whose members are scalars or such arrays).
    /// Non-finite numbers are written as `null`.
    public func render(indent: Int = 0, pretty: Bool = true, inlineScalarObjects: Bool = false) -> String {
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closePad = pretty ? String(repeating: "  ", count: indent) : ""
        let nl = pretty ? "\n" : ""
        switch self {
        case .string(let s): return JSONValue.quote(s)
        case .int(let i): return String(i)
        case .number(let d): return d.isFinite ? "\(d)" : "null"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items):
            if items.isEmpty { return "[]" }
            // Arrays of scalars stay on one line.
            if items.allSatisfy(\.isScalar) {
                return "[" + items.map { $0.render(pretty: false) }.joined(separator: ", ") + "]"
            }
            return "[" + nl + items.map { pad + $0.render(indent: indent + 1, pretty: pretty, inlineScalarObjects: inlineScalarObjects) }
                .joined(separator: "," + nl) + nl + closePad + "]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            if pretty && inlineScalarObjects && pairs.allSatisfy({ $0.1.isFlat }) {
                return "{" + pairs.map { JSONValue.quote($0.0) + ": " + $0.1.render(pretty: false) }.joined(separator: ", ") + "}"
            }
            return "{" + nl + pairs.map { pad + JSONValue.quote($0.0) + ": " + $0.1.render(indent: indent + 1, pretty: pretty, inlineScalarObjects: inlineScalarObjects) }
                .joined(separator: "," + nl) + nl + closePad + "}"
        }
    }

    /// Not an array or object.
    var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    /// A scalar or an array of scalars.
    var isFlat: Bool {
        if case .array(let items) = self { return items.allSatisfy(\.isScalar) }
        return isScalar
    }

    /// `s` as a JSON string literal (quotes, backslashes and control characters escaped).
    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
